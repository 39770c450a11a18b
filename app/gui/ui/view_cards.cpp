// The two service cards (Windows Update, Update Orchestrator) side by side, and the Fix row under them.
#include "ui/view.hpp"

#include "wud/catalog.hpp"
#include "wud/text.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

namespace wud::ui {

constexpr const char* kCheckForUpdatesLabel = "Check for updates now";

void View::drawCards() {
    const StatusSet& status = controller_.status();
    const float gap = 12.0f * scale_;
    const float width = std::floor((ImGui::GetContentRegionAvail().x - gap) * 0.5f);
    const ImVec2 start = ImGui::GetCursorScreenPos();
    int column = 0;
    for (std::string_view name : {kWindowsUpdate, kUpdateOrchestrator}) {
        ImGui::SetCursorScreenPos({start.x + static_cast<float>(column) * (width + gap), start.y});
        ServiceRow placeholder;
        placeholder.entry = findInCatalog(name);
        placeholder.snapshot.name = std::string(name);
        const ServiceRow* row = status.find(name);
        ImGui::PushID(column);
        drawCard(row != nullptr ? *row : placeholder, width);
        ImGui::PopID();
        ++column;
    }
    ImGui::SetCursorScreenPos(start);
    ImGui::Dummy({width * 2.0f + gap, std::max(cardHeight_, nextCardHeight_)});
    ImGui::Dummy({0, 2.0f * scale_});
}

void View::drawCard(const ServiceRow& row, float width) {
    const ServiceSnapshot& s = row.snapshot;
    const std::string name(row.entry->name);
    const bool known = controller_.hasStatus();
    const CardFrame card = beginCard(width);

    // Title and badge.
    ImGui::PushFont(fonts_.strong);
    ImGui::TextUnformatted(std::string(row.entry->friendlyName).c_str());
    ImGui::PopFont();
    if (known) {
        const std::string word = stateWord(s, row.queryError != 0);
        const float badgeWidth = ImGui::CalcTextSize(word.c_str()).x + 24.0f * scale_ + ImGui::GetFontSize() * 0.45f;
        const float titleEnd = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + ImGui::GetScrollX();
        if (titleEnd + ImGui::GetStyle().ItemSpacing.x <= card.left + card.innerWidth - badgeWidth)
            ImGui::SameLine(card.innerWidth - badgeWidth);  // SameLine offsets are relative to the group
        else
            ImGui::SetCursorPosX(card.left + card.innerWidth - badgeWidth);  // no room beside the title (large text)
        badge(s, row.queryError != 0);
    }
    secondaryText(std::string(row.entry->role));
    ImGui::Dummy({0, 2.0f * scale_});

    // Facts.
    const float valueX = 110.0f * scale_;  // relative to the group, as SameLine offsets are
    auto fact = [&](const char* label, const std::string& value, ImU32 color) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette_.textSecondary);
        ImGui::TextUnformatted(label);
        ImGui::PopStyleColor();
        ImGui::SameLine(valueX);
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::PushTextWrapPos(card.left + card.innerWidth);
        ImGui::TextWrapped("%s", value.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    };
    const bool installed = known && s.installed;
    const bool disabled = installed && s.startType == StartType::Disabled;
    fact("Start type", !known ? "…" : installed ? capitalised(toString(s.startType)) : "-",
         disabled ? palette_.problem : palette_.text);
    fact("Process ID", installed && s.pid != 0 ? std::to_string(s.pid) : "-", palette_.text);
    fact("Last exit", known ? exitCodeInWords(s) : "…", palette_.text);
    ImGui::Dummy({0, 2.0f * scale_});

    // Actions.
    const std::string reason = startOrRestartButton(name, s, 96.0f * scale_);
    // Does it work? Only Windows Update can say: ask it (nothing is installed). Beside Restart when it fits, so the
    // cards (all as tall as the tallest) do not grow for it.
    bool askWindowsUpdate = name == kWindowsUpdate && known && installed && controller_.canScan();
    if (!reason.empty() && !controller_.busy() && known) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        secondaryText(reason);
    } else if (askWindowsUpdate) {
        const float spacing = ImGui::GetStyle().ItemSpacing.x;
        const float wanted = ImGui::CalcTextSize(kCheckForUpdatesLabel).x + ImGui::GetStyle().FramePadding.x * 2.0f;
        if (ImGui::GetContentRegionAvail().x - ImGui::GetItemRectSize().x - spacing >= wanted) {
            ImGui::SameLine();
            checkForUpdatesButton("check-updates");
            askWindowsUpdate = false;
        }
    }
    if (disabled) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette_.problem);
        ImGui::TextWrapped("Disabled: Windows will not start it, so updates cannot run.");
        ImGui::PopStyleColor();
        setToDefaultButton(name);
    }
    if (const StartTypeChange* change = undoableChange(name)) {
        secondaryText("Was " + std::string(toString(change->oldType)) + " before WU Doctor changed it.");
        undoButton(name);
    }
    if (askWindowsUpdate) checkForUpdatesButton("check-updates");  // on a line of its own: it did not fit beside

    const float contentHeight = endCard(card, disabled ? palette_.problem : palette_.cardBorder,
                                        disabled ? 1.5f * scale_ : 1.0f, cardHeight_);
    nextCardHeight_ = std::max(nextCardHeight_, contentHeight);
    // The card as one readable text: its state in words (the badge's colour is never the only sign).
    const std::string friendly(row.entry->friendlyName);
    std::string said = friendly + ": " + (known ? stateWord(s, row.queryError != 0) : std::string("checking…"));
    if (known && installed) {
        said += ". Start type: " + capitalised(toString(s.startType));
        if (s.pid != 0) said += ". Process ID: " + std::to_string(s.pid);
        said += ". Last exit: " + exitCodeInWords(s);
    }
    if (disabled) said += ". Disabled: Windows will not start it, so updates cannot run";
    const AccessibleRect cardRect{card.start.x, card.start.y, card.start.x + card.width,
                                  card.start.y + std::max(contentHeight, cardHeight_)};
    accessibleText("card:" + name, said + ".", AccessibleLive::Off, std::string(row.entry->role), &cardRect);

    probe_.text("state:" + name, !known ? "" : !s.installed ? "not_installed" : std::string(toId(s.state)));
    probe_.text("start-type:" + name, known ? std::string(toId(s.startType)) : "");
    probe_.text("pid:" + name, std::to_string(s.pid));
}

void View::drawFixRow() {
    // One rung of the usual ladder: its button and, beside it, what it does — or why it cannot run now.
    const auto rung = [&](const char* probeId, const char* label, Request request, ButtonKind kind, const char* what,
                          const std::function<void()>& press) {
        const std::string reason = controller_.blockedReason(request);
        describeNext(label, reason.empty() ? what : reason);  // what a screen reader says of the button
        if (button(probeId, label, reason.empty(), controller_.needsAdmin(request), kind, 200.0f * scale_)) press();
        ImGui::SameLine(0, 14.0f * scale_);
        ImGui::BeginGroup();
        ImGui::Dummy({0, 1.0f * scale_});
        secondaryText(reason.empty() || controller_.busy() ? std::string(what) : reason);
        ImGui::EndGroup();
        return reason;
    };
    ImGui::Dummy({0, 2.0f * scale_});
    rung("fix", "Fix Windows Update", Request::Fix, ButtonKind::Primary,
         "Restarts Update Orchestrator, then Windows Update: the standard advice when updates fail.",
         [&] { requestStopping(Request::Fix, {}); });
    // The next step when Fix did not help (Microsoft's "reset Windows Update components" comes after restarting the
    // services), so it sits right under Fix and never folds away; its Undo is in the Checks section's journal list.
    ImGui::Dummy({0, 1.0f * scale_});
    probe_.text("reset-cache-reason",
                rung("reset-cache", "Reset update cache…", Request::ResetCache, ButtonKind::Normal,
                     "If updates still fail after Fix: moves Windows Update's download cache aside so Windows starts "
                     "afresh. Nothing is deleted; Undo puts it back.",
                     [&] { requestResetCache(); }));
    // The rung after the cache (KB947821: DISM RestoreHealth, then sfc /scannow): Windows' own files.
    ImGui::Dummy({0, 1.0f * scale_});
    probe_.text("repair-system-reason",
                rung("repair-system", "Repair Windows files…", Request::RepairSystem, ButtonKind::Normal,
                     "If updates still fail after the reset (errors like 0x800F081F): DISM and SFC repair Windows' own "
                     "files. Takes minutes to half an hour.",
                     [&] {
                         confirm_ = {};
                         confirm_.open = confirm_.justOpened = true;
                         confirm_.kind = Confirm::Kind::RepairSystem;
                         confirm_.request = Request::RepairSystem;
                     }));
    ImGui::Dummy({0, 2.0f * scale_});
}

void View::checkForUpdatesButton(const char* probeId) {
    if (button(probeId, kCheckForUpdatesLabel, controller_.blockedReason(Request::Scan).empty(), false))
        controller_.checkForUpdates();
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Asks Windows Update itself whether it works: it searches for updates (nothing is installed)");
}

}  // namespace wud::ui

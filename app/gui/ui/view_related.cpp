// Related services: the other catalog services in a folding table, each with the one action that fits it.
#include "ui/view.hpp"

#include "wud/catalog.hpp"
#include "wud/text.hpp"

#include <imgui_internal.h>  // the row's rectangle, for the accessibility tree

#include <algorithm>
#include <cmath>
#include <string>

namespace wud::ui {

void View::drawRelated() {
    const StatusSet& status = controller_.status();
    std::size_t count = 0;
    bool anyDisabled = false;
    for (const ServiceRow& row : status.rows) {
        if (row.entry->primary) continue;
        ++count;
        anyDisabled |= row.snapshot.installed && row.snapshot.startType == StartType::Disabled;
    }
    if (count == 0) count = catalog().size() - 2;
    if (anyDisabled && !autoOpenedRelated_) {
        // A disabled related service is what the verdict points at: show it once, then the user decides.
        ImGui::SetNextItemOpen(true);
        autoOpenedRelated_ = true;
    }
    const std::string label = "Related services (" + std::to_string(count) + ")";
    if (!header("related", label.c_str(), false)) return;

    // Only the service's name stretches: the other columns are as wide as the widest thing they will show, so
    // no button is cut at the table's edge, at any scale or window size (a long name wraps instead).
    float stateWidth = ImGui::CalcTextSize("State").x;
    float startWidth = ImGui::CalcTextSize("Start type").x;
    float actionWidth = std::max({ImGui::CalcTextSize("Not on this computer").x,
                                  ImGui::CalcTextSize("Protected by Windows").x, buttonWidth("Restart", true),
                                  buttonWidth("Undo", true)});
    for (const ServiceRow& row : status.rows) {
        if (row.entry->primary) continue;
        const ServiceSnapshot& s = row.snapshot;
        stateWidth = std::max(stateWidth, ImGui::CalcTextSize(stateWord(s, row.queryError != 0).c_str()).x);
        startWidth = std::max(startWidth, ImGui::CalcTextSize(capitalised(toString(s.startType)).c_str()).x);
        if (s.installed && s.startType == StartType::Disabled) {
            const std::string label = "Set to " + capitalised(toString(controller_.windowsDefaultFor(row.entry->name)));
            actionWidth = std::max(actionWidth, buttonWidth(label, true));
        }
    }
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_PadOuterX;
    if (!ImGui::BeginTable("related-table", 4, flags)) return;
    ImGui::TableSetupColumn("Service", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthFixed, std::ceil(stateWidth));
    ImGui::TableSetupColumn("Start type", ImGuiTableColumnFlags_WidthFixed, std::ceil(startWidth));
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, std::ceil(actionWidth));
    ImGui::TableHeadersRow();
    for (const ServiceRow& row : status.rows) {
        if (row.entry->primary) continue;
        const ServiceSnapshot& s = row.snapshot;
        const std::string name(row.entry->name);
        ImGui::PushID(name.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        const std::string friendly(row.entry->friendlyName);
        const bool nameFits = ImGui::CalcTextSize(friendly.c_str()).x + ImGui::GetStyle().ItemSpacing.x +
                                  ImGui::CalcTextSize(name.c_str()).x <=
                              ImGui::GetContentRegionAvail().x;
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(friendly.c_str());
        ImGui::PopTextWrapPos();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", std::string(row.entry->role).c_str(), name.c_str());
        if (nameFits) {  // the short name too, when there is room; else it is in the tooltip
            ImGui::SameLine();
            secondaryText(name, false);
        }

        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::PushStyleColor(ImGuiCol_Text, row.queryError != 0 ? palette_.neutral
                                             : s.state == ServiceState::Stopped ? palette_.textSecondary
                                                                                 : stateColor(s));
        ImGui::TextUnformatted(stateWord(s, row.queryError != 0).c_str());
        ImGui::PopStyleColor();

        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        const bool disabled = s.installed && s.startType == StartType::Disabled;
        ImGui::PushStyleColor(ImGuiCol_Text, disabled ? palette_.problem : palette_.text);
        ImGui::TextUnformatted(s.installed ? capitalised(toString(s.startType)).c_str() : "-");
        ImGui::PopStyleColor();

        ImGui::TableNextColumn();
        if (!s.installed) {
            ImGui::AlignTextToFramePadding();
            secondaryText("Not on this computer", false);
        } else if (disabled) {
            setToDefaultButton(name);
        } else if (const StartTypeChange* change = undoableChange(name)) {
            undoButton(name);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Put it back to %s", std::string(toString(change->oldType)).c_str());
        } else if (row.entry->isProtected) {
            ImGui::AlignTextToFramePadding();
            secondaryText("Protected by Windows", false);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Windows looks after this service itself: it cannot be stopped, and that is normal.");
        } else {
            startOrRestartButton(name, s);
        }
        probe_.text("state:" + name, !s.installed ? "not_installed" : std::string(toId(s.state)));
        probe_.text("start-type:" + name, std::string(toId(s.startType)));
        {  // the row as one readable text, left of its button
            std::string said = friendly + ": " + stateWord(s, row.queryError != 0);
            if (s.installed) said += ". Start type: " + capitalised(toString(s.startType));
            if (s.installed && row.entry->isProtected) said += ". Protected by Windows";
            const ImRect rowRect = ImGui::TableGetCellBgRect(ImGui::GetCurrentTable(), 0);
            const AccessibleRect rect{rowRect.Min.x, rowRect.Min.y, rowRect.Max.x, ImGui::GetCursorScreenPos().y};
            accessibleText("row:" + name, said + ".", AccessibleLive::Off, std::string(row.entry->role), &rect);
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

}  // namespace wud::ui

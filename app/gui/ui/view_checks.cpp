// The "Checks" section: what the diagnosis found (wud::runChecks) with its evidence, a Repair button where a safe
// repair exists, Repair all, and Undo for the repairs this PC's journal holds. Folded away when nothing needs the
// user, so More help below stays in reach.
#include "ui/view.hpp"

#include "wud/text.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace wud::ui {
namespace {

constexpr std::size_t kUndoShown = 5;  // newest journal entries listed; `wudoctor undo` lists them all

}  // namespace

void View::severityIcon(Severity severity, float size) {
    ImGui::Dummy({size, size});
    const ImVec2 m = ImGui::GetItemRectMin();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 color = severity == Severity::Problem   ? palette_.problem
                        : severity == Severity::Warning ? palette_.attention
                                                        : palette_.neutral;
    const ImVec2 centre{m.x + size * 0.5f, m.y + size * 0.5f};
    draw->AddCircleFilled(centre, size * 0.5f, color, 24);
    const ImU32 mark = palette_.background;
    const float t = std::max(1.5f, size * 0.12f);
    auto p = [&](float x, float y) { return ImVec2(m.x + x * size, m.y + y * size); };
    if (severity == Severity::Info) {  // "i"
        draw->AddCircleFilled(p(0.5f, 0.28f), t * 0.7f, mark);
        draw->AddLine(p(0.5f, 0.44f), p(0.5f, 0.76f), mark, t);
    } else {  // "!"
        draw->AddLine(p(0.5f, 0.22f), p(0.5f, 0.58f), mark, t);
        draw->AddCircleFilled(p(0.5f, 0.75f), t * 0.7f, mark);
    }
}

void View::drawFinding(const Finding& f, bool repairEnabled, bool shield) {
    ImGui::PushID(f.id.c_str());
    const float icon = std::round(ImGui::GetFontSize());
    if (f.severity == Severity::Info) {
        // Worth knowing, not a fault: two compact lines, no Repair (the report carries it all for a ticket).
        severityIcon(f.severity, icon);
        ImGui::SameLine(0, 8.0f * scale_);
        ImGui::BeginGroup();
        ImGui::TextWrapped("%s", f.title.c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", f.explanation.c_str());
        for (const std::string& e : f.evidence) secondaryText(e);
        // Its repair, if any, is a choice, not a need: the window says so instead of "run the repair".
        secondaryText(f.repair.empty() ? f.nextStep : "Not a fault: nothing needs doing. " + f.explanation);
        ImGui::EndGroup();
        std::string evidence;
        for (const std::string& e : f.evidence) evidence += e + ". ";
        accessibleText("finding:" + f.id, std::string(severityWord(f.severity)) + ": " + f.title, AccessibleLive::Off,
                       evidence + (f.repair.empty() ? f.nextStep : "Not a fault: nothing needs doing. " + f.explanation));
        ImGui::PopID();
        return;
    }
    const float width = ImGui::GetContentRegionAvail().x;
    const CardFrame card = beginCard(width);
    severityIcon(f.severity, icon);
    ImGui::SameLine(0, 8.0f * scale_);
    ImGui::BeginGroup();
    ImGui::PushFont(fonts_.strong);
    ImGui::TextWrapped("%s", f.title.c_str());
    ImGui::PopFont();
    ImGui::PushStyleColor(ImGuiCol_Text, palette_.textSecondary);
    ImGui::TextWrapped("%s · %s", std::string(severityWord(f.severity)).c_str(), f.id.c_str());
    ImGui::PopStyleColor();
    ImGui::EndGroup();

    // The proof, exactly as read (keys, values, files, lines), then what it means and what to do.
    for (const std::string& e : f.evidence) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette_.textSecondary);
        ImGui::TextWrapped("%s", e.c_str());
        ImGui::PopStyleColor();
    }
    ImGui::TextWrapped("%s", f.explanation.c_str());
    ImGui::TextWrapped("Next step: %s", f.nextStep.c_str());

    const std::string repairId = "repair:" + f.id;
    const std::string copyId = "copy:" + f.id;
    {  // the finding readable as one text, its severity in words (the icon's colour is never the only sign)
        std::string details;
        for (const std::string& e : f.evidence) details += e + ". ";
        accessibleText("finding:" + f.id, std::string(severityWord(f.severity)) + ": " + f.title, AccessibleLive::Off,
                       details + f.explanation + " Next step: " + f.nextStep);
    }
    if (offersRepair(f)) {
        describeNext("Repair: " + f.title, repairEnabled ? "Changes only what the evidence shows; the old values go to "
                                                           "the undo journal first." : controller_.blockedReason(Request::Repair));
        if (button(repairId.c_str(), "Repair", repairEnabled, shield)) controller_.repair(f.id);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("Changes only what the evidence shows; the old values go to the undo journal first.");
        ImGui::SameLine();
    }
    // Evidence for a ticket: the finding as text on the clipboard (ImGui's wrapped text cannot be selected).
    describeNext("Copy the finding: " + f.title, "Copies it with its evidence, to paste into a ticket");
    if (button(copyId.c_str(), "Copy", true, false)) {
        std::string text = std::string(severityWord(f.severity)) + ": " + f.title + " [" + f.id + "]\r\n";
        for (const std::string& e : f.evidence) text += "  " + e + "\r\n";
        text += f.explanation + "\r\nNext step: " + f.nextStep + "\r\n";
        ImGui::SetClipboardText(text.c_str());
        controller_.note(LogLine::Kind::Info, "Copied the finding \"" + f.title + "\" with its evidence.");
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Copy this finding and its evidence (to paste into a ticket)");
    const ImU32 border = f.severity == Severity::Problem ? palette_.problem : palette_.cardBorder;
    const float height = endCard(card, border);
    ImGui::SetCursorScreenPos(card.start);
    ImGui::Dummy({width, height});
    ImGui::PopID();
}

void View::drawJournal() {
    const ChecksView& checks = controller_.checks();
    if (!checks.journalError.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette_.problem);
        ImGui::TextWrapped("Undo journal: %s", checks.journalError.c_str());
        ImGui::PopStyleColor();
        if (!checks.journalPath.empty()) secondaryText(checks.journalPath);
        probe_.text("journal-error", checks.journalError);
        return;
    }
    if (checks.undoable.empty()) return;
    ImGui::Dummy({0, 2.0f * scale_});
    ImGui::PushFont(fonts_.strong);
    ImGui::TextUnformatted("Changes WU Doctor made on this PC");
    ImGui::PopFont();
    const std::string reason = controller_.blockedReason(Request::UndoRepair);
    std::string ids;
    for (std::size_t i = 0; i < checks.undoable.size() && i < kUndoShown; ++i) {
        const JournalEntry& e = checks.undoable[i];
        const std::string id = "undo-repair:" + std::to_string(e.id);
        ImGui::PushID(e.id);
        describeNext("Undo: " + e.title + " (" + e.time + ")", reason);
        if (button(id.c_str(), "Undo", reason.empty(), controller_.needsAdmin(Request::UndoRepair)))
            controller_.undoRepair(e.id);
        if (ImGui::IsItemHovered()) {
            std::string tip = "Puts back exactly what this changed:";
            for (const JournalChange& c : e.changes) tip += "\n" + describe(c);
            ImGui::SetTooltip("%s", tip.c_str());
        }
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextWrapped("%s  %s", e.time.c_str(), e.title.c_str());
        ImGui::PopID();
        ids += std::to_string(e.id) + "\n";
    }
    if (checks.undoable.size() > kUndoShown)
        secondaryText("and " + std::to_string(checks.undoable.size() - kUndoShown) +
                      " older ones: wudoctor undo lists them all.");
    secondaryText("The journal: " + checks.journalPath);
    probe_.text("undoable", ids);
}

void View::drawChecks() {
    const ChecksView& checks = controller_.checks();
    std::size_t alarms = 0, repairable = 0;
    for (const Finding& f : checks.findings) {
        if (f.severity != Severity::Info) ++alarms;
        if (offersRepair(f)) ++repairable;
    }
    // Open by itself once, the first time something needs the user; folded otherwise (More help stays near).
    if ((alarms > 0 || !checks.couldNotCheck.empty() || !checks.journalError.empty()) && !autoOpenedChecks_) {
        ImGui::SetNextItemOpen(true);
        autoOpenedChecks_ = true;
    }
    // A change was just made (a repair, a cache reset): open, so its Undo is in view.
    if (checks.ran) {
        if (undoableKnown_ && checks.undoable.size() > undoableSeen_) ImGui::SetNextItemOpen(true);
        undoableSeen_ = checks.undoable.size();
        undoableKnown_ = true;
    }
    std::string label = !checks.ran   ? std::string("Checks (checking…)")
                        : alarms == 0 ? "Checks: no problems found"
                                      : "Checks: " + std::to_string(alarms) + " to look at";
    if (!checks.undoable.empty()) label += " · repairs can be undone";
    std::string listed;
    for (const Finding& f : checks.findings)
        listed += f.id + "|" + std::string(toId(f.severity)) + "|" + f.title + "\n";
    probe_.text("checks-ran", checks.ran ? "true" : "false");
    probe_.text("checks-label", label);
    probe_.text("findings", listed);
    if (!header("checks", label.c_str(), false)) return;

    if (!checks.ran) {
        secondaryText("Looking for what blocks Windows Update (policies, leftovers of blocker tools, a pending "
                      "restart…)");
        return;
    }
    for (std::size_t i = 0; i < checks.couldNotCheck.size(); ++i) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette_.attention);
        ImGui::TextWrapped("Could not check: %s", checks.couldNotCheck[i].c_str());
        ImGui::PopStyleColor();
        accessibleText("could-not-check:" + std::to_string(i), "Could not check: " + checks.couldNotCheck[i]);
    }
    if (alarms == 0) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette_.good);
        ImGui::TextWrapped("No problems found: nothing blocks Windows Update that WU Doctor knows of.");
        ImGui::PopStyleColor();
        accessibleText("no-problems", "No problems found: nothing blocks Windows Update that WU Doctor knows of.");
    }
    const std::string reason = controller_.blockedReason(Request::Repair);
    const bool shield = controller_.needsAdmin(Request::Repair);
    if (repairable > 0) {
        describeNext("Repair all", reason.empty() ? "Repairs every finding below that has a Repair button; each can "
                                                    "be undone." : reason);
        if (button("repair-all", "Repair all", reason.empty(), shield, ButtonKind::Primary)) controller_.repairAll();
        ImGui::SameLine(0, 14.0f * scale_);
        ImGui::AlignTextToFramePadding();
        secondaryText(reason.empty() || controller_.busy()
                          ? "Repairs every finding below that has a Repair button; each can be undone."
                          : reason);
    }
    for (const Finding& f : checks.findings) {
        ImGui::Dummy({0, 2.0f * scale_});
        drawFinding(f, reason.empty(), shield);
    }
    drawJournal();
    ImGui::Dummy({0, 2.0f * scale_});
}

}  // namespace wud::ui

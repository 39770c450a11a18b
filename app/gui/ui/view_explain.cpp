// Understanding Windows Update's errors: the last update results (the agent's history, failures explained), and
// "Explain an error code": a folding section where the user types the code Windows Update showed and reads
// what it means and what to do — the same table as `wudoctor explain`. The explanation is computed only when
// the text changes: the table lookup is pure and FormatMessageW (Win32 codes) is a quick local call, so the UI
// thread can do it.
#include "ui/view.hpp"

#include "wud/explain.hpp"
#include "wud/error_text.hpp"
#include "wud/update_history.hpp"

#include <algorithm>
#include <string>
#include <variant>

namespace wud::ui {
namespace {

std::string systemText(std::uint32_t code) { return systemMessage(code); }

std::string explain(const std::string& text) {
    if (text.find_first_not_of(" \t") == std::string::npos) return {};
    const auto code = parseErrorCode(text);
    if (const auto* error = std::get_if<CodeParseError>(&code)) return "Not an error code: " + error->reason + ".";
    return explanationText(explainCode(std::get<std::uint32_t>(code), systemText));
}

}  // namespace

void View::drawExplain() {
    if (header("explain", "Explain an error code", false)) {
        ImGui::SetNextItemWidth(220.0f * scale_);
        ImGui::InputTextWithHint("##explain-code", "e.g. 0x80070422", explain_.input.data(), explain_.input.size());
        probeItem("explain-input", "error code", true);
        {
            AccessibleNode field;
            field.key = "explain-input";
            field.role = AccessibleRole::EditableText;
            field.name = "Error code to explain";
            field.description = "Type the code Windows Update showed, e.g. 0x80070422";
            field.value = explain_.input.data();
            field.focusable = true;
            accessibleItem(std::move(field));
        }
        // A screen reader's "set value" types the whole text, as a user would.
        for (const AccessibleRequest& r : requests_) {
            if (r.kind != AccessibleRequest::Kind::SetValue || r.key != "explain-input") continue;
            explain_.input.fill('\0');
            r.value.copy(explain_.input.data(), std::min(r.value.size(), explain_.input.size() - 1));
            again_ = true;
        }
        if (ImGui::IsItemActive()) probe_.text("editing", "explain-input");  // typing goes here now
        const std::string now(explain_.input.data());
        if (now != explain_.lastInput) {
            explain_.lastInput = now;
            explain_.result = explain(now);
        }
        if (!explain_.result.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(explain_.result.c_str());
            ImGui::PopTextWrapPos();
            accessibleText("explain-result", explain_.result, AccessibleLive::Polite);
        }
    }
    probe_.text("explain-result", explain_.result);
}

void View::drawHistory() {
    const std::optional<HistoryResult>& history = controller_.history();
    // Said as it is: "not available on this system" is never drawn as an empty list (it would read as no failures).
    const std::string text = history ? historyText(*history, "") : std::string();
    if (header("history", "Last update results", false)) {
        if (!history) {
            secondaryText("Reading the update history…");
        } else {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::PushStyleColor(ImGuiCol_Text, history->available ? palette_.text : palette_.textSecondary);
            ImGui::TextUnformatted(text.c_str());
            ImGui::PopStyleColor();
            ImGui::PopTextWrapPos();
            accessibleText("history-text", text);
        }
    }
    probe_.text("history", text);
}

}  // namespace wud::ui

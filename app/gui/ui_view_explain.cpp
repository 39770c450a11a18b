// "Explain an error code" (see ui_view_explain.hpp). The explanation is computed only when the text changes:
// the table lookup is pure and FormatMessageW (Win32 codes) is a quick local call, so the UI thread can do it.
#include "ui_view_explain.hpp"

#include "wud/error_codes.hpp"
#include "wud/errors.hpp"

#include <imgui.h>

#include <array>
#include <string>
#include <variant>

namespace wud::ui {
namespace {

std::string systemText(std::uint32_t code) { return systemMessage(code); }

struct ExplainBox {
    std::array<char, 64> input{};
    std::string lastInput;
    std::string result;
};

ExplainBox& box() {
    static ExplainBox state;  // UI thread only
    return state;
}

std::string explain(const std::string& text) {
    if (text.find_first_not_of(" \t") == std::string::npos) return {};
    const auto code = parseErrorCode(text);
    if (const auto* error = std::get_if<CodeParseError>(&code)) return "Not an error code: " + error->reason + ".";
    return explanationText(explainCode(std::get<std::uint32_t>(code), systemText));
}

}  // namespace

void drawExplainBox(Probe& probe, float scale) {
    ExplainBox& state = box();
    // The probe's items let the e2e test click the header and the field (ImGui has no accessibility tree).
    const auto record = [&probe](const char* id, const char* label) {
        const ImVec2 min = ImGui::GetItemRectMin();
        const ImVec2 max = ImGui::GetItemRectMax();
        probe.item(id, label, min.x, min.y, max.x, max.y, true);
    };
    const bool open = ImGui::CollapsingHeader("Explain an error code");
    record("explain-header", "Explain an error code");
    if (open) {
        ImGui::SetNextItemWidth(220.0f * scale);
        ImGui::InputTextWithHint("##explain-code", "e.g. 0x80070422", state.input.data(), state.input.size());
        record("explain-input", "error code");
        const std::string now(state.input.data());
        if (now != state.lastInput) {
            state.lastInput = now;
            state.result = explain(now);
        }
        if (!state.result.empty()) {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextUnformatted(state.result.c_str());
            ImGui::PopTextWrapPos();
        }
    }
    probe.text("explain-result", state.result);
}

}  // namespace wud::ui

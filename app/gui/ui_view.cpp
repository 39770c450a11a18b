// The frame: the order of the sections, the keyboard, the verdict, help, activity and the confirmation dialog.
// The widgets and primitives are in ui_view_widgets.cpp, the two service cards in ui_view_cards.cpp, the
// operation panel in ui_view_operation.cpp, the related services table in ui_view_related.cpp.
#include "ui_view.hpp"
#include "ui_view_explain.hpp"

#include "wud/catalog.hpp"
#include "wud/text.hpp"

#include <GLFW/glfw3.h>  // key codes only (F5, Tab, Enter, C, Escape)
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace wud::ui {

void View::setLook(const Palette& palette, const Fonts& fonts, float scale) {
    palette_ = palette;
    fonts_ = fonts;
    scale_ = scale;
    cardHeight_ = nextCardHeight_ = 0.0f;
    again_ = true;
}

// ---------------------------------------------------------------------------------------------------- frame

void View::draw() {
    animating_ = false;
    again_ = false;
    focusables_.clear();
    nextCardHeight_ = 0.0f;

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushFont(fonts_.body);
    ImGui::Begin("WU Doctor", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus);
    ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 10.0f * scale_);

    drawVerdict();
    drawCards();
    drawFixRow();
    drawOperation();
    drawRelated();
    drawHelp();
    drawActivity();
    drawConfirm();
    handleKeys();

    ImGui::PopStyleVar();
    ImGui::End();
    ImGui::PopFont();
    if (std::abs(nextCardHeight_ - cardHeight_) > 0.5f) {
        cardHeight_ = nextCardHeight_;
        again_ = true;
    }
}

void View::handleKeys() {
    ImGuiIO& io = ImGui::GetIO();
    if (keyHit(GLFW_KEY_F5)) {
        controller_.refresh();
        controller_.note(LogLine::Kind::Info, "Refreshed.");
    }
    if (keyHit(GLFW_KEY_C, GLFW_MOD_CONTROL) && !io.WantTextInput) copyReport();
    const bool tab = keyHit(GLFW_KEY_TAB);
    const bool shift = keyHit(GLFW_KEY_TAB, GLFW_MOD_SHIFT);
    if (tab && !keyHit(GLFW_KEY_TAB, GLFW_MOD_CONTROL) && !focusables_.empty()) {
        ImGuiContext& g = *GImGui;
        // While the confirmation is open, Tab stays inside it.
        std::vector<Focusable> ring;
        for (const Focusable& f : focusables_) {
            if (!confirm_.open || (f.window->Flags & ImGuiWindowFlags_Modal) != 0) ring.push_back(f);
        }
        if (!ring.empty()) {
            const auto current = std::find_if(ring.begin(), ring.end(), [&](const Focusable& f) { return f.id == g.NavId; });
            const int n = static_cast<int>(ring.size());
            int next = shift ? n - 1 : 0;
            if (current != ring.end() && !g.NavDisableHighlight) {
                const int index = static_cast<int>(current - ring.begin());
                next = (index + (shift ? n - 1 : 1)) % n;
            }
            focusRequest_ = ring[static_cast<std::size_t>(next)].id;
            again_ = true;
        }
    }
}

void View::drawVerdict() {
    const Verdict verdict = verdictFor(controller_.status(), controller_.operation(), controller_.os().build);
    const OsVersion& os = controller_.os();

    // Top line: who we are, where we run, with what rights; Refresh on the right.
    std::string about = "WU Doctor " WUD_VERSION "  ·  " + describe(os) + "  ·  " +
                        (controller_.elevated() ? "running as administrator" : "running as a standard user");
    ImGui::AlignTextToFramePadding();
    secondaryText(about, false);
    const std::string refresh = "Refresh";
    const float refreshWidth = ImGui::CalcTextSize(refresh.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - refreshWidth);
    if (button("refresh", refresh, true, false)) {
        controller_.refresh();
        controller_.note(LogLine::Kind::Info, "Refreshed.");  // as F5 does: the click visibly did something
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Check the services again now (F5)");

    ImGui::Dummy({0, 4.0f * scale_});
    const float icon = 30.0f * scale_;
    verdictIcon(verdict.level, icon);
    ImGui::SameLine(0, 12.0f * scale_);
    ImGui::BeginGroup();
    ImGui::PushFont(fonts_.headline);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(verdict.headline.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    if (!verdict.detail.empty()) secondaryText(verdict.detail);
    ImGui::EndGroup();
    ImGui::Dummy({0, 4.0f * scale_});

    const char* levels[] = {"checking", "good", "attention", "problem", "busy"};
    probe_.text("verdict", verdict.headline);
    probe_.text("verdict-detail", verdict.detail);
    probe_.text("verdict-level", levels[static_cast<int>(verdict.level)]);
}

void View::drawHelp() {
    ImGui::Dummy({0, 2.0f * scale_});
    ImGui::PushFont(fonts_.strong);
    ImGui::TextUnformatted("More help");
    ImGui::PopFont();
    const LaunchTarget& troubleshooter = controller_.troubleshooter();
    if (button("troubleshooter", troubleshooter.label, true, false)) controller_.open(troubleshooter);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Windows' own Windows Update troubleshooter");
    ImGui::SameLine();
    static const LaunchTarget settings = windowsUpdateSettings();
    if (button("wu-settings", "Windows Update settings", true, false)) controller_.open(settings);
    ImGui::SameLine();
    static const LaunchTarget services = servicesConsole();
    if (button("services-console", "Services console", true, false)) controller_.open(services);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every service on this computer (services.msc), for experts");
    probe_.text("troubleshooter-label", troubleshooter.label);
    drawExplainBox(probe_, scale_);
    ImGui::Dummy({0, 2.0f * scale_});
}

void View::drawActivity() {
    const auto& log = controller_.log();
    const std::string label = "Activity (" + std::to_string(log.size()) + ")";
    if (!header("activity", label.c_str(), true)) return;
    if (button("copy-report", "Copy report", true, false)) copyReport();
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    secondaryText("Copies the status and this session's actions (Ctrl+C), to paste into a help request.");

    std::string joined;
    for (const LogLine& line : log) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette_.textSecondary);
        ImGui::TextUnformatted(line.time.c_str());
        ImGui::PopStyleColor();
        ImGui::SameLine();
        const ImU32 color = line.kind == LogLine::Kind::Success   ? palette_.good
                            : line.kind == LogLine::Kind::Failure ? palette_.problem
                                                                  : palette_.text;
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::TextWrapped("%s", line.text.c_str());
        ImGui::PopStyleColor();
        joined += line.text + "\n";
    }
    if (log.empty()) secondaryText("Nothing done yet in this session.");
    probe_.text("log", joined);
}

void View::requestStartType(const std::string& service, StartType type) {
    const ServiceRow* row = controller_.status().find(service);
    confirm_ = {true, true, service, row != nullptr ? row->snapshot.startType : StartType::Unknown, type};
}

void View::drawConfirm() {
    if (confirm_.justOpened) {
        ImGui::OpenPopup("confirm");
        confirm_.justOpened = false;
    }
    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->GetCenter(), ImGuiCond_Always, {0.5f, 0.5f});
    ImGui::SetNextWindowSize({460.0f * scale_, 0.0f});
    // A modal uses the window (not popup) border and rounding, both 0 for our full-window main panel.
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {20.0f * scale_, 18.0f * scale_});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 8.0f * scale_);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 1.0f);
    const bool open = ImGui::BeginPopupModal("confirm", nullptr,
                                             ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::PopStyleVar(3);
    if (!open) {
        confirm_.open = false;
        return;
    }
    // ImGui fades the dimmed background in over a few frames: keep drawing until it is there.
    if (GImGui->DimBgRatio < 1.0f) animating_ = true;
    const std::string name(friendlyNameOf(confirm_.service));
    const std::string to = capitalised(toString(confirm_.to));
    ImGui::PushFont(fonts_.strong);
    ImGui::TextWrapped("Set %s to %s?", name.c_str(), to.c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextWrapped("%s is now %s. %s is how Windows sets it up.", name.c_str(),
                       std::string(toString(confirm_.from)).c_str(), to.c_str());
    secondaryText("The old setting is written to the log, and you can undo this from this window.");
    ImGui::PopTextWrapPos();
    ImGui::Dummy({0, 4.0f * scale_});
    bool close = false;
    if (button("confirm-yes", "Set to " + to, true, controller_.needsAdmin(Request::SetStartType, confirm_.service),
               ButtonKind::Primary)) {
        controller_.setStartType(confirm_.service, confirm_.to);
        close = true;
    }
    ImGui::SameLine();
    if (button("confirm-no", "Cancel", true, false, ButtonKind::Normal, 90.0f * scale_) ||
        keyHit(GLFW_KEY_ESCAPE))
        close = true;
    if (close) {
        ImGui::CloseCurrentPopup();
        confirm_.open = false;
        again_ = true;
    }
    ImGui::EndPopup();
}

void View::copyReport() {
    std::string text = controller_.report();
    std::string crlf;
    crlf.reserve(text.size() + text.size() / 16);
    for (char c : text) {
        if (c == '\n') crlf += '\r';
        crlf += c;
    }
    ImGui::SetClipboardText(crlf.c_str());
    controller_.note(LogLine::Kind::Info, "Report copied. Paste it into your help request or ticket.");
}

}  // namespace wud::ui

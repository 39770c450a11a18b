// The frame: the order of the sections, the keyboard, the verdict, help, activity and the confirmation dialog.
// The widgets and primitives are in ui_view_widgets.cpp, the two service cards in ui_view_cards.cpp, the
// operation panel in ui_view_operation.cpp, the related services table in ui_view_related.cpp.
#include "ui/view.hpp"

#include "wud/catalog.hpp"
#include "wud/text.hpp"

#include <GLFW/glfw3.h>  // key codes only (F5, Tab, Enter, C, Escape)
#include <imgui_internal.h>

#include <algorithm>
#include <functional>
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
    a11y_.beginFrame(++a11yFrame_);
    nextCardHeight_ = 0.0f;

    const ImGuiViewport* viewport = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(viewport->WorkPos);
    ImGui::SetNextWindowSize(viewport->WorkSize);
    ImGui::PushFont(fonts_.body);
    ImGui::Begin("WU Doctor", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
    ImGui::PushStyleVar(ImGuiStyleVar_ScrollbarSize, 10.0f * scale_);
    if (probe_.enabled()) {  // the padding around the verdict: nothing but the window's background is drawn there
        const ImVec2 padding = ImGui::GetStyle().WindowPadding;
        marks_.push_back({"background", {viewport->WorkPos.x + std::floor(padding.x * 0.25f),
                                         viewport->WorkPos.y + std::floor(padding.y * 0.25f)}, palette_.background});
    }

    // Three bands: the verdict on top and "More help" at the bottom always show; what lies between scrolls.
    // The troubleshooter is the usual advice's last step, so it is never below the fold, whatever is open.
    drawVerdict();
    if (helpHeight_ <= 0.0f) helpHeight_ = 3.0f * ImGui::GetFrameHeightWithSpacing();  // first frame's guess
    ImGui::BeginChild("content", {0.0f, -helpHeight_}, false, ImGuiWindowFlags_NoBackground);
    if (probe_.enabled()) {  // where a test turns the mouse wheel to bring a button into view
        const ImVec2 at = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
        probe_.text("scroll-area", std::to_string(at.x) + " " + std::to_string(at.y) + " " + std::to_string(size.x) +
                                       " " + std::to_string(size.y));
        probe_.text("scroll-y", std::to_string(ImGui::GetScrollY()));
    }
    drawCards();
    // What runs and its result come right under the services they act on, above the repair ladder: a Start or
    // Restart's result then fits in view at the default size, so the card's buttons stay where the pointer is (below
    // the ladder's three rungs it made the view scroll, and the card moved away under a double click's second click).
    drawOperation();
    drawFixRow();
    drawChecks();
    drawRelated();
    drawHistory();
    drawExplain();
    drawActivity();
    // ImGui sizes the scrollbar from the last frame's content: when the content grew or shrank (a section
    // opened, a result appeared), one more frame shows or hides it.
    const ImGuiWindow* content = ImGui::GetCurrentWindow();
    if (std::abs(content->DC.CursorMaxPos.y - content->DC.CursorStartPos.y - content->ContentSize.y) > 0.5f) again_ = true;
    ImGui::EndChild();
    const float helpTop = ImGui::GetCursorPosY();
    drawHelp();
    const float helpHeight = ImGui::GetCursorPosY() - helpTop + ImGui::GetStyle().ItemSpacing.y;
    drawConfirm();
    handleKeys();
    requests_.clear();  // done (or refused by a disabled widget) in this frame

    ImGui::PopStyleVar();
    ImGui::End();
    ImGui::PopFont();
    publishMarks();
    if (std::abs(nextCardHeight_ - cardHeight_) > 0.5f) {
        cardHeight_ = nextCardHeight_;
        again_ = true;
    }
    if (std::abs(helpHeight - helpHeight_) > 0.5f) {
        helpHeight_ = helpHeight;
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
    // Windows Update's own answer, once asked for, is the verdict until dismissed or until something else runs.
    const std::optional<ScanAnswer>& answer = controller_.scanAnswer();
    const OperationView& op = controller_.operation();
    const Verdict verdict = answer && !op.active()
                                ? scanVerdict(answer->result)
                                : verdictFor(controller_.status(), op, controller_.os().build, controller_.checks());
    const OsVersion& os = controller_.os();

    // Top line: who we are, where we run, with what rights; Refresh on the right.
    std::string about = "WU Doctor " WUD_VERSION "  ·  " + describe(os) + "  ·  " +
                        (controller_.elevated() ? "running as administrator" : "running as a standard user");
    const std::string refresh = "Refresh";
    const float refreshWidth = ImGui::CalcTextSize(refresh.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f;
    // Wrapped short of Refresh: at a large text size (225 %) or a narrow window the line no longer fits beside it.
    ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMax().x - refreshWidth - ImGui::GetStyle().ItemSpacing.x);
    ImGui::AlignTextToFramePadding();
    secondaryText(about, true);
    ImGui::PopTextWrapPos();
    accessibleText("about", about);
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - refreshWidth);
    if (button("refresh", refresh, true, false)) {
        controller_.refresh();
        controller_.note(LogLine::Kind::Info, "Refreshed.");  // as F5 does: the click visibly did something
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Check the services again now (F5)");

    ImGui::Dummy({0, 4.0f * scale_});
    const float icon = 30.0f * scale_;
    if (op.active() && op.meter) {
        // A long job: a ring that fills with its percentage, drawn once per change — not a spinner that would redraw
        // the window 30 times a second for half an hour.
        ImGui::Dummy({icon, icon});
        const ImVec2 m = ImGui::GetItemRectMin();
        const ImVec2 centre{m.x + icon * 0.5f, m.y + icon * 0.5f};
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const float thickness = icon * 0.14f, radius = icon * 0.5f - thickness * 0.5f;
        draw->AddCircle(centre, radius, palette_.cardBorder, 32, thickness);
        const float fraction = static_cast<float>(op.meter->percent.value_or(0)) / 100.0f;
        if (fraction > 0.0f) {
            constexpr float kTop = -1.5707964f;
            draw->PathArcTo(centre, radius, kTop, kTop + fraction * 6.2831855f, 32);
            draw->PathStroke(palette_.busy, 0, thickness);
        }
    } else {
        verdictIcon(verdict.level, icon);
    }
    ImGui::SameLine(0, 12.0f * scale_);
    ImGui::BeginGroup();
    ImGui::PushFont(fonts_.headline);
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextUnformatted(verdict.headline.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    if (!verdict.detail.empty()) secondaryText(verdict.detail);
    if (answer && !op.active()) drawScanAnswer(*answer);
    ImGui::EndGroup();
    // Read out when it changes ("Windows Update is running again"), without the user hunting for it.
    accessibleText("verdict", verdict.headline, AccessibleLive::Polite, verdict.detail);
    ImGui::Dummy({0, 4.0f * scale_});

    const char* levels[] = {"checking", "good", "attention", "problem", "busy"};
    probe_.text("verdict", verdict.headline);
    probe_.text("verdict-detail", verdict.detail);
    probe_.text("verdict-level", levels[static_cast<int>(verdict.level)]);
}

void View::drawHelp() {
    const ImVec2 top = ImGui::GetCursorScreenPos();
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    ImGui::GetWindowDrawList()->AddLine({top.x, top.y}, {right, top.y}, palette_.cardBorder, 1.0f);
    ImGui::Dummy({0, 2.0f * scale_});
    ImGui::PushFont(fonts_.strong);
    ImGui::TextUnformatted("More help");
    ImGui::PopFont();
    // The buttons flow: one that does not fit on the line (a narrow window, 200 % scale) starts the next.
    const auto next = [&](const std::string& label) {
        const float x = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x;
        if (x + buttonWidth(label, false) <= right) ImGui::SameLine();
    };
    const LaunchTarget& troubleshooter = controller_.troubleshooter();
    describeNext(troubleshooter.label, troubleshooter.byHand.empty() ? std::string() : "By hand: " + troubleshooter.byHand);
    if (button("troubleshooter", troubleshooter.label, true, false)) controller_.open(troubleshooter);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("%s", troubleshooter.kind == LaunchTarget::Kind::GetHelpFromStore
                                    ? "The Get Help app's page in the Microsoft Store"
                                    : ("Windows' own Windows Update troubleshooter. By hand: " + troubleshooter.byHand).c_str());
    static const LaunchTarget settings = windowsUpdateSettings();
    const std::string settingsLabel = "Windows Update settings";
    next(settingsLabel);
    if (button("wu-settings", settingsLabel, true, false)) controller_.open(settings);
    static const LaunchTarget services = servicesConsole();
    const std::string servicesLabel = "Services console";
    next(servicesLabel);
    if (button("services-console", servicesLabel, true, false)) controller_.open(services);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Every service on this computer (services.msc), for experts");
    // Without Get Help (Windows 11 22H2+), say why the button offers the app and what works meanwhile.
    if (!troubleshooter.note.empty()) {
        secondaryText(troubleshooter.note);
        accessibleText("troubleshooter-note", troubleshooter.note);
    }
    probe_.text("troubleshooter-label", troubleshooter.label);
    probe_.text("troubleshooter-note", troubleshooter.note);
}

void View::drawActivity() {
    const auto& log = controller_.log();
    const std::string label = "Activity (" + std::to_string(log.size()) + ")";
    if (!header("activity", label.c_str(), true)) return;
    describeNext("Copy report", "Copies the status and this session's actions (Ctrl+C), to paste into a help request.");
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
    accessibleText("activity-log", log.empty() ? "Nothing done yet in this session." : joined);
    probe_.text("log", joined);
}

void View::requestStartType(const std::string& service, StartType type) {
    const ServiceRow* row = controller_.status().find(service);
    confirm_ = {};
    confirm_.open = confirm_.justOpened = true;
    confirm_.kind = Confirm::Kind::StartType;
    confirm_.service = service;
    confirm_.from = row != nullptr ? row->snapshot.startType : StartType::Unknown;
    confirm_.to = type;
}

void View::requestStopping(Request request, const std::string& service) {
    std::string question = restartFirstQuestion(request, controller_.checks());
    if (question.empty()) {
        if (request == Request::Fix) controller_.fix();
        else controller_.restart(service);
        return;
    }
    confirm_ = {};
    confirm_.open = confirm_.justOpened = true;
    confirm_.kind = Confirm::Kind::RestartFirst;
    confirm_.service = service;
    confirm_.request = request;
    confirm_.question = std::move(question);
}

void View::drawScanAnswer(const ScanAnswer& answer) {
    const ScanResult& r = answer.result;
    constexpr std::size_t kShown = 3;  // the verdict stays compact; Windows Update lists them all
    std::string listed;
    for (std::size_t i = 0; i < r.updates.size(); ++i) {
        const FoundUpdate& u = r.updates[i];
        std::string kbs;
        for (const std::string& kb : u.kbs) kbs += (kbs.empty() ? "" : ", ") + kb;
        const std::string line = (kbs.empty() ? std::string() : kbs + " · ") + u.title +
                                 (u.restart == RestartNeed::Always ? " · needs a restart" : "");
        listed += line + "\n";
        if (i < kShown) secondaryText("• " + line);
    }
    if (r.updates.size() > kShown) secondaryText("and " + std::to_string(r.updates.size() - kShown) + " more");
    for (const Finding& cause : r.causes) secondaryText("Likely cause (see Checks): " + cause.title);
    secondaryText("Checked at " + answer.time + ". WU Doctor checks; Windows Update installs.");
    // Settings' Windows Update page with its "Check for updates" action (ms-settings:windowsupdate-action, Microsoft
    // Learn "Launch the Windows Settings app").
    static const LaunchTarget windowsUpdate{LaunchTarget::Kind::WindowsUpdateSettings, "ms-settings:windowsupdate-action",
                                            "", "Open Windows Update", "", ""};
    if (button("open-windows-update", "Open Windows Update", true, false, ButtonKind::Primary))
        controller_.open(windowsUpdate);
    ImGui::SameLine();
    if (button("scan-dismiss", "OK", true, false, ButtonKind::Normal, 72.0f * scale_)) controller_.dismissScanAnswer();
    probe_.text("scan-outcome", std::string(toId(r.outcome)));
    probe_.text("scan-updates", listed);
    probe_.text("scan-message", r.message);
}

void View::requestResetCache() {
    controller_.planResetCache();
    confirm_ = {};
    confirm_.open = confirm_.justOpened = true;
    confirm_.kind = Confirm::Kind::ResetCache;
    confirm_.request = Request::ResetCache;
}

void View::confirmationBody(const std::function<void()>& body) {
    // The question's details scroll inside the confirmation; its buttons, drawn after this, stay in view at every
    // window size and scale. The body is as tall as its content (measured last frame) up to what leaves room for the
    // title and the buttons; the first frame takes that most and settles on the next (again_: not shown before).
    const ImGuiStyle& style = ImGui::GetStyle();
    const float room = ImGui::GetMainViewport()->WorkSize.y - ImGui::GetCursorPosY() - 2.0f * style.WindowPadding.y -
                       ImGui::GetFrameHeightWithSpacing() - 12.0f * scale_;
    const float most = std::max(room, 3.0f * ImGui::GetTextLineHeightWithSpacing());
    const float height = confirmBodyHeight_ > 0.0f ? std::min(confirmBodyHeight_, most) : most;
    ImGui::BeginChild("confirm-body", {0.0f, height}, false, ImGuiWindowFlags_NoBackground);
    body();
    const float content = ImGui::GetCursorPosY() + style.ItemSpacing.y;
    ImGui::EndChild();
    if (std::abs(content - confirmBodyHeight_) > 0.5f) {
        confirmBodyHeight_ = content;
        again_ = true;
    }
    ImGui::Dummy({0, 4.0f * scale_});
}

bool View::drawResetCacheConfirm() {
    const ResetCachePlanView& plan = controller_.resetCachePlan();
    ImGui::PushFont(fonts_.strong);
    ImGui::TextWrapped("%s", "Reset the Windows Update cache?");
    ImGui::PopFont();
    std::string shown;
    bool canRun = false;
    confirmationBody([&] {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextWrapped("%s", "WU Doctor stops Update Orchestrator, Windows Update, BITS, Delivery Optimization and "
                                 "Cryptographic Services, moves the cache aside under time-stamped names and starts the "
                                 "services again. Windows then downloads what it needs afresh.");
        if (!plan.ready) {
            animating_ = true;  // the worker looks at the folders: the answer comes in a moment
            secondaryText("Looking at what there is to move…");
        } else if (!plan.refused.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette_.problem);
            ImGui::TextWrapped("%s", plan.refused.c_str());
            ImGui::PopStyleColor();
            ImGui::TextWrapped("Next step: %s", plan.refusedAdvice.c_str());
            shown = plan.refused + "\n" + plan.refusedAdvice;
        } else {
            canRun = true;
            ImGui::TextUnformatted("Step by step:");
            for (std::size_t i = 0; i < plan.steps.size(); ++i) {
                ImGui::TextWrapped("%zu. %s", i + 1, plan.steps[i].c_str());
                shown += plan.steps[i] + "\n";
            }
            secondaryText("Nothing is deleted: the undo journal is written before anything moves, and Undo (in Checks) "
                          "puts everything back.");
        }
        ImGui::PopTextWrapPos();
    });
    probe_.text("confirm-question", shown);
    probe_.text("confirm-ready", plan.ready ? "true" : "false");
    accessibleText("confirm-question", "Reset the Windows Update cache?", AccessibleLive::Off,
                   shown.empty() ? std::string("Looking at what there is to move…") : shown);
    bool close = false;
    if (canRun) {
        if (button("confirm-yes", "Reset the cache", controller_.blockedReason(Request::ResetCache).empty(),
                   controller_.needsAdmin(Request::ResetCache), ButtonKind::Normal)) {
            controller_.resetCache();
            close = true;
        }
        ImGui::SameLine();
    }
    // Cancel is the safe choice: the primary button (and the only one while it would be refused).
    if (button("confirm-no", canRun || !plan.ready ? "Cancel" : "Close", true, false, ButtonKind::Primary, 90.0f * scale_) ||
        keyHit(GLFW_KEY_ESCAPE))
        close = true;
    return close;
}

bool View::drawRepairSystemConfirm() {
    const bool admin = controller_.needsAdmin(Request::RepairSystem);
    ImGui::PushFont(fonts_.strong);
    ImGui::TextWrapped("%s", "Repair Windows files?");
    ImGui::PopFont();
    std::string shown;
    confirmationBody([&] {
        ImGui::PushTextWrapPos(0.0f);
        const auto line = [&](const std::string& text, bool secondary = false) {
            if (secondary) secondaryText(text);
            else ImGui::TextWrapped("%s", text.c_str());
            shown += text + "\n";
        };
        line(std::string(kSystemRepairAbout));
        line("1. DISM checks Windows' component store and repairs it if it is damaged (Windows Update supplies the "
             "files). Cancel stops it at the next point where it safely can.");
        line("2. SFC then checks every system file and puts back damaged ones. " + std::string(kSfcCannotCancel));
        line(admin ? "Windows asks for administrator rights first (UAC). The repair then runs in an elevated copy of WU "
                     "Doctor, and its progress shows here as it goes."
                   : "WU Doctor runs with administrator rights: the repair runs here.");
        line("Nothing of yours is touched. DISM and SFC keep their own logs (C:\\Windows\\Logs\\DISM\\dism.log, "
             "C:\\Windows\\Logs\\CBS\\CBS.log); WU Doctor's log and report name every file they repaired.",
             true);
        ImGui::PopTextWrapPos();
    });
    probe_.text("confirm-question", shown);
    bool close = false;
    if (button("confirm-yes", "Repair Windows files", controller_.blockedReason(Request::RepairSystem).empty(), admin,
               ButtonKind::Normal)) {
        controller_.repairSystem();
        close = true;
    }
    ImGui::SameLine();
    // Half an hour of work is not started by a stray Enter: Cancel is the primary button.
    if (button("confirm-no", "Cancel", true, false, ButtonKind::Primary, 90.0f * scale_) || keyHit(GLFW_KEY_ESCAPE))
        close = true;
    return close;
}

void View::drawConfirm() {
    if (confirm_.justOpened) {
        ImGui::OpenPopup("confirm");
        confirm_.justOpened = false;
        confirmBodyHeight_ = 0.0f;  // measured anew for this question
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
    bool close = false;
    if (confirm_.kind == Confirm::Kind::ResetCache) {
        endConfirm(drawResetCacheConfirm());
        return;
    }
    if (confirm_.kind == Confirm::Kind::RepairSystem) {
        endConfirm(drawRepairSystemConfirm());
        return;
    }
    if (confirm_.kind == Confirm::Kind::RestartFirst) {
        const std::string title = titleFor(confirm_.request, confirm_.service, {}, false, false);
        ImGui::PushFont(fonts_.strong);
        ImGui::TextWrapped("%s", "A restart is pending");
        ImGui::PopFont();
        confirmationBody([&] {
            ImGui::PushTextWrapPos(0.0f);
            ImGui::TextWrapped("%s", confirm_.question.c_str());
            ImGui::PopTextWrapPos();
        });
        probe_.text("confirm-question", confirm_.question);
        accessibleText("confirm-question", "A restart is pending", AccessibleLive::Off, confirm_.question);
        if (button("confirm-yes", title + " anyway", true, controller_.needsAdmin(confirm_.request, confirm_.service),
                   ButtonKind::Normal)) {
            if (confirm_.request == Request::Fix) controller_.fix();
            else controller_.restart(confirm_.service);
            close = true;
        }
        ImGui::SameLine();
        // Cancel is the safe choice here: it is the primary button.
        if (button("confirm-no", "Cancel", true, false, ButtonKind::Primary, 90.0f * scale_) || keyHit(GLFW_KEY_ESCAPE))
            close = true;
        endConfirm(close);
        return;
    }
    const std::string name(friendlyNameOf(confirm_.service));
    const std::string to = capitalised(toString(confirm_.to));
    ImGui::PushFont(fonts_.strong);
    ImGui::TextWrapped("Set %s to %s?", name.c_str(), to.c_str());
    ImGui::PopFont();
    accessibleText("confirm-question", "Set " + name + " to " + to + "?", AccessibleLive::Off,
                   name + " is now " + std::string(toString(confirm_.from)) + ". " + to +
                       " is how Windows sets it up. The old setting is written to the log, and you can undo this.");
    confirmationBody([&] {
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextWrapped("%s is now %s. %s is how Windows sets it up.", name.c_str(),
                           std::string(toString(confirm_.from)).c_str(), to.c_str());
        secondaryText("The old setting is written to the log, and you can undo this from this window.");
        ImGui::PopTextWrapPos();
    });
    if (button("confirm-yes", "Set to " + to, true, controller_.needsAdmin(Request::SetStartType, confirm_.service),
               ButtonKind::Primary)) {
        controller_.setStartType(confirm_.service, confirm_.to);
        close = true;
    }
    ImGui::SameLine();
    if (button("confirm-no", "Cancel", true, false, ButtonKind::Normal, 90.0f * scale_) ||
        keyHit(GLFW_KEY_ESCAPE))
        close = true;
    endConfirm(close);
}

// An auto-sizing window takes its height from the last frame's content: in the frame where the content grew (the
// reset's plan arrived) it is drawn clipped to its old height, buttons cut off, and only the next frame fits it. So
// that frame has not settled: it is neither shown nor written to the probe, and the next one follows at once.
void View::endConfirm(bool close) {
    if (close) {
        ImGui::CloseCurrentPopup();
        confirm_.open = false;
        again_ = true;
    }
    ImGuiWindow* modal = ImGui::GetCurrentWindow();
    if (std::abs(ImGui::CalcWindowNextAutoFitSize(modal).y - modal->SizeFull.y) > 0.5f) again_ = true;
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

#include "ui_view.hpp"

#include "wud/catalog.hpp"

#include <GLFW/glfw3.h>  // key codes only (F5, Tab, Enter, C)
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace wud::ui {
namespace {

std::string capitalised(std::string_view text) {
    std::string out(text);
    if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 'a' + 'A');
    return out;
}

std::string stateWord(const ServiceSnapshot& s, bool queryFailed) {
    if (queryFailed) return "Unknown";
    if (!s.installed) return "Not installed";
    if (s.state == ServiceState::Unknown) return "Unknown";
    return capitalised(toPlain(s.state));
}

ImU32 withAlpha(ImU32 color, float alpha) {
    const auto a = static_cast<ImU32>(static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xFF) * alpha);
    return (color & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

}  // namespace

void View::setLook(const Palette& palette, const Fonts& fonts, float scale) {
    palette_ = palette;
    fonts_ = fonts;
    scale_ = scale;
    cardHeight_ = nextCardHeight_ = 0.0f;
    again_ = true;
}

// ---------------------------------------------------------------------------------------------------- widgets

bool View::keyHit(int key, int mods) const {
    return std::any_of(keys_.begin(), keys_.end(),
                       [&](const KeyPress& k) { return k.key == key && (k.mods & mods) == mods; });
}

void View::registerFocusable(const char* probeId, const std::string& label, bool enabled) {
    const ImGuiID id = ImGui::GetItemID();
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (enabled) focusables_.push_back({id, window});
    if (focusRequest_ != 0 && focusRequest_ == id) {
        ImGui::SetFocusID(id, window);
        ImGuiContext& g = *GImGui;
        g.NavDisableHighlight = false;
        g.NavDisableMouseHover = true;
        ImGui::ScrollToItem(ImGuiScrollFlags_KeepVisibleEdgeY);
        focusRequest_ = 0;
    }
    // A window's first (auto-sizing) frame is laid out but not shown: its rectangles are not where the
    // items will be, so the probe waits for the next frame, which is requested here.
    if (window->Hidden) {
        again_ = true;
        return;
    }
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    probe_.item(probeId, label, min.x, min.y, max.x, max.y, enabled);
    if (GImGui->NavId == id && !GImGui->NavDisableHighlight) probe_.text("focus", probeId);
}

bool View::button(const char* probeId, const std::string& label, bool enabled, bool shield, ButtonKind kind,
                  float minWidth) {
    ImGui::PushID(probeId);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float shieldSize = std::round(ImGui::GetFontSize() * 0.9f);
    const float gap = shield ? shieldSize + style.ItemInnerSpacing.x : 0.0f;
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    const float padY = kind == ButtonKind::Primary ? style.FramePadding.y + 3.0f * scale_ : style.FramePadding.y;
    const ImVec2 size{std::max(minWidth, text.x + gap + style.FramePadding.x * 2.0f), text.y + padY * 2.0f};

    int colors = 0;
    if (kind == ButtonKind::Primary) {
        ImGui::PushStyleColor(ImGuiCol_Button, palette_.accent);
        ImGui::PushStyleColor(ImGuiCol_ButtonHovered, palette_.accentHover);
        ImGui::PushStyleColor(ImGuiCol_ButtonActive, palette_.accentActive);
        ImGui::PushStyleColor(ImGuiCol_Border, palette_.accent);
        colors = 4;
    }
    if (!enabled) ImGui::BeginDisabled();
    bool pressed = ImGui::Button("##button", size);
    const bool focused = ImGui::IsItemFocused();
    if (!enabled) ImGui::EndDisabled();
    ImGui::PopStyleColor(colors);

    const ImVec2 min = ImGui::GetItemRectMin();
    ImVec2 pos{std::round(min.x + (size.x - text.x - gap) * 0.5f), std::round(min.y + (size.y - text.y) * 0.5f)};
    ImDrawList* draw = ImGui::GetWindowDrawList();
    if (shield) {
        shieldIcon({pos.x, pos.y + (text.y - shieldSize) * 0.5f}, shieldSize);
        pos.x += gap;
    }
    ImU32 color = kind == ButtonKind::Primary ? palette_.onAccent : palette_.text;
    if (!enabled) color = withAlpha(color, style.DisabledAlpha);
    draw->AddText(pos, color, label.c_str());

    // Space presses a focused button through ImGui's keyboard navigation; Enter is ours.
    if (enabled && focused && (keyHit(GLFW_KEY_ENTER) || keyHit(GLFW_KEY_KP_ENTER))) pressed = true;
    registerFocusable(probeId, label, enabled);
    ImGui::PopID();
    return pressed && enabled;
}

bool View::header(const char* probeId, const char* label, bool defaultOpen) {
    // A section title that folds: no box, the arrow close to the text, a hairline below.
    ImGui::PushStyleColor(ImGuiCol_Header, 0);
    ImGui::PushStyleVar(ImGuiStyleVar_FrameBorderSize, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, {4.0f * scale_, 5.0f * scale_});
    ImGui::PushFont(fonts_.strong);
    const ImGuiTreeNodeFlags flags =
        ImGuiTreeNodeFlags_SpanAvailWidth | (defaultOpen ? ImGuiTreeNodeFlags_DefaultOpen : 0);
    std::string id = std::string(label) + "###" + probeId;
    const bool open = ImGui::CollapsingHeader(id.c_str(), flags);
    ImGui::PopFont();
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor();
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    ImGui::GetWindowDrawList()->AddLine({min.x, max.y}, {max.x, max.y}, palette_.cardBorder, 1.0f);
    if (ImGui::IsItemFocused() && (keyHit(GLFW_KEY_ENTER) || keyHit(GLFW_KEY_KP_ENTER))) {
        ImGuiStorage* storage = ImGui::GetStateStorage();
        storage->SetInt(ImGui::GetItemID(), open ? 0 : 1);
        again_ = true;
    }
    registerFocusable(probeId, label, true);
    return open;
}

void View::secondaryText(const std::string& text, bool wrap) {
    ImGui::PushStyleColor(ImGuiCol_Text, palette_.textSecondary);
    if (wrap) ImGui::TextWrapped("%s", text.c_str());
    else ImGui::TextUnformatted(text.c_str());
    ImGui::PopStyleColor();
}

void View::shieldIcon(ImVec2 at, float s) {
    ImDrawList* draw = ImGui::GetWindowDrawList();
    auto p = [&](float x, float y) { return ImVec2(at.x + x * s, at.y + y * s); };
    const ImVec2 outline[] = {p(0.08f, 0.14f), p(0.5f, 0.0f), p(0.92f, 0.14f), p(0.92f, 0.52f), p(0.5f, 1.0f),
                              p(0.08f, 0.52f)};
    draw->AddConvexPolyFilled(outline, 6, IM_COL32(0x1F, 0x5F, 0xC8, 0xFF));
    const ImVec2 topRight[] = {p(0.5f, 0.0f), p(0.92f, 0.14f), p(0.92f, 0.52f), p(0.5f, 0.52f)};
    draw->AddConvexPolyFilled(topRight, 4, IM_COL32(0xF5, 0xC2, 0x18, 0xFF));
    const ImVec2 bottomLeft[] = {p(0.08f, 0.52f), p(0.5f, 0.52f), p(0.5f, 1.0f)};
    draw->AddConvexPolyFilled(bottomLeft, 3, IM_COL32(0xF5, 0xC2, 0x18, 0xFF));
}

void View::spinner(float radius, ImU32 color) {
    ImGui::Dummy({radius * 2.0f, radius * 2.0f});
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 centre{min.x + radius, min.y + radius};
    const float start = static_cast<float>(ImGui::GetTime()) * 5.0f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->PathArcTo(centre, radius * 0.8f, start, start + 4.2f, 24);
    draw->PathStroke(color, 0, std::max(1.5f, radius * 0.28f));
    animating_ = true;
}

void View::stepIcon(StepLine::Status status, float size) {
    using S = StepLine::Status;
    if (status == S::Active) {
        spinner(size * 0.5f, palette_.busy);
        return;
    }
    ImGui::Dummy({size, size});
    const ImVec2 m = ImGui::GetItemRectMin();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float t = std::max(1.5f, size * 0.13f);
    auto p = [&](float x, float y) { return ImVec2(m.x + x * size, m.y + y * size); };
    switch (status) {
        case S::Done: {
            const ImVec2 check[] = {p(0.18f, 0.52f), p(0.42f, 0.74f), p(0.84f, 0.28f)};
            draw->AddPolyline(check, 3, palette_.good, 0, t);
            break;
        }
        case S::Failed:
            draw->AddLine(p(0.24f, 0.24f), p(0.76f, 0.76f), palette_.problem, t);
            draw->AddLine(p(0.76f, 0.24f), p(0.24f, 0.76f), palette_.problem, t);
            break;
        case S::Skipped:
            draw->AddLine(p(0.25f, 0.5f), p(0.75f, 0.5f), palette_.neutral, t);
            break;
        case S::Active:
            break;
    }
}

void View::verdictIcon(Verdict::Level level, float size) {
    using L = Verdict::Level;
    if (level == L::Busy || level == L::Checking) {
        spinner(size * 0.5f, palette_.busy);
        return;
    }
    ImGui::Dummy({size, size});
    const ImVec2 m = ImGui::GetItemRectMin();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 color = level == L::Good ? palette_.good : level == L::Attention ? palette_.attention : palette_.problem;
    const ImVec2 centre{m.x + size * 0.5f, m.y + size * 0.5f};
    draw->AddCircleFilled(centre, size * 0.5f, color, 32);
    const ImU32 mark = palette_.background;
    const float t = size * 0.11f;
    auto p = [&](float x, float y) { return ImVec2(m.x + x * size, m.y + y * size); };
    if (level == L::Good) {
        const ImVec2 check[] = {p(0.27f, 0.52f), p(0.44f, 0.68f), p(0.74f, 0.34f)};
        draw->AddPolyline(check, 3, mark, 0, t);
    } else {
        draw->AddLine(p(0.5f, 0.24f), p(0.5f, 0.58f), mark, t);
        draw->AddCircleFilled(p(0.5f, 0.74f), t * 0.65f, mark);
    }
}

ImU32 View::stateColor(const ServiceSnapshot& s) const {
    if (!s.installed || s.state == ServiceState::Unknown) return palette_.neutral;
    if (isPending(s.state)) return palette_.busy;
    if (s.state == ServiceState::Running) return palette_.good;
    return palette_.attention;
}

void View::badge(const ServiceSnapshot& s, bool queryFailed) {
    const std::string word = stateWord(s, queryFailed);
    const ImU32 color = queryFailed ? palette_.neutral : stateColor(s);
    const ImVec2 text = ImGui::CalcTextSize(word.c_str());
    const float dot = std::round(ImGui::GetFontSize() * 0.45f);
    const float padX = 9.0f * scale_, padY = 3.0f * scale_;
    const ImVec2 size{padX * 2.0f + dot + 6.0f * scale_ + text.x, text.y + padY * 2.0f};
    ImGui::Dummy(size);
    const ImVec2 m = ImGui::GetItemRectMin();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->AddRectFilled(m, {m.x + size.x, m.y + size.y}, withAlpha(color, 0.16f), size.y * 0.5f);
    if (isPending(s.state) && !queryFailed) {
        // A pending service: the dot turns, so the user sees something is happening.
        const ImVec2 c{m.x + padX + dot * 0.5f, m.y + size.y * 0.5f};
        const float a = static_cast<float>(ImGui::GetTime()) * 5.0f;
        draw->PathArcTo(c, dot * 0.5f, a, a + 4.2f, 12);
        draw->PathStroke(color, 0, 2.0f * scale_);
        animating_ = true;
    } else {
        draw->AddCircleFilled({m.x + padX + dot * 0.5f, m.y + size.y * 0.5f}, dot * 0.5f, color, 16);
    }
    draw->AddText({m.x + padX + dot + 6.0f * scale_, m.y + padY}, palette_.text, word.c_str());
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
    const float pad = 14.0f * scale_;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);

    ImGui::SetCursorScreenPos({start.x + pad, start.y + pad});
    const float left = ImGui::GetCursorPosX();
    const float innerWidth = width - pad * 2.0f;
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(left + innerWidth);

    // Title and badge.
    ImGui::PushFont(fonts_.strong);
    ImGui::TextUnformatted(std::string(row.entry->friendlyName).c_str());
    ImGui::PopFont();
    if (known) {
        const std::string word = stateWord(s, row.queryError != 0);
        const float badgeWidth = ImGui::CalcTextSize(word.c_str()).x + 24.0f * scale_ + ImGui::GetFontSize() * 0.45f;
        ImGui::SameLine(innerWidth - badgeWidth);  // SameLine offsets are relative to the group
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
        ImGui::PushTextWrapPos(left + innerWidth);
        ImGui::TextWrapped("%s", value.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopStyleColor();
    };
    const bool installed = known && s.installed;
    const bool disabled = installed && s.startType == StartType::Disabled;
    const StartType winDefault = controller_.windowsDefaultFor(name);
    fact("Start type", !known ? "…" : installed ? capitalised(toString(s.startType)) : "-",
         disabled ? palette_.problem : palette_.text);
    fact("Process ID", installed && s.pid != 0 ? std::to_string(s.pid) : "-", palette_.text);
    fact("Last exit", known ? exitCodeInWords(s) : "…", palette_.text);
    ImGui::Dummy({0, 2.0f * scale_});

    // Actions.
    const bool running = s.state == ServiceState::Running;
    const Request request = running ? Request::Restart : Request::Start;
    const std::string verb = running ? "Restart" : "Start";
    const std::string probeId = (running ? "restart:" : "start:") + name;
    const std::string reason = controller_.blockedReason(request, name);
    const bool shield = controller_.needsAdmin(request, name);
    if (button(probeId.c_str(), verb, reason.empty(), shield, ButtonKind::Normal, 96.0f * scale_)) {
        if (running) controller_.restart(name);
        else controller_.start(name);
    }
    if (!reason.empty() && !controller_.busy() && known) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        secondaryText(reason);
    }
    if (disabled) {
        ImGui::PushStyleColor(ImGuiCol_Text, palette_.problem);
        ImGui::TextWrapped("Disabled: Windows will not start it, so updates cannot run.");
        ImGui::PopStyleColor();
        const std::string label = "Set to " + capitalised(toString(winDefault));
        const std::string id = "set-start-type:" + name;
        const bool can = controller_.blockedReason(Request::SetStartType, name).empty();
        if (button(id.c_str(), label, can, controller_.needsAdmin(Request::SetStartType, name)))
            requestStartType(name, winDefault);
    }
    if (const auto& change = controller_.undoable(); change && change->service == name && !controller_.busy()) {
        const std::string id = "undo:" + name;
        secondaryText("Was " + std::string(toString(change->oldType)) + " before WU Doctor changed it.");
        if (button(id.c_str(), "Undo", true, controller_.needsAdmin(Request::SetStartType, name)))
            controller_.undo();
    }

    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float contentHeight = ImGui::GetItemRectMax().y + pad - start.y;
    nextCardHeight_ = std::max(nextCardHeight_, contentHeight);
    const float height = std::max(contentHeight, cardHeight_);

    draw->ChannelsSetCurrent(0);
    const float rounding = 8.0f * scale_;
    draw->AddRectFilled(start, {start.x + width, start.y + height}, palette_.card, rounding);
    draw->AddRect(start, {start.x + width, start.y + height}, disabled ? palette_.problem : palette_.cardBorder,
                  rounding, 0, disabled ? 1.5f * scale_ : 1.0f);
    draw->ChannelsMerge();

    probe_.text("state:" + name, !known ? "" : !s.installed ? "not_installed" : std::string(toId(s.state)));
    probe_.text("start-type:" + name, known ? std::string(toId(s.startType)) : "");
    probe_.text("pid:" + name, std::to_string(s.pid));
}

void View::drawFixRow() {
    ImGui::Dummy({0, 2.0f * scale_});
    const std::string reason = controller_.blockedReason(Request::Fix);
    if (button("fix", "Fix Windows Update", reason.empty(), controller_.needsAdmin(Request::Fix), ButtonKind::Primary,
               200.0f * scale_))
        controller_.fix();
    ImGui::SameLine(0, 14.0f * scale_);
    ImGui::BeginGroup();
    ImGui::Dummy({0, 1.0f * scale_});
    secondaryText(reason.empty() || controller_.busy()
                      ? "Restarts Update Orchestrator, then Windows Update: the standard advice when updates fail."
                      : reason);
    ImGui::EndGroup();
    ImGui::Dummy({0, 2.0f * scale_});
}

void View::drawOperation() {
    const OperationView& op = controller_.operation();
    const char* phases[] = {"idle", "running", "waiting_for_admin", "finished"};
    probe_.text("operation-phase", phases[static_cast<int>(op.phase)]);
    if (op.phase == OperationView::Phase::Idle) return;

    std::string steps;
    for (const StepLine& line : op.steps) steps += line.text + "\n";
    probe_.text("operation-title", op.title);
    probe_.text("operation-steps", steps);
    probe_.text("operation-message", op.message);
    probe_.text("operation-advice", op.advice);
    probe_.text("operation-ok", op.ok ? "true" : "false");

    const float pad = 14.0f * scale_;
    const ImVec2 start = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos({start.x + pad, start.y + pad});
    const float left = ImGui::GetCursorPosX();
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(left + width - pad * 2.0f);

    ImGui::PushFont(fonts_.strong);
    ImGui::TextUnformatted(op.phase == OperationView::Phase::Finished ? op.doneTitle.c_str() : op.title.c_str());
    ImGui::PopFont();
    const float iconSize = std::round(ImGui::GetFontSize());
    for (const StepLine& line : op.steps) {
        stepIcon(line.status, iconSize);
        ImGui::SameLine(0, 8.0f * scale_);
        ImGui::PushStyleColor(ImGuiCol_Text, line.status == StepLine::Status::Skipped ? palette_.textSecondary : palette_.text);
        ImGui::TextWrapped("%s", line.text.c_str());
        ImGui::PopStyleColor();
    }
    ImU32 border = palette_.cardBorder;
    if (op.phase == OperationView::Phase::Finished) {
        ImGui::Dummy({0, 2.0f * scale_});
        const ImU32 color = op.ok ? palette_.good : op.declined ? palette_.textSecondary : palette_.problem;
        border = op.ok ? palette_.cardBorder : op.declined ? palette_.cardBorder : palette_.problem;
        ImGui::PushStyleColor(ImGuiCol_Text, color);
        ImGui::TextWrapped("%s", op.message.c_str());
        ImGui::PopStyleColor();
        if (!op.advice.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, palette_.text);
            ImGui::TextWrapped("Next step: %s", op.advice.c_str());
            ImGui::PopStyleColor();
        }
        if (button("dismiss", "OK", true, false, ButtonKind::Normal, 72.0f * scale_)) controller_.dismissResult();
    }
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float height = ImGui::GetItemRectMax().y + pad - start.y;
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(start, {start.x + width, start.y + height}, palette_.card, 8.0f * scale_);
    draw->AddRect(start, {start.x + width, start.y + height}, border, 8.0f * scale_);
    draw->ChannelsMerge();
    ImGui::SetCursorScreenPos(start);
    ImGui::Dummy({width, height});
    ImGui::Dummy({0, 2.0f * scale_});

    // A new operation scrolls its panel into view once, so the steps are seen.
    if (op.id != lastShownOperation_) {
        lastShownOperation_ = op.id;
        ImGui::ScrollToRect(ImGui::GetCurrentWindow(), ImRect(start, {start.x + width, start.y + height}),
                            ImGuiScrollFlags_KeepVisibleEdgeY);
    }
}

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

    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_BordersOuter |
                                  ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_PadOuterX;
    if (!ImGui::BeginTable("related-table", 4, flags)) return;
    ImGui::TableSetupColumn("Service", ImGuiTableColumnFlags_WidthStretch, 3.8f);
    ImGui::TableSetupColumn("State", ImGuiTableColumnFlags_WidthStretch, 1.2f);
    ImGui::TableSetupColumn("Start type", ImGuiTableColumnFlags_WidthStretch, 1.6f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthStretch, 1.9f);
    ImGui::TableHeadersRow();
    for (const ServiceRow& row : status.rows) {
        if (row.entry->primary) continue;
        const ServiceSnapshot& s = row.snapshot;
        const std::string name(row.entry->name);
        ImGui::PushID(name.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(std::string(row.entry->friendlyName).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (%s)", std::string(row.entry->role).c_str(), name.c_str());
        ImGui::SameLine();
        secondaryText(name, false);

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
            const std::string label = "Set to " + capitalised(toString(controller_.windowsDefaultFor(name)));
            const std::string id = "set-start-type:" + name;
            if (button(id.c_str(), label, controller_.blockedReason(Request::SetStartType, name).empty(),
                       controller_.needsAdmin(Request::SetStartType, name)))
                requestStartType(name, controller_.windowsDefaultFor(name));
        } else if (const auto& change = controller_.undoable(); change && change->service == name && !controller_.busy()) {
            const std::string id = "undo:" + name;
            if (button(id.c_str(), "Undo", true, controller_.needsAdmin(Request::SetStartType, name))) controller_.undo();
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Put it back to %s", std::string(toString(change->oldType)).c_str());
        } else if (row.entry->isProtected) {
            ImGui::AlignTextToFramePadding();
            secondaryText("Protected by Windows", false);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("Windows looks after this service itself: it cannot be stopped, and that is normal.");
        } else {
            const bool running = s.state == ServiceState::Running;
            const Request request = running ? Request::Restart : Request::Start;
            const std::string id = (running ? "restart:" : "start:") + name;
            if (button(id.c_str(), running ? "Restart" : "Start", controller_.blockedReason(request, name).empty(),
                       controller_.needsAdmin(request, name))) {
                if (running) controller_.restart(name);
                else controller_.start(name);
            }
        }
        probe_.text("state:" + name, !s.installed ? "not_installed" : std::string(toId(s.state)));
        probe_.text("start-type:" + name, std::string(toId(s.startType)));
        ImGui::PopID();
    }
    ImGui::EndTable();
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

// The view's widgets and drawing primitives: buttons that join our focus ring and the test probe, section
// headers, icons, the state badge, the card frame, and the per-service buttons the cards and the related table
// share (Start / Restart, "Set to ...", Undo).
#include "ui/view.hpp"

#include "wud/catalog.hpp"
#include "wud/text.hpp"

#include <GLFW/glfw3.h>  // key codes only (Enter)
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

namespace wud::ui {
namespace {

ImU32 withAlpha(ImU32 color, float alpha) {
    const auto a = static_cast<ImU32>(static_cast<float>((color >> IM_COL32_A_SHIFT) & 0xFF) * alpha);
    return (color & ~IM_COL32_A_MASK) | (a << IM_COL32_A_SHIFT);
}

}  // namespace

std::string View::stateWord(const ServiceSnapshot& s, bool queryFailed) {
    if (queryFailed) return "Unknown";
    if (!s.installed) return "Not installed";
    if (s.state == ServiceState::Unknown) return "Unknown";
    return capitalised(toPlain(s.state));
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
    if (requested(probeId, AccessibleRequest::Kind::Focus) && enabled) focusRequest_ = id;  // a screen reader's
    if (focusRequest_ != 0 && focusRequest_ == id) {
        ImGui::SetFocusID(id, window);
        ImGuiContext& g = *GImGui;
        g.NavDisableHighlight = false;
        g.NavDisableMouseHover = true;
        ImGui::ScrollToItem(ImGuiScrollFlags_KeepVisibleEdgeY);
        focusRequest_ = 0;
    }
    probeItem(probeId, label, enabled);
    if (GImGui->NavId == id && !GImGui->NavDisableHighlight) probe_.text("focus", probeId);
}

void View::probeItem(const char* probeId, const std::string& label, bool enabled) {
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    // A window's first (auto-sizing) frame is laid out but not shown: its rectangles are not where the
    // items will be, so the probe waits for the next frame, which is requested here.
    if (window->Hidden) {
        again_ = true;
        return;
    }
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    // What is really drawn: the window's clip rectangle is the table column's inside a table.
    const ImRect& clip = window->ClipRect;
    const ImVec2 shownMin = ImMax(min, clip.Min), shownMax = ImMax(shownMin, ImMin(max, clip.Max));
    probe_.item(probeId, label, {min.x, min.y, max.x, max.y}, {shownMin.x, shownMin.y, shownMax.x, shownMax.y},
                enabled);
}

void View::accessibleItem(AccessibleNode node) {
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (window->Hidden) return;  // laid out, not shown (see probeItem): the next frame reports it
    const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
    node.rect = {min.x, min.y, max.x, max.y};
    const ImRect& clip = window->ClipRect;
    node.offscreen = max.x <= clip.Min.x || min.x >= clip.Max.x || max.y <= clip.Min.y || min.y >= clip.Max.y;
    const ImGuiID id = ImGui::GetItemID();
    node.focused = id != 0 && GImGui->NavId == id && !GImGui->NavDisableHighlight && GImGui->NavWindow != nullptr;
    node.modal = (window->RootWindow->Flags & ImGuiWindowFlags_Modal) != 0;
    a11y_.add(std::move(node));
}

void View::accessibleText(const std::string& key, const std::string& text, AccessibleLive live,
                          const std::string& description, const AccessibleRect* rect) {
    if (text.empty()) return;
    AccessibleNode node;
    node.key = key;
    node.role = AccessibleRole::StaticText;
    node.name = text;
    node.description = description;
    node.live = live;
    const ImGuiWindow* window = ImGui::GetCurrentWindow();
    if (rect != nullptr) {
        node.rect = *rect;
    } else {
        const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
        node.rect = {min.x, min.y, max.x, max.y};
    }
    const ImRect& clip = window->ClipRect;
    node.offscreen = node.rect.y1 <= clip.Min.y || node.rect.y0 >= clip.Max.y;
    node.modal = (window->RootWindow->Flags & ImGuiWindowFlags_Modal) != 0;
    a11y_.add(std::move(node));
}

void View::describeNext(std::string name, std::string description) {
    nextAccessible_ = {std::move(name), std::move(description)};
}

bool View::requested(const char* probeId, AccessibleRequest::Kind kind) const {
    return std::any_of(requests_.begin(), requests_.end(),
                       [&](const AccessibleRequest& r) { return r.kind == kind && r.key == probeId; });
}

void View::markPixel(const std::string& id, ImVec2 at, ImU32 colour) {
    if (!probe_.enabled()) return;
    const ImRect& clip = ImGui::GetCurrentWindow()->ClipRect;
    if (at.x - 1.0f < clip.Min.x || at.y - 1.0f < clip.Min.y || at.x + 1.0f > clip.Max.x || at.y + 1.0f > clip.Max.y)
        return;  // scrolled out of the middle band, or under its edge
    marks_.push_back({id, at, colour});
}

void View::publishMarks() {
    // A tooltip or a popup paints over what lies under it, and a modal dims the whole window behind it: those
    // pixels no longer have the colours the marks name.
    for (const ImGuiWindow* window : GImGui->Windows) {
        if (!window->Active || (window->Flags & (ImGuiWindowFlags_Tooltip | ImGuiWindowFlags_Popup)) == 0) continue;
        if ((window->Flags & ImGuiWindowFlags_Modal) != 0) {
            marks_.clear();
            break;
        }
        ImRect covered = window->Rect();
        covered.Expand(2.0f);  // its border
        std::erase_if(marks_, [&](const Mark& m) { return covered.Contains(m.at); });
    }
    for (const Mark& m : marks_) {
        const ImU32 c = m.colour;  // ImGui packs A, B, G, R from the high byte down
        const std::uint32_t rgb = ((c & 0xFFu) << 16) | (c & 0xFF00u) | ((c >> 16) & 0xFFu);
        probe_.mark(m.id, static_cast<int>(std::floor(m.at.x)), static_cast<int>(std::floor(m.at.y)), rgb);
    }
    marks_.clear();
}

float View::buttonWidth(const std::string& label, bool shield, float minWidth) const {
    const ImGuiStyle& style = ImGui::GetStyle();
    const float gap = shield ? std::round(ImGui::GetFontSize() * 0.9f) + style.ItemInnerSpacing.x : 0.0f;
    return std::max(minWidth, ImGui::CalcTextSize(label.c_str()).x + gap + style.FramePadding.x * 2.0f);
}

bool View::button(const char* probeId, const std::string& label, bool enabled, bool shield, ButtonKind kind,
                  float minWidth) {
    ImGui::PushID(probeId);
    const ImGuiStyle& style = ImGui::GetStyle();
    const float shieldSize = std::round(ImGui::GetFontSize() * 0.9f);
    const float gap = shield ? shieldSize + style.ItemInnerSpacing.x : 0.0f;
    const ImVec2 text = ImGui::CalcTextSize(label.c_str());
    const float padY = kind == ButtonKind::Primary ? style.FramePadding.y + 3.0f * scale_ : style.FramePadding.y;
    const ImVec2 size{buttonWidth(label, shield, minWidth), text.y + padY * 2.0f};

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
    ImU32 color = kind == ButtonKind::Primary ? palette_.onAccent : palette_.buttonText;
    if (!enabled) color = palette_.highContrast ? palette_.neutral : withAlpha(color, style.DisabledAlpha);
    draw->AddText(pos, color, label.c_str());

    // A double click is one press. Many people double-click buttons out of habit, and an operation can end
    // between the two clicks (Start takes ~50 ms): the second would then press what now stands there, and
    // Start became Start + Restart. ImGui presses on release; the release that ends a second click is dropped.
    const ImGuiIO& io = ImGui::GetIO();
    if (pressed && io.MouseReleased[ImGuiMouseButton_Left] && io.MouseClickedLastCount[ImGuiMouseButton_Left] >= 2)
        pressed = false;
    // Space presses a focused button through ImGui's keyboard navigation; Enter is ours.
    if (enabled && focused && (keyHit(GLFW_KEY_ENTER) || keyHit(GLFW_KEY_KP_ENTER))) pressed = true;
    // A screen reader's "press" (MSAA DoDefaultAction, UIA Invoke) comes through here, as a click does.
    if (requested(probeId, AccessibleRequest::Kind::Press)) pressed = true;
    registerFocusable(probeId, label, enabled);
    AccessibleNode node;
    node.key = probeId;
    node.role = AccessibleRole::Button;
    NextAccessible described = std::exchange(nextAccessible_, {});
    node.name = accessibleButtonName(described.name.empty() ? label : described.name, {}, shield);
    node.description = std::move(described.description);
    node.enabled = enabled;
    node.focusable = enabled;
    accessibleItem(std::move(node));
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
    // Enter folds it as a click does; so does a screen reader's Expand / Collapse / default action.
    const bool toggle = (ImGui::IsItemFocused() && (keyHit(GLFW_KEY_ENTER) || keyHit(GLFW_KEY_KP_ENTER))) ||
                        requested(probeId, AccessibleRequest::Kind::Press) ||
                        requested(probeId, open ? AccessibleRequest::Kind::Collapse : AccessibleRequest::Kind::Expand);
    if (toggle) {
        ImGuiStorage* storage = ImGui::GetStateStorage();
        storage->SetInt(ImGui::GetItemID(), open ? 0 : 1);
        again_ = true;
    }
    registerFocusable(probeId, label, true);
    AccessibleNode node;
    node.key = probeId;
    node.role = AccessibleRole::OutlineItem;
    node.name = visibleLabel(label);
    node.focusable = true;
    node.expanded = open;  // a toggle shows in the next frame (again_), which is the one published
    accessibleItem(std::move(node));
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
    if (palette_.highContrast) {  // the theme's text colour only: the shield's outline and its cross
        draw->AddPolyline(outline, 6, palette_.buttonText, ImDrawFlags_Closed, std::max(1.0f, s * 0.1f));
        draw->AddLine(p(0.5f, 0.0f), p(0.5f, 1.0f), palette_.buttonText, std::max(1.0f, s * 0.08f));
        draw->AddLine(p(0.08f, 0.52f), p(0.92f, 0.52f), palette_.buttonText, std::max(1.0f, s * 0.08f));
        return;
    }
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
    if (palette_.highContrast) draw->AddRect(m, {m.x + size.x, m.y + size.y}, palette_.text, size.y * 0.5f);  // no tint
    else draw->AddRectFilled(m, {m.x + size.x, m.y + size.y}, withAlpha(color, 0.16f), size.y * 0.5f);
    if (isPending(s.state) && !queryFailed) {
        // A pending service: the dot turns, so the user sees something is happening.
        const ImVec2 c{m.x + padX + dot * 0.5f, m.y + size.y * 0.5f};
        const float a = static_cast<float>(ImGui::GetTime()) * 5.0f;
        draw->PathArcTo(c, dot * 0.5f, a, a + 4.2f, 12);
        draw->PathStroke(color, 0, 2.0f * scale_);
        animating_ = true;
    } else {
        const ImVec2 centre{m.x + padX + dot * 0.5f, m.y + size.y * 0.5f};
        draw->AddCircleFilled(centre, dot * 0.5f, color, 16);
        // The dot's colour says the state: on screen, it shows this frame's status, not an earlier one.
        markPixel("badge:" + s.name, centre, color);
    }
    draw->AddText({m.x + padX + dot + 6.0f * scale_, m.y + padY}, palette_.text, word.c_str());
}

// ---------------------------------------------------------------------------------------------------- card frame

View::CardFrame View::beginCard(float width) {
    CardFrame card;
    card.start = ImGui::GetCursorScreenPos();
    card.width = width;
    card.pad = 14.0f * scale_;
    // Content on channel 1, the frame (drawn once the content's height is known) behind it on channel 0.
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSplit(2);
    draw->ChannelsSetCurrent(1);
    ImGui::SetCursorScreenPos({card.start.x + card.pad, card.start.y + card.pad});
    card.left = ImGui::GetCursorPosX();
    card.innerWidth = width - card.pad * 2.0f;
    ImGui::BeginGroup();
    ImGui::PushTextWrapPos(card.left + card.innerWidth);
    return card;
}

float View::endCard(const CardFrame& card, ImU32 border, float borderWidth, float minHeight) {
    ImGui::PopTextWrapPos();
    ImGui::EndGroup();
    const float contentHeight = ImGui::GetItemRectMax().y + card.pad - card.start.y;
    const float height = std::max(contentHeight, minHeight);
    const ImVec2 end{card.start.x + card.width, card.start.y + height};
    const float rounding = 8.0f * scale_;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    draw->ChannelsSetCurrent(0);
    draw->AddRectFilled(card.start, end, palette_.card, rounding);
    draw->AddRect(card.start, end, border, rounding, 0, borderWidth);
    draw->ChannelsMerge();
    return contentHeight;
}

// ---------------------------------------------------------------------------------------------------- service buttons

std::string View::startOrRestartButton(const std::string& service, const ServiceSnapshot& s, float minWidth) {
    const bool running = s.state == ServiceState::Running;
    const Request request = running ? Request::Restart : Request::Start;
    const std::string probeId = (running ? "restart:" : "start:") + service;
    std::string reason = controller_.blockedReason(request, service);
    describeNext(accessibleButtonName(running ? "Restart" : "Start", friendlyNameOf(service), false), reason);
    if (button(probeId.c_str(), running ? "Restart" : "Start", reason.empty(), controller_.needsAdmin(request, service),
               ButtonKind::Normal, minWidth)) {
        if (running) requestStopping(Request::Restart, service);
        else controller_.start(service);
    }
    return reason;
}

void View::setToDefaultButton(const std::string& service) {
    const StartType winDefault = controller_.windowsDefaultFor(service);
    const std::string label = "Set to " + capitalised(toString(winDefault));
    const std::string probeId = "set-start-type:" + service;
    const std::string reason = controller_.blockedReason(Request::SetStartType, service);
    describeNext("Set " + std::string(friendlyNameOf(service)) + " to " + capitalised(toString(winDefault)), reason);
    if (button(probeId.c_str(), label, reason.empty(),
               controller_.needsAdmin(Request::SetStartType, service)))
        requestStartType(service, winDefault);
}

const StartTypeChange* View::undoableChange(const std::string& service) const {
    const auto& change = controller_.undoable();
    return change && change->service == service && !controller_.busy() ? &*change : nullptr;
}

void View::undoButton(const std::string& service) {
    const std::string probeId = "undo:" + service;
    describeNext("Undo the start type change of " + std::string(friendlyNameOf(service)));
    if (button(probeId.c_str(), "Undo", true, controller_.needsAdmin(Request::SetStartType, service))) controller_.undo();
}

}  // namespace wud::ui

#pragma once
// The window's accessibility tree: what a screen reader needs to know about each thing a frame drew — its role,
// a name a blind user can act on, its state and where it is. Dear ImGui draws pixels and exposes nothing, so the
// view reports every widget here, from the same helpers that report it to the test probe (view_widgets.cpp), and
// the window hands the frame's tree to Windows two ways: MSAA's IAccessible and UI Automation's providers
// (app/gui/window/accessibility*.cpp). One model, two faces, as Chromium (AXPlatformNodeWin), Qt
// (QWindowsUiaMainProvider) and AccessKit do.
//
// Pure: no ImGui, no Win32, no threads. A published tree (AccessibleTree) is immutable and swapped in whole.
// Node ids come from the widget ids ("restart:wuauserv"), not positions, so a node keeps its id across frames —
// a screen reader's place in the window survives a redraw, a section opening or a card growing.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace wud::ui {

/// What a node is, for the screen reader (each maps to an MSAA role and a UIA control type).
enum class AccessibleRole : std::uint8_t {
    Button,        ///< a push button: Invoke / "Press"
    CheckBox,      ///< a toggle: Toggle / "Check", "Uncheck"
    OutlineItem,   ///< a section that folds: ExpandCollapse / "Expand", "Collapse"
    StaticText,    ///< readable text: the verdict, a card, a finding, the result
    EditableText,  ///< a text field: Value (the error-code field)
    ProgressBar,   ///< a long job's meter: its value is the progress ("42%"), read-only
};

/// How eagerly a change of the node's text is announced (UIA LiveSetting; "off" announces nothing).
enum class AccessibleLive : std::uint8_t { Off, Polite, Assertive };

/// A rectangle in the window's client coordinates (pixels).
struct AccessibleRect {
    float x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    [[nodiscard]] bool empty() const noexcept { return x1 <= x0 || y1 <= y0; }
    [[nodiscard]] bool contains(float x, float y) const noexcept { return x >= x0 && x < x1 && y >= y0 && y < y1; }
    friend bool operator==(const AccessibleRect&, const AccessibleRect&) = default;
};

struct AccessibleNode {
    std::int32_t id = 0;      ///< stable across frames (assigned by AccessibilityTree from `key`); never 0
    std::string key;          ///< the widget's id ("restart:wuauserv"): UIA's AutomationId
    AccessibleRole role = AccessibleRole::StaticText;
    std::string name;         ///< what it is called ("Restart Windows Update (needs administrator rights)")
    std::string description;  ///< more: why it is disabled, what it does
    std::string value;        ///< a text field's text; a progress bar's progress ("42%", "" while unknown)
    AccessibleRect rect;      ///< where it is drawn whole
    bool enabled = true;
    bool focusable = false;
    bool focused = false;
    bool offscreen = false;         ///< scrolled out of view or clipped away entirely
    std::optional<bool> expanded;   ///< OutlineItem
    std::optional<bool> checked;    ///< CheckBox
    AccessibleLive live = AccessibleLive::Off;
    bool modal = false;             ///< inside the open confirmation: while one is, only its nodes are shown

    /// The default action's verb ("Press", "Expand"…), "" when it has none (text) or is disabled.
    [[nodiscard]] std::string defaultAction() const;
    friend bool operator==(const AccessibleNode&, const AccessibleNode&) = default;
};

/// One frame's tree: the window (root) and its children in reading order. Immutable once published.
struct AccessibleTree {
    std::vector<AccessibleNode> nodes;
    std::uint64_t frame = 0;  ///< the frame it was built from (0: none yet)

    [[nodiscard]] const AccessibleNode* find(std::int32_t id) const noexcept;
    [[nodiscard]] const AccessibleNode* findKey(std::string_view key) const noexcept;
    /// The node with the keyboard focus, or null.
    [[nodiscard]] const AccessibleNode* focused() const noexcept;
    /// The topmost node at a point (client coordinates), or null.
    [[nodiscard]] const AccessibleNode* at(float x, float y) const noexcept;
    /// Position in `nodes`, or -1.
    [[nodiscard]] int indexOf(std::int32_t id) const noexcept;
};

/// What changed from one published tree to the next: what the window tells screen readers.
struct AccessibleChanges {
    bool structure = false;              ///< nodes came or went (UIA: children invalidated)
    std::int32_t focus = 0;              ///< the node that newly has the focus (0: focus did not move)
    std::vector<std::int32_t> announce;  ///< live nodes whose text is new: read out without the user hunting for it
    std::vector<std::int32_t> changed;   ///< nodes whose name, state or value changed (MSAA: name/state change)
    std::vector<std::int32_t> values;    ///< nodes whose value changed: a meter's progress, the field's text
};
[[nodiscard]] AccessibleChanges changesBetween(const AccessibleTree& before, const AccessibleTree& after);

/// Builds the tree frame by frame on the UI thread: the view adds nodes while it draws, the window takes the tree
/// when the frame is done. Keeps the key -> id map for the whole run, so ids never change or get reused.
class AccessibilityTree {
public:
    void beginFrame(std::uint64_t frame);
    /// Adds a node (its id is assigned from its key; a key seen twice in a frame keeps the first).
    void add(AccessibleNode node);
    /// The frame's tree: while a modal confirmation is open, only its nodes (the rest of the window is behind it).
    [[nodiscard]] AccessibleTree endFrame();
    /// The id a key has (assigned now if never seen).
    std::int32_t idOf(std::string_view key);

private:
    std::unordered_map<std::string, std::int32_t> ids_;
    std::int32_t next_ = 1;
    AccessibleTree building_;
};

/// The request a screen reader made through a node, carried to the UI thread and done there in the next frame,
/// through the same path as a click (never from the COM call's thread).
struct AccessibleRequest {
    enum class Kind : std::uint8_t { Press, Focus, SetValue, Expand, Collapse };
    Kind kind = Kind::Press;
    std::string key;    ///< the widget
    std::string value;  ///< SetValue's text
};

/// Why a request on this node is refused ("" when it may go ahead): a disabled or vanished widget does nothing,
/// and says so to the caller (UIA_E_ELEMENTNOTENABLED / E_FAIL) instead of pretending.
[[nodiscard]] std::string refusal(const AccessibleNode* node, AccessibleRequest::Kind kind);

// ---- names a blind user can act on

/// A button's accessible name: its label, the thing it acts on ("Restart" + "Windows Update" -> "Restart Windows
/// Update"), and the shield in words ("… (needs administrator rights)").
[[nodiscard]] std::string accessibleButtonName(std::string_view label, std::string_view target, bool needsAdmin);
/// A UTF-8 label with the decoration a screen reader would read out stripped: ImGui's "##id" / "###id" suffix and
/// a trailing ellipsis's dots stay readable ("Reset update cache…" is read as is).
[[nodiscard]] std::string visibleLabel(std::string_view label);

}  // namespace wud::ui

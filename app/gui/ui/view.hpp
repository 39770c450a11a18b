#pragma once
// Draws the controller's state with Dear ImGui and turns clicks and keys into controller requests. It
// owns no service state: everything it shows comes from the Controller, read on the UI thread.

#include "ui/accessibility.hpp"
#include "ui/controller.hpp"
#include "ui/probe.hpp"
#include "ui/style.hpp"

#include <imgui.h>

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

struct ImGuiWindow;

namespace wud::ui {

class View {
public:
    View(Controller& controller, Probe& probe) : controller_(controller), probe_(probe) {}

    /// A key press seen by the window since the last frame (GLFW key code + modifier bits).
    struct KeyPress {
        int key;
        int mods;
    };

    void setLook(const Palette& palette, const Fonts& fonts, float scale);
    /// The key presses to act on in the next draw(). ImGui 1.86 samples key state once per frame, so a press
    /// and release between two frames (a fast typist, xdotool) would be lost; the window queues them instead.
    void setKeys(std::vector<KeyPress> keys) { keys_ = std::move(keys); }
    /// Builds this frame's UI (between ImGui::NewFrame and ImGui::Render).
    void draw();
    /// Something moves (a spinner): keep drawing frames while true.
    [[nodiscard]] bool animating() const noexcept { return animating_; }
    /// The layout settled differently than last frame (e.g. card heights): draw one more frame.
    [[nodiscard]] bool wantsAnotherFrame() const noexcept { return again_; }
    /// What screen readers asked for since the last frame (press, focus, type…): done in the next draw(), through
    /// the same path as a click or a key.
    void setAccessibleRequests(std::vector<AccessibleRequest> requests) { requests_ = std::move(requests); }
    /// The accessibility tree the last draw() built (every widget and readable text, accessibility.hpp).
    [[nodiscard]] AccessibleTree takeAccessibleTree() { return a11y_.endFrame(); }

private:
    enum class ButtonKind { Normal, Primary };
    struct Focusable {
        unsigned id;
        ImGuiWindow* window;
    };

    bool button(const char* probeId, const std::string& label, bool enabled, bool shield,
                ButtonKind kind = ButtonKind::Normal, float minWidth = 0.0f);
    /// The width button() gives this label.
    [[nodiscard]] float buttonWidth(const std::string& label, bool shield, float minWidth = 0.0f) const;
    bool header(const char* probeId, const char* label, bool defaultOpen);
    void registerFocusable(const char* probeId, const std::string& label, bool enabled);
    /// Tells the test probe where the last item is drawn (whole and as clipped).
    void probeItem(const char* probeId, const std::string& label, bool enabled);
    /// Adds the last item to the accessibility tree (its rectangle, focus and dialog filled in here).
    void accessibleItem(AccessibleNode node);
    /// Readable text for the accessibility tree: the last item's rectangle unless `rect` is given.
    void accessibleText(const std::string& key, const std::string& text, AccessibleLive live = AccessibleLive::Off,
                        const std::string& description = {}, const AccessibleRect* rect = nullptr);
    /// The accessible name and description of the next button() (default: its label; a disabled one says why).
    void describeNext(std::string name, std::string description = {});
    /// A screen reader asked for this on the widget `probeId` since the last frame.
    [[nodiscard]] bool requested(const char* probeId, AccessibleRequest::Kind kind) const;
    /// A pixel this frame paints in one solid colour, for the probe's marks: kept only if the current clip
    /// rectangle shows it and its neighbours.
    void markPixel(const std::string& id, ImVec2 at, ImU32 colour);
    /// Hands the frame's marks to the probe, less those that something floating covers.
    void publishMarks();
    void handleKeys();
    [[nodiscard]] bool keyHit(int key, int mods = 0) const;

    void drawVerdict();
    void drawCards();
    void drawCard(const ServiceRow& row, float width);
    void drawFixRow();
    void drawOperation();
    void drawChecks();
    void drawFinding(const Finding& finding, bool repairEnabled, bool shield);
    void drawJournal();
    void drawRelated();
    void drawHelp();
    void drawExplain();
    void drawHistory();
    void drawActivity();
    void drawConfirm();
    /// Ends the confirmation's popup, closing it when `close` (a button or Esc answered it); a frame whose popup is
    /// about to change height has not settled.
    void endConfirm(bool close);
    void requestStartType(const std::string& service, StartType type);
    /// Restart or Fix: straight away, or after "A restart is pending… run anyway?" (restartFirstQuestion).
    void requestStopping(Request request, const std::string& service);
    /// "Reset update cache…": asks the worker for the plan and opens the confirmation that shows it.
    void requestResetCache();
    /// The confirmation's body for the cache reset (what will happen, or why it is refused).
    bool drawResetCacheConfirm();
    /// "Repair Windows files…": the confirmation says how long it takes, that it needs administrator rights and that
    /// SFC cannot be cancelled; true once it is answered.
    bool drawRepairSystemConfirm();
    /// A long job's progress: the bar with its percentage, the step, the elapsed time and Cancel.
    void drawMeter(const Meter& meter);
    /// Windows Update's answer to "Check for updates now", under the verdict: what was found, Open Windows Update, OK.
    void drawScanAnswer(const ScanAnswer& answer);
    /// "Check for updates now" (the Windows Update card, the result panel).
    void checkForUpdatesButton(const char* probeId);

    // The card frame: content between the two, a rounded box behind it sized to the content (at least
    // minHeight). endCard returns the content's height.
    struct CardFrame {
        ImVec2 start;
        float width = 0.0f;
        float pad = 0.0f;
        float left = 0.0f;        ///< content's left edge, in window coordinates (for wrap positions)
        float innerWidth = 0.0f;  ///< width inside the padding
    };
    CardFrame beginCard(float width);
    float endCard(const CardFrame& card, ImU32 border, float borderWidth = 1.0f, float minHeight = 0.0f);

    // The per-service buttons, written once for the cards and the related table.
    /// Start (stopped) or Restart (running); returns why it is disabled ("" when it is not).
    std::string startOrRestartButton(const std::string& service, const ServiceSnapshot& snapshot, float minWidth = 0.0f);
    /// "Set to <Windows' default>", which asks for confirmation first.
    void setToDefaultButton(const std::string& service);
    /// The start-type change of this service that Undo would put back, while nothing runs; else null.
    [[nodiscard]] const StartTypeChange* undoableChange(const std::string& service) const;
    void undoButton(const std::string& service);

    [[nodiscard]] static std::string stateWord(const ServiceSnapshot& snapshot, bool queryFailed);
    void badge(const ServiceSnapshot& snapshot, bool queryFailed);
    void stepIcon(StepLine::Status status, float size);
    void verdictIcon(Verdict::Level level, float size);
    void severityIcon(Severity severity, float size);
    void spinner(float radius, ImU32 color);
    void shieldIcon(ImVec2 at, float size);
    void secondaryText(const std::string& text, bool wrap = true);
    /// A confirmation's details, in a part that scrolls when they are long, so the buttons below stay in view.
    void confirmationBody(const std::function<void()>& body);
    void copyReport();
    [[nodiscard]] ImU32 stateColor(const ServiceSnapshot& snapshot) const;

    Controller& controller_;
    Probe& probe_;
    Palette palette_{};
    Fonts fonts_{};
    float scale_ = 1.0f;
    bool animating_ = false;
    bool again_ = false;
    float cardHeight_ = 0.0f;
    float nextCardHeight_ = 0.0f;
    float helpHeight_ = 0.0f;  ///< the "More help" band at the bottom, as last drawn

    // The open confirmation: a start-type change, Restart / Fix while a restart is pending, or the cache reset (with
    // the core's plan).
    struct Confirm {
        enum class Kind : std::uint8_t { StartType, RestartFirst, ResetCache, RepairSystem };
        bool open = false;
        bool justOpened = false;
        Kind kind = Kind::StartType;
        std::string service;
        StartType from = StartType::Unknown;
        StartType to = StartType::Unknown;
        Request request = Request::Restart;  ///< RestartFirst: what runs on "Run anyway"
        std::string question;
    } confirm_;
    float confirmBodyHeight_ = 0.0f;  ///< the open confirmation's details, as tall as last measured
    bool autoOpenedChecks_ = false;
    std::size_t undoableSeen_ = 0;  ///< journal entries Undo offered last frame: one more opens the Checks section
    bool undoableKnown_ = false;

    struct Mark {
        std::string id;
        ImVec2 at;
        ImU32 colour;
    };
    std::vector<Mark> marks_;  ///< this frame's, for the probe (publishMarks)

    // Our own focus ring: ImGui 1.86 tabs only through text fields, and Tab onto a button would press it.
    std::vector<Focusable> focusables_;
    std::vector<KeyPress> keys_;
    unsigned focusRequest_ = 0;
    bool autoOpenedRelated_ = false;

    // The "Explain an error code" field and what it last said.
    struct ExplainBox {
        std::array<char, 64> input{};
        std::string lastInput;
        std::string result;
    } explain_;
    std::uint64_t lastShownOperation_ = 0;  ///< the operation panel as last scrolled into view (id, steps, phase)

    // The accessibility tree (accessibility.hpp), built each frame like the probe; the requests screen readers made.
    AccessibilityTree a11y_;
    std::uint64_t a11yFrame_ = 0;
    std::vector<AccessibleRequest> requests_;
    struct NextAccessible {
        std::string name, description;
    } nextAccessible_;
};

}  // namespace wud::ui

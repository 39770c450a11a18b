// The window: GLFW + Dear ImGui drawn by the first renderer of the chain that works (renderer.hpp: Direct3D 11,
// WARP, OpenGL 3, OpenGL 2; the native last-resort dialog when none does), an event-driven frame loop, and
// the wiring of Controller (state + worker) to View (drawing). A frame is drawn only when something
// happened: input, a changed status posted by the worker, or an animation on screen. Idle = no frames.

#include "window/window.hpp"

#include "window/accessibility.hpp"
#include "window/last_resort_dialog.hpp"
#include "window/look.hpp"
#include "window/renderer.hpp"
#include "ui/controller.hpp"
#include "ui/platform.hpp"
#include "ui/probe.hpp"
#include "ui/style.hpp"
#include "ui/view.hpp"

#include "wud/write_places.hpp"
#include "wud/clock.hpp"
#include "wud/log.hpp"
#include "wud/report.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/update_history.hpp"
#include "wud/update_scan.hpp"
#include "wud/win32/com.hpp"
#include "wud/win32/handle.hpp"
#include "wud/win32/crypto.hpp"
#include "wud/win32/dism.hpp"
#include "wud/win32/sfc.hpp"
#include "wud/win32/lock_finder.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <charconv>
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_WIN32
#include <GLFW/glfw3native.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <spdlog/logger.h>

#include <windows.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace wud::app {
namespace {

constexpr int kWidth = 780, kHeight = 740;        // at 96 dpi; GLFW scales to the monitor
constexpr int kMinWidth = 620, kMinHeight = 520;
constexpr double kIdleWaitSeconds = 30.0;         // a safety net only: the worker wakes us on any change
constexpr double kAnimationFrameSeconds = 1.0 / 30.0;
// Frames drawn after a batch of input. A click acts on its release, so when the press and the release come in
// one batch (a touchpad tap, a quick click) ImGui needs three: the press, the release that acts, and the frame
// that shows what it did. With two, OK closed the result panel but the window went on showing it until the
// mouse moved.
constexpr int kFramesAfterInput = 3;
// A frame whose layout has not settled (it measured something the next frame places) is drawn but not shown, so
// the window opens with its final layout and jumps at no time. Never more than this many in a row: a layout that
// keeps moving is still shown.
constexpr int kMaxUnshownFrames = 3;

// Why the loop should draw: set from GLFW callbacks (input, resize, DPI change), read once per loop turn.
struct LoopSignals {
    bool input = true;
    bool rescale = false;
    std::vector<ui::View::KeyPress> keys;  // presses since the last frame, in order
};

LoopSignals& signalsOf(GLFWwindow* window) { return *static_cast<LoopSignals*>(glfwGetWindowUserPointer(window)); }

// Installed before ImGui's GLFW backend, which chains to them: each says "something happened, draw".
void installWakeCallbacks(GLFWwindow* window) {
    glfwSetCursorPosCallback(window, [](GLFWwindow* w, double, double) { signalsOf(w).input = true; });
    glfwSetMouseButtonCallback(window, [](GLFWwindow* w, int, int, int) { signalsOf(w).input = true; });
    glfwSetScrollCallback(window, [](GLFWwindow* w, double, double) { signalsOf(w).input = true; });
    glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int, int action, int mods) {
        signalsOf(w).input = true;
        if (action != GLFW_RELEASE) signalsOf(w).keys.push_back({key, mods});
    });
    glfwSetCharCallback(window, [](GLFWwindow* w, unsigned) { signalsOf(w).input = true; });
    glfwSetWindowFocusCallback(window, [](GLFWwindow* w, int) { signalsOf(w).input = true; });
    glfwSetCursorEnterCallback(window, [](GLFWwindow* w, int) { signalsOf(w).input = true; });
    glfwSetWindowSizeCallback(window, [](GLFWwindow* w, int, int) { signalsOf(w).input = true; });
    glfwSetWindowRefreshCallback(window, [](GLFWwindow* w) { signalsOf(w).input = true; });
    glfwSetWindowContentScaleCallback(window, [](GLFWwindow* w, float, float) {
        signalsOf(w).rescale = true;
        signalsOf(w).input = true;
    });
}

float contentScale(GLFWwindow* window) {
    float x = 1.0f, y = 1.0f;
    glfwGetWindowContentScale(window, &x, &y);
    return std::clamp(std::max(x, y), 1.0f, 4.0f);
}

// The default and minimum sizes, scaled, kept inside the screen's work area: at 200 % on a small screen the
// window would otherwise start taller than the screen, its "More help" band out of sight. Centred when shrunk; grown
// to the minimum when smaller (Windows' text size was just raised: what fitted no longer does).
void fitToWorkArea(GLFWwindow* window, float scale) {
    int minWidth = static_cast<int>(kMinWidth * scale), minHeight = static_cast<int>(kMinHeight * scale);
    if (GLFWmonitor* monitor = glfwGetPrimaryMonitor()) {
        int areaX = 0, areaY = 0, areaWidth = 0, areaHeight = 0;
        glfwGetMonitorWorkarea(monitor, &areaX, &areaY, &areaWidth, &areaHeight);
        int left = 0, top = 0, right = 0, bottom = 0;
        glfwGetWindowFrameSize(window, &left, &top, &right, &bottom);
        const int maxWidth = areaWidth - left - right, maxHeight = areaHeight - top - bottom;
        if (maxWidth > 0 && maxHeight > 0) {
            minWidth = std::min(minWidth, maxWidth);
            minHeight = std::min(minHeight, maxHeight);
            int width = 0, height = 0;
            glfwGetWindowSize(window, &width, &height);
            if (width < minWidth || height < minHeight) {
                width = std::max(width, minWidth);
                height = std::max(height, minHeight);
                glfwSetWindowSize(window, width, height);
            }
            if (width > maxWidth || height > maxHeight) {
                width = std::min(width, maxWidth);
                height = std::min(height, maxHeight);
                glfwSetWindowSize(window, width, height);
                glfwSetWindowPos(window, areaX + left + (maxWidth - width) / 2, areaY + top + (maxHeight - height) / 2);
            }
        }
    }
    glfwSetWindowSizeLimits(window, minWidth, minHeight, GLFW_DONT_CARE, GLFW_DONT_CARE);
}

// The icon from our resources (id 1), so the title bar and the taskbar show it too.
void setWindowIcon(HWND hwnd) {
    HINSTANCE instance = GetModuleHandleW(nullptr);
    const auto load = [&](int metricX, int metricY) {
        return static_cast<HICON>(LoadImageW(instance, MAKEINTRESOURCEW(1), IMAGE_ICON, GetSystemMetrics(metricX),
                                             GetSystemMetrics(metricY), LR_DEFAULTCOLOR));
    };
    if (HICON big = load(SM_CXICON, SM_CYICON)) SendMessageW(hwnd, WM_SETICON, ICON_BIG, reinterpret_cast<LPARAM>(big));
    if (HICON small = load(SM_CXSMICON, SM_CYSMICON))
        SendMessageW(hwnd, WM_SETICON, ICON_SMALL, reinterpret_cast<LPARAM>(small));
}

// A dark title bar in dark mode (Windows 10 20H1+: DWMWA_USE_IMMERSIVE_DARK_MODE = 20). dwmapi comes from
// System32 only, loaded on demand, so the exe imports nothing new.
void setDarkTitleBar(HWND hwnd, bool dark) {
    const UniqueHmodule dwm(LoadLibraryExW(L"dwmapi.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32));
    if (!dwm) return;
    using SetAttribute = HRESULT(WINAPI*)(HWND, DWORD, LPCVOID, DWORD);
    if (auto set = reinterpret_cast<SetAttribute>(reinterpret_cast<void*>(GetProcAddress(dwm.get(), "DwmSetWindowAttribute")))) {
        const BOOL value = dark ? TRUE : FALSE;
        set(hwnd, 20, &value, sizeof value);
    }
}

std::string glfwFailure(std::string_view what) {
    const char* description = nullptr;
    glfwGetError(&description);
    return std::string(what) + (description != nullptr ? ": " + std::string(description) : std::string());
}

ui::ControllerOptions controllerOptions(bool glfwReady) {
    ui::ControllerOptions options;
    options.appVersion = WUD_VERSION;
    if (glfwReady) options.wake = [] { glfwPostEmptyEvent(); };  // any thread, window or not (GLFW's helper window)
    options.readHistory = [] { return makeWindowsUpdateHistory()->query(kReportHistoryEntries); };  // as the report
    options.makeScanner = [] { return makeWindowsUpdateScanner(); };
    options.makeAutomaticUpdates = [] { return makeWindowsAutomaticUpdates(); };
    options.makeDism = [] { return makeWin32Dism(); };
    options.makeSfc = [] { return std::make_unique<Win32Sfc>(); };
    // Test hook: a long idle poll lets a test tell an F5 refresh from the periodic one.
    if (const std::string ms = environmentVariable("WUD_UI_IDLE_POLL_MS"); !ms.empty()) {
        std::uint32_t value = 0;
        if (std::from_chars(ms.data(), ms.data() + ms.size(), value).ec == std::errc{} && value > 0)
            options.idlePoll = Millis{value};
    }
    return options;
}

}  // namespace

int runGui() {
    const std::string exeDir = exeFolder();
    const log::Setup logSetup = openLog(exeDir);
    // The window's thread is a COM single-threaded apartment: a screen reader in another process reaches our
    // accessibility objects through it, between frames, while GLFW pumps the window's messages (accessibility.hpp).
    const ComScope com(COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    // Windows' text size (Settings > Accessibility > Text size) scales everything on top of the display scale.
    float textScale = readTextScale();

    const RendererPlan plan = planRenderers(environmentVariable("WUD_RENDERER"));
    if (!plan.warning.empty()) log::get().warn("{}", plan.warning);
    // The first step's device is made while GLFW starts and the window is created (Renderer::prepare).
    std::unique_ptr<Renderer> firstStep = plan.steps.empty() ? nullptr : makeRenderer(plan.steps.front());
    if (firstStep) firstStep->prepare();

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing written to the current folder (or anywhere)
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    // Windows' double-click time (Mouse settings; 500 ms unless changed), not ImGui's own 300 ms: a button takes
    // a double click as one press (View::button), by the same measure as every other program on the PC.
    io.MouseDoubleClickTime = static_cast<float>(GetDoubleClickTime()) / 1000.0f;

    // The renderer chain: each step gets its own hidden window (a window's pixel format cannot change), and
    // the first one whose device, shaders and font texture all exist is shown.
    LoopSignals signals;
    GLFWwindow* window = nullptr;
    std::unique_ptr<Renderer> renderer;
    float scale = 0.0f;
    ui::Fonts fonts;
    const bool glfwReady = glfwInit() == GLFW_TRUE;
    const std::string glfwInitFailure = glfwReady ? std::string() : glfwFailure("GLFW did not start");

    // The controller starts before the window exists: its worker's first look at the services runs while the
    // renderer chain below creates devices, so the first frame can already show them.
    auto platform = ui::makeWin32Platform(logSetup.folder, exeDir);
    Win32ServiceManager scm;
    const auto machine = makeWin32MachineAccess();
    Win32LockFinder locks;
    const auto crypto = makeWin32Crypto();
    SteadyClock clock;
    std::optional<ui::Controller> controllerSlot;
    controllerSlot.emplace(*platform, scm, *machine, locks, *crypto, clock, controllerOptions(glfwReady));
    controllerSlot->start();

    const ChainOutcome chain = runChain(plan, [&](RendererKind kind) -> std::optional<std::string> {
        if (!glfwReady) return glfwInitFailure;
        std::unique_ptr<Renderer> candidate = firstStep && firstStep->kind() == kind ? std::move(firstStep) : makeRenderer(kind);
        glfwDefaultWindowHints();
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
        candidate->windowHints();
        GLFWwindow* attempt = glfwCreateWindow(kWidth, kHeight, "WU Doctor", nullptr, nullptr);
        if (attempt == nullptr) return glfwFailure("no window");
        glfwSetWindowUserPointer(attempt, &signals);
        installWakeCallbacks(attempt);  // before ImGui's GLFW backend, which chains to them
        if (const float s = contentScale(attempt) * textScale; s != scale) {
            scale = s;
            fonts = ui::loadFonts(scale);  // the renderer uploads the atlas in init()
        }
        if (std::optional<std::string> failure = candidate->init(attempt)) {
            candidate->shutdown();
            glfwDestroyWindow(attempt);
            return failure;
        }
        window = attempt;
        renderer = std::move(candidate);
        return std::nullopt;
    });
    firstStep.reset();  // not taken (GLFW did not start): its device goes now
    for (const std::string& line : describeFailures(chain)) log::get().warn("renderer failed: {}", line);
    if (!chain.chosen) {
        log::get().error("no renderer could draw the window: showing the last-resort dialog");
        controllerSlot.reset();  // the dialog has its own
        ImGui::DestroyContext();
        if (glfwReady) glfwTerminate();
        return runLastResortDialog(logSetup, chain);
    }
    const RendererKind rendererKind = *chain.chosen;
    log::get().info("renderer={} window drawn with {}", toId(rendererKind), describe(rendererKind));

    if (textScale != 1.0f) {  // GLFW scaled the size for the display only
        glfwSetWindowSize(window, static_cast<int>(kWidth * scale), static_cast<int>(kHeight * scale));
    }
    fitToWorkArea(window, scale);
    HWND hwnd = glfwGetWin32Window(window);
    setWindowIcon(hwnd);
    glfwShowWindow(window);
    log::get().info("text size {}%, high contrast {}", static_cast<int>(textScale * 100.0f + 0.5f),
                    readHighContrast().on ? "on" : "off");

    {
        ui::Controller& controller = *controllerSlot;
        controller.setRenderer(std::string(describe(rendererKind)));
        if (!logSetup.warning.empty()) controller.note(ui::LogLine::Kind::Failure, logSetup.warning);
        ui::Probe probe = ui::Probe::fromEnvironment();
        ui::View view(controller, probe);
        // Screen readers (MSAA, UI Automation) and Windows' accessibility settings: what they ask wakes the loop.
        AccessibilityHost accessibility(hwnd, [] { glfwPostEmptyEvent(); });
        TextScaleWatch textScaleWatch([] { glfwPostEmptyEvent(); });
        std::vector<ui::AccessibleRequest> requests;

        bool light = controller.lightTheme();
        HighContrast highContrast = readHighContrast();
        ImVec4 clear{};
        const auto applyLook = [&] {
            view.setLook(highContrast.on ? ui::applyHighContrastStyle(highContrast.colours, scale)
                                         : ui::applyStyle(light, scale),
                         fonts, scale);
            setDarkTitleBar(hwnd, !light && !highContrast.on);
            clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
        };
        applyLook();

        std::uint64_t frame = 0;
        int framesToDraw = 1;
        int unshownFrames = 0;
        std::uint64_t timedOperation = 0;
        std::string operationFrameMs;  // every frame's time while the last operation ran (benchmark)
        while (!glfwWindowShouldClose(window)) {
            if (framesToDraw > 0) glfwPollEvents();
            else if (view.animating()) glfwWaitEventsTimeout(kAnimationFrameSeconds);
            else glfwWaitEventsTimeout(kIdleWaitSeconds);

            if (std::exchange(signals.input, false)) framesToDraw = std::max(framesToDraw, kFramesAfterInput);
            if (controller.pump()) framesToDraw = std::max(framesToDraw, 1);
            // A screen reader's press or focus: done in the next frame, as a click would be.
            if (std::vector<ui::AccessibleRequest> asked = accessibility.takeRequests(); !asked.empty()) {
                requests.insert(requests.end(), asked.begin(), asked.end());
                framesToDraw = std::max(framesToDraw, kFramesAfterInput);
            }
            // Windows' accessibility settings changed: high contrast (WM_SETTINGCHANGE / WM_SYSCOLORCHANGE) or the
            // text size (its registry watch, or WM_SETTINGCHANGE). Read only now, never per frame.
            const AccessibilitySettingsChanged settingsChanged = accessibility.takeSettingsChanged();
            if (settingsChanged.highContrast) {
                highContrast = readHighContrast();
                applyLook();
                framesToDraw = std::max(framesToDraw, 1);
            }
            if (textScaleWatch.changed() || settingsChanged.textScale) {
                if (const float now = readTextScale(); now != textScale) {
                    log::get().info("text size changed: {}% -> {}%", static_cast<int>(textScale * 100.0f + 0.5f),
                                    static_cast<int>(now * 100.0f + 0.5f));
                    textScale = now;
                    signals.rescale = true;
                    framesToDraw = std::max(framesToDraw, 1);
                }
            }
            if (framesToDraw == 0 && !view.animating()) continue;
            if (glfwGetWindowAttrib(window, GLFW_ICONIFIED)) {  // minimised: nothing to draw until restored
                framesToDraw = 0;
                glfwWaitEvents();
                continue;
            }
            framesToDraw = std::max(framesToDraw - 1, 0);

            // Between frames only: the font atlas and the style may be rebuilt here.
            if (std::exchange(signals.rescale, false)) {
                scale = contentScale(window) * textScale;
                fonts = ui::loadFonts(scale);
                renderer->reloadFonts();
                applyLook();
                fitToWorkArea(window, scale);
            }
            if (controller.lightTheme() != light) {
                light = controller.lightTheme();
                applyLook();
            }

            const auto frameStart = std::chrono::steady_clock::now();
            int width = 0, height = 0;
            glfwGetFramebufferSize(window, &width, &height);
            renderer->resize(width, height);
            renderer->newFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            probe.beginFrame(++frame);
            view.setKeys(std::exchange(signals.keys, {}));
            view.setAccessibleRequests(std::exchange(requests, {}));
            view.draw();
            ImGui::Render();
            const float clearColour[4] = {clear.x, clear.y, clear.z, 1.0f};
            if (!view.wantsAnotherFrame() || unshownFrames >= kMaxUnshownFrames) {
                renderer->render(clearColour);
                unshownFrames = 0;
            } else {
                ++unshownFrames;
            }
            if (probe.enabled()) {
                // Frame cost for the benchmark: this frame, and the worst one while an operation runs.
                const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - frameStart).count();
                const ui::OperationView& op = controller.operation();
                if (op.active()) {
                    if (op.id != timedOperation) {
                        timedOperation = op.id;
                        operationFrameMs.clear();
                    }
                    if (operationFrameMs.size() < 4000) operationFrameMs += std::to_string(ms) + " ";
                }
                probe.text("renderer", toId(rendererKind));
                probe.text("text-scale", std::to_string(static_cast<int>(scale / contentScale(window) * 100.0f + 0.5f)));
                probe.text("high-contrast", highContrast.on ? "on" : "off");
                probe.text("window-focused", glfwGetWindowAttrib(window, GLFW_FOCUSED) ? "yes" : "no");  // has the keyboard
                probe.text("frame-ms", std::to_string(ms));
                probe.text("operation-frame-ms", operationFrameMs);
                // A frame whose layout has not settled (the next one moves things: a measured band, card heights)
                // is not written out: a test only ever clicks where the items stay.
                if (!view.wantsAnotherFrame()) {
                    int x = 0, y = 0;
                    glfwGetWindowPos(window, &x, &y);
                    probe.endFrame(x, y, width, height);
                }
            }
            // A settled frame's tree goes to the screen readers (one that is about to move is not shown either).
            if (!view.wantsAnotherFrame()) accessibility.publish(view.takeAccessibleTree());
            if (view.wantsAnotherFrame()) framesToDraw = std::max(framesToDraw, 1);
        }
        // Gone from the screen at once; an operation still running is cancelled and the worker joined below.
        glfwHideWindow(window);
    }  // the controller stops and joins its worker here, before the window goes

    renderer->shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}

}  // namespace wud::app

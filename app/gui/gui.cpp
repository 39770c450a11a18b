// The window: GLFW + Dear ImGui (OpenGL 3 through ImGui's own loader), an event-driven frame loop, and
// the wiring of Controller (state + worker) to View (drawing). A frame is drawn only when something
// happened: input, a changed status posted by the worker, or an animation on screen. Idle = no frames.

#include "gui.hpp"

#include "ui_controller.hpp"
#include "ui_platform.hpp"
#include "ui_probe.hpp"
#include "ui_style.hpp"
#include "ui_view.hpp"

#include "wud/clock.hpp"
#include "wud/log.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/win32_handle.hpp"
#include "wud/win32_service_manager.hpp"

#include <charconv>
#include <GLFW/glfw3.h>
#define GLFW_EXPOSE_NATIVE_WIN32
#include <GLFW/glfw3native.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_opengl3_loader.h>

#include <windows.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace wud::app {
namespace {

constexpr int kWidth = 780, kHeight = 740;        // at 96 dpi; GLFW scales to the monitor
constexpr int kMinWidth = 620, kMinHeight = 520;
constexpr double kIdleWaitSeconds = 30.0;         // a safety net only: the worker wakes us on any change
constexpr double kAnimationFrameSeconds = 1.0 / 30.0;
constexpr int kFramesAfterInput = 2;              // ImGui settles hover/active state over two frames

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

int fail(const wchar_t* message) {
    MessageBoxW(nullptr, message, L"WU Doctor", MB_ICONERROR);
    return 1;
}

}  // namespace

int runGui() {
    std::string exeDir = exePath();
    exeDir = exeDir.substr(0, exeDir.find_last_of("\\/"));
    const log::Setup logSetup = log::init(exeDir, localAppData());

    if (!glfwInit()) return fail(L"WU Doctor could not open its window (no OpenGL support).");
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
    GLFWwindow* window = glfwCreateWindow(kWidth, kHeight, "WU Doctor", nullptr, nullptr);
    if (window == nullptr) {
        glfwTerminate();
        return fail(L"WU Doctor could not open its window (no OpenGL 3 support).");
    }
    LoopSignals signals;
    glfwSetWindowUserPointer(window, &signals);
    glfwMakeContextCurrent(window);
    glfwSwapInterval(0);  // frames are drawn on demand; the wait below paces animations
    float scale = contentScale(window);
    glfwSetWindowSizeLimits(window, static_cast<int>(kMinWidth * scale), static_cast<int>(kMinHeight * scale),
                            GLFW_DONT_CARE, GLFW_DONT_CARE);
    HWND hwnd = glfwGetWin32Window(window);
    setWindowIcon(hwnd);

    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing written to the current folder (or anywhere)
    io.LogFilename = nullptr;
    io.ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;
    installWakeCallbacks(window);
    ImGui_ImplGlfw_InitForOpenGL(window, /*install_callbacks=*/true);
    ImGui_ImplOpenGL3_Init("#version 130");

    {
        auto platform = ui::makeWin32Platform(logSetup.folder);
        Win32ServiceManager scm;
        SteadyClock clock;
        ui::ControllerOptions options;
        options.appVersion = WUD_VERSION;
        options.wake = [] { glfwPostEmptyEvent(); };
        // Test hook: a long idle poll lets a test tell an F5 refresh from the periodic one.
        if (const std::string ms = environment(L"WUD_UI_IDLE_POLL_MS"); !ms.empty()) {
            std::uint32_t value = 0;
            if (std::from_chars(ms.data(), ms.data() + ms.size(), value).ec == std::errc{} && value > 0)
                options.idlePoll = Millis{value};
        }
        ui::Controller controller(*platform, scm, clock, std::move(options));
        if (!logSetup.warning.empty()) controller.note(ui::LogLine::Kind::Failure, logSetup.warning);
        ui::Probe probe = ui::Probe::fromEnvironment();
        ui::View view(controller, probe);

        ui::Fonts fonts = ui::loadFonts(scale);
        bool light = controller.status().lightTheme;
        view.setLook(ui::applyStyle(light, scale), fonts, scale);
        setDarkTitleBar(hwnd, !light);
        ImVec4 clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];

        controller.start();
        std::uint64_t frame = 0;
        int framesToDraw = 1;
        std::uint64_t timedOperation = 0;
        std::string operationFrameMs;  // every frame's time while the last operation ran (benchmark)
        while (!glfwWindowShouldClose(window)) {
            if (framesToDraw > 0) glfwPollEvents();
            else if (view.animating()) glfwWaitEventsTimeout(kAnimationFrameSeconds);
            else glfwWaitEventsTimeout(kIdleWaitSeconds);

            if (std::exchange(signals.input, false)) framesToDraw = std::max(framesToDraw, kFramesAfterInput);
            if (controller.pump()) framesToDraw = std::max(framesToDraw, 1);
            if (framesToDraw == 0 && !view.animating()) continue;
            if (glfwGetWindowAttrib(window, GLFW_ICONIFIED)) {  // minimised: nothing to draw until restored
                framesToDraw = 0;
                glfwWaitEvents();
                continue;
            }
            framesToDraw = std::max(framesToDraw - 1, 0);

            // Between frames only: the font atlas and the style may be rebuilt here.
            if (std::exchange(signals.rescale, false)) {
                scale = contentScale(window);
                ImGui_ImplOpenGL3_DestroyFontsTexture();
                fonts = ui::loadFonts(scale);
                ImGui_ImplOpenGL3_CreateFontsTexture();
                view.setLook(ui::applyStyle(light, scale), fonts, scale);
                glfwSetWindowSizeLimits(window, static_cast<int>(kMinWidth * scale),
                                        static_cast<int>(kMinHeight * scale), GLFW_DONT_CARE, GLFW_DONT_CARE);
            }
            if (controller.status().lightTheme != light) {
                light = controller.status().lightTheme;
                view.setLook(ui::applyStyle(light, scale), fonts, scale);
                setDarkTitleBar(hwnd, !light);
                clear = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
            }

            const auto frameStart = std::chrono::steady_clock::now();
            ImGui_ImplOpenGL3_NewFrame();
            ImGui_ImplGlfw_NewFrame();
            ImGui::NewFrame();
            probe.beginFrame(++frame);
            view.setKeys(std::exchange(signals.keys, {}));
            view.draw();
            ImGui::Render();
            int width = 0, height = 0;
            glfwGetFramebufferSize(window, &width, &height);
            glViewport(0, 0, width, height);
            glClearColor(clear.x, clear.y, clear.z, 1.0f);
            glClear(GL_COLOR_BUFFER_BIT);
            ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
            glfwSwapBuffers(window);
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
                probe.text("frame-ms", std::to_string(ms));
                probe.text("operation-frame-ms", operationFrameMs);
                int x = 0, y = 0;
                glfwGetWindowPos(window, &x, &y);
                probe.endFrame(x, y, width, height);
            }
            if (view.wantsAnotherFrame()) framesToDraw = std::max(framesToDraw, 1);
        }
        // Gone from the screen at once; an operation still running is cancelled and the worker joined below.
        glfwHideWindow(window);
    }  // the controller stops and joins its worker here, before the window goes

    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    glfwDestroyWindow(window);
    glfwTerminate();
    return 0;
}

}  // namespace wud::app

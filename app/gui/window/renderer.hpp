#pragma once
// How the window draws: one Renderer per step of the chain (renderer_chain.hpp), each owning its device and
// its Dear ImGui backends (GLFW platform + renderer). gui.cpp creates a window per attempt with the step's
// hints, calls init(), and keeps the first renderer whose init() succeeded. The graphics DLLs (d3d11, dxgi,
// d3dcompiler_47, opengl32) are loaded at run time from System32 only: the import table never names them, so
// the exe starts on any PC and a DLL planted beside it is never loaded.

#include "window/renderer_chain.hpp"
#include "window/system32.hpp"

#include "wud/win32/handle.hpp"

#include <memory>
#include <optional>
#include <string>

struct GLFWwindow;

namespace wud::app {

class Renderer {
public:
    virtual ~Renderer() = default;
    Renderer() = default;
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    [[nodiscard]] virtual RendererKind kind() const noexcept = 0;
    [[nodiscard]] std::string_view name() const noexcept { return describe(kind()); }
    /// GLFW hints for this step's window (after glfwDefaultWindowHints, before glfwCreateWindow).
    virtual void windowHints() const = 0;
    /// Starts what needs no window (Direct3D: its DLLs and the device) on a thread of its own, so that it
    /// overlaps GLFW's start and the window's creation; init() waits for it. Optional: init() does it otherwise.
    virtual void prepare() {}
    /// Creates the device and the ImGui backends for window, and checks that the shaders and the font
    /// texture really exist (so a step fails here, not at the first frame). Returns the failure reason in
    /// plain words, or nothing. After a failure, shutdown() undoes whatever was done.
    [[nodiscard]] virtual std::optional<std::string> init(GLFWwindow* window) = 0;
    virtual void newFrame() = 0;
    /// Clears to the colour, draws ImGui::GetDrawData() and presents.
    virtual void render(const float clearColour[4]) = 0;
    /// The framebuffer size changed (Direct3D resizes its swap chain; OpenGL needs nothing).
    virtual void resize(int width, int height) = 0;
    /// The font atlas was rebuilt (DPI change): upload it again.
    virtual void reloadFonts() = 0;
    /// Releases the backends and the device; safe to call twice and after a failed init().
    virtual void shutdown() = 0;
};

std::unique_ptr<Renderer> makeDirect3D11Renderer(bool warp);
std::unique_ptr<Renderer> makeOpenGL3Renderer();
std::unique_ptr<Renderer> makeOpenGL2Renderer();
std::unique_ptr<Renderer> makeRenderer(RendererKind kind);

}  // namespace wud::app

#pragma once
// What the OpenGL 3 and OpenGL 2 renderers share: the window's context, ImGui's GLFW backend, a frame's
// size-clear-draw-present, and the teardown. Each subclass names its own backend's calls (and its own way to reach
// the OpenGL functions: the ImGui loader for 3, opengl32.dll's import slots for 2).

#include "window/renderer.hpp"

#include <optional>
#include <string>

struct ImDrawData;

namespace wud::app {

/// ImGui's OpenGL backend for one version: the calls the frame loop makes through the Renderer interface.
struct ImGuiGlBackend {
    RendererKind kind;
    int majorVersion;
    bool (*init)();           ///< starts it (after ImGui's GLFW backend)
    const char* notStarted;   ///< the failure reason when init() fails
    void (*newFrame)();
    void (*renderDrawData)(ImDrawData* data);
    void (*destroyFontsTexture)();
    bool (*createFontsTexture)();
    void (*shutdown)();
};

class OpenGlRenderer : public Renderer {
public:
    ~OpenGlRenderer() override { shutdown(); }

    RendererKind kind() const noexcept final { return backend_.kind; }
    void newFrame() final { backend_.newFrame(); }
    void reloadFonts() final {
        backend_.destroyFontsTexture();
        backend_.createFontsTexture();
    }
    void windowHints() const final;
    std::optional<std::string> init(GLFWwindow* window) final;
    void render(const float clearColour[4]) final;
    void resize(int, int) final {}  // the default framebuffer follows the window
    /// Safe to call more than once, and after a failure.
    void shutdown() final;

protected:
    explicit OpenGlRenderer(const ImGuiGlBackend& backend) : backend_(backend) {}

    /// Before ImGui's GLFW backend starts: reach the OpenGL functions (a reason when they cannot be).
    virtual std::optional<std::string> loadFunctions() { return std::nullopt; }
    /// After ImGui's OpenGL backend started: check its device objects really exist (a reason when not).
    virtual std::optional<std::string> checkBackend() = 0;
    /// Viewport and clear, with this backend's way to reach the OpenGL functions.
    virtual void clear(int width, int height, const float clearColour[4]) = 0;
    /// Undoes loadFunctions() once ImGui's OpenGL backend has stopped (a subclass that loads functions calls
    /// shutdown() from its own destructor, so that this runs while it still exists).
    virtual void unloadFunctions() {}
    /// glGetString(GL_VERSION) as this backend reaches it, for the failure reasons ("" when none).
    [[nodiscard]] std::string versionText(const unsigned char* version) const {
        return version != nullptr ? reinterpret_cast<const char*>(version) : "";
    }

private:
    ImGuiGlBackend backend_;
    GLFWwindow* window_ = nullptr;
    bool glfwStarted_ = false;
    bool backendStarted_ = false;
};

}  // namespace wud::app

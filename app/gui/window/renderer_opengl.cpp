// OpenGlRenderer (renderer_opengl.hpp): the skeleton the OpenGL 3 and 2 renderers share.
#include "window/renderer_opengl.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <utility>

namespace wud::app {

void OpenGlRenderer::windowHints() const {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, backend_.majorVersion);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
}

std::optional<std::string> OpenGlRenderer::init(GLFWwindow* window) {
    window_ = window;
    glfwMakeContextCurrent(window);
    glfwSwapInterval(0);  // frames are drawn on demand; the loop paces animations
    if (auto failure = loadFunctions()) return failure;
    glfwStarted_ = ImGui_ImplGlfw_InitForOpenGL(window, /*install_callbacks=*/true);
    if (!glfwStarted_) return std::string("ImGui's GLFW backend did not start");
    return startBackend();
}

void OpenGlRenderer::render(const float clearColour[4]) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    draw(width, height, clearColour);
    glfwSwapBuffers(window_);
}

void OpenGlRenderer::shutdown() {
    stopBackend();
    if (std::exchange(glfwStarted_, false)) ImGui_ImplGlfw_Shutdown();
    if (window_ != nullptr && glfwGetCurrentContext() == window_) glfwMakeContextCurrent(nullptr);
    window_ = nullptr;
}

}  // namespace wud::app

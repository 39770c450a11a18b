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
    backendStarted_ = backend_.init();
    if (!backendStarted_) return std::string(backend_.notStarted);
    return checkBackend();
}

void OpenGlRenderer::render(const float clearColour[4]) {
    int width = 0, height = 0;
    glfwGetFramebufferSize(window_, &width, &height);
    clear(width, height, clearColour);
    backend_.renderDrawData(ImGui::GetDrawData());
    glfwSwapBuffers(window_);
}

void OpenGlRenderer::shutdown() {
    if (std::exchange(backendStarted_, false)) backend_.shutdown();
    unloadFunctions();
    if (std::exchange(glfwStarted_, false)) ImGui_ImplGlfw_Shutdown();
    if (window_ != nullptr && glfwGetCurrentContext() == window_) glfwMakeContextCurrent(nullptr);
    window_ = nullptr;
}

}  // namespace wud::app

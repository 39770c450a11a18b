// OpenGL 3 through imgui_impl_opengl3 and its own loader (gl3w), so opengl32.dll stays out of the import table
// (GLFW loads it from System32: entry.cpp sets the DLL search path before anything else runs).

#include "renderer.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_opengl3_loader.h>

namespace wud::app {
namespace {

void drainGlErrors() {
    for (int i = 0; i < 32 && glGetError() != 0; ++i) {
    }
}

// ImGui 1.86 builds its shader program in CreateDeviceObjects but only prints a failed compile or link to
// stderr and carries on. A fresh context holds no other program, so look for a linked one among the first
// names (probing a name that is not a program only raises a GL error, drained here).
bool hasLinkedProgram() {
    drainGlErrors();
    bool found = false;
    for (GLuint name = 1; name <= 64 && !found; ++name) {
        GLint linked = -1;
        glGetProgramiv(name, GL_LINK_STATUS, &linked);
        found = glGetError() == 0 && linked == GL_TRUE;
    }
    drainGlErrors();
    return found;
}

class OpenGL3Renderer final : public Renderer {
public:
    ~OpenGL3Renderer() override { shutdown(); }

    RendererKind kind() const noexcept override { return RendererKind::OpenGL3; }

    void windowHints() const override {
        glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_API);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
    }

    std::optional<std::string> init(GLFWwindow* window) override {
        window_ = window;
        glfwMakeContextCurrent(window);
        glfwSwapInterval(0);  // frames are drawn on demand; the loop paces animations
        glfwInited_ = ImGui_ImplGlfw_InitForOpenGL(window, /*install_callbacks=*/true);
        if (!glfwInited_) return std::string("ImGui's GLFW backend did not start");
        glInited_ = ImGui_ImplOpenGL3_Init("#version 130");
        if (!glInited_) return std::string("the OpenGL 3 functions could not be loaded");
        const auto* version = reinterpret_cast<const char*>(glGetString(GL_VERSION));
        version_ = version != nullptr ? version : "";
        if (!ImGui_ImplOpenGL3_CreateDeviceObjects()) return "the device objects could not be created (" + version_ + ")";
        if (ImGui::GetIO().Fonts->TexID == nullptr) return "the font texture could not be created (" + version_ + ")";
        if (!hasLinkedProgram()) return "the GLSL 1.30 shaders did not compile or link (" + version_ + ")";
        return std::nullopt;
    }

    void newFrame() override { ImGui_ImplOpenGL3_NewFrame(); }

    void render(const float clearColour[4]) override {
        int width = 0, height = 0;
        glfwGetFramebufferSize(window_, &width, &height);
        glViewport(0, 0, width, height);
        glClearColor(clearColour[0], clearColour[1], clearColour[2], clearColour[3]);
        glClear(GL_COLOR_BUFFER_BIT);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        glfwSwapBuffers(window_);
    }

    void resize(int, int) override {}  // the default framebuffer follows the window

    void reloadFonts() override {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }

    void shutdown() override {
        if (std::exchange(glInited_, false)) ImGui_ImplOpenGL3_Shutdown();
        if (std::exchange(glfwInited_, false)) ImGui_ImplGlfw_Shutdown();
        if (window_ != nullptr && glfwGetCurrentContext() == window_) glfwMakeContextCurrent(nullptr);
        window_ = nullptr;
    }

private:
    GLFWwindow* window_ = nullptr;
    std::string version_;
    bool glfwInited_ = false, glInited_ = false;
};

}  // namespace

std::unique_ptr<Renderer> makeOpenGL3Renderer() { return std::make_unique<OpenGL3Renderer>(); }

}  // namespace wud::app

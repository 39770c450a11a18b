// OpenGL 3 through imgui_impl_opengl3 and its own loader (gl3w), so opengl32.dll stays out of the import table
// (GLFW loads it from System32: entry.cpp sets the DLL search path before anything else runs).
#include "window/renderer_opengl.hpp"

#include <imgui.h>
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

class OpenGL3Renderer final : public OpenGlRenderer {
public:
    OpenGL3Renderer()
        : OpenGlRenderer({RendererKind::OpenGL3, 3, [] { return ImGui_ImplOpenGL3_Init("#version 130"); },
                          "the OpenGL 3 functions could not be loaded", ImGui_ImplOpenGL3_NewFrame,
                          ImGui_ImplOpenGL3_RenderDrawData, ImGui_ImplOpenGL3_DestroyFontsTexture,
                          ImGui_ImplOpenGL3_CreateFontsTexture, ImGui_ImplOpenGL3_Shutdown}) {}

private:
    std::optional<std::string> checkBackend() override {
        const std::string version = versionText(glGetString(GL_VERSION));
        if (!ImGui_ImplOpenGL3_CreateDeviceObjects()) return "the device objects could not be created (" + version + ")";
        if (ImGui::GetIO().Fonts->TexID == nullptr) return "the font texture could not be created (" + version + ")";
        if (!hasLinkedProgram()) return "the GLSL 1.30 shaders did not compile or link (" + version + ")";
        return std::nullopt;
    }

    void clear(int width, int height, const float clearColour[4]) override {
        glViewport(0, 0, width, height);
        glClearColor(clearColour[0], clearColour[1], clearColour[2], clearColour[3]);
        glClear(GL_COLOR_BUFFER_BIT);
    }
};

}  // namespace

std::unique_ptr<Renderer> makeOpenGL3Renderer() { return std::make_unique<OpenGL3Renderer>(); }

}  // namespace wud::app

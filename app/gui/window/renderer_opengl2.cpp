// OpenGL 2 (fixed function) through imgui_impl_opengl2: for PCs whose driver offers no OpenGL 3 and no
// Direct3D 11. That backend calls OpenGL 1.1 functions directly, which would put opengl32.dll in the import
// table. Instead, this file defines the import slots the compiler calls through (`__imp_glEnable`, ...: gl.h
// declares the functions dllimport) and fills them from System32's opengl32.dll before the backend starts.

#include "window/renderer_opengl.hpp"

#include <imgui.h>
#include <imgui_impl_opengl2.h>

#include <windows.h>
#include <GL/gl.h>

#include <array>
#include <utility>

// Every OpenGL function imgui_impl_opengl2.cpp and this file call (all exported by opengl32.dll since 1.1).
#define WUD_GL2_FUNCTIONS(X)                                                                                      \
    X(glBindTexture) X(glBlendFunc) X(glClear) X(glClearColor) X(glColorPointer) X(glDeleteTextures)             \
    X(glDisable) X(glDisableClientState) X(glDrawElements) X(glEnable) X(glEnableClientState) X(glGenTextures)   \
    X(glGetError) X(glGetIntegerv) X(glGetString) X(glGetTexEnviv) X(glLoadIdentity) X(glMatrixMode) X(glOrtho) \
    X(glPixelStorei) X(glPolygonMode) X(glPopAttrib) X(glPopMatrix) X(glPushAttrib) X(glPushMatrix) X(glScissor) \
    X(glShadeModel) X(glTexCoordPointer) X(glTexEnvi) X(glTexImage2D) X(glTexParameteri) X(glVertexPointer)      \
    X(glViewport)

// The import slots: a pointer each, null until resolve() fills it (no call happens before that).
#define WUD_GL2_SLOT(name) void* __imp_##name = nullptr;
extern "C" {
WUD_GL2_FUNCTIONS(WUD_GL2_SLOT)
}
#undef WUD_GL2_SLOT

namespace wud::app {
namespace {

struct Slot {
    const char* name;
    void** slot;
};
#define WUD_GL2_ENTRY(name) Slot{#name, &__imp_##name},
constexpr std::array kSlots{WUD_GL2_FUNCTIONS(WUD_GL2_ENTRY)};
#undef WUD_GL2_ENTRY

class OpenGL2Renderer final : public OpenGlRenderer {
public:
    OpenGL2Renderer()
        : OpenGlRenderer({RendererKind::OpenGL2, 2, ImGui_ImplOpenGL2_Init, "ImGui's OpenGL 2 backend did not start",
                          ImGui_ImplOpenGL2_NewFrame, ImGui_ImplOpenGL2_RenderDrawData,
                          ImGui_ImplOpenGL2_DestroyFontsTexture, ImGui_ImplOpenGL2_CreateFontsTexture,
                          ImGui_ImplOpenGL2_Shutdown}) {}
    ~OpenGL2Renderer() override { shutdown(); }  // while opengl32.dll is still loaded

private:
    std::optional<std::string> loadFunctions() override {
        std::string failure;
        if (!(opengl32_ = loadFromSystem32(L"opengl32.dll", failure))) return failure;
        for (const Slot& s : kSlots) {
            *s.slot = reinterpret_cast<void*>(::GetProcAddress(opengl32_.get(), s.name));
            if (*s.slot == nullptr) return "opengl32.dll has no " + std::string(s.name);
        }
        return std::nullopt;
    }

    std::optional<std::string> checkBackend() override {
        const std::string version = versionText(glGetString(GL_VERSION));
        while (glGetError() != GL_NO_ERROR) {
        }
        if (!ImGui_ImplOpenGL2_CreateDeviceObjects() || ImGui::GetIO().Fonts->TexID == nullptr)
            return "the font texture could not be created (" + version + ")";
        if (const GLenum error = glGetError(); error != GL_NO_ERROR)
            return "the font texture upload failed with GL error " + std::to_string(error) + " (" + version + ")";
        return std::nullopt;
    }

    void clear(int width, int height, const float clearColour[4]) override {
        glViewport(0, 0, width, height);
        glClearColor(clearColour[0], clearColour[1], clearColour[2], clearColour[3]);
        glClear(GL_COLOR_BUFFER_BIT);
    }

    void unloadFunctions() override {
        if (opengl32_) {
            for (const Slot& s : kSlots) *s.slot = nullptr;
        }
        opengl32_.reset();
    }

    UniqueHmodule opengl32_;
};

}  // namespace

std::unique_ptr<Renderer> makeOpenGL2Renderer() { return std::make_unique<OpenGL2Renderer>(); }

}  // namespace wud::app

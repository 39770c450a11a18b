#include "window/renderer.hpp"

#include "wud/error_text.hpp"
#include "wud/system.hpp"

namespace wud::app {

UniqueHmodule loadFromSystem32(const wchar_t* dll, std::string& failure) {
    UniqueHmodule module(::LoadLibraryExW(dll, nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32));
    if (!module) {
        const DWORD error = ::GetLastError();
        failure = narrow(dll) + " could not be loaded from System32: " + systemMessage(error) + " (" +
                  std::to_string(error) + ")";
    }
    return module;
}

std::unique_ptr<Renderer> makeRenderer(RendererKind kind) {
    switch (kind) {
        case RendererKind::Direct3D11: return makeDirect3D11Renderer(/*warp=*/false);
        case RendererKind::Warp: return makeDirect3D11Renderer(/*warp=*/true);
        case RendererKind::OpenGL3: return makeOpenGL3Renderer();
        case RendererKind::OpenGL2: return makeOpenGL2Renderer();
    }
    return nullptr;
}

}  // namespace wud::app

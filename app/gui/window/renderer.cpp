#include "window/renderer.hpp"

namespace wud::app {

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

#pragma once
// Which renderer draws the window, decided without touching a GPU: the order of the chain, WUD_RENDERER
// parsing, and walking the chain until a step works. Pure (no Windows, no GLFW), so the host build tests
// the fallback decision; gui.cpp supplies the step that really creates a device.

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud::app {

/// One step of the chain, best first.
enum class RendererKind : std::uint8_t { Direct3D11, Warp, OpenGL3, OpenGL2 };

/// The normal order: a hardware Direct3D 11 device, the same on WARP (Windows' software rasteriser: PCs
/// without a GPU driver, VMs, Remote Desktop), then OpenGL 3, then OpenGL 2.
inline constexpr std::array<RendererKind, 4> kRendererChain{RendererKind::Direct3D11, RendererKind::Warp,
                                                             RendererKind::OpenGL3, RendererKind::OpenGL2};

/// "dx11", "warp", "gl3", "gl2": the WUD_RENDERER value, the probe text and the log's key.
std::string_view toId(RendererKind kind) noexcept;
/// "Direct3D 11 (hardware)", "Direct3D 11 (WARP, software)", "OpenGL 3", "OpenGL 2": for the report.
std::string_view describe(RendererKind kind) noexcept;

/// What to try. No steps = go straight to the last-resort dialog (WUD_RENDERER=none).
struct RendererPlan {
    std::vector<RendererKind> steps;
    std::string warning;  ///< plain words when the WUD_RENDERER value was not understood ("" otherwise)
};

/// Reads a WUD_RENDERER value: "" = the normal chain; dx11|warp|gl3|gl2 = only that step; none = no step;
/// anything else = the normal chain and a warning. Case and surrounding spaces do not matter.
RendererPlan planRenderers(std::string_view wudRenderer);

/// A step that failed, and why (the reason goes to the log and the last-resort dialog).
struct RendererFailure {
    RendererKind kind;
    std::string reason;
};

struct ChainOutcome {
    std::optional<RendererKind> chosen;     ///< empty: nothing could draw
    std::vector<RendererFailure> failures;  ///< in the order tried
};

/// Tries plan's steps in order; attempt returns the failure reason, or nothing when the step works (and keeps
/// it). Stops at the first step that works.
ChainOutcome runChain(const RendererPlan& plan,
                      const std::function<std::optional<std::string>(RendererKind)>& attempt);

/// "Direct3D 11 (hardware): <reason>" lines, one per failure, for the log and the dialog.
std::vector<std::string> describeFailures(const ChainOutcome& outcome);

}  // namespace wud::app

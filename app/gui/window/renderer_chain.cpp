#include "window/renderer_chain.hpp"

#include "wud/enum_names.hpp"

#include <algorithm>
#include <cctype>

namespace wud::app {

constexpr auto kRendererKindIds = enumNames<RendererKind::OpenGL2>({
    {RendererKind::Direct3D11, "dx11"}, {RendererKind::Warp, "warp"}, {RendererKind::OpenGL3, "gl3"},
    {RendererKind::OpenGL2, "gl2"}
});

std::string_view toId(RendererKind kind) noexcept { return nameOf(kRendererKindIds, kind, "unknown"); }

constexpr auto kRendererKindDescriptions = enumNames<RendererKind::OpenGL2>({
    {RendererKind::Direct3D11, "Direct3D 11 (hardware)"}, {RendererKind::Warp, "Direct3D 11 (WARP, software)"},
    {RendererKind::OpenGL3, "OpenGL 3"}, {RendererKind::OpenGL2, "OpenGL 2"}
});

std::string_view describe(RendererKind kind) noexcept { return nameOf(kRendererKindDescriptions, kind, "unknown"); }

RendererPlan planRenderers(std::string_view wudRenderer) {
    std::string value;
    for (const char c : wudRenderer) {
        if (!std::isspace(static_cast<unsigned char>(c)))
            value += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    RendererPlan plan;
    if (value == "none") return plan;
    for (const RendererKind kind : kRendererChain) {
        if (value == toId(kind)) {
            plan.steps = {kind};
            return plan;
        }
    }
    plan.steps.assign(kRendererChain.begin(), kRendererChain.end());
    if (!value.empty()) {
        plan.warning = "WUD_RENDERER=\"" + std::string(wudRenderer) +
                       "\" is not one of dx11, warp, gl3, gl2, none: it is ignored and every renderer is tried in "
                       "the usual order.";
    }
    return plan;
}

ChainOutcome runChain(const RendererPlan& plan,
                      const std::function<std::optional<std::string>(RendererKind)>& attempt) {
    ChainOutcome outcome;
    for (const RendererKind kind : plan.steps) {
        std::optional<std::string> failure = attempt(kind);
        if (!failure) {
            outcome.chosen = kind;
            return outcome;
        }
        outcome.failures.push_back({kind, failure->empty() ? std::string("no reason given") : std::move(*failure)});
    }
    return outcome;
}

std::vector<std::string> describeFailures(const ChainOutcome& outcome) {
    std::vector<std::string> lines;
    for (const RendererFailure& f : outcome.failures) lines.push_back(std::string(describe(f.kind)) + ": " + f.reason);
    return lines;
}

}  // namespace wud::app

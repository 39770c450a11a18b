// The renderer chain's decisions (app/.../renderer_chain.cpp): which steps WUD_RENDERER asks for, and where the
// chain falls back to. The attempts are fakes standing for what Windows does: a PC without a GPU driver fails
// the hardware Direct3D device (DXGI_ERROR_UNSUPPORTED) and WARP then works; Wine accepts WARP like hardware,
// so this is where that fallback is shown.
#include <catch2/catch.hpp>

#include "window/renderer_chain.hpp"

#include <set>

using namespace wud::app;

namespace {

// An attempt that fails for the given kinds (with a reason naming the kind) and records what was tried.
struct FakeAttempts {
    std::set<RendererKind> failing;
    std::vector<RendererKind> tried;
    std::optional<std::string> operator()(RendererKind kind) {
        tried.push_back(kind);
        if (failing.count(kind) == 0) return std::nullopt;
        return "no " + std::string(toId(kind)) + " here";
    }
};

const std::vector<RendererKind> kAll{RendererKind::Direct3D11, RendererKind::Warp, RendererKind::OpenGL3,
                                     RendererKind::OpenGL2};

}  // namespace

TEST_CASE("Renderer chain: no WUD_RENDERER means Direct3D 11, WARP, OpenGL 3, OpenGL 2", "[renderer]") {
    const RendererPlan plan = planRenderers("");
    CHECK(plan.steps == kAll);
    CHECK(plan.warning.empty());
}

TEST_CASE("Renderer chain: WUD_RENDERER forces one step; none forces the last resort", "[renderer]") {
    CHECK(planRenderers("dx11").steps == std::vector{RendererKind::Direct3D11});
    CHECK(planRenderers("warp").steps == std::vector{RendererKind::Warp});
    CHECK(planRenderers("gl3").steps == std::vector{RendererKind::OpenGL3});
    CHECK(planRenderers("gl2").steps == std::vector{RendererKind::OpenGL2});
    CHECK(planRenderers(" GL2 ").steps == std::vector{RendererKind::OpenGL2});  // as typed in a console
    const RendererPlan none = planRenderers("none");
    CHECK(none.steps.empty());
    CHECK(none.warning.empty());
}

TEST_CASE("Renderer chain: an unknown WUD_RENDERER is named in a warning and the usual chain runs", "[renderer]") {
    for (const char* value : {"opengl", "d3d", "dx12", "gl"}) {
        const RendererPlan plan = planRenderers(value);
        CHECK(plan.steps == kAll);
        CHECK_THAT(plan.warning, Catch::Contains(std::string("\"") + value + "\""));
        CHECK_THAT(plan.warning, Catch::Contains("dx11, warp, gl3, gl2, none"));
    }
}

TEST_CASE("Renderer chain: hardware Direct3D fails -> WARP draws, and nothing after it is tried", "[renderer]") {
    FakeAttempts attempts{{RendererKind::Direct3D11}};
    const ChainOutcome outcome = runChain(planRenderers(""), std::ref(attempts));
    REQUIRE(outcome.chosen == RendererKind::Warp);
    CHECK(attempts.tried == std::vector{RendererKind::Direct3D11, RendererKind::Warp});
    REQUIRE(outcome.failures.size() == 1);
    CHECK(outcome.failures[0].kind == RendererKind::Direct3D11);
    CHECK(describeFailures(outcome) == std::vector<std::string>{"Direct3D 11 (hardware): no dx11 here"});
}

TEST_CASE("Renderer chain: no Direct3D at all -> OpenGL 3; no OpenGL 3 either -> OpenGL 2", "[renderer]") {
    FakeAttempts noD3d{{RendererKind::Direct3D11, RendererKind::Warp}};
    CHECK(runChain(planRenderers(""), std::ref(noD3d)).chosen == RendererKind::OpenGL3);
    FakeAttempts onlyGl2{{RendererKind::Direct3D11, RendererKind::Warp, RendererKind::OpenGL3}};
    const ChainOutcome outcome = runChain(planRenderers(""), std::ref(onlyGl2));
    CHECK(outcome.chosen == RendererKind::OpenGL2);
    CHECK(outcome.failures.size() == 3);
}

TEST_CASE("Renderer chain: every step fails -> no renderer, each failure kept in order with its reason", "[renderer]") {
    FakeAttempts nothing{{kAll.begin(), kAll.end()}};
    const ChainOutcome outcome = runChain(planRenderers(""), std::ref(nothing));
    CHECK_FALSE(outcome.chosen.has_value());
    CHECK(describeFailures(outcome) == std::vector<std::string>{
                                           "Direct3D 11 (hardware): no dx11 here",
                                           "Direct3D 11 (WARP, software): no warp here", "OpenGL 3: no gl3 here",
                                           "OpenGL 2: no gl2 here"});
}

TEST_CASE("Renderer chain: a forced step that fails does not fall back to others", "[renderer]") {
    FakeAttempts attempts{{RendererKind::OpenGL3}};
    const ChainOutcome outcome = runChain(planRenderers("gl3"), std::ref(attempts));
    CHECK_FALSE(outcome.chosen.has_value());
    CHECK(attempts.tried == std::vector{RendererKind::OpenGL3});
}

TEST_CASE("Renderer chain: WUD_RENDERER=none tries nothing; a failure without a reason still says so", "[renderer]") {
    FakeAttempts attempts;
    CHECK_FALSE(runChain(planRenderers("none"), std::ref(attempts)).chosen.has_value());
    CHECK(attempts.tried.empty());
    const ChainOutcome silent = runChain(planRenderers("dx11"), [](RendererKind) { return std::optional<std::string>(""); });
    CHECK(describeFailures(silent) == std::vector<std::string>{"Direct3D 11 (hardware): no reason given"});
}

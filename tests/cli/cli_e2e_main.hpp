#pragma once
// The start of every black-box CLI test program (include it first, in the program's one source file): Catch2's main,
// the runner of the wudoctor.com copy under test with its helpers, JSON, and the names the tests use unqualified.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "cli_run.hpp"
#include "run_process.hpp"
#include "wine_helpers.hpp"

#include <nlohmann/json.hpp>

#include <initializer_list>
#include <string_view>

using namespace wud;
using namespace wud::test;
using nlohmann::json;

/// Runs wudoctor.com with `args` and checks what its user reads: the exit code, and each of `phrases` on stdout.
inline CliRun runSaying(const std::vector<std::string>& args, int exit, std::initializer_list<std::string_view> phrases) {
    const CliRun run = runCli(args);
    INFO(describe(run));
    CHECK(run.exit == exit);
    for (const std::string_view phrase : phrases) CHECK_THAT(run.out, Catch::Contains(std::string(phrase)));
    return run;
}

/// The finding `id` in a check or report answer (nullptr: none).
inline const json* findingIn(const json& doc, std::string_view id) {
    for (const json& f : doc.at("findings"))
        if (f.at("id") == id) return &f;
    return nullptr;
}

/// The finding `id` in a check or report answer; the test stops, quoting the answer, when there is none.
inline const json& requireFinding(const json& doc, std::string_view id) {
    const json* finding = findingIn(doc, id);
    INFO("finding " << id << " in " << doc.dump());
    REQUIRE(finding != nullptr);
    return *finding;
}

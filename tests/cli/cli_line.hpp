#pragma once
// The --json-line contract as an engine sees it (Intune keeps the last stdout line, at most 2,048 characters), checked
// on a run of the real wudoctor.com. Windows only (the tests run under Wine).

#include "cli_run.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>

namespace wud::test {

inline int lineCount(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

/// What an engine keeps of a --json-line run (Intune: the last stdout line, at most 2,048 characters): exactly one
/// line, ASCII, at most 2,000 characters, valid JSON, whose exit_code is the process's; stderr silent but for a
/// usage error. Returns the line as JSON.
inline nlohmann::json requireOneLine(const CliRun& run) {
    INFO(describe(run));
    REQUIRE(!run.out.empty());
    CHECK(run.out.back() == '\n');
    CHECK(lineCount(run.out) == 1);
    CHECK(run.out.size() - 1 <= 2000);
    CHECK(std::all_of(run.out.begin(), run.out.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
    const nlohmann::json line = run.parsed();
    CHECK(line.at("exit_code") == run.exit);
    CHECK(line.at("tool") == "wudoctor");
    CHECK(line.at("verdict").is_string());
    CHECK(line.contains("log"));
    if (run.exit == 2) CHECK(lineCount(run.err) == 1);
    else CHECK(run.err.empty());
    return line;
}

}  // namespace wud::test

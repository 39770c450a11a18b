#pragma once
// What a CLI parser made of a command line, for the parse tests of each verb family (check/repair/undo,
// explain/history): the command it accepted, or the reason it refused (exit 2). Catch2 assertions: a test fails,
// quoting the reason, when the parser did the other thing.

#include "cli_command.hpp"  // UsageError

#include <catch2/catch.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace wud::test {

/// A parser's answer for a verb family: empty when the words are not that family's (cli::parse takes them).
template <typename Command>
using Parsed = std::optional<std::variant<Command, cli::UsageError>>;

template <typename Command>
Command accepted(const Parsed<Command>& parsed) {
    REQUIRE(parsed);
    INFO((std::holds_alternative<cli::UsageError>(*parsed) ? std::get<cli::UsageError>(*parsed).reason : std::string()));
    REQUIRE(std::holds_alternative<Command>(*parsed));
    return std::get<Command>(*parsed);
}

template <typename Command>
std::string refusedReason(const Parsed<Command>& parsed) {
    REQUIRE(parsed);
    REQUIRE(std::holds_alternative<cli::UsageError>(*parsed));
    return std::get<cli::UsageError>(*parsed).reason;
}

/// One family's parser over the words of a command line, and what it made of them (WUD_PARSE_TEST_WORDS below
/// names them for a test file).
template <typename Command, auto Parse>
struct FamilyWords {
    static Parsed<Command> parse(std::initializer_list<const char*> words) {
        return Parse(std::vector<std::string>(words.begin(), words.end()));
    }
    static Command command(std::initializer_list<const char*> words) { return accepted(parse(words)); }
    static std::string refused(std::initializer_list<const char*> words) { return refusedReason(parse(words)); }
};

}  // namespace wud::test

/// A family's parse test in one line: parseArgs(words) (the parser's answer), command(words) (what it accepted, else
/// the test fails) and refused(words) (why it refused, else the test fails), e.g.
/// `WUD_PARSE_TEST_WORDS(ScanCommand, parseScanCommand);` inside the test file's anonymous namespace.
#define WUD_PARSE_TEST_WORDS(Command, parser)                            \
    using Words = ::wud::test::FamilyWords<Command, parser>;             \
    [[maybe_unused]] constexpr auto parseArgs = Words::parse;            \
    [[maybe_unused]] constexpr auto command = Words::command;            \
    [[maybe_unused]] constexpr auto refused = Words::refused

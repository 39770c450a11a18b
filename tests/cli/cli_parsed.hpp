#pragma once
// What a CLI parser made of a command line, for the parse tests of each verb family (check/repair/undo,
// explain/history): the command it accepted, or the reason it refused (exit 2). Catch2 assertions: a test fails,
// quoting the reason, when the parser did the other thing.

#include "cli_command.hpp"  // UsageError

#include <catch2/catch.hpp>

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

}  // namespace wud::test

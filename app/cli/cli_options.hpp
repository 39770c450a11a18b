#pragma once
// The options every command takes, read before a family parses the rest: how to print (--json-line) and where to
// log (--log-dir). Also the one reader of "a number of seconds" the families share. Pure: the host build tests it.

#include "cli_command.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wud::cli {

/// How a command prints its result.
enum class Output : std::uint8_t {
    Text,      ///< tables and sentences for a person
    Json,      ///< --json: one document over many lines (schema in the README)
    JsonLine,  ///< --json-line: exactly one compact ASCII line of at most kMaxJsonLine characters (cli_json_line.hpp)
};

/// What every command takes, whatever its family.
struct GlobalOptions {
    bool jsonLine = false;  ///< --json-line
    std::string logDir;     ///< --log-dir DIR: the technician's folder for the log and the undo journal ("" = ours)
    friend bool operator==(const GlobalOptions&, const GlobalOptions&) = default;
};

/// The arguments without the global options, and those options.
struct SplitArguments {
    GlobalOptions options;
    std::vector<std::string> rest;
};

/// Takes --json-line and --log-dir DIR out of the arguments (anywhere on the line). A usage error for --log-dir
/// without a folder, or for --json-line together with --json (one output at a time).
std::variant<SplitArguments, UsageError> splitGlobalOptions(std::span<const std::string> args);

/// True when the arguments ask for --json-line: a usage error found before anything is parsed still answers in a
/// line then (and on stderr).
bool wantsJsonLine(std::span<const std::string> args) noexcept;

/// "60" -> 60 s: a whole number of seconds from 1 to kMaxTimeout (24 h), or nullopt.
std::optional<std::chrono::seconds> parseSeconds(std::string_view text);

}  // namespace wud::cli

#pragma once
// What the CLI prints: JSON documents (schema in the README, "wudoctor/1") and aligned tables.
// Pure: data in, text out; no console, no SCM.

#include "cli_command.hpp"
#include "cli_exit.hpp"
#include "wud/system.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>

namespace wud::cli {

inline constexpr int kJsonSchemaVersion = 1;

/// Facts every output starts with.
struct RunContext {
    std::string appVersion;
    std::string computer;           ///< as given to --computer; empty = this computer
    std::string localComputerName;  ///< this computer's name (shown when computer is empty)
    std::optional<OsVersion> os;    ///< nullopt when not known (a remote computer)
    bool elevated = false;
};

/// One service's status line: the query result plus what the catalog knows.
struct StatusRow {
    QueryResult query;
    bool required = false;  ///< counts for the exit code when not installed (primary or named)
};

// ---- JSON (every document: schema_version, tool, version, command, computer, remote, os_build, os,
//      elevated, exit_code, then the command's own fields)
nlohmann::json envelope(const RunContext& context, Verb verb, ExitCode exit);
nlohmann::json serviceJson(const QueryResult& query, const std::optional<OsVersion>& os);
nlohmann::json statusJson(const RunContext& context, std::span<const StatusRow> rows, ExitCode exit);
nlohmann::json outcomeJson(const Outcome& outcome);
nlohmann::json actionsJson(const RunContext& context, Verb verb, std::span<const Outcome> outcomes, ExitCode exit);

// ---- Human output. colour: wrap states and results in ANSI SGR codes (only when the console supports VT).
std::string statusText(const RunContext& context, std::span<const StatusRow> rows, bool colour);
std::string outcomesText(std::span<const Outcome> outcomes, bool colour);

/// The exit code of a status run: worst of the rows (a query refused -> 3/1, a required service missing -> 5).
ExitCode statusExitCode(std::span<const StatusRow> rows, bool elevated);
/// The worst exit code of several outcomes (Ok when empty).
ExitCode worstOf(std::span<const Outcome> outcomes);

}  // namespace wud::cli

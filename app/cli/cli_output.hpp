#pragma once
// What the CLI prints: JSON documents (schema in the README, "wudoctor/1") and aligned tables.
// Pure: data in, text out; no console, no SCM.

#include "cli_command.hpp"
#include "cli_exit.hpp"
#include "wud/checks.hpp"
#include "wud/system.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace wud::cli {

inline constexpr int kJsonSchemaVersion = 1;

/// Facts every output starts with.
struct RunContext {
    std::string appVersion;
    std::string computer;           ///< as given to --computer; empty = this computer
    std::string localComputerName;  ///< this computer's name (shown when computer is empty)
    std::optional<OsVersion> os;    ///< nullopt when not known (a remote computer)
    bool elevated = false;
    std::string logFile;            ///< where this run logs (every document's "log"); "" when it keeps no log
};

/// What a command's run gives back, whatever it printed on the way: its exit code, its JSON document (the envelope
/// and its own fields: its one JSON home) and its text for a person. The run skeleton (cli_session.hpp) prints
/// the one the user asked for.
struct Answer {
    ExitCode exit = ExitCode::Ok;
    nlohmann::json doc;
    std::string text;        ///< may be empty when the text was printed as it happened
    std::string usageError;  ///< bad input found while running (nothing done): exit 2, one line on stderr
    bool streamed = false;   ///< --json-line: its lines went out as they came (one per computer): print no more
};
/// A usage error found while running: exit 2, nothing done.
Answer usageAnswer(std::string reason);

/// One service's status line: the query result plus what the catalog knows.
struct StatusRow {
    QueryResult query;
    bool required = false;  ///< counts for the exit code when not installed (primary or named)
};

// ---- JSON (every document: schema_version, tool, version, command, computer, remote, os_build, os,
//      elevated, exit_code, verdict, log, then the command's own fields)
nlohmann::json envelope(const RunContext& context, std::string_view command, ExitCode exit, std::string_view verdict);
/// The verdict an exit code gives when a command has no finer one: ok, failed, usage_error, needs_admin,
/// timed_out, not_installed, problems, refused.
std::string_view verdictOf(ExitCode exit) noexcept;
/// Findings as a list (each as core's findingJson: checks.hpp).
nlohmann::json findingsJson(std::span<const Finding> findings);
nlohmann::json serviceJson(const QueryResult& query, const std::optional<OsVersion>& os);
nlohmann::json statusJson(const RunContext& context, std::span<const StatusRow> rows, ExitCode exit);
/// status's verdict: unreachable / access_denied / could_not_query when a query failed, not_installed, disabled
/// (a shown service is Disabled), else ok.
std::string_view statusVerdict(std::span<const StatusRow> rows, ExitCode exit) noexcept;
nlohmann::json outcomeJson(const Outcome& outcome);
nlohmann::json actionsJson(const RunContext& context, Verb verb, std::span<const Outcome> outcomes, ExitCode exit);

/// ANSI SGR colours (only ever written to a console with VT processing).
namespace ansi {
inline constexpr std::string_view kReset = "\x1b[0m";
inline constexpr std::string_view kGreen = "\x1b[32m";
inline constexpr std::string_view kYellow = "\x1b[33m";
inline constexpr std::string_view kRed = "\x1b[31m";
inline constexpr std::string_view kBoldRed = "\x1b[1;31m";
inline constexpr std::string_view kDim = "\x1b[2m";
}  // namespace ansi
/// The text in that colour when enabled (and a colour is given), else as it is.
std::string paint(std::string text, std::string_view colour, bool enabled);

/// One cell of a table: its text and its ANSI colour ("" none).
struct Cell {
    std::string text;
    std::string_view colour;
};
/// Columns padded to their widest cell (in console columns, not bytes), then painted (colour: ANSI allowed), so
/// colour codes never disturb the alignment. Trailing spaces trimmed.
std::string renderTable(const std::vector<std::vector<Cell>>& rows, bool colour);

// ---- Human output. colour: wrap states and results in ANSI SGR codes (only when the console supports VT).
std::string statusText(const RunContext& context, std::span<const StatusRow> rows, bool colour);
std::string outcomesText(std::span<const Outcome> outcomes, bool colour);

/// The exit code of a status run: worst of the rows (a query refused -> 3/1, a required service missing -> 5).
ExitCode statusExitCode(std::span<const StatusRow> rows, bool elevated);
/// The worst exit code of several outcomes (Ok when empty).
ExitCode worstOf(std::span<const Outcome> outcomes);

}  // namespace wud::cli

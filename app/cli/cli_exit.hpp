#pragma once
// Exit codes and what the CLI tells the user about each outcome. Pure: results in, codes and words out.

#include "wud/operations.hpp"
#include "wud/service_manager.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace wud::cli {

/// The process exit codes. Stable: scripts depend on them (documented in --help and the README).
enum class ExitCode : int {
    Ok = 0,            ///< success
    Failed = 1,        ///< an operation failed (the message says why)
    Usage = 2,         ///< usage error: nothing was done
    NeedsAdmin = 3,    ///< administrator rights needed: run from an elevated prompt
    TimedOut = 4,      ///< a service did not reach the state in time (stuck or --timeout passed)
    NotInstalled = 5,  ///< a service is not installed on the computer
    ProblemsFound = 6, ///< `check`: it ran, and found something that blocks Windows Update
    Refused = 7,       ///< refused, nothing changed: `reset-cache` / `repair-system` with a restart pending; `undo` of
                       ///< an entry the journal guard does not accept (not written by WU Doctor here, changed, outside
                       ///< its repairs)
};

struct ExitCodeInfo {
    ExitCode code;
    std::string_view meaning;
};
/// Every exit code with its one-line meaning, in numeric order (for --help and tests).
std::span<const ExitCodeInfo> exitCodes() noexcept;

/// Rank used by worst(): NeedsAdmin > TimedOut > Failed > NotInstalled > Ok (Usage outranks all, but never
/// meets the others: a usage error stops before anything runs). Rerunning elevated is the one step that may
/// cure the rest, so it wins; a missing service is the least a technician can act on.
int severity(ExitCode code) noexcept;
ExitCode worst(ExitCode a, ExitCode b) noexcept;

/// Exit code for one service's outcome. elevated: the process has administrator rights.
ExitCode exitCodeFor(bool ok, Win32Error error, std::string_view service, bool elevated) noexcept;
/// Exit code for a status query of one service; required = the user needs it (a primary service, or named).
ExitCode exitCodeForQuery(const QueryResult& result, bool required, bool elevated) noexcept;

/// One row of an action's output, the same for start / stop / restart / fix and start-type changes.
struct Outcome {
    std::string service;
    std::string action;  ///< toId(Action): "start", "stop", "restart", "set_start_type"
    bool ok = false;
    Win32Error error = 0;
    ErrorText text;      ///< CLI-worded: the advice names wudoctor commands, not window buttons
    std::optional<ServiceState> stateBefore, stateAfter;
    std::optional<std::uint32_t> pidBefore, pidAfter;
    std::optional<StartType> startTypeBefore, startTypeAfter;
    Millis duration{0};
    std::vector<std::string> notes;
    ExitCode exit = ExitCode::Ok;
};

/// remote: the service is on another computer (--computer): "elevated" then means rights there, and access denied
/// gets the note on remote UAC (remoteAccessDeniedAdvice).
Outcome toOutcome(const ActionResult& result, bool elevated, bool remote = false);
Outcome toOutcome(const StartTypeChange& change, bool elevated, Millis duration, bool remote = false);

/// The core's message and advice, with the advice reworded for a console where it points at the window
/// ("use Repair start type" -> "run: wudoctor repair-start-type wuauserv"; 5 unelevated -> elevated prompt; 5 on
/// another computer -> the remote UAC note).
ErrorText cliText(Win32Error error, std::string_view service, const ErrorText& coreText, bool elevated,
                  bool remote = false);
/// What to do about access denied (5) from another computer's SCM: administrator rights there, and why a local
/// administrator account may not have them over the network (LocalAccountTokenFilterPolicy).
std::string_view remoteAccessDeniedAdvice() noexcept;

}  // namespace wud::cli

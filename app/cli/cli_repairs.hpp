#pragma once
// `wudoctor check | repair | undo | reset-cache`: the diagnosis, its repairs, the cache reset and their undo on the
// command line: output and running them against this computer (parsing: cli_repairs_command.hpp).

#include "cli_repairs_command.hpp"
#include "cli_console.hpp"
#include "cli_exit.hpp"
#include "wud/checks.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace wud::cli {

/// One finding as JSON: id, severity, title, evidence, explanation, next_step, repairable.
nlohmann::json findingJson(const Finding& finding);
/// Findings as text, most severe first ("PROBLEM  policy.wuserver  ..." with evidence and next step).
std::string findingsText(const std::vector<Finding>& findings, bool colour);
/// `check`'s exit code: ProblemsFound when a finding has severity Problem, else Ok.
ExitCode checkExitCode(const std::vector<Finding>& findings) noexcept;

/// Runs it on this computer: opens the log (logFolderSetup does), runs the checks, applies repairs / undo
/// through the journal beside the log. Returns the process exit code.
int runRepairsCommand(Console& console, const RepairsCommand& command, const std::string& exeDir,
                     const std::string& commandLineForLog);

}  // namespace wud::cli

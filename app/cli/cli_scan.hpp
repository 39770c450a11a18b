#pragma once
// `wudoctor scan` on this computer (parsing, exit code, JSON: cli_scan_command.hpp).

#include "cli_console.hpp"
#include "cli_scan_command.hpp"

#include <string>

namespace wud::cli {

/// Runs it: opens the log, asks the Windows Update Agent to search (Ctrl+C / Ctrl+Break cancel: the search is asked
/// to stop), runs the checks when it did not answer to name the cause, records the result beside the log
/// (wudoctor-last-scan.json, which `report` shows) and prints it. Returns the process exit code (scanExitCode).
int runScanCommand(Console& console, const ScanCommand& command, const std::string& exeDir,
                   const std::string& commandLineForLog);

}  // namespace wud::cli

#pragma once
// `wudoctor repair-system` on this computer: the live progress on the console, Ctrl+C, the result (parsing and
// wording: cli_repair_system_command.hpp). Windows only.

#include "cli_console.hpp"
#include "cli_repair_system_command.hpp"

#include <string>

namespace wud::cli {

/// Opens the log, runs DISM then SFC (system_repair.hpp) with progress on stderr — a bar redrawn in place on a
/// console, plain lines otherwise — and prints the result (text or JSON). Returns the process exit code.
int runRepairSystemCommand(Console& console, const RepairSystemCommand& command, const std::string& exeDir,
                           const std::string& commandLineForLog);

}  // namespace wud::cli

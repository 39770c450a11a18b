#pragma once
// `wudoctor explain <code>` and `wudoctor history` on this computer (parsing: cli_info_command.hpp).

#include "cli_console.hpp"
#include "cli_info_command.hpp"

#include <string>

namespace wud::cli {

/// Runs it: opens the log (every command line is logged), explains the code (the system's message table for
/// Win32 codes) or reads the Windows Update history. Returns the process exit code:
/// explain: 0 known, 1 WU Doctor does not know the code; history: 0 read, 1 not available or stopped part way.
int runInfoCommand(Console& console, const InfoCommand& command, const std::string& exeDir,
                   const std::string& commandLineForLog);

}  // namespace wud::cli

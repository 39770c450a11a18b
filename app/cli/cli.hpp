#pragma once
// The command line (wudoctor.com, or wudoctor.exe given arguments): commands, exit codes and JSON are
// described in the README and `wudoctor --help`. The pure parts live in cli_command (parsing),
// cli_exit (exit codes, CLI wording) and cli_output (JSON, tables); this file wires them to the SCM.
#include "subsystem.hpp"

namespace wud::app {
/// Runs the CLI and returns the process exit code (0-7, see cli_exit.hpp). Never waits for a key press.
/// A GUI-subsystem caller (wudoctor.exe with arguments) writes to its parent's console.
int runCli(Subsystem subsystem, int argc, wchar_t** argv);
}  // namespace wud::app

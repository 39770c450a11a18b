#pragma once
// `wudoctor repair-system` on this computer: the live progress on the console, Ctrl+C, the result (parsing and
// wording: cli_repair_system_command.hpp). Windows only.

#include "cli_repair_system_command.hpp"
#include "cli_session.hpp"

namespace wud::cli {

/// Runs DISM then SFC (system_repair.hpp) with progress on stderr — a bar redrawn in place on a console, plain
/// lines otherwise, nothing with --json-line — and answers with the result.
Answer runRepairSystemCommand(Session& session, const RepairSystemCommand& command);

}  // namespace wud::cli

#pragma once
// `wudoctor check | detect | repair | remediate | undo | reset-cache`: the diagnosis, its repairs, the cache reset and
// their undo, and the two engine contracts over them, run against this computer (parsing: cli_repairs_command.hpp).

#include "cli_exit.hpp"
#include "cli_repairs_command.hpp"
#include "cli_session.hpp"
#include "wud/checks.hpp"

#include <string>
#include <vector>

namespace wud::cli {

/// Runs the checks, applies repairs / undo / the reset through the journal beside the log, or remediates.
Answer runRepairsCommand(Session& session, const RepairsCommand& command);

}  // namespace wud::cli

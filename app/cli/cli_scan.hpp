#pragma once
// `wudoctor scan` on this computer (parsing, exit code, JSON: cli_scan_command.hpp).

#include "cli_scan_command.hpp"
#include "cli_session.hpp"

namespace wud::cli {

/// Asks the Windows Update Agent to search (Ctrl+C: the search is asked to stop), runs the checks when it did not
/// answer to name the cause, records the result beside the log (wudoctor-last-scan.json, which `report` shows).
Answer runScanCommand(Session& session, const ScanCommand& command);

}  // namespace wud::cli

#pragma once
// The one report text: what a technician pastes into a ticket. Used by the window's "Copy report",
// `wudoctor report` and the log, so all three always say the same thing.

#include "wud/model.hpp"
#include "wud/operations.hpp"
#include "wud/system.hpp"

#include <string>
#include <vector>

namespace wud {

struct ReportInput {
    std::string appVersion;
    std::string computer;  ///< empty = this computer
    OsVersion os;
    bool elevated = false;
    std::vector<ServiceSnapshot> services;  ///< every catalog service, in catalog order
    std::vector<ActionResult> recentActions;
    std::vector<StartTypeChange> recentStartTypeChanges;
    std::string logFolder;  ///< empty if logging is off
};

/// Plain text, fixed-width aligned, UTF-8, CRLF-free (callers convert for the clipboard).
std::string buildReport(const ReportInput& input);

}  // namespace wud

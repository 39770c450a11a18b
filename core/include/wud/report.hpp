#pragma once
// The one report text: what a technician pastes into a ticket. Used by the window's "Copy report",
// `wudoctor report` and the log, so all three always say the same thing.

#include "wud/checks.hpp"
#include "wud/model.hpp"
#include "wud/operations.hpp"
#include "wud/system.hpp"
#include "wud/update_history.hpp"
#include "wud/update_scan.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// How many history entries the report shows (`wudoctor history --max N` shows more).
inline constexpr std::size_t kReportHistoryEntries = 10;

struct ReportInput {
    std::string appVersion;
    std::string generatedAt;  ///< local time as the caller wants it shown ("2024-05-01 14:03"); empty = omit
    std::string computer;     ///< empty = this computer
    OsVersion os;             ///< all zero = unknown (e.g. a remote computer)
    bool elevated = false;
    std::vector<ServiceSnapshot> services;  ///< every catalog service, in catalog order
    std::vector<ActionResult> recentActions;
    std::vector<StartTypeChange> recentStartTypeChanges;
    std::string logFolder;  ///< empty if logging is off
    std::string renderer;   ///< what draws the window ("Direct3D 11 (hardware)", "none: last-resort dialog"); empty = omit
    std::optional<std::vector<Finding>> findings;  ///< the checks' findings; nullopt = the checks did not run
    std::optional<HistoryResult> updateHistory;    ///< the last update results; nullopt = not asked (remote, the window)
    std::optional<UpdateChecksSummary> updateChecks;  ///< checking for updates: Windows' record, WU Doctor's last scan
};

/// Plain text, fixed-width aligned, UTF-8, '\n' line ends (callers convert for the clipboard). Pure.
std::string buildReport(const ReportInput& input);

/// Columns a UTF-8 string takes in a fixed-width console: one per code point, two for East Asian wide
/// characters, none for combining marks. Used to align tables holding non-ASCII display names.
std::size_t textWidth(std::string_view utf8) noexcept;
/// text followed by spaces up to width columns (never truncates).
std::string padRight(std::string_view utf8, std::size_t width);

}  // namespace wud

#pragma once
// Automatic Updates' own record: when Windows last searched for updates successfully, and last installed any
// (IAutomaticUpdates2::get_Results -> IAutomaticUpdatesResults: LastSearchSuccessDate, LastInstallationSuccessDate,
// both UTC). Behind an interface: the Win32 one asks the agent through COM (automatic_updates_win32.cpp), tests use
// a fake (core/testing). The check `last-check` (core/src/checks/last_check.cpp) reads it through CheckContext.
//
// Sources: Microsoft Learn, "IAutomaticUpdatesResults::get_LastSearchSuccessDate" ("the last time and UTC date when
// AutomaticUpdates successfully searched for updates"; "calls ... by public users do not update this property. Only
// the AutomaticUpdates object will update this property" — so a search WU Doctor runs itself does not move it) and
// "...::get_LastInstallationSuccessDate"; [MS-UAMG] 3.2.4.1: a date not known is VT_EMPTY, otherwise VT_DATE.

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace wud {

/// The `last-check` finding warns when Windows' last successful check is older than this. Windows checks on its own
/// about once a day (the "Automatic Updates detection frequency" policy takes 1 to 22 hours, 22 when not set:
/// Microsoft Learn, Policy CSP - Update, DetectionFrequency); two weeks without one success is no bad luck.
inline constexpr long long kLastCheckWarningDays = 14;

/// What Automatic Updates says, or why it could not be asked.
struct AutomaticUpdatesResults {
    bool readable = false;  ///< false: could not be read at all (error / reason say why)
    std::uint32_t error = 0;
    std::string reason;     ///< plain words when not readable
    /// nullopt (when readable): the agent knows of no successful search / installation (VT_EMPTY).
    std::optional<std::chrono::system_clock::time_point> lastSearchSuccess;
    std::optional<std::chrono::system_clock::time_point> lastInstallationSuccess;
    std::uint32_t installationError = 0;  ///< the installation date alone could not be read (the search date stands)
    friend bool operator==(const AutomaticUpdatesResults&, const AutomaticUpdatesResults&) = default;
};

/// Where the check and the report read it from.
class AutomaticUpdatesSource {
public:
    virtual ~AutomaticUpdatesSource() = default;
    /// Read once, then kept: the checks and the report ask the same object.
    virtual const AutomaticUpdatesResults& results() = 0;
};

/// An OLE Automation DATE (days since 1899-12-30, UTC here) as a time point; nullopt out of range (years 1900-9999).
std::optional<std::chrono::system_clock::time_point> fromOleDate(double date);
/// A time point as "2026-11-28 12:00 UTC".
std::string utcText(std::chrono::system_clock::time_point when);
/// Whole days from `when` to `now` (negative when `when` lies ahead: a wrong clock).
long long daysBetween(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now);
/// "2026-10-19 12:00 UTC (40 days ago)", "... (today)", "... (in 3 days: the PC's clock or the record is wrong)".
std::string dateWithAge(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now);
/// The report's lines about it.
std::string automaticUpdatesText(const AutomaticUpdatesResults& results, std::chrono::system_clock::time_point now,
                                 std::string_view indent = "  ");

// ---- Windows only (automatic_updates_win32.cpp)
/// CoCreateInstance(CLSID_AutomaticUpdates) -> QueryInterface(IAutomaticUpdates2) -> get_Results.
std::unique_ptr<AutomaticUpdatesSource> makeWindowsAutomaticUpdates();

}  // namespace wud

// Windows' last successful check for updates: a PC whose last success is weeks old has a Windows Update that does
// not work, whatever its services say. Read from Automatic Updates' own record (IAutomaticUpdatesResults:
// LastSearchSuccessDate, LastInstallationSuccessDate, UTC) through CheckContext::automaticUpdates
// (automatic_updates.hpp, which cites Microsoft's pages). Advice only: there is nothing to repair in a date.
//
// - Older than kLastCheckWarningDays (14), or no successful check on record at all: a Warning with the date.
// - The record cannot be read (Wine: AutomaticUpdates has no IAutomaticUpdates2): an Info "could not check" with
//   the reason — never silence, which would read as "checks are fine".
// - No source given (callers that do not ask the agent, e.g. unit tests of other checks): nothing.
// Microsoft documents that only Automatic Updates moves LastSearchSuccessDate: a search WU Doctor runs itself
// (`wudoctor scan`) does not, so the next step says where its own answer is.
#include "check_util.hpp"

#include "wud/automatic_updates.hpp"
#include "wud/explain.hpp"  // hexCode

namespace wud {

using checks_detail::finding;

void checkLastCheck(CheckContext& context, std::vector<Finding>& out) {
    if (context.automaticUpdates == nullptr) return;
    const AutomaticUpdatesResults& r = context.automaticUpdates->results();
    constexpr std::string_view kWhere = "IAutomaticUpdates2.Results.LastSearchSuccessDate";
    if (!r.readable) {
        Finding f;
        f.id = "last-check.could-not-check";
        f.severity = Severity::Info;
        f.title = "Could not check when Windows last checked for updates";
        f.evidence.push_back(std::string(kWhere) + ": " + r.reason);
        f.explanation = "WU Doctor could not read Windows' own record of its last successful check for updates.";
        f.nextStep = "Look for yourself: Settings > Windows Update shows \"Last checked\". Or ask Windows Update now: "
                     "wudoctor scan.";
        out.push_back(std::move(f));
        return;
    }
    const auto installation = [&] {
        if (r.installationError != 0)
            return "LastInstallationSuccessDate: could not be read (" + hexCode(r.installationError) + ")";
        return "LastInstallationSuccessDate = " +
               (r.lastInstallationSuccess ? dateWithAge(*r.lastInstallationSuccess, context.now) : std::string("none on record"));
    };
    if (!r.lastSearchSuccess) {
        out.push_back(finding("last-check", Severity::Warning, "Windows has no successful check for updates on record",
                              {std::string(kWhere) + " = none on record (VT_EMPTY)", installation()},
                              "Windows normally checks for updates on its own about once a day and remembers when "
                              "one succeeded. No success on record means its checks fail or never start (a new "
                              "installation that has not checked yet is the harmless exception).",
                              "Fix Windows Update (the Fix button, or wudoctor fix), then check for updates (Check "
                              "for updates now, or wudoctor scan) and see whether Windows Update answers."));
        return;
    }
    const long long days = daysBetween(*r.lastSearchSuccess, context.now);
    if (days <= kLastCheckWarningDays) return;
    Finding f;
    f.id = "last-check";
    f.severity = Severity::Warning;
    f.title = "Windows has not checked for updates successfully for " + std::to_string(days) + " days";
    f.evidence.push_back(std::string(kWhere) + " = " + dateWithAge(*r.lastSearchSuccess, context.now));
    f.evidence.push_back(installation());
    f.explanation = "Windows normally checks for updates on its own about once a day; its last successful check is "
                    "more than " + std::to_string(kLastCheckWarningDays) + " days old, so its checks have been failing "
                    "or not starting since (services, policies, a \"disable updates\" tool, the network). While "
                    "updates are paused Windows may also skip them. Only Windows' own checks move this date.";
    f.nextStep = "Fix Windows Update (the Fix button, or wudoctor fix), then check for updates (Check for updates "
                 "now, or wudoctor scan) and see whether Windows Update answers.";
    out.push_back(std::move(f));
}

}  // namespace wud

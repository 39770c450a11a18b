// The pure half of automatic_updates.hpp: OLE dates, ages, the report's lines. The COM half is
// automatic_updates_win32.cpp.
#include "wud/automatic_updates.hpp"

#include "wud/explain.hpp"     // hexCode
#include "wud/update_history.hpp"  // oleDateText

#include <cmath>

namespace wud {
namespace {

constexpr double kUnixEpochOleDate = 25569.0;  // 1970-01-01 as days since 1899-12-30
constexpr long long kSecondsPerDay = 86400;

double toOleDate(std::chrono::system_clock::time_point when) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count();
    return kUnixEpochOleDate + static_cast<double>(seconds) / static_cast<double>(kSecondsPerDay);
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> fromOleDate(double date) {
    if (!std::isfinite(date) || date < 1.0 || date > 2958465.0) return std::nullopt;
    const auto seconds = static_cast<long long>(std::llround((date - kUnixEpochOleDate) * kSecondsPerDay));
    return std::chrono::system_clock::time_point(std::chrono::seconds(seconds));
}

std::string utcText(std::chrono::system_clock::time_point when) {
    const std::string text = oleDateText(toOleDate(when));
    return text.empty() ? std::string("(a date out of range)") : text + " UTC";
}

long long daysBetween(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now - when).count();
    // Whole days, rounded towards zero: 13 days 23 hours is 13 days.
    return seconds / kSecondsPerDay;
}

std::string dateWithAge(std::chrono::system_clock::time_point when, std::chrono::system_clock::time_point now) {
    const long long days = daysBetween(when, now);
    std::string age;
    if (now < when && (when - now) > std::chrono::hours(1))
        age = "in the future: the PC's clock or the record is wrong";
    else if (days == 0) age = "today";
    else if (days == 1) age = "1 day ago";
    else age = std::to_string(days) + " days ago";
    return utcText(when) + " (" + age + ")";
}

std::string automaticUpdatesText(const AutomaticUpdatesResults& r, std::chrono::system_clock::time_point now,
                                 std::string_view indent) {
    const std::string in(indent);
    if (!r.readable) return in + "Windows' own record of its checks could not be read: " + r.reason + ".\n";
    const auto line = [&](const char* what, const std::optional<std::chrono::system_clock::time_point>& when) {
        return in + what + (when ? dateWithAge(*when, now) : std::string("never (Windows has no record of one)")) +
               "\n";
    };
    std::string out = line("Last successful check by Windows:        ", r.lastSearchSuccess);
    if (r.installationError != 0)
        out += in + "Last successful installation by Windows: could not be read (" + hexCode(r.installationError) + ")\n";
    else
        out += line("Last successful installation by Windows: ", r.lastInstallationSuccess);
    return out;
}

}  // namespace wud

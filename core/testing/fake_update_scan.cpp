// The Windows Update Agent's test doubles (fake_update_scan.hpp).
#include "wud/fake_update_scan.hpp"

namespace wud {

std::uint32_t FakeSearchAgent::begin(std::string_view text) {
    calls.emplace_back("begin");
    criteria = std::string(text);
    if (beginError != 0) return beginError;
    if (completesAfter) doneAt_ = clock_.now() + *completesAfter;
    return 0;
}

bool FakeSearchAgent::waitCompleted(Millis upTo) {
    if (onWait) onWait(clock_.now());
    const Millis now = clock_.now();
    if (doneAt_ && *doneAt_ <= now + upTo) {
        if (*doneAt_ > now) clock_.advance(*doneAt_ - now);
        return true;
    }
    clock_.advance(upTo);
    return false;
}

std::uint32_t FakeSearchAgent::requestAbort() {
    calls.emplace_back("abort");
    if (abortCompletesAfter && (!doneAt_ || *doneAt_ > clock_.now() + *abortCompletesAfter)) {
        doneAt_ = clock_.now() + *abortCompletesAfter;
        readout = SearchReadout{5, {}, {}};  // orcAborted
    }
    return 0;
}

std::uint32_t FakeSearchAgent::end(SearchReadout& out) {
    calls.emplace_back("end");
    if (endError != 0) return endError;
    out = readout;
    return 0;
}

void FakeSearchAgent::cleanUp() { calls.emplace_back("cleanup"); }

ScanResult FakeUpdateScanner::scan(const ScanOptions& options) {
    calls.push_back(options);
    if (during) during(options);
    return result;
}

AutomaticUpdatesResults FakeAutomaticUpdates::daysAgo(std::chrono::system_clock::time_point now,
                                                      std::optional<int> searchDaysAgo, std::optional<int> installDaysAgo) {
    AutomaticUpdatesResults r;
    r.readable = true;
    if (searchDaysAgo) r.lastSearchSuccess = now - std::chrono::hours(24 * *searchDaysAgo);
    if (installDaysAgo) r.lastInstallationSuccess = now - std::chrono::hours(24 * *installDaysAgo);
    return r;
}

}  // namespace wud

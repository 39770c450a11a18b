#pragma once
// Test doubles for the Windows Update Agent: a scripted search (FakeSearchAgent, on a virtual clock, for runScan's
// logic), a scripted scanner (FakeUpdateScanner, for the CLI's and the window's controllers) and Automatic Updates'
// record (FakeAutomaticUpdates, for the `last-check` finding). wud::core_testing: never in the product. Each test
// says which Windows behaviour a script stands for.

#include "wud/automatic_updates.hpp"
#include "wud/clock.hpp"
#include "wud/update_scan.hpp"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace wud {

/// One search, scripted: when its callback comes (on its own, or after RequestAbort), what EndSearch gives.
/// waitCompleted moves the virtual clock: to the completion when it falls within the wait, else by the whole wait.
class FakeSearchAgent final : public SearchAgent {
public:
    explicit FakeSearchAgent(VirtualClock& clock) : clock_(clock) {}

    // ---- the script
    std::uint32_t beginError = 0;            ///< BeginSearch fails with this (E_NOTIMPL: Wine's stub)
    std::optional<Millis> completesAfter;    ///< the callback comes this long after BeginSearch; nullopt = never
    std::optional<Millis> abortCompletesAfter;  ///< after RequestAbort, the callback comes this long later; nullopt = never
    std::uint32_t endError = 0;              ///< EndSearch fails with this (the search failed: 0x8024402C...)
    SearchReadout readout{2, {}, {}};        ///< what a successful EndSearch reads (default: succeeded, no updates)

    // ---- what happened
    std::vector<std::string> calls;          ///< "begin", "abort", "end", "cleanup", in order
    std::string criteria;                    ///< as passed to BeginSearch
    /// Called at the start of every wait (a test cancels from here, as a user would while the search runs).
    std::function<void(Millis now)> onWait;

    std::uint32_t begin(std::string_view criteria) override;
    bool waitCompleted(Millis upTo) override;
    std::uint32_t requestAbort() override;
    std::uint32_t end(SearchReadout& out) override;
    void cleanUp() override;

private:
    VirtualClock& clock_;
    std::optional<Millis> doneAt_;  ///< virtual time the callback comes
};

/// A scanner that gives a scripted result (the controllers' tests), and remembers the options it was given.
class FakeUpdateScanner final : public UpdateScanner {
public:
    ScanResult result;
    std::vector<ScanOptions> calls;
    /// Runs inside scan() before it returns (a test waits there for a cancel, or counts threads).
    std::function<void(const ScanOptions&)> during;
    ScanResult scan(const ScanOptions& options) override;
};

/// Automatic Updates' record, as a test sets it.
class FakeAutomaticUpdates final : public AutomaticUpdatesSource {
public:
    AutomaticUpdatesResults value;
    int reads = 0;
    const AutomaticUpdatesResults& results() override {
        ++reads;
        return value;
    }
    /// A readable record: the last successful search `searchDaysAgo` days before `now` (nullopt = none on record),
    /// the last installation `installDaysAgo` before it.
    static AutomaticUpdatesResults daysAgo(std::chrono::system_clock::time_point now, std::optional<int> searchDaysAgo,
                                           std::optional<int> installDaysAgo = std::nullopt);
};

}  // namespace wud

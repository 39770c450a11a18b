#pragma once
// What the window shows, decided without threads, ImGui or Win32: the state types the controller hands the view,
// and the pure decisions over them (the verdict, a card's "Last exit", an operation's title, how progress turns
// into step lines). The host build compiles and tests this file.

#include "wud/catalog.hpp"
#include "wud/checks.hpp"
#include "wud/journal.hpp"
#include "wud/operations.hpp"
#include "wud/service_manager.hpp"
#include "wud/system_repair.hpp"
#include "wud/update_scan.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud::ui {

/// One catalog service as last seen.
struct ServiceRow {
    const CatalogEntry* entry = nullptr;  ///< never null once polled
    ServiceSnapshot snapshot;
    Win32Error queryError = 0;  ///< the SCM would not tell us (snapshot then says little)
    friend bool operator==(const ServiceRow&, const ServiceRow&) = default;
};

/// What one poll saw: every catalog service, in catalog order.
struct StatusSet {
    std::vector<ServiceRow> rows;
    [[nodiscard]] const ServiceRow* find(std::string_view name) const noexcept;
    friend bool operator==(const StatusSet&, const StatusSet&) = default;
};

/// What the user asked for. Repair and UndoRepair act on the checks' findings and the undo journal; ResetCache
/// moves the Windows Update cache aside (wud/reset_cache.hpp), through the journal too. RepairSystem repairs
/// Windows' own files (DISM, then SFC: wud/system_repair.hpp); Scan asks Windows Update to check for updates
/// (wud/update_scan.hpp) and changes nothing.
enum class Request : std::uint8_t { Start, Restart, Fix, SetStartType, Repair, UndoRepair, ResetCache, RepairSystem, Scan };

/// What the last run of the checks found, and what this PC's undo journal can put back. Swapped in whole.
struct ChecksView {
    bool ran = false;                        ///< false until the first run has finished
    std::vector<Finding> findings;           ///< most severe first
    std::vector<std::string> couldNotCheck;  ///< checks that failed: "services: <reason>"
    std::string journalPath;                 ///< beside the log; empty when there is no log folder
    std::string journalError;                ///< non-empty: the journal cannot be used, so no Repair and no Undo
    std::vector<JournalEntry> undoable;      ///< this PC's entries Undo can act on, newest first
    /// Automatic Updates' record as the checks read it (the `last-check` finding; the report); nullopt: not asked.
    std::optional<AutomaticUpdatesResults> automaticUpdates;
    friend bool operator==(const ChecksView&, const ChecksView&) = default;
};

/// What "Reset update cache" would do here, looked at by the worker when the confirmation opens (planReset: the
/// services, what there is to move and its size), so the user reads it before anything happens.
struct ResetCachePlanView {
    std::uint64_t id = 0;             ///< which request this answers (one per opened confirmation)
    bool ready = false;               ///< false while the worker looks
    std::vector<std::string> steps;   ///< ResetPlan::steps(): the core's own words, one a step
    std::string refused;              ///< non-empty: it would be refused (a restart is pending), and why
    std::string refusedAdvice;        ///< ... and what to do first
};

/// One line of a running operation: "Stopping Update Orchestrator…" with a status mark.
struct StepLine {
    enum class Status : std::uint8_t { Active, Done, Failed, Skipped };
    Status status = Status::Active;
    std::string text;
};

/// A long job's progress (repairing Windows' files, checking for updates): what it does now, how far, how long, and
/// whether Cancel can still stop it.
struct Meter {
    std::string step;            ///< "Repairing Windows' component store (DISM)"
    std::optional<int> percent;  ///< 0-100; nullopt until the step reports one
    Millis elapsed{0};           ///< since the job started, to the minute (meterClockText)
    bool holding = false;        ///< the percentage has not moved for kMeterLongHold: "still working" is said
    bool cancellable = true;     ///< false once nothing can stop it (SFC runs) or Cancel was asked
    bool cancelAsked = false;
    friend bool operator==(const Meter&, const Meter&) = default;
};

/// The operation the window shows: running (steps appear live) or finished (result + next step).
struct OperationView {
    enum class Phase : std::uint8_t { Idle, Running, WaitingForAdmin, Finished };
    Phase phase = Phase::Idle;
    std::uint64_t id = 0;  ///< increases with every operation
    std::string title;     ///< while it runs: "Restarting Windows Update"
    std::string doneTitle; ///< once finished: "Restart Windows Update"
    std::vector<StepLine> steps;
    bool ok = false;
    bool declined = false;  ///< the user said no to UAC: nothing changed
    std::string message;    ///< what happened, plain words
    std::string advice;     ///< the next step, when something failed
    Request request = Request::Start;
    std::optional<Meter> meter;        ///< a long job's progress bar, elapsed time and Cancel
    std::vector<std::string> details;  ///< once finished: what each phase found, the files named
    /// Once finished: offer "Check for updates now" (after Fix, a repair, the cache reset, repair-system).
    [[nodiscard]] bool offersScan() const noexcept {
        return phase == Phase::Finished && !declined &&
               (request == Request::Fix || request == Request::Repair || request == Request::ResetCache ||
                request == Request::RepairSystem);
    }
    [[nodiscard]] bool active() const noexcept { return phase == Phase::Running || phase == Phase::WaitingForAdmin; }
};

/// A line of this session's activity panel.
struct LogLine {
    enum class Kind : std::uint8_t { Info, Success, Failure };
    Kind kind = Kind::Info;
    std::string time;  ///< "14:03:07"
    std::string text;
};

/// The one-line answer at the top of the window.
struct Verdict {
    enum class Level : std::uint8_t { Checking, Good, Attention, Problem, Busy };
    Level level = Level::Checking;
    std::string headline;  ///< "Windows Update services look healthy"
    std::string detail;    ///< one calm sentence: why, and what to press
};

/// The last check for updates the window ran, shown in the verdict area until dismissed or until something else runs.
struct ScanAnswer {
    ScanResult result;
    std::string time;  ///< local time it ended, "14:03"
};

/// Pure: Windows Update's own answer to "does it work?", in the verdict's words: "Windows Update works: 3 updates are
/// waiting — open Windows Update to install them" / "Windows Update still fails: 0x80244022 ...".
Verdict scanVerdict(const ScanResult& result);

/// Pure: what each phase of a repair of Windows' files found, a line each, the files named (for the result panel).
std::vector<std::string> systemRepairLines(const SystemRepairResult& result);

/// Pure: a meter's progress report applied: the step's words, its percentage (kept while a step reports none yet), and
/// Cancel no longer offered once SFC runs (it cannot be stopped safely).
void applyRepairProgress(Meter& meter, const RepairProgress& progress);

/// How long a percentage may hold before the meter says it is still working. DISM's repair can take 10 to 30 minutes
/// and is known to sit at one figure (often 62.3 %) for much of it (perplexityaimagazine.com, "DISM /Online
/// /Cleanup-Image /RestoreHealth Repair Guide", 2026): that is when a user starts to think it hangs.
inline constexpr Millis kMeterLongHold{std::chrono::minutes(2)};
inline constexpr std::string_view kMeterHolding =
    "Still working: a repair can stay at one figure for many minutes. Leave it running.";
/// Where the meter's percentage last moved (the worker's own record, beside the Meter it feeds).
struct MeterHold {
    std::optional<int> percent;
    std::string step;
    Millis since{0};
};
/// Time passes for a running meter: its clock moves to the minute, and `holding` turns on once the percentage (of
/// one step) has not moved for kMeterLongHold. The window is told only when either changes, so a long repair draws a
/// frame a minute, not a second, while nothing else moves.
void advanceMeterClock(Meter& meter, MeterHold& hold, Millis sinceStart);
/// The meter's clock in words: "less than a minute", "1 minute", "25 minutes", "1 h 05 min".
[[nodiscard]] std::string meterClockText(Millis elapsed);

/// Pure: the verdict for a status set while the given operation runs (or not), before the checks have run.
Verdict verdictFor(const StatusSet& status, const OperationView& operation, std::uint32_t osBuild);
/// Pure: the same, weighed with what the checks found: never healthy while a Problem finding stands, "restart
/// first" while a restart is pending, warnings call for attention, and a stopped service that Windows itself
/// starts on demand (Manual, trigger start) is idle, not broken.
Verdict verdictFor(const StatusSet& status, const OperationView& operation, std::uint32_t osBuild,
                   const ChecksView& checks);

/// A stopped service that Windows sets to start on demand (its default and its start type both Manual, with or
/// without triggers): idle, as Windows leaves it, not a fault.
bool idleByDesign(const ServiceRow& row, std::uint32_t osBuild);

/// Restart and Fix stop services: with a restart pending, the window asks before it does that. The question to
/// ask, or "" when none is needed (no restart pending, or an action that stops nothing).
std::string restartFirstQuestion(Request request, const ChecksView& checks);

/// "Problem", "Warning", "Info": the word beside a finding.
std::string_view severityWord(Severity severity) noexcept;

/// "none", "not run since Windows started", "The process terminated unexpectedly (1067)"... for a card.
std::string exitCodeInWords(const ServiceSnapshot& snapshot);

/// "Restarting Windows Update" while it runs (running = true), "Restart Windows Update" once it is over;
/// undo: "Putting Delivery Optimization back to Manual".
std::string titleFor(Request request, std::string_view service, StartType type, bool undo, bool running = true);

/// Adds one progress report of a running operation to its step lines: a new step starts (the previous one is
/// done), a wait repeats nothing, the end marks the active step done or failed, a skipped service gets its line.
void applyProgress(std::vector<StepLine>& steps, const Progress& progress);

}  // namespace wud::ui

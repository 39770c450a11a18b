#pragma once
// The window's brain, without a single ImGui call: it owns the one worker thread that talks to the Service
// Control Manager, and the state the window draws. The worker never touches that state: it posts closures
// to a MainThreadQueue that the UI thread drains once per frame (pump()), and whole status sets are swapped
// in, never patched in place (ImHex's data inspector), so a frame never sees a half-built picture.
//
// Threads: every public member is for the UI thread only. The worker runs jobs one at a time; an operation
// that needs administrator rights runs in an elevated copy of WU Doctor (UAC) while the worker keeps polling.

#include "cli_repair_system_command.hpp"
#include "cli_repairs_command.hpp"
#include "cli_command.hpp"
#include "ui/main_queue.hpp"
#include "ui/platform.hpp"
#include "ui/state.hpp"

#include "wud/catalog.hpp"
#include "wud/checks.hpp"
#include "wud/clock.hpp"
#include "wud/crypto.hpp"
#include "wud/journal_guard.hpp"
#include "wud/journal_session.hpp"
#include "wud/operations.hpp"
#include "wud/machine_access.hpp"
#include "wud/reset_cache.hpp"
#include "wud/undo.hpp"
#include "wud/service_manager.hpp"
#include "wud/system.hpp"
#include "wud/automatic_updates.hpp"
#include "wud/system_repair.hpp"
#include "wud/update_history.hpp"
#include "wud/update_scan.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <atomic>
#include <thread>
#include <vector>

namespace wud::ui {

/// Pure: the command the elevated copy of WU Doctor (the CLI) runs to do `request` — always one the CLI parses.
/// `winDefault` is Windows' default start type for the service: setting it goes through repair-start-type.
cli::Command elevatedCommandFor(Request request, std::string_view service, StartType type, StartType winDefault);
/// Pure: the elevated copy's `repair` for these finding ids (none = `repair --all`).
cli::RepairsCommand elevatedRepairCommand(const std::vector<std::string>& findingIds);
/// Pure: the elevated copy's `undo` for this journal entry (0 = `undo --last`).
cli::RepairsCommand elevatedUndoCommand(int entry);
/// Pure: the elevated copy's `reset-cache`.
cli::RepairsCommand elevatedResetCacheCommand();
/// Pure: the elevated copy's `repair-system --progress-pipe` (its progress and result come back live through the pipe
/// it creates).
cli::RepairSystemCommand elevatedRepairSystemCommand();

struct ControllerOptions {
    Millis idlePoll{1000};       ///< status poll while nothing runs
    Millis busyPoll{200};        ///< ... while an operation (or an elevated copy) runs
    Millis operationTimeout{60'000};
    std::string appVersion;
    std::string renderer;        ///< what draws the window, for the report ("Direct3D 11 (hardware)")
    std::function<void()> wake;  ///< called by the worker after posting (glfwPostEmptyEvent); may be empty
    /// Reads the last update results (the Windows Update Agent's history) on the worker, at start and on Refresh;
    /// empty: the window does not show them.
    std::function<HistoryResult()> readHistory;
    /// Check for updates now (the Windows Update Agent's search), run on the worker; empty: not offered.
    std::function<std::unique_ptr<UpdateScanner>()> makeScanner;
    std::chrono::seconds scanTimeout{kDefaultScanTimeout};  ///< the search's own time limit
    /// Automatic Updates' record for the `last-check` finding and the report, asked at each run of the checks; empty:
    /// not asked.
    std::function<std::unique_ptr<AutomaticUpdatesSource>()> makeAutomaticUpdates;
    /// DISM and SFC for "Repair Windows files" in this process (when it has administrator rights); empty: not available.
    std::function<std::unique_ptr<DismApi>()> makeDism;
    std::function<std::unique_ptr<SfcHost>()> makeSfc;
};

class Controller {
public:
    /// scm, machine (registry and files, for the checks and repairs), locks (who holds a file the cache reset
    /// could not move), crypto (the undo journal's seal) and clock are used by the worker thread only, from start()
    /// until destruction.
    Controller(Platform& platform, ServiceManager& scm, MachineAccess& machine, LockFinder& locks, Crypto& crypto,
               Clock& clock, ControllerOptions options);
    ~Controller();
    Controller(const Controller&) = delete;
    Controller& operator=(const Controller&) = delete;

    /// Starts the worker (first poll immediately).
    void start();
    /// What draws the window, for the report, once the renderer chain has chosen (UI thread).
    void setRenderer(std::string renderer) { options_.renderer = std::move(renderer); }
    /// Runs what the worker posted. Returns true when anything the window shows has changed.
    bool pump();

    // ---- what the window draws
    [[nodiscard]] bool hasStatus() const noexcept { return hasStatus_; }
    [[nodiscard]] const StatusSet& status() const noexcept { return status_; }
    /// Windows' app colour mode (Settings > Personalization > Colors), followed live.
    [[nodiscard]] bool lightTheme() const noexcept { return lightThemeShown_; }
    [[nodiscard]] const OperationView& operation() const noexcept { return operation_; }
    [[nodiscard]] const std::vector<LogLine>& log() const noexcept { return log_; }
    /// What the checks found at their last run (at start, after every operation, on Refresh) and what this PC's
    /// undo journal can put back.
    [[nodiscard]] const ChecksView& checks() const noexcept { return checks_; }
    /// The last update results once read (nullopt before, or when not asked for).
    [[nodiscard]] const std::optional<HistoryResult>& history() const noexcept { return history_; }
    /// Windows Update's answer to the last "Check for updates now", until dismissed or until another operation starts.
    [[nodiscard]] const std::optional<ScanAnswer>& scanAnswer() const noexcept { return scanAnswer_; }
    /// True when this window can check for updates (it has a scanner).
    [[nodiscard]] bool canScan() const noexcept { return static_cast<bool>(options_.makeScanner); }
    /// What "Reset update cache" would do, as last asked for with planResetCache().
    [[nodiscard]] const ResetCachePlanView& resetCachePlan() const noexcept { return resetPlan_; }
    [[nodiscard]] bool busy() const noexcept { return busy_; }
    [[nodiscard]] bool elevated() const noexcept { return elevated_; }
    [[nodiscard]] const OsVersion& os() const noexcept { return os_; }
    [[nodiscard]] const LaunchTarget& troubleshooter() const noexcept { return troubleshooter_; }
    /// The last start-type change made in this session, which Undo would put back.
    [[nodiscard]] const std::optional<StartTypeChange>& undoable() const noexcept { return undoable_; }
    /// Windows' default start type for the service on this OS.
    [[nodiscard]] StartType windowsDefaultFor(std::string_view service) const;
    /// True when the action will ask for administrator rights (UAC) first: the button shows a shield.
    [[nodiscard]] bool needsAdmin(Request request, std::string_view service = {}) const;
    /// Why the action cannot run now, or "" when it can ("Busy starting…", "Not installed").
    [[nodiscard]] std::string blockedReason(Request request, std::string_view service = {}) const;
    /// The report a technician pastes into a ticket (wud::buildReport).
    [[nodiscard]] std::string report() const;

    // ---- what the user asks for; false when refused (another operation runs, or the service can't)
    bool start(std::string_view service);
    bool restart(std::string_view service);
    bool fix();
    bool setStartType(std::string_view service, StartType type);
    bool repairStartType(std::string_view service) { return setStartType(service, windowsDefaultFor(service)); }
    bool undo();
    /// Repairs one finding (its id), or every finding offersRepair() picks; through the undo journal.
    bool repair(std::string_view findingId);
    bool repairAll();
    /// Puts back what a repair changed: one journal entry of this PC (0 = the newest).
    bool undoRepair(int entry = 0);
    /// Asks the worker what a cache reset would do here (resetCachePlan() is ready once it has looked).
    void planResetCache();
    /// Resets the Windows Update cache (wud::runReset) through the undo journal; refused while a restart is pending.
    bool resetCache();
    /// Repairs Windows' own files (DISM, then SFC) — in an elevated copy, whose progress comes back live, when this
    /// window has no administrator rights. Refused while a restart is pending.
    bool repairSystem();
    /// Asks Windows Update to check for updates (nothing is installed); the answer goes to scanAnswer().
    bool checkForUpdates();
    /// Cancel on a long job's progress panel: DISM stops where it safely can, a search is asked to stop; SFC is let
    /// finish. False when nothing can be cancelled now.
    bool cancelOperation();
    /// Hides the scan's answer.
    void dismissScanAnswer() { scanAnswer_.reset(); }
    /// Looks at the services and runs the checks again now.
    void refresh();
    void open(const LaunchTarget& target);
    /// Hides a finished operation's result panel.
    void dismissResult();
    /// Adds a line to the activity panel (e.g. "Report copied").
    void note(LogLine::Kind kind, std::string text);

private:
    struct Job {
        Request request = Request::Start;
        std::string service;  ///< Repair / UndoRepair: what is repaired or undone, in words (for titles)
        StartType type = StartType::Unknown;
        bool undo = false;
        std::vector<std::string> findings;  ///< Repair: finding ids; empty = all that offersRepair() picks
        int entry = 0;                      ///< UndoRepair: the journal entry (0 = the newest undoable)
        std::shared_ptr<CancelToken> cancel = std::make_shared<CancelToken>();  ///< Cancel on the progress panel
    };
    /// What a job ended with, for the operation panel, the activity list and the report.
    struct JobOutcome {
        bool ok = false;
        bool declined = false;  ///< the user said no to UAC: nothing changed
        std::string message;
        std::string advice;
        std::vector<ActionResult> actions;
        std::optional<StartTypeChange> change;
        std::vector<std::string> details;               ///< lines under the steps: what was found, files named
        std::optional<SystemRepairResult> systemRepair; ///< RepairSystem: the result (for the report)
        std::optional<ScanResult> scan;                 ///< Scan: Windows Update's answer
    };
    /// A long job's meter, fed from any thread (DISM calls back on threads of its own) and posted to the window when
    /// what it shows changes (controller_meter.hpp).
    class MeterFeed;

    bool submit(Job job, std::string title);
    void workerLoop();
    void runJob(const Job& job);
    JobOutcome runHere(const Job& job);
    JobOutcome runElevated(const Job& job);
    JobOutcome runRepairHere(const Job& job);
    JobOutcome runUndoHere(const Job& job);
    JobOutcome runResetHere();
    JobOutcome runSystemRepairHere(const Job& job);
    JobOutcome runScanHere(const Job& job);
    /// The outcome of an elevated copy's repair-system: its result as the channel brought it, else its exit code.
    JobOutcome systemRepairOutcome(std::optional<SystemRepairResult> result, std::uint32_t exitCode);
    /// Runs `work` on a thread of its own while this worker keeps the cards live and calls `tick` every busyPoll;
    /// returns once `work` has. When the window closes meanwhile, `onClose` runs once (a Cancel).
    void alongside(const std::function<void()>& work, const std::function<void()>& tick,
                   const std::function<void()>& onClose);
    /// Looks at what a cache reset would do (request `id`) and posts it.
    void postResetPlan(std::uint64_t id);
    /// The undo journal this window repairs and undoes with (journalPath()), opened now (ui_controller_journal.cpp).
    [[nodiscard]] JournalSession openSession();
    /// The session for a job here; when the journal cannot be used, `outcome` says why and there is none.
    [[nodiscard]] std::optional<JournalSession> usableSession(JobOutcome& outcome);
    /// A journal job's options: the window's cancel, its progress shown in the operation panel.
    [[nodiscard]] OperationOptions journalJobOptions();
    /// Shows a running operation's progress reports as step lines, and keeps the service's card live.
    [[nodiscard]] std::function<void(const Progress&)> progressToPanel();
    /// Reads the update history (options_.readHistory) and posts it.
    void readHistory();
    /// Runs the checks, reads the undo journal and posts both (if they changed, or if force).
    void runChecksNow(bool force = false);
    /// <log folder>\wudoctor-journal.json, as the CLI finds it; empty without a log folder.
    [[nodiscard]] std::string journalPath() const;
    /// Queries the catalog services (all, or only the primary ones) and posts the set if it changed (or if force).
    void poll(bool force, bool all = true);
    void pollOne(std::string_view name);
    void post(std::function<void()> task);

    // ---- UI-thread state
    Platform& platform_;
    ControllerOptions options_;
    bool elevated_ = false;
    OsVersion os_;
    LaunchTarget troubleshooter_;
    bool hasStatus_ = false;
    StatusSet status_;
    bool lightThemeShown_ = true;
    OperationView operation_;
    bool busy_ = false;
    std::vector<LogLine> log_;
    std::optional<StartTypeChange> undoable_;
    ChecksView checks_;
    std::optional<HistoryResult> history_;
    bool pumped_ = false;
    ResetCachePlanView resetPlan_;
    std::uint64_t nextPlanId_ = 1;
    std::vector<ActionResult> recentActions_;
    std::vector<StartTypeChange> recentChanges_;
    std::uint64_t nextOperationId_ = 1;
    std::shared_ptr<CancelToken> jobCancel_;  ///< the running job's Cancel
    std::optional<ScanAnswer> scanAnswer_;
    std::optional<SystemRepairResult> lastSystemRepair_;  ///< this session's, for the report
    LastScanLoad lastScan_;                              ///< the last scan recorded in this log folder (report)

    // ---- shared between threads
    MainThreadQueue queue_;
    std::mutex mutex_;
    // A plain condition variable and a flag, not condition_variable_any's stop_token waits: with MinGW's libstdc++
    // (GCC 12) the worker's stop_callback, removed while request_stop() ran it, waited forever on its semaphore and
    // closing the window hung (a backtrace of wud_ui_controller_tests: ~Controller in join, the worker in
    // std::stop_token::_Stop_state_t::_M_remove_callback -> __atomic_semaphore::_M_acquire -> pthread_cond_wait).
    // One signal for closing: the flag is set under mutex_ (so the worker's waits see it) and read anywhere (the long
    // jobs look at it between their steps).
    std::condition_variable wakeWorker_;
    std::atomic<bool> stopping_{false};  ///< the window is closing: the worker leaves its loop, long jobs cancel
    bool windowUp_ = false;  ///< guarded by mutex_: the UI thread has pumped once
    std::deque<Job> jobs_;       // guarded by mutex_
    bool refreshWanted_ = false; // guarded by mutex_
    std::uint64_t planWanted_ = 0; // guarded by mutex_: the reset plan request to answer (0: none)

    // ---- worker-thread state
    CancelToken cancel_;  // cancelled when the window closes, so a long wait ends at once
    ServiceManager& scm_;
    MachineAccess& machine_;
    LockFinder& locks_;
    Clock& clock_;
    JournalGuard guard_;  // seals what this process writes to the journal, checks what it acts on
    ChecksView lastChecks_;
    StatusSet lastPosted_;
    bool postedOnce_ = false;
    std::uint32_t idleTicks_ = 0;
    bool lightTheme_ = true;  // as the worker last read it

    std::vector<std::jthread> launchers_;  // UI thread owns; each opens one thing
    std::thread worker_;                   // last member: stopped and joined first
};

}  // namespace wud::ui

#include "ui/controller.hpp"

#include "cli_command.hpp"
#include "cli_exit.hpp"

#include "wud/error_text.hpp"
#include "wud/journal.hpp"
#include "wud/log.hpp"
#include "wud/repairs.hpp"
#include "wud/undo.hpp"
#include "wud/report.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <utility>

namespace wud::ui {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kMaxLogLines = 200;
constexpr std::size_t kMaxRecent = 20;
constexpr std::uint32_t kRelatedPollEvery = 3;  // idle polls between looks at the related services

std::string clockTime() { return localTimeText("%H:%M:%S"); }

std::string friendly(std::string_view service) { return std::string(friendlyNameOf(service)); }

}  // namespace

// ---------------------------------------------------------------------------------------------------- controller

Controller::Controller(Platform& platform, ServiceManager& scm, MachineAccess& machine, LockFinder& locks, Crypto& crypto,
                       Clock& clock, ControllerOptions options)
    : platform_(platform), options_(std::move(options)), scm_(scm), machine_(machine), locks_(locks), clock_(clock),
      guard_(machine, crypto, platform.isElevated()) {
    elevated_ = platform_.isElevated();
    os_ = platform_.osVersion();
    troubleshooter_ = troubleshooterFor(os_, platform_.handlers());
    lightTheme_ = platform_.prefersLightTheme();
    lightThemeShown_ = lightTheme_;
}

Controller::~Controller() {
    // Stop first, then cancel: a job cut short by the cancel must find the stop already requested, so the
    // worker logs where it left the services (workerLoop) instead of carrying on as after a normal job.
    if (worker_.joinable()) {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    cancel_.cancel();
    if (worker_.joinable()) {
        wakeWorker_.notify_all();
        worker_.join();
    }
    launchers_.clear();  // joins
}

void Controller::start() {
    worker_ = std::thread([this] { workerLoop(); });
}

bool Controller::pump() {
    if (!pumped_) {  // the window is up: the worker may now run the checks (see workerLoop)
        pumped_ = true;
        {
            std::lock_guard lock(mutex_);
            windowUp_ = true;
        }
        wakeWorker_.notify_all();
    }
    return queue_.drain() > 0;
}

void Controller::post(std::function<void()> task) {
    queue_.post(std::move(task));
    if (options_.wake) options_.wake();
}

StartType Controller::windowsDefaultFor(std::string_view service) const {
    const CatalogEntry* entry = findInCatalog(service);
    return entry != nullptr ? windowsDefault(*entry, os_.build) : StartType::Manual;
}

bool Controller::needsAdmin(Request request, std::string_view service) const {
    if (elevated_) return false;
    if (request == Request::Scan) return false;  // a standard user may ask Windows Update to search
    // wuauserv's default security lets any signed-in user start it (not stop it); everything else needs rights.
    return !(request == Request::Start && service == kWindowsUpdate);
}

std::string Controller::blockedReason(Request request, std::string_view service) const {
    if (busy_) return "Wait for \"" + operation_.title + "\" to finish.";
    if (!hasStatus_) return "Checking…";
    if (request == Request::Scan) return canScan() ? std::string() : std::string("Not available in this window.");
    if (request == Request::RepairSystem) {
        if (!checks_.ran) return "Checking…";
        // Repairing Windows' files under an update Windows is finishing can break it (runSystemRepair refuses too).
        if (findFinding(checks_.findings, kRestartPendingId) != nullptr)
            return "A restart is pending (see the finding above): restart the computer first, then repair Windows "
                   "files.";
        return {};
    }
    if (request == Request::Repair || request == Request::UndoRepair || request == Request::ResetCache) {
        if (!checks_.ran) return "Checking…";
        if (checks_.journalPath.empty()) return "There is no folder for the undo journal: nothing can be repaired.";
        if (!checks_.journalError.empty()) return "The undo journal cannot be read: nothing can be changed.";
        // Moving the cache away under an update Windows is finishing can break it (wud::runReset refuses too).
        if (request == Request::ResetCache && findFinding(checks_.findings, kRestartPendingId) != nullptr)
            return "A restart is pending (see the finding above): restart the computer first, then reset the cache.";
        return {};
    }
    if (request == Request::Fix) {
        const ServiceRow* wu = status_.find(kWindowsUpdate);
        if (wu != nullptr && !wu->snapshot.installed) return "Windows Update is not installed.";
        return {};
    }
    const ServiceRow* row = status_.find(service);
    if (row == nullptr) return "Not a Windows Update service.";
    const ServiceSnapshot& s = row->snapshot;
    if (!s.installed) return "Not installed on this computer.";
    if (request == Request::SetStartType) return {};
    if (row->entry->isProtected && request == Request::Restart) return "Windows protects this service.";
    if (isPending(s.state)) return "It is " + std::string(toPlain(s.state)) + ": wait a moment.";
    if (s.startType == StartType::Disabled) return "It is disabled: set its start type first.";
    return {};
}

bool Controller::submit(Job job, std::string title) {
    if (busy_) return false;  // two quick clicks: the second one lands here
    if (!blockedReason(job.request, job.service).empty()) return false;
    busy_ = true;
    operation_ = {};
    operation_.phase = OperationView::Phase::Running;
    operation_.id = nextOperationId_++;
    operation_.title = std::move(title);
    operation_.doneTitle = titleFor(job.request, job.service, job.type, job.undo, /*running=*/false);
    operation_.request = job.request;
    if (job.request == Request::RepairSystem || job.request == Request::Scan) operation_.meter = Meter{};
    jobCancel_ = job.cancel;
    scanAnswer_.reset();  // it described Windows Update before this
    note(LogLine::Kind::Info, operation_.title + (needsAdmin(job.request, job.service) ? " (asks for administrator rights)" : ""));
    {
        std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wakeWorker_.notify_all();
    return true;
}

bool Controller::start(std::string_view service) {
    return submit({Request::Start, std::string(service)}, titleFor(Request::Start, service, {}, false));
}

bool Controller::restart(std::string_view service) {
    return submit({Request::Restart, std::string(service)}, titleFor(Request::Restart, service, {}, false));
}

bool Controller::fix() { return submit({Request::Fix, {}}, titleFor(Request::Fix, {}, {}, false)); }

bool Controller::setStartType(std::string_view service, StartType type) {
    return submit({Request::SetStartType, std::string(service), type},
                  titleFor(Request::SetStartType, service, type, false));
}

bool Controller::undo() {
    if (!undoable_) return false;
    const StartTypeChange change = *undoable_;
    return submit({Request::SetStartType, change.service, change.oldType, true},
                  titleFor(Request::SetStartType, change.service, change.oldType, true));
}

bool Controller::repair(std::string_view findingId) {
    const Finding* f = findFinding(checks_.findings, findingId);
    if (f == nullptr || f->repair.empty()) return false;
    Job job{Request::Repair, f->title};
    job.findings = {f->id};
    return submit(std::move(job), titleFor(Request::Repair, f->title, {}, false));
}

bool Controller::repairAll() {
    if (std::none_of(checks_.findings.begin(), checks_.findings.end(), [](const Finding& f) { return offersRepair(f); }))
        return false;
    return submit({Request::Repair, "all findings"}, titleFor(Request::Repair, "all findings", {}, false));
}

bool Controller::undoRepair(int entry) {
    const auto& entries = checks_.undoable;
    const auto it = entry == 0 ? entries.begin()
                               : std::find_if(entries.begin(), entries.end(), [&](const JournalEntry& e) { return e.id == entry; });
    if (it == entries.end()) return false;
    Job job{Request::UndoRepair, it->title};
    job.entry = it->id;
    return submit(std::move(job), titleFor(Request::UndoRepair, it->title, {}, false));
}

void Controller::planResetCache() {
    resetPlan_ = {};
    resetPlan_.id = nextPlanId_++;
    {
        std::lock_guard lock(mutex_);
        planWanted_ = resetPlan_.id;
    }
    wakeWorker_.notify_all();
}

bool Controller::resetCache() {
    return submit({Request::ResetCache, "the Windows Update cache"}, titleFor(Request::ResetCache, {}, {}, false));
}

void Controller::refresh() {
    {
        std::lock_guard lock(mutex_);
        refreshWanted_ = true;
    }
    wakeWorker_.notify_all();
}

void Controller::dismissResult() {
    if (operation_.phase == OperationView::Phase::Finished) operation_ = {};
}

void Controller::note(LogLine::Kind kind, std::string text) {
    if (log_.size() >= kMaxLogLines) log_.erase(log_.begin());
    log_.push_back({kind, clockTime(), std::move(text)});
}

void Controller::open(const LaunchTarget& target) {
    note(LogLine::Kind::Info, "Opening " + target.file + (target.parameters.empty() ? "" : " " + target.parameters));
    // Not SCM work, and ShellExecuteEx can take a while (or sit behind a dialog): its own short-lived thread.
    launchers_.emplace_back([this, target] {
        const LaunchResult result = platform_.launch(target);
        post([this, target, result] {
            if (result.ok) return;
            const ErrorText text = describeError(result.error);
            note(LogLine::Kind::Failure, "Could not open " + target.file + ": " + text.message);
        });
    });
}

std::string Controller::report() const {
    ReportInput input;
    input.appVersion = options_.appVersion;
    input.renderer = options_.renderer;
    input.os = os_;
    input.elevated = elevated_;
    for (const ServiceRow& row : status_.rows) input.services.push_back(row.snapshot);
    input.recentActions = recentActions_;
    input.recentStartTypeChanges = recentChanges_;
    input.logFolder = platform_.logFolder();
    if (checks_.ran) input.findings = checks_.findings;
    input.updateHistory = history_;
    AutomaticUpdatesResults automaticUpdates;
    automaticUpdates.reason = "not read yet";
    input.updateChecks = UpdateChecksSummary{checks_.automaticUpdates.value_or(automaticUpdates), lastScan_,
                                             std::chrono::system_clock::now()};
    std::string text = buildReport(input);
    if (lastSystemRepair_) {  // this session's repair of Windows' files (the CLI prints the same lines)
        text += "\nRepair of Windows' files (this session)\n";
        for (const std::string& line : systemRepairLines(*lastSystemRepair_)) text += "  " + line + "\n";
        text += "  " + lastSystemRepair_->text.message + "\n";
        if (!lastSystemRepair_->text.advice.empty()) text += "  Next step: " + lastSystemRepair_->text.advice + "\n";
    }
    return text;
}

// ---------------------------------------------------------------------------------------------------- worker

void Controller::workerLoop() {
    poll(/*force=*/true);
    {
        // The checks and the history wait for the window to be up (its first pump): they must not slow its start,
        // and the first status is ready by then.
        std::unique_lock lock(mutex_);
        wakeWorker_.wait(lock, [&] { return windowUp_ || stopping_; });
        if (stopping_) return;
    }
    runChecksNow(/*force=*/true);  // after the first status: the cards never wait for the checks
    readHistory();
    // The last scan this log folder keeps (the report's "Checking for updates"), as `wudoctor report` reads it.
    post([this, last = loadLastScan(machine_, platform_.logFolder())]() mutable { lastScan_ = std::move(last); });
    while (!stopping_) {
        std::optional<Job> job;
        bool refresh = false;
        std::uint64_t plan = 0;
        {
            std::unique_lock lock(mutex_);
            wakeWorker_.wait_for(lock, options_.idlePoll,
                                 [&] { return stopping_ || !jobs_.empty() || refreshWanted_ || planWanted_ != 0; });
            if (stopping_) break;
            if (!jobs_.empty()) {
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            refresh = std::exchange(refreshWanted_, false);
            plan = std::exchange(planWanted_, 0);
        }
        if (plan != 0) postResetPlan(plan);  // the user waits for it in the confirmation: before the job
        if (job) {
            runJob(*job);  // polls before it posts the result
            if (stopping_) {
                // The window closed while this ran: the job was cancelled where it stood. Say in the log where
                // that left each service, so nobody has to guess what a closed window did.
                std::string left;
                for (const std::string_view name : {kUpdateOrchestrator, kWindowsUpdate}) {
                    const QueryResult now = scm_.query(name);
                    left += " " + std::string(name) + "=" + std::string(toId(now.snapshot.state));
                }
                log::get().warn("window closed while '{}' ran: cancelled; services left as they are:{}",
                                titleFor(job->request, job->service, job->type, job->undo), left);
                break;
            }
        } else {
            // The colour setting is read again only when Windows says it may have changed (no registry read a tick).
            if (platform_.themeMayHaveChanged()) {
                if (const bool light = platform_.prefersLightTheme(); light != lightTheme_) {
                    lightTheme_ = light;
                    post([this, light] { lightThemeShown_ = light; });
                }
            }
            // Idle: the two services the window is about every second, the related ones every few seconds
            // (they rarely change, and each query is a round trip to the SCM).
            const bool all = refresh || ++idleTicks_ % kRelatedPollEvery == 0;
            poll(/*force=*/refresh, all);
            // The checks read the registry and files: on Refresh, not on every idle poll.
            if (refresh) {
                runChecksNow();
                readHistory();
            }
        }
    }
}

void Controller::poll(bool force, bool all) {
    StatusSet set;
    for (const CatalogEntry& entry : catalog()) {
        if (!all && !entry.primary && postedOnce_) {
            if (const ServiceRow* last = lastPosted_.find(entry.name)) {
                set.rows.push_back(*last);
                continue;
            }
        }
        QueryResult result = scm_.query(entry.name);
        if (result.snapshot.name.empty()) result.snapshot.name = std::string(entry.name);
        set.rows.push_back({&entry, std::move(result.snapshot), result.error});
    }
    if (!force && postedOnce_ && set == lastPosted_) return;  // nothing new: no wake, no frame
    lastPosted_ = set;
    postedOnce_ = true;
    post([this, set = std::move(set)]() mutable {
        status_ = std::move(set);
        hasStatus_ = true;
    });
}

void Controller::pollOne(std::string_view name) {
    if (!postedOnce_) return;
    StatusSet set = lastPosted_;
    for (ServiceRow& row : set.rows) {
        if (row.entry->name != name) continue;
        QueryResult result = scm_.query(name);
        if (result.snapshot.name.empty()) result.snapshot.name = std::string(name);
        row.snapshot = std::move(result.snapshot);
        row.queryError = result.error;
    }
    if (set == lastPosted_) return;
    lastPosted_ = set;
    post([this, set = std::move(set)]() mutable { status_ = std::move(set); });
}

void Controller::runJob(const Job& job) {
    JobOutcome outcome;
    if (needsAdmin(job.request, job.service)) {
        outcome = runElevated(job);
    } else {
        outcome = runHere(job);
        // Our guess about rights was wrong (a locked-down machine): ask for them rather than give up.
        const CatalogEntry* entry = findInCatalog(job.service);
        const bool accessDenied = std::any_of(outcome.actions.begin(), outcome.actions.end(),
                                              [](const ActionResult& r) { return r.error == kAccessDenied; }) ||
                                  (outcome.change && outcome.change->error == kAccessDenied);
        if (!outcome.ok && accessDenied && !elevated_ && !(entry != nullptr && entry->isProtected)) {
            outcome = runElevated(job);
        }
    }
    for (const ActionResult& result : outcome.actions) log::action(result);
    // The services' new state first, then the result: the frame that says "Done" never shows the old state
    // beside it (a repaired start type still "Disabled", Undo not yet offered).
    poll(/*force=*/false);
    // ... and what the checks say now, so a repaired finding is gone (and its Undo offered) with the result.
    runChecksNow();
    if (outcome.change) log::startTypeChange(*outcome.change);

    post([this, job, outcome = std::move(outcome)]() mutable {
        if (outcome.scan) {  // the answer goes to the verdict area; the panel closes
            note(outcome.ok ? LogLine::Kind::Success : LogLine::Kind::Failure, outcome.scan->message);
            lastScan_.scan = LastScan{*outcome.scan, std::chrono::system_clock::now(), localTimeText()};
            lastScan_.error.clear();
            scanAnswer_ = ScanAnswer{std::move(*outcome.scan), clockTime()};
            operation_ = {};
            jobCancel_.reset();
            busy_ = false;
            return;
        }
        operation_.phase = OperationView::Phase::Finished;
        operation_.details = std::move(outcome.details);
        if (operation_.meter) operation_.meter->cancellable = false;
        if (outcome.systemRepair) lastSystemRepair_ = std::move(outcome.systemRepair);
        jobCancel_.reset();
        operation_.ok = outcome.ok;
        operation_.declined = outcome.declined;
        operation_.message = outcome.message;
        operation_.advice = outcome.advice;
        for (StepLine& line : operation_.steps) {
            if (line.status == StepLine::Status::Active)
                line.status = outcome.ok ? StepLine::Status::Done : StepLine::Status::Failed;
        }
        note(outcome.ok ? LogLine::Kind::Success : LogLine::Kind::Failure, outcome.message);
        for (ActionResult& result : outcome.actions) {
            if (recentActions_.size() >= kMaxRecent) recentActions_.erase(recentActions_.begin());
            recentActions_.push_back(std::move(result));
        }
        if (outcome.change) {
            const StartTypeChange& change = *outcome.change;
            if (change.ok) {
                note(LogLine::Kind::Info, friendly(change.service) + " start type was " +
                                              std::string(toString(change.oldType)) + ", now " +
                                              std::string(toString(change.newType)) + ".");
                // Undo puts back what was there before; undoing an undo is just another change.
                if (job.undo) undoable_.reset();
                else undoable_ = change;
            }
            if (recentChanges_.size() >= kMaxRecent) recentChanges_.erase(recentChanges_.begin());
            recentChanges_.push_back(change);
        }
        busy_ = false;
    });
}

std::function<void(const Progress&)> Controller::progressToPanel() {
    auto lastPoll = std::make_shared<std::chrono::steady_clock::time_point>(std::chrono::steady_clock::now());
    return [this, lastPoll](const Progress& p) {
        post([this, p] { applyProgress(operation_.steps, p); });
        // Keep the service's badge live while the operation works on it, without flooding the SCM: every state
        // change (a Waiting report means the state just changed: "running" -> "stopping"), else at most every
        // busyPoll. Without the first part a service that hangs in STOP_PENDING would show "running" throughout.
        const auto now = std::chrono::steady_clock::now();
        if (!p.service.empty() && (p.step == Progress::Step::Waiting || now - *lastPoll >= options_.busyPoll)) {
            *lastPoll = now;
            pollOne(p.service);
        }
    };
}

Controller::JobOutcome Controller::runHere(const Job& job) {
    Operations operations(scm_, clock_);
    OperationOptions options;
    options.timeout = options_.operationTimeout;
    options.cancel = &cancel_;
    options.progress = progressToPanel();

    JobOutcome outcome;
    switch (job.request) {
        case Request::Start:
        case Request::Restart: {
            ActionResult result = job.request == Request::Start ? operations.start(job.service, options)
                                                                : operations.restart(job.service, options);
            outcome.ok = result.ok;
            outcome.message = result.text.message;
            outcome.advice = result.ok ? std::string() : result.text.advice;
            outcome.actions.push_back(std::move(result));
            break;
        }
        case Request::Fix: {
            outcome.actions = operations.fix(options);
            outcome.ok = !outcome.actions.empty() &&
                         std::all_of(outcome.actions.begin(), outcome.actions.end(), [](const ActionResult& r) { return r.ok; });
            const auto failed = std::find_if(outcome.actions.begin(), outcome.actions.end(),
                                             [](const ActionResult& r) { return !r.ok; });
            if (failed != outcome.actions.end()) {
                outcome.message = failed->text.message;
                outcome.advice = failed->text.advice;
            } else {
                outcome.message = "Done: Update Orchestrator and Windows Update are running again.";
                if (!outcome.actions.empty() && outcome.actions.size() == 1)
                    outcome.message = outcome.actions.front().text.message;
            }
            break;
        }
        case Request::SetStartType: {
            StartTypeChange change = operations.setStartType(job.service, job.type);
            outcome.ok = change.ok;
            outcome.message = !change.text.message.empty()
                                  ? change.text.message
                                  : friendly(job.service) + " is now set to " + std::string(toString(job.type)) + ".";
            outcome.advice = change.ok ? std::string() : change.text.advice;
            outcome.change = std::move(change);
            break;
        }
        case Request::Repair: return runRepairHere(job);
        case Request::UndoRepair: return runUndoHere(job);
        case Request::ResetCache: return runResetHere();
        case Request::RepairSystem: return runSystemRepairHere(job);
        case Request::Scan: return runScanHere(job);
    }
    return outcome;
}

void Controller::readHistory() {
    if (!options_.readHistory) return;
    HistoryResult history = options_.readHistory();
    post([this, history = std::move(history)]() mutable { history_ = std::move(history); });
}

void Controller::runChecksNow(bool force) {
    ChecksView view;
    view.ran = true;
    CheckContext context{machine_, scm_, os_.build};
    // Windows' own record of its last successful check (the `last-check` finding), read afresh at each run.
    const std::unique_ptr<AutomaticUpdatesSource> automaticUpdates =
        options_.makeAutomaticUpdates ? options_.makeAutomaticUpdates() : nullptr;
    context.automaticUpdates = automaticUpdates.get();
    view.findings = runChecks(context, view.couldNotCheck);
    if (automaticUpdates) view.automaticUpdates = automaticUpdates->results();
    const JournalSession session = openSession();
    view.journalPath = session.path();
    view.journalError = session.problem();
    if (session.usable()) view.undoable = session.undoable();
    if (!force && view == lastChecks_) return;  // nothing new: no wake, no frame
    for (const Finding& f : view.findings) {
        if (findFinding(lastChecks_.findings, f.id) == nullptr)
            log::get().info("check finding={} severity={}", f.id, toId(f.severity));
    }
    for (const std::string& line : view.couldNotCheck) log::get().warn("check could not run: {}", line);
    lastChecks_ = view;
    post([this, view = std::move(view)]() mutable { checks_ = std::move(view); });
}

}  // namespace wud::ui

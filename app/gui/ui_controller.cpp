#include "ui_controller.hpp"

#include "cli_command.hpp"
#include "cli_exit.hpp"

#include "wud/errors.hpp"
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
constexpr std::uint32_t kThemePollEvery = 2;    // idle polls between looks at the colour setting
constexpr std::uint32_t kRelatedPollEvery = 3;  // idle polls between looks at the related services

/// The condition behind a failing exit code of the elevated copy (`wudoctor <command>`, the CLI's contract),
/// so the window words it like any other error. Plain failures (1) carry no more than that they failed.
std::optional<Win32Error> conditionOf(cli::ExitCode code) noexcept {
    switch (code) {
        case cli::ExitCode::TimedOut: return kErrTimeout;
        case cli::ExitCode::NotInstalled: return kErrNotInstalled;
        case cli::ExitCode::NeedsAdmin: return kAccessDenied;
        default: return std::nullopt;
    }
}

std::string clockTime() { return localTimeText("%H:%M:%S"); }

std::string friendly(std::string_view service) { return std::string(friendlyNameOf(service)); }

Action actionOf(Request request) {
    switch (request) {
        case Request::Start: return Action::Start;
        case Request::Restart: return Action::Restart;
        case Request::Fix: return Action::Fix;
        case Request::SetStartType: return Action::SetStartType;
        case Request::Repair:
        case Request::UndoRepair:
        case Request::ResetCache: break;  // not service actions: the journal and the findings tell about them
    }
    return Action::Start;
}

}  // namespace

// ---------------------------------------------------------------------------------------------------- controller

struct Controller::JobOutcome {
    bool ok = false;
    bool declined = false;
    std::string message;
    std::string advice;
    std::vector<ActionResult> actions;
    std::optional<StartTypeChange> change;
};

Controller::Controller(Platform& platform, ServiceManager& scm, MachineAccess& machine, LockFinder& locks, Crypto& crypto,
                       Clock& clock, ControllerOptions options)
    : platform_(platform), options_(std::move(options)), scm_(scm), machine_(machine), locks_(locks), clock_(clock),
      guard_(machine, crypto, platform.isElevated()) {
    elevated_ = platform_.isElevated();
    os_ = platform_.osVersion();
    troubleshooter_ = troubleshooterFor(os_, platform_.handlers());
    lightTheme_ = platform_.prefersLightTheme();
    status_.lightTheme = lightTheme_;
}

cli::Command elevatedCommandFor(Request request, std::string_view service, StartType type, StartType winDefault) {
    cli::Command command;
    switch (request) {
        case Request::Start: command.verb = cli::Verb::Start; break;
        case Request::Restart: command.verb = cli::Verb::Restart; break;
        case Request::Fix: command.verb = cli::Verb::Fix; return command;
        case Request::SetStartType:
            // Windows' default goes through repair-start-type, which knows the default of this Windows build.
            command.verb = type == winDefault ? cli::Verb::RepairStartType : cli::Verb::SetStartType;
            // A trigger-start service is set as Manual: Windows keeps its triggers (Operations::setStartType).
            if (command.verb == cli::Verb::SetStartType)
                command.startType = type == StartType::ManualTrigger ? StartType::Manual : type;
            break;
        case Request::Repair:
        case Request::UndoRepair:
        case Request::ResetCache: break;  // ChecksCommand: elevatedRepairCommand / elevatedUndoCommand / ...
    }
    command.services = {std::string(service)};
    return command;
}

cli::ChecksCommand elevatedRepairCommand(const std::vector<std::string>& findingIds) {
    cli::ChecksCommand command;
    command.kind = cli::ChecksCommand::Kind::Repair;
    command.findings = findingIds;
    command.all = findingIds.empty();
    return command;
}

cli::ChecksCommand elevatedUndoCommand(int entry) {
    cli::ChecksCommand command;
    command.kind = cli::ChecksCommand::Kind::Undo;
    if (entry > 0) command.entries = {entry};
    else command.last = true;
    return command;
}

cli::ChecksCommand elevatedResetCacheCommand() {
    cli::ChecksCommand command;
    command.kind = cli::ChecksCommand::Kind::ResetCache;
    return command;
}

Controller::~Controller() {
    // Stop first, then cancel: a job cut short by the cancel must find the stop already requested, so the
    // worker logs where it left the services (workerLoop) instead of carrying on as after a normal job.
    if (worker_.joinable()) worker_.request_stop();
    cancel_.cancel();
    if (worker_.joinable()) {
        wakeWorker_.notify_all();
        worker_.join();
    }
    launchers_.clear();  // joins
}

void Controller::start() {
    worker_ = std::jthread([this](std::stop_token stop) { workerLoop(stop); });
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
    // wuauserv's default security lets any signed-in user start it (not stop it); everything else needs rights.
    return !(request == Request::Start && service == kWindowsUpdate);
}

std::string Controller::blockedReason(Request request, std::string_view service) const {
    if (busy_) return "Wait for \"" + operation_.title + "\" to finish.";
    if (!hasStatus_) return "Checking…";
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
    return buildReport(input);
}

// ---------------------------------------------------------------------------------------------------- worker

void Controller::workerLoop(std::stop_token stop) {
    poll(/*force=*/true);
    {
        // The checks and the history wait for the window to be up (its first pump): they must not slow its start,
        // and the first status is ready by then.
        std::unique_lock lock(mutex_);
        if (!wakeWorker_.wait(lock, stop, [&] { return windowUp_; })) return;
    }
    runChecksNow(/*force=*/true);  // after the first status: the cards never wait for the checks
    readHistory();
    while (!stop.stop_requested()) {
        std::optional<Job> job;
        bool refresh = false;
        std::uint64_t plan = 0;
        {
            std::unique_lock lock(mutex_);
            wakeWorker_.wait_for(lock, stop, options_.idlePoll,
                                 [&] { return !jobs_.empty() || refreshWanted_ || planWanted_ != 0; });
            if (stop.stop_requested()) break;
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
            if (stop.stop_requested()) {
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
            if (themeCountdown_ == 0) {
                themeCountdown_ = kThemePollEvery;
                lightTheme_ = platform_.prefersLightTheme();
            }
            --themeCountdown_;
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
    set.lightTheme = lightTheme_;
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
        outcome = runElevated(job, worker_.get_stop_token());
    } else {
        outcome = runHere(job);
        // Our guess about rights was wrong (a locked-down machine): ask for them rather than give up.
        const CatalogEntry* entry = findInCatalog(job.service);
        const bool accessDenied = std::any_of(outcome.actions.begin(), outcome.actions.end(),
                                              [](const ActionResult& r) { return r.error == kAccessDenied; }) ||
                                  (outcome.change && outcome.change->error == kAccessDenied);
        if (!outcome.ok && accessDenied && !elevated_ && !(entry != nullptr && entry->isProtected)) {
            outcome = runElevated(job, worker_.get_stop_token());
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
        operation_.phase = OperationView::Phase::Finished;
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
    }
    return outcome;
}

std::string Controller::journalPath() const {
    const std::string own = platform_.logFolder();
    // A standard user's repairs and undos run in the elevated copy, which keeps its journal where an administrator
    // may safely write (write_places.hpp): beside the exe, or %ProgramData%\WUDoctor\logs, even where this window
    // logs to %LOCALAPPDATA% instead. Once that journal exists it is the one this window lists and undoes.
    if (!elevated_) {
        const std::string elevatedFolder = platform_.elevatedLogFolder();
        if (!elevatedFolder.empty() && elevatedFolder != own) {
            std::string path = elevatedFolder + "\\" + std::string(kJournalFileName);
            if (machine_.fileExists(path)) return path;
        }
    }
    return own.empty() ? std::string() : own + "\\" + std::string(kJournalFileName);
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
    view.findings = runChecks(context, view.couldNotCheck);
    view.journalPath = journalPath();
    if (view.journalPath.empty()) {
        view.journalError = "There is no folder WU Doctor can write its undo journal to, so it repairs nothing.";
    } else {
        JournalLoad load = loadJournal(machine_, view.journalPath);
        if (!load.error.empty()) {
            view.journalError = load.error + " WU Doctor repairs and undoes nothing until that file is renamed (keep "
                                             "it: it may hold undo steps).";
        } else {
            for (const int id : undoableEntries(load.journal, thisMachine(machine_)))
                view.undoable.push_back(*load.journal.find(id));
        }
    }
    if (!force && view == lastChecks_) return;  // nothing new: no wake, no frame
    for (const Finding& f : view.findings) {
        if (findFinding(lastChecks_.findings, f.id) == nullptr)
            log::get().info("check finding={} severity={}", f.id, toId(f.severity));
    }
    for (const std::string& line : view.couldNotCheck) log::get().warn("check could not run: {}", line);
    lastChecks_ = view;
    post([this, view = std::move(view)]() mutable { checks_ = std::move(view); });
}

namespace {
/// The journal the window repairs and undoes with, or why it cannot (then nothing is changed).
std::optional<Journal> openJournal(MachineAccess& machine, const std::string& path, std::string& message,
                                   std::string& advice) {
    if (path.empty()) {
        message = "WU Doctor has no folder to write its undo journal to, so it changed nothing.";
        advice = "Run WU Doctor from a folder you can write to (or as administrator).";
        return std::nullopt;
    }
    JournalLoad load = loadJournal(machine, path);
    if (!load.error.empty()) {
        message = load.error + " Nothing was changed.";
        advice = "Rename that file (keep it: it may hold undo steps) and try again; WU Doctor then starts a new journal.";
        return std::nullopt;
    }
    return std::move(load.journal);
}
}  // namespace

Controller::JobOutcome Controller::runRepairHere(const Job& job) {
    JobOutcome outcome;
    const std::string path = journalPath();
    std::optional<Journal> journal = openJournal(machine_, path, outcome.message, outcome.advice);
    if (!journal) return outcome;
    // Repair what the machine shows now, not what the window saw a while ago (the CLI does the same).
    CheckContext context{machine_, scm_, os_.build};
    std::vector<std::string> couldNotCheck;
    const std::vector<Finding> findings = runChecks(context, couldNotCheck);
    std::vector<const Finding*> chosen;
    if (job.findings.empty()) {
        for (const Finding& f : findings)
            if (offersRepair(f)) chosen.push_back(&f);
    } else {
        for (const std::string& id : job.findings)
            if (const Finding* f = findFinding(findings, id); f != nullptr && !f->repair.empty()) chosen.push_back(f);
    }
    if (chosen.empty()) {
        outcome.ok = true;
        outcome.message = "Nothing to repair: WU Doctor no longer finds it.";
        return outcome;
    }
    RepairEnv env{machine_, scm_, guard_, path, localTimeText()};
    std::size_t repaired = 0;
    for (const Finding* f : chosen) {
        post([this, title = f->title] { operation_.steps.push_back({StepLine::Status::Active, "Repairing: " + title}); });
        const RepairResult r = applyRepair(env, *journal, *f);
        post([this, ok = r.ok, changed = r.changed] {
            if (!operation_.steps.empty()) operation_.steps.back().status = ok ? StepLine::Status::Done : StepLine::Status::Failed;
            for (const std::string& c : changed) note(LogLine::Kind::Info, "Changed: " + c);
        });
        if (r.ok) {
            ++repaired;
        } else if (outcome.advice.empty()) {
            outcome.message = r.message;
            outcome.advice = r.advice.empty() ? "The log has the details (Copy report includes where it is)." : r.advice;
        }
        if (chosen.size() == 1 && r.ok) outcome.message = r.message;
    }
    outcome.ok = repaired == chosen.size();
    if (outcome.ok && chosen.size() > 1)
        outcome.message = "Repaired " + std::to_string(repaired) + " findings. Undo below puts back what was there.";
    return outcome;
}

Controller::JobOutcome Controller::runUndoHere(const Job& job) {
    JobOutcome outcome;
    const std::string path = journalPath();
    std::optional<Journal> journal = openJournal(machine_, path, outcome.message, outcome.advice);
    if (!journal) return outcome;
    int id = job.entry;
    if (id == 0) {
        const std::vector<int> undoable = undoableEntries(*journal, thisMachine(machine_));
        if (!undoable.empty()) id = undoable.front();
    }
    if (id == 0 || journal->find(id) == nullptr) {
        outcome.message = "Nothing to undo: the undo journal has no such repair (any more).";
        outcome.advice = "Press Refresh to see what can be undone.";
        return outcome;
    }
    post([this, title = journal->find(id)->title] {
        operation_.steps.push_back({StepLine::Status::Active, "Putting back: " + title});
    });
    ResetEnv env = resetEnv(path);
    // As the CLI's undo: any entry, a cache reset's with its services stopped around it.
    const UndoResult r = undoJournalEntry(env, *journal, id);
    post([this, restored = r.restored, leftAlone = r.leftAlone] {
        for (const std::string& c : restored) note(LogLine::Kind::Info, "Put back: " + c);
        for (const std::string& c : leftAlone) note(LogLine::Kind::Info, "Left alone (changed since): " + c);
    });
    outcome.ok = r.ok;
    outcome.message = r.message;
    outcome.advice = r.ok ? std::string() : r.advice;
    return outcome;
}

ResetEnv Controller::resetEnv(const std::string& path) {
    ResetEnv env{machine_, scm_, clock_, locks_, guard_, path, localTimeText()};
    env.osBuild = os_.build;
    // No timeout of ours: the core waits for each service by Windows' own rule (as `wudoctor reset-cache`).
    env.options.cancel = &cancel_;
    env.options.progress = progressToPanel();
    return env;
}

void Controller::postResetPlan(std::uint64_t id) {
    ResetEnv env = resetEnv(journalPath());
    env.options.progress = nullptr;
    const ResetPlan plan = planReset(env);  // looks only: changes nothing
    ResetCachePlanView view;
    view.id = id;
    view.ready = true;
    if (plan.restartPending) {
        view.refused = "WU Doctor does not reset the cache while a restart is pending: moving it away under an "
                       "update Windows is finishing can break that update. " + plan.restartPending->title;
        view.refusedAdvice = plan.restartPending->nextStep + " Then reset the cache.";
    } else {
        view.steps = plan.steps();
    }
    post([this, view = std::move(view)]() mutable {
        if (view.id == resetPlan_.id) resetPlan_ = std::move(view);  // an older request's answer is dropped
    });
}

Controller::JobOutcome Controller::runResetHere() {
    JobOutcome outcome;
    const std::string path = journalPath();
    std::optional<Journal> journal = openJournal(machine_, path, outcome.message, outcome.advice);
    if (!journal) return outcome;
    ResetEnv env = resetEnv(path);
    // What the machine shows now, not what the confirmation showed a moment ago (a restart may have become pending).
    const ResetPlan plan = planReset(env);
    if (!plan.moves.empty() && !plan.restartPending) {
        post([this, steps = plan.steps()] {
            for (const std::string& s : steps) note(LogLine::Kind::Info, "Plan: " + s);
        });
    }
    const ResetResult r = runReset(env, *journal, plan);
    post([this, moved = r.moved, rollback = r.rollback] {
        for (const PlannedMove& m : moved) note(LogLine::Kind::Info, "Moved aside: " + m.from + " -> " + m.to);
        for (const std::string& line : rollback) note(LogLine::Kind::Info, "Put back after the failure: " + line);
    });
    outcome.ok = r.ok;
    if (r.refused) {
        outcome.message = "Not reset: a restart is pending. Nothing was changed.";
        outcome.advice = plan.restartPending ? plan.restartPending->nextStep + " Then reset the cache."
                                             : "Restart the computer, then reset the cache.";
    } else if (r.ok && r.entry != 0) {
        outcome.message = "Reset the Windows Update cache: the old one is kept aside, nothing was deleted. Undo "
                          "below puts it back.";
    } else {
        outcome.message = r.message;
        outcome.advice = r.ok ? std::string() : r.advice;
    }
    return outcome;
}

Controller::JobOutcome Controller::runElevated(const Job& job, std::stop_token stop) {
    const StartType winDefault = windowsDefaultFor(job.service);
    const std::vector<std::string> args =
        job.request == Request::Repair       ? cli::toArgs(elevatedRepairCommand(job.findings))
        : job.request == Request::UndoRepair ? cli::toArgs(elevatedUndoCommand(job.entry))
        : job.request == Request::ResetCache ? cli::toArgs(elevatedResetCacheCommand())
                                             : cli::toArgs(elevatedCommandFor(job.request, job.service, job.type, winDefault));
    const ServiceRow* before = lastPosted_.find(job.service);
    const StartType oldType = before != nullptr ? before->snapshot.startType : StartType::Unknown;
    post([this] {
        operation_.phase = OperationView::Phase::WaitingForAdmin;
        operation_.steps.push_back({StepLine::Status::Active, "Asking Windows for administrator rights…"});
    });

    // The elevated copy runs on its own; this thread keeps polling so the cards stay live meanwhile.
    std::mutex doneMutex;
    std::condition_variable_any doneChanged;
    bool done = false;
    LaunchResult launched;
    std::uint32_t exitCode = 0;
    {
        std::jthread waiter([&] {
            LaunchResult r = platform_.runElevated(args, exitCode);
            std::lock_guard lock(doneMutex);
            launched = r;
            done = true;
            doneChanged.notify_all();
        });
        std::unique_lock lock(doneMutex);
        while (!done) {
            doneChanged.wait_for(lock, stop, options_.busyPoll, [&] { return done; });
            if (done) break;
            lock.unlock();
            poll(/*force=*/false);
            lock.lock();
        }
    }  // joins the waiter (it has finished)

    JobOutcome outcome;
    const bool checksJob =
        job.request == Request::Repair || job.request == Request::UndoRepair || job.request == Request::ResetCache;
    const std::string name = job.request == Request::Fix ? std::string("Windows Update")
                             : checksJob                  ? job.service
                                                          : friendly(job.service);
    ActionResult summary;
    summary.service = job.request == Request::Fix ? std::string("UsoSvc, wuauserv") : job.service;
    summary.action = actionOf(job.request);
    if (launched.declined) {
        outcome.declined = true;
        const ErrorText text = describeError(kCancelledByUser);
        outcome.message = text.message;
        outcome.advice = text.advice;
        summary.error = kCancelledByUser;
    } else if (!launched.ok) {
        const ErrorText text = describeError(launched.error);
        outcome.message = "WU Doctor could not ask for administrator rights. " + text.message;
        outcome.advice = text.advice;
        summary.error = launched.error;
    } else {
        post([this] {
            if (!operation_.steps.empty()) operation_.steps.back().status = StepLine::Status::Done;
            operation_.phase = OperationView::Phase::Running;
        });
        ErrorContext context{.service = job.service, .friendlyName = name};
        const auto code = static_cast<cli::ExitCode>(exitCode);
        if (code == cli::ExitCode::Ok) {
            outcome.ok = true;
            switch (job.request) {
                case Request::Start: outcome.message = name + " started."; break;
                case Request::Restart: outcome.message = name + " restarted."; break;
                case Request::Fix: outcome.message = "Done: Update Orchestrator and Windows Update were restarted."; break;
                case Request::SetStartType:
                    outcome.message = name + " is now set to " + std::string(toString(job.type)) + ".";
                    break;
                case Request::Repair: outcome.message = "Repaired: " + name + ". Undo below puts back what was there."; break;
                case Request::UndoRepair: outcome.message = "Put back what the repair changed: " + name + "."; break;
                case Request::ResetCache:
                    outcome.message = "Reset the Windows Update cache: the old one is kept aside, nothing was deleted. "
                                      "Undo below puts it back.";
                    break;
            }
        } else if (job.request == Request::ResetCache && code == cli::ExitCode::Refused) {
            // `reset-cache` exit 7: the elevated copy found a restart pending (it looks again before it acts).
            outcome.message = "Not reset: a restart is pending. Nothing was changed.";
            outcome.advice = "Restart the computer (Start > Power > Restart), then reset the cache.";
            summary.error = exitCode;
        } else if (job.request == Request::UndoRepair && code == cli::ExitCode::Refused) {
            // `undo` exit 7: the elevated copy's journal guard refused the entry (journal_guard.hpp).
            outcome.message = "Not undone: that journal entry was not written by WU Doctor with administrator rights on "
                              "this PC, was changed since, or asks for a change WU Doctor never makes. Nothing was "
                              "changed.";
            outcome.advice = "If you did not edit the journal, another program did: keep the file for whoever looks "
                             "after this PC.";
            summary.error = exitCode;
        } else if (checksJob && job.request != Request::ResetCache && code == cli::ExitCode::Usage) {
            // The elevated copy checks again first: what the window showed was already gone (or the entry was).
            outcome.message = "Nothing was changed: WU Doctor no longer finds " +
                              std::string(job.request == Request::Repair ? "that finding." : "that journal entry.");
            outcome.advice = "The window now shows what WU Doctor finds; try again from there.";
            summary.error = exitCode;
        } else if (const std::optional<Win32Error> condition = conditionOf(code)) {
            const ErrorText text = describeError(*condition, context);
            outcome.message = text.message;
            outcome.advice = text.advice;
            summary.error = *condition;
        } else {
            outcome.message = titleFor(job.request, job.service, job.type, job.undo, false) + ": it did not work.";
            outcome.advice = "The log has the details (Copy report includes where it is). Try again, or restart "
                             "the computer and try again.";
            summary.error = exitCode;
        }
    }
    summary.ok = outcome.ok;
    summary.text = {outcome.message, outcome.advice};
    if (job.request == Request::SetStartType) {
        StartTypeChange change;
        change.service = job.service;
        change.ok = outcome.ok;
        change.error = summary.error;
        change.text = summary.text;
        change.oldType = oldType;
        change.newType = job.type;
        outcome.change = std::move(change);
    } else if (!checksJob) {
        outcome.actions.push_back(std::move(summary));
    }
    return outcome;
}

}  // namespace wud::ui

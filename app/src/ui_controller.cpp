#include "ui_controller.hpp"

#include "cli_exit.hpp"

#include "wud/errors.hpp"
#include "wud/log.hpp"
#include "wud/report.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
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

std::string clockTime() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
#ifdef _WIN32
    localtime_s(&local, &now);
#else
    localtime_r(&now, &local);
#endif
    char buffer[16];
    std::strftime(buffer, sizeof buffer, "%H:%M:%S", &local);
    return buffer;
}

std::string friendly(std::string_view service) { return std::string(friendlyNameOf(service)); }

std::string capitalised(std::string text) {
    if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
    return text;
}

// "Restarting Windows Update" while it runs (running = true), "Restart Windows Update" once it is over.
std::string titleFor(Request request, std::string_view service, StartType type, bool undo, bool running = true) {
    const std::string name = friendly(service);
    const std::string to = capitalised(std::string(toString(type)));
    switch (request) {
        case Request::Start: return (running ? "Starting " : "Start ") + name;
        case Request::Restart: return (running ? "Restarting " : "Restart ") + name;
        case Request::Fix: return running ? "Fixing Windows Update" : "Fix Windows Update";
        case Request::SetStartType:
            if (undo) return (running ? "Putting " : "Put ") + name + " back to " + to;
            return (running ? "Setting " : "Set ") + name + " to " + to;
    }
    return "Working";
}

Action actionOf(Request request) {
    switch (request) {
        case Request::Start: return Action::Start;
        case Request::Restart: return Action::Restart;
        case Request::Fix: return Action::Fix;
        case Request::SetStartType: return Action::SetStartType;
    }
    return Action::Start;
}

// The arguments that make the elevated copy (the CLI) do the same thing.
std::vector<std::string> cliArgsFor(Request request, std::string_view service, StartType type, StartType winDefault) {
    switch (request) {
        case Request::Start: return {"start", std::string(service)};
        case Request::Restart: return {"restart", std::string(service)};
        case Request::Fix: return {"fix"};
        case Request::SetStartType:
            if (type == winDefault) return {"repair-start-type", std::string(service)};
            return {"set-start-type", std::string(service), std::string(toId(type))};
    }
    return {};
}

}  // namespace

// ---------------------------------------------------------------------------------------------------- pure parts

const ServiceRow* StatusSet::find(std::string_view name) const noexcept {
    for (const ServiceRow& row : rows) {
        if (row.entry != nullptr && row.entry->name == name) return &row;
    }
    return nullptr;
}

std::string exitCodeInWords(const ServiceSnapshot& s) {
    if (!s.installed) return "-";
    switch (s.win32ExitCode) {
        case 0: return s.state == ServiceState::Stopped ? "ended normally" : "none";
        case 1077: return "not run since Windows started";
        case 1066: return "the service's own error " + std::to_string(s.serviceExitCode);
        default: break;
    }
    ErrorContext context;
    context.service = s.name;
    const std::string system = systemMessage(s.win32ExitCode);
    std::string text = !system.empty() ? system : describeError(s.win32ExitCode, context).message;
    while (!text.empty() && text.back() == '.') text.pop_back();
    return text + " (" + std::to_string(s.win32ExitCode) + ")";
}

Verdict verdictFor(const StatusSet& status, const OperationView& operation, std::uint32_t osBuild) {
    using Level = Verdict::Level;
    if (operation.active()) {
        return {Level::Busy, operation.title + "…",
                operation.phase == OperationView::Phase::WaitingForAdmin
                    ? "Windows asks for permission first. Choose Yes to go ahead."
                    : "You can keep using the window while this runs."};
    }
    const ServiceRow* wu = status.find(kWindowsUpdate);
    const ServiceRow* uso = status.find(kUpdateOrchestrator);
    if (wu == nullptr) return {Level::Checking, "Checking the Windows Update services…", ""};
    if (wu->queryError != 0) {
        ErrorContext context{.service = kWindowsUpdate};
        const ErrorText text = describeError(wu->queryError, context);
        return {Level::Problem, "WU Doctor cannot read the state of Windows Update", text.message + " " + text.advice};
    }
    if (!wu->snapshot.installed) {
        return {Level::Problem, "Windows Update is not installed on this computer",
                "Run the Windows Update troubleshooter below: WU Doctor has nothing to start here."};
    }
    const bool usoInstalled = uso != nullptr && uso->snapshot.installed;
    auto disabled = [](const ServiceRow* row) {
        return row != nullptr && row->snapshot.installed && row->snapshot.startType == StartType::Disabled;
    };
    auto defaultOf = [&](std::string_view name) {
        const CatalogEntry* entry = findInCatalog(name);
        return entry != nullptr ? std::string(toString(windowsDefault(*entry, osBuild))) : std::string("its default");
    };
    if (disabled(wu)) {
        return {Level::Problem, "Windows Update is disabled",
                "Windows cannot install updates while it is. Press \"Set to " +
                    capitalised(defaultOf(kWindowsUpdate)) + "\" on its card to turn it back on."};
    }
    if (disabled(uso)) {
        return {Level::Problem, "Update Orchestrator is disabled",
                "Windows will not check for updates on its own. Press \"Set to " +
                    capitalised(defaultOf(kUpdateOrchestrator)) + "\" on its card to turn it back on."};
    }
    for (const ServiceRow& row : status.rows) {
        if (!row.entry->primary && disabled(&row)) {
            return {Level::Attention, capitalised(std::string(row.entry->friendlyName)) + " is disabled",
                    "Windows Update needs it. Open Related services below and press \"Set to " +
                        capitalised(defaultOf(row.entry->name)) + "\"."};
        }
    }
    const ServiceState wuState = wu->snapshot.state;
    const ServiceState usoState = usoInstalled ? uso->snapshot.state : ServiceState::Running;
    if (isPending(wuState) || isPending(usoState)) {
        const ServiceRow* pending = isPending(wuState) ? wu : uso;
        return {Level::Busy,
                std::string(pending->entry->friendlyName) + " is " + std::string(toPlain(pending->snapshot.state)) + "…",
                "Give it a moment."};
    }
    const bool wuRunning = wuState == ServiceState::Running;
    const bool usoRunning = usoState == ServiceState::Running;
    if (wuRunning && usoRunning) {
        return {Level::Good, "Windows Update services look healthy",
                "If updates still fail, press Fix Windows Update: it restarts both services the right way."};
    }
    if (!wuRunning && !usoRunning) {
        return {Level::Attention, "Windows Update services are stopped — press Fix Windows Update",
                "That starts Update Orchestrator, then Windows Update."};
    }
    if (!wuRunning) {
        return {Level::Attention, "Windows Update is stopped — press Start",
                "It often stops by itself when idle, and starts again when Windows checks for updates. Starting it "
                "now does no harm."};
    }
    return {Level::Attention, "Update Orchestrator is stopped — press Start",
            "Without it Windows does not check for updates on its own."};
}

// ---------------------------------------------------------------------------------------------------- controller

struct Controller::JobOutcome {
    bool ok = false;
    bool declined = false;
    std::string message;
    std::string advice;
    std::vector<ActionResult> actions;
    std::optional<StartTypeChange> change;
};

Controller::Controller(Platform& platform, ServiceManager& scm, Clock& clock, ControllerOptions options)
    : platform_(platform), options_(std::move(options)), scm_(scm), clock_(clock) {
    elevated_ = platform_.isElevated();
    os_ = platform_.osVersion();
    troubleshooter_ = troubleshooterFor(os_, platform_.handlers());
    lightTheme_ = platform_.prefersLightTheme();
    status_.lightTheme = lightTheme_;
}

Controller::~Controller() {
    cancel_.cancel();
    if (worker_.joinable()) {
        worker_.request_stop();
        wakeWorker_.notify_all();
        worker_.join();
    }
    launchers_.clear();  // joins
}

void Controller::start() {
    worker_ = std::jthread([this](std::stop_token stop) { workerLoop(stop); });
}

bool Controller::pump() { return queue_.drain() > 0; }

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
    return buildReport(input);
}

// ---------------------------------------------------------------------------------------------------- worker

void Controller::workerLoop(std::stop_token stop) {
    poll(/*force=*/true);
    while (!stop.stop_requested()) {
        std::optional<Job> job;
        bool refresh = false;
        {
            std::unique_lock lock(mutex_);
            wakeWorker_.wait_for(lock, stop, options_.idlePoll, [&] { return !jobs_.empty() || refreshWanted_; });
            if (stop.stop_requested()) break;
            if (!jobs_.empty()) {
                job = std::move(jobs_.front());
                jobs_.pop_front();
            }
            refresh = std::exchange(refreshWanted_, false);
        }
        if (job) {
            runJob(*job);  // polls before it posts the result
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

Controller::JobOutcome Controller::runHere(const Job& job) {
    Operations operations(scm_, clock_);
    OperationOptions options;
    options.timeout = options_.operationTimeout;
    options.cancel = &cancel_;
    auto lastPoll = std::chrono::steady_clock::now();
    options.progress = [this, &lastPoll](const Progress& p) {
        post([this, p] {
            using S = StepLine::Status;
            auto& steps = operation_.steps;
            auto active = std::find_if(steps.rbegin(), steps.rend(), [](const StepLine& l) { return l.status == S::Active; });
            switch (p.step) {
                case Progress::Step::Querying:
                    break;
                case Progress::Step::Stopping:
                case Progress::Step::Starting:
                case Progress::Step::Waiting:
                    if (p.text.empty()) break;
                    if (active != steps.rend() && active->text == p.text) break;
                    if (p.step == Progress::Step::Waiting && active != steps.rend()) break;  // still the same step
                    if (active != steps.rend()) active->status = S::Done;
                    steps.push_back({S::Active, p.text});
                    break;
                case Progress::Step::Done:
                case Progress::Step::Failed: {
                    const S status = p.step == Progress::Step::Done ? S::Done : S::Failed;
                    if (active != steps.rend()) active->status = status;
                    else if (!p.text.empty()) steps.push_back({status, p.text});
                    break;
                }
                case Progress::Step::Skipped:
                    if (active != steps.rend()) active->status = S::Done;
                    steps.push_back({S::Skipped, p.text.empty() ? friendly(p.service) + ": skipped" : p.text});
                    break;
            }
        });
        // Keep the service's badge live while the operation works on it, without flooding the SCM.
        const auto now = std::chrono::steady_clock::now();
        if (!p.service.empty() && now - lastPoll >= options_.busyPoll) {
            lastPoll = now;
            pollOne(p.service);
        }
    };

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
    }
    return outcome;
}

Controller::JobOutcome Controller::runElevated(const Job& job, std::stop_token stop) {
    const StartType winDefault = windowsDefaultFor(job.service);
    const std::vector<std::string> args = cliArgsFor(job.request, job.service, job.type, winDefault);
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
    const std::string name = job.request == Request::Fix ? std::string("Windows Update") : friendly(job.service);
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
            }
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
    } else {
        outcome.actions.push_back(std::move(summary));
    }
    return outcome;
}

}  // namespace wud::ui

#include "wud/operations.hpp"
#include "wud/error_text.hpp"

#include "wud/catalog.hpp"
#include "wud/text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <ranges>

namespace wud {
namespace {

// Polling: the first look comes almost at once (many services stop or start in well under 100 ms), then backs
// off so a slow service costs a few queries per second, never more than kMaxPoll of added latency.
constexpr Millis kFirstPoll{10};
constexpr Millis kMaxPoll{100};

// Microsoft's rule: a pending service is stuck when dwCheckPoint has not moved within dwWaitHint. A hint of 0
// (the service did not say) gets a sane window instead of an instant verdict, and tiny hints a floor, so the
// jitter of a busy machine (antivirus scanning the service's exe) does not turn a slow start into "stuck".
constexpr Millis kZeroHintWindow{2000};
constexpr Millis kMinHintWindow{1000};

Millis stuckWindow(std::uint32_t waitHintMs) {
    if (waitHintMs == 0) return kZeroHintWindow;
    return std::max(Millis{waitHintMs}, kMinHintWindow);
}

std::string friendlyFor(std::string_view name, std::string_view displayName = {}) {
    if (const CatalogEntry* entry = findInCatalog(name)) return std::string(entry->friendlyName);
    return std::string(displayName.empty() ? name : displayName);
}

bool isProtectedService(const ServiceSnapshot& snapshot) {
    const CatalogEntry* entry = findInCatalog(snapshot.name);
    return (entry != nullptr && entry->isProtected) || (snapshot.launchProtectedKnown && snapshot.launchProtected);
}

/// The outcome of one step on one service (a start, a stop, a wait).
struct Step {
    Win32Error error = 0;
    ErrorText text;            // set when error != 0
    ServiceSnapshot last;      // the latest snapshot seen
    bool acted = false;        // a request was actually sent (false: it was already in the wanted state)
    std::vector<std::string> notes;
    [[nodiscard]] bool ok() const { return error == 0; }
};

/// One operation in progress: its deadline, cancellation, progress reporting and the building blocks.
class Runner {
public:
    Runner(ServiceManager& scm, Clock& clock, const OperationOptions& options)
        : scm_(scm), clock_(clock), options_(options), started_(clock.now()), deadline_(started_ + options.timeout) {}

    Millis elapsed() { return clock_.now() - started_; }
    [[nodiscard]] bool cancelled() const { return options_.cancel != nullptr && options_.cancel->cancelled(); }

    void report(Progress::Step step, std::string_view service, ServiceState state, std::string text) {
        if (!options_.progress) return;
        options_.progress(Progress{step, std::string(service), state, std::move(text)});
    }

    /// Builds the plain-language text for an error about this service.
    ErrorText explain(Win32Error code, const ServiceSnapshot& snapshot, std::string_view requestedName,
                      std::uint32_t exitCode = 0) {
        const std::string_view key = snapshot.name.empty() ? requestedName : std::string_view(snapshot.name);
        const std::string friendly = friendlyFor(key, snapshot.displayName);
        ErrorContext context;
        context.service = key;
        context.friendlyName = friendly;
        context.state = snapshot.state;
        context.exitCode = exitCode;
        context.isProtected = isProtectedService(snapshot);
        context.waitedSeconds = static_cast<std::uint32_t>((elapsed().count() + 500) / 1000);
        return describeError(code, context);
    }

    Step fail(Win32Error code, ServiceSnapshot snapshot, std::string_view name, std::uint32_t exitCode = 0) {
        Step step;
        step.error = code;
        step.text = explain(code, snapshot, name, exitCode);
        step.last = std::move(snapshot);
        step.acted = true;
        return step;
    }

    /// Queries, turning "not installed" and query errors into a failed step.
    Step look(std::string_view name) {
        QueryResult result = scm_.query(name);
        if (result.snapshot.name.empty()) result.snapshot.name = std::string(name);
        if (result.error != 0) return fail(result.error, std::move(result.snapshot), name);
        if (!result.snapshot.installed) return fail(kErrNotInstalled, std::move(result.snapshot), name);
        Step step;
        step.last = std::move(result.snapshot);
        return step;
    }

    /// A service that reached STOPPED while we waited for RUNNING: its exit code is the reason.
    Step unexpectedStop(ServiceSnapshot snapshot, std::string_view name) {
        Win32Error code = kErrUnexpectedStop;
        std::uint32_t exitCode = 0;
        if (snapshot.win32ExitCode == kServiceSpecific) {
            code = kServiceSpecific;
            exitCode = snapshot.serviceExitCode;
        } else if (snapshot.win32ExitCode != 0 && snapshot.win32ExitCode != kNeverStarted) {
            code = snapshot.win32ExitCode;
        }
        Step step = fail(code, std::move(snapshot), name, exitCode);
        step.notes.push_back(friendlyFor(name) + " stopped by itself while starting.");
        return step;
    }

    /// Polls until the service is in `wanted`, failing on a stuck service, the deadline, cancellation, or (for
    /// RUNNING) the service stopping by itself, or (for STOPPED) something starting it again.
    /// pidAtRequest: the PID when the stop was sent, to recognise a service that came back in a new process.
    Step waitFor(std::string_view name, ServiceState wanted, std::uint32_t pidAtRequest) {
        Millis interval = kFirstPoll;
        std::optional<ServiceState> lastState;
        std::uint32_t lastCheckPoint = 0;
        Millis lastProgress = clock_.now();
        bool sawStopping = false;
        const std::string friendly = friendlyFor(name);
        for (;;) {
            Step step = look(name);
            if (!step.ok()) return step;
            const ServiceSnapshot& s = step.last;
            if (s.state == wanted) return step;
            if (wanted == ServiceState::Running && s.state == ServiceState::Stopped)
                return unexpectedStop(step.last, name);
            if (wanted == ServiceState::Stopped) {
                const bool running = s.state == ServiceState::Running || s.state == ServiceState::StartPending;
                const bool newProcess = pidAtRequest != 0 && s.pid != 0 && s.pid != pidAtRequest;
                if (running && (sawStopping || newProcess)) return fail(kErrStartedAgain, step.last, name);
                sawStopping = sawStopping || s.state == ServiceState::StopPending;
            }
            if (cancelled()) return fail(kErrCancelled, step.last, name);

            const Millis now = clock_.now();
            if (s.state != lastState || s.checkPoint != lastCheckPoint) {
                if (s.state != lastState) {
                    report(Progress::Step::Waiting, name, s.state,
                           "Waiting for " + friendly +
                               (wanted == ServiceState::Running ? " to start… (" : " to stop… (") +
                               std::string(toPlain(s.state)) + ")");
                }
                lastState = s.state;
                lastCheckPoint = s.checkPoint;
                lastProgress = now;
            } else if (now - lastProgress >= stuckWindow(s.waitHintMs)) {
                return fail(kErrStuck, step.last, name);
            }
            if (now >= deadline_) return fail(kErrTimeout, step.last, name);

            clock_.sleepFor(std::min(interval, deadline_ - now), options_.cancel);
            interval = std::min(interval * 3 / 2, kMaxPoll);
        }
    }

    /// What ends a one-service step before it acts: a failed look, the goal already reached, or a Cancel.
    std::optional<Step> endsBefore(const Step& step, std::string_view name, ServiceState goal) {
        if (!step.ok() || step.last.state == goal) return step;
        if (cancelled()) return fail(kErrCancelled, step.last, name);
        return std::nullopt;
    }

    /// Brings one service to STOPPED (without touching its dependents). Already stopped = success, nothing sent.
    Step stopOne(std::string_view name, const ServiceSnapshot* known = nullptr) {
        Step step = known != nullptr ? Step{0, {}, *known, false, {}} : look(name);
        if (std::optional<Step> ended = endsBefore(step, name, ServiceState::Stopped)) return *ended;

        if (step.last.state == ServiceState::StartPending) {
            // A STOP now would fail with 1061: let the start finish first (or fail, which also ends in STOPPED).
            Step started = waitFor(name, ServiceState::Running, 0);
            if (started.last.state == ServiceState::Stopped && started.error != kErrCancelled) {
                started.error = 0;
                started.notes.clear();
                return started;
            }
            if (!started.ok()) return started;
            step = std::move(started);
        }
        const std::uint32_t pid = step.last.pid;
        if (step.last.state != ServiceState::StopPending) {
            report(Progress::Step::Stopping, name, step.last.state, "Stopping " + friendlyFor(name) + "…");
            const Win32Error error = scm_.stop(name);
            if (error == kNotActive) return look(name);  // it stopped on its own just now: the goal is reached
            if (error == kCannotAcceptControl) {
                Step now = look(name);
                if (!now.ok()) return now;
                if (now.last.state != ServiceState::StopPending) return fail(error, std::move(now.last), name);
            } else if (error != 0) {
                return fail(error, step.last, name);
            }
        }
        Step done = waitFor(name, ServiceState::Stopped, pid);
        done.acted = true;
        return done;
    }

    /// Brings one service to RUNNING. Already running = success; disabled = failure 1058, never changed here.
    Step startOne(std::string_view name, const ServiceSnapshot* known = nullptr) {
        Step step = known != nullptr ? Step{0, {}, *known, false, {}} : look(name);
        if (std::optional<Step> ended = endsBefore(step, name, ServiceState::Running)) return *ended;

        if (step.last.state == ServiceState::StopPending) {
            // Someone is stopping it: let that finish, then start it (a start now would be refused).
            Step stopped = waitFor(name, ServiceState::Stopped, step.last.pid);
            if (!stopped.ok() && stopped.error != kErrStartedAgain) return stopped;
            step = std::move(stopped);
            step.error = 0;
        }
        std::vector<std::string> notes;
        if (step.last.state == ServiceState::Stopped) {
            // Asking would only get 1058; the snapshot already says why, and WU Doctor never re-enables silently.
            if (step.last.startType == StartType::Disabled) return fail(kServiceDisabled, step.last, name);
            report(Progress::Step::Starting, name, step.last.state, "Starting " + friendlyFor(name) + "…");
            const Win32Error error = scm_.start(name);
            if (error == kAlreadyRunning) {
                notes.push_back(friendlyFor(name) + " was started by Windows at the same moment.");
            } else if (error != 0) {
                return fail(error, step.last, name);
            }
        }
        Step done = waitFor(name, ServiceState::Running, 0);
        done.acted = true;
        done.notes.insert(done.notes.begin(), notes.begin(), notes.end());
        return done;
    }

    /// Asks Windows to start services again without waiting: used to undo a half-done restart, even after a
    /// cancel or a timeout, so dependents are never left stopped silently.
    void startWithoutWaiting(const std::vector<std::string>& names, std::vector<std::string>& notes) {
        for (auto it = names.rbegin(); it != names.rend(); ++it) {
            const Win32Error error = scm_.start(*it);
            notes.push_back(error == 0 || error == kAlreadyRunning
                                ? "Asked Windows to start " + friendlyFor(*it) + " again."
                                : friendlyFor(*it) + " could not be started again: " + explain(error, {}, *it).message);
        }
    }

    /// Active dependents in the SCM's order (reverse start order). A failure to list them is only a note: the
    /// stop itself then says 1051 if it matters.
    std::vector<std::string> dependentsOf(std::string_view name, std::vector<std::string>& notes) {
        DependentsResult result = scm_.activeDependents(name);
        if (result.error != 0) {
            notes.push_back("Could not list the services that depend on " + friendlyFor(name) + ".");
            return {};
        }
        return std::move(result.names);
    }

    /// How an action on one service opens: "Checking …", a look, and the result's "before" half.
    struct Opening {
        Step before;
        ActionResult result;
        std::string friendly;  // the service's name for messages
    };
    Opening open(std::string_view name, Action action) {
        report(Progress::Step::Querying, name, ServiceState::Unknown, "Checking " + friendlyFor(name) + "…");
        Opening opening{look(name), {}, {}};
        const ServiceSnapshot& before = opening.before.last;
        ActionResult& result = opening.result;
        result.service = before.name.empty() ? std::string(name) : before.name;
        result.action = action;
        result.stateBefore = before.state;
        result.pidBefore = before.pid;
        opening.friendly = friendlyFor(result.service, before.displayName);
        return opening;
    }

    /// The refusal that ends stopping a service's dependents: which one did not stop, and its step.
    struct Refusal {
        std::string dependent;
        Step step;
    };
    /// Stops the running services that depend on the result's service, in the SCM's order (Windows refuses to stop
    /// a service others depend on, 1051); those it stopped go into `stopped`. The first that does not stop ends it.
    std::optional<Refusal> stopDependents(ActionResult& result, std::vector<std::string>& stopped) {
        for (const std::string& dependent : dependentsOf(result.service, result.notes)) {
            Step step = stopOne(dependent);
            if (!step.ok()) return Refusal{dependent, std::move(step)};
            if (step.acted) stopped.push_back(dependent);
        }
        return std::nullopt;
    }

    /// Fills the end of a result from the last step and reports Done / Failed.
    ActionResult& finish(ActionResult& result, const Step& step, std::string successMessage) {
        result.ok = step.ok();
        result.error = step.error;
        if (step.ok()) {
            result.text.message = std::move(successMessage);
        } else {
            result.text = step.text;
        }
        if (equalsIgnoreCase(step.last.name, result.service)) {
            result.stateAfter = step.last.state;
            result.pidAfter = step.last.pid;
        } else {
            refreshAfter(result);  // the last step was about a dependent
        }
        result.notes.insert(result.notes.end(), step.notes.begin(), step.notes.end());
        result.duration = elapsed();
        report(result.ok ? Progress::Step::Done : Progress::Step::Failed, result.service, result.stateAfter,
               result.text.message);
        return result;
    }

    /// Re-reads the main service's state for the result when the last step was about another service.
    void refreshAfter(ActionResult& result) {
        const QueryResult now = scm_.query(result.service);
        if (now.error == 0 && now.snapshot.installed) {
            result.stateAfter = now.snapshot.state;
            result.pidAfter = now.snapshot.pid;
        }
    }

    ServiceManager& scm() { return scm_; }

private:
    ServiceManager& scm_;
    Clock& clock_;
    const OperationOptions& options_;
    Millis started_;
    Millis deadline_;
};

std::string joinFriendly(const std::vector<std::string>& names) {
    return fmt::format("{}", fmt::join(names | std::views::transform([](const std::string& n) { return friendlyFor(n); }), ", "));
}

}  // namespace

std::string_view toId(Action action) noexcept {
    constexpr std::array<std::string_view, 5> kIds{"start", "stop", "restart", "fix", "set_start_type"};
    const auto index = static_cast<std::size_t>(action);
    return index < kIds.size() ? kIds[index] : std::string_view("unknown");
}

ActionResult Operations::start(std::string_view name, const OperationOptions& options) {
    Runner run(scm_, clock_, options);
    auto [before, result, friendly] = run.open(name, Action::Start);
    if (!before.ok()) return run.finish(result, before, {});
    const Step step = run.startOne(name, &before.last);
    return run.finish(result, step, friendly + (step.acted ? " started." : " is already running."));
}

ActionResult Operations::stop(std::string_view name, const OperationOptions& options) {
    Runner run(scm_, clock_, options);
    auto [before, result, friendly] = run.open(name, Action::Stop);
    if (!before.ok()) return run.finish(result, before, {});
    if (before.last.state == ServiceState::Stopped) return run.finish(result, before, friendly + " is already stopped.");

    // Dependents first: those stopped here are started again if this fails.
    std::vector<std::string> stopped;
    if (std::optional<Runner::Refusal> refusal = run.stopDependents(result, stopped)) {
        result.notes.push_back(friendly + " was left running because " + friendlyFor(refusal->dependent) +
                               ", which depends on it, did not stop.");
        run.startWithoutWaiting(stopped, result.notes);
        return run.finish(result, refusal->step, {});
    }
    const Step step = run.stopOne(result.service);
    if (!stopped.empty()) {
        result.notes.push_back("Also stopped, because they depend on " + friendly + ": " + joinFriendly(stopped) + ".");
        if (!step.ok()) run.startWithoutWaiting(stopped, result.notes);
    }
    return run.finish(result, step, friendly + " stopped.");
}

ActionResult Operations::restart(std::string_view name, const OperationOptions& options) {
    Runner run(scm_, clock_, options);
    auto [before, result, friendly] = run.open(name, Action::Restart);
    if (!before.ok()) return run.finish(result, before, {});

    if (before.last.state == ServiceState::Stopped) {
        const Step step = run.startOne(result.service, &before.last);
        if (step.ok()) result.notes.push_back(friendly + " was not running, so it was started.");
        return run.finish(result, step, friendly + " started.");
    }

    // Remember which dependents run now: exactly those are started again afterwards (unlike Restart-Service).
    std::vector<std::string> stopped;
    if (std::optional<Runner::Refusal> refusal = run.stopDependents(result, stopped)) {
        run.startWithoutWaiting(stopped, result.notes);
        return run.finish(result, refusal->step, {});
    }

    Step stopStep = run.stopOne(result.service);
    if (stopStep.error == kErrStartedAgain) {
        // Something started it again between our stop and our start: it runs in a fresh process, which is what
        // a restart is for.
        result.notes.push_back(friendly + " was started again by Windows itself after it stopped.");
    } else if (!stopStep.ok()) {
        run.startWithoutWaiting(stopped, result.notes);
        return run.finish(result, stopStep, {});
    }

    const Step startStep = run.startOne(result.service);
    if (!startStep.ok()) {
        if (!stopped.empty())
            result.notes.push_back("Not started again, because " + friendly + " did not start: " +
                                   joinFriendly(stopped) + ".");
        return run.finish(result, startStep, {});
    }

    // Dependents come back in reverse of the order they were stopped in (= their original start order).
    std::optional<Step> firstFailure;
    std::vector<std::string> restarted;
    for (auto it = stopped.rbegin(); it != stopped.rend(); ++it) {
        Step step = run.startOne(*it);
        if (step.ok()) {
            restarted.push_back(*it);
        } else if (!firstFailure) {
            firstFailure = std::move(step);
        }
    }
    if (!restarted.empty()) result.notes.push_back("Started again: " + joinFriendly(restarted) + ".");

    Step outcome = startStep;
    if (firstFailure) {
        outcome.error = firstFailure->error;
        outcome.text = firstFailure->text;
        result.notes.push_back(friendly + " restarted, but a service that depends on it did not start again.");
    }
    outcome.notes.insert(outcome.notes.begin(), stopStep.notes.begin(), stopStep.notes.end());
    return run.finish(result, outcome, friendly + " restarted.");
}

std::vector<ActionResult> Operations::fix(const OperationOptions& options) {
    std::vector<ActionResult> results;
    // UsoSvc first: left running, it may start wuauserv again behind our back while we restart it.
    for (const std::string_view name : {kUpdateOrchestrator, kWindowsUpdate}) {
        if (name == kUpdateOrchestrator) {
            const QueryResult probe = scm_.query(name);
            if (probe.error == 0 && !probe.snapshot.installed) {
                // Windows 10 before 1709 has no Update Orchestrator: nothing is wrong, there is just less to do.
                ActionResult skipped;
                skipped.service = std::string(name);
                skipped.action = Action::Fix;
                skipped.ok = true;
                skipped.text.message = "Update Orchestrator is not part of this version of Windows; skipped.";
                skipped.notes.push_back("Skipped: not installed.");
                if (options.progress)
                    options.progress(Progress{Progress::Step::Skipped, std::string(name), ServiceState::Unknown,
                                              skipped.text.message});
                results.push_back(std::move(skipped));
                continue;
            }
        }
        ActionResult result = restart(name, options);
        if (result.stateBefore == ServiceState::Stopped) result.action = Action::Start;
        results.push_back(std::move(result));
    }
    return results;
}

StartTypeChange Operations::setStartType(std::string_view name, StartType type) {
    StartTypeChange change;
    change.service = std::string(name);
    change.newType = type;
    OperationOptions noOptions;
    Runner run(scm_, clock_, noOptions);
    const Step before = run.look(name);
    auto failWith = [&](Win32Error code, const ServiceSnapshot& snapshot) {
        change.ok = false;
        change.error = code;
        change.text = run.explain(code, snapshot, name);
        return change;
    };
    if (!before.ok()) {
        change.error = before.error;
        change.text = before.text;
        return change;
    }
    change.service = before.last.name;
    change.oldType = before.last.startType;
    const std::string friendly = friendlyFor(change.service, before.last.displayName);
    if (type == StartType::Unknown) return failWith(kInvalidParameter, before.last);
    if (change.oldType == type) {
        change.ok = true;
        change.text.message = friendly + " is already set to " + std::string(toString(type)) + ".";
        return change;
    }
    if (const Win32Error error = scm_.setStartType(change.service, type); error != 0)
        return failWith(error, before.last);

    // Read it back: "start type changes that didn't stick" is a complaint we answer by showing the real value.
    // An unknown read-back (Wine cannot tell delayed / trigger) keeps the value we set.
    const QueryResult after = scm_.query(change.service);
    if (after.error == 0 && after.snapshot.startType != StartType::Unknown) change.newType = after.snapshot.startType;
    change.ok = true;
    change.text.message = friendly + " start type changed from " + std::string(toString(change.oldType)) + " to " +
                          std::string(toString(change.newType)) + ".";
    return change;
}

StartTypeChange Operations::repairStartType(std::string_view name, std::uint32_t osBuild) {
    const CatalogEntry* entry = findInCatalog(name);
    if (entry == nullptr) {
        StartTypeChange change;
        change.service = std::string(name);
        change.error = kErrNotInCatalog;
        ErrorContext context;
        context.service = name;
        change.text = describeError(kErrNotInCatalog, context);
        return change;
    }
    const StartType wanted = windowsDefault(*entry, osBuild);
    StartTypeChange change = setStartType(entry->name, wanted);
    if (change.ok) {
        change.text.advice.clear();
        change.text.message += " That is Windows' default.";
    }
    return change;
}

}  // namespace wud

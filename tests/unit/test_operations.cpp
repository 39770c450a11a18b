// Operations against the fake SCM in virtual time. Each test says which Windows situation it stands for.
#include "wud/operations.hpp"

#include "wud/fake_service_manager.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace wud;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;

namespace {

struct Env {
    VirtualClock clock;
    FakeServiceManager scm{clock};
    Operations ops{scm, clock};
    std::vector<Progress> progress;
    CancelToken token;

    OperationOptions options(Millis timeout = 60s) {
        OperationOptions o;
        o.timeout = timeout;
        o.progress = [this](const Progress& p) { progress.push_back(p); };
        o.cancel = &token;
        return o;
    }
    FakeService& running(std::string name, Millis stopDelay = 0ms, Millis startDelay = 0ms) {
        FakeService& s = scm.add(std::move(name), ServiceState::Running);
        s.stopDelay = stopDelay;
        s.startDelay = startDelay;
        return s;
    }
    FakeService& stopped(std::string name, StartType type = StartType::Manual) {
        return scm.add(std::move(name), ServiceState::Stopped, type);
    }
    /// BITS running with two running dependents; DepA started first, so Windows lists (and stops) DepB first.
    void bitsWithTwoDependents() {
        running("BITS");
        running("DepA").dependsOn = {"BITS"};
        running("DepB").dependsOn = {"BITS"};
    }
    /// `fix`'s two results: always Update Orchestrator first, then Windows Update.
    struct FixResults {
        ActionResult uso, wu;
    };
    FixResults fix() {
        const std::vector<ActionResult> results = ops.fix(options());
        REQUIRE(results.size() == 2);
        CHECK(results[0].service == "UsoSvc");
        CHECK(results[1].service == "wuauserv");
        return {results[0], results[1]};
    }
    ServiceSnapshot look(std::string_view name) { return scm.query(name).snapshot; }
    std::vector<std::string> texts() const {
        std::vector<std::string> out;
        for (const auto& p : progress) out.push_back(p.text);
        return out;
    }
};

bool contains(const std::vector<std::string>& lines, std::string_view needle) {
    return std::any_of(lines.begin(), lines.end(),
                       [&](const std::string& line) { return line.find(needle) != std::string::npos; });
}

}  // namespace

// ------------------------------------------------------------------------------------------------------ start

TEST_CASE("Operations: start waits through a slow start with rising checkpoints and costs little more", "[ops][start]") {
    // Windows: a service whose start takes 5 s, longer than its 2 s wait hint, but which keeps reporting progress.
    Env env;
    env.stopped("wuauserv").startDelay = 5s;
    const ActionResult r = env.ops.start("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.action == Action::Start);
    CHECK(r.stateBefore == ServiceState::Stopped);
    CHECK(r.stateAfter == ServiceState::Running);
    CHECK(r.pidBefore == 0);
    CHECK(r.pidAfter != 0);
    CHECK(r.text.message == "Windows Update started.");
    CHECK(r.duration >= 5s);
    CHECK(r.duration <= 5s + 100ms);  // polling adds at most one poll interval
    CHECK(env.scm.queryCount() < 80);  // backs off: not hundreds of queries for 5 s
}

TEST_CASE("Operations: a quick start is seen within tens of milliseconds", "[ops][start]") {
    // Windows: most services reach RUNNING within a few ms of StartService; we must not sleep a second first.
    Env env;
    env.stopped("wuauserv").startDelay = 15ms;
    const ActionResult r = env.ops.start("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.duration <= 30ms);
}

TEST_CASE("Operations: start of a running service is a success that changes nothing", "[ops][start]") {
    Env env;
    env.running("wuauserv");
    const auto pid = env.look("wuauserv").pid;
    const ActionResult r = env.ops.start("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.text.message == "Windows Update is already running.");
    CHECK(r.pidAfter == pid);
    CHECK(env.scm.ourCalls().empty());
}

TEST_CASE("Operations: a service that stops without an exit code while starting is still reported", "[ops][start]") {
    // Windows: something else (another tool, a script) stops the service while it is still START_PENDING;
    // it ends STOPPED with dwWin32ExitCode 0, so there is no code to show.
    Env env;
    env.stopped("wuauserv").startDelay = 1s;
    OperationOptions options = env.options();
    options.progress = [&](const Progress& p) {
        if (p.step == Progress::Step::Waiting) env.scm.externalStop("wuauserv");
    };
    const ActionResult r = env.ops.start("wuauserv", options);
    CHECK_FALSE(r.ok);
    CHECK(r.error == kErrUnexpectedStop);
    CHECK(r.text.message == "Windows Update stopped by itself while starting, without giving a reason.");
    CHECK(r.stateAfter == ServiceState::Stopped);
}

// ------------------------------------------------------------------------------------------------------- stop

TEST_CASE("Operations: stop waits for STOPPED and reports it", "[ops][stop]") {
    Env env;
    env.running("wuauserv", 700ms);
    const auto pid = env.look("wuauserv").pid;
    const ActionResult r = env.ops.stop("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.stateBefore == ServiceState::Running);
    CHECK(r.pidBefore == pid);
    CHECK(r.stateAfter == ServiceState::Stopped);
    CHECK(r.pidAfter == 0);
    CHECK(r.text.message == "Windows Update stopped.");
    CHECK(r.duration >= 700ms);
    CHECK(r.duration <= 800ms);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop wuauserv"});
}

TEST_CASE("Operations: stop of a stopped service is a success that sends nothing", "[ops][stop]") {
    Env env;
    env.stopped("wuauserv");
    const ActionResult r = env.ops.stop("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.text.message == "Windows Update is already stopped.");
    CHECK(env.scm.ourCalls().empty());
}

TEST_CASE("Operations: stop stops the active dependents first, in the order Windows lists them", "[ops][stop]") {
    // Windows: STOP on a service with running dependents fails with 1051; EnumDependentServices lists them in
    // reverse start order, which is the order to stop them in.
    Env env;
    env.running("BITS", 100ms);
    env.running("DepA", 50ms).dependsOn = {"BITS"};
    env.running("DepB", 50ms).dependsOn = {"DepA"};  // started last: stopped first
    env.stopped("DepIdle").dependsOn = {"BITS"};
    const ActionResult r = env.ops.stop("BITS", env.options());
    CHECK(r.ok);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop DepB", "stop DepA", "stop BITS"});
    CHECK(env.look("DepA").state == ServiceState::Stopped);
    CHECK(env.look("DepB").state == ServiceState::Stopped);  // stop means stop: they are not brought back
    CHECK(contains(r.notes, "Also stopped, because they depend on Background Intelligent Transfer: DepB, DepA"));
}

TEST_CASE("Operations: a dependent that will not stop leaves the service running, with the reason", "[ops][stop]") {
    Env env;
    env.bitsWithTwoDependents();
    env.scm.service("DepA").refuseStop = true;  // listed second (started first)
    const ActionResult r = env.ops.stop("BITS", env.options());
    CHECK_FALSE(r.ok);
    CHECK(r.error == 1052);
    CHECK_THAT(r.text.message, Contains("DepA"));
    CHECK(r.stateAfter == ServiceState::Running);  // the result is about BITS, not about DepA
    CHECK(env.look("BITS").state == ServiceState::Running);
    CHECK(env.look("DepB").state == ServiceState::Running);  // the one we had stopped was started again
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop DepB", "stop DepA", "start DepB"});
}

TEST_CASE("Operations: stop while Windows is already stopping it just waits (no second STOP)", "[ops][stop]") {
    // Windows: a second STOP while STOP_PENDING gives 1061; the right move is to wait.
    Env env;
    env.running("wuauserv", 400ms);
    env.scm.externalStop("wuauserv");
    const ActionResult r = env.ops.stop("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.stateBefore == ServiceState::StopPending);
    CHECK(r.stateAfter == ServiceState::Stopped);
    CHECK(env.scm.ourCalls().empty());
}

TEST_CASE("Operations: stop of a service that is still starting waits for it, then stops it", "[ops][stop]") {
    // Windows: STOP during START_PENDING gives 1061 for most services.
    Env env;
    env.stopped("wuauserv").startDelay = 300ms;
    env.scm.externalStart("wuauserv");
    const ActionResult r = env.ops.stop("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.stateBefore == ServiceState::StartPending);
    CHECK(r.stateAfter == ServiceState::Stopped);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop wuauserv"});
}

TEST_CASE("Operations: a service that comes straight back after stop is named, with the likely cause", "[ops][stop]") {
    // Windows: UsoSvc starts wuauserv again as soon as it stops (winutil #3790), here before our next look
    // could even see it STOPPED: it is back in a new process.
    Env env;
    FakeService& s = env.running("wuauserv", 200ms);
    s.restartedBehindAfter = 1ms;
    s.startDelay = 50ms;
    const ActionResult r = env.ops.stop("wuauserv", env.options());
    CHECK_FALSE(r.ok);
    CHECK(r.error == kErrStartedAgain);
    CHECK_THAT(r.text.advice, Contains("Update Orchestrator"));
    CHECK(r.stateAfter != ServiceState::Stopped);
}

TEST_CASE("Operations: cancel from the progress callback ends the wait at once", "[ops][stop][cancel]") {
    // The user presses Cancel while a slow stop is in progress.
    Env env;
    env.running("wuauserv", 30s);
    OperationOptions options = env.options();
    options.progress = [&](const Progress& p) {
        env.progress.push_back(p);
        if (p.step == Progress::Step::Waiting) env.token.cancel();
    };
    const ActionResult r = env.ops.stop("wuauserv", options);
    CHECK_FALSE(r.ok);
    CHECK(r.error == kErrCancelled);
    CHECK_THAT(r.text.message, Contains("Cancelled") && Contains("Windows Update is now stopping"));
    CHECK(r.stateAfter == ServiceState::StopPending);
    CHECK(r.duration < 200ms);
}

TEST_CASE("Operations: a token cancelled before the operation sends nothing", "[ops][cancel]") {
    Env env;
    env.running("wuauserv");
    env.token.cancel();
    CHECK(env.ops.stop("wuauserv", env.options()).error == kErrCancelled);
    CHECK(env.ops.restart("wuauserv", env.options()).error == kErrCancelled);
    env.stopped("BITS");
    CHECK(env.ops.start("BITS", env.options()).error == kErrCancelled);
    CHECK(env.scm.ourCalls().empty());
}

// ------------------------------------------------------------------------------------------ start and stop fail

namespace {

/// One start or stop in one Windows situation that fails: the error, the words the user reads, and where the service
/// is left. A start is tried on a stopped service, a stop on a running one, each with its fault planted; each row's
/// situation names its section, so a failure says which one.
struct Failure {
    const char* situation;
    Action action;  ///< Start or Stop
    std::string_view service;
    void (*fault)(FakeService&, Env&) = nullptr;
    StartType startType = StartType::Manual;
    bool installed = true;
    Win32Error error;
    std::vector<std::string_view> says;      ///< the message contains each of these,
    std::string_view saysExactly;            ///< or is exactly this
    std::string_view advice;                 ///< the advice contains this
    std::optional<ServiceState> foundIn;     ///< the result's state before
    std::optional<ServiceState> leftIn;      ///< the result's state after, and the service's on the machine
    std::optional<StartType> typeAfter;      ///< the start type it keeps
    std::optional<std::pair<Millis, Millis>> took;  ///< the result's duration, within
    bool sendsNothing = false;               ///< none of our calls reached the SCM
    std::string_view note;                   ///< one of the result's notes contains this
    Millis timeout = 60s;
};

const Failure kFailures[] = {
    {.situation = "start of a disabled service: StartService fails with 1058 (an update blocker's doing); repair "
                  "offered, never silently re-enabled",
     .action = Action::Start, .service = "wuauserv", .startType = StartType::Disabled, .error = 1058,
     .says = {"Windows Update", "disabled"}, .advice = "Repair start type", .leftIn = ServiceState::Stopped,
     .typeAfter = StartType::Disabled, .sendsNothing = true},
    {.situation = "a service disabled just before our start: the snapshot said Manual, StartService then says 1058",
     .action = Action::Start, .service = "wuauserv",
     .fault =
         [](FakeService&, Env& e) {
             e.scm.beforeCall = [&e](std::string_view call) {
                 if (call == "start wuauserv") e.scm.service("wuauserv").startType = StartType::Disabled;
             };
         },
     .error = 1058, .advice = "Repair start type", .typeAfter = StartType::Disabled},
    {.situation = "start of a missing service: OpenService fails with 1060 (UsoSvc on Windows 10 before 1709)",
     .action = Action::Start, .service = "UsoSvc", .installed = false, .error = kErrNotInstalled,
     .says = {"Update Orchestrator is not installed"}, .foundIn = ServiceState::Unknown,
     .leftIn = ServiceState::Unknown},
    {.situation = "a start that fails: STOPPED with ERROR_SERVICE_SPECIFIC_ERROR and the service's own exit code",
     .action = Action::Start, .service = "wuauserv",
     .fault = [](FakeService& s, Env&) { s.startDelay = 300ms; s.failStartWith = 1066; s.failStartServiceCode = 42; },
     .error = 1066, .says = {"Windows Update", "42"}, .leftIn = ServiceState::Stopped,
     .note = "stopped by itself while starting"},
    {.situation = "a crash before we see it running: the SCM records 1067 (process terminated), not a success",
     .action = Action::Start, .service = "wuauserv",
     .fault = [](FakeService& s, Env&) { s.startDelay = 100ms; s.crashAfter = 5ms; },
     .error = 1067, .says = {"Windows Update ended unexpectedly"}},
    {.situation = "a hung start (ServiceMain hangs, dwCheckPoint constant) is stuck after the 3 s wait hint, well "
                  "before the timeout",
     .action = Action::Start, .service = "UsoSvc",
     .fault = [](FakeService& s, Env&) { s.hangOnStart = true; s.waitHintMs = 3000; },
     .error = kErrStuck, .says = {"Update Orchestrator", "starting"}, .leftIn = ServiceState::StartPending,
     .took = std::pair{Millis{3s}, Millis{3s + 100ms}}},
    {.situation = "a hung start with dwWaitHint 0 gets a sane window, not an instant verdict (the sample's trap)",
     .action = Action::Start, .service = "UsoSvc",
     .fault = [](FakeService& s, Env&) { s.hangOnStart = true; s.waitHintMs = 0; },
     .error = kErrStuck, .took = std::pair{Millis{1s}, Millis{5s}}},
    {.situation = "a start slower than the overall timeout (TrustedInstaller on a busy update) ends exactly at it, "
                  "naming service and state",
     .action = Action::Start, .service = "TrustedInstaller",
     .fault = [](FakeService& s, Env&) { s.startDelay = 10min; },
     .error = kErrTimeout, .saysExactly = "Windows Modules Installer is still starting after 20 seconds.",
     .took = std::pair{Millis{20s}, Millis{20s}}, .timeout = 20s},
    {.situation = "a standard user may not start BITS: OpenService(SERVICE_START) fails with 5",
     .action = Action::Start, .service = "BITS", .fault = [](FakeService& s, Env&) { s.startError = 5; },
     .error = 5, .advice = "Run WU Doctor as administrator"},
    {.situation = "a failing query: the SCM database is locked by an installer (1055)",
     .action = Action::Start, .service = "wuauserv", .fault = [](FakeService& s, Env&) { s.queryError = 1055; },
     .error = 1055, .advice = "Wait a few minutes", .sendsNothing = true},
    {.situation = "a service that does not accept SERVICE_CONTROL_STOP: ControlService fails with 1052, it keeps running",
     .action = Action::Stop, .service = "wuauserv", .fault = [](FakeService& s, Env&) { s.refuseStop = true; },
     .error = 1052, .says = {"Windows Update refused"}, .advice = "Restart the computer",
     .leftIn = ServiceState::Running},
    {.situation = "the launch-protected Medic service: ControlService fails with 5 even elevated, explained as normal",
     .action = Action::Stop, .service = "WaaSMedicSvc", .fault = [](FakeService& s, Env&) { s.isProtected = true; },
     .error = 5, .says = {"Windows protects Windows Update Medic"}, .advice = "normal"},
    {.situation = "a standard user stopping Windows Update (its DACL lets users start it, not stop it)",
     .action = Action::Stop, .service = "wuauserv", .fault = [](FakeService& s, Env&) { s.stopError = 5; },
     .error = 5, .says = {"administrator rights", "Windows Update"}, .leftIn = ServiceState::Running},
    {.situation = "a hung stop handler: STOP_PENDING with a constant checkpoint is stuck, naming 'stopping'",
     .action = Action::Stop, .service = "wuauserv",
     .fault = [](FakeService& s, Env&) { s.hangOnStop = true; s.waitHintMs = 1000; },
     .error = kErrStuck, .says = {"Windows Update", "stopping"}, .leftIn = ServiceState::StopPending,
     .took = std::pair{Millis{0}, Millis{1100ms}}},
};

/// Everything a Failure row says the user sees, checked on the result and on the machine.
void checkFailure(Env& env, const ActionResult& r, const Failure& row) {
    CHECK_FALSE(r.ok);
    CHECK(r.error == row.error);
    for (const std::string_view part : row.says) CHECK_THAT(r.text.message, Contains(std::string(part)));
    if (!row.saysExactly.empty()) CHECK(r.text.message == row.saysExactly);
    if (!row.advice.empty()) CHECK_THAT(r.text.advice, Contains(std::string(row.advice)));
    if (row.foundIn) CHECK(r.stateBefore == *row.foundIn);
    if (row.leftIn) {
        CHECK(r.stateAfter == *row.leftIn);
        CHECK(env.look(row.service).state == *row.leftIn);
    }
    if (row.typeAfter) CHECK(env.look(row.service).startType == *row.typeAfter);
    if (row.took) {
        CHECK(r.duration >= row.took->first);
        CHECK(r.duration <= row.took->second);
    }
    if (row.sendsNothing) CHECK(env.scm.ourCalls().empty());
    if (!row.note.empty()) CHECK(contains(r.notes, row.note));
}

}  // namespace

TEST_CASE("Operations: a start or stop that fails says why in words the user can act on", "[ops][start][stop]") {
    for (const Failure& row : kFailures) {
        DYNAMIC_SECTION(row.situation) {
            Env env;
            if (row.installed) {
                const std::string name(row.service);
                FakeService& s = row.action == Action::Start ? env.stopped(name, row.startType) : env.running(name);
                if (row.fault) row.fault(s, env);
            }
            const OperationOptions options = env.options(row.timeout);
            const ActionResult r = row.action == Action::Start ? env.ops.start(row.service, options)
                                                               : env.ops.stop(row.service, options);
            checkFailure(env, r, row);
        }
    }
}

// ---------------------------------------------------------------------------------------------------- restart

TEST_CASE("Operations: restart gives a fresh process and costs little more than the service's own stop + start",
          "[ops][restart]") {
    Env env;
    env.running("wuauserv", 300ms, 500ms);
    const auto pid = env.look("wuauserv").pid;
    const ActionResult r = env.ops.restart("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.action == Action::Restart);
    CHECK(r.text.message == "Windows Update restarted.");
    CHECK(r.stateBefore == ServiceState::Running);
    CHECK(r.stateAfter == ServiceState::Running);
    CHECK(r.pidBefore == pid);
    CHECK(r.pidAfter != pid);
    CHECK(r.pidAfter != 0);
    CHECK(r.duration >= 800ms);
    CHECK(r.duration <= 800ms + 200ms);  // at most one poll interval per wait
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop wuauserv", "start wuauserv"});
}

TEST_CASE("Operations: restart stops running dependents first and starts exactly those again, in reverse",
          "[ops][restart]") {
    // Windows: Restart-Service -Force stops dependents but never starts them again; WU Doctor does.
    Env env;
    env.running("BITS", 100ms, 100ms);
    env.running("DepA", 50ms, 50ms).dependsOn = {"BITS"};
    env.running("DepB", 50ms, 50ms).dependsOn = {"DepA"};
    env.stopped("DepIdle").dependsOn = {"BITS"};  // was not running: must stay stopped
    const ActionResult r = env.ops.restart("BITS", env.options());
    CHECK(r.ok);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop DepB", "stop DepA", "stop BITS", "start BITS",
                                                        "start DepA", "start DepB"});
    CHECK(env.look("DepA").state == ServiceState::Running);
    CHECK(env.look("DepB").state == ServiceState::Running);
    CHECK(env.look("DepIdle").state == ServiceState::Stopped);
    CHECK(contains(r.notes, "Started again: DepA, DepB"));
}

TEST_CASE("Operations: restart of a stopped service starts it", "[ops][restart]") {
    Env env;
    env.stopped("wuauserv");
    const ActionResult r = env.ops.restart("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.stateAfter == ServiceState::Running);
    CHECK(contains(r.notes, "was not running, so it was started"));
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"start wuauserv"});
}

TEST_CASE("Operations: restart when someone starts the service between our stop and our start succeeds",
          "[ops][restart]") {
    // Windows: UsoSvc starts wuauserv in the gap; our StartService gets 1056 "already running".
    Env env;
    env.running("wuauserv", 100ms, 100ms);
    env.scm.beforeCall = [&](std::string_view call) {
        if (call == "start wuauserv") env.scm.externalStart("wuauserv");
    };
    const ActionResult r = env.ops.restart("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.stateAfter == ServiceState::Running);
    CHECK(r.pidAfter != r.pidBefore);
    CHECK(contains(r.notes, "started by Windows at the same moment"));
    CHECK(env.scm.calls() ==
          std::vector<std::string>{"stop wuauserv", "external start wuauserv", "start wuauserv"});
}

TEST_CASE("Operations: restart when the service comes straight back during our stop succeeds", "[ops][restart]") {
    // Windows: UsoSvc brings wuauserv back before we even see it STOPPED; it is in a new process anyway.
    Env env;
    FakeService& s = env.running("wuauserv", 200ms, 100ms);
    s.restartedBehindAfter = 1ms;
    const ActionResult r = env.ops.restart("wuauserv", env.options());
    CHECK(r.ok);
    CHECK(r.stateAfter == ServiceState::Running);
    CHECK(r.pidAfter != r.pidBefore);
    CHECK(contains(r.notes, "started again by Windows itself"));
}

TEST_CASE("Operations: restart that cannot stop a dependent leaves everything running", "[ops][restart]") {
    Env env;
    env.bitsWithTwoDependents();
    env.scm.service("DepA").stopError = 5;
    const auto bitsPid = env.look("BITS").pid;
    const ActionResult r = env.ops.restart("BITS", env.options());
    CHECK_FALSE(r.ok);
    CHECK(r.error == 5);
    CHECK(env.look("BITS").pid == bitsPid);  // never touched
    CHECK(env.look("DepB").state == ServiceState::Running);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop DepB", "stop DepA", "start DepB"});
}

TEST_CASE("Operations: restart that the service refuses to stop starts its stopped dependents again",
          "[ops][restart]") {
    Env env;
    env.running("BITS").refuseStop = true;
    env.running("DepA").dependsOn = {"BITS"};
    const ActionResult r = env.ops.restart("BITS", env.options());
    CHECK(r.error == 1052);
    CHECK(r.stateAfter == ServiceState::Running);
    CHECK(env.look("DepA").state == ServiceState::Running);
    CHECK(contains(r.notes, "Asked Windows to start DepA again"));
}

TEST_CASE("Operations: restart cancelled while stopping does not leave dependents down", "[ops][restart][cancel]") {
    Env env;
    env.running("BITS", 10s);
    env.running("DepA").dependsOn = {"BITS"};
    OperationOptions options = env.options();
    options.progress = [&](const Progress& p) {
        if (p.step == Progress::Step::Waiting && p.service == "BITS") env.token.cancel();
    };
    const ActionResult r = env.ops.restart("BITS", options);
    CHECK(r.error == kErrCancelled);
    CHECK(env.look("DepA").state == ServiceState::Running);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop DepA", "stop BITS", "start DepA"});
}

TEST_CASE("Operations: the timeout covers the whole restart, not each step", "[ops][restart]") {
    // Windows: a service that takes 40 s to stop and 40 s to start; the user asked for at most 60 s.
    Env env;
    env.running("wuauserv", 40s, 40s);
    const ActionResult r = env.ops.restart("wuauserv", env.options(60s));
    CHECK(r.error == kErrTimeout);
    CHECK(r.text.message == "Windows Update is still starting after 60 seconds.");
    CHECK(r.duration == 60s);
}

TEST_CASE("Operations: a restart whose dependent does not start again is not called a success", "[ops][restart]") {
    Env env;
    env.running("BITS");
    FakeService& dep = env.running("DepA");
    dep.dependsOn = {"BITS"};
    dep.failStartWith = 1066;
    dep.failStartServiceCode = 7;
    const ActionResult r = env.ops.restart("BITS", env.options());
    CHECK_FALSE(r.ok);
    CHECK(r.error == 1066);
    CHECK_THAT(r.text.message, Contains("DepA") && Contains("7"));
    CHECK(r.stateAfter == ServiceState::Running);  // BITS itself did restart
    CHECK(contains(r.notes, "did not start again"));
}

// -------------------------------------------------------------------------------------------------------- fix

TEST_CASE("Operations: fix restarts Update Orchestrator first, then Windows Update", "[ops][fix]") {
    Env env;
    env.running("wuauserv", 100ms, 100ms);
    env.running("UsoSvc", 100ms, 100ms);
    const auto [uso, wu] = env.fix();
    CHECK(uso.ok);
    CHECK(wu.ok);
    CHECK(uso.action == Action::Restart);
    CHECK(env.scm.ourCalls() ==
          std::vector<std::string>{"stop UsoSvc", "start UsoSvc", "stop wuauserv", "start wuauserv"});
    CHECK(contains(env.texts(), "Stopping Update Orchestrator…"));
    CHECK(contains(env.texts(), "Starting Windows Update…"));
}

TEST_CASE("Operations: fix starts what is stopped and restarts what runs", "[ops][fix]") {
    Env env;
    env.running("UsoSvc");
    env.stopped("wuauserv", StartType::ManualTrigger);
    const auto [uso, wu] = env.fix();
    CHECK(wu.action == Action::Start);
    CHECK(wu.ok);
    CHECK(env.look("wuauserv").state == ServiceState::Running);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop UsoSvc", "start UsoSvc", "start wuauserv"});
}

TEST_CASE("Operations: fix on Windows without Update Orchestrator skips it with a note", "[ops][fix]") {
    // Windows 10 before 1709 has no UsoSvc.
    Env env;
    env.running("wuauserv");
    const auto [uso, wu] = env.fix();
    CHECK(uso.ok);
    CHECK(contains(uso.notes, "not installed"));
    CHECK(wu.ok);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"stop wuauserv", "start wuauserv"});
    CHECK(std::any_of(env.progress.begin(), env.progress.end(),
                      [](const Progress& p) { return p.step == Progress::Step::Skipped && p.service == "UsoSvc"; }));
}

TEST_CASE("Operations: fix with Windows Update disabled reports it with the repair offer", "[ops][fix]") {
    Env env;
    env.running("UsoSvc");
    env.stopped("wuauserv", StartType::Disabled);
    const auto [uso, wu] = env.fix();
    CHECK(uso.ok);
    CHECK(wu.error == 1058);
    CHECK_THAT(wu.text.advice, Contains("Repair start type"));
}

TEST_CASE("Operations: fix still restarts Windows Update when Update Orchestrator is stuck", "[ops][fix]") {
    Env env;
    env.running("UsoSvc").hangOnStop = true;
    env.running("wuauserv");
    const auto [uso, wu] = env.fix();
    CHECK(uso.error == kErrStuck);
    CHECK(wu.ok);
}

TEST_CASE("Operations: fix without Windows Update at all says so", "[ops][fix]") {
    Env env;
    env.running("UsoSvc");
    const auto [uso, wu] = env.fix();
    CHECK(wu.error == kErrNotInstalled);
}

// --------------------------------------------------------------------------------------------- progress texts

TEST_CASE("Operations: progress speaks plain words, step by step", "[ops][progress]") {
    Env env;
    env.running("UsoSvc", 100ms, 100ms);
    const ActionResult r = env.ops.restart("UsoSvc", env.options());
    REQUIRE(r.ok);
    const std::vector<std::string> texts = env.texts();
    REQUIRE(texts.size() >= 5);
    CHECK(texts.front() == "Checking Update Orchestrator…");
    CHECK(texts.back() == "Update Orchestrator restarted.");
    CHECK(env.progress.back().step == Progress::Step::Done);
    const auto at = [&](std::string_view text) {
        return std::find(texts.begin(), texts.end(), text) - texts.begin();
    };
    CHECK(at("Stopping Update Orchestrator…") < at("Waiting for Update Orchestrator to stop… (stopping)"));
    CHECK(at("Waiting for Update Orchestrator to stop… (stopping)") < at("Starting Update Orchestrator…"));
    CHECK(at("Starting Update Orchestrator…") < static_cast<long>(texts.size()));
    for (const auto& text : texts) CHECK_THAT(text, !Contains("pending") && !Contains("SERVICE_"));
}

TEST_CASE("Operations: a failure is reported through progress too", "[ops][progress]") {
    Env env;
    env.stopped("wuauserv", StartType::Disabled);
    env.ops.start("wuauserv", env.options());
    REQUIRE_FALSE(env.progress.empty());
    CHECK(env.progress.back().step == Progress::Step::Failed);
    CHECK_THAT(env.progress.back().text, Contains("disabled"));
}

// -------------------------------------------------------------------------------------------------- start type

TEST_CASE("Operations: setStartType returns the old value so it can be undone", "[ops][starttype]") {
    Env env;
    env.stopped("wuauserv", StartType::ManualTrigger);
    const StartTypeChange change = env.ops.setStartType("wuauserv", StartType::Disabled);
    CHECK(change.ok);
    CHECK(change.oldType == StartType::ManualTrigger);
    CHECK(change.newType == StartType::Disabled);
    CHECK(change.text.message == "Windows Update start type changed from manual (trigger) to disabled.");
    CHECK(env.look("wuauserv").startType == StartType::Disabled);

    const StartTypeChange undo = env.ops.setStartType("wuauserv", change.oldType);
    CHECK(undo.ok);
    CHECK(env.look("wuauserv").startType == StartType::ManualTrigger);
}

TEST_CASE("Operations: setting the type it already has changes nothing and needs no rights", "[ops][starttype]") {
    Env env;
    env.stopped("wuauserv", StartType::ManualTrigger).configError = 5;
    const StartTypeChange change = env.ops.setStartType("wuauserv", StartType::ManualTrigger);
    CHECK(change.ok);
    CHECK(change.oldType == StartType::ManualTrigger);
    CHECK(env.scm.ourCalls().empty());
}

TEST_CASE("Operations: the protected Medic service's start type cannot be changed, and that is normal",
          "[ops][starttype]") {
    // Windows: ChangeServiceConfig on WaaSMedicSvc fails with 5 even elevated.
    Env env;
    env.stopped("WaaSMedicSvc").isProtected = true;
    const StartTypeChange change = env.ops.setStartType("WaaSMedicSvc", StartType::Disabled);
    CHECK_FALSE(change.ok);
    CHECK(change.error == 5);
    CHECK_THAT(change.text.advice, Contains("normal"));
    CHECK(env.look("WaaSMedicSvc").startType == StartType::Manual);
}

TEST_CASE("Operations: a standard user changing a start type is asked to run as administrator", "[ops][starttype]") {
    Env env;
    env.stopped("wuauserv", StartType::Disabled).configError = 5;
    const StartTypeChange change = env.ops.repairStartType("wuauserv", 19045);
    CHECK(change.error == 5);
    CHECK(change.oldType == StartType::Disabled);
    CHECK_THAT(change.text.advice, Contains("as administrator"));
}

TEST_CASE("Operations: repair sets Windows' default for this Windows and the service starts again",
          "[ops][starttype]") {
    // Windows: an update blocker set wuauserv to Disabled; start fails with 1058 until it is repaired.
    Env env;
    env.stopped("wuauserv", StartType::Disabled);
    env.stopped("UsoSvc", StartType::Disabled);
    REQUIRE(env.ops.start("wuauserv", env.options()).error == 1058);

    const StartTypeChange wu = env.ops.repairStartType("WUAUSERV", 22631);
    CHECK(wu.ok);
    CHECK(wu.service == "wuauserv");
    CHECK(wu.oldType == StartType::Disabled);
    CHECK(wu.newType == StartType::ManualTrigger);  // Windows' default, not the Automatic reset scripts set
    CHECK_THAT(wu.text.message, Contains("Windows' default"));
    CHECK(env.ops.start("wuauserv", env.options()).ok);

    const StartTypeChange uso = env.ops.repairStartType("UsoSvc", 19045);
    CHECK(uso.newType == StartType::AutomaticDelayed);
    CHECK(env.scm.ourCalls() == std::vector<std::string>{"config wuauserv manual_trigger", "start wuauserv",
                                                        "config UsoSvc automatic_delayed"});
}

TEST_CASE("Operations: repair of a service WU Doctor does not manage is refused", "[ops][starttype]") {
    Env env;
    env.stopped("Spooler", StartType::Disabled);
    const StartTypeChange change = env.ops.repairStartType("Spooler", 19045);
    CHECK_FALSE(change.ok);
    CHECK(change.error == kErrNotInCatalog);
    CHECK(env.look("Spooler").startType == StartType::Disabled);
}

TEST_CASE("Operations: start-type change on a missing service says not installed", "[ops][starttype]") {
    Env env;
    const StartTypeChange change = env.ops.repairStartType("UsoSvc", 19045);
    CHECK(change.error == kErrNotInstalled);
    CHECK_THAT(change.text.message, Contains("not installed"));
}

TEST_CASE("Operations: action ids are stable for JSON", "[ops]") {
    const std::pair<Action, std::string_view> ids[] = {{Action::Start, "start"}, {Action::Stop, "stop"},
                                                       {Action::Restart, "restart"}, {Action::Fix, "fix"},
                                                       {Action::SetStartType, "set_start_type"}};
    for (const auto& [action, id] : ids) CHECK(toId(action) == id);
    CHECK(toId(static_cast<Action>(77)) == "unknown");
}

TEST_CASE("Operations: an unreachable computer is reported as such, and nothing is attempted", "[ops][remote]") {
    // Windows: OpenSCManager on a computer that does not answer fails with 1722 (RPC server unavailable), and
    // every call through that connection reports it. Wine ignores --computer, so only the fake can show this.
    VirtualClock clock;
    FakeServiceManager scm(clock);
    FakeService uso{.name = "UsoSvc", .state = ServiceState::Running};
    uso.queryError = uso.startError = uso.stopError = kRpcServerUnavailable;
    scm.add(uso);
    Operations ops(scm, clock);
    const ActionResult r = ops.restart("UsoSvc", {});
    CHECK_FALSE(r.ok);
    CHECK(r.error == kRpcServerUnavailable);
    CHECK_THAT(r.text.message, Contains("did not answer"));
    CHECK_THAT(r.text.advice, Contains("reachable"));
    CHECK(scm.ourCalls().empty());
}

// wud::Operations on Win32ServiceManager against Wine's real SCM: every fault of the fixture service, Wine's
// own wuauserv, and the standard fix (UsoSvc, registered by prefix.sh as a fixture, then wuauserv).
#include "wine_helpers.hpp"

#include "wud/catalog.hpp"
#include "wud/operations.hpp"
#include "wud/win32/service_manager.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>

using namespace wud;
using namespace wud::test;

namespace {

constexpr std::uint32_t kWindows10Build = 19045;  // what prefix.sh makes the test prefix report

// A short overall timeout: hang tests must end within it plus a second. Healthy operations need far less.
OperationOptions withTimeout(std::chrono::milliseconds timeout) {
    OperationOptions options;
    options.timeout = timeout;
    return options;
}

/// Case-insensitive (ASCII) "text contains part": messages capitalise the name at a sentence start.
bool mentions(std::string_view text, std::string_view part) {
    const auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
    return std::search(text.begin(), text.end(), part.begin(), part.end(),
                       [&](char a, char b) { return lower(a) == lower(b); }) != text.end();
}

/// Operations on the real SCM with the real clock.
Operations liveOperations(ServiceManager& scm) {
    static SteadyClock clock;
    return Operations(scm, clock);
}

/// Starts the fixture service for a test that needs it running (its process is remembered for clean-up).
void startFixture(Operations& ops, TempFixtureService& fixture) {
    const ActionResult started = ops.start(fixture.name(), withTimeout(10s));
    REQUIRE(started.ok);
    fixture.remember(started.pidAfter);
}

/// A hung operation: it gave up within its time limit plus a second, and says which service is stuck in which state.
void checkGaveUpInTime(const ActionResult& r, std::chrono::nanoseconds took, std::chrono::milliseconds timeout,
                       ServiceState pending, std::string_view service) {
    INFO(r.text.message << " / " << r.text.advice);
    CHECK_FALSE(r.ok);
    CHECK((r.error == kErrStuck || r.error == kErrTimeout));
    CHECK(took < timeout + 1s);
    CHECK(r.stateAfter == pending);
    CHECK(mentions(r.text.message, service));
    CHECK(mentions(r.text.message, toPlain(pending)));  // "starting" / "stopping"
    CHECK_FALSE(r.text.advice.empty());
}

/// Brings a service to a known state for a test, and back to STOPPED + Manual at the end (prefix.sh's state),
/// so the tests that share the prefix's services never depend on each other's leftovers.
class ServiceRestorer {
public:
    explicit ServiceRestorer(std::string name) : name_(std::move(name)) {}
    ~ServiceRestorer() {
        Operations ops = liveOperations(scm_);
        (void)scm_.setStartType(name_, StartType::Manual);
        (void)ops.stop(name_, withTimeout(10s));
    }
    ServiceRestorer(const ServiceRestorer&) = delete;
    ServiceRestorer& operator=(const ServiceRestorer&) = delete;

private:
    std::string name_;
    Win32ServiceManager scm_;
};

/// Update Orchestrator and Windows Update on the real SCM, put back to STOPPED + Manual afterwards.
struct FixScene {
    const ServiceRestorer restoreUso{std::string(kUpdateOrchestrator)};
    const ServiceRestorer restoreWu{std::string(kWindowsUpdate)};
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);
};

/// Fix's results: Update Orchestrator, then Windows Update, each brought to RUNNING by `action`.
void checkFixed(const std::vector<ActionResult>& results, Action action) {
    REQUIRE(results.size() == 2);
    CHECK(results[0].service == kUpdateOrchestrator);
    CHECK(results[1].service == kWindowsUpdate);
    for (const ActionResult& r : results) {
        INFO(r.service << ": " << r.text.message);
        CHECK(r.ok);
        CHECK(r.action == action);
        CHECK(r.stateAfter == ServiceState::Running);
    }
}

}  // namespace

TEST_CASE("Integration: restart Wine's own wuauserv gives a new process", "[wine]") {
    const ServiceRestorer restore("wuauserv");
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);

    const ActionResult started = ops.start("wuauserv", withTimeout(15s));
    REQUIRE(started.ok);
    REQUIRE(started.stateAfter == ServiceState::Running);

    const ActionResult restarted = ops.restart("wuauserv", withTimeout(15s));
    INFO(restarted.text.message << " / " << restarted.text.advice);
    CHECK(restarted.ok);
    CHECK(restarted.error == 0);
    CHECK(restarted.stateBefore == ServiceState::Running);
    CHECK(restarted.stateAfter == ServiceState::Running);
    CHECK(restarted.pidBefore != 0);
    CHECK(restarted.pidAfter != 0);
    CHECK(restarted.pidAfter != restarted.pidBefore);
    CHECK(mentions(restarted.text.message, "Windows Update"));
    CHECK(scm.query("wuauserv").snapshot.pid == restarted.pidAfter);
}

TEST_CASE("Integration: a slow start with rising checkpoints succeeds", "[wine]") {
    // 2.5 s of START_PENDING with a 2 s wait hint: longer than the hint, but the checkpoint moves every 100 ms,
    // so by Microsoft's rule it is not stuck.
    TempFixtureService fixture("slow", "--start-delay 2500 --stop-delay 300");
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);

    std::vector<ServiceState> seen;
    OperationOptions options = withTimeout(10s);
    options.progress = [&](const Progress& p) { seen.push_back(p.state); };
    const ActionResult r = ops.start(fixture.name(), options);
    fixture.remember(r.pidAfter);
    INFO(r.text.message);
    CHECK(r.ok);
    CHECK(r.stateAfter == ServiceState::Running);
    CHECK(r.duration >= 2400ms);
    CHECK(r.duration < 2500ms + 1000ms);  // the wait itself adds little: polling, not sleeping seconds
    CHECK(std::find(seen.begin(), seen.end(), ServiceState::StartPending) != seen.end());

    const ActionResult stopped = ops.stop(fixture.name(), withTimeout(10s));
    CHECK(stopped.ok);
    CHECK(stopped.stateAfter == ServiceState::Stopped);
}

TEST_CASE("Integration: a hung start ends in time and names the service and its state", "[wine]") {
    TempFixtureService fixture("hangstart", "--hang-start --hang-limit 15000");
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);

    const auto timeout = 3s;
    const auto begin = SteadyTime::now();
    const ActionResult r = ops.start(fixture.name(), withTimeout(timeout));
    const auto took = SteadyTime::now() - begin;
    fixture.remember(scm.query(fixture.name()).snapshot.pid);
    checkGaveUpInTime(r, took, timeout, ServiceState::StartPending, fixture.name());
}

TEST_CASE("Integration: a hung stop ends in time and names the service and its state", "[wine]") {
    TempFixtureService fixture("hangstop", "--hang-stop --hang-limit 15000");
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);
    startFixture(ops, fixture);

    const auto timeout = 3s;
    const auto begin = SteadyTime::now();
    const ActionResult r = ops.stop(fixture.name(), withTimeout(timeout));
    checkGaveUpInTime(r, SteadyTime::now() - begin, timeout, ServiceState::StopPending, fixture.name());
    CHECK(fixture.hasEvent("stop-begin"));
    CHECK_FALSE(fixture.hasEvent("stopped"));
}

TEST_CASE("Integration: a failing start surfaces the service's exit code", "[wine]") {
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);

    SECTION("service-specific code (1066 + the service's own code)") {
        TempFixtureService fixture("failspecific", "--fail-start 42");
        const ActionResult r = ops.start(fixture.name(), withTimeout(10s));
        INFO(r.text.message);
        CHECK_FALSE(r.ok);
        CHECK(r.error == ERROR_SERVICE_SPECIFIC_ERROR);
        CHECK(r.stateAfter == ServiceState::Stopped);
        CHECK(mentions(r.text.message, fixture.name()));
        CHECK(mentions(r.text.message, "42"));
        const QueryResult q = scm.query(fixture.name());
        CHECK(q.snapshot.win32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR);
        CHECK(q.snapshot.serviceExitCode == 42);
        CHECK(fixture.hasEvent("start-failed 42"));
    }
    SECTION("Win32 code") {
        TempFixtureService fixture("failwin32", "--fail-start-win32 1064");  // ERROR_EXCEPTION_IN_SERVICE
        const ActionResult r = ops.start(fixture.name(), withTimeout(10s));
        INFO(r.text.message);
        CHECK_FALSE(r.ok);
        CHECK(r.error == ERROR_EXCEPTION_IN_SERVICE);
        CHECK(mentions(r.text.message, "1064"));  // no table row: the system message plus the number
        CHECK(scm.query(fixture.name()).snapshot.win32ExitCode == ERROR_EXCEPTION_IN_SERVICE);
    }
}

TEST_CASE("Integration: a crashed service can be started again", "[wine]") {
    TempFixtureService fixture("crash", "--crash-after 300");
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);

    const ActionResult first = ops.start(fixture.name(), withTimeout(10s));
    REQUIRE(first.ok);
    REQUIRE(first.pidAfter != 0);
    REQUIRE(fixture.waitForEvent("crash"));
    CHECK(processGone(first.pidAfter, 3000ms));

    // Windows shows the crash as STOPPED (1067). Wine's SCM does not notice a dead service process: it keeps
    // RUNNING and the dead PID, and only StartService looks at the process. Either way a start must bring the
    // service back in a new process.
    const ServiceSnapshot after = scm.query(fixture.name()).snapshot;
    CHECK((after.state == ServiceState::Stopped || after.pid == first.pidAfter));
    CHECK(scm.start(fixture.name()) == 0);
    const ActionResult again = ops.start(fixture.name(), withTimeout(10s));
    fixture.remember(again.pidAfter);
    CHECK(again.ok);
    CHECK(again.stateAfter == ServiceState::Running);
    CHECK(again.pidAfter != 0);
    CHECK(again.pidAfter != first.pidAfter);
}

TEST_CASE("Integration: a service that refuses STOP fails the stop with a plain message", "[wine]") {
    TempFixtureService fixture("refuseops", "--refuse-stop");
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);
    startFixture(ops, fixture);

    const ActionResult r = ops.stop(fixture.name(), withTimeout(5s));
    INFO(r.text.message);
    CHECK_FALSE(r.ok);
    CHECK(r.error == ERROR_INVALID_SERVICE_CONTROL);  // 1052
    CHECK(r.duration < 2s);                            // refused at once: nothing to wait for
    CHECK(r.stateAfter == ServiceState::Running);
    CHECK(mentions(r.text.message, fixture.name()));
    CHECK_FALSE(r.text.advice.empty());
}

TEST_CASE("Integration: stopping a service that is already stopping waits for it", "[wine]") {
    TempFixtureService fixture("alreadystopping", "--stop-delay 1500");
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);
    startFixture(ops, fixture);

    REQUIRE(scm.stop(fixture.name()) == 0);  // someone else's STOP
    REQUIRE(scm.query(fixture.name()).snapshot.state == ServiceState::StopPending);
    const ActionResult r = ops.stop(fixture.name(), withTimeout(10s));
    INFO(r.text.message);
    CHECK(r.ok);
    CHECK(r.stateBefore == ServiceState::StopPending);
    CHECK(r.stateAfter == ServiceState::Stopped);
    // One STOP reached the service: a second one would have been refused (1061), or force-kill it on Wine.
    const auto events = fixture.events();
    CHECK(std::count(events.begin(), events.end(), "stop-begin") == 1);
    CHECK(std::count(events.begin(), events.end(), "stopped") == 1);
}

TEST_CASE("Integration: a missing service is reported as not installed", "[wine]") {
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);
    const std::string name = uniqueName("notinstalled");

    const ActionResult r = ops.start(name, withTimeout(5s));
    CHECK_FALSE(r.ok);
    CHECK(r.error == kErrNotInstalled);
    CHECK(mentions(r.text.message, "not installed"));
    CHECK(ops.restart(name, withTimeout(5s)).error == kErrNotInstalled);
}

TEST_CASE("Integration: Disabled gives 1058 with the repair advice; repair makes start work", "[wine]") {
    // TrustedInstaller is a fixture registered by prefix.sh; Windows' default for it is Manual.
    const std::string name = "TrustedInstaller";
    const ServiceRestorer restore(name);
    Win32ServiceManager scm;
    Operations ops = liveOperations(scm);
    REQUIRE(ops.stop(name, withTimeout(10s)).ok);

    const StartTypeChange disabled = ops.setStartType(name, StartType::Disabled);
    REQUIRE(disabled.ok);
    CHECK(disabled.oldType == StartType::Manual);
    CHECK(disabled.newType == StartType::Disabled);

    const ActionResult refused = ops.start(name, withTimeout(5s));
    INFO(refused.text.message << " / " << refused.text.advice);
    CHECK_FALSE(refused.ok);
    CHECK(refused.error == ERROR_SERVICE_DISABLED);  // 1058
    CHECK(mentions(refused.text.message, "disabled"));
    CHECK(mentions(refused.text.advice, "Repair start type"));
    CHECK(scm.start(name) == ERROR_SERVICE_DISABLED);  // and the SCM agrees

    const StartTypeChange repaired = ops.repairStartType(name, kWindows10Build);
    INFO(repaired.text.message);
    REQUIRE(repaired.ok);
    CHECK(repaired.oldType == StartType::Disabled);  // what was there, so it can be logged and undone
    CHECK(repaired.newType == windowsDefault(*findInCatalog(name), kWindows10Build));
    CHECK(scm.query(name).snapshot.startType == StartType::Manual);

    const ActionResult started = ops.start(name, withTimeout(10s));
    CHECK(started.ok);
    CHECK(started.stateAfter == ServiceState::Running);

    // The undo: the old type comes back.
    const StartTypeChange undo = ops.setStartType(name, repaired.oldType);
    CHECK(undo.ok);
    CHECK(undo.oldType == StartType::Manual);
    CHECK(scm.query(name).snapshot.startType == StartType::Disabled);
}

TEST_CASE("Integration: fix restarts Update Orchestrator before Windows Update", "[wine]") {
    FixScene scene;
    Operations& ops = scene.ops;
    REQUIRE(ops.start(kUpdateOrchestrator, withTimeout(10s)).ok);
    REQUIRE(ops.start(kWindowsUpdate, withTimeout(10s)).ok);
    const long long since = epochMs();

    std::vector<Progress> progress;
    OperationOptions options = withTimeout(20s);
    options.progress = [&](const Progress& p) { progress.push_back(p); };
    const std::vector<ActionResult> results = ops.fix(options);

    checkFixed(results, Action::Restart);
    for (const ActionResult& r : results) CHECK(r.pidAfter != r.pidBefore);

    // Order: everything about UsoSvc happens before anything about wuauserv.
    const auto firstWu = std::find_if(progress.begin(), progress.end(),
                                      [](const Progress& p) { return p.service == kWindowsUpdate; });
    const auto lastUso = std::find_if(progress.rbegin(), progress.rend(),
                                      [](const Progress& p) { return p.service == kUpdateOrchestrator; });
    REQUIRE(firstWu != progress.end());
    REQUIRE(lastUso != progress.rend());
    CHECK(lastUso.base() <= firstWu);

    // And UsoSvc itself (a fixture) recorded a full stop and start.
    CHECK(eventsOf(readRecords(prefixRecordFile()), kUpdateOrchestrator, since) ==
          std::vector<std::string>{"stop-begin", "stopped", "start-begin", "running"});
}

TEST_CASE("Integration: fix starts services that are stopped", "[wine]") {
    FixScene scene;
    Operations& ops = scene.ops;
    REQUIRE(ops.stop(kUpdateOrchestrator, withTimeout(10s)).ok);
    REQUIRE(ops.stop(kWindowsUpdate, withTimeout(10s)).ok);

    const std::vector<ActionResult> results = ops.fix(withTimeout(20s));
    checkFixed(results, Action::Start);
    for (const ActionResult& r : results) CHECK(r.stateBefore == ServiceState::Stopped);
}

// Win32ServiceManager against Wine's real Service Control Manager: what it reads and what it asks for.
#include "wine_helpers.hpp"

#include "wud/win32/service_manager.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace wud;
using namespace wud::test;

namespace {

/// Every state the service goes through (and the highest checkpoint seen in each) until `until`.
struct Trace {
    std::vector<ServiceState> states;  // consecutive duplicates collapsed
    std::uint32_t maxStartCheckPoint = 0;
    std::uint32_t maxStopCheckPoint = 0;
    ServiceSnapshot last;
};

Trace traceUntil(ServiceManager& scm, const std::string& name, ServiceState until,
                 std::chrono::milliseconds timeout = 10s) {
    Trace trace;
    waitUntil(
        [&] {
            const QueryResult r = scm.query(name);
            trace.last = r.snapshot;
            if (trace.states.empty() || trace.states.back() != r.snapshot.state) trace.states.push_back(r.snapshot.state);
            if (r.snapshot.state == ServiceState::StartPending)
                trace.maxStartCheckPoint = std::max(trace.maxStartCheckPoint, r.snapshot.checkPoint);
            if (r.snapshot.state == ServiceState::StopPending)
                trace.maxStopCheckPoint = std::max(trace.maxStopCheckPoint, r.snapshot.checkPoint);
            return r.snapshot.state == until;
        },
        timeout);
    return trace;
}

bool contains(const std::vector<ServiceState>& states, ServiceState s) {
    return std::find(states.begin(), states.end(), s) != states.end();
}

/// Starts the fixture service and waits until it runs (its process is remembered for clean-up).
ServiceSnapshot startRunning(ServiceManager& scm, TempFixtureService& fixture) {
    REQUIRE(scm.start(fixture.name()) == 0);
    const ServiceSnapshot running = waitForState(scm, fixture.name(), ServiceState::Running);
    REQUIRE(running.state == ServiceState::Running);
    fixture.remember(running.pid);
    return running;
}

}  // namespace

TEST_CASE("Integration: query reads Wine's own wuauserv", "[wine]") {
    Win32ServiceManager scm;
    REQUIRE(scm.connect() == 0);

    const QueryResult r = scm.query("wuauserv");
    REQUIRE(r.error == 0);
    const ServiceSnapshot& s = r.snapshot;
    CHECK(s.installed);
    CHECK(s.name == "wuauserv");
    CHECK_FALSE(s.displayName.empty());
    CHECK((s.state == ServiceState::Stopped || s.state == ServiceState::Running));
    // prefix.sh sets it to demand start. Wine cannot say whether it has triggers (level 124): plain Manual.
    CHECK(s.startType == StartType::Manual);
    CHECK_FALSE(s.launchProtectedKnown);  // Wine: no SERVICE_CONFIG_LAUNCH_PROTECTED either
    CHECK(s.sharedWith == 0);

    // Key names are case-insensitive, as on Windows.
    const QueryResult upper = scm.query("WUAUSERV");
    CHECK(upper.error == 0);
    CHECK(upper.snapshot.installed);
}

TEST_CASE("Integration: sharedWith counts the other services in a running service's process", "[wine]") {
    // Wine registers wuauserv as SERVICE_WIN32_SHARE_PROCESS but runs it in a process of its own: the count is
    // taken (EnumServicesStatusEx) and is 0. Sharing itself is covered with the fake.
    Win32ServiceManager scm;
    const bool wasRunning = scm.query("wuauserv").snapshot.state == ServiceState::Running;
    if (!wasRunning) REQUIRE(scm.start("wuauserv") == 0);
    const ServiceSnapshot running = waitForState(scm, "wuauserv", ServiceState::Running);
    REQUIRE(running.state == ServiceState::Running);
    CHECK(running.pid != 0);
    CHECK(running.sharedWith == 0);
    CHECK(scm.query("wuauserv").snapshot.sharedWith == 0);  // from the census taken a moment ago
    if (!wasRunning) {
        CHECK(scm.stop("wuauserv") == 0);
        CHECK(waitForState(scm, "wuauserv", ServiceState::Stopped).state == ServiceState::Stopped);
    }
}

TEST_CASE("Integration: a missing service is 'not installed', not an error", "[wine]") {
    Win32ServiceManager scm;
    const std::string name = uniqueName("missing");

    const QueryResult r = scm.query(name);
    CHECK(r.error == 0);
    CHECK_FALSE(r.snapshot.installed);
    CHECK(r.snapshot.name == name);
    CHECK(r.snapshot.displayName.empty());

    // Acting on it is an error, and the SCM's own code says why.
    CHECK(scm.start(name) == ERROR_SERVICE_DOES_NOT_EXIST);
    CHECK(scm.stop(name) == ERROR_SERVICE_DOES_NOT_EXIST);
    CHECK(scm.setStartType(name, StartType::Manual) == ERROR_SERVICE_DOES_NOT_EXIST);
    CHECK(scm.activeDependents(name).error == ERROR_SERVICE_DOES_NOT_EXIST);
}

TEST_CASE("Integration: start and stop a fixture service, seeing each state", "[wine]") {
    TempFixtureService fixture("states", "--start-delay 700 --stop-delay 700");
    Win32ServiceManager scm;

    const QueryResult before = scm.query(fixture.name());
    REQUIRE(before.error == 0);
    CHECK(before.snapshot.installed);
    CHECK(before.snapshot.state == ServiceState::Stopped);
    CHECK(before.snapshot.displayName == fixture.name());
    CHECK(before.snapshot.startType == StartType::Manual);
    CHECK(scm.stop(fixture.name()) == ERROR_SERVICE_NOT_ACTIVE);  // 1062: nothing to stop yet

    REQUIRE(scm.start(fixture.name()) == 0);
    const Trace up = traceUntil(scm, fixture.name(), ServiceState::Running);
    fixture.remember(up.last.pid);
    CHECK(contains(up.states, ServiceState::StartPending));
    CHECK(up.maxStartCheckPoint > 1);  // the checkpoint rose while it started: progress, not a hang
    REQUIRE(up.last.state == ServiceState::Running);
    CHECK(up.last.pid != 0);
    CHECK(up.last.accepts.stop);
    CHECK(up.last.win32ExitCode == 0);
    CHECK(scm.start(fixture.name()) == ERROR_SERVICE_ALREADY_RUNNING);  // 1056

    REQUIRE(scm.stop(fixture.name()) == 0);
    const Trace down = traceUntil(scm, fixture.name(), ServiceState::Stopped);
    CHECK(contains(down.states, ServiceState::StopPending));
    CHECK(down.maxStopCheckPoint > 1);
    REQUIRE(down.last.state == ServiceState::Stopped);
    CHECK(down.last.pid == 0);
    CHECK_FALSE(down.last.accepts.stop);

    CHECK(fixture.events() == std::vector<std::string>{"start-begin", "running", "stop-begin", "stopped"});
}

TEST_CASE("Integration: a second STOP while the service is stopping gets 1061", "[wine]") {
    TempFixtureService fixture("stopping", "--stop-delay 1500");
    Win32ServiceManager scm;
    const ServiceSnapshot running = startRunning(scm, fixture);

    REQUIRE(scm.stop(fixture.name()) == 0);
    CHECK(scm.query(fixture.name()).snapshot.state == ServiceState::StopPending);
    CHECK(scm.stop(fixture.name()) == ERROR_SERVICE_CANNOT_ACCEPT_CTRL);  // 1061
    CHECK(waitForState(scm, fixture.name(), ServiceState::Stopped).state == ServiceState::Stopped);
}

TEST_CASE("Integration: a service that does not accept STOP answers 1052", "[wine]") {
    TempFixtureService fixture("refuse", "--refuse-stop");
    Win32ServiceManager scm;
    const ServiceSnapshot running = startRunning(scm, fixture);
    CHECK_FALSE(running.accepts.stop);
    CHECK(running.accepts.shutdown);

    CHECK(scm.stop(fixture.name()) == ERROR_INVALID_SERVICE_CONTROL);  // 1052
    // Wine: asking again does not force-kill a service that never accepted STOP.
    CHECK(scm.stop(fixture.name()) == ERROR_INVALID_SERVICE_CONTROL);
    CHECK(scm.query(fixture.name()).snapshot.state == ServiceState::Running);
}

TEST_CASE("Integration: setStartType changes the start type and it reads back", "[wine]") {
    TempFixtureService fixture("starttype");
    Win32ServiceManager scm;
    const auto startTypeNow = [&] { return scm.query(fixture.name()).snapshot.startType; };

    REQUIRE(scm.setStartType(fixture.name(), StartType::Disabled) == 0);
    CHECK(startTypeNow() == StartType::Disabled);
    CHECK(scm.start(fixture.name()) == ERROR_SERVICE_DISABLED);  // 1058

    REQUIRE(scm.setStartType(fixture.name(), StartType::Automatic) == 0);
    CHECK(startTypeNow() == StartType::Automatic);

    // Wine has no delayed auto-start (level 124 both ways): the nearest it can be is plain Automatic, and that
    // is what it reads back as. On Windows this reads back as AutomaticDelayed.
    REQUIRE(scm.setStartType(fixture.name(), StartType::AutomaticDelayed) == 0);
    CHECK(startTypeNow() == StartType::Automatic);

    // Triggers cannot be created from a start type: ManualTrigger sets Manual (keeping triggers a service has).
    REQUIRE(scm.setStartType(fixture.name(), StartType::ManualTrigger) == 0);
    CHECK(startTypeNow() == StartType::Manual);

    CHECK(scm.setStartType(fixture.name(), StartType::Unknown) == ERROR_INVALID_PARAMETER);
    CHECK(startTypeNow() == StartType::Manual);
}

TEST_CASE("Integration: UniqueScHandle owns, moves and releases SC handles", "[wine]") {
    UniqueScHandle scm(::OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    REQUIRE(scm);
    const SC_HANDLE raw = scm.get();

    UniqueScHandle moved(std::move(scm));
    CHECK_FALSE(scm);  // NOLINT(bugprone-use-after-move): the moved-from state is what we test
    CHECK(moved.get() == raw);

    UniqueScHandle assigned;
    assigned = std::move(moved);
    CHECK(assigned.get() == raw);

    const SC_HANDLE released = assigned.release();
    CHECK_FALSE(assigned);
    CHECK(released == raw);
    CHECK(::CloseServiceHandle(released));  // still open: release() did not close it

    UniqueScHandle reopened(::OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
    reopened.reset();
    CHECK_FALSE(reopened);
}

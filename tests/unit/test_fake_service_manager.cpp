// The fake must behave like the real SCM where the operations depend on it; these tests pin that down, so a
// passing operations test means something about Windows.
#include "wud/fake_service_manager.hpp"

#include <catch2/catch.hpp>

using namespace wud;
using namespace std::chrono_literals;

namespace {

struct Fake {
    VirtualClock clock;
    FakeServiceManager scm{clock};
    ServiceSnapshot look(std::string_view name) { return scm.query(name).snapshot; }
};

}  // namespace

TEST_CASE("Fake SCM: a missing service is reported as not installed, and calls on it fail with 1060", "[fake]") {
    // Windows: OpenService fails with ERROR_SERVICE_DOES_NOT_EXIST.
    Fake f;
    const QueryResult result = f.scm.query("UsoSvc");
    CHECK(result.error == 0);
    CHECK_FALSE(result.snapshot.installed);
    CHECK(f.scm.start("UsoSvc") == 1060);
    CHECK(f.scm.stop("UsoSvc") == 1060);
    CHECK(f.scm.setStartType("UsoSvc", StartType::Manual) == 1060);
}

TEST_CASE("Fake SCM: a slow start stays START_PENDING with a rising checkpoint, then runs in a new process", "[fake]") {
    // Windows: a well-behaved ServiceMain reports START_PENDING with dwCheckPoint increasing until RUNNING.
    Fake f;
    f.scm.add("wuauserv", ServiceState::Stopped).startDelay = 1000ms;
    REQUIRE(f.scm.start("WUAUSERV") == 0);  // names are case-insensitive
    const ServiceSnapshot first = f.look("wuauserv");
    CHECK(first.state == ServiceState::StartPending);
    CHECK(first.pid != 0);
    f.clock.advance(500ms);
    const ServiceSnapshot later = f.look("wuauserv");
    CHECK(later.state == ServiceState::StartPending);
    CHECK(later.checkPoint > first.checkPoint);
    CHECK(later.waitHintMs == 2000);
    f.clock.advance(500ms);
    const ServiceSnapshot running = f.look("wuauserv");
    CHECK(running.state == ServiceState::Running);
    CHECK(running.checkPoint == 0);
    CHECK(running.accepts.stop);
    CHECK(f.scm.calls() == std::vector<std::string>{"start wuauserv"});
}

TEST_CASE("Fake SCM: start and stop answer like the SCM for the wrong state", "[fake]") {
    // Windows: StartService 1056 when running; ControlService STOP 1062 when stopped, 1061 while pending.
    Fake f;
    f.scm.add("wuauserv", ServiceState::Running).stopDelay = 300ms;
    CHECK(f.scm.start("wuauserv") == 1056);
    CHECK(f.scm.stop("wuauserv") == 0);
    CHECK(f.look("wuauserv").state == ServiceState::StopPending);
    CHECK(f.scm.stop("wuauserv") == 1061);
    f.clock.advance(300ms);
    const ServiceSnapshot stopped = f.look("wuauserv");
    CHECK(stopped.state == ServiceState::Stopped);
    CHECK(stopped.pid == 0);
    CHECK(stopped.win32ExitCode == 0);
    CHECK(f.scm.stop("wuauserv") == 1062);
}

TEST_CASE("Fake SCM: a disabled service does not start (1058)", "[fake]") {
    Fake f;
    f.scm.add("wuauserv", ServiceState::Stopped, StartType::Disabled);
    CHECK(f.scm.start("wuauserv") == 1058);
    CHECK(f.look("wuauserv").state == ServiceState::Stopped);
}

TEST_CASE("Fake SCM: a protected service refuses stop and config with 5 but can be queried", "[fake]") {
    // Windows: WaaSMedicSvc is launch-protected; even an administrator gets access denied.
    Fake f;
    f.scm.add("WaaSMedicSvc", ServiceState::Running).isProtected = true;
    CHECK(f.scm.stop("WaaSMedicSvc") == 5);
    CHECK(f.scm.setStartType("WaaSMedicSvc", StartType::Disabled) == 5);
    const ServiceSnapshot snap = f.look("WaaSMedicSvc");
    CHECK(snap.state == ServiceState::Running);
    CHECK(snap.launchProtected);
    CHECK(snap.startType == StartType::Manual);
}

TEST_CASE("Fake SCM: dependencies start first, and a needed service cannot stop under its dependents", "[fake]") {
    // Windows: StartService starts lpDependencies first; STOP on a service with active dependents gives 1051;
    // EnumDependentServices lists all active dependents, the most recently started first.
    Fake f;
    f.scm.add("RpcSs", ServiceState::Stopped);
    f.scm.add("Base", ServiceState::Stopped).dependsOn = {"RpcSs"};
    f.scm.add("Mid", ServiceState::Stopped).dependsOn = {"Base"};
    f.scm.add("Top", ServiceState::Stopped).dependsOn = {"Mid", "Base"};
    f.scm.add("Idle", ServiceState::Stopped).dependsOn = {"Base"};

    REQUIRE(f.scm.start("Top") == 0);
    CHECK(f.scm.calls() ==
          std::vector<std::string>{"start Top", "dependency start RpcSs", "dependency start Base", "dependency start Mid"});
    f.clock.advance(10ms);
    CHECK(f.look("Base").state == ServiceState::Running);
    CHECK(f.scm.stop("Base") == 1051);

    const DependentsResult dependents = f.scm.activeDependents("Base");
    CHECK(dependents.error == 0);
    CHECK(dependents.names == std::vector<std::string>{"Top", "Mid"});  // Idle is stopped: not listed
    CHECK(f.scm.activeDependents("RpcSs").names == std::vector<std::string>{"Top", "Mid", "Base"});
}

TEST_CASE("Fake SCM: a dependency that cannot start fails the start with 1068", "[fake]") {
    Fake f;
    f.scm.add("Base", ServiceState::Stopped, StartType::Disabled);
    f.scm.add("Top", ServiceState::Stopped).dependsOn = {"Base"};
    f.scm.add("Orphan", ServiceState::Stopped).dependsOn = {"Gone"};
    CHECK(f.scm.start("Top") == 1068);
    CHECK(f.look("Top").state == ServiceState::Stopped);
    CHECK(f.scm.start("Orphan") == 1075);
}

TEST_CASE("Fake SCM: a hung start or stop never moves its checkpoint", "[fake]") {
    // Windows: a hung ServiceMain / stop handler keeps reporting the same dwCheckPoint.
    Fake f;
    f.scm.add("A", ServiceState::Stopped).hangOnStart = true;
    f.scm.add("B", ServiceState::Running).hangOnStop = true;
    REQUIRE(f.scm.start("A") == 0);
    REQUIRE(f.scm.stop("B") == 0);
    const auto a0 = f.look("A").checkPoint;
    const auto b0 = f.look("B").checkPoint;
    f.clock.advance(10min);
    CHECK(f.look("A").state == ServiceState::StartPending);
    CHECK(f.look("A").checkPoint == a0);
    CHECK(f.look("B").state == ServiceState::StopPending);
    CHECK(f.look("B").checkPoint == b0);
}

TEST_CASE("Fake SCM: failed starts and crashes leave their exit codes", "[fake]") {
    // Windows: dwWin32ExitCode 1066 + dwServiceSpecificExitCode for a service's own error; 1067 for a crash.
    Fake f;
    FakeService& failing = f.scm.add("A", ServiceState::Stopped);
    failing.startDelay = 200ms;
    failing.failStartWith = 1066;
    failing.failStartServiceCode = 42;
    f.scm.add("B", ServiceState::Stopped).crashAfter = 1s;
    CHECK(f.look("A").win32ExitCode == 1077);  // never started
    REQUIRE(f.scm.start("A") == 0);
    REQUIRE(f.scm.start("B") == 0);
    f.clock.advance(200ms);
    CHECK(f.look("A").state == ServiceState::Stopped);
    CHECK(f.look("A").win32ExitCode == 1066);
    CHECK(f.look("A").serviceExitCode == 42);
    CHECK(f.look("B").state == ServiceState::Running);
    f.clock.advance(1s);
    CHECK(f.look("B").state == ServiceState::Stopped);
    CHECK(f.look("B").win32ExitCode == 1067);
}

TEST_CASE("Fake SCM: a service that refuses STOP says 1052 and does not accept stop", "[fake]") {
    Fake f;
    f.scm.add("A", ServiceState::Running).refuseStop = true;
    CHECK_FALSE(f.look("A").accepts.stop);
    CHECK(f.scm.stop("A") == 1052);
    CHECK(f.look("A").state == ServiceState::Running);
}

TEST_CASE("Fake SCM: a service restarted behind our back comes back in a new process", "[fake]") {
    // Windows: UsoSvc (or a scheduled task) starts wuauserv again right after it stopped.
    Fake f;
    FakeService& wu = f.scm.add("wuauserv", ServiceState::Running);
    wu.stopDelay = 100ms;
    wu.restartedBehindAfter = 50ms;
    const auto pid = f.look("wuauserv").pid;
    REQUIRE(f.scm.stop("wuauserv") == 0);
    f.clock.advance(120ms);
    CHECK(f.look("wuauserv").state == ServiceState::Stopped);
    f.clock.advance(40ms);
    const ServiceSnapshot back = f.look("wuauserv");
    CHECK(back.state == ServiceState::Running);
    CHECK(back.pid != pid);
    CHECK(f.scm.calls() == std::vector<std::string>{"stop wuauserv", "external start wuauserv"});
    CHECK(f.scm.ourCalls() == std::vector<std::string>{"stop wuauserv"});
}

TEST_CASE("Fake SCM: injected errors come back from the matching call only", "[fake]") {
    // Windows: access is checked per right at OpenService; a standard user may query and start but not stop.
    Fake f;
    FakeService& wu = f.scm.add("wuauserv", ServiceState::Running);
    wu.stopError = 5;
    CHECK(f.scm.stop("wuauserv") == 5);
    CHECK(f.scm.query("wuauserv").error == 0);
    wu.queryError = 1055;
    CHECK(f.scm.query("wuauserv").error == 1055);
    wu.dependentsError = 5;
    CHECK(f.scm.activeDependents("wuauserv").error == 5);
}

TEST_CASE("Fake SCM: start-type changes are kept and logged", "[fake]") {
    Fake f;
    f.scm.add("wuauserv", ServiceState::Stopped, StartType::Disabled);
    CHECK(f.scm.setStartType("wuauserv", StartType::ManualTrigger) == 0);
    CHECK(f.look("wuauserv").startType == StartType::ManualTrigger);
    CHECK(f.scm.setStartType("wuauserv", StartType::Unknown) == 87);
    CHECK(f.scm.calls() == std::vector<std::string>{"config wuauserv manual_trigger", "config wuauserv unknown"});
}

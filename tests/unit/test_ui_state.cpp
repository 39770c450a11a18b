// What the window says, decided without threads or ImGui (app/gui/ui_state.cpp): the verdict at the top, a card's
// "Last exit" line, an operation's title and its step lines. Host-tested; the window draws exactly these strings.
#include <catch2/catch.hpp>

#include "ui/state.hpp"

#include "wud/error_text.hpp"

using namespace wud;
using namespace wud::ui;

namespace {

ServiceRow row(std::string_view name, ServiceState state, StartType type = StartType::Manual) {
    return {.entry = findInCatalog(name),
            .snapshot = {.name = std::string(name), .installed = true, .state = state, .startType = type}};
}

StatusSet both(ServiceState wu, ServiceState uso, StartType wuType = StartType::Manual) {
    StatusSet set;
    set.rows.push_back(row(kUpdateOrchestrator, uso, StartType::AutomaticDelayed));
    set.rows.push_back(row(kWindowsUpdate, wu, wuType));
    return set;
}

constexpr std::uint32_t kWin10 = 19045;

}  // namespace

TEST_CASE("Window verdict: healthy, stopped, disabled, busy", "[ui][verdict]") {
    const OperationView idle;
    CHECK(verdictFor(StatusSet{}, idle, kWin10).level == Verdict::Level::Checking);

    const Verdict healthy = verdictFor(both(ServiceState::Running, ServiceState::Running), idle, kWin10);
    CHECK(healthy.level == Verdict::Level::Good);
    CHECK(healthy.headline == "Windows Update services look healthy");

    const Verdict wuStopped = verdictFor(both(ServiceState::Stopped, ServiceState::Running), idle, kWin10);
    CHECK(wuStopped.level == Verdict::Level::Attention);
    CHECK(wuStopped.headline == "Windows Update is stopped — press Start");

    const Verdict bothStopped = verdictFor(both(ServiceState::Stopped, ServiceState::Stopped), idle, kWin10);
    CHECK_THAT(bothStopped.headline, Catch::Contains("press Fix Windows Update"));

    // Disabled: a problem, and the detail names the button by its label ("Set to Manual" on Windows 10).
    const Verdict disabled =
        verdictFor(both(ServiceState::Stopped, ServiceState::Running, StartType::Disabled), idle, kWin10);
    CHECK(disabled.level == Verdict::Level::Problem);
    CHECK(disabled.headline == "Windows Update is disabled");
    CHECK_THAT(disabled.detail, Catch::Contains("Press \"Set to Manual"));

    OperationView running;
    running.phase = OperationView::Phase::WaitingForAdmin;
    running.title = "Restarting Windows Update";
    const Verdict busy = verdictFor(both(ServiceState::Running, ServiceState::Running), running, kWin10);
    CHECK(busy.level == Verdict::Level::Busy);
    CHECK(busy.headline == "Restarting Windows Update…");
    CHECK_THAT(busy.detail, Catch::Contains("Choose Yes"));
}

TEST_CASE("Window verdict: a service the SCM would not read, and one not installed", "[ui][verdict]") {
    StatusSet set = both(ServiceState::Running, ServiceState::Running);
    set.rows[1].queryError = kAccessDenied;
    CHECK(verdictFor(set, {}, kWin10).headline == "WU Doctor cannot read the state of Windows Update");
    set.rows[1].queryError = 0;
    set.rows[1].snapshot.installed = false;
    CHECK(verdictFor(set, {}, kWin10).headline == "Windows Update is not installed on this computer");
}

TEST_CASE("Card: Last exit in words", "[ui][card]") {
    ServiceSnapshot s;
    s.name = "wuauserv";
    CHECK(exitCodeInWords(s) == "-");  // not installed
    s.installed = true;
    s.state = ServiceState::Stopped;
    CHECK(exitCodeInWords(s) == "ended normally");
    s.state = ServiceState::Running;
    CHECK(exitCodeInWords(s) == "none");
    s.win32ExitCode = kNeverStarted;
    CHECK(exitCodeInWords(s) == "not run since Windows started");
    s.win32ExitCode = kServiceSpecific;
    s.serviceExitCode = 42;
    CHECK(exitCodeInWords(s) == "the service's own error 42");
    s.win32ExitCode = kProcessAborted;  // the host has no system message table: the error table's words, no final dot
    const std::string words = exitCodeInWords(s);
    CHECK_THAT(words, Catch::EndsWith("(1067)"));
    CHECK_THAT(words, !Catch::Contains(".("));
}

TEST_CASE("Operation titles while running and once done", "[ui][operation]") {
    CHECK(titleFor(Request::Restart, kWindowsUpdate, {}, false) == "Restarting Windows Update");
    CHECK(titleFor(Request::Restart, kWindowsUpdate, {}, false, false) == "Restart Windows Update");
    CHECK(titleFor(Request::Fix, {}, {}, false) == "Fixing Windows Update");
    CHECK(titleFor(Request::SetStartType, "DoSvc", StartType::Manual, false) == "Setting Delivery Optimization to Manual");
    CHECK(titleFor(Request::SetStartType, "DoSvc", StartType::Disabled, true, false) ==
          "Put Delivery Optimization back to Disabled");
}

TEST_CASE("Operation steps: progress becomes one line per step", "[ui][operation]") {
    using S = StepLine::Status;
    std::vector<StepLine> steps;
    applyProgress(steps, {Progress::Step::Stopping, "UsoSvc", ServiceState::StopPending, "Stopping Update Orchestrator…"});
    applyProgress(steps, {Progress::Step::Waiting, "UsoSvc", ServiceState::StopPending, "Stopping Update Orchestrator…"});
    applyProgress(steps, {Progress::Step::Waiting, "UsoSvc", ServiceState::StopPending, "still waiting"});
    REQUIRE(steps.size() == 1);  // waiting repeats nothing
    CHECK(steps[0].status == S::Active);
    applyProgress(steps, {Progress::Step::Starting, "UsoSvc", ServiceState::StartPending, "Starting Update Orchestrator…"});
    REQUIRE(steps.size() == 2);
    CHECK(steps[0].status == S::Done);
    CHECK(steps[1].status == S::Active);
    applyProgress(steps, {Progress::Step::Failed, "UsoSvc", ServiceState::Stopped, ""});
    CHECK(steps[1].status == S::Failed);
    applyProgress(steps, {Progress::Step::Skipped, "DoSvc", ServiceState::Stopped, ""});
    REQUIRE(steps.size() == 3);
    CHECK(steps[2].status == S::Skipped);
    CHECK(steps[2].text == "Delivery Optimization: skipped");
}

namespace {

Finding finding(std::string id, Severity severity, std::string title, bool repairable = true) {
    Finding f;
    f.id = std::move(id);
    f.severity = severity;
    f.title = std::move(title);
    f.nextStep = "Do the thing.";
    if (repairable) f.repair.push_back(RegistryChange{std::string(kWuPolicyKey), "DisableWindowsUpdateAccess", std::nullopt});
    return f;
}

ChecksView checked(std::vector<Finding> findings = {}) {
    ChecksView view;
    view.ran = true;
    view.findings = std::move(findings);
    return view;
}

Finding restartPending() { return finding(std::string(kRestartPendingId), Severity::Warning, "A restart is pending: restart first", false); }

}  // namespace

TEST_CASE("Window verdict from findings: never healthy while a Problem finding stands", "[ui][verdict][checks]") {
    const StatusSet running = both(ServiceState::Running, ServiceState::Running, StartType::ManualTrigger);
    REQUIRE(verdictFor(running, {}, kWin10, checked()).level == Verdict::Level::Good);

    const Verdict one = verdictFor(running, {}, kWin10,
                                   checked({finding("policy.disable-access", Severity::Problem,
                                                    "A policy turns off access to all Windows Update features")}));
    CHECK(one.level == Verdict::Level::Problem);
    CHECK(one.headline == "A policy turns off access to all Windows Update features");
    CHECK_THAT(one.detail, Catch::Contains("Repair"));

    const Verdict two = verdictFor(running, {}, kWin10,
                                   checked({finding("policy.disable-access", Severity::Problem, "A"),
                                            finding("hosts", Severity::Problem, "B", false)}));
    CHECK(two.level == Verdict::Level::Problem);
    CHECK(two.headline == "2 problems block Windows Update");

    // A problem with no automatic repair points at its next step, not at a button that is not there.
    const Verdict advice = verdictFor(running, {}, kWin10, checked({finding("hosts", Severity::Problem, "B", false)}));
    CHECK_THAT(advice.detail, Catch::Contains("Do the thing."));

    // Before the first run of the checks the states alone decide, as before.
    ChecksView notYet = checked({finding("policy.disable-access", Severity::Problem, "A")});
    notYet.ran = false;
    CHECK(verdictFor(running, {}, kWin10, notYet).level == Verdict::Level::Good);
}

TEST_CASE("Window verdict from findings: restart first, warnings, information", "[ui][verdict][checks]") {
    const StatusSet running = both(ServiceState::Running, ServiceState::Running, StartType::ManualTrigger);
    const Verdict restart = verdictFor(running, {}, kWin10, checked({restartPending()}));
    CHECK(restart.level == Verdict::Level::Attention);
    CHECK(restart.headline == "Restart first: a restart is pending");

    // A problem outranks the pending restart, and the detail still says to restart first.
    const Verdict problemToo = verdictFor(running, {}, kWin10,
                                          checked({finding("policy.disable-access", Severity::Problem, "A"), restartPending()}));
    CHECK(problemToo.level == Verdict::Level::Problem);
    CHECK_THAT(problemToo.detail, Catch::Contains("restart Windows first"));

    const Verdict warning = verdictFor(running, {}, kWin10,
                                       checked({finding("policy.no-auto-update", Severity::Warning,
                                                        "A policy turns off automatic updates")}));
    CHECK(warning.level == Verdict::Level::Attention);
    CHECK(warning.headline == "A policy turns off automatic updates");

    // Information (a WSUS server of the organisation) is no alarm.
    const Verdict info = verdictFor(running, {}, kWin10,
                                    checked({finding("policy.managed", Severity::Info, "Managed", false)}));
    CHECK(info.level == Verdict::Level::Good);
    CHECK(info.headline == "Windows Update services look healthy");
}

TEST_CASE("Window verdict: a stopped trigger-start Windows Update is idle, not broken", "[ui][verdict][checks]") {
    // Windows 10/11 leave wuauserv stopped until they check for updates (Manual, trigger start).
    const StatusSet idle = both(ServiceState::Stopped, ServiceState::Running, StartType::ManualTrigger);
    const Verdict v = verdictFor(idle, {}, kWin10, checked());
    CHECK(v.level == Verdict::Level::Good);
    CHECK(v.headline == "Windows Update is idle — nothing is wrong");
    CHECK_THAT(v.detail, Catch::Contains("press Fix Windows Update"));  // Fix stays one click away

    // Without the checks' word that nothing is wrong, the old, cautious answer stays.
    CHECK(verdictFor(idle, {}, kWin10).headline == "Windows Update is stopped — press Start");
    // Idle is no excuse for a problem the checks found.
    CHECK(verdictFor(idle, {}, kWin10, checked({finding("policy.disable-access", Severity::Problem, "A")})).level ==
          Verdict::Level::Problem);
    // A stopped Update Orchestrator is not idle: Windows starts it at boot (Automatic (delayed)).
    const Verdict uso = verdictFor(both(ServiceState::Running, ServiceState::Stopped, StartType::ManualTrigger), {},
                                   kWin10, checked());
    CHECK(uso.level == Verdict::Level::Attention);
    CHECK(uso.headline == "Update Orchestrator is stopped — press Start");
    // Set to Automatic by someone and stopped: not how Windows leaves it, so not idle either.
    CHECK_FALSE(idleByDesign(both(ServiceState::Stopped, ServiceState::Running, StartType::Automatic).rows[1], kWin10));
}

TEST_CASE("Restart first: Restart and Fix ask before they stop services while a restart is pending", "[ui][checks]") {
    const ChecksView pending = checked({restartPending()});
    CHECK_THAT(restartFirstQuestion(Request::Restart, pending), Catch::Contains("Restart Windows first"));
    CHECK_THAT(restartFirstQuestion(Request::Fix, pending), Catch::Contains("Run it anyway?"));
    CHECK(restartFirstQuestion(Request::Start, pending).empty());  // starting stops nothing
    CHECK(restartFirstQuestion(Request::Repair, pending).empty());
    CHECK(restartFirstQuestion(Request::Fix, checked()).empty());
    CHECK(restartFirstQuestion(Request::Fix, checked({finding("policy.no-auto-update", Severity::Warning, "W")})).empty());
}

// ---- repair-system and check for updates: the meter, the result lines, Windows Update's answer in the verdict

TEST_CASE("State: a repair's progress moves the meter; a new step starts without a figure; SFC cannot be cancelled",
          "[ui][repair-system]") {
    const auto report = [](RepairPhase phase, RepairStep step, std::optional<int> percent, std::string note = {}) {
        return RepairProgress{phase, step, percent, std::string(stepText(step)), std::move(note)};
    };
    Meter meter;
    applyRepairProgress(meter, report(RepairPhase::Dism, RepairStep::Scanning, 100));
    CHECK(meter.percent == 100);
    CHECK(meter.cancellable);
    applyRepairProgress(meter, report(RepairPhase::Dism, RepairStep::Restoring, std::nullopt));
    CHECK_FALSE(meter.percent.has_value());  // not the scan's 100 %
    CHECK(meter.step == std::string(stepText(RepairStep::Restoring)));
    applyRepairProgress(meter, report(RepairPhase::Dism, RepairStep::Starting, 5, "Cancelling: ..."));
    CHECK(meter.step == std::string(stepText(RepairStep::Restoring)));  // a note is no step
    applyRepairProgress(meter, report(RepairPhase::Sfc, RepairStep::CheckingFiles, 30));
    CHECK(meter.percent == 30);
    CHECK_FALSE(meter.cancellable);
}

TEST_CASE("State: a running meter's clock moves to the minute, and a figure held for two minutes is said to be still "
          "working", "[ui][repair-system]") {
    using std::chrono::minutes;
    using std::chrono::seconds;
    Meter meter;
    MeterHold hold;
    meter.step = "Repairing Windows' component store (DISM)";
    meter.percent = 62;
    advanceMeterClock(meter, hold, Millis{seconds(59)});
    CHECK(meterClockText(meter.elapsed) == "less than a minute");
    advanceMeterClock(meter, hold, Millis{seconds(61)});
    CHECK(meterClockText(meter.elapsed) == "1 minute");
    const Meter shown = meter;
    advanceMeterClock(meter, hold, Millis{seconds(60 + 59)});  // the same minute, the same figure: nothing to draw
    CHECK(meter == shown);
    CHECK_FALSE(meter.holding);

    advanceMeterClock(meter, hold, Millis{seconds(178)});  // 62 % since 0:59: not two minutes yet
    CHECK_FALSE(meter.holding);
    advanceMeterClock(meter, hold, Millis{minutes(3)});
    CHECK(meter.holding);
    CHECK(meterClockText(meter.elapsed) == "3 minutes");

    meter.percent = 63;  // the figure moves: not holding, and the next hold counts from here
    advanceMeterClock(meter, hold, Millis{minutes(4)});
    CHECK_FALSE(meter.holding);
    advanceMeterClock(meter, hold, Millis{minutes(6)});
    CHECK(meter.holding);
    meter.step = "Checking system files (SFC)";  // a new step is no hold either
    meter.percent.reset();
    advanceMeterClock(meter, hold, Millis{minutes(30)});
    CHECK_FALSE(meter.holding);  // no figure yet: nothing holds

    CHECK(meterClockText(Millis{minutes(65)}) == "1 h 05 min");
    CHECK(meterClockText(Millis{minutes(130)}) == "2 h 10 min");
}

TEST_CASE("State: a repair's result lines name each file and what happened to it; a refusal has none",
          "[ui][repair-system]") {
    SystemRepairResult r;
    r.verdict = SystemRepairVerdict::NotRepaired;
    r.dism.outcome = DismOutcome::Healthy;
    r.sfc.outcome = SfcOutcome::NotRepaired;
    r.sfc.files = {{"a.dll", "C:\\Windows\\System32\\a.dll", "", SfcFileResult::Repaired},
                   {"b.dll", "", "Comp-B", SfcFileResult::NotRepaired}};
    r.dism.text = describe(r.dism, false);
    r.sfc.text = describe(r.sfc, true);
    const auto lines = systemRepairLines(r);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "Component store (DISM): DISM found no damage in Windows' component store.");
    CHECK(lines[2] == "    repaired: C:\\Windows\\System32\\a.dll");
    CHECK(lines[3] == "    NOT repaired: b.dll (Comp-B)");
    r.verdict = SystemRepairVerdict::NeedsAdmin;
    CHECK(systemRepairLines(r).empty());
}

TEST_CASE("State: Windows Update's answer in the verdict, in the issue's words", "[ui][scan]") {
    ScanResult r;
    r.outcome = ScanOutcome::Succeeded;
    r.updates = {{"Cumulative", {"KB1"}, 1, RestartNeed::Always}, {"Defender", {"KB2"}, 1, RestartNeed::Never},
                 {"Stack", {"KB3"}, 1, RestartNeed::Never}};
    describeScan(r);
    Verdict v = scanVerdict(r);
    CHECK(v.level == Verdict::Level::Good);
    CHECK(v.headline == "Windows Update works: 3 updates are waiting — open Windows Update to install them");
    r.updates.clear();
    describeScan(r);
    CHECK(scanVerdict(r).headline == "Windows Update works: no updates are waiting");
    r.outcome = ScanOutcome::Failed;
    r.error = 0x80244022;
    describeScan(r);
    v = scanVerdict(r);
    CHECK(v.level == Verdict::Level::Problem);
    CHECK(v.headline.rfind("Windows Update still fails: 0x80244022", 0) == 0);
    CHECK_FALSE(v.detail.empty());
    r.outcome = ScanOutcome::NotAvailable;
    r.error = 0x80004001;
    describeScan(r);
    v = scanVerdict(r);
    CHECK(v.headline == "Checking for updates is not available on this system");
    CHECK(v.level != Verdict::Level::Good);  // never "works"
}

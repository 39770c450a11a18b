// Check for updates: runScan() over a scripted Windows Update Agent (FakeSearchAgent on a virtual clock), the words
// for each ending, the causes the checks show, and the last scan kept in the log folder. What each script stands for
// is said in its test; the real agent is planted under Wine by tests/cli/test_scan_e2e.cpp.
#include "wud/update_scan.hpp"

#include "wud/report.hpp"
#include "wud/update_history.hpp"  // kENotImpl

#include "fake_pc.hpp"
#include "wud/fake_machine_access.hpp"
#include "wud/fake_update_scan.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace wud;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using Calls = std::vector<std::string>;

namespace {

FoundUpdate cumulative() {
    return {"2024-05 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5037768)",
            {"KB5037768"},
            681574400,
            RestartNeed::Always};
}
FoundUpdate defender() {
    return {"Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.411.1.0)",
            {"KB2267602"},
            83886080,
            RestartNeed::Never};
}

/// The scripted agent on its own virtual clock: a test scripts `agent`, then runs the scan.
struct Scan {
    VirtualClock clock;
    FakeSearchAgent agent{clock};
    ScanResult run(const ScanOptions& options) { return runScan(agent, clock, options); }
};

ScanOptions seconds(int s) {
    ScanOptions o;
    o.timeout = std::chrono::seconds(s);
    return o;
}

}  // namespace

TEST_CASE("Scan: the agent answers with 2 updates: succeeded, listed, read once and cleaned up outside the callback", "[scan]") {
    // Stands for a working Windows Update with a cumulative update (needs a restart) and a Defender update waiting.
    Scan scan;
    scan.agent.completesAfter = 40s;
    scan.agent.readout = SearchReadout{2, {cumulative(), defender()}, {}};
    std::vector<ScanProgress::Phase> phases;
    ScanOptions options = seconds(600);
    options.progress = [&](const ScanProgress& p) {
        if (phases.empty() || phases.back() != p.phase) phases.push_back(p.phase);
    };
    const ScanResult r = scan.run(options);
    CHECK(r.outcome == ScanOutcome::Succeeded);
    CHECK(answered(r));
    CHECK(scan.agent.criteria == "IsInstalled=0 and IsHidden=0 and Type='Software'");
    CHECK(scan.agent.calls == Calls{"begin", "end", "cleanup"});
    CHECK(r.updates == std::vector<FoundUpdate>{cumulative(), defender()});
    CHECK(r.resultCode == 2);
    CHECK(r.jobFinished);
    CHECK_FALSE(r.abortRequested);
    CHECK(r.duration == 40s);
    CHECK(r.message == "Windows Update works: 2 updates are waiting to be installed (at least one needs a restart).");
    CHECK_THAT(r.nextStep, Contains("Settings > Windows Update"));
    CHECK(phases == std::vector{ScanProgress::Phase::Searching, ScanProgress::Phase::Reading});
    const std::string text = scanText(r);
    CHECK_THAT(text, Contains("KB5037768  650.0 MB  restart: always  2024-05 Cumulative Update"));
    CHECK_THAT(text, Contains("KB2267602  80.0 MB  restart: never"));
}

TEST_CASE("Scan: an answer with no updates says Windows Update works and nothing waits", "[scan]") {
    Scan scan;
    scan.agent.completesAfter = 1s;
    const ScanResult r = scan.run(seconds(60));
    CHECK(r.outcome == ScanOutcome::Succeeded);
    CHECK(r.message == "Windows Update works: it checked and found no updates waiting.");
    CHECK(r.nextStep.empty());
}

TEST_CASE("Scan: a failure with 0x8024402C is explained and linked to the proxy finding", "[scan]") {
    // Stands for Windows Update behind a machine-wide proxy that does not resolve: EndSearch gives the HRESULT.
    Scan scan;
    scan.agent.completesAfter = 3s;
    scan.agent.endError = 0x8024402C;
    ScanResult r = scan.run(seconds(600));
    CHECK(r.outcome == ScanOutcome::Failed);
    CHECK_FALSE(answered(r));
    CHECK(r.error == 0x8024402C);
    CHECK(scan.agent.calls == Calls{"begin", "end", "cleanup"});
    CHECK_THAT(r.message, Contains("Windows Update still fails"));
    CHECK_THAT(r.message, Contains("0x8024402C WU_E_PT_WINHTTP_NAME_NOT_RESOLVED"));

    // The checks found a WinHTTP proxy (and nothing else that could cause it).
    test::FakePc pc;
    const std::vector<std::uint8_t> blob = [] {
        const std::string proxy = "proxy.example.invalid:8080";
        std::vector<std::uint8_t> d{0x28, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, static_cast<std::uint8_t>(proxy.size()), 0, 0, 0};
        d.insert(d.end(), proxy.begin(), proxy.end());
        d.insert(d.end(), {0, 0, 0, 0});
        return d;
    }();
    pc.machine.setValue(kWinHttpKey, "WinHttpSettings", RegValue{kRegBinary, blob});
    linkCauses(r, pc.check());
    REQUIRE(r.causes.size() == 1);
    CHECK(r.causes.front().id == "proxy");
    CHECK_THAT(r.nextStep, Contains("The checks show the likely cause: Windows Update goes through a proxy"));
    CHECK_THAT(r.nextStep, Contains("netsh winhttp reset proxy"));
    CHECK_THAT(scanText(r), Contains("Cause found by the checks: [info] proxy"));

    // Without the proxy the same failure has no cause to show, and says which finding would have been one.
    linkCauses(r, test::FakePc().check());
    CHECK(r.causes.empty());
    CHECK_THAT(r.nextStep, !Contains("likely cause"));
    CHECK_THAT(scanText(r), Contains("The checks did not show 'hosts'"));
}

TEST_CASE("Scan: the causes of a code are the table's finding first, then the network findings", "[scan]") {
    CHECK(causeCandidates(0x8024402C) == std::vector<std::string>{"hosts", "proxy", "policy.wuserver", "policy.do-not-connect"});
    CHECK(causeCandidates(0x80070422) == std::vector<std::string>{"service.wuauserv.start-type"});
    CHECK(causeCandidates(0x80247777).empty());
    // A scan that succeeded has no causes, whatever the checks found.
    test::FakePc pc;
    ScanResult ok;
    ok.outcome = ScanOutcome::Succeeded;
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1));
    linkCauses(ok, pc.check());
    CHECK(ok.causes.empty());
}

TEST_CASE("Scan: a search that never completes times out, is aborted, and is left without CleanUp", "[scan]") {
    // Stands for an agent that hangs (Microsoft guarantees no completion time) and ignores RequestAbort.
    Scan scan;
    ScanOptions options = seconds(120);
    const ScanResult r = scan.run(options);
    CHECK(r.outcome == ScanOutcome::TimedOut);
    CHECK(r.abortRequested);
    CHECK_FALSE(r.jobFinished);
    // No EndSearch on an unfinished job, no CleanUp: it "waits for an asynchronous operation to complete".
    CHECK(scan.agent.calls == Calls{"begin", "abort"});
    CHECK(r.duration == 120s + kDefaultAbortGrace);
    CHECK(r.message == "Windows Update did not finish checking within 2 minutes; WU Doctor asked it to stop, and it "
                       "had not stopped when WU Doctor gave up waiting for it (Windows ends it on its own).");
    CHECK_THAT(r.nextStep, Contains("longer time limit"));
}

TEST_CASE("Scan: after a time-out the agent ends the job within the grace: read, cleaned up, still timed out", "[scan]") {
    Scan scan;
    scan.agent.abortCompletesAfter = 800ms;
    const ScanResult r = scan.run(seconds(600));
    CHECK(r.outcome == ScanOutcome::TimedOut);
    CHECK(r.jobFinished);
    CHECK(r.resultCode == 5);  // orcAborted
    CHECK(scan.agent.calls == Calls{"begin", "abort", "end", "cleanup"});
    CHECK(r.message == "Windows Update did not finish checking within 10 minutes; WU Doctor asked it to stop.");
}

TEST_CASE("Scan: cancel while the search runs asks the agent to stop; its aborted callback ends the scan", "[scan]") {
    // Stands for the user pressing Cancel (Ctrl+C) 30 s into a search; the agent ends the job with orcAborted.
    Scan scan;
    scan.agent.abortCompletesAfter = 200ms;
    CancelToken cancel;
    scan.agent.onWait = [&](Millis now) {
        if (now >= 30s) cancel.cancel();
    };
    ScanOptions options = seconds(600);
    options.cancel = &cancel;
    const ScanResult r = scan.run(options);
    CHECK(r.outcome == ScanOutcome::Cancelled);
    CHECK(scan.agent.calls == Calls{"begin", "abort", "end", "cleanup"});
    CHECK(r.jobFinished);
    CHECK(r.duration < 31s);  // seen within one poll of the cancel, plus the agent's 200 ms
    CHECK(r.message == "Cancelled: WU Doctor asked Windows Update to stop checking.");
    CHECK(r.nextStep.empty());
}

TEST_CASE("Scan: a callback that never comes after Cancel: given up after the grace, job left to the agent", "[scan]") {
    Scan scan;
    CancelToken cancel;
    cancel.cancel();  // cancelled before the search could even be waited for
    ScanOptions options = seconds(600);
    options.cancel = &cancel;
    options.abortGrace = 2s;
    const ScanResult r = scan.run(options);
    CHECK(r.outcome == ScanOutcome::Cancelled);
    CHECK_FALSE(r.jobFinished);
    CHECK(scan.agent.calls == Calls{"begin", "abort"});
    CHECK(r.duration == 2s);
    CHECK_THAT(r.message, Contains("had not stopped when WU Doctor gave up waiting"));
}

TEST_CASE("Scan: an answer arriving just as we stop is still the answer", "[scan]") {
    // The search completes in the moment between our time limit and the agent handling RequestAbort.
    Scan scan;
    scan.agent.completesAfter = 60s + 300ms;
    scan.agent.readout = SearchReadout{2, {defender()}, {}};
    const ScanResult r = scan.run(seconds(60));
    CHECK(r.outcome == ScanOutcome::Succeeded);
    CHECK(r.abortRequested);
    CHECK(r.updates.size() == 1);
}

TEST_CASE("Scan: Wine's agent (BeginSearch E_NOTIMPL) is 'not available on this system', never 'no updates'", "[scan]") {
    Scan scan;
    scan.agent.beginError = kENotImpl;
    const ScanResult r = scan.run(seconds(600));
    CHECK(r.outcome == ScanOutcome::NotAvailable);
    CHECK(r.error == kENotImpl);
    CHECK(scan.agent.calls == Calls{"begin"});
    CHECK_FALSE(answered(r));
    CHECK(r.message == "Checking for updates is not available on this system: its Windows Update Agent does not "
                       "implement the search (E_NOTIMPL; Wine is one such system).");
    CHECK_THAT(r.message, !Contains("no updates"));
    CHECK_THAT(r.message, !Contains("works"));
    CHECK(r.nextStep == "Check in Settings > Windows Update instead.");
}

TEST_CASE("Scan: BeginSearch refused for another reason is a failure with the code explained", "[scan]") {
    // Stands for a disabled wuauserv: the agent answers 0x80070422 (ERROR_SERVICE_DISABLED).
    Scan scan;
    scan.agent.beginError = 0x80070422;
    ScanResult r = scan.run(seconds(600));
    CHECK(r.outcome == ScanOutcome::Failed);
    CHECK_THAT(r.message, Contains("0x80070422 ERROR_SERVICE_DISABLED"));
    test::FakePc pc;
    pc.scm.setStartType("wuauserv", StartType::Disabled);
    linkCauses(r, pc.check());
    REQUIRE(r.causes.size() == 1);
    CHECK(r.causes.front().id == "service.wuauserv.start-type");
}

TEST_CASE("Scan: succeeded with errors keeps what was found and explains the warnings", "[scan]") {
    // Stands for a search where one update service (e.g. Microsoft Update for other products) failed.
    Scan scan;
    scan.agent.completesAfter = 5s;
    scan.agent.readout = SearchReadout{3, {defender()}, {{0x8024402F, "ECP failed"}}};
    const ScanResult r = scan.run(seconds(600));
    CHECK(r.outcome == ScanOutcome::SucceededWithErrors);
    CHECK(answered(r));
    CHECK(r.message == "Windows Update answered, but part of its check failed (1 warning); 1 update is waiting to be installed.");
    CHECK_THAT(scanText(r), Contains("Warning: 0x8024402F WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS"));
}

TEST_CASE("Scan: a failed result code without an HRESULT still says it failed", "[scan]") {
    Scan scan;
    scan.agent.completesAfter = 5s;
    scan.agent.readout = SearchReadout{4, {}, {}};  // orcFailed
    const ScanResult r = scan.run(seconds(600));
    CHECK(r.outcome == ScanOutcome::Failed);
    CHECK(r.message == "Windows Update still fails: its check for updates ended as \"failed\" without an error code.");
}

TEST_CASE("Scan: the last scan is kept in the log folder and read back whole", "[scan]") {
    FakeMachineAccess machine;
    Scan search;
    search.agent.completesAfter = 3s;
    search.agent.endError = 0x8024402C;
    LastScan scan;
    scan.result = search.run(seconds(900));
    test::FakePc pc;
    pc.machine.setValue(kWinHttpKey, "WinHttpSettings",
                        RegValue{kRegBinary, {0x28, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 3, 0, 0, 0, 'a', ':', '1', 0, 0, 0, 0}});
    linkCauses(scan.result, pc.check());
    scan.when = std::chrono::system_clock::time_point(std::chrono::seconds(1795867200));
    scan.localTime = "2026-11-28 13:00:00";
    REQUIRE(saveLastScan(machine, "C:\\Tools\\wudoctor-logs", scan) == 0);
    REQUIRE(machine.fileExists("C:\\Tools\\wudoctor-logs\\wudoctor-last-scan.json"));

    const LastScanLoad load = loadLastScan(machine, "C:\\Tools\\wudoctor-logs");
    CHECK(load.error.empty());
    REQUIRE(load.scan);
    CHECK(load.scan->when == scan.when);
    CHECK(load.scan->localTime == scan.localTime);
    // Everything but the causes' repairs (a record is for reading, never for repairing).
    ScanResult expected = scan.result;
    for (Finding& f : expected.causes) f.repair.clear();
    CHECK(load.scan->result == expected);
    const auto doc = nlohmann::json::parse(*machine.readFile("C:\\Tools\\wudoctor-logs\\wudoctor-last-scan.json"));
    CHECK(doc["time_utc"] == "2026-11-28 12:00 UTC");
    CHECK(doc["scan"]["outcome"] == "failed");
    CHECK(doc["scan"]["error_code"] == "0x8024402C");
    CHECK(doc["scan"]["causes"][0]["id"] == "proxy");
}

TEST_CASE("Scan: no last scan, a damaged one, and no log folder are each said plainly", "[scan]") {
    FakeMachineAccess machine;
    const LastScanLoad none = loadLastScan(machine, "C:\\logs");
    CHECK_FALSE(none.scan);
    CHECK(none.error.empty());
    machine.setFile("C:\\logs\\wudoctor-last-scan.json", "{\"schema_version\": 1, \"scan\": 3}");
    const LastScanLoad damaged = loadLastScan(machine, "C:\\logs");
    CHECK_FALSE(damaged.scan);
    CHECK_THAT(damaged.error, Contains("is damaged"));
    CHECK(saveLastScan(machine, "", LastScan{}) != 0);
    CHECK_FALSE(loadLastScan(machine, "").scan);
}

TEST_CASE("Scan: JSON ids for every outcome and restart need", "[scan]") {
    CHECK(toId(ScanOutcome::SucceededWithErrors) == "succeeded_with_errors");
    CHECK(toId(ScanOutcome::NotAvailable) == "not_available");
    CHECK(toId(ScanOutcome::TimedOut) == "timed_out");
    CHECK(restartNeedFrom(1) == RestartNeed::Always);
    CHECK(restartNeedFrom(2) == RestartNeed::CanRequest);
    CHECK(restartNeedFrom(7) == RestartNeed::Unknown);
    ScanResult r;
    r.outcome = ScanOutcome::Succeeded;
    r.updates = {cumulative()};
    const auto j = scanJson(r);
    CHECK(j["updates"][0]["kb"] == nlohmann::json::array({"KB5037768"}));
    CHECK(j["updates"][0]["max_download_bytes"] == 681574400);
    CHECK(j["updates"][0]["restart"] == "always");
    CHECK(j["error_code"].is_null());
    CHECK(j["explanation"].is_null());
}

TEST_CASE("Scan: the report shows Windows' own last check and WU Doctor's last scan, or says there is none", "[scan][report]") {
    const auto now = std::chrono::system_clock::time_point(std::chrono::seconds(1795867200));  // 2026-11-28 12:00 UTC
    UpdateChecksSummary summary;
    summary.now = now;
    summary.automaticUpdates = FakeAutomaticUpdates::daysAgo(now, 40, 45);
    summary.lastScan.path = "C:\\Tools\\wudoctor-logs\\wudoctor-last-scan.json";
    const std::string none = updateChecksText(summary);
    CHECK_THAT(none, Contains("Last successful check by Windows:        2026-10-19 12:00 UTC (40 days ago)"));
    CHECK_THAT(none, Contains("Last check by WU Doctor:                 none recorded in C:\\Tools\\wudoctor-logs\\"
                              "wudoctor-last-scan.json (run: wudoctor scan)"));

    LastScan scan;
    scan.when = now - std::chrono::hours(1);
    scan.result.outcome = ScanOutcome::Succeeded;
    scan.result.updates = {defender()};
    describeScan(scan.result);
    summary.lastScan.scan = scan;
    ReportInput input;
    input.updateChecks = summary;
    const std::string report = buildReport(input);
    CHECK_THAT(report, Contains("\nChecking for updates\n"));
    CHECK_THAT(report, Contains("Last check by WU Doctor:                 2026-11-28 11:00 UTC (today), succeeded\n"
                                "      Windows Update works: 1 update is waiting to be installed.\n"
                                "      Security Intelligence Update for Microsoft Defender Antivirus"));
    summary.lastScan.scan.reset();
    summary.lastScan.error = "C:\\x.json is damaged";
    CHECK_THAT(updateChecksText(summary), Contains("Last check by WU Doctor:                 unknown: C:\\x.json is damaged"));
}

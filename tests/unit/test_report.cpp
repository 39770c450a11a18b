// The report text (core/src/report.cpp): what a technician pastes into a ticket.
#include <catch2/catch.hpp>

#include "wud/report.hpp"

#include <sstream>

using namespace wud;

namespace {

ServiceSnapshot service(std::string name, std::string display, ServiceState state, StartType type, std::uint32_t pid = 0) {
    ServiceSnapshot s;
    s.name = std::move(name);
    s.displayName = std::move(display);
    s.installed = true;
    s.state = state;
    s.startType = type;
    s.pid = pid;
    return s;
}

ReportInput sample() {
    ReportInput input;
    input.appVersion = "1.2.3";
    input.generatedAt = "2024-05-01 14:03:00";
    input.os = OsVersion{10, 0, 19045};
    input.elevated = true;
    input.logFolder = "C:\\Tools\\wudoctor-logs";
    input.services.push_back(service("UsoSvc", "Update Orchestrator Service", ServiceState::Running, StartType::AutomaticDelayed, 812));
    input.services.push_back(service("wuauserv", "Windows \xE6\x9B\xB4\xE6\x96\xB0", ServiceState::Stopped, StartType::Disabled));
    ServiceSnapshot missing;
    missing.name = "DoSvc";
    input.services.push_back(missing);
    return input;
}

}  // namespace

TEST_CASE("Report: header names version, computer, Windows, rights and log folder", "[report]") {
    const std::string text = buildReport(sample());
    CHECK_THAT(text, Catch::StartsWith("WU Doctor 1.2.3 report\n"));
    CHECK_THAT(text, Catch::Contains("2024-05-01 14:03:00"));
    CHECK_THAT(text, Catch::Contains("this computer"));
    CHECK_THAT(text, Catch::Contains("administrator"));
    CHECK_THAT(text, Catch::Contains("C:\\Tools\\wudoctor-logs"));
    CHECK(text.find('\r') == std::string::npos);

    ReportInput remote = sample();
    remote.computer = "PC-042";
    remote.os = {};
    remote.elevated = false;
    remote.logFolder.clear();
    const std::string other = buildReport(remote);
    CHECK_THAT(other, Catch::Contains("PC-042"));
    CHECK_THAT(other, Catch::Contains("unknown"));
    CHECK_THAT(other, Catch::Contains("standard user"));
    CHECK_THAT(other, Catch::Contains("logging is off"));
}

TEST_CASE("Report: one aligned row per service, non-ASCII names included", "[report]") {
    const std::string text = buildReport(sample());
    std::istringstream lines(text);
    std::string line;
    std::vector<std::size_t> stateColumns;
    bool inServices = false;
    while (std::getline(lines, line)) {
        if (line == "Services") { inServices = true; continue; }
        if (inServices && line.empty()) break;
        if (!inServices) continue;
        for (const char* word : {"State", "running", "stopped", "not installed"}) {
            const auto at = line.find(word);
            if (at != std::string::npos) { stateColumns.push_back(textWidth(line.substr(0, at))); break; }
        }
    }
    REQUIRE(stateColumns.size() == 4);
    for (std::size_t column : stateColumns) CHECK(column == stateColumns.front());
    CHECK_THAT(text, Catch::Contains("812"));
    CHECK_THAT(text, Catch::Contains("automatic (delayed)"));
}

TEST_CASE("Report: needs-attention lists disabled, missing and failed services with the next step", "[report]") {
    ReportInput input = sample();
    ServiceSnapshot crashed = service("CryptSvc", "Cryptographic Services", ServiceState::Stopped, StartType::Automatic);
    crashed.win32ExitCode = 1066;
    crashed.serviceExitCode = 42;
    input.services.push_back(crashed);
    const std::string text = buildReport(input);
    CHECK_THAT(text, Catch::Contains("wuauserv (Windows Update) is disabled"));
    CHECK_THAT(text, Catch::Contains("repair-start-type wuauserv"));
    CHECK_THAT(text, Catch::Contains("DoSvc (Delivery Optimization) is not installed"));
    CHECK_THAT(text, Catch::Contains("42"));

    ReportInput healthy;
    healthy.services.push_back(service("wuauserv", "Windows Update", ServiceState::Running, StartType::ManualTrigger, 5));
    CHECK_THAT(buildReport(healthy), Catch::Contains("Needs attention\n  nothing"));
}

TEST_CASE("Report: recent actions and start-type changes", "[report]") {
    ReportInput input = sample();
    ActionResult ok;
    ok.service = "wuauserv";
    ok.action = Action::Restart;
    ok.ok = true;
    ok.stateBefore = ok.stateAfter = ServiceState::Running;
    ok.pidBefore = 100;
    ok.pidAfter = 200;
    ok.duration = Millis{812};
    ok.text.message = "Windows Update restarted.";
    ActionResult failed = ok;
    failed.ok = false;
    failed.service = "UsoSvc";
    failed.text = {"It hung.", "Restart the computer."};
    input.recentActions = {ok, failed};
    StartTypeChange change;
    change.service = "wuauserv";
    change.ok = true;
    change.oldType = StartType::Disabled;
    change.newType = StartType::ManualTrigger;
    input.recentStartTypeChanges = {change};
    const std::string text = buildReport(input);
    CHECK_THAT(text, Catch::Contains("Recent actions"));
    CHECK_THAT(text, Catch::Contains("Windows Update restarted."));
    CHECK_THAT(text, Catch::Contains("pid 100 -> 200"));
    CHECK_THAT(text, Catch::Contains("812 ms"));
    CHECK_THAT(text, Catch::Contains("FAILED"));
    CHECK_THAT(text, Catch::Contains("UsoSvc: Restart the computer."));
    CHECK_THAT(text, Catch::Contains("disabled -> manual (trigger)"));
}

TEST_CASE("Report: textWidth counts console columns", "[report][text]") {
    CHECK(textWidth("") == 0);
    CHECK(textWidth("abc") == 3);
    CHECK(textWidth("\xC3\xA9t\xC3\xA9") == 3);            // été
    CHECK(textWidth("e\xCC\x81") == 1);                    // e + combining acute
    CHECK(textWidth("\xE6\x9B\xB4\xE6\x96\xB0") == 4);     // 更新: two wide characters
    CHECK(textWidth("\xFF\xFE") == 2);                     // invalid bytes: one column each
    CHECK(padRight("\xC3\xA9", 3) == "\xC3\xA9  ");
    CHECK(padRight("abcd", 2) == "abcd");
}

TEST_CASE("Report: the window says what draws it; the CLI's report has no such line", "[report]") {
    ReportInput window = sample();
    window.renderer = "Direct3D 11 (WARP, software)";
    CHECK_THAT(buildReport(window), Catch::Contains("Window drawn with  Direct3D 11 (WARP, software)\n"));
    CHECK_THAT(buildReport(sample()), !Catch::Contains("drawn with"));
}

TEST_CASE("Report: the last update results, failures explained; 'not available' said as such", "[report][history]") {
    ReportInput input = sample();
    CHECK(buildReport(input).find("Last update results") == std::string::npos);  // not asked: no section

    HistoryResult h;
    h.available = true;
    h.totalCount = 2;
    h.entries.push_back({"2024-05-01 10:00", "2024-05 Cumulative Update (KB5036980)", "installation", "failed",
                         0x800F081F, true});
    h.entries.push_back({"2024-04-10 09:30", "Defender definitions", "installation", "succeeded", 0, false});
    input.updateHistory = h;
    const std::string report = buildReport(input);
    CHECK(report.find("Last update results (Windows Update history)") != std::string::npos);
    CHECK(report.find("2024-05-01 10:00  failed  installation  2024-05 Cumulative Update (KB5036980)") != std::string::npos);
    CHECK(report.find("0x800F081F CBS_E_SOURCE_MISSING") != std::string::npos);
    CHECK(report.find("DISM /Online /Cleanup-Image /RestoreHealth") != std::string::npos);

    HistoryResult wine;
    wine.error = kENotImpl;
    wine.reason = "not available on this system: test";
    input.updateHistory = wine;
    const std::string unavailable = buildReport(input);
    CHECK(unavailable.find("Update history not available on this system") != std::string::npos);
    CHECK(unavailable.find("No updates recorded") == std::string::npos);
}

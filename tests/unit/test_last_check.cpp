// The `last-check` finding: Windows' last successful check for updates, read from Automatic Updates' record
// (IAutomaticUpdatesResults) through FakeAutomaticUpdates, which stands for the agent of a real Windows PC; Wine's
// has no such record (tests/cli/test_scan_e2e.cpp shows that through the real wudoctor.com).
#include "wud/automatic_updates.hpp"
#include "wud/checks.hpp"

#include "fake_pc.hpp"
#include "wud/fake_update_scan.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace wud;
using Catch::Matchers::Contains;

namespace {

std::vector<Finding> checkWith(test::FakePc& pc, FakeAutomaticUpdates& agent) {
    CheckContext context{pc.machine, pc.scm, 19045, pc.now, &agent};
    return runChecks(context);
}

}  // namespace

TEST_CASE("Last check: 40 days since Windows' last successful check is a warning with the dates and the next step", "[checks][last-check]") {
    test::FakePc pc;  // 2026-11-28 12:00 UTC
    FakeAutomaticUpdates agent;
    agent.value = FakeAutomaticUpdates::daysAgo(pc.now, 40, 45);
    const auto findings = checkWith(pc, agent);
    const Finding* f = findFinding(findings, "last-check");
    REQUIRE(f != nullptr);
    CHECK(f->severity == Severity::Warning);
    CHECK(f->title == "Windows has not checked for updates successfully for 40 days");
    CHECK(f->evidence == std::vector<std::string>{
                             "IAutomaticUpdates2.Results.LastSearchSuccessDate = 2026-10-19 12:00 UTC (40 days ago)",
                             "LastInstallationSuccessDate = 2026-10-14 12:00 UTC (45 days ago)"});
    CHECK_THAT(f->explanation, Contains("about once a day"));
    CHECK_THAT(f->nextStep, Contains("wudoctor fix"));
    CHECK_THAT(f->nextStep, Contains("wudoctor scan"));
    CHECK(f->repair.empty());  // advice only
    CHECK_FALSE(offersRepair(*f));
    CHECK(countProblems(findings) == 0);  // a warning: `check` still exits 0 for it
    CHECK(agent.reads == 1);
}

TEST_CASE("Last check: within 14 days is no finding; the 15th day is", "[checks][last-check]") {
    test::FakePc pc;
    FakeAutomaticUpdates agent;
    agent.value = FakeAutomaticUpdates::daysAgo(pc.now, 0, 3);
    CHECK(findFinding(checkWith(pc, agent), "last-check") == nullptr);
    agent.value = FakeAutomaticUpdates::daysAgo(pc.now, static_cast<int>(kLastCheckWarningDays));
    CHECK(findFinding(checkWith(pc, agent), "last-check") == nullptr);
    agent.value = FakeAutomaticUpdates::daysAgo(pc.now, static_cast<int>(kLastCheckWarningDays) + 1);
    CHECK(findFinding(checkWith(pc, agent), "last-check") != nullptr);
}

TEST_CASE("Last check: no successful check on record at all is a warning too", "[checks][last-check]") {
    // VT_EMPTY ([MS-UAMG] 3.2.4.1): the agent knows of no successful search.
    test::FakePc pc;
    FakeAutomaticUpdates agent;
    agent.value = FakeAutomaticUpdates::daysAgo(pc.now, std::nullopt);
    const auto findings = checkWith(pc, agent);
    const Finding* f = findFinding(findings, "last-check");
    REQUIRE(f != nullptr);
    CHECK(f->severity == Severity::Warning);
    CHECK(f->title == "Windows has no successful check for updates on record");
    CHECK(f->evidence.front() == "IAutomaticUpdates2.Results.LastSearchSuccessDate = none on record (VT_EMPTY)");
    CHECK(f->evidence.back() == "LastInstallationSuccessDate = none on record");
}

TEST_CASE("Last check: a record that cannot be read is an info 'could not check', never silence", "[checks][last-check]") {
    // Stands for Wine's AutomaticUpdates, which has no IAutomaticUpdates2 (E_NOINTERFACE).
    test::FakePc pc;
    FakeAutomaticUpdates agent;
    agent.value.readable = false;
    agent.value.error = 0x80004002;
    agent.value.reason = "this system's Windows Update Agent does not keep it (0x80004002)";
    const auto findings = checkWith(pc, agent);
    CHECK(findFinding(findings, "last-check") == nullptr);
    const Finding* f = findFinding(findings, "last-check.could-not-check");
    REQUIRE(f != nullptr);
    CHECK(f->severity == Severity::Info);
    CHECK_THAT(f->evidence.front(), Contains("0x80004002"));
    CHECK_THAT(f->nextStep, Contains("Settings > Windows Update"));
}

TEST_CASE("Last check: an installation date that cannot be read is said so; the search date still decides", "[checks][last-check]") {
    test::FakePc pc;
    FakeAutomaticUpdates agent;
    agent.value = FakeAutomaticUpdates::daysAgo(pc.now, 20);
    agent.value.installationError = 0x80020005;
    const auto findings = checkWith(pc, agent);
    const Finding* f = findFinding(findings, "last-check");
    REQUIRE(f != nullptr);
    CHECK(f->evidence.back() == "LastInstallationSuccessDate: could not be read (0x80020005)");
}

TEST_CASE("Last check: without a source (callers that do not ask the agent) the check adds nothing", "[checks][last-check]") {
    test::FakePc pc;
    const auto findings = pc.check();
    CHECK(findFinding(findings, "last-check") == nullptr);
    CHECK(findFinding(findings, "last-check.could-not-check") == nullptr);
}

TEST_CASE("Automatic Updates: OLE dates, ages and the report's lines", "[last-check]") {
    // 45620.5 = 2024-11-24 12:00 (days since 1899-12-30).
    const auto when = fromOleDate(45620.5);
    REQUIRE(when);
    CHECK(utcText(*when) == "2024-11-24 12:00 UTC");
    CHECK_FALSE(fromOleDate(0.0));
    CHECK_FALSE(fromOleDate(1e9));
    const auto now = *when + std::chrono::hours(24 * 3 + 5);
    CHECK(daysBetween(*when, now) == 3);
    CHECK(dateWithAge(*when, now) == "2024-11-24 12:00 UTC (3 days ago)");
    CHECK(dateWithAge(*when, *when + std::chrono::hours(2)) == "2024-11-24 12:00 UTC (today)");
    CHECK_THAT(dateWithAge(now, *when), Contains("in the future"));
    AutomaticUpdatesResults r;
    r.readable = true;
    r.lastSearchSuccess = when;
    CHECK(automaticUpdatesText(r, now) == "  Last successful check by Windows:        2024-11-24 12:00 UTC (3 days ago)\n"
                                          "  Last successful installation by Windows: never (Windows has no record of one)\n");
    AutomaticUpdatesResults unreadable;
    unreadable.reason = "not here";
    CHECK(automaticUpdatesText(unreadable, now) == "  Windows' own record of its checks could not be read: not here.\n");
}

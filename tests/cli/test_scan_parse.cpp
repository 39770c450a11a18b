// `scan` command lines as data, its exit codes and its JSON: what each gives, and the usage errors (exit 2, nothing
// done).
#include "cli_parsed.hpp"
#include "cli_scan_command.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace wud;
using namespace wud::cli;
using Catch::Matchers::Contains;
using namespace std::chrono_literals;

namespace {

WUD_PARSE_TEST_WORDS(ScanCommand, parseScanCommand);

ScanResult ending(ScanOutcome outcome, std::uint32_t error = 0) {
    ScanResult r;
    r.outcome = outcome;
    r.error = error;
    return r;
}

}  // namespace

TEST_CASE("Scan parse: the defaults, --timeout and --json anywhere", "[cli][scan]") {
    CHECK(command({"scan"}) == ScanCommand{});
    CHECK(command({"scan"}).timeout == 600s);
    const ScanCommand c = command({"--json", "scan", "--timeout", "45"});
    CHECK(c.json);
    CHECK(c.timeout == 45s);
    CHECK(command({"--timeout", "86400", "scan"}).timeout == 86400s);
    // Other verbs are not scan's: the other parsers take them.
    CHECK_FALSE(parseArgs({"status"}));
    CHECK_FALSE(parseArgs({"--timeout", "5", "restart", "wuauserv"}));
    CHECK_FALSE(parseArgs({"scan", "--help"}));  // the general help lists it
}

TEST_CASE("Scan parse: bad input is a usage error naming what was wrong", "[cli][scan]") {
    CHECK_THAT(refused({"scan", "--timeout"}), Contains("--timeout needs a number of seconds"));
    CHECK_THAT(refused({"scan", "--timeout", "0"}), Contains("from 1 to 86400, not '0'"));
    CHECK_THAT(refused({"scan", "--timeout", "86401"}), Contains("not '86401'"));
    CHECK_THAT(refused({"scan", "--timeout", "5s"}), Contains("not '5s'"));
    CHECK_THAT(refused({"scan", "--timeout", "5", "--timeout", "6"}), Contains("twice"));
    CHECK_THAT(refused({"scan", "--computer", "PC-042"}), Contains("this computer only"));
    CHECK_THAT(refused({"scan", "--install"}), Contains("unknown option '--install'"));
    CHECK_THAT(refused({"scan", "now"}), Contains("takes no further arguments, but got 'now'"));
    CHECK_THAT(refused({"scan", "\x1b[31m"}), Contains("'?[31m'"));
}

TEST_CASE("Scan exit codes: 0 answered, 4 timed out, 3 access denied unelevated, 1 otherwise", "[cli][scan]") {
    CHECK(scanExitCode(ending(ScanOutcome::Succeeded), false) == ExitCode::Ok);
    CHECK(scanExitCode(ending(ScanOutcome::SucceededWithErrors), false) == ExitCode::Ok);
    CHECK(scanExitCode(ending(ScanOutcome::TimedOut), true) == ExitCode::TimedOut);
    CHECK(scanExitCode(ending(ScanOutcome::Failed, 0x8024402C), false) == ExitCode::Failed);
    CHECK(scanExitCode(ending(ScanOutcome::Failed, 0x80070005), false) == ExitCode::NeedsAdmin);
    CHECK(scanExitCode(ending(ScanOutcome::Failed, 0x80070005), true) == ExitCode::Failed);
    CHECK(scanExitCode(ending(ScanOutcome::Cancelled), false) == ExitCode::Failed);
    CHECK(scanExitCode(ending(ScanOutcome::NotAvailable, 0x80004001), false) == ExitCode::Failed);
}

TEST_CASE("Scan: the help lists it", "[cli][scan]") {
    CHECK_THAT(helpText(), Contains("  scan [--timeout S]             check for updates"));
    CHECK_THAT(helpText(), Contains("or the check for updates"));
}

TEST_CASE("Scan: report --json's update_checks names both sources of 'last'", "[cli][scan]") {
    UpdateChecksSummary s;
    s.now = std::chrono::system_clock::time_point(std::chrono::seconds(1795867200));
    s.automaticUpdates.readable = true;
    s.automaticUpdates.lastSearchSuccess = s.now - std::chrono::hours(24 * 40);
    s.lastScan.path = "C:\\t\\wudoctor-logs\\wudoctor-last-scan.json";
    nlohmann::json j = updateChecksJson(s);
    CHECK(j["automatic_updates"]["last_search_success_utc"] == "2026-10-19 12:00 UTC");
    CHECK(j["automatic_updates"]["last_search_success_days_ago"] == 40);
    CHECK(j["automatic_updates"]["last_installation_success_utc"].is_null());
    CHECK(j["warning_after_days"] == 14);
    CHECK(j["last_scan"].is_null());
    CHECK(j["last_scan_file"] == s.lastScan.path);
    s.lastScan.scan = LastScan{ending(ScanOutcome::NotAvailable, 0x80004001), s.now - 2h, "2026-11-28 11:00:00"};
    j = updateChecksJson(s);
    CHECK(j["last_scan"]["scan"]["outcome"] == "not_available");
    CHECK(j["last_scan"]["days_ago"] == 0);
}

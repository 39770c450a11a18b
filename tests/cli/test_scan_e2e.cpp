// Black-box tests of `wudoctor scan` and the `last-check` finding under Wine, through the real wudoctor.com (a copy
// e2e.sh makes: WUD_CLI_EXE).
//
// First Wine as it is: its wuapi creates the session and the searcher but BeginSearch is E_NOTIMPL, and its
// AutomaticUpdates has no IAutomaticUpdates2, so the scan must say "not available on this system" (never "no updates"
// or "works") and the check "could not check".
//
// Then the real thing planted: a stand-in Windows Update Agent (tests/fixtures/standin_wua.cpp, an in-process COM
// server) registered in the prefix for Microsoft.Update.Session's and Microsoft.Update.AutoUpdate's CLSIDs in place of
// Wine's wuapi.dll, and put back afterwards. wudoctor.com loads it through COM as it loads wuapi.dll on Windows. Each
// test scripts it through WUD_STANDIN_WUA in wudoctor.com's environment and reads what it was asked from its record
// file: the search's criteria, RequestAbort, EndSearch, CleanUp (never inside the callback), a callback that came
// after WU Doctor had let go of the job.
#include "cli_e2e_main.hpp"

#include "cli_schema.hpp"

#include "wud/machine_access.hpp"
#include "wud/win32/machine_access.hpp"

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

using Catch::Matchers::Contains;

namespace {

constexpr const char* kSessionClsid = "{4CB43D7F-7EEE-4906-8698-60DA1C38F2FE}";    // Microsoft.Update.Session
constexpr const char* kAutoUpdateClsid = "{BFE18E9C-6D87-4450-B37C-E02F0B373803}";  // Microsoft.Update.AutoUpdate
constexpr const char* kWineWuapi = "C:\\windows\\system32\\wuapi.dll";  // what a fresh prefix registers for both
constexpr const char* kCriteria = "IsInstalled=0 and IsHidden=0 and Type='Software'";


std::string inprocKey(const char* clsid) { return std::string("HKLM\\SOFTWARE\\Classes\\CLSID\\") + clsid + "\\InprocServer32"; }

/// Registers the stand-in agent for both CLSIDs and puts Wine's registration back when it goes (also after a failed
/// REQUIRE). A registration a crashed run left behind is put back to Wine's own, not kept.
class StandInAgent {
public:
    StandInAgent() {
        const std::string dll = windowsPath(env("WUD_STANDIN_WUA_DLL"));
        REQUIRE_FALSE(dll.empty());
        for (const char* clsid : {kSessionClsid, kAutoUpdateClsid}) {
            const std::string key = inprocKey(clsid);
            Saved saved{key, machine().readValue(key, ""), machine().readValue(key, "ThreadingModel")};
            if (saved.path && asString(*saved.path).value_or("").find("wud_standin_wua") != std::string::npos)
                saved.path = regString(kWineWuapi);
            saved_.push_back(std::move(saved));
            REQUIRE(machine().writeValue(key, "", regString(dll)) == 0);
            REQUIRE(machine().writeValue(key, "ThreadingModel", regString("Both")) == 0);
        }
    }
    ~StandInAgent() {
        for (const Saved& s : saved_) {
            machine().writeValue(s.key, "", s.path.value_or(regString(kWineWuapi)));
            if (s.threading) machine().writeValue(s.key, "ThreadingModel", *s.threading);
        }
    }
    StandInAgent(const StandInAgent&) = delete;
    StandInAgent& operator=(const StandInAgent&) = delete;

private:
    struct Saved {
        std::string key;
        std::optional<RegValue> path, threading;
    };
    std::vector<Saved> saved_;
};

/// One scripted run's record file (fresh per test) and the environment entry that scripts the stand-in.
struct Script {
    std::string recordFile;
    std::string environment;

    explicit Script(const std::string& settings) {
        recordFile = testTmp() + "\\" + uniqueName("standin") + ".txt";
        ::DeleteFileW(widen(recordFile).c_str());
        environment = "WUD_STANDIN_WUA=" + settings + ";record=" + recordFile;
    }
    [[nodiscard]] std::vector<std::string> events() const {
        std::vector<std::string> lines;
        std::string text = readText(recordFile), line;
        for (const char c : text) {
            if (c == '\n') {
                lines.push_back(line);
                line.clear();
            } else if (c != '\r') {
                line += c;
            }
        }
        return lines;
    }
    [[nodiscard]] bool has(std::string_view event) const {
        const auto all = events();
        return std::find(all.begin(), all.end(), event) != all.end();
    }
    [[nodiscard]] bool hasPrefix(std::string_view prefix) const {
        const auto all = events();
        return std::any_of(all.begin(), all.end(), [&](const std::string& e) { return e.starts_with(prefix); });
    }
    [[nodiscard]] std::string all() const { return readText(recordFile); }
};

/// A machine-wide WinHTTP proxy (what `netsh winhttp set proxy` writes), removed again afterwards.
class PlantedProxy {
public:
    explicit PlantedProxy(const std::string& proxy) : before_(machine().readValue(kKey, kName)) {
        std::vector<std::uint8_t> blob{0x28, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, static_cast<std::uint8_t>(proxy.size()), 0, 0, 0};
        blob.insert(blob.end(), proxy.begin(), proxy.end());
        blob.insert(blob.end(), {0, 0, 0, 0});
        REQUIRE(machine().writeValue(kKey, kName, RegValue{kRegBinary, blob}) == 0);
    }
    ~PlantedProxy() {
        if (before_) machine().writeValue(kKey, kName, *before_);
        else machine().deleteValue(kKey, kName);
    }
    PlantedProxy(const PlantedProxy&) = delete;
    PlantedProxy& operator=(const PlantedProxy&) = delete;

private:
    static constexpr const char* kKey = R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections)";
    static constexpr const char* kName = "WinHttpSettings";
    std::optional<RegValue> before_;
};

void requireScanSchema(const json& doc) {
    using J = json;
    requireEnvelope(doc, "scan");
    const json& s = doc.at("scan");
    for (const char* key : {"outcome", "criteria", "message", "next_step"}) requireKey(s, key, &J::is_string);
    for (const char* key : {"answered", "abort_requested", "job_finished"}) requireKey(s, key, &J::is_boolean);
    for (const char* key : {"timeout_s", "duration_ms", "update_count"}) requireKey(s, key, &J::is_number_integer);
    for (const char* key : {"updates", "warnings", "causes"}) requireKey(s, key, &J::is_array);
    requireKey(s, "error_code", &J::is_string, true);
    requireKey(s, "result_code", &J::is_number_integer, true);
    requireKey(s, "explanation", &J::is_object, true);
    requireKey(doc, "last_scan_file", &J::is_string, true);
}

/// Runs `scan --json` with Ctrl+C pressed once the stand-in has been asked to search, and checks what every
/// cancelled scan shows: the press reached it, exit 1, the scan's schema, outcome "cancelled". Returns its document.
json scanCancelled(const Script& script) {
    bool pressed = false;
    const CliRun run = runCli({"scan", "--json"}, {script.environment}, {}, [&](const PROCESS_INFORMATION& process) {
        // Wait for the state, not for time: the search is under way once the agent recorded BeginSearch.
        waitUntil([&] { return script.hasPrefix("begin-search"); }, 30s);
        if (::WaitForSingleObject(process.hProcess, 0) == WAIT_TIMEOUT) pressed = pressCtrlC(process);
    });
    INFO(describe(run) << "\n--- agent record\n" << script.all());
    REQUIRE(pressed);
    CHECK(run.exit == 1);
    json doc = run.parsed();
    requireScanSchema(doc);
    CHECK(doc["scan"]["outcome"] == "cancelled");
    return doc;
}

}  // namespace

TEST_CASE("Scan under plain Wine: its wuapi cannot search: 'not available on this system', exit 1, never 'works'", "[scan]") {
    const CliRun text = runSaying({"scan"}, 1, {"not available on this system", "E_NOTIMPL"});
    CHECK_THAT(text.out, !Contains("no updates"));
    CHECK_THAT(text.out, !Contains("works"));

    const CliRun j = runCli({"scan", "--json"});
    INFO(describe(j));
    CHECK(j.exit == 1);
    const json doc = j.parsed();
    requireScanSchema(doc);
    CHECK(doc["exit_code"] == 1);
    CHECK(doc["scan"]["outcome"] == "not_available");
    CHECK(doc["scan"]["answered"] == false);
    CHECK(doc["scan"]["error_code"] == "0x80004001");
    CHECK(doc["scan"]["updates"].empty());

    // Wine's AutomaticUpdates has no IAutomaticUpdates2: "could not check", as information, never silence.
    const CliRun check = runCli({"check", "--json"});
    INFO(describe(check));
    const json findings = check.parsed();
    CHECK(findingIn(findings, "last-check") == nullptr);
    const json& f = requireFinding(findings, "last-check.could-not-check");
    CHECK(f["severity"] == "info");
    CHECK_THAT(f["evidence"][0].get<std::string>(), Contains("0x80004002"));

    // The report has both "last"s: Windows' record (unreadable here) and the scan just run.
    const CliRun report = runCli({"report"});
    INFO(describe(report));
    CHECK_THAT(report.out, Contains("\nChecking for updates\n"));
    CHECK_THAT(report.out, Contains("Windows' own record of its checks could not be read"));
    CHECK_THAT(report.out, Contains("Last check by WU Doctor:"));
    CHECK_THAT(report.out, Contains("not_available"));
}

TEST_CASE("Scan with the stand-in agent: 2 updates found, exit 0, read after the callback and cleaned up outside it", "[scan]") {
    StandInAgent agent;
    const Script script("search=updates");
    const CliRun run = runCli({"scan", "--json"}, {script.environment});
    INFO(describe(run) << "\n--- agent record\n" << script.all());
    CHECK(run.exit == 0);
    const json doc = run.parsed();
    requireScanSchema(doc);
    const json& s = doc["scan"];
    CHECK(s["outcome"] == "succeeded");
    CHECK(s["result_code"] == 2);
    CHECK(s["update_count"] == 2);
    CHECK(s["updates"][0]["title"] == "2024-05 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5037768)");
    CHECK(s["updates"][0]["kb"] == json::array({"KB5037768"}));
    CHECK(s["updates"][0]["max_download_bytes"] == 681574400);
    CHECK(s["updates"][0]["restart"] == "always");
    CHECK(s["updates"][1]["kb"] == json::array({"KB2267602"}));
    CHECK(s["updates"][1]["restart"] == "never");
    CHECK(s["abort_requested"] == false);
    CHECK(s["job_finished"] == true);
    CHECK_THAT(s["message"].get<std::string>(), Contains("Windows Update works: 2 updates are waiting"));

    // What the agent was asked, in order.
    CHECK(script.has("client-application-id WU Doctor"));
    CHECK(script.has(std::string("begin-search criteria=") + kCriteria));
    CHECK(script.has("callback-qi hr=0x00000000"));
    CHECK(script.has("completed callback-invoked hr=0x00000000"));
    CHECK(script.has("end-search hr=0x00000000"));
    CHECK(script.has("cleanup in-callback=0"));
    CHECK_FALSE(script.hasPrefix("cleanup in-callback=1"));
    CHECK_FALSE(script.has("request-abort"));

    // The text says the same; the report shows this scan as WU Doctor's last check.
    const CliRun text = runCli({"scan"}, {Script("search=updates").environment});
    CHECK(text.exit == 0);
    CHECK_THAT(text.out, Contains("KB5037768  650.0 MB  restart: always  2024-05 Cumulative Update"));
    const CliRun report = runCli({"report", "--json"});
    INFO(describe(report));
    const json r = report.parsed();
    CHECK(r["update_checks"]["last_scan"]["scan"]["outcome"] == "succeeded");
    CHECK(r["update_checks"]["last_scan"]["scan"]["update_count"] == 2);
    CHECK_THAT(r["report"].get<std::string>(), Contains("Security Intelligence Update for Microsoft Defender Antivirus"));
}

TEST_CASE("Scan with the stand-in agent: 0x8024402C explained and linked to the proxy finding, exit 1", "[scan]") {
    StandInAgent agent;
    PlantedProxy proxy("proxy.example.invalid:8080");
    const Script script("search=fail:0x8024402C");
    const CliRun run = runCli({"scan", "--json"}, {script.environment});
    INFO(describe(run) << "\n--- agent record\n" << script.all());
    CHECK(run.exit == 1);
    const json doc = run.parsed();
    requireScanSchema(doc);
    const json& s = doc["scan"];
    CHECK(s["outcome"] == "failed");
    CHECK(s["error_code"] == "0x8024402C");
    CHECK(s["explanation"]["name"] == "WU_E_PT_WINHTTP_NAME_NOT_RESOLVED");
    REQUIRE(s["causes"].size() >= 1);
    CHECK(std::any_of(s["causes"].begin(), s["causes"].end(), [](const json& c) { return c["id"] == "proxy"; }));
    CHECK_THAT(s["next_step"].get<std::string>(), Contains("Windows Update goes through a proxy: proxy.example.invalid:8080"));
    CHECK(script.has("end-search hr=0x8024402C"));
    CHECK(script.has("cleanup in-callback=0"));

    const CliRun text = runCli({"scan"}, {Script("search=fail:0x8024402C").environment});
    CHECK(text.exit == 1);
    CHECK_THAT(text.out, Contains("Windows Update still fails"));
    CHECK_THAT(text.out, Contains("Cause found by the checks: [info] proxy"));
}

TEST_CASE("Scan with the stand-in agent: a search that never completes: time limit, job aborted, exit 4", "[scan]") {
    StandInAgent agent;
    const Script script("search=hang");
    const CliRun run = runCli({"scan", "--timeout", "2", "--json"}, {script.environment});
    INFO(describe(run) << "\n--- agent record\n" << script.all());
    CHECK(run.exit == 4);
    const json doc = run.parsed();
    requireScanSchema(doc);
    CHECK(doc["scan"]["outcome"] == "timed_out");
    CHECK(doc["scan"]["abort_requested"] == true);
    CHECK(doc["scan"]["job_finished"] == false);
    CHECK(doc["scan"]["timeout_s"] == 2);
    CHECK_THAT(doc["scan"]["next_step"].get<std::string>(), Contains("wudoctor scan --timeout 4"));
    CHECK(script.has("request-abort"));
    // Never EndSearch on an unfinished job, never CleanUp (it would wait for the job): the job is only let go.
    CHECK_FALSE(script.hasPrefix("end-search"));
    CHECK_FALSE(script.hasPrefix("cleanup"));
    CHECK(script.has("job-released completed=0"));
}

TEST_CASE("Scan with the stand-in agent: Ctrl+C aborts the search; the agent's aborted callback ends it, exit 1", "[scan]") {
    StandInAgent agent;
    const Script script("search=abort-completes");
    const json doc = scanCancelled(script);
    INFO("--- agent record\n" << script.all());
    CHECK(doc["scan"]["abort_requested"] == true);
    CHECK(doc["scan"]["job_finished"] == true);
    CHECK(doc["scan"]["result_code"] == 5);  // orcAborted
    CHECK(script.has("request-abort"));
    CHECK(script.has("aborted callback-invoked hr=0x00000000"));
    CHECK(script.has("end-search hr=0x00000000"));
    CHECK(script.has("cleanup in-callback=0"));
}

TEST_CASE("Scan with the stand-in agent: a callback arriving after Cancel, once WU Doctor let go, finds a live object", "[scan]") {
    StandInAgent agent;
    const Script script("search=late-callback");
    const json doc = scanCancelled(script);  // exit 1, no crash: the callback came after the job was let go
    INFO("--- agent record\n" << script.all());
    CHECK(doc["scan"]["job_finished"] == false);
    CHECK_THAT(doc["scan"]["message"].get<std::string>(), Contains("had not stopped when WU Doctor gave up waiting"));
    const std::vector<std::string> events = script.events();
    const auto at = [&](std::string_view e) { return std::find(events.begin(), events.end(), e) - events.begin(); };
    CHECK(at("request-abort") < at("job-released completed=0"));
    CHECK(at("job-released completed=0") < at("late-callback callback-invoked hr=0x00000000"));
    CHECK(at("late-callback callback-invoked hr=0x00000000") < static_cast<std::ptrdiff_t>(events.size()));
    CHECK_FALSE(script.hasPrefix("cleanup"));
}

TEST_CASE("check with the stand-in agent: Windows' last successful check 40 days ago is the last-check warning", "[scan]") {
    StandInAgent agent;
    const Script script("last-search-days=40;last-install-days=45");
    const CliRun run = runCli({"check", "--json"}, {script.environment});
    INFO(describe(run) << "\n--- agent record\n" << script.all());
    const json doc = run.parsed();
    const json& f = requireFinding(doc, "last-check");
    CHECK(f["severity"] == "warning");
    CHECK(f["title"] == "Windows has not checked for updates successfully for 40 days");
    CHECK_THAT(f["evidence"][0].get<std::string>(), Contains("LastSearchSuccessDate = "));
    CHECK_THAT(f["evidence"][0].get<std::string>(), Contains("(40 days ago)"));
    CHECK_THAT(f["evidence"][1].get<std::string>(), Contains("(45 days ago)"));
    CHECK(f["repairable"] == false);
    CHECK(findingIn(doc, "last-check.could-not-check") == nullptr);
    CHECK(script.has("last-search-success-date 40"));

    const CliRun report = runCli({"report", "--json"}, {script.environment});
    INFO(describe(report));
    const json r = report.parsed();
    CHECK(r["update_checks"]["automatic_updates"]["readable"] == true);
    CHECK(r["update_checks"]["automatic_updates"]["last_search_success_days_ago"] == 40);
    CHECK(r["update_checks"]["automatic_updates"]["last_installation_success_days_ago"] == 45);
    CHECK_THAT(r["report"].get<std::string>(), Contains("Last successful check by Windows:        "));
    CHECK_THAT(r["report"].get<std::string>(), Contains("(40 days ago)"));
}

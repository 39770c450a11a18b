// Black-box tests of wudoctor.com under Wine, against Wine's real SCM and the fixture services of the test
// prefix: every command and exit code, JSON, the log, bad input. Run by e2e.sh, which gives a copy of the
// exe (WUD_CLI_EXE), a scratch folder (WUD_CLI_TMP) and a read-only folder holding another copy (WUD_CLI_RO_DIR).
//
// The CLI runs as a child process (CreateProcessW, output through pipes, so it sees redirected handles and
// writes UTF-8). SCM state is read directly (Win32ServiceManager); fixture faults are set by changing a
// catalog service's binary path for one test and restoring it afterwards (ServiceConfigGuard).
#include "cli_e2e_main.hpp"

#include "cli_line.hpp"
#include "cli_schema.hpp"
#include "service_config_guard.hpp"

#include "wud/text.hpp"
#include "wud/win32/handle.hpp"
#include "wud/win32/service_manager.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

namespace {

std::string scratch() { return env("WUD_CLI_TMP"); }



/// The fixture services' shared record file, parsed from UsoSvc's command line (--record "<file>").
std::string recordFile() { return prefixRecordFile(); }

std::string logFileOf(const CliRun& run) {
    std::string path = run.out;
    while (!path.empty() && (path.back() == '\n' || path.back() == '\r')) path.pop_back();
    return path;
}

/// Runs `args` (a command that sets `service`'s start type, with --json) and checks the change as its user is told
/// of it and as the SCM now has it: exit 0, the actions schema, the start type before and after.
void checkStartTypeSet(const std::vector<std::string>& args, const std::string& service, StartType before,
                       StartType after) {
    const CliRun run = runCli(args);
    INFO(describe(run));
    REQUIRE(run.exit == 0);
    const json doc = run.parsed();
    requireActionsSchema(doc, args.front());
    CHECK(doc["results"][0]["start_type_before"] == std::string(toId(before)));
    CHECK(doc["results"][0]["start_type_after"] == std::string(toId(after)));
    CHECK(scm().query(service).snapshot.startType == after);
}

}  // namespace

// ------------------------------------------------------------------------------------------------ status

TEST_CASE("CLI e2e: status shows UsoSvc and wuauserv and exits 0", "[e2e][status]") {
    const CliRun run = runCli({"status"});
    INFO(describe(run));
    CHECK(run.exit == 0);
    CHECK_THAT(run.out, Catch::Contains("UsoSvc"));
    CHECK_THAT(run.out, Catch::Contains("wuauserv"));
    CHECK_THAT(run.out, Catch::Contains("Start type"));
    CHECK(run.out.find('\x1b') == std::string::npos);  // redirected: no colour
    CHECK(run.err.empty());
}

TEST_CASE("CLI e2e: no arguments means status", "[e2e][status]") {
    const CliRun run = runCli({});
    INFO(describe(run));
    CHECK(run.exit == 0);
    CHECK_THAT(run.out, Catch::Contains("UsoSvc"));
    CHECK_THAT(run.out, Catch::Contains("wuauserv"));
}

TEST_CASE("CLI e2e: status --all --json matches the schema and the SCM", "[e2e][status][json]") {
    const ServiceSnapshot wu = bringTo(scm(), "wuauserv", ServiceState::Running);
    const CliRun run = runCli({"status", "--all", "--json"});
    INFO(describe(run));
    CHECK(run.exit == 0);
    const json doc = run.parsed();
    requireStatusSchema(doc);
    CHECK(doc["elevated"] == true);  // Wine: every process is elevated
    CHECK(doc["os_build"] == 19045);
    REQUIRE(doc["services"].size() == 8);
    CHECK(doc["services"][0]["name"] == "UsoSvc");
    CHECK(doc["services"][1]["name"] == "wuauserv");
    CHECK(doc["services"][1]["state"] == "running");
    CHECK(doc["services"][1]["pid"] == wu.pid);
    for (const auto& s : doc["services"]) CHECK(s["installed"] == true);
}

TEST_CASE("CLI e2e: --version and --help exit 0", "[e2e][status]") {
    const CliRun version = runCli({"--version"});
    CHECK(version.exit == 0);
    CHECK_THAT(version.out, Catch::StartsWith("WU Doctor "));
    const CliRun help = runCli({"--help"});
    INFO(describe(help));
    CHECK(help.exit == 0);
    CHECK_THAT(help.out, Catch::Contains("Exit codes"));
    CHECK_THAT(help.out, Catch::Contains("repair-start-type"));
    CHECK(runCli({"--version", "--json"}).parsed()["version"].is_string());
}

// ------------------------------------------------------------------------------------------------ actions

TEST_CASE("CLI e2e: restart of Wine's wuauserv changes its PID", "[e2e][actions]") {
    const ServiceSnapshot before = bringTo(scm(), "wuauserv", ServiceState::Running);
    REQUIRE(before.pid != 0);
    const CliRun run = runCli({"restart", "wuauserv", "--json"});
    INFO(describe(run));
    REQUIRE(run.exit == 0);
    const json doc = run.parsed();
    requireActionsSchema(doc, "restart");
    REQUIRE(doc["results"].size() == 1);
    const json& r = doc["results"][0];
    CHECK(r["name"] == "wuauserv");
    CHECK(r["ok"] == true);
    CHECK(r["pid_before"] == before.pid);
    const ServiceSnapshot after = scm().query("wuauserv").snapshot;
    CHECK(after.state == ServiceState::Running);
    CHECK(after.pid != before.pid);
    CHECK(r["pid_after"] == after.pid);
    CHECK(r["state_after"] == "running");
}

TEST_CASE("CLI e2e: stop and start change the SCM state and exit 0", "[e2e][actions]") {
    bringTo(scm(), "UsoSvc", ServiceState::Running);
    runSaying({"stop", "usosvc"}, 0, {"ok"});
    CHECK(scm().query("UsoSvc").snapshot.state == ServiceState::Stopped);
    const CliRun start = runCli({"start", "UsoSvc", "--json"});
    INFO(describe(start));
    CHECK(start.exit == 0);
    requireActionsSchema(start.parsed(), "start");
    CHECK(scm().query("UsoSvc").snapshot.state == ServiceState::Running);
}

TEST_CASE("CLI e2e: fix restarts UsoSvc before wuauserv", "[e2e][actions]") {
    bringTo(scm(), "UsoSvc", ServiceState::Running);
    const ServiceSnapshot wuBefore = bringTo(scm(), "wuauserv", ServiceState::Running);
    const long long since = epochMs();
    const CliRun run = runCli({"fix", "--json"});
    INFO(describe(run));
    REQUIRE(run.exit == 0);
    const json doc = run.parsed();
    requireActionsSchema(doc, "fix");
    REQUIRE(doc["results"].size() == 2);
    CHECK(doc["results"][0]["name"] == "UsoSvc");
    CHECK(doc["results"][1]["name"] == "wuauserv");

    // The fixture's own records: UsoSvc stopped and ran again (in that order) ...
    const auto records = readRecords(recordFile());
    const auto events = eventsOf(records, "UsoSvc", since);
    INFO("UsoSvc events: " << events.size());
    REQUIRE(events.size() >= 2);
    const auto stopped = std::find(events.begin(), events.end(), "stopped");
    const auto running = std::find(stopped, events.end(), "running");
    CHECK(stopped != events.end());
    REQUIRE(running != events.end());
    long long usoRunningMs = 0;
    for (const Record& r : records)
        if (r.service == "UsoSvc" && r.ms >= since && r.event == "running") usoRunningMs = r.ms;
    // ... before Wine's wuauserv got its new process (wuauserv is Wine's stub, not a fixture: its process
    // creation time stands in for its record).
    const ServiceSnapshot wuAfter = scm().query("wuauserv").snapshot;
    REQUIRE(wuAfter.pid != wuBefore.pid);
    const UniqueHandle process(::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, wuAfter.pid));
    REQUIRE(process);
    FILETIME created, exited, kernel, user;
    REQUIRE(::GetProcessTimes(process.get(), &created, &exited, &kernel, &user));
    const long long createdMs =
        static_cast<long long>((ULARGE_INTEGER{{created.dwLowDateTime, created.dwHighDateTime}}.QuadPart / 10'000) -
                               11'644'473'600'000LL);
    CHECK(usoRunningMs <= createdMs);
}

TEST_CASE("CLI e2e: a Disabled service gives 1 with the repair advice; repair-start-type fixes it", "[e2e][actions]") {
    ServiceConfigGuard guard("CryptSvc");
    guard.setStartType(SERVICE_DISABLED);
    runSaying({"start", "CryptSvc"}, 1, {"wudoctor repair-start-type CryptSvc"});
    CHECK(scm().query("CryptSvc").snapshot.state == ServiceState::Stopped);

    checkStartTypeSet({"repair-start-type", "cryptsvc", "--json"}, "CryptSvc", StartType::Disabled, StartType::Automatic);
    CHECK(runCli({"start", "CryptSvc"}).exit == 0);
}

TEST_CASE("CLI e2e: set-start-type DoSvc disabled: the SCM shows it, the old value is logged", "[e2e][actions]") {
    // What the window's Undo sends to its elevated copy for a standard user.
    ServiceConfigGuard guard("DoSvc");
    guard.setStartType(SERVICE_DEMAND_START);
    checkStartTypeSet({"set-start-type", "DoSvc", "disabled", "--json"}, "DoSvc", StartType::Manual, StartType::Disabled);
    const CliRun where = runCli({"log"});
    const std::string text = readText(logFileOf(where));
    CHECK_THAT(text, Catch::Contains("start_type service=DoSvc result=ok old=manual new=disabled"));

    const CliRun back = runCli({"set-start-type", "DoSvc", "manual"});
    INFO(describe(back));
    CHECK(back.exit == 0);
    CHECK(scm().query("DoSvc").snapshot.startType == StartType::Manual);
    CHECK(runCli({"set-start-type", "DoSvc", "sideways"}).exit == 2);
    CHECK(scm().query("DoSvc").snapshot.startType == StartType::Manual);  // a typo changes nothing
}

// ------------------------------------------------------------------------------------------------ faults

TEST_CASE("CLI e2e: a hung fixture gives 4 within the timeout", "[e2e][faults]") {
    ServiceConfigGuard guard("WaaSMedicSvc");
    // The stop handler hangs: STOP_PENDING, the checkpoint never moves.
    guard.addFlags("--hang-stop --hang-limit 60000");
    REQUIRE(bringTo(scm(), "WaaSMedicSvc", ServiceState::Running).state == ServiceState::Running);
    const CliRun run = runCli({"stop", "WaaSMedicSvc", "--timeout", "3", "--json"});
    INFO(describe(run));
    CHECK(run.exit == 4);
    CHECK(run.elapsed < 3s + 900ms);  // the timeout plus process start-up
    const json doc = run.parsed();
    requireActionsSchema(doc, "stop");
    CHECK(doc["exit_code"] == 4);
    CHECK(doc["results"][0]["ok"] == false);
    CHECK(doc["results"][0]["state_after"] == "stop_pending");
    CHECK_FALSE(doc["results"][0]["message"].get<std::string>().empty());
}

TEST_CASE("CLI e2e: Ctrl+C during a wait stops waiting, reports where the service is, and exits 1", "[e2e][faults]") {
    ServiceConfigGuard guard("TrustedInstaller");
    // A slow but honest stop: STOP_PENDING with a rising checkpoint for 8 s, then STOPPED.
    guard.addFlags("--stop-delay 8000");
    REQUIRE(bringTo(scm(), "TrustedInstaller", ServiceState::Running).state == ServiceState::Running);
    bool pressed = false;
    const CliRun run = runCli({"stop", "TrustedInstaller", "--json"}, {}, {}, [&](const PROCESS_INFORMATION& process) {
        // Wait for the state, not for time: the CLI has asked for the stop once the SCM shows STOP_PENDING.
        waitForState(scm(), "TrustedInstaller", ServiceState::StopPending, 20s);
        if (::WaitForSingleObject(process.hProcess, 0) == WAIT_TIMEOUT) pressed = pressCtrlC(process);
    });
    INFO(describe(run));
    REQUIRE(pressed);
    CHECK(run.exit == 1);
    const json doc = run.parsed();
    requireActionsSchema(doc, "stop");
    CHECK(doc["results"][0]["ok"] == false);
    CHECK(doc["results"][0]["state_after"] == "stop_pending");
    CHECK_THAT(doc["results"][0]["message"].get<std::string>(), Catch::Contains("Cancelled"));
    // The service carries on by itself; the next test starts from STOPPED.
    CHECK(waitForState(scm(), "TrustedInstaller", ServiceState::Stopped, 30s).state == ServiceState::Stopped);
}

TEST_CASE("CLI e2e: a failing fixture gives 1 with its exit code in the message", "[e2e][faults]") {
    ServiceConfigGuard guard("TrustedInstaller");
    guard.addFlags("--fail-start 4242");
    const CliRun run = runCli({"start", "TrustedInstaller"});
    INFO(describe(run));
    CHECK(run.exit == 1);
    CHECK_THAT(run.out, Catch::Contains("4242"));
    CHECK_THAT(run.out, Catch::Contains("FAILED"));
    CHECK_THAT(run.out, Catch::Contains("next step"));
}

TEST_CASE("CLI e2e: a service that is not installed gives 5; several services give the worst code", "[e2e][faults]") {
    ServiceConfigGuard missing("DoSvc");
    ServiceConfigGuard failing("TrustedInstaller");
    failing.addFlags("--fail-start 7");
    missing.uninstall();
    struct Reinstall {
        ServiceConfigGuard& g;
        ~Reinstall() { g.reinstall(); }
    } reinstall{missing};

    const CliRun alone = runCli({"start", "DoSvc"});
    INFO(describe(alone));
    CHECK(alone.exit == 5);
    CHECK(runCli({"status", "DoSvc"}).exit == 5);
    CHECK(runCli({"status", "--all"}).exit == 0);  // only UsoSvc and wuauserv are required there

    bringTo(scm(), "wuauserv", ServiceState::Running);
    const CliRun several = runCli({"restart", "DoSvc", "TrustedInstaller", "wuauserv", "--json"});
    INFO(describe(several));
    CHECK(several.exit == 1);  // worst of 5, 1, 0
    const json doc = several.parsed();
    REQUIRE(doc["results"].size() == 3);  // every service still gets its line
    CHECK(doc["results"][0]["name"] == "wuauserv");
    CHECK(doc["results"][0]["exit_code"] == 0);
    CHECK(doc["results"][1]["exit_code"] == 1);  // TrustedInstaller, catalog order
    CHECK(doc["results"][2]["exit_code"] == 5);

    missing.reinstall();
    CHECK(scm().query("DoSvc").snapshot.installed);
}

// ------------------------------------------------------------------------------------------------ bad input

TEST_CASE("CLI e2e: bad input gives 2, one line, and no service changes state", "[e2e][usage]") {
    const ServiceSnapshot uso = bringTo(scm(), "UsoSvc", ServiceState::Running);
    const ServiceSnapshot wu = bringTo(scm(), "wuauserv", ServiceState::Running);
    const auto recordsBefore = readRecords(recordFile()).size();
    const std::vector<std::vector<std::string>> table{
        {"frobnicate"},
        {"start"},
        {"restart", ""},
        {"restart", "nosuch"},
        {"stop", "wuauserv", "nosuch"},  // one bad name: nothing is done, not even to wuauserv
        {"--timeout", "-5", "restart", "wuauserv"},
        {"--timeout", "abc", "stop", "UsoSvc"},
        {"--timeout"},
        {"stop", "UsoSvc", "--bogus"},
        {"restart", std::string(5000, 'w')},
        {"restart", "Wüauserv"},
        {"stop", "更新服务"},
        {"fix", "now"},
    };
    for (const auto& args : table) {
        const CliRun run = runCli(args);
        INFO("args[0]=" << args[0].substr(0, 40) << "\n" << describe(run));
        CHECK(run.exit == 2);
        CHECK(run.out.empty());
        CHECK(lineCount(run.err) == 1);
        CHECK_THAT(run.err, Catch::StartsWith("wudoctor: "));
    }
    const ServiceSnapshot usoAfter = scm().query("UsoSvc").snapshot;
    const ServiceSnapshot wuAfter = scm().query("wuauserv").snapshot;
    CHECK(usoAfter.state == ServiceState::Running);
    CHECK(usoAfter.pid == uso.pid);
    CHECK(wuAfter.state == ServiceState::Running);
    CHECK(wuAfter.pid == wu.pid);
    CHECK(readRecords(recordFile()).size() == recordsBefore);
}

// ------------------------------------------------------------------------------------------------ JSON

TEST_CASE("CLI e2e: --json parses and matches the schema for every command", "[e2e][json]") {
    bringTo(scm(), "wuauserv", ServiceState::Running);
    requireStatusSchema(runCli({"status", "--json"}).parsed());
    requireActionsSchema(runCli({"start", "wuauserv", "--json"}).parsed(), "start");
    requireActionsSchema(runCli({"--json", "restart", "wuauserv"}).parsed(), "restart");
    requireActionsSchema(runCli({"stop", "wuauserv", "--json"}).parsed(), "stop");
    requireActionsSchema(runCli({"fix", "--json"}).parsed(), "fix");
    requireActionsSchema(runCli({"repair-start-type", "wuauserv", "--json"}).parsed(), "repair-start-type");
    scm().setStartType("wuauserv", StartType::Manual);  // the prefix's setting

    const json report = runCli({"report", "--json"}).parsed();
    requireStatusSchema(report, "report");
    CHECK_THAT(report["report"].get<std::string>(), Catch::Contains("WU Doctor"));

    const json log = runCli({"log", "--json"}).parsed();
    requireEnvelope(log, "log");
    CHECK(log["log_file"].is_string());
    CHECK(log["fallback"] == false);

    const CliRun troubleshoot = runCli({"troubleshoot", "--json"});
    INFO(describe(troubleshoot));
    const json t = troubleshoot.parsed();
    requireEnvelope(t, "troubleshoot");
    CHECK(t["target"]["file"].is_string());
    CHECK(t["ok"].is_boolean());
    CHECK(troubleshoot.exit == (t["ok"] == true ? 0 : 1));
}

TEST_CASE("CLI e2e: detect exits 1 exactly when check finds a problem (Intune's contract)", "[e2e][json][json-line]") {
    const CliRun check = runCli({"check", "--json"});
    const CliRun detect = runCli({"detect", "--json-line"});
    INFO(describe(check) << describe(detect));
    REQUIRE((check.exit == 0 || check.exit == 6));
    const json line = requireOneLine(detect);
    CHECK(detect.exit == (check.exit == 6 ? 1 : 0));
    CHECK(line["needs_remediation"] == (check.exit == 6));
    CHECK(line["problems"] == check.parsed()["problems"]);
}

TEST_CASE("CLI e2e: --computer with a list of local names gives one line per computer, in order", "[e2e][json][json-line]") {
    bringTo(scm(), "wuauserv", ServiceState::Running);
    const std::string listFile = scratch() + "\\pcs.txt";
    {
        std::ofstream out(std::filesystem::path(widen(listFile)));
        out << "# the technician's list\nlocalhost\n\n  .  \n";
    }
    for (const std::string& computers : {std::string(".,localhost"), "@" + listFile}) {
        const CliRun run = runCli({"status", "--computer", computers, "--json-line"});
        INFO(computers << "\n" << describe(run));
        CHECK(run.exit == 0);
        CHECK(run.err.empty());
        REQUIRE(lineCount(run.out) == 2);
        std::vector<json> lines;
        std::istringstream in(run.out);
        for (std::string text; std::getline(in, text);) {
            CHECK(text.size() <= 2000);
            lines.push_back(json::parse(text));
        }
        REQUIRE(lines.size() == 2);
        for (const json& line : lines) {
            CHECK(line["exit_code"] == 0);
            CHECK(line["services"].size() == 2);
        }
        const bool fromFile = computers.starts_with("@");
        CHECK(lines[0]["computer"] == (fromFile ? "localhost" : "."));
        CHECK(lines[1]["computer"] == (fromFile ? "." : "localhost"));
    }
    const CliRun missing = runCli({"status", "--computer", "@" + scratch() + "\\no-such-list.txt", "--json-line"});
    CHECK(missing.exit == 2);
    CHECK(requireOneLine(missing)["verdict"] == "usage_error");
}

TEST_CASE("CLI e2e: elevated, --log-dir in a folder users can change is refused (exit 2, why, in the line), and left "
          "as it was", "[e2e][json][json-line]") {
    // C:\Users\Public: every user may write there. The non-ASCII name must come out as \u escapes.
    const std::string dir = "C:\\Users\\Public\\w\xC3\xBC" "d-logs-" + std::to_string(::GetCurrentProcessId());
    const CliRun run = runCli({"status", "--json-line", "--log-dir", dir});
    const json line = requireOneLine(run);
    CHECK(run.exit == 2);
    CHECK(line["verdict"] == "usage_error");
    CHECK_THAT(line["message"].get<std::string>(), Catch::Contains("confused deputy"));
    CHECK_THAT(run.out, Catch::Contains("w\\u00fcd-logs"));
    CHECK_FALSE(std::filesystem::exists(std::filesystem::path(widen(dir))));
}

TEST_CASE("CLI e2e: non-ASCII display names survive redirected output", "[e2e][json][unicode]") {
    ServiceConfigGuard guard("DoSvc");
    const std::string name = "Optimisation de la distribution \xE2\x80\x93 \xE9\x85\x8D\xE4\xBF\xA1 \xC3\x9C";
    guard.setDisplayName(name);
    const CliRun json = runCli({"status", "DoSvc", "--json"});
    INFO(describe(json));
    CHECK(json.parsed()["services"][0]["display_name"] == name);
    const CliRun text = runCli({"status", "DoSvc"});
    CHECK_THAT(text.out, Catch::Contains(name));
    const CliRun report = runCli({"report"});
    CHECK_THAT(report.out, Catch::Contains(name));
}

TEST_CASE("CLI e2e: troubleshoot explains what to do when Windows cannot open it", "[e2e][actions]") {
    const CliRun run = runCli({"troubleshoot"});
    INFO(describe(run));
    CHECK((run.exit == 0 || run.exit == 1));
    if (run.exit == 1) CHECK_THAT(run.out, Catch::Contains("Troubleshoot"));
}

// ------------------------------------------------------------------------------------------------ log

TEST_CASE("CLI e2e: actions are logged beside the exe", "[e2e][log]") {
    bringTo(scm(), "wuauserv", ServiceState::Running);
    REQUIRE(runCli({"restart", "wuauserv"}).exit == 0);
    const CliRun where = runCli({"log"});
    INFO(describe(where));
    REQUIRE(where.exit == 0);
    const std::string file = logFileOf(where);
    CHECK_THAT(file, Catch::Contains("wudoctor-logs"));
    const std::string text = readText(file);
    CHECK_THAT(text, Catch::Contains("action=restart service=wuauserv result=ok state_before=running state_after=running"));
    CHECK_THAT(text, Catch::Contains("duration_ms="));
    CHECK_THAT(text, Catch::Contains("wudoctor 'restart' 'wuauserv'"));
}

TEST_CASE("CLI e2e: elevated, a read-only exe folder logs to %ProgramData%\\WUDoctor\\logs (never the user's "
          "%LOCALAPPDATA%); no place at all warns once", "[e2e][log]") {
    // Every Wine process is elevated: an elevated WU Doctor never writes where a standard user decides where the
    // writes land (write_places.hpp), so its fallback is the folder it makes in ProgramData, whatever LOCALAPPDATA
    // says. (A standard user's fallback, LOCALAPPDATA, is the unit tests' part: tests/unit/test_write_places.cpp.)
    const std::string roDir = env("WUD_CLI_RO_DIR");
    REQUIRE_FALSE(roDir.empty());
    const std::string exe = roDir + "\\wudoctor.com";
    const std::string localAppData = scratch() + "\\localappdata";
    std::filesystem::remove_all(std::filesystem::path(widen(localAppData)));
    const std::string programData = programDataFolder() + "\\WUDoctor";

    const CliRun where = runCli({"log"}, {"LOCALAPPDATA=" + localAppData}, exe);
    INFO(describe(where));
    REQUIRE(where.exit == 0);
    CHECK(logFileOf(where) == programData + "\\logs\\wudoctor.log");
    CHECK(runCli({"log", "--json"}, {"LOCALAPPDATA=" + localAppData}, exe).parsed()["fallback"] == true);
    REQUIRE(runCli({"status"}, {"LOCALAPPDATA=" + localAppData}, exe).exit == 0);
    CHECK_THAT(readText(logFileOf(where)), Catch::Contains("status service=wuauserv"));
    CHECK_FALSE(std::filesystem::exists(std::filesystem::path(widen(localAppData))));  // the user's folder: untouched

    // Nowhere to write: a file where the ProgramData folder would be (the folder itself kept aside meanwhile).
    const std::wstring folder = widen(programData), aside = folder + L".wudtest-aside";
    REQUIRE(::MoveFileExW(folder.c_str(), aside.c_str(), 0));
    {
        const UniqueFile blocker{::CreateFileW(folder.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, 0, nullptr)};
        REQUIRE(blocker);
    }
    struct Restore {
        std::wstring folder, aside;
        ~Restore() {
            ::DeleteFileW(folder.c_str());
            ::MoveFileExW(aside.c_str(), folder.c_str(), 0);
        }
    } restore{folder, aside};
    const CliRun status = runCli({"status"}, {"LOCALAPPDATA=" + localAppData}, exe);
    INFO(describe(status));
    CHECK(status.exit == 0);
    CHECK(lineCount(status.err) == 1);
    CHECK_THAT(status.err, Catch::Contains("keeps no log"));
    const CliRun none = runCli({"log"}, {"LOCALAPPDATA=" + localAppData}, exe);
    CHECK(none.exit == 1);
    CHECK(lineCount(none.err) == 1);
}

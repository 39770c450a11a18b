// What engines get (--json-line), and what the technician types for them: the one line's contract (one line, ASCII,
// at most 2,000 characters, valid JSON, cut honestly), the global options, computer lists, detect's exit code, and the
// Windows Update Agent's refusals in a remote logon. Pure: host (ASan + UBSan) and Wine.
#include "cli_command.hpp"
#include "cli_info_command.hpp"
#include "cli_json_line.hpp"
#include "cli_options.hpp"
#include "cli_output.hpp"
#include "cli_repairs_command.hpp"
#include "cli_scan_command.hpp"
#include "cli_services.hpp"

#include "wud/fake_service_manager.hpp"

#include <catch2/catch.hpp>

#include <functional>

using namespace wud;
using namespace wud::cli;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

RunContext context() { return RunContext{"1.2.3", "", "PC-1", OsVersion{10, 0, 19045}, true, "C:\\logs\\wudoctor.log"}; }

/// The contract every line keeps, whatever the command.
json requireLine(const std::string& line) {
    INFO(line);
    REQUIRE(!line.empty());
    CHECK(line.back() == '\n');
    CHECK(line.find('\n') == line.size() - 1);
    CHECK(line.find('\r') == std::string::npos);
    CHECK(line.size() - 1 <= kMaxJsonLine);
    CHECK(std::all_of(line.begin(), line.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
    CHECK_FALSE(line.starts_with("\xEF\xBB\xBF"));
    json doc;
    REQUIRE_NOTHROW(doc = json::parse(line));
    for (const char* key : {"schema_version", "tool", "version", "computer", "command", "exit_code", "verdict", "log"})
        CHECK(doc.contains(key));
    return doc;
}

Finding finding(std::string id, Severity severity) {
    Finding f;
    f.id = std::move(id);
    f.severity = severity;
    f.title = "A title long enough to matter in a document of many findings";
    f.evidence = {R"(HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\WUServer = " " (REG_SZ))"};
    f.explanation = "Plain words that explain it, which the line leaves out: ids, not evidence.";
    f.nextStep = "wudoctor repair --all";
    return f;
}

}  // namespace

TEST_CASE("JSON line: a check with a few findings gives their ids, counts and the common fields", "[json-line]") {
    const std::vector<Finding> findings{finding("policy.wuserver", Severity::Problem), finding("hosts", Severity::Warning),
                                        finding("policy.managed", Severity::Info)};
    json doc = envelope(context(), "check", ExitCode::ProblemsFound, "problems");
    doc["problems"] = 1;
    doc["findings"] = findingsJson(findings);
    const json line = requireLine(jsonLine(doc));
    CHECK(line["computer"] == "PC-1");
    CHECK(line["exit_code"] == 6);
    CHECK(line["verdict"] == "problems");
    CHECK(line["log"] == "C:\\logs\\wudoctor.log");
    CHECK(line["problems"] == 1);
    CHECK(line["warnings"] == 1);
    CHECK(line["findings"] == json::array({"policy.wuserver", "hosts", "policy.managed"}));
    CHECK_FALSE(line.contains("truncated"));
    CHECK(jsonLine(doc).find("REG_SZ") == std::string::npos);  // evidence stays in --json
}

TEST_CASE("JSON line: 400 findings are cut to 2,000 characters, problems kept first, and say truncated", "[json-line]") {
    std::vector<Finding> findings;
    for (int i = 0; i < 100; ++i) findings.push_back(finding("service.problem-" + std::to_string(i) + ".start-type", Severity::Problem));
    for (int i = 0; i < 300; ++i) findings.push_back(finding("tasks.warning-" + std::to_string(i), Severity::Warning));
    json doc = envelope(context(), "check", ExitCode::ProblemsFound, "problems");
    doc["findings"] = findingsJson(findings);
    const std::string text = jsonLine(doc);
    const json line = requireLine(text);
    CHECK(line["truncated"] == true);
    CHECK(line["problems"] == 100);  // the counts are the whole truth; the list is cut
    CHECK(line["warnings"] == 300);
    REQUIRE(line["findings"].size() > 10);
    CHECK(line["findings"].size() < 400);
    CHECK(line["findings"][0] == "service.problem-0.start-type");
    CHECK(text.size() > kMaxJsonLine - 100);  // cut to fit, not emptied
}

TEST_CASE("JSON line: non-ASCII names and paths are \\u escapes that read back exactly", "[json-line]") {
    RunContext c = context();
    c.computer = "PC-Müller-東京";
    c.logFile = "C:\\Users\\Zoë\\AppData\\Local\\WUDoctor\\logs\\wudoctor.log";
    json doc = envelope(c, "status", ExitCode::Ok, "ok");
    doc["services"] = json::array({json{{"name", "wuauserv"}, {"state", "running"}, {"start_type", "manual"}, {"error_code", 0}}});
    const std::string text = jsonLine(doc);
    const json line = requireLine(text);
    CHECK_THAT(text, Contains("\\u00fc"));
    CHECK(line["computer"] == "PC-Müller-東京");
    CHECK(line["log"] == c.logFile);
    // A name past the Basic Multilingual Plane is a surrogate pair; invalid UTF-8 becomes U+FFFD, never a broken line.
    c.computer = "PC-\xF0\x9F\x98\x80-\xFF";
    const json odd = requireLine(jsonLine(envelope(c, "status", ExitCode::Ok, "ok")));
    CHECK(odd["computer"] == "PC-\xF0\x9F\x98\x80-\xEF\xBF\xBD");
}

TEST_CASE("JSON line: a huge text (a path of escapes) is halved until the line fits", "[json-line]") {
    RunContext c = context();
    c.logFile = "C:\\" + std::string(3000, 'x');
    const json line = requireLine(jsonLine(envelope(c, "log", ExitCode::Ok, "ok")));
    CHECK(line["truncated"] == true);
    CHECK(line["log"].get<std::string>().ends_with("..."));
}

TEST_CASE("JSON line: a failure says why in the line; a usage error has a line too", "[json-line]") {
    json doc = envelope(context(), "troubleshoot", ExitCode::Failed, "failed");
    doc["message"] = "Windows could not open the troubleshooter.";
    doc["advice"] = "Open it yourself: Settings > System > Troubleshoot.";
    doc["ok"] = false;
    const json line = requireLine(jsonLine(doc));
    CHECK(line["message"] == "Windows could not open the troubleshooter.");
    CHECK(line["ok"] == false);
    const json usage = requireLine(usageErrorLine("1.2.3", "PC-1", "unknown command 'banana'"));
    CHECK(usage["exit_code"] == 2);
    CHECK(usage["verdict"] == "usage_error");
    CHECK(usage["message"] == "unknown command 'banana'");
}

namespace {

/// One exit path Wine cannot reach, through the fake SCM: the service's fault, the rights of the process, the command.
struct FakeRow {
    const char* name;  ///< what the user would see, and the Windows behaviour it stands for
    Verb verb;
    std::vector<std::string> services;
    std::function<void(FakeService&)> fault;
    bool elevated;
    ExitCode exit;
    const char* verdict;
};

}  // namespace

TEST_CASE("JSON line through the fake SCM: the exit paths Wine cannot reach are one line whose exit_code is the run's",
          "[json-line]") {
    // Under Wine every process is elevated (TokenIsElevated = 1) and the SCM refuses nothing, never hangs a start:
    // these rows stand for a standard user's prompt, an SCM that denies a query, and a ServiceMain that never returns.
    const std::vector<FakeRow> rows{
        {"start refused to a standard user (access denied, not elevated): 3", Verb::Start, {"wuauserv"},
         [](FakeService& s) { s.startError = 5; }, false, ExitCode::NeedsAdmin, "needs_admin"},
        {"stop refused to a standard user: 3", Verb::Stop, {"wuauserv"}, [](FakeService& s) {
             s.state = ServiceState::Running;
             s.stopError = 5;
         }, false,
         ExitCode::NeedsAdmin, "needs_admin"},
        {"set a start type as a standard user: 3", Verb::RepairStartType, {"wuauserv"},
         [](FakeService& s) { s.configError = 5; }, false, ExitCode::NeedsAdmin, "needs_admin"},
        {"status refused to a standard user: 3", Verb::Status, {}, [](FakeService& s) { s.queryError = 5; }, false,
         ExitCode::NeedsAdmin, "access_denied"},
        {"status refused although elevated (rights would not help): 1", Verb::Status, {},
         [](FakeService& s) { s.queryError = 5; }, true, ExitCode::Failed, "access_denied"},
        {"start that never leaves START_PENDING: 4", Verb::Start, {"wuauserv"},
         [](FakeService& s) { s.hangOnStart = true; }, true, ExitCode::TimedOut, "timed_out"},
    };
    for (const FakeRow& row : rows) {
        INFO(row.name);
        VirtualClock clock;
        FakeServiceManager scm(clock);
        scm.add("UsoSvc", ServiceState::Stopped);
        FakeService wuauserv{.name = "wuauserv", .displayName = "Windows Update"};
        row.fault(wuauserv);
        scm.add(wuauserv);
        Command command;
        command.verb = row.verb;
        command.services = row.services;
        command.timeout = std::chrono::seconds{5};
        RunContext c = context();
        c.elevated = row.elevated;
        ServicesEnv env{scm, clock, c};
        const Answer answer = runServices(command, env);
        const std::string text = jsonLine(answer.doc);
        INFO(text);
        const json line = requireLine(text);
        CHECK(answer.exit == row.exit);
        CHECK(line["exit_code"] == static_cast<int>(row.exit));
        CHECK(line.value("verdict", "") == row.verdict);
        CHECK(line.contains("results") != (row.verb == Verb::Status));  // the failing service's own line says why
    }
}

TEST_CASE("JSON line: a cut list says how many items it left out; a line that fits says nothing of the kind",
          "[json-line]") {
    std::vector<Finding> findings;
    for (int i = 0; i < 60; ++i) findings.push_back(finding("service.problem-" + std::to_string(i) + ".start-type", Severity::Problem));
    json doc = envelope(context(), "check", ExitCode::ProblemsFound, "problems");
    doc["findings"] = findingsJson(findings);
    const json line = requireLine(jsonLine(doc));
    REQUIRE(line["truncated"] == true);
    CHECK(line["omitted"]["findings"].get<std::size_t>() + line["findings"].size() == 60);
    CHECK(line["omitted"].size() == 1);  // only the list that lost items
    doc["findings"] = findingsJson(std::span(findings).first(1));
    CHECK_FALSE(requireLine(jsonLine(doc)).contains("omitted"));
}

TEST_CASE("Options: --json-line and --log-dir anywhere; --json with --json-line is a usage error", "[cli][options]") {
    const std::vector<std::string> args{"status", "--json-line", "--log-dir", "C:\\logs", "--all"};
    const auto split = splitGlobalOptions(args);
    REQUIRE(std::holds_alternative<SplitArguments>(split));
    CHECK(std::get<SplitArguments>(split).options == GlobalOptions{true, "C:\\logs"});
    CHECK(std::get<SplitArguments>(split).rest == std::vector<std::string>{"status", "--all"});
    CHECK(std::holds_alternative<UsageError>(splitGlobalOptions(std::vector<std::string>{"check", "--json", "--json-line"})));
    CHECK(std::holds_alternative<UsageError>(splitGlobalOptions(std::vector<std::string>{"check", "--log-dir"})));
    CHECK(std::holds_alternative<UsageError>(splitGlobalOptions(std::vector<std::string>{"--log-dir", "--json", "check"})));
    CHECK(wantsJsonLine(args));
}

TEST_CASE("Computers: a comma list, @file, their checks, and what takes several", "[cli][fleet]") {
    const auto list = parse(std::vector<std::string>{"fix", "--computer", "PC-1,pc-2,PC-1,localhost", "--parallel", "3"});
    REQUIRE(std::holds_alternative<Command>(list));
    CHECK(std::get<Command>(list).computers == std::vector<std::string>{"PC-1", "pc-2", "localhost"});
    CHECK(std::get<Command>(list).parallel == 3);
    CHECK(manyComputers(std::get<Command>(list)));
    const auto file = parse(std::vector<std::string>{"status", "--computer", "@C:\\fleet\\pcs.txt"});
    REQUIRE(std::holds_alternative<Command>(file));
    CHECK(std::get<Command>(file).computerFile == "C:\\fleet\\pcs.txt");

    const auto refused = [](std::vector<std::string> args) {
        const auto r = parse(args);
        REQUIRE(std::holds_alternative<UsageError>(r));
        return std::get<UsageError>(r).reason;
    };
    CHECK_THAT(refused({"status", "--computer", "PC-1,,PC-2"}), Contains("empty"));
    CHECK_THAT(refused({"status", "--computer", "PC 1,PC-2"}), Contains("is not a computer name"));
    CHECK_THAT(refused({"report", "--computer", "PC-1,PC-2"}), Contains("one computer at a time"));
    CHECK_THAT(refused({"status", "--parallel", "4"}), Contains("several computers"));
    CHECK_THAT(refused({"status", "--computer", "a,b", "--parallel", "0"}), Contains("1 to 64"));
    CHECK_THAT(refused({"status", "--computer", "a,b", "--host-timeout", "never"}), Contains("--host-timeout"));

    const auto names = parseComputerFile("\xEF\xBB\xBF# the east wing\r\nPC-1\r\n  PC-2   # the printer room\r\n\r\npc-1\r\n");
    REQUIRE(std::holds_alternative<std::vector<std::string>>(names));
    CHECK(std::get<std::vector<std::string>>(names) == std::vector<std::string>{"PC-1", "PC-2"});
    const auto bad = parseComputerFile("PC-1\nPC 2\n");
    REQUIRE(std::holds_alternative<UsageError>(bad));
    CHECK_THAT(std::get<UsageError>(bad).reason, Contains("line 2"));
    CHECK(std::holds_alternative<UsageError>(parseComputerFile("# only comments\n\n")));
}

TEST_CASE("Detect: exit 1 (remediate) only for a problem; warnings, info and could-not-check give 0", "[cli][detect]") {
    CHECK(detectExitCode({finding("policy.wuserver", Severity::Problem)}) == ExitCode::Failed);
    CHECK(detectExitCode({finding("hosts", Severity::Warning), finding("last-check.could-not-check", Severity::Info)}) ==
          ExitCode::Ok);
    CHECK(detectExitCode({}) == ExitCode::Ok);
    const auto parsed = parseRepairsCommand(std::vector<std::string>{"remediate", "--json-line"});
    // --json-line is taken out before a family parses: a family that sees it refuses it as unknown.
    REQUIRE(parsed);
    CHECK(std::holds_alternative<UsageError>(*parsed));
    const auto detect = parseRepairsCommand(std::vector<std::string>{"detect"});
    REQUIRE(detect);
    REQUIRE(std::holds_alternative<RepairsCommand>(*detect));
    CHECK(std::get<RepairsCommand>(*detect).kind == RepairsCommand::Kind::Detect);
}

TEST_CASE("Remote logon: the agent's access denied is 'not available here', with the way round", "[cli][remote]") {
    // Stands for a process started by PowerShell remoting or PsExec with a user's account (a network logon), which
    // the Windows Update Agent answers with E_ACCESSDENIED (Microsoft Learn, "Using WUA From a Remote Computer").
    HistoryResult h;
    h.available = false;
    h.error = 0x80070005;
    h.reason = "could not be read: the Windows Update Agent could not be started (0x80070005 E_ACCESSDENIED)";
    const HistoryResult soft = softenForRemoteLogon(h, true);
    CHECK_FALSE(soft.available);
    CHECK_THAT(soft.reason, Contains("remote logon"));
    CHECK_THAT(soft.reason, Contains("PsExec -s"));
    CHECK(softenForRemoteLogon(h, false).reason == h.reason);  // signed in there: the agent's own answer stands

    ScanResult scan;
    scan.outcome = ScanOutcome::Failed;
    scan.error = 0x80070005;
    const ScanResult softScan = softenForRemoteLogon(scan, true);
    CHECK(softScan.outcome == ScanOutcome::NotAvailable);
    CHECK(scanExitCode(softScan, false) == ExitCode::Failed);  // not 3: rights here would not help
    const json doc = scanAnswer(context(), softScan, "").doc;
    CHECK(doc["scan"]["available"] == false);
    CHECK_THAT(doc["scan"]["reason"].get<std::string>(), Contains("remote logon"));
}

// The CLI's pure parts: argument parsing, exit-code mapping, CLI wording, JSON schema and tables, driven by
// data and by the FakeServiceManager (virtual time). No console, no real SCM.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "cli_schema.hpp"

#include "cli_command.hpp"
#include "cli_exit.hpp"
#include "cli_output.hpp"
#include "wud/catalog.hpp"
#include "wud/error_text.hpp"
#include "wud/fake_service_manager.hpp"
#include "wud/report.hpp"

#include <random>
#include <sstream>

using namespace wud;
using namespace wud::cli;

namespace {

ParseResult parseArgs(std::initializer_list<std::string> args) {
    const std::vector<std::string> v(args);
    return parse(v);
}

Command commandOf(const ParseResult& r) {
    INFO((std::holds_alternative<UsageError>(r) ? std::get<UsageError>(r).reason : std::string("command")));
    REQUIRE(std::holds_alternative<Command>(r));
    return std::get<Command>(r);
}

bool isOneSafeLine(const std::string& text) {
    if (text.empty()) return false;
    for (const char c : text)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    return true;
}

RunContext context() { return RunContext{"1.2.3", "", "PC-1", OsVersion{10, 0, 19045}, true}; }

}  // namespace

TEST_CASE("CLI parse: no arguments means status of the two primary services", "[cli][parse]") {
    const Command c = commandOf(parse(std::vector<std::string>{}));
    CHECK(c.verb == Verb::Status);
    CHECK(c.services.empty());
    CHECK_FALSE(c.all);
    CHECK_FALSE(c.json);
    CHECK(c.timeout == kDefaultTimeout);
    CHECK(c.computers.empty());
    CHECK(c.computerFile.empty());
}

TEST_CASE("CLI parse: every command", "[cli][parse]") {
    CHECK(commandOf(parseArgs({"status"})).verb == Verb::Status);
    CHECK(commandOf(parseArgs({"start", "wuauserv"})).verb == Verb::Start);
    CHECK(commandOf(parseArgs({"stop", "wuauserv"})).verb == Verb::Stop);
    CHECK(commandOf(parseArgs({"restart", "wuauserv"})).verb == Verb::Restart);
    CHECK(commandOf(parseArgs({"fix"})).verb == Verb::Fix);
    CHECK(commandOf(parseArgs({"repair-start-type", "wuauserv"})).verb == Verb::RepairStartType);
    CHECK(commandOf(parseArgs({"troubleshoot"})).verb == Verb::Troubleshoot);
    CHECK(commandOf(parseArgs({"report"})).verb == Verb::Report);
    CHECK(commandOf(parseArgs({"log"})).verb == Verb::Log);
    CHECK(commandOf(parseArgs({"--help"})).verb == Verb::Help);
    CHECK(commandOf(parseArgs({"-h"})).verb == Verb::Help);
    CHECK(commandOf(parseArgs({"/?"})).verb == Verb::Help);
    CHECK(commandOf(parseArgs({"start", "--help"})).verb == Verb::Help);
    CHECK(commandOf(parseArgs({"--version"})).verb == Verb::Version);
}

TEST_CASE("CLI parse: options before or after the command", "[cli][parse]") {
    const Command a = commandOf(parseArgs({"--json", "--timeout", "5", "status", "--all"}));
    const Command b = commandOf(parseArgs({"status", "--all", "--json", "--timeout=5"}));
    CHECK(a == b);
    CHECK(a.json);
    CHECK(a.all);
    CHECK(a.timeout == std::chrono::seconds{5});
    const Command c = commandOf(parseArgs({"restart", "wuauserv", "--computer", "PC-042"}));
    CHECK(c.computers == std::vector<std::string>{"PC-042"});
}

TEST_CASE("CLI parse: service names are case-insensitive, canonical, deduplicated, in catalog order", "[cli][parse]") {
    const Command c = commandOf(parseArgs({"restart", "WUAUSERV", "usosvc", "WuAuServ", "bits"}));
    CHECK(c.services == std::vector<std::string>{"UsoSvc", "wuauserv", "BITS"});
}

TEST_CASE("CLI parse: bad inputs are usage errors with one safe line", "[cli][parse]") {
    const std::string longName(100'000, 'x');
    const std::vector<std::vector<std::string>> bad{
        {"frobnicate"},
        {"start"},
        {"stop"},
        {"restart"},
        {"repair-start-type"},
        {"start", ""},
        {"start", "nosuch"},
        {"start", longName},
        {"start", "w\xC3\xBC" "auserv"},
        {"start", "\xE6\x9C\x8D\xE5\x8A\xA1"},
        {"start", "\x1b[31mred\x1b[0m"},
        {"start", "\xFF\xFE"},
        {"--timeout"},
        {"status", "--timeout"},
        {"--timeout", "-5", "status"},
        {"--timeout", "0", "status"},
        {"--timeout", "abc"},
        {"--timeout", "1.5"},
        {"--timeout", "86401"},
        {"--timeout", "99999999999999999999"},
        {"--bogus"},
        {"status", "--bogus"},
        {"fix", "wuauserv"},
        {"report", "extra"},
        {"status", "--all", "wuauserv"},
        {"--computer"},
        {"--computer", ""},
        {"--computer", "a b"},
        {"troubleshoot", "--computer", "PC-1"},
        {"start", "wuauserv", "stop", "UsoSvc"},
        {"-"},
    };
    for (const auto& args : bad) {
        const ParseResult r = parse(args);
        INFO("args: " << (args.empty() ? std::string() : args[0].substr(0, 60)) << " ... (" << args.size() << ")");
        REQUIRE(std::holds_alternative<UsageError>(r));
        const std::string& reason = std::get<UsageError>(r).reason;
        CHECK(isOneSafeLine(reason));
        CHECK(reason.size() < 600);
    }
}

TEST_CASE("CLI parse: an unknown service lists the known names", "[cli][parse]") {
    const auto r = parseArgs({"start", "nosuch"});
    REQUIRE(std::holds_alternative<UsageError>(r));
    const std::string reason = std::get<UsageError>(r).reason;
    for (const CatalogEntry& entry : catalog()) CHECK_THAT(reason, Catch::Contains(std::string(entry.name)));
}

TEST_CASE("CLI parse: a typo'd command or option is named in plain words, not in CLI11's", "[cli][parse]") {
    const auto command = parseArgs({"restrat", "wuauserv"});
    REQUIRE(std::holds_alternative<UsageError>(command));
    const std::string commandReason = std::get<UsageError>(command).reason;
    CHECK_THAT(commandReason, Catch::StartsWith("unknown command 'restrat'"));
    CHECK_THAT(commandReason, Catch::Contains("restart"));  // the list of commands to pick from
    CHECK_THAT(commandReason, !Catch::Contains("not expected"));

    const auto option = parseArgs({"status", "--bogus"});
    REQUIRE(std::holds_alternative<UsageError>(option));
    CHECK_THAT(std::get<UsageError>(option).reason, Catch::StartsWith("unknown option '--bogus'"));
}

TEST_CASE("CLI parse: refused arguments are named in the order typed, a missing value by its option", "[cli][parse]") {
    const auto reason = [](std::vector<std::string> args) {
        const auto r = parse(args);
        REQUIRE(std::holds_alternative<UsageError>(r));
        return std::get<UsageError>(r).reason;
    };
    CHECK_THAT(reason({"report", "extra", "more"}), Catch::StartsWith("'report' takes no further arguments, but got 'extra'"));
    CHECK_THAT(reason({"nosuch", "other"}), Catch::StartsWith("unknown command 'nosuch'"));
    CHECK_THAT(reason({"status", "--bogus", "--other"}), Catch::StartsWith("unknown option '--bogus'"));
    CHECK_THAT(reason({"status", "--timeout"}), Catch::StartsWith("--timeout needs a number of seconds"));
    CHECK_THAT(reason({"--computer"}), Catch::StartsWith("--computer needs a computer name"));
    // --help still wins over anything else on the line.
    CHECK(std::get<Command>(parse(std::vector<std::string>{"--help", "bogus"})).verb == Verb::Help);
}

TEST_CASE("CLI parse: random argument lists never throw and keep the invariants", "[cli][parse][property]") {
    const std::vector<std::string> pool{"status", "start", "stop", "restart", "fix", "repair-start-type",
                                        "troubleshoot", "report", "log", "--json", "--all", "--timeout", "5", "0",
                                        "-1", "--computer", "PC", "wuauserv", "USOSVC", "BITS", "nosuch", "",
                                        "--help", "--version", "--", "-x", "\xC3\xA9", "\x1b", "=", "--timeout=7"};
    std::mt19937 random(12345);
    for (int i = 0; i < 3000; ++i) {
        std::vector<std::string> args(random() % 6);
        for (auto& arg : args) arg = pool[random() % pool.size()];
        ParseResult r;
        REQUIRE_NOTHROW(r = parse(args));
        if (const auto* error = std::get_if<UsageError>(&r)) {
            CHECK(isOneSafeLine(error->reason));
            continue;
        }
        const Command& c = std::get<Command>(r);
        CHECK(c.timeout >= std::chrono::seconds{1});
        CHECK(c.timeout <= kMaxTimeout);
        for (std::size_t k = 0; k < c.services.size(); ++k) {
            const CatalogEntry* entry = findInCatalog(c.services[k]);
            REQUIRE(entry != nullptr);
            CHECK(entry->name == c.services[k]);
            if (k > 0) CHECK(c.services[k - 1] != c.services[k]);
        }
        if (c.verb == Verb::Start || c.verb == Verb::Stop || c.verb == Verb::Restart) CHECK_FALSE(c.services.empty());
    }
}

TEST_CASE("CLI quoteForMessage: safe and short", "[cli][parse]") {
    CHECK(quoteForMessage("abc") == "'abc'");
    CHECK(quoteForMessage("a\x1b[1mb") == "'a?[1mb'");
    CHECK(quoteForMessage("\xC3\xA9t\xC3\xA9") == "'\xC3\xA9t\xC3\xA9'");
    CHECK(quoteForMessage("\xFF") == "'\xEF\xBF\xBD'");
    CHECK(quoteForMessage("abcdef", 3) == "'abc\xE2\x80\xA6'");
    CHECK(quoteForMessage("\xC2\x9B" "x") == "'?x'");  // C1 CSI
}

TEST_CASE("CLI help lists every command and exit code", "[cli][help]") {
    const std::string help = helpText();
    for (const auto verb : {Verb::Status, Verb::Start, Verb::Stop, Verb::Restart, Verb::Fix, Verb::RepairStartType,
                            Verb::Troubleshoot, Verb::Report, Verb::Log})
        CHECK_THAT(help, Catch::Contains(std::string(toId(verb))));
    for (const ExitCodeInfo& info : exitCodes())
        CHECK_THAT(help, Catch::Contains("  " + std::to_string(static_cast<int>(info.code)) + "  "));
    CHECK_THAT(help, Catch::Contains("elevated prompt"));
    // The timeout range comes from the parser's own limits.
    CHECK_THAT(help, Catch::Contains("default " + std::to_string(kDefaultTimeout.count()) + ", 1 to " +
                                     std::to_string(kMaxTimeout.count())));
}

TEST_CASE("CLI exit codes: one per outcome", "[cli][exit]") {
    CHECK(exitCodes().size() == 8);
    for (std::size_t i = 0; i < exitCodes().size(); ++i) CHECK(static_cast<int>(exitCodes()[i].code) == static_cast<int>(i));
    CHECK(exitCodeFor(true, 0, "wuauserv", false) == ExitCode::Ok);
    CHECK(exitCodeFor(false, 5, "wuauserv", false) == ExitCode::NeedsAdmin);
    CHECK(exitCodeFor(false, 5, "wuauserv", true) == ExitCode::Failed);
    CHECK(exitCodeFor(false, 5, "WaaSMedicSvc", false) == ExitCode::Failed);  // protected: rights would not help
    CHECK(exitCodeFor(false, 1060, "DoSvc", true) == ExitCode::NotInstalled);
    CHECK(exitCodeFor(false, kErrNotInstalled, "DoSvc", true) == ExitCode::NotInstalled);
    CHECK(exitCodeFor(false, kErrTimeout, "DoSvc", true) == ExitCode::TimedOut);
    CHECK(exitCodeFor(false, kErrStuck, "DoSvc", true) == ExitCode::TimedOut);
    CHECK(exitCodeFor(false, 1053, "DoSvc", true) == ExitCode::TimedOut);
    CHECK(exitCodeFor(false, 1058, "DoSvc", true) == ExitCode::Failed);
    CHECK(exitCodeFor(false, 1066, "DoSvc", true) == ExitCode::Failed);
    CHECK(exitCodeFor(false, kErrCancelled, "DoSvc", true) == ExitCode::Failed);
}

TEST_CASE("CLI exit codes: the worst one wins", "[cli][exit]") {
    CHECK(worst(ExitCode::Ok, ExitCode::NotInstalled) == ExitCode::NotInstalled);
    CHECK(worst(ExitCode::NotInstalled, ExitCode::Failed) == ExitCode::Failed);
    CHECK(worst(ExitCode::Failed, ExitCode::TimedOut) == ExitCode::TimedOut);
    CHECK(worst(ExitCode::TimedOut, ExitCode::NeedsAdmin) == ExitCode::NeedsAdmin);
    CHECK(worst(ExitCode::NeedsAdmin, ExitCode::Ok) == ExitCode::NeedsAdmin);
    std::vector<Outcome> outcomes(3);
    outcomes[0].exit = ExitCode::Ok;
    outcomes[1].exit = ExitCode::NotInstalled;
    outcomes[2].exit = ExitCode::TimedOut;
    CHECK(worstOf(outcomes) == ExitCode::TimedOut);
    CHECK(worstOf(std::span<const Outcome>{}) == ExitCode::Ok);
}

TEST_CASE("CLI wording: advice names wudoctor commands", "[cli][exit]") {
    const ErrorText core{"message", "core advice"};
    CHECK_THAT(cliText(1058, "CryptSvc", core, true).advice, Catch::Contains("wudoctor repair-start-type CryptSvc"));
    CHECK_THAT(cliText(5, "wuauserv", core, false).advice, Catch::Contains("elevated prompt"));
    CHECK(cliText(5, "wuauserv", core, true).advice == "core advice");
    CHECK(cliText(5, "WaaSMedicSvc", core, false).advice == "core advice");
    CHECK_THAT(cliText(kErrStartedAgain, "wuauserv", core, true).advice, Catch::Contains("wudoctor fix"));
    CHECK(cliText(1066, "DoSvc", core, true).message == "message");
}

TEST_CASE("CLI with the fake SCM: outcomes, exit codes and the worst-code rule", "[cli][fake]") {
    VirtualClock clock;
    FakeServiceManager scm(clock);
    scm.add("UsoSvc", ServiceState::Running);
    scm.add("wuauserv", ServiceState::Stopped, StartType::Disabled);
    FakeService hung{.name = "DoSvc", .displayName = "Delivery Optimization"};
    hung.hangOnStart = true;
    scm.add(hung);
    FakeService failing{.name = "TrustedInstaller", .displayName = "Windows Modules Installer"};
    failing.failStartWith = 1066;
    failing.failStartServiceCode = 42;
    scm.add(failing);
    Operations ops(scm, clock);
    OperationOptions options;
    options.timeout = Millis{5000};

    const Outcome disabled = toOutcome(ops.start("wuauserv", options), true);
    CHECK(disabled.exit == ExitCode::Failed);
    CHECK_THAT(disabled.text.advice, Catch::Contains("wudoctor repair-start-type wuauserv"));

    const Outcome timedOut = toOutcome(ops.start("DoSvc", options), true);
    CHECK(timedOut.exit == ExitCode::TimedOut);

    const Outcome failed = toOutcome(ops.start("TrustedInstaller", options), true);
    CHECK(failed.exit == ExitCode::Failed);
    CHECK_THAT(failed.text.message, Catch::Contains("42"));

    const Outcome missing = toOutcome(ops.start("BITS", options), true);
    CHECK(missing.exit == ExitCode::NotInstalled);

    const Outcome ok = toOutcome(ops.restart("UsoSvc", options), true);
    CHECK(ok.exit == ExitCode::Ok);
    CHECK(ok.pidBefore != ok.pidAfter);

    const std::vector<Outcome> all{ok, missing, failed, timedOut, disabled};
    CHECK(worstOf(all) == ExitCode::TimedOut);

    const auto repaired = ops.repairStartType("wuauserv", 19045);
    const Outcome change = toOutcome(repaired, true, Millis{3});
    CHECK(change.exit == ExitCode::Ok);
    CHECK(change.startTypeBefore == StartType::Disabled);

    const auto doc = actionsJson(context(), Verb::Start, all, worstOf(all));
    test::requireActionsSchema(doc, "start");
    CHECK(doc["exit_code"] == 4);
    CHECK(doc["results"].size() == 5);
    test::requireResultSchema(outcomeJson(change));
    CHECK(outcomeJson(change)["start_type_before"] == "disabled");
    CHECK(outcomeJson(change)["state_before"].is_null());

    const std::string text = outcomesText(all, false);
    CHECK_THAT(text, Catch::Contains("FAILED"));
    CHECK_THAT(text, Catch::Contains("next step"));
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(outcomesText(all, true).find("\x1b[") != std::string::npos);
}

TEST_CASE("CLI status: JSON schema, exit code and an aligned table with non-ASCII names", "[cli][status]") {
    VirtualClock clock;
    FakeServiceManager scm(clock);
    scm.add(FakeService{.name = "UsoSvc", .displayName = "Orchestrateur de mise \xC3\xA0 jour", .state = ServiceState::Running});
    scm.add(FakeService{.name = "wuauserv", .displayName = "Windows \xE6\x9B\xB4\xE6\x96\xB0", .startType = StartType::Disabled});

    std::vector<StatusRow> rows;
    for (const char* name : {"UsoSvc", "wuauserv", "DoSvc"}) {
        StatusRow row{scm.query(name), std::string_view(name) != "DoSvc"};
        if (row.query.snapshot.name.empty()) row.query.snapshot.name = name;
        rows.push_back(row);
    }
    CHECK(statusExitCode(rows, true) == ExitCode::Ok);  // DoSvc missing, but not required
    rows[2].required = true;
    CHECK(statusExitCode(rows, true) == ExitCode::NotInstalled);

    const auto doc = statusJson(context(), rows, ExitCode::Ok);
    test::requireStatusSchema(doc);
    CHECK(doc["services"][0]["name"] == "UsoSvc");
    CHECK(doc["services"][0]["state"] == "running");
    CHECK(doc["services"][0]["display_name"] == "Orchestrateur de mise \xC3\xA0 jour");
    CHECK(doc["services"][1]["start_type"] == "disabled");
    CHECK(doc["services"][1]["default_start_type"] == "manual_trigger");
    CHECK(doc["services"][2]["installed"] == false);
    CHECK(doc["services"][2]["state"].is_null());
    CHECK(doc["os_build"] == 19045);
    CHECK(doc["computer"] == "PC-1");
    CHECK(doc["remote"] == false);
    CHECK_NOTHROW(nlohmann::json::parse(doc.dump()));

    const std::string text = statusText(context(), rows, false);
    std::istringstream lines(text);
    std::string line;
    std::getline(lines, line);  // computer line
    std::vector<std::size_t> stateColumn;
    while (std::getline(lines, line)) {
        if (line.starts_with("!")) continue;
        // "State" column starts at the same console column on every row.
        for (const char* word : {"State", "running", "stopped", "not installed"}) {
            const auto at = line.find(word);
            if (at != std::string::npos) {
                stateColumn.push_back(textWidth(line.substr(0, at)));
                break;
            }
        }
    }
    REQUIRE(stateColumn.size() == 4);
    CHECK(std::adjacent_find(stateColumn.begin(), stateColumn.end(), std::not_equal_to<>()) == stateColumn.end());
    CHECK_THAT(text, Catch::Contains("wudoctor repair-start-type wuauserv"));
}

TEST_CASE("CLI status: a refused query is exit 3 unelevated, 1 elevated", "[cli][status]") {
    QueryResult denied;
    denied.snapshot.name = "wuauserv";
    denied.error = 5;
    const std::vector<StatusRow> rows{{denied, true}};
    CHECK(statusExitCode(rows, false) == ExitCode::NeedsAdmin);
    CHECK(statusExitCode(rows, true) == ExitCode::Failed);
    const auto doc = statusJson(context(), rows, ExitCode::NeedsAdmin);
    test::requireStatusSchema(doc);
    CHECK(doc["services"][0]["error_code"] == 5);
    CHECK(doc["services"][0]["installed"].is_null());
}

TEST_CASE("CLI parse: set-start-type takes one service and one of the four start types", "[cli][parse]") {
    const Command c = commandOf(parseArgs({"set-start-type", "dosvc", "disabled"}));
    CHECK(c.verb == Verb::SetStartType);
    CHECK(c.services == std::vector<std::string>{"DoSvc"});
    CHECK(c.startType == StartType::Disabled);
    CHECK(commandOf(parseArgs({"set-start-type", "UsoSvc", "automatic_delayed"})).startType ==
          StartType::AutomaticDelayed);
    for (const auto& bad : {std::vector<std::string>{"set-start-type", "DoSvc"},
                            std::vector<std::string>{"set-start-type", "DoSvc", "sideways"},
                            std::vector<std::string>{"set-start-type", "DoSvc", "manual_trigger"},
                            std::vector<std::string>{"set-start-type", "DoSvc", "wuauserv", "manual"},
                            std::vector<std::string>{"set-start-type", "NoSuchSvc", "manual"}}) {
        const ParseResult r = parse(bad);
        REQUIRE(std::holds_alternative<UsageError>(r));
        INFO(std::get<UsageError>(r).reason);
        CHECK(std::get<UsageError>(r).reason.find('\n') == std::string::npos);
    }
    CHECK_THAT(std::get<UsageError>(parse(std::vector<std::string>{"set-start-type", "DoSvc", "sideways"})).reason,
               Catch::Contains("automatic, automatic_delayed, manual, disabled"));
}

TEST_CASE("CLI parse: toArgs gives back what parse reads, for every command shape", "[cli][parse]") {
    std::vector<Command> commands;
    commands.push_back(Command{});
    commands.push_back(Command{.verb = Verb::Status, .all = true, .json = true});
    commands.push_back(Command{.verb = Verb::Restart, .services = {"UsoSvc", "wuauserv"},
                               .timeout = std::chrono::seconds{5}, .computers = {"PC-042"}});
    commands.push_back(Command{.verb = Verb::Fix, .computers = {"PC-1", "pc-2", "."}, .parallel = 3,
                               .hostTimeout = std::chrono::seconds{30}});
    commands.push_back(Command{.verb = Verb::Status, .computerFile = R"(C:\fleet\pcs, east.txt)"});
    commands.push_back(Command{.verb = Verb::SetStartType, .services = {"BITS"}, .startType = StartType::Manual});
    commands.push_back(Command{.verb = Verb::Version, .json = true});
    commands.push_back(Command{.verb = Verb::Help});
    for (const Command& c : commands) {
        const ParseResult r = parse(toArgs(c));
        REQUIRE(std::holds_alternative<Command>(r));
        CHECK(std::get<Command>(r) == c);
    }
}

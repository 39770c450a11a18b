// `wudoctor repair-system` as the CLI sees it, without running anything: parsing and toArgs (the window's
// elevated copy runs what toArgs gives), the exit codes, the JSON fields, the text and the progress bar.
#include <catch2/catch.hpp>

#include "cli_repair_system_command.hpp"

#include <random>

using namespace wud;
using namespace wud::cli;
using Catch::Matchers::Contains;

namespace {

std::variant<RepairSystemCommand, UsageError> parsed(std::vector<std::string> args) {
    const auto result = parseRepairSystemCommand(args);
    REQUIRE(result.has_value());
    return *result;
}

RepairSystemCommand accepted(std::vector<std::string> args) {
    const auto result = parsed(std::move(args));
    if (const auto* error = std::get_if<UsageError>(&result)) FAIL("refused: " << error->reason);
    return std::get<RepairSystemCommand>(result);
}

std::string refused(std::vector<std::string> args) {
    const auto result = parsed(std::move(args));
    REQUIRE(std::holds_alternative<UsageError>(result));
    return std::get<UsageError>(result).reason;
}

SystemRepairResult resultWith(SystemRepairVerdict verdict) {
    SystemRepairResult r;
    r.verdict = verdict;
    return r;
}

}  // namespace

TEST_CASE("repair-system parse: the verb, --scan-only, --source (repeated), --json, in any order", "[repair-system-cli]") {
    CHECK(accepted({"repair-system"}) == RepairSystemCommand{});
    CHECK(accepted({"repair-system", "--scan-only"}).scanOnly);
    CHECK(accepted({"--json", "repair-system"}).json);
    const RepairSystemCommand two = accepted({"--source", "X:\\sources\\install.wim", "repair-system", "--source",
                                              "wim:Y:\\sources\\install.wim:6", "--json"});
    CHECK(two.sources == std::vector<std::string>{"X:\\sources\\install.wim", "wim:Y:\\sources\\install.wim:6"});
    CHECK(two.json);
    // The same source twice (any case) counts once.
    CHECK(accepted({"repair-system", "--source", "X:\\a.wim", "--source", "x:\\A.WIM"}).sources.size() == 1);
    // Not ours: other parsers handle these.
    CHECK_FALSE(parseRepairSystemCommand(std::vector<std::string>{"status"}));
    CHECK_FALSE(parseRepairSystemCommand(std::vector<std::string>{"repair", "--all"}));
    CHECK_FALSE(parseRepairSystemCommand(std::vector<std::string>{"repair-system", "--help"}));
    CHECK_FALSE(parseRepairSystemCommand(std::vector<std::string>{}));
}

TEST_CASE("repair-system parse: bad input is one plain line and nothing runs", "[repair-system-cli]") {
    CHECK_THAT(refused({"repair-system", "--source"}), Contains("--source needs a path"));
    CHECK_THAT(refused({"repair-system", "--source", "install.wim"}), Contains("full path"));
    CHECK_THAT(refused({"repair-system", "--source", "--json"}), Contains("full path"));
    CHECK_THAT(refused({"repair-system", "--source", "X:\\a*.wim"}), Contains("cannot hold *"));
    CHECK_THAT(refused({"repair-system", "--scan-only", "--source", "X:\\a.wim"}), Contains("takes no --source"));
    CHECK_THAT(refused({"repair-system", "--computer", "PC-1"}), Contains("this computer only"));
    CHECK_THAT(refused({"repair-system", "--timeout", "60"}), Contains("leave out --timeout"));
    CHECK_THAT(refused({"repair-system", "--force"}), Contains("unknown option '--force'"));
    CHECK_THAT(refused({"repair-system", "now"}), Contains("takes no further arguments"));
    std::vector<std::string> many{"repair-system"};
    for (int i = 0; i < 17; ++i) {
        many.emplace_back("--source");
        many.push_back("X:\\s" + std::to_string(i));
    }
    CHECK_THAT(refused(many), Contains("at most 16"));
    // Control characters never reach the message.
    const std::string reason = refused({"repair-system", "--source", "X:\\a\x1b[31m"});
    CHECK(reason.find('\x1b') == std::string::npos);
}

TEST_CASE("repair-system parse: toArgs gives back the same command", "[repair-system-cli]") {
    for (const RepairSystemCommand& c :
         {RepairSystemCommand{}, RepairSystemCommand{true, {}, true},
          RepairSystemCommand{false, {"X:\\sources\\install.wim", "\\\\srv\\share\\Win 11 \xE6\x97\xA5"}, false}}) {
        const std::vector<std::string> args = toArgs(c);
        CHECK(accepted(args) == c);
    }
}

TEST_CASE("repair-system parse: random argument vectors never crash; refusals are one printable line", "[repair-system-cli]") {
    const std::vector<std::string> tokens{"repair-system", "--scan-only", "--source", "--json", "X:\\a.wim", "wim:X:\\a.wim:2",
                                          "X:", "\\\\s\\x", "--timeout", "5", "--computer", "-", "", "\xFF", "a\nb", "/?"};
    std::mt19937 rng(22);
    for (int n = 0; n < 3000; ++n) {
        std::vector<std::string> args;
        for (std::size_t k = rng() % 7; k > 0; --k) args.push_back(tokens[rng() % tokens.size()]);
        const auto result = parseRepairSystemCommand(args);
        if (!result) continue;
        if (const auto* error = std::get_if<UsageError>(&*result)) {
            CHECK_FALSE(error->reason.empty());
            CHECK(error->reason.find('\n') == std::string::npos);
            CHECK(error->reason.size() < 300);
        } else {
            const auto& c = std::get<RepairSystemCommand>(*result);
            for (const std::string& s : c.sources) CHECK_FALSE(sourceSyntaxProblem(s));
            CHECK(accepted(toArgs(c)) == c);
        }
    }
}

TEST_CASE("repair-system exit codes: 0 healthy or repaired, 1 anything left, 2 bad source, 3 rights, 7 restart",
          "[repair-system-cli]") {
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::Healthy)) == ExitCode::Ok);
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::Repaired)) == ExitCode::Ok);
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::NotRepaired)) == ExitCode::Failed);
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::Failed)) == ExitCode::Failed);
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::NotAvailable)) == ExitCode::Failed);
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::Cancelled)) == ExitCode::Failed);
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::BadSource)) == ExitCode::Usage);
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::NeedsAdmin)) == ExitCode::NeedsAdmin);
    CHECK(repairSystemExitCode(resultWith(SystemRepairVerdict::RestartPending)) == ExitCode::Refused);
    CHECK(static_cast<int>(ExitCode::Refused) == 7);
}

TEST_CASE("repair-system JSON: both phases, the files, nulls where nothing is known", "[repair-system-cli]") {
    SystemRepairResult r = resultWith(SystemRepairVerdict::NotRepaired);
    r.text = {"Windows' own files are damaged...", "Next."};
    r.dism.outcome = DismOutcome::SourceMissing;
    r.dism.health = ImageHealth::Repairable;
    r.dism.hresult = kHrSourceMissing;
    r.dism.sources = {"wim:X:\\sources\\install.wim:6"};
    r.dism.limitAccess = true;
    r.sfc.outcome = SfcOutcome::NotRepaired;
    r.sfc.exitCode = 0;
    r.sfc.files = {SfcFile{"a.dll", "C:\\Windows\\System32\\a.dll", "", SfcFileResult::Repaired},
                   SfcFile{"b.dll", "", "Microsoft-Windows-B", SfcFileResult::NotRepaired}};
    const nlohmann::json j = repairSystemJson(r, RepairSystemCommand{false, {"X:\\sources\\install.wim"}, true});
    CHECK(j["verdict"] == "not_repaired");
    CHECK(j["ok"] == false);
    CHECK(j["refused"] == false);
    CHECK(j["findings"].empty());
    CHECK(j["sources"] == nlohmann::json::array({"X:\\sources\\install.wim"}));
    CHECK(j["dism"]["outcome"] == "source_missing");
    CHECK(j["dism"]["health"] == "repairable");
    CHECK(j["dism"]["hresult"] == "0x800F081F");
    CHECK(j["dism"]["dism_message"].is_null());
    CHECK(j["dism"]["sources"][0] == "wim:X:\\sources\\install.wim:6");
    CHECK(j["dism"]["limit_access"] == true);
    CHECK(j["sfc"]["outcome"] == "not_repaired");
    CHECK(j["sfc"]["ran"] == true);
    CHECK(j["sfc"]["mode"] == "scannow");
    CHECK(j["sfc"]["files"][0] == nlohmann::json{{"name", "a.dll"}, {"path", "C:\\Windows\\System32\\a.dll"},
                                                 {"component", nullptr}, {"result", "repaired"}});
    CHECK(j["sfc"]["files"][1]["path"].is_null());
    CHECK(j["sfc"]["files"][1]["result"] == "not_repaired");

    const nlohmann::json skipped = repairSystemJson(resultWith(SystemRepairVerdict::NotAvailable), RepairSystemCommand{});
    CHECK(skipped["sfc"]["ran"] == false);
    CHECK(skipped["sfc"]["exit_code"].is_null());
    CHECK(skipped["dism"]["hresult"].is_null());
    CHECK(skipped["dism"]["health"].is_null());
}

TEST_CASE("repair-system text: each phase, each file, then the next step; a refusal names its evidence",
          "[repair-system-cli]") {
    SystemRepairResult r = resultWith(SystemRepairVerdict::NotRepaired);
    r.dism.text = {"DISM repaired Windows' component store.", ""};
    r.sfc.text = {"SFC could not repair 1 system file(s): b.dll.", "Run it again."};
    r.sfc.files = {SfcFile{"b.dll", "", "Microsoft-Windows-B", SfcFileResult::NotRepaired}};
    r.text = {"Windows' own files are damaged, and not all of it was repaired.", "Run it again."};
    const std::string text = repairSystemText(r);
    CHECK_THAT(text, Contains("Component store (DISM): DISM repaired"));
    CHECK_THAT(text, Contains("NOT repaired  b.dll  (Microsoft-Windows-B)"));
    CHECK_THAT(text, Contains("Next step: Run it again."));
    CHECK(text.find("Next step: Run it again.") == text.rfind("Next step: Run it again."));  // said once

    SystemRepairResult refusedRun = resultWith(SystemRepairVerdict::RestartPending);
    refusedRun.restartPending = Finding{"restart-pending", Severity::Warning, "A restart is pending", {"HKLM\\...\\RebootPending exists"}};
    refusedRun.text = {"Not started: a restart is pending.", "Restart the computer."};
    const std::string said = repairSystemText(refusedRun);
    CHECK_THAT(said, Contains("RebootPending exists"));
    CHECK_THAT(said, Contains("Next step: Restart the computer."));
}

TEST_CASE("repair-system progress: the bar fits the console, the elapsed time ticks, plain lines per tenth",
          "[repair-system-cli]") {
    RepairProgress p{RepairPhase::Dism, RepairStep::Restoring, 47, "Repairing Windows' component store (DISM)", {}};
    const std::string bar = progressBar(p, Millis{192'000}, 120);
    CHECK(bar == "[#########-----------]  47%  Repairing Windows' component store (DISM)  03:12");
    CHECK(progressBar(p, Millis{192'000}, 60) == "[#########-----------]  47%  Repairing Windows' co...  03:12");
    CHECK(progressBar(p, Millis{192'000}, 40) == "[#########-----------]  47%  DISM  03:12");
    CHECK(progressBar(p, Millis{192'000}, 20).size() <= 20);
    p.percent.reset();
    CHECK_THAT(progressBar(p, Millis{0}, 120), Contains(" --%"));
    CHECK(elapsedText(Millis{3'725'000}) == "1:02:05");
    CHECK(elapsedText(Millis{59'999}) == "00:59");

    RepairProgress a{RepairPhase::Sfc, RepairStep::CheckingFiles, 41, "SFC", {}};
    RepairProgress b = a;
    b.percent = 49;
    CHECK(worthALine(std::nullopt, a));
    CHECK_FALSE(worthALine(a, b));
    b.percent = 50;
    CHECK(worthALine(a, b));
    b.step = RepairStep::VerifyingFiles;
    b.percent = 41;
    CHECK(worthALine(a, b));
    RepairProgress note = a;
    note.note = "SFC cannot be stopped safely";
    CHECK(worthALine(a, note));
    CHECK(progressLine(note, Millis{0}) == "SFC cannot be stopped safely");
    CHECK(progressLine(a, Millis{42'000}) == "SFC: 41% (00:42)");
}

TEST_CASE("repair-system help: --help lists it with its options and the exit code 7 names it", "[repair-system-cli]") {
    const std::string help = helpText();
    CHECK_THAT(help, Contains("repair-system [--scan-only] [--source PATH]..."));
    CHECK_THAT(help, Contains("reset-cache or repair-system while a restart is pending"));
    // Global options before the verb still find it; --source's value is not taken for the verb.
    CHECK(ownVerbAt(std::vector<std::string>{"--source", "X:\\a.wim", "repair-system"}) == 2u);
}

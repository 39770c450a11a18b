// `check / repair / undo` command lines as data: what each gives, and the usage errors (exit 2, nothing done).
#include "cli_repairs.hpp"
#include "cli_parsed.hpp"

#include <catch2/catch.hpp>

using namespace wud;
using namespace wud::cli;

namespace {

WUD_PARSE_TEST_WORDS(RepairsCommand, parseRepairsCommand);

}  // namespace

TEST_CASE("Checks CLI: the other commands are left to cli::parse", "[cli][checks]") {
    CHECK_FALSE(parseArgs({}));
    CHECK_FALSE(parseArgs({"status", "--all"}));
    CHECK_FALSE(parseArgs({"repair-start-type", "wuauserv"}));
    CHECK_FALSE(parseArgs({"check", "--help"}));  // the general help lists these commands
}

TEST_CASE("Checks CLI: check, repair and undo as data", "[cli][checks]") {
    CHECK(command({"check"}) == RepairsCommand{.kind = RepairsCommand::Kind::Check});
    CHECK(command({"--json", "check"}).json);
    const RepairsCommand repair = command({"repair", "Policy.WUServer", "hosts", "hosts"});
    CHECK(repair.kind == RepairsCommand::Kind::Repair);
    CHECK(repair.findings == std::vector<std::string>{"policy.wuserver", "hosts"});
    CHECK(command({"repair", "--all"}).all);
    CHECK(command({"undo"}) == RepairsCommand{.kind = RepairsCommand::Kind::Undo});
    CHECK(command({"undo", "3", "1", "3"}).entries == std::vector<int>{3, 1});
    CHECK(command({"undo", "--last", "--json"}).last);
}

TEST_CASE("Checks CLI: usage errors name what was wrong", "[cli][checks]") {
    CHECK_THAT(refused({"repair"}), Catch::Contains("needs finding ids"));
    CHECK_THAT(refused({"repair", "--all", "hosts"}), Catch::Contains("not both"));
    CHECK_THAT(refused({"repair", "bad id"}), Catch::Contains("not a finding id"));
    CHECK_THAT(refused({"undo", "0"}), Catch::Contains("not a journal entry"));
    CHECK_THAT(refused({"undo", "2x"}), Catch::Contains("not a journal entry"));
    CHECK_THAT(refused({"undo", "--last", "1"}), Catch::Contains("one of them"));
    CHECK_THAT(refused({"check", "hosts"}), Catch::Contains("no further arguments"));
    CHECK_THAT(refused({"check", "--all"}), Catch::Contains("unknown option"));
    CHECK_THAT(refused({"check", "--computer", "PC-1"}), Catch::Contains("this computer only"));
    CHECK_THAT(refused({"undo", "--timeout", "5"}), Catch::Contains("--timeout"));
}

TEST_CASE("Checks CLI: exit code 6 only for problems, and the help lists the commands", "[cli][checks]") {
    Finding warning{.id = "restart-pending", .severity = Severity::Warning};
    Finding problem{.id = "hosts", .severity = Severity::Problem};
    CHECK(checkExitCode({}) == ExitCode::Ok);
    CHECK(checkExitCode({warning}) == ExitCode::Ok);
    CHECK(checkExitCode({warning, problem}) == ExitCode::ProblemsFound);
    CHECK(static_cast<int>(ExitCode::ProblemsFound) == 6);
    const std::string help = helpText();
    for (const char* word : {"check", "repair <finding>", "undo [<entry>", "  6  "}) CHECK_THAT(help, Catch::Contains(word));
    CHECK(findingJson(problem).at("severity") == "problem");
}

TEST_CASE("Checks CLI: toArgs gives back what parses to the same command (the window's elevated copy)", "[cli][checks]") {
    const std::vector<std::vector<const char*>> lines{
        {"check"}, {"check", "--json"}, {"repair", "policy.disable-access"}, {"repair", "hosts", "policy.wuserver"},
        {"repair", "--all"}, {"undo"}, {"undo", "3"}, {"undo", "2", "7"}, {"undo", "--last"}, {"undo", "--all", "--json"}};
    for (const auto& line : lines) {
        const std::vector<std::string> args(line.begin(), line.end());
        const auto parsed = parseRepairsCommand(args);
        REQUIRE(parsed);
        REQUIRE(std::holds_alternative<RepairsCommand>(*parsed));
        const RepairsCommand& c = std::get<RepairsCommand>(*parsed);
        CHECK(toArgs(c) == args);
        const std::vector<std::string> again = toArgs(c);
        const auto reparsed = parseRepairsCommand(again);
        REQUIRE(reparsed);
        REQUIRE(std::holds_alternative<RepairsCommand>(*reparsed));
        CHECK(std::get<RepairsCommand>(*reparsed) == c);
    }
}

TEST_CASE("Checks CLI: reset-cache as data, and its usage errors", "[cli][checks][reset-cache]") {
    CHECK(command({"reset-cache"}) == RepairsCommand{.kind = RepairsCommand::Kind::ResetCache});
    CHECK(command({"--json", "reset-cache"}).json);
    const RepairsCommand remove = command({"reset-cache", "--remove-old-backups"});
    CHECK(remove.removeOldBackups);
    CHECK(toId(remove.kind) == "reset-cache");
    CHECK_THAT(refused({"reset-cache", "SoftwareDistribution"}), Catch::Contains("no further arguments"));
    CHECK_THAT(refused({"reset-cache", "--all"}), Catch::Contains("unknown option"));
    CHECK_THAT(refused({"reset-cache", "--computer", "PC-1"}), Catch::Contains("this computer only"));
    CHECK_THAT(refused({"check", "--remove-old-backups"}), Catch::Contains("unknown option"));
    CHECK_THAT(helpText(), Catch::Contains("--remove-old-backups"));
    CHECK(static_cast<int>(ExitCode::Refused) == 7);
}

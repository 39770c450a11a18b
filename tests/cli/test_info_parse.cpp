// `explain <code>` and `history` command lines as data, and their JSON: what each gives, and the usage errors
// (exit 2, nothing done).
#include "cli_info_command.hpp"
#include "cli_parsed.hpp"

#include <catch2/catch.hpp>

using namespace wud;
using namespace wud::cli;
using Catch::Matchers::Contains;

namespace {

WUD_PARSE_TEST_WORDS(InfoCommand, parseInfoCommand);

}  // namespace

TEST_CASE("Explain parse: the four spellings, --json anywhere, a negative code is not an option", "[cli][explain]") {
    CHECK(command({"explain", "0x8024402F"}).code == 0x8024402Fu);
    CHECK(command({"explain", "8024402F"}).code == 0x8024402Fu);
    CHECK(command({"explain", "-2145107921"}).code == 0x8024402Fu);
    CHECK(command({"explain", "2149859375", "--json"}).code == 0x8024402Fu);
    const InfoCommand c = command({"--json", "explain", "0x80070422"});
    CHECK(c.json);
    CHECK(c.kind == InfoCommand::Kind::Explain);
    CHECK(c.input == "0x80070422");
}

TEST_CASE("Explain parse: bad input is a usage error naming what was wrong", "[cli][explain]") {
    CHECK_THAT(refused({"explain"}), Contains("needs an error code"));
    CHECK_THAT(refused({"explain", "banana"}), Contains("'banana': not an error code"));
    CHECK_THAT(refused({"explain", "0x1", "0x2"}), Contains("one error code"));
    CHECK_THAT(refused({"explain", "--fast", "0x1"}), Contains("unknown option '--fast'"));
    CHECK_THAT(refused({"explain", "0x1", "--computer", "PC"}), Contains("this computer only"));
    CHECK_THAT(refused({"explain", "-"}), Contains("unknown option"));
    CHECK_THAT(refused({"explain", "0x\x1b[31m"}), Contains("'0x?[31m'"));
}

TEST_CASE("History parse: --max and its limits; other verbs are not ours", "[cli][history]") {
    CHECK(command({"history"}).maxEntries == 20);
    CHECK(command({"history", "--max", "5", "--json"}).maxEntries == 5);
    CHECK_THAT(refused({"history", "--max"}), Contains("--max needs a number"));
    CHECK_THAT(refused({"history", "--max", "0"}), Contains("from 1 to 1000"));
    CHECK_THAT(refused({"history", "--max", "1001"}), Contains("from 1 to 1000"));
    CHECK_THAT(refused({"history", "all"}), Contains("takes no further arguments"));
    CHECK_THAT(refused({"explain", "--max", "3", "0x1"}), Contains("unknown option '--max'"));
    CHECK_FALSE(parseArgs({"status"}));
    CHECK_FALSE(parseArgs({"check"}));
    CHECK_FALSE(parseArgs({"explain", "--help"}));  // the general help lists these commands
    CHECK_FALSE(parseArgs({}));
    CHECK_THAT(helpText(), Contains("explain <code>"));
    CHECK_THAT(helpText(), Contains("history [--max N]"));
}

TEST_CASE("Explain JSON: name, meaning, action, next step and the decoded fields", "[cli][explain]") {
    const auto j = explanationJson(explainCode(0x80070422));
    CHECK(j["code"] == "0x80070422");
    CHECK(j["code_unsigned"] == 2147943458u);
    CHECK(j["code_signed"] == -2147023838);
    CHECK(j["known"] == true);
    CHECK(j["name"] == "ERROR_SERVICE_DISABLED");
    CHECK(j["action"] == "repair-start-type");
    CHECK(j["finding"] == "service.wuauserv.start-type");
    CHECK(j["facility"] == 7);
    CHECK(j["facility_name"] == "WIN32");
    CHECK(j["win32_error"] == 1058);
    const auto unknown = explanationJson(explainCode(0x80247777));
    CHECK(unknown["known"] == false);
    CHECK(unknown["name"].is_null());
    CHECK(unknown["facility_name"] == "WINDOWSUPDATE");
}

TEST_CASE("History JSON: not available is not an empty success", "[cli][history]") {
    HistoryResult h;
    h.error = kENotImpl;
    h.reason = "not available on this system";
    const auto j = historyJson(h);
    CHECK(j["available"] == false);
    CHECK(j["reason"] == "not available on this system");
    CHECK(j["error_code"] == "0x80004001");
    CHECK(j["entries"].empty());
}

// Black-box tests of `wudoctor explain` and `wudoctor history` under Wine: the real wudoctor.com, the real
// system message table (FormatMessageW: Wine has strings for the Win32 errors) and the real Windows Update
// Agent (Wine's wuapi: GetTotalHistoryCount / QueryHistory are E_NOTIMPL stubs, so the history must say "not
// available", never show an empty list). Run by e2e.sh, which gives a copy of the exe (WUD_CLI_EXE).
#include "cli_e2e_main.hpp"

#include "cli_schema.hpp"

#include "wud/error_text.hpp"

#include <algorithm>

TEST_CASE("CLI explain: 0x80070422 names the disabled service and the repair, in text and JSON", "[explain]") {
    runSaying({"explain", "0x80070422"}, 0,
              {"0x80070422  ERROR_SERVICE_DISABLED", "turned off (disabled)", "wudoctor repair-start-type wuauserv",
               "service.wuauserv.start-type"});

    const CliRun j = runCli({"explain", "0x80070422", "--json"});
    INFO(describe(j));
    CHECK(j.exit == 0);
    const json doc = j.parsed();
    requireEnvelope(doc, "explain");
    CHECK(doc["exit_code"] == 0);
    CHECK(doc["name"] == "ERROR_SERVICE_DISABLED");
    CHECK(doc["action"] == "repair-start-type");
    CHECK(doc["win32_error"] == 1058);
    // Wine's message table has ERROR_SERVICE_DISABLED's text too: shown beside ours.
    CHECK(doc["system_message"] == systemMessage(1058));
    CHECK_FALSE(systemMessage(1058).empty());
}

TEST_CASE("CLI explain: the four spellings of one code give the same answer", "[explain]") {
    for (const char* spelling : {"0x8024402F", "8024402F", "-2145107921", "2149859375"}) {
        CAPTURE(spelling);
        const CliRun run = runCli({"explain", spelling, "--json"});
        INFO(describe(run));
        REQUIRE(run.exit == 0);
        const json doc = run.parsed();
        CHECK(doc["code"] == "0x8024402F");
        CHECK(doc["input"] == spelling);
        CHECK(doc["name"] == "WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS");
        CHECK(doc["facility_name"] == "WINDOWSUPDATE");
    }
}

TEST_CASE("CLI explain: a facility-7 code outside WU Doctor's table is read from the system's message table", "[explain]") {
    // 0x80070012 = ERROR_NO_MORE_FILES (18): neither in the table nor in the Win32 name list, so its words can
    // only come from FormatMessageW in wudoctor.com.
    const std::string expected = systemMessage(18);
    REQUIRE_FALSE(expected.empty());
    const CliRun run = runCli({"explain", "0x80070012", "--json"});
    INFO(describe(run));
    CHECK(run.exit == 0);
    const json doc = run.parsed();
    CHECK(doc["known"] == true);
    CHECK(doc["name"].is_null());
    CHECK(doc["meaning"] == expected);
    CHECK(doc["system_message"] == expected);
    CHECK(doc["facility"] == 7);
    CHECK(doc["win32_error"] == 18);

    const CliRun text = runCli({"explain", "0x80070012"});
    CHECK(text.out.find(expected) != std::string::npos);
}

TEST_CASE("CLI explain: an unknown code says so with its fields decoded (exit 1)", "[explain]") {
    runSaying({"explain", "0x80247777"}, 1,
              {"WU Doctor does not know this code", "failure, facility WINDOWSUPDATE (36), code 30583"});
}

TEST_CASE("CLI explain: not a number is a usage error (exit 2, one line on stderr, nothing on stdout)", "[explain]") {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"explain", "banana"}, {"explain"}, {"explain", "0x123456789"}, {"explain", "0x1", "--computer", "PC"},
             {"history", "--max", "0"}}) {
        const CliRun run = runCli(args);
        INFO(describe(run));
        CHECK(run.exit == 2);
        CHECK(run.out.empty());
        CHECK(run.err.rfind("wudoctor: ", 0) == 0);
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    }
    CHECK(runCli({"explain", "banana"}).err.find("'banana': not an error code") != std::string::npos);
}

TEST_CASE("CLI history: Wine's Windows Update Agent has no history: 'not available', exit 1, never an empty list", "[explain]") {
    const CliRun text = runCli({"history"});
    INFO(describe(text));
    CHECK(text.exit == 1);
    CHECK(text.out.find("not available on this system") != std::string::npos);
    CHECK(text.out.find("No updates recorded") == std::string::npos);
    CHECK(text.out.find("Update history") != std::string::npos);

    const CliRun j = runCli({"history", "--json"});
    INFO(describe(j));
    CHECK(j.exit == 1);
    const json doc = j.parsed();
    requireEnvelope(doc, "history");
    const json& h = doc["update_history"];
    CHECK(h["available"] == false);
    CHECK(h["error_code"] == "0x80004001");  // E_NOTIMPL, from Wine's wuapi
    CHECK(h["entries"].empty());

    const CliRun report = runCli({"report"});
    INFO(describe(report));
    CHECK(report.out.find("Last update results (Windows Update history)") != std::string::npos);
    CHECK(report.out.find("Update history not available on this system") != std::string::npos);
}

// `wudoctor explain`: the error-code table, the four spellings a user types, HRESULT decoding, bad input.
#include "wud/explain.hpp"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <variant>

using namespace wud;
using Catch::Matchers::Contains;

namespace {

std::uint32_t parsed(std::string_view text) {
    const auto result = parseErrorCode(text);
    INFO("input '" << std::string(text) << "'");
    REQUIRE(std::holds_alternative<std::uint32_t>(result));
    return std::get<std::uint32_t>(result);
}

std::string refused(std::string_view text) {
    const auto result = parseErrorCode(text);
    INFO("input '" << std::string(text) << "'");
    REQUIRE(std::holds_alternative<CodeParseError>(result));
    return std::get<CodeParseError>(result).reason;
}

std::string fakeMessage(std::uint32_t code) { return code == 5 ? "Access is denied." : ""; }

}  // namespace

TEST_CASE("Error codes: every table entry round-trips through all four spellings a user types", "[error_codes]") {
    REQUIRE(knownErrorCodes().size() >= 40);
    for (const ErrorCodeInfo& row : knownErrorCodes()) {
        CAPTURE(hexCode(row.code));
        char hexNoPrefix[16], lowerPrefixed[16], signedDec[16], unsignedDec[16];
        std::snprintf(hexNoPrefix, sizeof hexNoPrefix, "%08X", static_cast<unsigned>(row.code));
        std::snprintf(lowerPrefixed, sizeof lowerPrefixed, "0x%08x", static_cast<unsigned>(row.code));
        std::snprintf(signedDec, sizeof signedDec, "%d", static_cast<int>(static_cast<std::int32_t>(row.code)));
        std::snprintf(unsignedDec, sizeof unsignedDec, "%u", static_cast<unsigned>(row.code));
        CHECK(parsed(hexCode(row.code)) == row.code);
        CHECK(parsed(lowerPrefixed) == row.code);
        CHECK(parsed(hexNoPrefix) == row.code);
        CHECK(parsed(signedDec) == row.code);
        CHECK(parsed(unsignedDec) == row.code);
        // ... and each explains as the row says, with a meaning and a next step.
        const CodeExplanation e = explainCode(parsed(hexNoPrefix));
        CHECK(e.known);
        CHECK(e.name == row.name);
        CHECK_FALSE(e.meaning.empty());
        CHECK_FALSE(e.nextStep.empty());
        CHECK(findErrorCode(row.code) == &row);
    }
}

TEST_CASE("Error codes: the examples from the issue, in their usual spellings", "[error_codes]") {
    CHECK(parsed("0x8024402F") == 0x8024402Fu);
    CHECK(parsed("8024402F") == 0x8024402Fu);
    CHECK(parsed("-2145107921") == 0x8024402Fu);
    CHECK(parsed("2149859375") == 0x8024402Fu);
    CHECK(parsed("  0x80070422 ") == 0x80070422u);
    // The rule for digits only: 8 digits starting with 8 are hex, anything else decimal.
    CHECK(parsed("80070002") == 0x80070002u);
    CHECK(parsed("1058") == 1058u);
    CHECK(parsed("5") == 5u);
    CHECK(parsed("c1900101") == 0xC1900101u);

    const CodeExplanation disabled = explainCode(parsed("0x80070422"));
    CHECK(disabled.name == "ERROR_SERVICE_DISABLED");
    CHECK(disabled.action == CodeAction::RepairServices);
    CHECK_THAT(disabled.nextStep, Contains("repair-start-type"));
    CHECK(disabled.findingId == "service.wuauserv.start-type");

    CHECK(explainCode(0x8024402F).name == "WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS");
    CHECK(explainCode(0x800F081F).action == CodeAction::DismSfc);
    CHECK_THAT(explainCode(0x80073712).nextStep, Contains("sfc /scannow"));
    CHECK(explainCode(0x80240034).action == CodeAction::ResetCache);
    CHECK(explainCode(0x8024A10A).action == CodeAction::Fix);
}

TEST_CASE("Error codes: a bare Win32 code is explained as its facility-7 HRESULT", "[error_codes]") {
    const CodeExplanation e = explainCode(1058);
    CHECK(e.code == 0x80070422u);
    CHECK(e.name == "ERROR_SERVICE_DISABLED");
}

TEST_CASE("Error codes: a facility-7 code outside the table gets its name and the system's message", "[error_codes]") {
    // 0x80070005 is in the table; 0x80070006 (ERROR_INVALID_HANDLE) is not: name from the Win32 list, text from
    // the system's message table (a fake here; FormatMessageW on Windows).
    const CodeExplanation inTable = explainCode(0x80070005, fakeMessage);
    CHECK(inTable.name == "ERROR_ACCESS_DENIED");
    CHECK(inTable.systemText == "Access is denied.");
    REQUIRE(inTable.win32);
    CHECK(*inTable.win32 == 5u);

    const CodeExplanation named = explainCode(0x80070006, nullptr);
    CHECK(named.known);
    CHECK(named.name == "ERROR_INVALID_HANDLE");
    CHECK(named.action == CodeAction::Troubleshooter);

    // A Win32 code with neither a name nor a message here is unknown, and says so.
    const CodeExplanation unknownWin32 = explainCode(0x80070F00, fakeMessage);
    CHECK_FALSE(unknownWin32.known);
    CHECK_THAT(explanationText(unknownWin32), Contains("does not know this code"));
    CHECK_THAT(explanationText(unknownWin32), Contains("facility WIN32 (7), code 3840"));
}

TEST_CASE("Error codes: an unknown code says so, with severity, facility and code decoded", "[error_codes]") {
    const CodeExplanation e = explainCode(0x80247777);
    CHECK_FALSE(e.known);
    CHECK(e.name.empty());
    CHECK(e.decoded.failure);
    CHECK(e.decoded.facility == 36);
    CHECK(e.decoded.facilityName == "WINDOWSUPDATE");
    CHECK(e.decoded.code == 0x7777);
    const std::string text = explanationText(e);
    CHECK_THAT(text, Contains("0x80247777"));
    CHECK_THAT(text, Contains("does not know this code"));
    CHECK_THAT(text, Contains("failure, facility WINDOWSUPDATE (36), code 30583"));
    CHECK_THAT(text, Contains("wudoctor fix"));

    CHECK(facilityName(7) == "WIN32");
    CHECK(facilityName(15) == "SETUPAPI");
    CHECK(facilityName(32) == "BACKGROUNDCOPY");
    CHECK(facilityName(208) == "DELIVERY_OPTIMIZATION");
    CHECK(facilityName(999).empty());
    const DecodedCode odd = decodeHresult(0x43210005);  // success, an unnamed facility
    CHECK_FALSE(odd.failure);
    CHECK(odd.facility == 0x321);
    CHECK(odd.facilityName.empty());
    CHECK_THAT(explanationText(explainCode(0x43210005)), Contains("success, facility 801, code 5"));
}

TEST_CASE("Error codes: what is not a number is refused with a plain reason", "[error_codes]") {
    CHECK_THAT(refused(""), Contains("no error code given"));
    CHECK_THAT(refused("   "), Contains("no error code given"));
    CHECK_THAT(refused("0x"), Contains("hex digits"));
    CHECK_THAT(refused("0x123456789"), Contains("hex digits"));
    CHECK_THAT(refused("0xZZ"), Contains("hex digits"));
    CHECK_THAT(refused("banana"), Contains("not an error code"));
    CHECK_THAT(refused("8024402G"), Contains("not an error code"));
    CHECK_THAT(refused("80244022F"), Contains("not an error code"));
    CHECK_THAT(refused("-"), Contains("negative"));
    CHECK_THAT(refused("-0"), Contains("negative"));
    CHECK_THAT(refused("-2147483649"), Contains("negative"));
    CHECK_THAT(refused("-12a"), Contains("negative"));
    CHECK_THAT(refused("4294967296"), Contains("too large"));
    CHECK_THAT(refused("99999999999999999999"), Contains("too large"));
    CHECK(parsed("-2147483648") == 0x80000000u);
    CHECK(parsed("4294967295") == 0xFFFFFFFFu);
}

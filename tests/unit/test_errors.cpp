#include "wud/error_text.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace wud;
using Catch::Matchers::Contains;

namespace {

ErrorContext about(std::string_view service, ServiceState state = ServiceState::Unknown) {
    return {.service = service, .state = state};
}

}  // namespace

TEST_CASE("Errors: every code a user can meet has its own message and an action to take", "[errors]") {
    const Win32Error codes[] = {5,    1051, 1052, 1053, 1055, 1056, 1058, 1060, 1061, 1062, 1066, 1067,
                                1068, 1069, 1072, 1075, 1223, kErrTimeout, kErrStuck, kErrCancelled,
                                kErrNotInstalled, kErrUnexpectedStop, kErrNotInCatalog, kErrStartedAgain};
    for (const Win32Error code : codes) {
        CAPTURE(code);
        const ErrorText text = describeError(code, about("wuauserv", ServiceState::StopPending));
        CHECK_FALSE(text.message.empty());
        CHECK_FALSE(text.advice.empty());
        // A table row, not the fallback: the fallback is the only text that shows the raw number.
        CHECK_THAT(text.message, !Contains("error " + std::to_string(code)));
        // Every placeholder expanded.
        CHECK_THAT(text.message + text.advice, !Contains("{") && !Contains("}"));
    }
}

TEST_CASE("Errors: messages name the service by its friendly name", "[errors]") {
    CHECK_THAT(describeError(1062, about("wuauserv")).message, Contains("Windows Update"));
    CHECK_THAT(describeError(1062, about("UsoSvc")).message, Contains("Update Orchestrator"));
    ErrorContext named = about("MyFixture");
    named.friendlyName = "My Fixture";
    CHECK_THAT(describeError(1062, named).message, Contains("My Fixture"));
    CHECK_THAT(describeError(1062, {}).message, Contains("The service"));
}

TEST_CASE("Errors: access denied is explained differently for a service Windows protects", "[errors]") {
    const ErrorText normal = describeError(5, about("wuauserv"));
    CHECK_THAT(normal.advice, Contains("as administrator"));

    ErrorContext medic = about("WaaSMedicSvc");
    medic.isProtected = true;
    const ErrorText protectedText = describeError(5, medic);
    CHECK_THAT(protectedText.message, Contains("Windows Update Medic") && Contains("protects"));
    CHECK_THAT(protectedText.advice, Contains("normal"));
    CHECK_THAT(protectedText.advice, !Contains("administrator"));
}

TEST_CASE("Errors: a disabled service offers the repair to Windows' default", "[errors]") {
    const ErrorText text = describeError(1058, about("wuauserv"));
    CHECK_THAT(text.message, Contains("Windows Update") && Contains("disabled"));
    CHECK_THAT(text.advice, Contains("Repair start type") && Contains("Windows' default"));
}

TEST_CASE("Errors: a declined UAC prompt says nothing was changed", "[errors]") {
    const ErrorText text = describeError(1223);
    CHECK_THAT(text.message, Contains("No") && Contains("nothing was changed"));
    CHECK_THAT(text.advice, Contains("Yes"));
}

TEST_CASE("Errors: a service-specific failure shows the service's own code", "[errors]") {
    ErrorContext context = about("UsoSvc");
    context.exitCode = 42;
    CHECK_THAT(describeError(1066, context).message, Contains("Update Orchestrator") && Contains("42"));
    context.exitCode = 0x80070005;
    CHECK_THAT(describeError(1066, context).message, Contains("0x80070005"));
}

TEST_CASE("Errors: timeout and stuck name the service and the state it is stuck in", "[errors]") {
    ErrorContext context = about("UsoSvc", ServiceState::StopPending);
    context.waitedSeconds = 60;
    CHECK(describeError(kErrTimeout, context).message == "Update Orchestrator is still stopping after 60 seconds.");
    context.waitedSeconds = 0;
    CHECK_THAT(describeError(kErrTimeout, context).message, Contains("still stopping") && Contains("in time"));
    CHECK_THAT(describeError(kErrStuck, about("wuauserv", ServiceState::StartPending)).message,
               Contains("Windows Update") && Contains("stuck") && Contains("starting"));
    CHECK_THAT(describeError(kErrCancelled, about("wuauserv", ServiceState::Running)).message,
               Contains("Cancelled") && Contains("running"));
}

TEST_CASE("Errors: a service that comes straight back points at Update Orchestrator", "[errors]") {
    const ErrorText text = describeError(kErrStartedAgain, about("wuauserv"));
    CHECK_THAT(text.message, Contains("Windows Update") && Contains("started again"));
    CHECK_THAT(text.advice, Contains("Update Orchestrator") && Contains("Fix"));
}

TEST_CASE("Errors: a name WU Doctor does not manage lists the ones it does", "[errors]") {
    const ErrorText text = describeError(kErrNotInCatalog, about("Spooler"));
    CHECK_THAT(text.message, Contains("'Spooler'"));
    CHECK_THAT(text.advice, Contains("UsoSvc") && Contains("wuauserv") && Contains("msiserver"));
}

TEST_CASE("Errors: not installed reads the same from the SCM's 1060 and from a query", "[errors]") {
    CHECK(describeError(1060, about("UsoSvc")).message == describeError(kErrNotInstalled, about("UsoSvc")).message);
    CHECK_THAT(describeError(kErrNotInstalled, about("UsoSvc")).message, Contains("not installed"));
}

TEST_CASE("Errors: an unknown code still reads as a sentence, with its number", "[errors]") {
    const ErrorText text = describeError(1234, about("wuauserv"));
    CHECK_THAT(text.message, Contains("Windows Update") && Contains("1234"));
    CHECK_FALSE(text.advice.empty());
    CHECK_THAT(describeError(0x20000999).message, Contains("0x20000999"));
    CHECK(systemMessage(kErrTimeout).empty());  // our own codes never go to FormatMessage
#ifdef _WIN32
    // The system's own wording, trimmed of its trailing line break, ahead of the number.
    const std::string system = systemMessage(2);
    CHECK_FALSE(system.empty());
    CHECK(system.back() != '\n');
    CHECK_THAT(describeError(2, about("wuauserv")).message, Contains(system) && Contains("(error 2)"));
#else
    CHECK(systemMessage(2).empty());
    CHECK(describeError(2, about("wuauserv")).message == "Windows Update reported error 2.");
#endif
}

#include "wud/model.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace wud;

TEST_CASE("Model: every state has a readable name, an id and plain words", "[model]") {
    CHECK(toString(ServiceState::StopPending) == "stop pending");
    CHECK(toId(ServiceState::StopPending) == "stop_pending");
    CHECK(toPlain(ServiceState::StopPending) == "stopping");
    CHECK(toPlain(ServiceState::StartPending) == "starting");
    CHECK(toString(ServiceState::Running) == "running");

    std::set<std::string> ids;
    for (int i = 0; i <= static_cast<int>(ServiceState::Paused); ++i) ids.emplace(toId(static_cast<ServiceState>(i)));
    CHECK(ids.size() == 8);  // JSON consumers rely on distinct ids
}

TEST_CASE("Model: start types read the way services.msc shows them", "[model]") {
    CHECK(toString(StartType::AutomaticDelayed) == "automatic (delayed)");
    CHECK(toString(StartType::ManualTrigger) == "manual (trigger)");
    CHECK(toId(StartType::AutomaticDelayed) == "automatic_delayed");
    CHECK(toId(StartType::Disabled) == "disabled");

    std::set<std::string> ids;
    for (int i = 0; i <= static_cast<int>(StartType::Disabled); ++i) ids.emplace(toId(static_cast<StartType>(i)));
    CHECK(ids.size() == 8);
}

TEST_CASE("Model: a value the table does not know reads as unknown, never garbage", "[model]") {
    // What a newer Windows might report (a state or type number we have no row for).
    CHECK(toString(static_cast<ServiceState>(200)) == "unknown");
    CHECK(toId(static_cast<ServiceState>(200)) == "unknown");
    CHECK(toPlain(static_cast<ServiceState>(200)) == "in an unknown state");
    CHECK(toString(static_cast<StartType>(99)) == "unknown");
    CHECK(toId(static_cast<StartType>(99)) == "unknown");
}

TEST_CASE("Model: only the transitional states are pending", "[model]") {
    CHECK(isPending(ServiceState::StartPending));
    CHECK(isPending(ServiceState::StopPending));
    CHECK(isPending(ServiceState::ContinuePending));
    CHECK(isPending(ServiceState::PausePending));
    CHECK_FALSE(isPending(ServiceState::Running));
    CHECK_FALSE(isPending(ServiceState::Stopped));
    CHECK_FALSE(isPending(ServiceState::Paused));
    CHECK_FALSE(isPending(ServiceState::Unknown));
}

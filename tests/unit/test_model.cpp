#include "wud/model.hpp"

#include <catch2/catch.hpp>

#include <set>
#include <string>

using namespace wud;

TEST_CASE("Model: every state has a readable name, an id and plain words", "[model]") {
    struct Row {
        ServiceState state;
        std::string_view name, id, plain;
    };
    const Row rows[] = {
        {ServiceState::Unknown, "unknown", "unknown", "in an unknown state"},
        {ServiceState::Stopped, "stopped", "stopped", "stopped"},
        {ServiceState::StartPending, "start pending", "start_pending", "starting"},
        {ServiceState::StopPending, "stop pending", "stop_pending", "stopping"},
        {ServiceState::Running, "running", "running", "running"},
        {ServiceState::ContinuePending, "continue pending", "continue_pending", "resuming"},
        {ServiceState::PausePending, "pause pending", "pause_pending", "pausing"},
        {ServiceState::Paused, "paused", "paused", "paused"},
    };
    std::set<std::string_view> ids;
    for (const Row& row : rows) {
        INFO("state " << row.id);
        CHECK(toString(row.state) == row.name);
        CHECK(toId(row.state) == row.id);
        CHECK(toPlain(row.state) == row.plain);
        ids.insert(toId(row.state));
    }
    CHECK(ids.size() == 8);  // JSON consumers rely on distinct ids
}

TEST_CASE("Model: start types read the way services.msc shows them", "[model]") {
    struct Row {
        StartType type;
        std::string_view name, id;
    };
    const Row rows[] = {
        {StartType::Unknown, "unknown", "unknown"},
        {StartType::Boot, "boot", "boot"},
        {StartType::System, "system", "system"},
        {StartType::Automatic, "automatic", "automatic"},
        {StartType::AutomaticDelayed, "automatic (delayed)", "automatic_delayed"},
        {StartType::Manual, "manual", "manual"},
        {StartType::ManualTrigger, "manual (trigger)", "manual_trigger"},
        {StartType::Disabled, "disabled", "disabled"},
    };
    std::set<std::string_view> ids;
    for (const Row& row : rows) {
        INFO("start type " << row.id);
        CHECK(toString(row.type) == row.name);
        CHECK(toId(row.type) == row.id);
        ids.insert(toId(row.type));
    }
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
    for (const ServiceState pending : {ServiceState::StartPending, ServiceState::StopPending,
                                       ServiceState::ContinuePending, ServiceState::PausePending})
        CHECK(isPending(pending));
    for (const ServiceState settled : {ServiceState::Running, ServiceState::Stopped, ServiceState::Paused,
                                       ServiceState::Unknown})
        CHECK_FALSE(isPending(settled));
}

#include "wud/model.hpp"

#include <array>

namespace wud {
namespace {

// Tables indexed by the enum's value; anything out of range (a value cast from an unexpected OS number)
// falls back to the Unknown row, so a name is never garbage.
template <std::size_t N, typename Enum>
constexpr std::string_view lookup(const std::array<std::string_view, N>& table, Enum value) noexcept {
    const auto index = static_cast<std::size_t>(value);
    return index < table.size() ? table[index] : table[0];
}

constexpr std::array<std::string_view, 8> kStateNames{
    "unknown", "stopped", "start pending", "stop pending", "running", "continue pending", "pause pending", "paused",
};
constexpr std::array<std::string_view, 8> kStateIds{
    "unknown", "stopped", "start_pending", "stop_pending", "running", "continue_pending", "pause_pending", "paused",
};
constexpr std::array<std::string_view, 8> kStatePlain{
    "in an unknown state", "stopped", "starting", "stopping", "running", "resuming", "pausing", "paused",
};
constexpr std::array<std::string_view, 8> kStartTypeNames{
    "unknown", "boot", "system", "automatic", "automatic (delayed)", "manual", "manual (trigger)", "disabled",
};
constexpr std::array<std::string_view, 8> kStartTypeIds{
    "unknown", "boot", "system", "automatic", "automatic_delayed", "manual", "manual_trigger", "disabled",
};

static_assert(static_cast<std::size_t>(ServiceState::Paused) + 1 == kStateNames.size(), "one row per state");
static_assert(static_cast<std::size_t>(StartType::Disabled) + 1 == kStartTypeNames.size(), "one row per type");

}  // namespace

std::string_view toString(ServiceState state) noexcept { return lookup(kStateNames, state); }
std::string_view toString(StartType type) noexcept { return lookup(kStartTypeNames, type); }
std::string_view toId(ServiceState state) noexcept { return lookup(kStateIds, state); }
std::string_view toId(StartType type) noexcept { return lookup(kStartTypeIds, type); }
std::string_view toPlain(ServiceState state) noexcept { return lookup(kStatePlain, state); }

}  // namespace wud

#pragma once
// Plain data describing one service as the Service Control Manager reports it.

#include <cstdint>
#include <string>
#include <string_view>

namespace wud {

/// A service's run state (SERVICE_STATUS_PROCESS::dwCurrentState).
enum class ServiceState : std::uint8_t {
    Unknown,
    Stopped,
    StartPending,
    StopPending,
    Running,
    ContinuePending,
    PausePending,
    Paused,
};

/// A service's start type, with the delayed / trigger refinements of Automatic and Manual.
enum class StartType : std::uint8_t {
    Unknown,  ///< the OS would not say (Wine for delayed/trigger, or no rights)
    Boot,
    System,
    Automatic,
    AutomaticDelayed,
    Manual,
    ManualTrigger,
    Disabled,
};

/// Controls a running service accepts (bits of SERVICE_STATUS::dwControlsAccepted we care about).
struct AcceptedControls {
    bool stop = false;
    bool pauseContinue = false;
    bool shutdown = false;
    friend bool operator==(const AcceptedControls&, const AcceptedControls&) = default;
};

/// Everything WU Doctor knows about one service at one moment. Plain data: cheap to copy and compare.
struct ServiceSnapshot {
    std::string name;         ///< key name, e.g. "wuauserv"
    std::string displayName;  ///< as the OS shows it; empty when not installed
    bool installed = false;
    ServiceState state = ServiceState::Unknown;
    StartType startType = StartType::Unknown;
    std::uint32_t pid = 0;
    std::uint32_t sharedWith = 0;  ///< how many other running services share this process
    AcceptedControls accepts;
    std::uint32_t win32ExitCode = 0;
    std::uint32_t serviceExitCode = 0;  ///< meaningful when win32ExitCode == ERROR_SERVICE_SPECIFIC_ERROR (1066)
    std::uint32_t checkPoint = 0;
    std::uint32_t waitHintMs = 0;
    bool launchProtectedKnown = false;
    bool launchProtected = false;

    friend bool operator==(const ServiceSnapshot&, const ServiceSnapshot&) = default;
};

/// "running", "stop pending"... (lower case, for sentences, tables and JSON). Unknown values give "unknown".
std::string_view toString(ServiceState state) noexcept;
/// "automatic (delayed)", "manual (trigger)", "disabled"... Unknown gives "unknown".
std::string_view toString(StartType type) noexcept;
/// Stable machine identifiers for JSON: "running", "stop_pending", "automatic_delayed"...
std::string_view toId(ServiceState state) noexcept;
std::string_view toId(StartType type) noexcept;
/// The state in words a home user reads in a sentence: "starting", "stopping", "running", "stopped"...
/// Unknown gives "in an unknown state".
std::string_view toPlain(ServiceState state) noexcept;

/// True for the transitional states (start/stop/continue/pause pending).
constexpr bool isPending(ServiceState s) noexcept {
    return s == ServiceState::StartPending || s == ServiceState::StopPending ||
           s == ServiceState::ContinuePending || s == ServiceState::PausePending;
}

}  // namespace wud

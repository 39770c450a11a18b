#pragma once
// What WU Doctor does to services: start, stop, restart (with dependents), fix, start-type change.
// Each operation waits for the outcome, reports progress, honours cancellation and an overall timeout,
// and returns a result; none throws.

#include "wud/clock.hpp"
#include "wud/error_text.hpp"
#include "wud/service_manager.hpp"

#include <functional>
#include <string>
#include <vector>

namespace wud {

enum class Action : std::uint8_t { Start, Stop, Restart, Fix, SetStartType };
std::string_view toId(Action action) noexcept;  ///< "start", "stop", "restart", "fix", "set_start_type"

/// One step of progress, e.g. {Stopping, "UsoSvc", StopPending}.
struct Progress {
    enum class Step : std::uint8_t { Querying, Stopping, Starting, Waiting, Done, Failed, Skipped } step;
    std::string service;
    ServiceState state = ServiceState::Unknown;
    std::string text;  ///< plain-language line: "Stopping Update Orchestrator…"
};
using ProgressFn = std::function<void(const Progress&)>;

struct OperationOptions {
    Millis timeout{60'000};               ///< for the whole operation (fix: for each of its services)
    ProgressFn progress;                  ///< may be empty; called on the operation's thread
    const CancelToken* cancel = nullptr;  ///< may be null
};

/// Outcome of one action on one service.
struct ActionResult {
    std::string service;
    Action action = Action::Start;
    bool ok = false;
    Win32Error error = 0;
    ErrorText text;                 ///< message + advice (message also set on success: "Windows Update restarted")
    ServiceState stateBefore = ServiceState::Unknown;
    ServiceState stateAfter = ServiceState::Unknown;
    std::uint32_t pidBefore = 0;
    std::uint32_t pidAfter = 0;
    Millis duration{0};
    std::vector<std::string> notes; ///< e.g. "started again: X" / "skipped: not installed"
};

/// Outcome of a start-type change: the old value is kept so it can be logged and undone.
struct StartTypeChange {
    std::string service;
    bool ok = false;
    Win32Error error = 0;
    ErrorText text;
    StartType oldType = StartType::Unknown;
    StartType newType = StartType::Unknown;
};

/// Runs operations against a ServiceManager. Not thread-safe: one operation at a time per instance.
class Operations {
public:
    Operations(ServiceManager& scm, Clock& clock) : scm_(scm), clock_(clock) {}

    ActionResult start(std::string_view name, const OperationOptions& options = {});
    ActionResult stop(std::string_view name, const OperationOptions& options = {});
    ActionResult restart(std::string_view name, const OperationOptions& options = {});
    /// The standard advice: UsoSvc then wuauserv, each restarted if running, started otherwise.
    std::vector<ActionResult> fix(const OperationOptions& options = {});
    StartTypeChange setStartType(std::string_view name, StartType type);
    /// Sets the catalog's Windows default for this OS build.
    StartTypeChange repairStartType(std::string_view name, std::uint32_t osBuild);

private:
    ServiceManager& scm_;
    Clock& clock_;
};

}  // namespace wud

#pragma once
// An in-memory Service Control Manager for unit tests. Time comes from a Clock (a VirtualClock in tests), so
// slow starts, hangs and timeouts play out in virtual time: deterministic and instant. Every knob below stands
// for one thing the real SCM or a real service does; the comment beside it says which.

#include "wud/clock.hpp"
#include "wud/service_manager.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// One fake service: its behaviour (set by the test) and its live state (kept by the fake).
struct FakeService {
    // ---- identity and configuration
    std::string name;         ///< key name
    std::string displayName;  ///< as services.msc shows it
    StartType startType = StartType::Manual;
    /// lpDependencies: the SCM starts these first (1068 if one cannot start, 1075 if one is not installed), and
    /// refuses to stop one of them while this service runs (1051).
    std::vector<std::string> dependsOn;
    std::uint32_t sharedWith = 0;  ///< other services in the same svchost process

    // ---- timing of a well-behaved service: pending for a while, dwCheckPoint rising every progressStep
    Millis startDelay{0};  ///< time spent in START_PENDING before RUNNING
    Millis stopDelay{0};   ///< time spent in STOP_PENDING before STOPPED
    Millis progressStep{100};
    std::uint32_t waitHintMs = 2000;  ///< dwWaitHint while pending

    // ---- faults
    bool hangOnStart = false;  ///< ServiceMain hangs: START_PENDING forever, checkpoint never moves
    bool hangOnStop = false;   ///< the stop handler hangs: STOP_PENDING forever, checkpoint never moves
    /// The service gives up while starting: after startDelay it is STOPPED with this dwWin32ExitCode (1066 =
    /// ERROR_SERVICE_SPECIFIC_ERROR, then failStartServiceCode is its dwServiceSpecificExitCode). 0 = no failure.
    Win32Error failStartWith = 0;
    std::uint32_t failStartServiceCode = 0;
    /// The process dies this long after reaching RUNNING; the SCM then records crashExitCode
    /// (1067 ERROR_PROCESS_ABORTED is what Windows reports for a process that ended without reporting STOPPED).
    std::optional<Millis> crashAfter;
    Win32Error crashExitCode = 1067;
    bool refuseStop = false;  ///< does not accept SERVICE_CONTROL_STOP: ControlService fails with 1052
    bool isProtected = false; ///< launch-protected (WaaSMedicSvc): stop and config fail with 5 even elevated
    /// Something else starts it again this long after one of our stops completes: UsoSvc (or a scheduled task)
    /// bringing wuauserv straight back, the "services that come straight back" complaint.
    std::optional<Millis> restartedBehindAfter;
    /// Errors the SCM returns for one kind of call: 5 = the right is missing at OpenService (a standard user
    /// may query and start wuauserv but not stop it), 1055 = database locked, anything else as needed.
    Win32Error queryError = 0;
    Win32Error startError = 0;
    Win32Error stopError = 0;
    Win32Error configError = 0;
    Win32Error dependentsError = 0;

    // ---- live state (kept by the fake; a test sets the initial state before add())
    ServiceState state = ServiceState::Stopped;
    std::uint32_t pid = 0;
    Win32Error win32ExitCode = 1077;  ///< ERROR_SERVICE_NEVER_STARTED until it has run once
    std::uint32_t serviceExitCode = 0;
};

class FakeServiceManager final : public ServiceManager {
public:
    explicit FakeServiceManager(Clock& clock);
    ~FakeServiceManager() override;

    /// Adds a service (a Running one gets a PID) and returns it for further tweaks.
    FakeService& add(FakeService service);
    /// Adds a plain service in the given state.
    FakeService& add(std::string name, ServiceState state, StartType type = StartType::Manual);
    /// The service, brought up to date with the clock. It must exist.
    FakeService& service(std::string_view name);
    /// True when such a service was added.
    bool has(std::string_view name) const;

    /// Someone other than WU Doctor (Windows, another tool) starts / stops it now. Logged as "external ...".
    void externalStart(std::string_view name);
    void externalStop(std::string_view name);

    /// Called before each start / stop / config call is handled, with the line about to be logged
    /// ("start wuauserv"): lets a test act "behind our back" at an exact moment.
    std::function<void(std::string_view call)> beforeCall;

    /// Every state-changing call in order: "start X", "stop X", "config X manual" (ours), and
    /// "dependency start X" / "external start X" / "external stop X" (the SCM's or someone else's).
    const std::vector<std::string>& calls() const noexcept { return calls_; }
    /// Only WU Doctor's own calls, in order.
    std::vector<std::string> ourCalls() const;
    /// Number of query() calls, to check how often we poll.
    std::size_t queryCount() const noexcept { return queries_; }

    QueryResult query(std::string_view name) override;
    Win32Error start(std::string_view name) override;
    Win32Error stop(std::string_view name) override;
    DependentsResult activeDependents(std::string_view name) override;
    Win32Error setStartType(std::string_view name, StartType type) override;

private:
    struct Entry;
    Entry* find(std::string_view name) const;
    /// A control call's start as the SCM sees it: the fake brought up to now, the call logged ("start X",
    /// "config X manual") and shown to beforeCall first; the service, or null when there is none.
    Entry* beginCall(std::string_view verb, std::string_view name, std::string_view detail = {});
    void settleAll();
    void settle(Entry& entry);
    void beginStart(Entry& entry, Millis at);
    void finishStop(Entry& entry, Millis at, Win32Error exitCode, std::uint32_t serviceCode, bool byControl);
    Win32Error startDependencies(Entry& entry, int depth);
    std::vector<Entry*> activeDependentsOf(const Entry& entry) const;
    void log(std::string line);

    Clock& clock_;
    std::vector<std::unique_ptr<Entry>> entries_;
    std::vector<std::string> calls_;
    std::size_t queries_ = 0;
    std::uint32_t nextPid_ = 1000;
    std::uint64_t nextStartSeq_ = 1;
};

}  // namespace wud

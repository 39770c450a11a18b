#include "wud/win32/service_manager.hpp"

#include "wud/error_text.hpp"  // lastError
#include "wud/text.hpp"    // widen / narrow

#include <algorithm>
#include <cstddef>
#include <unordered_map>
#include <vector>

namespace wud {
namespace {

// ---------------------------------------------------------------------------------------------- missing SDK bits

// mingw-w64 10's winsvc.h has the QueryServiceConfig2 levels but not these two structs (Windows 7 / 8.1 SDK).
// Own names, so a newer mingw that declares them does not clash.
struct TriggerInfo {  // SERVICE_TRIGGER_INFO
    DWORD cTriggers;
    void* pTriggers;  // SERVICE_TRIGGER*: we only count them
    BYTE* pReserved;
};
struct LaunchProtectedInfo {  // SERVICE_LAUNCH_PROTECTED_INFO
    DWORD dwLaunchProtected;
};
#ifndef SERVICE_CONFIG_TRIGGER_INFO
#define SERVICE_CONFIG_TRIGGER_INFO 8
#endif
#ifndef SERVICE_CONFIG_LAUNCH_PROTECTED
#define SERVICE_CONFIG_LAUNCH_PROTECTED 12
#endif
#ifndef SERVICE_LAUNCH_PROTECTED_NONE
#define SERVICE_LAUNCH_PROTECTED_NONE 0
#endif

// ---------------------------------------------------------------------------------------------- mapping

ServiceState toState(DWORD state) noexcept {
    switch (state) {
    case SERVICE_STOPPED: return ServiceState::Stopped;
    case SERVICE_START_PENDING: return ServiceState::StartPending;
    case SERVICE_STOP_PENDING: return ServiceState::StopPending;
    case SERVICE_RUNNING: return ServiceState::Running;
    case SERVICE_CONTINUE_PENDING: return ServiceState::ContinuePending;
    case SERVICE_PAUSE_PENDING: return ServiceState::PausePending;
    case SERVICE_PAUSED: return ServiceState::Paused;
    default: return ServiceState::Unknown;
    }
}

StartType toBaseStartType(DWORD type) noexcept {
    switch (type) {
    case SERVICE_BOOT_START: return StartType::Boot;
    case SERVICE_SYSTEM_START: return StartType::System;
    case SERVICE_AUTO_START: return StartType::Automatic;
    case SERVICE_DEMAND_START: return StartType::Manual;
    case SERVICE_DISABLED: return StartType::Disabled;
    default: return StartType::Unknown;
    }
}

// The OS has no such QueryServiceConfig2 / ChangeServiceConfig2 level at all (Wine answers 124 for delayed
// start, triggers and launch protection). Real Windows has had all three since 8.1.
bool isLevelUnsupported(DWORD error) noexcept {
    return error == ERROR_INVALID_LEVEL || error == ERROR_NOT_SUPPORTED || error == ERROR_CALL_NOT_IMPLEMENTED;
}

// ---------------------------------------------------------------------------------------------- buffers

// A byte buffer aligned for the structs the SCM writes into it (they hold pointers and DWORDs).
class Buffer {
public:
    explicit Buffer(std::size_t bytes) { resize(bytes); }
    void resize(std::size_t bytes) { words_.resize((bytes + sizeof(Word) - 1) / sizeof(Word)); }
    [[nodiscard]] BYTE* data() noexcept { return reinterpret_cast<BYTE*>(words_.data()); }
    [[nodiscard]] DWORD size() const noexcept { return static_cast<DWORD>(words_.size() * sizeof(Word)); }
    template <typename T>
    [[nodiscard]] T* as() noexcept { return reinterpret_cast<T*>(data()); }

private:
    using Word = std::max_align_t;
    std::vector<Word> words_;
};

// Grow-and-retry for the "tell me how big" APIs: `call(data, size, &needed)` returns the API's BOOL. The size
// can change between two calls (someone edits the config), hence a loop and not a single retry.
template <typename Call>
Win32Error callGrowing(Buffer& buffer, Call call) {
    for (int attempt = 0; attempt < 8; ++attempt) {
        DWORD needed = 0;
        if (call(buffer.data(), buffer.size(), &needed)) return 0;
        const DWORD error = lastError();
        if (error != ERROR_INSUFFICIENT_BUFFER && error != ERROR_MORE_DATA) return error;
        buffer.resize(std::max<std::size_t>(needed, std::size_t{buffer.size()} * 2));
    }
    return ERROR_INSUFFICIENT_BUFFER;
}

// ---------------------------------------------------------------------------------------------- config

// Refines Automatic -> AutomaticDelayed. Unknown only when the OS refuses to say (and has the concept).
StartType refineAutomatic(SC_HANDLE service) {
    SERVICE_DELAYED_AUTO_START_INFO info{};
    DWORD needed = 0;
    if (::QueryServiceConfig2W(service, SERVICE_CONFIG_DELAYED_AUTO_START_INFO, reinterpret_cast<BYTE*>(&info),
                               sizeof info, &needed))
        return info.fDelayedAutostart ? StartType::AutomaticDelayed : StartType::Automatic;
    // No delayed start on this OS (Wine): plain Automatic is then simply true.
    return isLevelUnsupported(lastError()) ? StartType::Automatic : StartType::Unknown;
}

// Refines Manual -> ManualTrigger when the service has at least one start trigger.
StartType refineManual(SC_HANDLE service) {
    Buffer buffer(sizeof(TriggerInfo) + 256);
    const Win32Error error = callGrowing(buffer, [&](BYTE* data, DWORD size, DWORD* needed) {
        return ::QueryServiceConfig2W(service, SERVICE_CONFIG_TRIGGER_INFO, data, size, needed);
    });
    if (error == 0) return buffer.as<TriggerInfo>()->cTriggers > 0 ? StartType::ManualTrigger : StartType::Manual;
    return isLevelUnsupported(error) ? StartType::Manual : StartType::Unknown;
}

void readLaunchProtection(SC_HANDLE service, ServiceSnapshot& snapshot) {
    LaunchProtectedInfo info{};
    DWORD needed = 0;
    if (!::QueryServiceConfig2W(service, SERVICE_CONFIG_LAUNCH_PROTECTED, reinterpret_cast<BYTE*>(&info),
                                sizeof info, &needed))
        return;  // launchProtectedKnown stays false
    snapshot.launchProtectedKnown = true;
    snapshot.launchProtected = info.dwLaunchProtected != SERVICE_LAUNCH_PROTECTED_NONE;
}

// Display name and start type. Failures leave the start type Unknown: the status part of a query is still
// worth showing, so they are not errors of the query.
void readConfig(SC_HANDLE service, ServiceSnapshot& snapshot) {
    Buffer buffer(1024);  // most configs fit: one call
    const Win32Error error = callGrowing(buffer, [&](BYTE* data, DWORD size, DWORD* needed) {
        return ::QueryServiceConfigW(service, reinterpret_cast<QUERY_SERVICE_CONFIGW*>(data), size, needed);
    });
    if (error != 0) return;
    const auto* config = buffer.as<QUERY_SERVICE_CONFIGW>();
    if (config->lpDisplayName != nullptr) snapshot.displayName = narrow(config->lpDisplayName);

    // Only one refinement call is ever needed: delayed applies to Automatic, triggers matter for Manual.
    const StartType base = toBaseStartType(config->dwStartType);
    snapshot.startType = base == StartType::Automatic ? refineAutomatic(service)
                         : base == StartType::Manual  ? refineManual(service)
                                                      : base;
    readLaunchProtection(service, snapshot);
}

void readStatus(const SERVICE_STATUS_PROCESS& status, ServiceSnapshot& snapshot) {
    snapshot.state = toState(status.dwCurrentState);
    snapshot.pid = status.dwProcessId;
    snapshot.accepts.stop = (status.dwControlsAccepted & SERVICE_ACCEPT_STOP) != 0;
    snapshot.accepts.pauseContinue = (status.dwControlsAccepted & SERVICE_ACCEPT_PAUSE_CONTINUE) != 0;
    snapshot.accepts.shutdown = (status.dwControlsAccepted & SERVICE_ACCEPT_SHUTDOWN) != 0;
    snapshot.win32ExitCode = status.dwWin32ExitCode;
    snapshot.serviceExitCode = status.dwServiceSpecificExitCode;
    snapshot.checkPoint = status.dwCheckPoint;
    snapshot.waitHintMs = status.dwWaitHint;
}

// How many active Win32 services run in each process: one EnumServicesStatusEx over all of them, paged with its
// resume handle. False if the SCM will not list them.
bool takeCensus(SC_HANDLE scm, std::unordered_map<DWORD, std::uint32_t>& servicesPerProcess) {
    servicesPerProcess.clear();
    Buffer buffer(32 * 1024);
    DWORD resume = 0;
    for (int page = 0; page < 64; ++page) {
        DWORD needed = 0, returned = 0;
        const BOOL ok = ::EnumServicesStatusExW(scm, SC_ENUM_PROCESS_INFO, SERVICE_WIN32, SERVICE_ACTIVE,
                                                buffer.data(), buffer.size(), &needed, &returned, &resume, nullptr);
        if (!ok && lastError() != ERROR_MORE_DATA) return false;
        const auto* entries = buffer.as<ENUM_SERVICE_STATUS_PROCESSW>();
        for (DWORD i = 0; i < returned; ++i) ++servicesPerProcess[entries[i].ServiceStatusProcess.dwProcessId];
        if (ok) return true;
        if (returned == 0) buffer.resize(std::max<std::size_t>(needed, std::size_t{buffer.size()} * 2));
    }
    return false;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- connection

Win32ServiceManager::Win32ServiceManager(std::string_view computer) : computer_(widen(computer)) {}

Win32Error Win32ServiceManager::connect() {
    Win32Error error = 0;
    (void)manager(error);
    return error;
}

SC_HANDLE Win32ServiceManager::manager(Win32Error& error) {
    std::lock_guard lock(mutex_);
    if (!scm_) {
        // SC_MANAGER_CONNECT only: enough for OpenService; SC_MANAGER_ALL_ACCESS would fail for a standard user.
        scm_.reset(::OpenSCManagerW(computer_.empty() ? nullptr : computer_.c_str(), nullptr, SC_MANAGER_CONNECT));
        if (!scm_) {
            error = lastError();
            return nullptr;
        }
    }
    error = 0;
    return scm_.get();
}

UniqueScHandle Win32ServiceManager::openService(std::string_view name, DWORD rights, Win32Error& error) {
    const SC_HANDLE scm = manager(error);
    if (scm == nullptr) return {};
    UniqueScHandle service(::OpenServiceW(scm, widen(name).c_str(), rights));
    error = service ? 0 : lastError();
    return service;
}

// ---------------------------------------------------------------------------------------------- ServiceManager

QueryResult Win32ServiceManager::query(std::string_view name) {
    QueryResult result;
    ServiceSnapshot& snapshot = result.snapshot;
    snapshot.name = std::string(name);

    Win32Error error = 0;
    bool canReadConfig = true;
    UniqueScHandle service = openService(name, SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG, error);
    if (error == ERROR_ACCESS_DENIED) {
        // A locked-down DACL may allow the status but not the config: the state is still worth showing.
        canReadConfig = false;
        service = openService(name, SERVICE_QUERY_STATUS, error);
    }
    if (error == ERROR_SERVICE_DOES_NOT_EXIST) return result;  // installed = false is the answer, not an error
    if (error != 0) {
        result.error = error;
        return result;
    }
    snapshot.installed = true;

    SERVICE_STATUS_PROCESS status{};
    DWORD needed = 0;
    if (!::QueryServiceStatusEx(service.get(), SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&status),
                                sizeof status, &needed)) {
        result.error = lastError();
        return result;
    }
    readStatus(status, snapshot);

    if (canReadConfig) {
        readConfig(service.get(), snapshot);
    } else if (Win32Error ignored = 0; const SC_HANDLE scm = manager(ignored)) {
        // GetServiceDisplayName needs only the SCM connection.
        wchar_t display[256 + 1]{};  // display names are at most 256 characters
        DWORD chars = 256;
        if (::GetServiceDisplayNameW(scm, widen(name).c_str(), display, &chars)) snapshot.displayName = narrow(display);
    }

    // Only a running service sharing a process has neighbours worth counting, and only then is the PID stable;
    // this keeps the enumeration out of the fast polling an operation does while a service is pending.
    if (snapshot.state == ServiceState::Running && snapshot.pid != 0 &&
        (status.dwServiceType & SERVICE_WIN32_SHARE_PROCESS) != 0) {
        snapshot.sharedWith = othersInProcess(snapshot.pid);
    }
    return result;
}

std::uint32_t Win32ServiceManager::othersInProcess(DWORD pid) {
    std::lock_guard lock(censusMutex_);
    const auto now = std::chrono::steady_clock::now();
    const bool fresh = now - censusTaken_ <= kCensusMaxAge;
    if (fresh && censusFailed_) return 0;  // do not retry a refused census on every query
    auto found = census_.find(pid);
    // A PID missing from the census is a process that started after it was taken (a restarted service):
    // the census is stale for it, whatever its age.
    if (!fresh || found == census_.end()) {
        // Listing services needs SC_MANAGER_ENUMERATE_SERVICE, which our SC_MANAGER_CONNECT handle lacks (Wine
        // does not check; Windows answers 5). Every user has it; a handle of its own keeps the main one minimal,
        // and at most one census in 30 s makes opening it each time cheap.
        const UniqueScHandle lister(::OpenSCManagerW(computer_.empty() ? nullptr : computer_.c_str(), nullptr,
                                                     SC_MANAGER_ENUMERATE_SERVICE));
        censusTaken_ = now;
        censusFailed_ = !lister || !takeCensus(lister.get(), census_);
        if (censusFailed_) {
            census_.clear();
            return 0;
        }
        found = census_.find(pid);
    }
    return found != census_.end() && found->second > 0 ? found->second - 1 : 0;  // minus the service itself
}

Win32Error Win32ServiceManager::start(std::string_view name) {
    Win32Error error = 0;
    const UniqueScHandle service = openService(name, SERVICE_START, error);
    if (error != 0) return error;
    return ::StartServiceW(service.get(), 0, nullptr) ? 0 : lastError();
}

Win32Error Win32ServiceManager::stop(std::string_view name) {
    Win32Error error = 0;
    const UniqueScHandle service = openService(name, SERVICE_STOP, error);
    if (error != 0) return error;
    SERVICE_STATUS status{};
    return ::ControlService(service.get(), SERVICE_CONTROL_STOP, &status) ? 0 : lastError();
}

DependentsResult Win32ServiceManager::activeDependents(std::string_view name) {
    DependentsResult result;
    Win32Error error = 0;
    const UniqueScHandle service = openService(name, SERVICE_ENUMERATE_DEPENDENTS, error);
    if (error != 0) {
        result.error = error;
        return result;
    }
    Buffer buffer(4096);
    DWORD returned = 0;
    result.error = callGrowing(buffer, [&](BYTE* data, DWORD size, DWORD* needed) {
        return ::EnumDependentServicesW(service.get(), SERVICE_ACTIVE, reinterpret_cast<ENUM_SERVICE_STATUSW*>(data),
                                        size, needed, &returned);
    });
    if (result.error != 0) return result;
    const auto* entries = buffer.as<ENUM_SERVICE_STATUSW>();
    result.names.reserve(returned);
    for (DWORD i = 0; i < returned; ++i) result.names.push_back(narrow(entries[i].lpServiceName));
    return result;
}

Win32Error Win32ServiceManager::setStartType(std::string_view name, StartType type) {
    DWORD win32Type = 0;
    switch (type) {
    case StartType::Boot: win32Type = SERVICE_BOOT_START; break;      // drivers only: the SCM answers 87 otherwise
    case StartType::System: win32Type = SERVICE_SYSTEM_START; break;  // idem
    case StartType::Automatic:
    case StartType::AutomaticDelayed: win32Type = SERVICE_AUTO_START; break;
    // Triggers cannot be made from a start type; Manual keeps any the service already has (the SCM does not
    // touch them), so a trigger-start service set to ManualTrigger reads back as ManualTrigger.
    case StartType::Manual:
    case StartType::ManualTrigger: win32Type = SERVICE_DEMAND_START; break;
    case StartType::Disabled: win32Type = SERVICE_DISABLED; break;
    case StartType::Unknown: return ERROR_INVALID_PARAMETER;
    }

    Win32Error error = 0;
    const UniqueScHandle service = openService(name, SERVICE_CHANGE_CONFIG, error);
    if (error != 0) return error;

    // The delayed flag first: if it fails, nothing has changed yet. It is set for Automatic too (to false), or a
    // once-delayed service would stay delayed. Windows ignores it for other start types, so they leave it alone.
    if (win32Type == SERVICE_AUTO_START) {
        SERVICE_DELAYED_AUTO_START_INFO info{type == StartType::AutomaticDelayed};
        if (!::ChangeServiceConfig2W(service.get(), SERVICE_CONFIG_DELAYED_AUTO_START_INFO, &info)) {
            // An OS without delayed start (Wine) cannot be closer than plain Automatic: go on with that.
            if (const Win32Error flagError = lastError(); !isLevelUnsupported(flagError)) return flagError;
        }
    }
    if (!::ChangeServiceConfigW(service.get(), SERVICE_NO_CHANGE, win32Type, SERVICE_NO_CHANGE, nullptr, nullptr,
                                nullptr, nullptr, nullptr, nullptr, nullptr))
        return lastError();
    return 0;
}

}  // namespace wud

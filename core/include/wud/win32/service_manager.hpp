#pragma once
// The real ServiceManager: Windows' Service Control Manager through advapi32. Windows only.

#include "wud/service_manager.hpp"
#include "wud/win32/handle.hpp"

#include <chrono>
#include <cstdint>
#include <mutex>
#include <unordered_map>
#include <string>
#include <string_view>

namespace wud {

/// Talks to the SCM of this computer (or of a remote one). It opens the SCM with SC_MANAGER_CONNECT and each
/// service with only the rights the call needs, so a standard user can still query (and, for services whose
/// DACL allows it, start) without elevation. Calls may come from several threads at once.
///
/// How it maps what the OS says (decisions, see the .cpp for the why):
/// - a service that does not exist (1060) is a QueryResult with installed = false and error 0;
/// - start type: Automatic / Manual are refined to AutomaticDelayed / ManualTrigger from QueryServiceConfig2.
///   Where the OS has no such refinement (ERROR_INVALID_LEVEL: Wine) the plain Automatic / Manual is kept,
///   because that base type is still a fact; Unknown only when the OS refuses to say anything about it;
/// - sharedWith is counted only for a RUNNING share-process service, from a census of all active services
///   (one EnumServicesStatusEx over every service: a few hundred on Windows) kept for up to 30 s: the idle window's
///   poll every second does not pay for one each time, a refresh of the whole catalog costs at most one, and the
///   polling an operation does while a service is pending never pays for one. A PID the census does not know
///   (a service that just restarted) always gets a fresh one; a neighbour starting or stopping in the same
///   process shows within 30 s;
/// - setStartType(ManualTrigger) sets Manual: triggers cannot be created from a start type, but existing
///   triggers are kept by the SCM, so a service that had them reads back as ManualTrigger.
class Win32ServiceManager final : public ServiceManager {
public:
    /// `computer`: empty for this computer, else a name like PC42 or \\PC42 (UTF-8). Never blocks: the SCM
    /// is opened by the first call (a remote one can take many seconds to answer, which belongs on a worker
    /// thread, not in a constructor the UI thread runs). If opening fails, that call reports the error and the
    /// next one tries again.
    explicit Win32ServiceManager(std::string_view computer = {});

    QueryResult query(std::string_view name) override;
    Win32Error start(std::string_view name) override;
    Win32Error stop(std::string_view name) override;
    DependentsResult activeDependents(std::string_view name) override;
    Win32Error setStartType(std::string_view name, StartType type) override;

    /// Opens the SCM now if it is not open yet: 0 when connected, else why not (5; 1722 for an unreachable
    /// computer). Optional: every other call connects by itself.
    Win32Error connect();

private:
    /// The SCM handle (opening it if needed), or null with `error` set.
    SC_HANDLE manager(Win32Error& error);
    /// Opens `name` with `rights`; the error (0 on success) goes to `error`.
    UniqueScHandle openService(std::string_view name, DWORD rights, Win32Error& error);

    /// How many other active services share process `pid` (see the class comment for the census).
    std::uint32_t othersInProcess(DWORD pid);

    static constexpr std::chrono::seconds kCensusMaxAge{30};

    std::wstring computer_;
    std::mutex censusMutex_;  // guards the three census members
    std::unordered_map<DWORD, std::uint32_t> census_;  // PID -> active services in that process
    std::chrono::steady_clock::time_point censusTaken_{};
    bool censusFailed_ = false;
    std::mutex mutex_;  // guards scm_: opened lazily, possibly from several threads; never closed until the end
    UniqueScHandle scm_;
};

}  // namespace wud

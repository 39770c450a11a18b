#pragma once
// The seam between WU Doctor's logic and the Service Control Manager: one interface, a real
// implementation (Win32ServiceManager, advapi32) and an in-memory one (FakeServiceManager, tests).

#include "wud/model.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// A Win32 error code (0 = success). The SCM speaks in these; so does every ServiceManager.
using Win32Error = std::uint32_t;

/// Result of a query: the snapshot, or the error that prevented it. A service that does not exist is
/// not an error: it comes back with installed = false.
struct QueryResult {
    ServiceSnapshot snapshot;
    Win32Error error = 0;
};

/// Result of listing the active services that depend on one.
struct DependentsResult {
    std::vector<std::string> names;  ///< in the order the SCM gives: reverse start order (stop them in this order)
    Win32Error error = 0;
};

/// Low-level, non-blocking access to services. Every call returns promptly: waiting for a state is the
/// operations layer's job (see operations.hpp). Names are service key names, UTF-8, case-insensitive.
class ServiceManager {
public:
    virtual ~ServiceManager() = default;

    /// Current status and configuration.
    virtual QueryResult query(std::string_view name) = 0;
    /// Asks the SCM to start the service (StartService). 1056 if it is already running.
    virtual Win32Error start(std::string_view name) = 0;
    /// Sends SERVICE_CONTROL_STOP. 1062 if not running, 1061 if it cannot accept it now, 1051 with active dependents.
    virtual Win32Error stop(std::string_view name) = 0;
    /// Active services that depend on this one (EnumDependentServices, SERVICE_ACTIVE).
    virtual DependentsResult activeDependents(std::string_view name) = 0;
    /// Changes the start type (ChangeServiceConfig + the delayed-auto-start flag where needed).
    virtual Win32Error setStartType(std::string_view name, StartType type) = 0;

    ServiceManager() = default;
    ServiceManager(const ServiceManager&) = delete;
    ServiceManager& operator=(const ServiceManager&) = delete;
};

}  // namespace wud

#pragma once
// A catalog service's configuration changed for one test and put back afterwards (binary path with fixture flags,
// start type, display name, or the service removed): how the black-box CLI tests plant a service's faults in the
// test prefix. Windows only (the tests run under Wine).

#include "cli_run.hpp"
#include "wine_helpers.hpp"

#include "wud/text.hpp"
#include "wud/win32/handle.hpp"

#include <catch2/catch.hpp>

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace wud::test {

/// Changes one catalog service's configuration for a test and puts it back afterwards (binary path, start type,
/// display name), stopping it first so the next test starts from the prefix's default.
class ServiceConfigGuard {
public:
    explicit ServiceConfigGuard(std::string name) : name_(std::move(name)), manager_(openScmForAdmin()) {
        service_.reset(::OpenServiceW(manager_.get(), widen(name_).c_str(), SERVICE_ALL_ACCESS));
        if (!service_) throw std::runtime_error("OpenService " + name_ + " failed");
        DWORD needed = 0;
        ::QueryServiceConfigW(service_.get(), nullptr, 0, &needed);
        std::vector<std::byte> buffer(needed);
        auto* config = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data());
        if (!::QueryServiceConfigW(service_.get(), config, needed, &needed)) throw std::runtime_error("QueryServiceConfig failed");
        binPath_ = config->lpBinaryPathName;
        displayName_ = config->lpDisplayName;
        startType_ = config->dwStartType;
        bringTo(scm(), name_, ServiceState::Stopped);
    }
    ~ServiceConfigGuard() {
        const ServiceSnapshot last = scm().query(name_).snapshot;
        if (last.installed && last.state == ServiceState::Running) {
            scm().stop(name_);
            waitForState(scm(), name_, ServiceState::Stopped, 5s);
        }
        reinstall();
        if (service_)
            ::ChangeServiceConfigW(service_.get(), SERVICE_NO_CHANGE, startType_, SERVICE_NO_CHANGE, binPath_.c_str(),
                                   nullptr, nullptr, nullptr, nullptr, nullptr, displayName_.c_str());
        // A stop left hanging (the hang test) is ended now, with the normal configuration back, so the next test,
        // or the next run of this one (ctest --repeat), finds the service STOPPED.
        endHungStop(scm(), name_);
    }
    ServiceConfigGuard(const ServiceConfigGuard&) = delete;
    ServiceConfigGuard& operator=(const ServiceConfigGuard&) = delete;

    void addFlags(const std::string& flags) {
        REQUIRE(::ChangeServiceConfigW(service_.get(), SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE,
                                       (binPath_ + L" " + widen(flags)).c_str(), nullptr, nullptr, nullptr, nullptr,
                                       nullptr, nullptr));
    }
    void setStartType(DWORD type) {
        REQUIRE(::ChangeServiceConfigW(service_.get(), SERVICE_NO_CHANGE, type, SERVICE_NO_CHANGE, nullptr, nullptr,
                                       nullptr, nullptr, nullptr, nullptr, nullptr));
    }
    void setDisplayName(const std::string& name) {
        REQUIRE(::ChangeServiceConfigW(service_.get(), SERVICE_NO_CHANGE, SERVICE_NO_CHANGE, SERVICE_NO_CHANGE,
                                       nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, widen(name).c_str()));
    }
    /// Removes the service for the test (it is created again, as it was, afterwards).
    void uninstall() {
        REQUIRE(::DeleteService(service_.get()));
        service_.reset();
        uninstalled_ = true;
    }
    void reinstall() {
        if (!uninstalled_) return;
        waitUntil([&] { return !scm().query(name_).snapshot.installed; }, 10s);
        service_.reset(::CreateServiceW(manager_.get(), widen(name_).c_str(), displayName_.c_str(), SERVICE_ALL_ACCESS,
                                        SERVICE_WIN32_OWN_PROCESS, startType_, SERVICE_ERROR_NORMAL, binPath_.c_str(),
                                        nullptr, nullptr, nullptr, nullptr, nullptr));
        uninstalled_ = false;
    }

private:
    std::string name_;
    UniqueScHandle manager_;
    UniqueScHandle service_;
    std::wstring binPath_, displayName_;
    DWORD startType_ = SERVICE_DEMAND_START;
    bool uninstalled_ = false;
};

}  // namespace wud::test

#pragma once
// Who holds a file open: the cache reset names the program when a move fails because of it. An interface with the
// real one (Win32LockFinder: Windows' Restart Manager) and a fake for tests (FakeLockFinder, core/testing).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace wud {

/// A process that has a file open.
struct LockHolder {
    std::uint32_t pid = 0;
    std::string name;     ///< the application's name as Windows shows it (or the service's)
    std::string service;  ///< the service's short name when it is one, else empty
    friend bool operator==(const LockHolder&, const LockHolder&) = default;
};

/// Asks Windows which processes hold files open. One real implementation (Restart Manager, rstrtmgr.dll loaded
/// from System32 at run time: it is not a KnownDLL) and a fake for tests.
class LockFinder {
public:
    virtual ~LockFinder() = default;
    /// The processes holding any of these files; nullopt when Windows could not be asked.
    virtual std::optional<std::vector<LockHolder>> holders(const std::vector<std::string>& files) = 0;
    LockFinder() = default;
    LockFinder(const LockFinder&) = delete;
    LockFinder& operator=(const LockFinder&) = delete;
};

}  // namespace wud

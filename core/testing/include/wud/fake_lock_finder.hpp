#pragma once
// FakeLockFinder: stands for Windows' Restart Manager in tests (Wine's rstrtmgr is a stub that never names anyone).
// A test double in wud::core_testing: the product never links it.

#include "wud/lock_finder.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// File path (any case) -> the processes that hold it.
class FakeLockFinder final : public LockFinder {
public:
    void hold(std::string_view path, LockHolder holder);
    std::optional<std::vector<LockHolder>> holders(const std::vector<std::string>& files) override;
    bool unavailable = false;           ///< stands for RmStartSession failing
    std::vector<std::string> asked;     ///< every file it was asked about
private:
    std::map<std::string, std::vector<LockHolder>> held_;
};

}  // namespace wud

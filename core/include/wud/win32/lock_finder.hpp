#pragma once
// The real LockFinder: the Restart Manager (rstrtmgr.dll, loaded from System32 at run time). Windows only.

#include "wud/lock_finder.hpp"

namespace wud {

class Win32LockFinder final : public LockFinder {
public:
    std::optional<std::vector<LockHolder>> holders(const std::vector<std::string>& files) override;
};

}  // namespace wud

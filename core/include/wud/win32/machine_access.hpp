#pragma once
// The real MachineAccess: the registry (64-bit view), the file system, free space and the domain join state
// of this computer, and its scheduled tasks (Task Scheduler 2.0 COM API). Windows only. The class is private to
// core/src/win32/machine_access.cpp: callers know it only as a MachineAccess.

#include "wud/machine_access.hpp"

#include <memory>

namespace wud {

std::unique_ptr<MachineAccess> makeWin32MachineAccess();

}  // namespace wud

#pragma once
// The Task Scheduler read behind the real MachineAccess::scheduledTasks (tasks.cpp). Windows only.

#include "wud/machine_access.hpp"

#include <string>
#include <vector>

namespace wud {

/// Each folder's tasks (path, enabled), in the order asked; a folder that cannot be read says why.
std::vector<TaskFolderRead> readScheduledTasks(const std::vector<std::string>& folders);

}  // namespace wud

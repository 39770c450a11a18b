#pragma once
// Which Windows subsystem the running exe was linked for: wudoctor.exe (GUI) or wudoctor.com (console). The CLI writes
// differently for each (a GUI exe attaches to its parent's console), and the entry point chooses what to run by it.

namespace wud::app {

enum class Subsystem { Gui, Console };

}  // namespace wud::app

#pragma once
// The program both exes run: command-line arguments -> CLI; none -> the window (wudoctor.exe).

namespace wud::app {

enum class Subsystem { Gui, Console };

/// Runs WU Doctor and returns the process exit code.
int run(Subsystem subsystem, int argc, wchar_t** argv);

}  // namespace wud::app

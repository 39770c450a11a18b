#pragma once
// The program both exes run: command-line arguments -> CLI; none -> the window (wudoctor.exe).

#include "subsystem.hpp"

namespace wud::app {

/// Runs WU Doctor and returns the process exit code.
int run(Subsystem subsystem, int argc, wchar_t** argv);

}  // namespace wud::app

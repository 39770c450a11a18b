#pragma once
#include "entry.hpp"

namespace wud::app {
/// The command line (wudoctor.com, or wudoctor.exe given arguments). Returns the exit code.
int runCli(Subsystem subsystem, int argc, wchar_t** argv);
}  // namespace wud::app

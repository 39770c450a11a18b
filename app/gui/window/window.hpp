#pragma once

namespace wud::app {
/// The window. Returns the exit code.
int runGui();
}  // namespace wud::app

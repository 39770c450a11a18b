#pragma once
// When no renderer can draw the window (every step of the chain failed, or WUD_RENDERER=none): a native
// Windows task dialog instead of a dead end. It shows the two services' states live and offers what the
// window's main buttons do — Fix Windows Update (same Controller, same elevation path) and the
// troubleshooter — plus the log path and the console twin (wudoctor.com).

#include "window/renderer_chain.hpp"

#include "wud/log.hpp"

namespace wud::app {

/// Runs the dialog until the user closes it; returns the process exit code (0).
int runLastResortDialog(const log::Setup& logSetup, const ChainOutcome& chain);

}  // namespace wud::app

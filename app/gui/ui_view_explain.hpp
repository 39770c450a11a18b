#pragma once
// "Explain an error code": a folding box under "More help" where the user types the code Windows Update showed
// and reads what it means and what to do (the same table as `wudoctor explain`).

#include "ui_probe.hpp"

namespace wud::ui {

/// Draws the box (UI thread only). Its input and result live here, between frames.
void drawExplainBox(Probe& probe, float scale);

}  // namespace wud::ui

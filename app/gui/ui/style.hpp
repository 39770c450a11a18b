#pragma once
// How the window looks: Windows 11-like colours for light and dark mode, Segoe UI at the monitor's DPI.

#include <imgui.h>

namespace wud::ui {

/// The few colours the view uses by meaning, for the current theme.
struct Palette {
    ImU32 background, card, cardBorder, text, textSecondary, accent, accentHover, accentActive, onAccent;
    ImU32 good, attention, problem, busy, neutral;
    ImU32 buttonText;           ///< a normal button's label
    bool highContrast = false;  ///< Windows' high contrast: system colours only, no tints, words carry every meaning
};

/// The colours a Windows high contrast theme asks for (GetSysColor), as ImGui colours.
struct SystemColours {
    ImU32 window = 0, windowText = 0, buttonFace = 0, buttonText = 0, highlight = 0, highlightText = 0, grayText = 0,
          hotLight = 0;
};

struct Fonts {
    ImFont* body = nullptr;      ///< running text and buttons
    ImFont* strong = nullptr;    ///< card titles
    ImFont* headline = nullptr;  ///< the verdict
    bool segoe = false;          ///< Segoe UI came from the Windows fonts folder
    const char* source = "";     ///< where the font came from, for the report/debugging
};

/// Loads the fonts for a DPI scale (1.0 = 96 dpi) into the current ImGui context's atlas (cleared first).
Fonts loadFonts(float scale);
/// Sets ImGui's style (sizes scaled, colours for the theme) and returns the view's palette.
Palette applyStyle(bool light, float scale);
/// The same sizes with only the high contrast theme's system colours: no blend, no tint, a visible focus rectangle.
Palette applyHighContrastStyle(const SystemColours& colours, float scale);

}  // namespace wud::ui

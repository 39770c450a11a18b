#pragma once
// The test hook. ImGui has no accessibility tree, so when WUD_UI_PROBE names a file, every drawn frame writes
// there what a test needs to find and check widgets: each interactive item (id, label, rectangle in window
// client coordinates, the part of it that is drawn — not clipped by a table column or scrolled out — and
// enabled), a few named texts (verdict, badges, operation result), a frame counter, and marks: pixels the frame
// paints in one known colour, so a test takes the frame for seen only once the screen shows them (under Wine +
// Xvfb a presented frame reaches the screen a while later, the very first one up to a second later).
// Written atomically (temporary file + rename), so a reader never sees half a frame, and only for frames whose
// layout has settled (gui.cpp). Off: costs nothing.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wud::ui {

class Probe {
public:
    /// Reads WUD_UI_PROBE; an empty value leaves the probe off.
    static Probe fromEnvironment();

    [[nodiscard]] bool enabled() const noexcept { return !path_.empty(); }
    void beginFrame(std::uint64_t frame);
    struct Rect {
        float x0, y0, x1, y1;
    };
    /// `shown` is the item's rectangle clipped to what its window (or table column) draws.
    void item(std::string_view id, std::string_view label, Rect rect, Rect shown, bool enabled);
    void text(std::string_view id, std::string_view value);
    /// A pixel (window client coordinates) that this frame paints in one solid colour, 0xRRGGBB.
    void mark(std::string_view id, int x, int y, std::uint32_t rgb);
    /// Writes the frame out (window position on screen and client size included).
    void endFrame(int windowX, int windowY, int width, int height);

private:
    struct Item {
        std::string id, label;
        Rect rect, shown;
        bool enabled;
    };
    struct Mark {
        std::string id;
        int x, y;
        std::uint32_t rgb;
    };
    std::wstring path_;
    std::uint64_t frame_ = 0;
    std::vector<Item> items_;
    std::vector<std::pair<std::string, std::string>> texts_;
    std::vector<Mark> marks_;
};

}  // namespace wud::ui

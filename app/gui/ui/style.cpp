#include "ui/style.hpp"

#include "wud/win32/handle.hpp"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

namespace wud::ui {
namespace {

constexpr float kBodySize = 15.0f;  // Windows 11 body text is 14 px Segoe UI Variable; 15 reads better in ImGui
constexpr float kStrongSize = 16.0f;
constexpr float kHeadlineSize = 21.0f;

// Latin-1 plus the punctuation our texts use (– — ‘ ’ “ ” • …).
constexpr ImWchar kGlyphRanges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0};

std::vector<char> readFile(const std::wstring& path) {
    std::vector<char> data;
    const UniqueFile file(CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING, 0, nullptr));
    if (!file) return data;
    LARGE_INTEGER size{};
    if (GetFileSizeEx(file.get(), &size) && size.QuadPart > 0 && size.QuadPart < (64 << 20)) {
        data.resize(static_cast<std::size_t>(size.QuadPart));
        DWORD read = 0;
        if (!ReadFile(file.get(), data.data(), static_cast<DWORD>(data.size()), &read, nullptr) || read != data.size())
            data.clear();
    }
    return data;
}

std::wstring fontsFolder() {
    wchar_t windows[MAX_PATH];
    const UINT n = GetWindowsDirectoryW(windows, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) return {};
    return std::wstring(windows, n) + L"\\Fonts\\";
}

// Asks GDI for the font it would use for "Segoe UI" at this weight, and takes its file bytes. On Windows that
// is Segoe UI wherever it is installed; under Wine (no Segoe UI) it is the substitute Wine picks, which keeps
// screenshots legible. A font collection (.ttc) is skipped: its tables are relative to the collection.
std::vector<char> fontFromGdi(int weight) {
    std::vector<char> data;
    HDC dc = CreateCompatibleDC(nullptr);
    if (dc == nullptr) return data;
    HFONT font = CreateFontW(-16, 0, 0, 0, weight, FALSE, FALSE, FALSE, DEFAULT_CHARSET, OUT_TT_ONLY_PRECIS,
                             CLIP_DEFAULT_PRECIS, ANTIALIASED_QUALITY, DEFAULT_PITCH, L"Segoe UI");
    if (font != nullptr) {
        HGDIOBJ old = SelectObject(dc, font);
        constexpr DWORD kTtcf = 0x66637474;  // 'ttcf' read as a little-endian DWORD
        if (GetFontData(dc, kTtcf, 0, nullptr, 0) == GDI_ERROR) {
            const DWORD size = GetFontData(dc, 0, 0, nullptr, 0);
            if (size != GDI_ERROR && size > 12 && size < (64u << 20)) {
                data.resize(size);
                if (GetFontData(dc, 0, 0, data.data(), size) != size) data.clear();
            }
        }
        SelectObject(dc, old);
        DeleteObject(font);
    }
    DeleteDC(dc);
    return data;
}

ImFont* addFont(ImFontAtlas& atlas, const std::vector<char>& data, float size) {
    if (data.empty()) return nullptr;
    // The atlas frees the copy with IM_FREE when it is cleared or destroyed.
    void* copy = IM_ALLOC(data.size());
    std::memcpy(copy, data.data(), data.size());
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = false;
    return atlas.AddFontFromMemoryTTF(copy, static_cast<int>(data.size()), size, &config, kGlyphRanges);
}

ImU32 rgb(unsigned hex, float alpha = 1.0f) {
    return IM_COL32((hex >> 16) & 0xFF, (hex >> 8) & 0xFF, hex & 0xFF, static_cast<int>(alpha * 255.0f));
}

ImVec4 vec(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

// The sizes every theme shares, scaled (a fresh style, so scaling never compounds).
ImGuiStyle baseStyle(bool light, float scale) {
    ImGuiStyle style;
    if (light) ImGui::StyleColorsLight(&style);
    else ImGui::StyleColorsDark(&style);
    style.WindowPadding = {20, 16};
    style.FramePadding = {12, 6};
    style.ItemSpacing = {8, 8};
    style.ItemInnerSpacing = {6, 4};
    style.CellPadding = {8, 5};
    style.ScrollbarSize = 12;
    style.WindowRounding = 0;
    style.ChildRounding = 6;
    style.FrameRounding = 4;
    style.PopupRounding = 6;
    style.ScrollbarRounding = 6;
    style.GrabRounding = 4;
    style.WindowBorderSize = 0;
    style.ChildBorderSize = 1;
    style.PopupBorderSize = 1;
    style.FrameBorderSize = 1;
    style.ScaleAllSizes(scale);
    return style;
}

}  // namespace

Fonts loadFonts(float scale) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    atlas.Clear();
    Fonts fonts;

    const std::wstring folder = fontsFolder();
    std::vector<char> regular = folder.empty() ? std::vector<char>{} : readFile(folder + L"segoeui.ttf");
    std::vector<char> bold = folder.empty() ? std::vector<char>{} : readFile(folder + L"seguisb.ttf");  // semibold
    if (bold.empty() && !folder.empty()) bold = readFile(folder + L"segoeuib.ttf");
    if (!regular.empty()) {
        fonts.segoe = true;
        fonts.source = "Segoe UI (Windows fonts folder)";
    } else {
        regular = fontFromGdi(FW_NORMAL);
        bold = fontFromGdi(FW_SEMIBOLD);
        fonts.source = "the system's substitute for Segoe UI";
    }
    if (bold.empty()) bold = regular;

    fonts.body = addFont(atlas, regular, kBodySize * scale);
    if (fonts.body != nullptr) {
        fonts.strong = addFont(atlas, bold, kStrongSize * scale);
        fonts.headline = addFont(atlas, bold, kHeadlineSize * scale);
    }
    if (fonts.body == nullptr || fonts.strong == nullptr || fonts.headline == nullptr || !atlas.Build()) {
        // The built-in font: always there, never pretty, but the window must open.
        atlas.Clear();
        ImFontConfig config;
        config.SizePixels = 13.0f * scale;
        fonts.body = fonts.strong = fonts.headline = atlas.AddFontDefault(&config);
        fonts.segoe = false;
        fonts.source = "ImGui's built-in font";
        atlas.Build();
    }
    return fonts;
}

Palette applyStyle(bool light, float scale) {
    Palette p{};
    if (light) {
        p.background = rgb(0xF3F3F3);
        p.card = rgb(0xFFFFFF);
        p.cardBorder = rgb(0xE5E5E5);
        p.text = rgb(0x1B1B1B);
        p.textSecondary = rgb(0x5D5D5D);
        p.accent = rgb(0x005FB8);
        p.accentHover = rgb(0x1A6FC0);
        p.accentActive = rgb(0x2B7BC6);
        p.onAccent = rgb(0xFFFFFF);
        p.good = rgb(0x0F7B0F);
        p.attention = rgb(0x9D5D00);
        p.problem = rgb(0xC42B1C);
        p.busy = rgb(0x005FB8);
        p.neutral = rgb(0x767676);
    } else {
        p.background = rgb(0x202020);
        p.card = rgb(0x2B2B2B);
        p.cardBorder = rgb(0x3A3A3A);
        p.text = rgb(0xFFFFFF);
        p.textSecondary = rgb(0xC8C8C8);
        p.accent = rgb(0x60CDFF);
        p.accentHover = rgb(0x5AB8E6);
        p.accentActive = rgb(0x52A6CF);
        p.onAccent = rgb(0x000000);
        p.good = rgb(0x6CCB5F);
        p.attention = rgb(0xFCE100);
        p.problem = rgb(0xFF99A4);
        p.busy = rgb(0x60CDFF);
        p.neutral = rgb(0x9D9D9D);
    }

    p.buttonText = p.text;

    ImGuiStyle style = baseStyle(light, scale);
    ImVec4* c = style.Colors;
    const ImU32 control = light ? rgb(0xFBFBFB) : rgb(0x373737);
    const ImU32 controlHover = light ? rgb(0xF0F0F0) : rgb(0x3E3E3E);
    const ImU32 controlActive = light ? rgb(0xE6E6E6) : rgb(0x333333);
    c[ImGuiCol_Text] = vec(p.text);
    c[ImGuiCol_TextDisabled] = vec(p.neutral);
    c[ImGuiCol_WindowBg] = vec(p.background);
    c[ImGuiCol_ChildBg] = vec(p.card);
    c[ImGuiCol_PopupBg] = vec(p.card);
    c[ImGuiCol_ModalWindowDimBg] = light ? ImVec4(0, 0, 0, 0.30f) : ImVec4(0, 0, 0, 0.55f);
    c[ImGuiCol_Border] = vec(light ? rgb(0xD6D6D6) : rgb(0x454545));
    c[ImGuiCol_BorderShadow] = {0, 0, 0, 0};
    c[ImGuiCol_Button] = vec(control);
    c[ImGuiCol_ButtonHovered] = vec(controlHover);
    c[ImGuiCol_ButtonActive] = vec(controlActive);
    c[ImGuiCol_FrameBg] = vec(control);
    c[ImGuiCol_FrameBgHovered] = vec(controlHover);
    c[ImGuiCol_FrameBgActive] = vec(controlActive);
    c[ImGuiCol_Header] = vec(light ? rgb(0xEAEAEA) : rgb(0x2D2D2D));
    c[ImGuiCol_HeaderHovered] = vec(light ? rgb(0xE0E0E0) : rgb(0x353535));
    c[ImGuiCol_HeaderActive] = vec(light ? rgb(0xD6D6D6) : rgb(0x3C3C3C));
    c[ImGuiCol_TableHeaderBg] = vec(light ? rgb(0xF5F5F5) : rgb(0x323232));
    c[ImGuiCol_TableBorderStrong] = vec(p.cardBorder);
    c[ImGuiCol_TableBorderLight] = vec(p.cardBorder);
    c[ImGuiCol_TableRowBg] = {0, 0, 0, 0};
    c[ImGuiCol_TableRowBgAlt] = light ? ImVec4(0, 0, 0, 0.025f) : ImVec4(1, 1, 1, 0.03f);
    c[ImGuiCol_NavHighlight] = vec(p.accent);
    c[ImGuiCol_ScrollbarBg] = {0, 0, 0, 0};
    c[ImGuiCol_Separator] = vec(p.cardBorder);
    ImGui::GetStyle() = style;
    return p;
}

Palette applyHighContrastStyle(const SystemColours& sys, float scale) {
    // Only the theme's colours, each for its documented use (Microsoft Learn, "High contrast parameter"): text on the
    // window colour, buttons in button face and text, the focus and the primary button in highlight, disabled in grey
    // text. Every status says its word; no colour alone carries meaning, and no colour is blended with another.
    Palette p{};
    p.highContrast = true;
    p.background = p.card = sys.window;
    p.cardBorder = p.text = p.textSecondary = sys.windowText;
    p.good = p.attention = p.problem = p.busy = sys.windowText;
    p.neutral = sys.grayText;
    p.accent = p.accentHover = p.accentActive = sys.highlight;
    p.onAccent = sys.highlightText;
    p.buttonText = sys.buttonText;

    ImGuiStyle style = baseStyle(false, scale);
    style.DisabledAlpha = 1.0f;  // disabled is grey text, not a faded mix
    style.AntiAliasedLines = false;
    style.AntiAliasedFill = false;
    style.FrameBorderSize = std::max(1.0f, scale);
    ImVec4* c = style.Colors;
    for (int i = 0; i < ImGuiCol_COUNT; ++i) c[i] = vec(sys.windowText);
    const ImVec4 none{0, 0, 0, 0};
    c[ImGuiCol_Text] = vec(sys.windowText);
    c[ImGuiCol_TextDisabled] = vec(sys.grayText);
    c[ImGuiCol_WindowBg] = c[ImGuiCol_ChildBg] = c[ImGuiCol_PopupBg] = vec(sys.window);
    c[ImGuiCol_Border] = vec(sys.windowText);
    c[ImGuiCol_BorderShadow] = none;
    c[ImGuiCol_Button] = vec(sys.buttonFace);
    c[ImGuiCol_ButtonHovered] = c[ImGuiCol_ButtonActive] = vec(sys.highlight);
    c[ImGuiCol_FrameBg] = vec(sys.window);
    c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBgActive] = vec(sys.window);
    c[ImGuiCol_Header] = none;
    c[ImGuiCol_HeaderHovered] = c[ImGuiCol_HeaderActive] = vec(sys.highlight);
    c[ImGuiCol_TableHeaderBg] = vec(sys.window);
    c[ImGuiCol_TableRowBg] = c[ImGuiCol_TableRowBgAlt] = none;
    c[ImGuiCol_ScrollbarBg] = none;
    c[ImGuiCol_ScrollbarGrab] = c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrabActive] = vec(sys.windowText);
    c[ImGuiCol_NavHighlight] = vec(sys.highlight);  // the focus rectangle
    c[ImGuiCol_TextSelectedBg] = vec(sys.highlight);
    c[ImGuiCol_ModalWindowDimBg] = none;  // no dimmed mix behind the confirmation: its border sets it apart
    ImGui::GetStyle() = style;
    return p;
}

}  // namespace wud::ui

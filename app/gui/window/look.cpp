#include "window/look.hpp"

#include "wud/system.hpp"

#include <windows.h>

#include <utility>

namespace wud::app {
namespace {

// Where Settings > Accessibility > Text size keeps its value, in percent: Microsoft's own DSC module for that setting
// (Microsoft.Windows.Setting.Accessibility, PowerShell Gallery) reads and writes TextScaleFactor there; the range
// 100–225 is UISettingsController.SetTextScaleFactor's (Microsoft Learn), the factor 1–2.25 UISettings.TextScaleFactor's.
constexpr const wchar_t* kAccessibilityKey = L"Software\\Microsoft\\Accessibility";
constexpr const wchar_t* kAccessibilityParent = L"Software\\Microsoft";

ImU32 sysColour(int index) {
    const COLORREF c = ::GetSysColor(index);  // 0x00BBGGRR
    return IM_COL32(GetRValue(c), GetGValue(c), GetBValue(c), 0xFF);
}

}  // namespace

HighContrast readHighContrast() {
    HighContrast result;
    HIGHCONTRASTW hc{};
    hc.cbSize = sizeof hc;
    // Microsoft Learn, "SystemParametersInfoW" (SPI_GETHIGHCONTRAST) and "HIGHCONTRASTW" (HCF_HIGHCONTRASTON).
    // Wine 8 always answers "off" (its SPI_SETHIGHCONTRAST is a FIXME): the e2e test stands in for Windows with
    // WUD_TEST_HIGH_CONTRAST=1 and real system colours set in the test prefix.
    result.on = (::SystemParametersInfoW(SPI_GETHIGHCONTRAST, sizeof hc, &hc, 0) && (hc.dwFlags & HCF_HIGHCONTRASTON) != 0) ||
                environmentVariable("WUD_TEST_HIGH_CONTRAST") == "1";
    if (result.on) {
        // The colours a high contrast theme sets (Microsoft Learn, "High contrast parameter": window, window text,
        // button face and text, highlight and its text, grey text, hot-light for links).
        ui::SystemColours& c = result.colours;
        c.window = sysColour(COLOR_WINDOW);
        c.windowText = sysColour(COLOR_WINDOWTEXT);
        c.buttonFace = sysColour(COLOR_BTNFACE);
        c.buttonText = sysColour(COLOR_BTNTEXT);
        c.highlight = sysColour(COLOR_HIGHLIGHT);
        c.highlightText = sysColour(COLOR_HIGHLIGHTTEXT);
        c.grayText = sysColour(COLOR_GRAYTEXT);
        c.hotLight = sysColour(COLOR_HOTLIGHT);
    }
    return result;
}

float textScaleFromPercent(unsigned long percent) noexcept {
    if (percent < 100 || percent > 225) return 1.0f;
    return static_cast<float>(percent) / 100.0f;
}

float readTextScale() {
    DWORD percent = 100;
    DWORD size = sizeof percent;
    if (::RegGetValueW(HKEY_CURRENT_USER, kAccessibilityKey, L"TextScaleFactor", RRF_RT_REG_DWORD, nullptr, &percent,
                       &size) != ERROR_SUCCESS)
        return 1.0f;
    return textScaleFromPercent(percent);
}

// ---------------------------------------------------------------------------------------------------- the watch

TextScaleWatch::TextScaleWatch(std::function<void()> wake) : wake_(std::move(wake)) {
    event_.reset(::CreateEventW(nullptr, FALSE, FALSE, nullptr));
    if (!event_) return;
    arm();
    // The thread pool waits on the event (Microsoft Learn, "RegisterWaitForSingleObject"): our UI thread only ever
    // waits for window messages, and wakes when the callback says so.
    if (!::RegisterWaitForSingleObject(&wait_, event_.get(), &TextScaleWatch::signalled, this, INFINITE, WT_EXECUTEDEFAULT))
        wait_ = nullptr;
}

TextScaleWatch::~TextScaleWatch() {
    if (wait_ != nullptr) ::UnregisterWaitEx(wait_, INVALID_HANDLE_VALUE);  // waits for a running callback to end
}

void CALLBACK TextScaleWatch::signalled(void* self, BOOLEAN) {
    auto* watch = static_cast<TextScaleWatch*>(self);
    watch->changed_ = true;
    if (watch->wake_) watch->wake_();
}

void TextScaleWatch::arm() {
    // The Accessibility key when it exists; else its parent, for the key's creation (Settings makes it the first time
    // the text size is changed), then the key itself.
    if (!key_ || watchingParent_) {
        UniqueHkey key;
        if (::RegOpenKeyExW(HKEY_CURRENT_USER, kAccessibilityKey, 0, KEY_NOTIFY, key.put()) == ERROR_SUCCESS) {
            key_ = std::move(key);
            watchingParent_ = false;
        } else if (!key_ &&
                   ::RegOpenKeyExW(HKEY_CURRENT_USER, kAccessibilityParent, 0, KEY_NOTIFY, key.put()) == ERROR_SUCCESS) {
            key_ = std::move(key);
            watchingParent_ = true;
        }
    }
    if (!key_) return;
    // Microsoft Learn, "RegNotifyChangeKeyValue": asynchronous with an event; it signals once per call, so it is
    // armed again after each change (changed()).
    ::RegNotifyChangeKeyValue(key_.get(), FALSE,
                              watchingParent_ ? REG_NOTIFY_CHANGE_NAME : REG_NOTIFY_CHANGE_LAST_SET, event_.get(), TRUE);
}

bool TextScaleWatch::changed() {
    if (!changed_.exchange(false)) return false;
    arm();
    return true;
}

}  // namespace wud::app

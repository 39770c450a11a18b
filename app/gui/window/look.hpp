#pragma once
// What Windows' accessibility settings ask of the window's look, read from Windows:
// - high contrast (SPI_GETHIGHCONTRAST's HCF_HIGHCONTRASTON) and its system colours (GetSysColor), re-read when the
//   window hears WM_SETTINGCHANGE / WM_SYSCOLORCHANGE (accessibility.cpp sees those messages);
// - the text size (Settings > Accessibility > Text size: HKCU\Software\Microsoft\Accessibility, TextScaleFactor,
//   100–225 %), watched with RegNotifyChangeKeyValue into an event that a thread-pool wait turns into a wake-up: no
//   registry read while nothing changes, so the idle window stays at ~0 CPU.

#include "ui/style.hpp"

#include "wud/win32/handle.hpp"

#include <atomic>
#include <functional>

namespace wud::app {

/// Windows' high contrast setting and, when it is on, the colours it asks for.
struct HighContrast {
    bool on = false;
    ui::SystemColours colours;
};
[[nodiscard]] HighContrast readHighContrast();

/// Windows' text size as a factor (1.0 – 2.25); 1.0 when unset or out of range.
[[nodiscard]] float readTextScale();
/// The factor from the registry's TextScaleFactor percentage (pure: 100–225, else 1.0).
[[nodiscard]] float textScaleFromPercent(unsigned long percent) noexcept;

/// Tells when the text size may have changed, without polling: RegNotifyChangeKeyValue on the Accessibility key
/// (or on its parent until the key exists), signalled into an event that a thread-pool wait hands to `wake`.
class TextScaleWatch {
public:
    explicit TextScaleWatch(std::function<void()> wake);
    ~TextScaleWatch();
    TextScaleWatch(const TextScaleWatch&) = delete;
    TextScaleWatch& operator=(const TextScaleWatch&) = delete;

    /// True once after Windows signalled a change (the notification is armed again for the next one).
    [[nodiscard]] bool changed();

private:
    static void CALLBACK signalled(void* self, BOOLEAN timedOut);
    void arm();

    std::function<void()> wake_;
    UniqueHandle event_;
    UniqueHkey key_;
    bool watchingParent_ = false;
    HANDLE wait_ = nullptr;
    std::atomic<bool> changed_{false};
};

}  // namespace wud::app

#include "ui/platform.hpp"

#include "wud/win32/handle.hpp"
#include "wud/write_places.hpp"

#include <windows.h>

namespace wud::ui {
namespace {

class Win32Platform final : public Platform {
public:
    Win32Platform(std::string logFolder, std::string exeDir) : logFolder_(std::move(logFolder)), exeDir_(std::move(exeDir)) {}

    bool isElevated() override { return wud::isElevated(); }
    OsVersion osVersion() override { return wud::osVersion(); }
    LaunchHandlers handlers() override { return wud::detectHandlers(); }

    // Both calls initialise COM on this thread themselves (ShellExecuteEx needs it; system_win32.cpp).
    LaunchResult launch(const LaunchTarget& target) override { return wud::launch(target); }

    LaunchResult runElevated(const std::vector<std::string>& args, std::uint32_t& exitCode) override {
        return wud::relaunchElevated(args, /*wait=*/true, &exitCode);
    }

    bool prefersLightTheme() override {
        DWORD value = 1;
        DWORD size = sizeof value;
        const LSTATUS status = RegGetValueW(HKEY_CURRENT_USER, kPersonalize, L"AppsUseLightTheme", RRF_RT_REG_DWORD,
                                            nullptr, &value, &size);
        return status != ERROR_SUCCESS || value != 0;
    }

    // RegNotifyChangeKeyValue on the Personalize key, asynchronously into an event (Microsoft Learn): one check of
    // the event a tick instead of a registry read. Without the key (or when the notification cannot be armed) it
    // answers yes every time, which falls back to reading the setting each tick.
    bool themeMayHaveChanged() override {
        if (!changed_) {
            changed_.reset(CreateEventW(nullptr, FALSE, FALSE, nullptr));
            if (!changed_) return true;
            return arm();  // first call: read it once
        }
        if (!armed_ || WaitForSingleObject(changed_.get(), 0) != WAIT_OBJECT_0) return !armed_;
        arm();  // the notification fires once: arm it again for the next change
        return true;
    }

    std::string logFolder() override { return logFolder_; }
    std::string elevatedLogFolder() override { return elevatedLogFolderForThisExe(exeDir_); }

private:
    static constexpr const wchar_t* kPersonalize = L"Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize";

    /// (Re)arms the change notification; true (read the setting now) whether or not that worked.
    bool arm() {
        if (!key_ && RegOpenKeyExW(HKEY_CURRENT_USER, kPersonalize, 0, KEY_NOTIFY, key_.put()) != ERROR_SUCCESS) {
            armed_ = false;
            return true;
        }
        armed_ = RegNotifyChangeKeyValue(key_.get(), FALSE, REG_NOTIFY_CHANGE_LAST_SET, changed_.get(), TRUE) ==
                 ERROR_SUCCESS;
        return true;
    }

    std::string logFolder_, exeDir_;
    UniqueHandle changed_;
    UniqueHkey key_;
    bool armed_ = false;
};

}  // namespace

std::unique_ptr<Platform> makeWin32Platform(std::string logFolder, std::string exeDir) {
    return std::make_unique<Win32Platform>(std::move(logFolder), std::move(exeDir));
}

}  // namespace wud::ui

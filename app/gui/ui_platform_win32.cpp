#include "ui_platform.hpp"

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
        const LSTATUS status =
            RegGetValueW(HKEY_CURRENT_USER, L"Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
                         L"AppsUseLightTheme", RRF_RT_REG_DWORD, nullptr, &value, &size);
        return status != ERROR_SUCCESS || value != 0;
    }

    std::string logFolder() override { return logFolder_; }
    std::string elevatedLogFolder() override { return elevatedLogFolderForThisExe(exeDir_); }

private:
    std::string logFolder_, exeDir_;
};

}  // namespace

std::unique_ptr<Platform> makeWin32Platform(std::string logFolder, std::string exeDir) {
    return std::make_unique<Win32Platform>(std::move(logFolder), std::move(exeDir));
}

}  // namespace wud::ui

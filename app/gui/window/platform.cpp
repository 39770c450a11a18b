#include "ui/platform.hpp"

#include "wud/text.hpp"
#include "wud/win32/handle.hpp"
#include "wud/win32/repair_channel_pipe.hpp"
#include "wud/write_places.hpp"

#include <windows.h>

namespace wud::ui {
namespace {

// The elevated copy's pipe, as the controller reads it.
class PipeChannel final : public ElevatedChannel {
public:
    explicit PipeChannel(std::unique_ptr<RepairChannelClient> client) : client_(std::move(client)) {}
    std::string read(bool& closed) override { return client_->read(closed); }
    bool cancel() override { return client_->cancel(); }

private:
    std::unique_ptr<RepairChannelClient> client_;
};

class Win32Platform final : public Platform {
public:
    Win32Platform(std::string logFolder, std::string exeDir) : logFolder_(std::move(logFolder)), exeDir_(std::move(exeDir)) {}

    // WUD_UI_AS_STANDARD_USER=1 (a test hook): the window acts as a standard user's would — every action that needs
    // rights goes through an elevated copy. Under Wine every process is elevated, so only this way can the e2e tests
    // drive that path (the copy's live progress through its pipe). It can only add UAC prompts, never skip one.
    bool isElevated() override { return wud::isElevated() && environmentVariable("WUD_UI_AS_STANDARD_USER") != "1"; }
    OsVersion osVersion() override { return wud::osVersion(); }
    LaunchHandlers handlers() override { return wud::detectHandlers(); }

    // Both calls initialise COM on this thread themselves (ShellExecuteEx needs it; system_win32.cpp).
    LaunchResult launch(const LaunchTarget& target) override { return wud::launch(target); }

    LaunchResult runElevated(const std::vector<std::string>& args, std::uint32_t& exitCode,
                             const std::function<void(std::uint32_t pid)>& started) override {
        return wud::relaunchElevated(args, /*wait=*/true, &exitCode, started);
    }

    std::unique_ptr<ElevatedChannel> connectElevated(std::uint32_t pid) override {
        std::string why;
        std::unique_ptr<RepairChannelClient> client = RepairChannelClient::connect(pid, why);
        if (!client) return nullptr;  // not there yet (the copy makes it as it starts), or not the copy's
        return std::make_unique<PipeChannel>(std::move(client));
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

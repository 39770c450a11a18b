#pragma once
// What the window needs from the machine besides the services: rights, the OS, launching things, the
// elevated copy of itself and the Windows colour setting. An interface, so the controller is tested with a
// fake (Wine runs every process elevated: the UAC path can only be exercised that way).

#include "wud/system.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wud::ui {

/// The live channel of an elevated copy that serves one (`repair-system --progress-pipe`; the real one is
/// win32/repair_channel_pipe.hpp): the bytes it sent, read as data, and the one thing the window may ask of it — Cancel.
class ElevatedChannel {
public:
    virtual ~ElevatedChannel() = default;
    /// What arrived since the last call; never blocks. `closed`: the copy has gone and everything it sent was read.
    virtual std::string read(bool& closed) = 0;
    /// Asks the copy to stop as Ctrl+C would; false when it cannot be reached.
    virtual bool cancel() = 0;
};

class Platform {
public:
    virtual ~Platform() = default;

    /// True when this process already has administrator rights.
    [[nodiscard]] virtual bool isElevated() = 0;
    [[nodiscard]] virtual OsVersion osVersion() = 0;
    [[nodiscard]] virtual LaunchHandlers handlers() = 0;
    /// Opens a URI / program for the user (may take a moment: called off the UI thread).
    virtual LaunchResult launch(const LaunchTarget& target) = 0;
    /// Runs this exe elevated with CLI arguments, waits, and reports its exit code (UAC prompt; 1223 = declined).
    /// `started` is told the elevated copy's process id as soon as it runs (from this thread, before the wait).
    virtual LaunchResult runElevated(const std::vector<std::string>& args, std::uint32_t& exitCode,
                                     const std::function<void(std::uint32_t pid)>& started) = 0;
    /// The live channel of the elevated copy with this process id; null while it has not made one (yet).
    virtual std::unique_ptr<ElevatedChannel> connectElevated(std::uint32_t pid) = 0;
    /// Windows' "app mode" colour setting (AppsUseLightTheme); light when unset, as on a fresh Windows.
    [[nodiscard]] virtual bool prefersLightTheme() = 0;
    /// True when the colour setting may have changed since the last call (Windows signalled a change to its key):
    /// the idle worker reads the setting only then. Never blocks.
    [[nodiscard]] virtual bool themeMayHaveChanged() = 0;
    /// Where the log file is, for the report ("" when logging is off).
    [[nodiscard]] virtual std::string logFolder() = 0;
    /// Where an elevated copy of WU Doctor logs and keeps its undo journal (write_places.hpp: beside the exe when
    /// that is safe for an administrator to write, else %ProgramData%\WUDoctor\logs), even when this process logs
    /// elsewhere ("" when unknown).
    [[nodiscard]] virtual std::string elevatedLogFolder() = 0;
};

/// The real one (Windows): the folder log::init() chose (logFolder), and the exe's folder.
std::unique_ptr<Platform> makeWin32Platform(std::string logFolder, std::string exeDir);

}  // namespace wud::ui

#pragma once
// The machine around the services: rights, OS version, the troubleshooter to open, launching things.

#include "wud/service_manager.hpp"
#include "wud/text.hpp"  // widen / narrow: every Win32 caller of this header needs them

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

struct OsVersion {
    std::uint32_t major = 0, minor = 0, build = 0;
    [[nodiscard]] bool isWindows11() const noexcept { return major >= 10 && build >= 22000; }
    friend bool operator==(const OsVersion&, const OsVersion&) = default;
};
/// "Windows 10 (build 19045)", "Windows 11 (build 22631)", "Windows 6.1 (build 7601)".
std::string describe(const OsVersion& v);

/// What exists on this machine that the troubleshooter choice depends on.
struct LaunchHandlers {
    bool getHelp = false;  ///< the ms-contact-support: protocol (Get Help app) is registered
    bool msdt = false;     ///< %SystemRoot%\System32\msdt.exe exists
};

/// Something WU Doctor can open for the user.
struct LaunchTarget {
    enum class Kind : std::uint8_t {
        GetHelpTroubleshooter, SettingsTroubleshoot, Msdt, GetHelpFromStore, WindowsUpdateSettings, ServicesConsole
    } kind;
    std::string file;        ///< what ShellExecute opens: a URI or an exe name
    std::string parameters;  ///< command-line parameters (msdt: "-id WindowsUpdateDiagnostic")
    std::string label;       ///< button text: "Open troubleshooter (Get Help)"
    std::string note;        ///< a sentence to show with it when the button alone would mislead ("" when none)
    std::string byHand;      ///< where to find the troubleshooter by hand on this Windows, in its own words
    friend bool operator==(const LaunchTarget&, const LaunchTarget&) = default;
};

/// The right Windows Update troubleshooter for this OS and machine (pure):
/// Windows 11 22H2+ (build >= 22621): Get Help if registered; else Get Help's Microsoft Store page (Settings'
///   troubleshooters redirect to Get Help there too: without it they are a dead end), with a note that says so.
/// Windows 10 and Windows 11 21H2: msdt WindowsUpdateDiagnostic if msdt exists, else Settings > Troubleshoot.
LaunchTarget troubleshooterFor(const OsVersion& os, const LaunchHandlers& handlers);
LaunchTarget windowsUpdateSettings();
LaunchTarget servicesConsole();

/// Quotes one argument so CommandLineToArgvW / the MSVC runtime parse it back unchanged (pure).
std::string quoteArgument(std::string_view arg);
/// Joins arguments with quoteArgument: the parameters after the program name (argv[0] follows other rules;
/// ShellExecuteEx takes it separately anyway).
std::string joinCommandLine(const std::vector<std::string>& args);

/// Result of asking Windows for something that may need the user (UAC, launching a handler).
struct LaunchResult {
    bool ok = false;
    bool declined = false;  ///< the user said no to UAC (ERROR_CANCELLED, 1223)
    Win32Error error = 0;
};

// ---- Windows only (implemented in system_win32.cpp) ----
/// True when this process runs with administrator rights (TokenIsElevated).
bool isElevated();
/// The real OS version (RtlGetVersion: not subject to manifest-based lying).
OsVersion osVersion();
/// What handlers exist on this machine.
LaunchHandlers detectHandlers();
/// Opens a target with ShellExecuteEx; failures are reported, never silent.
LaunchResult launch(const LaunchTarget& target);
/// Starts this exe again elevated with the given arguments ("runas"), and optionally waits for its exit code;
/// `started` (when waiting) learns the elevated process's id as soon as it runs.
LaunchResult relaunchElevated(const std::vector<std::string>& args, bool wait, std::uint32_t* exitCode = nullptr,
                              const std::function<void(std::uint32_t pid)>& started = {});
/// Full path of this exe (UTF-8).
std::string exePath();
/// The folder this exe is in (UTF-8, no trailing backslash; "" when unknown).
std::string exeFolder();

}  // namespace wud

// The pure parts of system.hpp: no Windows calls here, so the host build tests them.
#include "wud/system.hpp"

#include <fmt/format.h>

#include <ranges>

namespace wud {
namespace {

// Windows 11 22H2: the first build without msdt's Windows Update troubleshooter, now in the Get Help app. Microsoft's
// MSDT deprecation pages (Microsoft Learn / Support, "Deprecation of Microsoft Support Diagnostic Tool (MSDT) and MSDT
// Troubleshooters") list Windows Update among the troubleshooters redirected to Get Help from 22H2.
constexpr std::uint32_t kWindows11_22H2 = 22621;
constexpr std::uint32_t kWindows11 = 22000;

// Where the troubleshooter is in Settings, in each Windows' own words (Microsoft Support, "Fix Windows Update errors"
// / "Windows Update Troubleshooter").
constexpr std::string_view kByHandWindows10 =
    "Settings > Update & Security > Troubleshoot > Additional troubleshooters > Windows Update > Run the troubleshooter";
constexpr std::string_view kByHandWindows11 =
    "Settings > System > Troubleshoot > Other troubleshooters > Windows Update > Run";

std::string byHand(const OsVersion& os) {
    return std::string(os.major >= 10 && os.build >= kWindows11 ? kByHandWindows11 : kByHandWindows10);
}

LaunchTarget settingsTroubleshoot(const OsVersion& os) {
    return {LaunchTarget::Kind::SettingsTroubleshoot, "ms-settings:troubleshoot", "", "Open troubleshooters (Settings)",
            "", byHand(os)};
}

}  // namespace

std::string describe(const OsVersion& v) {
    const std::string build = " (build " + std::to_string(v.build) + ")";
    if (v.major == 0) return "Windows (version unknown)";
    if (v.isWindows11()) return "Windows 11" + build;
    if (v.major == 10) return "Windows 10" + build;
    return "Windows " + std::to_string(v.major) + "." + std::to_string(v.minor) + build;
}

LaunchTarget troubleshooterFor(const OsVersion& os, const LaunchHandlers& handlers) {
    if (os.major >= 10 && os.build >= kWindows11_22H2) {
        if (handlers.getHelp)
            return {LaunchTarget::Kind::GetHelpTroubleshooter, "ms-contact-support://smc-to-emerald/WUTroubleshooter",
                    "", "Open troubleshooter (Get Help)", "", byHand(os)};
        // Get Help removed (debloat tools do it): Settings' Windows Update troubleshooter only redirects to Get Help
        // here, so it leads nowhere (ChrisTitusTech/winutil #5095). Offer the app itself, from its Microsoft Store page
        // (product 9PKDZBMV1H3T, Microsoft.GetHelp), and WU Doctor's own steps meanwhile.
        return {LaunchTarget::Kind::GetHelpFromStore, "ms-windows-store://pdp/?ProductId=9PKDZBMV1H3T", "",
                "Get the troubleshooter (Get Help app)",
                "Windows' Windows Update troubleshooter needs the Get Help app, which is not on this PC. Get it from the "
                "Microsoft Store, or use Fix Windows Update and Checks here: they do what it does.",
                byHand(os)};
    }
    if (handlers.msdt)
        return {LaunchTarget::Kind::Msdt, "msdt.exe", "-id WindowsUpdateDiagnostic", "Open troubleshooter", "", byHand(os)};
    return settingsTroubleshoot(os);
}

LaunchTarget windowsUpdateSettings() {
    return {LaunchTarget::Kind::WindowsUpdateSettings, "ms-settings:windowsupdate", "", "Open Windows Update settings", "", ""};
}

LaunchTarget servicesConsole() {
    return {LaunchTarget::Kind::ServicesConsole, "services.msc", "", "Open Services (services.msc)", "", ""};
}

// The rules CommandLineToArgvW and the MSVC runtime apply, inverted: inside quotes, backslashes are literal
// unless they precede a quote, where 2n backslashes + quote = n backslashes and a closing quote, and
// 2n+1 backslashes + quote = n backslashes and a literal quote.
std::string quoteArgument(std::string_view arg) {
    // Plain words pass unchanged, so a command line stays readable in logs.
    if (!arg.empty() && arg.find_first_of(" \t\n\v\"") == std::string_view::npos) return std::string(arg);

    std::string out = "\"";
    std::size_t backslashes = 0;
    for (const char c : arg) {
        if (c == '\\') {
            ++backslashes;
            continue;
        }
        if (c == '"') {
            out.append(backslashes * 2 + 1, '\\');  // each one doubled, plus one to escape the quote
        } else {
            out.append(backslashes, '\\');  // not before a quote: literal as they are
        }
        backslashes = 0;
        out += c;
    }
    out.append(backslashes * 2, '\\');  // trailing ones precede our closing quote: double them
    out += '"';
    return out;
}

std::string joinCommandLine(const std::vector<std::string>& args) {
    return fmt::format("{}", fmt::join(args | std::views::transform(quoteArgument), " "));
}

}  // namespace wud

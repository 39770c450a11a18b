#include "wud/system.hpp"

#include "command_line_model.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace wud;
using Catch::Matchers::Contains;
using wud::test::parseArguments;
#ifdef _WIN32
using wud::test::parseWithWindows;
#endif

namespace {

constexpr OsVersion kWin10{10, 0, 19045};
constexpr OsVersion kWin11_21H2{10, 0, 22000};
constexpr OsVersion kWin11_22H2{10, 0, 22621};
constexpr OsVersion kWin11_24H2{10, 0, 26100};

}  // namespace

TEST_CASE("System: the OS reads as the user knows it", "[system]") {
    CHECK(describe(kWin10) == "Windows 10 (build 19045)");
    CHECK(describe(kWin11_22H2) == "Windows 11 (build 22621)");
    CHECK(describe(kWin11_21H2) == "Windows 11 (build 22000)");
    CHECK(describe({6, 1, 7601}) == "Windows 6.1 (build 7601)");
    CHECK(describe({}) == "Windows (version unknown)");
}

TEST_CASE("System: each Windows gets the troubleshooter that works there", "[system]") {
    struct Row {
        const char* what;
        std::vector<OsVersion> windows;
        LaunchHandlers handlers;
        LaunchTarget::Kind kind;
        std::string_view file, parameters, label;
        std::vector<std::string_view> noteSays;  ///< none: no note
    };
    const Row rows[] = {
        {"Windows 11 22H2 and later open Get Help's Windows Update troubleshooter",
         {kWin11_22H2, kWin11_24H2}, {.getHelp = true, .msdt = true}, LaunchTarget::Kind::GetHelpTroubleshooter,
         "ms-contact-support://smc-to-emerald/WUTroubleshooter", "", "Open troubleshooter (Get Help)", {}},
        // Settings' Windows Update troubleshooter redirects to Get Help there (winutil #5095): without the app it
        // leads nowhere. msdt is still present but retired: it must not be chosen either.
        {"Windows 11 22H2+ without Get Help (debloated) offers Get Help itself, never the dead-end Settings page",
         {kWin11_22H2, kWin11_24H2}, {.getHelp = false, .msdt = true}, LaunchTarget::Kind::GetHelpFromStore,
         "ms-windows-store://pdp/?ProductId=9PKDZBMV1H3T", "", "Get the troubleshooter (Get Help app)",
         {"needs the Get Help app, which is not on this PC", "Fix Windows Update and Checks"}},
        {"Windows 10 and Windows 11 21H2 open msdt's Windows Update diagnostic",
         {kWin10, kWin11_21H2}, {.getHelp = true, .msdt = true}, LaunchTarget::Kind::Msdt,
         "msdt.exe", "-id WindowsUpdateDiagnostic", "Open troubleshooter", {}},
        {"Windows 10 without msdt falls back to Settings' troubleshooters",
         {kWin10}, {.getHelp = false, .msdt = false}, LaunchTarget::Kind::SettingsTroubleshoot,
         "ms-settings:troubleshoot", "", "Open troubleshooters (Settings)", {}},
    };
    for (const Row& row : rows) {
        for (const OsVersion& os : row.windows) {
            DYNAMIC_SECTION(row.what << ": " << describe(os)) {
                const LaunchTarget target = troubleshooterFor(os, row.handlers);
                CHECK(target.kind == row.kind);
                CHECK(target.file == row.file);
                CHECK(target.parameters == row.parameters);
                CHECK(target.label == row.label);
                CHECK(target.note.empty() == row.noteSays.empty());
                for (const std::string_view part : row.noteSays) CHECK_THAT(target.note, Contains(std::string(part)));
            }
        }
    }
}

TEST_CASE("System: the way to the troubleshooter by hand, in each Windows' own words", "[system]") {
    CHECK(troubleshooterFor(kWin10, {}).byHand ==
          "Settings > Update & Security > Troubleshoot > Additional troubleshooters > Windows Update > Run the troubleshooter");
    for (const OsVersion& os : {kWin11_21H2, kWin11_22H2})
        CHECK(troubleshooterFor(os, {.getHelp = true}).byHand ==
              "Settings > System > Troubleshoot > Other troubleshooters > Windows Update > Run");
    CHECK(troubleshooterFor(kWin10, {.msdt = true}).note.empty());
}

TEST_CASE("System: Windows Update settings and the Services console", "[system]") {
    CHECK(windowsUpdateSettings().file == "ms-settings:windowsupdate");
    CHECK(windowsUpdateSettings().kind == LaunchTarget::Kind::WindowsUpdateSettings);
    CHECK(servicesConsole().file == "services.msc");
    CHECK(servicesConsole().kind == LaunchTarget::Kind::ServicesConsole);
    CHECK_FALSE(windowsUpdateSettings().label.empty());
    CHECK_FALSE(servicesConsole().label.empty());
}

TEST_CASE("System: arguments are quoted the way CommandLineToArgvW reads them back", "[system][quoting]") {
    struct Case {
        std::string arg;
        std::string quoted;
    };
    const std::vector<Case> cases{
        {"restart", "restart"},
        {"--service=wuauserv", "--service=wuauserv"},
        {"", "\"\""},
        {"two words", "\"two words\""},
        {"tab\there", "\"tab\there\""},
        {"say \"hi\"", "\"say \\\"hi\\\"\""},
        {"\"", "\"\\\"\""},
        {"C:\\Program Files\\", "\"C:\\Program Files\\\\\""},     // trailing backslash doubled before the quote
        {"C:\\dir\\", "C:\\dir\\"},                              // no quoting needed: backslashes stay literal
        {"a\\\\b c", "\"a\\\\b c\""},                            // backslashes not before a quote stay as they are
        {"a\\\"b", "\"a\\\\\\\"b\""},                            // backslash + quote: 2n+1 backslashes
        {"\\\\server\\share dir", "\"\\\\server\\share dir\""},
        {"Mise à jour", "\"Mise à jour\""},
        {"更新", "更新"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.arg);
        CHECK(quoteArgument(c.arg) == c.quoted);
        CHECK(parseArguments(quoteArgument(c.arg)) == std::vector<std::string>{c.arg});
    }
}

TEST_CASE("System: a whole command line round-trips, empty arguments included", "[system][quoting]") {
    const std::vector<std::string> args{"restart", "", "C:\\Users\\Zoë\\My Logs\\", "a\"b", "end\\"};
    const std::string line = joinCommandLine(args);
    CHECK(line == "restart \"\" \"C:\\Users\\Zoë\\My Logs\\\\\" \"a\\\"b\" end\\");
    CHECK(parseArguments(line) == args);
#ifdef _WIN32
    CHECK(parseWithWindows(line) == args);
#endif
    CHECK(joinCommandLine({}).empty());
}

#ifdef _WIN32
TEST_CASE("System: the real CommandLineToArgvW reads every quoted argument back unchanged", "[system][quoting]") {
    for (const std::string arg : {"", "two words", "say \"hi\"", "C:\\Program Files\\", "a\\\\\"b", "\\\"", "更新 x"}) {
        CAPTURE(arg);
        CHECK(parseWithWindows(quoteArgument(arg)) == std::vector<std::string>{arg});
    }
}
#endif

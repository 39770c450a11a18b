// system.hpp's Windows half under Wine: rights, the OS version, handlers, and launching the troubleshooter
// through recording URL-protocol handlers registered in the test prefix.
#include "wine_helpers.hpp"

#include "wud/system.hpp"

#include <catch2/catch.hpp>

using namespace wud;
using namespace wud::test;

namespace {

/// Registers the recorder as the handler of one URL scheme for the test's lifetime, and reads what it got. The
/// command names the prefix's copies only (short paths: Wine 8 reads it into 256 characters).
class RecordingHandler {
public:
    explicit RecordingHandler(const std::string& scheme)
        : out_(concat(prefixTmp(), "\\", uniqueName("launch"), ".txt")),
          protocol_(scheme, concat(inQuotes(recorderExe()), " --out ", inQuotes(out_), " \"%1\"")) {}

    /// The lines the recorder wrote (one per launch), waiting up to `timeout` for the first.
    std::vector<std::string> launches(std::chrono::milliseconds timeout = 10s) const {
        std::vector<std::string> lines;
        waitUntil(
            [&] {
                lines = splitLines(readText(out_));
                return !lines.empty();
            },
            timeout);
        return lines;
    }

private:
    static std::vector<std::string> splitLines(const std::string& text) {
        std::vector<std::string> lines;
        std::size_t start = 0;
        for (std::size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1)
            lines.push_back(text.substr(start, end - start));
        return lines;
    }

    std::string out_;
    TempUrlProtocol protocol_;
};

}  // namespace

TEST_CASE("Integration: osVersion reads the real build", "[wine]") {
    // prefix.sh makes the test prefix Windows 10 build 19045. Without a manifest GetVersionEx would say 6.2.
    const OsVersion v = osVersion();
    CHECK(v.major == 10);
    CHECK(v.minor == 0);
    CHECK(v.build == 19045);
    CHECK_FALSE(v.isWindows11());
    CHECK(describe(v) == "Windows 10 (build 19045)");
}

TEST_CASE("Integration: exePath and UTF-8 conversions", "[wine]") {
    const std::string path = exePath();
    CHECK(path.size() > 4);
    CHECK(path.find("wud_integration_system") != std::string::npos);
    CHECK(path.substr(path.size() - 4) == ".exe");

    const std::string text = "Mise à jour — 更新 😀";
    CHECK(narrow(widen(text)) == text);
    CHECK(widen("\xC3\xA0") == L"\u00E0");
    CHECK(widen("").empty());
    CHECK(narrow(L"").empty());
}

TEST_CASE("Integration: detectHandlers sees a registered Get Help protocol", "[wine]") {
    // A fresh Wine prefix has no Get Help and no msdt.exe: Windows 10 then falls back to Settings.
    const LaunchHandlers none = detectHandlers();
    CHECK_FALSE(none.getHelp);
    CHECK_FALSE(none.msdt);
    CHECK(troubleshooterFor(osVersion(), none).kind == LaunchTarget::Kind::SettingsTroubleshoot);

    const RecordingHandler getHelp("ms-contact-support");
    CHECK(detectHandlers().getHelp);
}

TEST_CASE("Integration: launch opens the troubleshooter URI with the exact text", "[wine]") {
    SECTION("Windows 11 with Get Help: ms-contact-support") {
        const RecordingHandler handler("ms-contact-support");
        const LaunchTarget target = troubleshooterFor({10, 0, 22631}, detectHandlers());
        REQUIRE(target.kind == LaunchTarget::Kind::GetHelpTroubleshooter);
        const LaunchResult r = launch(target);
        CHECK(r.ok);
        CHECK(r.error == 0);
        CHECK(handler.launches() == std::vector<std::string>{"ms-contact-support://smc-to-emerald/WUTroubleshooter"});
    }
    SECTION("Windows 10 without msdt: Settings > Troubleshoot") {
        const RecordingHandler handler("ms-settings");
        const LaunchResult r = launch(troubleshooterFor(osVersion(), detectHandlers()));
        CHECK(r.ok);
        CHECK(handler.launches() == std::vector<std::string>{"ms-settings:troubleshoot"});
    }
    SECTION("Windows Update settings") {
        const RecordingHandler handler("ms-settings");
        CHECK(launch(windowsUpdateSettings()).ok);
        CHECK(handler.launches() == std::vector<std::string>{"ms-settings:windowsupdate"});
    }
}

TEST_CASE("Integration: a launch with no handler is reported, never silent", "[wine]") {
    LaunchTarget target = windowsUpdateSettings();
    target.file = "wud-no-such-scheme:anything";
    const LaunchResult r = launch(target);
    CHECK_FALSE(r.ok);
    CHECK(r.error != 0);
    CHECK_FALSE(r.declined);
}

TEST_CASE("Integration: relaunchElevated passes arguments exactly and returns the exit code", "[wine]") {
    // Wine's "runas" never prompts; the child is this exe in its --wud-echo-args mode (see main.cpp).
    const std::string out = concat(testTmp(), "\\", uniqueName("echo"), ".txt");
    const std::vector<std::string> args{"plain", "with space", "quote\"inside", "trailing\\",
                                        "back\\\\slash \\\" mix", "", "Mise à jour 更新"};
    std::vector<std::string> command{"--wud-echo-args", out};
    command.insert(command.end(), args.begin(), args.end());

    std::uint32_t exitCode = 0;
    const LaunchResult r = relaunchElevated(command, /*wait=*/true, &exitCode);
    REQUIRE(r.ok);
    CHECK_FALSE(r.declined);
    CHECK(exitCode == 7);

    std::vector<std::string> received;
    const std::string text = readText(out);
    for (std::size_t start = 0, end; (end = text.find('\0', start)) != std::string::npos; start = end + 1)
        received.push_back(text.substr(start, end - start));
    CHECK(received == args);
}

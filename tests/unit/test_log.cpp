// The log (core/src/log.cpp): where it goes, fallback, rotation, captured lines, the structured lines.
#include <catch2/catch.hpp>

#include "wud/log.hpp"

#include <spdlog/logger.h>
#include <spdlog/sinks/ostream_sink.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace wud;
namespace fs = std::filesystem;

namespace {

std::string utf8(const fs::path& p) {
    const auto s = p.u8string();
    return std::string(s.begin(), s.end());
}

/// A fresh folder per test, removed afterwards (after the log has let go of its file).
struct TempDir {
    fs::path path;
    TempDir() {
        const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
        path = fs::temp_directory_path() / ("wud-log-test-" + std::to_string(stamp));
        fs::create_directories(path);
    }
    ~TempDir() {
        log::shutdown();
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string str() const { return utf8(path); }
};

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

ActionResult sampleAction() {
    ActionResult r;
    r.service = "wuauserv";
    r.action = Action::Restart;
    r.ok = true;
    r.stateBefore = ServiceState::Running;
    r.stateAfter = ServiceState::Running;
    r.pidBefore = 100;
    r.pidAfter = 200;
    r.duration = Millis{812};
    r.text.message = "Windows Update \"restarted\".";
    return r;
}

}  // namespace

TEST_CASE("Log: action and start-type lines carry every field", "[log]") {
    const std::string line = log::formatAction(sampleAction());
    CHECK(line ==
          "action=restart service=wuauserv result=ok state_before=running state_after=running pid_before=100 "
          "pid_after=200 duration_ms=812 error=0 message=\"Windows Update \\\"restarted\\\".\"");
    StartTypeChange change;
    change.service = "wuauserv";
    change.ok = true;
    change.oldType = StartType::Disabled;
    change.newType = StartType::ManualTrigger;
    CHECK(log::formatStartTypeChange(change) == "start_type service=wuauserv result=ok old=disabled new=manual_trigger error=0");
    ActionResult failed = sampleAction();
    failed.ok = false;
    failed.text.advice = "Restart the computer.";
    CHECK_THAT(log::formatAction(failed), Catch::Contains("result=failed"));
    CHECK_THAT(log::formatAction(failed), Catch::Contains("advice=\"Restart the computer.\""));
}

TEST_CASE("Log: goes to wudoctor-logs beside the exe when that is writable", "[log]") {
    TempDir exe, appData;
    const log::Setup setup = log::init(exe.str(), appData.str());
    CHECK(setup.folder == utf8(exe.path / "wudoctor-logs"));
    CHECK(setup.file == utf8(exe.path / "wudoctor-logs" / "wudoctor.log"));
    CHECK_FALSE(setup.fallback);
    CHECK(setup.warning.empty());
    CHECK(log::current().file == setup.file);
    log::action(sampleAction());
    log::shutdown();
    const std::string text = readFile(exe.path / "wudoctor-logs" / "wudoctor.log");
    CHECK_THAT(text, Catch::Contains("[info]"));
    CHECK_THAT(text, Catch::Contains("action=restart service=wuauserv result=ok"));
}

TEST_CASE("Log: falls back to LOCALAPPDATA\\WUDoctor\\logs when the exe folder is not writable", "[log]") {
    TempDir base, appData;
    // A file where the exe folder should be: nothing can be created under it, even by root.
    const fs::path blocked = base.path / "not-a-folder";
    std::ofstream(blocked) << "x";
    const log::Setup setup = log::init(utf8(blocked), appData.str());
    CHECK(setup.fallback);
    CHECK(setup.folder == utf8(appData.path / "WUDoctor" / "logs"));
    CHECK(setup.warning.empty());
    log::get().info("hello fallback");
    log::shutdown();
    CHECK_THAT(readFile(appData.path / "WUDoctor" / "logs" / "wudoctor.log"), Catch::Contains("hello fallback"));
}

TEST_CASE("Log: no writable place keeps running with one warning; sinks still get lines", "[log]") {
    TempDir base;
    const fs::path blocked = base.path / "file";
    std::ofstream(blocked) << "x";
    std::ostringstream captured;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
    log::addSink(sink);
    const log::Setup setup = log::init(utf8(blocked), utf8(blocked / "appdata"));
    CHECK(setup.folder.empty());
    CHECK(setup.file.empty());
    CHECK_FALSE(setup.warning.empty());
    CHECK(setup.warning.find('\n') == std::string::npos);
    log::action(sampleAction());  // safe without a file
    log::removeSink(sink);
    const std::string text = captured.str();
    CHECK_THAT(text, Catch::Contains("keeps no log"));
    CHECK_THAT(text, Catch::Contains("action=restart"));
}

TEST_CASE("Log: a null logger before init, and captured lines through an added sink", "[log]") {
    log::shutdown();
    CHECK_NOTHROW(log::get().info("nobody hears this"));
    std::ostringstream captured;
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
    log::addSink(sink);
    log::report("line one\nline two");
    log::removeSink(sink);
    CHECK_THAT(captured.str(), Catch::Contains("report | line one"));
    CHECK_THAT(captured.str(), Catch::Contains("report | line two"));
}

TEST_CASE("Log: rotates at about 1 MB, keeping three files", "[log]") {
    TempDir exe;
    const log::Setup setup = log::init(exe.str(), "");
    REQUIRE_FALSE(setup.file.empty());
    const std::string filler(200, 'x');
    for (int i = 0; i < 12'000; ++i) log::get().info("{} {}", i, filler);  // ~2.6 MB
    log::shutdown();
    const fs::path folder = exe.path / "wudoctor-logs";
    CHECK(fs::exists(folder / "wudoctor.log"));
    CHECK(fs::exists(folder / "wudoctor.1.log"));
    CHECK(fs::exists(folder / "wudoctor.2.log"));
    CHECK_FALSE(fs::exists(folder / "wudoctor.3.log"));
    for (const char* name : {"wudoctor.log", "wudoctor.1.log", "wudoctor.2.log"})
        CHECK(fs::file_size(folder / name) <= log::kMaxFileBytes);
    CHECK_THAT(readFile(folder / "wudoctor.log"), Catch::Contains("11999 "));
}

TEST_CASE("Log: a non-ASCII folder works", "[log]") {
    TempDir base;
    const fs::path exe = base.path / fs::path(u8"Werkzeuge \u00DC \u914D\u4FE1");
    fs::create_directories(exe);
    const log::Setup setup = log::init(utf8(exe), "");
    REQUIRE_FALSE(setup.file.empty());
    CHECK_FALSE(setup.fallback);
    log::get().info("unicode ok");
    log::shutdown();
    CHECK_THAT(readFile(exe / "wudoctor-logs" / "wudoctor.log"), Catch::Contains("unicode ok"));
}

// The window's controller without a window: real worker thread and main-thread queue, a fake SCM in virtual
// time and a fake platform. This is where the administrator (UAC) path is tested: under Wine every process is
// elevated, so the real window can never take it.
#define DO_NOT_USE_WMAIN
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "ui/controller.hpp"

#include "cli_repair_system_command.hpp"
#include "cli_repairs_command.hpp"
#include "cli_command.hpp"
#include "cli_exit.hpp"
#include "wud/fake_crypto.hpp"
#include "wud/fake_lock_finder.hpp"
#include "wud/fake_machine_access.hpp"
#include "wud/fake_service_manager.hpp"
#include "wud/fake_system_repair.hpp"
#include "wud/fake_update_scan.hpp"
#include "wud/repair_channel.hpp"
#include "wud/journal.hpp"
#include "wud/machine_access.hpp"
#include "wud/repairs.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <variant>

using namespace wud;
using namespace wud::ui;
using namespace std::chrono_literals;

namespace {

class FakePlatform final : public Platform {
public:
    bool elevated = true;
    LaunchResult elevatedResult{true, false, 0};
    std::uint32_t elevatedExitCode = 0;
    std::vector<std::vector<std::string>> elevatedRuns;  // worker thread writes, test reads after the result
    std::vector<std::string> launched;

    bool isElevated() override { return elevated; }
    OsVersion osVersion() override { return {10, 0, 19045}; }
    LaunchHandlers handlers() override { return {}; }
    LaunchResult launch(const LaunchTarget& target) override {
        launched.push_back(target.file);
        return {true, false, 0};
    }
    // Stands for the elevated copy of wudoctor: it parses what it is given exactly as the real CLI does and
    // answers exit code 2 (usage) to anything the CLI would reject, so a command the CLI does not know fails here too.
    LaunchResult runElevated(const std::vector<std::string>& args, std::uint32_t& exitCode,
                             const std::function<void(std::uint32_t pid)>& started) override {
        elevatedRuns.push_back(args);
        started(kCopyPid);
        if (elevatedCopy) elevatedCopy(args);
        // check / repair / undo and repair-system parse on their own (cli.cpp tries them first), everything else
        // through cli::parse.
        const auto checks = cli::parseRepairsCommand(args);
        const auto system = cli::parseRepairSystemCommand(args);
        const bool understood = checks   ? std::holds_alternative<cli::RepairsCommand>(*checks)
                                : system ? std::holds_alternative<cli::RepairSystemCommand>(*system)
                                         : std::holds_alternative<cli::Command>(cli::parse(args));
        exitCode = understood ? elevatedExitCode : static_cast<std::uint32_t>(cli::ExitCode::Usage);
        return elevatedResult;
    }
    bool prefersLightTheme() override {
        ++themeReads;
        return light;
    }
    std::atomic<bool> light{true};  // Windows' AppsUseLightTheme, as this fake Windows has it
    std::atomic<int> themeReads{0};
    std::atomic<int> themeChanges{0};  // each one: "Windows says the colour setting changed"
    bool themeMayHaveChanged() override { return themeChanges.exchange(0) > 0; }
    std::string folder = "C:\\WUD\\wudoctor-logs";  // where the (in-memory) journal lives
    std::string logFolder() override { return folder; }
    std::string elevatedFolder = "C:\\WUD\\wudoctor-logs";
    std::string elevatedLogFolder() override { return elevatedFolder; }
    std::function<void(const std::vector<std::string>&)> elevatedCopy;  // what it does to the machine, if anything

    // The elevated copy's live channel (repair_channel_pipe.hpp stands behind it on Windows): what the copy wrote and
    // whether the window set its cancel event. The copy (elevatedCopy, on the worker's side) writes; the window reads.
    static constexpr std::uint32_t kCopyPid = 4242;
    struct Pipe {
        std::mutex mutex;
        std::string unread;
        bool made = false;   // the copy has created it (before: connect finds nothing)
        bool closed = false; // the copy has gone
        std::atomic<bool> cancelSet{false};
        std::atomic<int> connects{0};
        void write(const std::string& bytes) {
            std::lock_guard lock(mutex);
            made = true;
            unread += bytes;
        }
    };
    std::shared_ptr<Pipe> pipe = std::make_shared<Pipe>();
    class Channel final : public ElevatedChannel {
    public:
        explicit Channel(std::shared_ptr<Pipe> p) : pipe_(std::move(p)) {}
        std::string read(bool& closed) override {
            std::lock_guard lock(pipe_->mutex);
            closed = pipe_->closed && pipe_->unread.empty();
            return std::exchange(pipe_->unread, {});
        }
        bool cancel() override {
            pipe_->cancelSet = true;
            return true;
        }

    private:
        std::shared_ptr<Pipe> pipe_;
    };
    std::vector<std::uint32_t> connectedTo;
    std::unique_ptr<ElevatedChannel> connectElevated(std::uint32_t pid) override {
        std::lock_guard lock(pipe->mutex);
        if (!pipe->made) return nullptr;
        ++pipe->connects;
        connectedTo.push_back(pid);
        return std::make_unique<Channel>(pipe);
    }
};

/// The fake machine (registry and files in memory), noting which threads read it: the checks must never run on
/// the UI thread, and must not run on every idle poll.
class WatchedMachine final : public MachineAccess {
public:
    FakeMachineAccess fake;
    std::atomic<int> reads{0};
    std::mutex mutex;
    std::set<std::thread::id> readers;

    std::optional<RegValue> readValue(std::string_view key, std::string_view name) override {
        seen();
        return fake.readValue(key, name);
    }
    bool keyExists(std::string_view key) override {
        seen();
        return fake.keyExists(key);
    }
    Win32Error writeValue(std::string_view k, std::string_view n, const RegValue& v) override { return fake.writeValue(k, n, v); }
    Win32Error deleteValue(std::string_view k, std::string_view n) override { return fake.deleteValue(k, n); }
    std::optional<std::string> keySecurity(std::string_view k) override { return fake.keySecurity(k); }
    Win32Error setKeySecurity(std::string_view k, std::string_view s) override { return fake.setKeySecurity(k, s); }
    Win32Error createKey(std::string_view k, std::string_view s) override { return fake.createKey(k, s); }
    bool fileExists(std::string_view p) override { return fake.fileExists(p); }
    std::optional<std::string> readFile(std::string_view p) override { return fake.readFile(p); }
    Win32Error replaceFile(std::string_view p, std::string_view b) override { return fake.replaceFile(p, b); }
    Win32Error moveFile(std::string_view f, std::string_view t) override { return fake.moveFile(f, t); }
    std::optional<std::uint64_t> freeBytes(std::string_view p) override { return fake.freeBytes(p); }
    std::string systemRoot() override { return fake.systemRoot(); }
    std::optional<bool> domainJoined() override { return fake.domainJoined(); }
    std::string computerName() override { return fake.computerName(); }
    bool pathExists(std::string_view p) override { return fake.pathExists(p); }
    std::optional<std::vector<DirEntry>> listFolder(std::string_view f) override { return fake.listFolder(f); }
    Win32Error movePath(std::string_view f, std::string_view t) override { return fake.movePath(f, t); }
    Win32Error deleteTree(std::string_view p) override { return fake.deleteTree(p); }
    Win32Error createFolderLike(std::string_view p, std::string_view l) override { return fake.createFolderLike(p, l); }
    Win32Error removeEmptyFolder(std::string_view p) override { return fake.removeEmptyFolder(p); }
    std::string programData() override { return fake.programData(); }
    std::vector<TaskFolderRead> scheduledTasks(const std::vector<std::string>& folders) override {
        seen();
        return fake.scheduledTasks(folders);
    }

private:
    void seen() {
        ++reads;
        std::lock_guard lock(mutex);
        readers.insert(std::this_thread::get_id());
    }
};

/// Counts the SCM queries (the idle polls) without touching the fake from the test thread.
class CountingScm final : public ServiceManager {
public:
    explicit CountingScm(ServiceManager& inner) : inner_(inner) {}
    std::atomic<int> queries{0};
    QueryResult query(std::string_view name) override {
        ++queries;
        return inner_.query(name);
    }
    Win32Error start(std::string_view name) override { return inner_.start(name); }
    Win32Error stop(std::string_view name) override { return inner_.stop(name); }
    DependentsResult activeDependents(std::string_view name) override { return inner_.activeDependents(name); }
    Win32Error setStartType(std::string_view name, StartType type) override { return inner_.setStartType(name, type); }

private:
    ServiceManager& inner_;
};

constexpr const char* kJournal = "C:\\WUD\\wudoctor-logs\\wudoctor-journal.json";

struct Env {
    VirtualClock clock;
    FakeServiceManager scm{clock};
    CountingScm counting{scm};
    WatchedMachine machine;
    FakeLockFinder locks;
    FakeCrypto crypto;
    FakePlatform platform;
    std::unique_ptr<Controller> controller;
    std::function<void(ControllerOptions&)> configure;  // a test's own options (scanner, DISM, SFC...)

    Env() {
        scm.add("UsoSvc", ServiceState::Running, StartType::AutomaticDelayed);
        scm.add("wuauserv", ServiceState::Running, StartType::ManualTrigger);
        scm.add("BITS", ServiceState::Stopped, StartType::Manual);
        machine.fake.setValue(R"(HKLM\SOFTWARE\Microsoft\Cryptography)", "MachineGuid",
                              regString("5f1c7a2e-0000-4000-8000-000000000001"));
    }
    Controller& make(bool elevated) {
        platform.elevated = elevated;
        ControllerOptions options;
        options.idlePoll = 20ms;
        options.busyPoll = 5ms;
        if (configure) configure(options);
        controller = std::make_unique<Controller>(platform, counting, machine, locks, crypto, clock, options);
        controller->start();
        pumpUntil([&] { return controller->hasStatus(); });
        return *controller;
    }
    template <typename Pred>
    void pumpUntil(Pred pred) {
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!pred()) {
            REQUIRE(std::chrono::steady_clock::now() < deadline);
            controller->pump();
            std::this_thread::sleep_for(1ms);
        }
    }
    void finish() {
        pumpUntil([&] { return !controller->busy(); });
    }
};

}  // namespace

TEST_CASE("Controller: the first poll shows every catalog service, missing ones as not installed", "[ui]") {
    Env env;
    Controller& c = env.make(true);
    REQUIRE(c.status().rows.size() == catalog().size());
    CHECK(c.status().find("wuauserv")->snapshot.state == ServiceState::Running);
    CHECK(c.status().find("BITS")->snapshot.state == ServiceState::Stopped);
    CHECK_FALSE(c.status().find("DoSvc")->snapshot.installed);
    CHECK(c.blockedReason(Request::Start, "DoSvc") == "Not installed on this computer.");
}

TEST_CASE("Controller: two quick clicks start one operation", "[ui]") {
    Env env;
    Controller& c = env.make(true);
    CHECK(c.restart("wuauserv"));
    CHECK_FALSE(c.restart("wuauserv"));  // the second click, before the first finished
    CHECK_FALSE(c.fix());
    env.finish();
    CHECK(c.operation().ok);
    const auto calls = env.scm.ourCalls();
    CHECK(std::count(calls.begin(), calls.end(), "stop wuauserv") == 1);
    CHECK(std::count(calls.begin(), calls.end(), "start wuauserv") == 1);
}

TEST_CASE("Controller: Fix shows its steps live and ends with a result", "[ui]") {
    Env env;
    Controller& c = env.make(true);
    REQUIRE(c.fix());
    env.finish();
    const OperationView& op = c.operation();
    CHECK(op.phase == OperationView::Phase::Finished);
    CHECK(op.ok);
    REQUIRE(op.steps.size() >= 4);
    CHECK(op.steps.front().text.find("Update Orchestrator") != std::string::npos);
    for (const StepLine& line : op.steps) CHECK(line.status != StepLine::Status::Active);
    const auto calls = env.scm.ourCalls();
    REQUIRE(calls.size() == 4);
    CHECK(calls[0] == "stop UsoSvc");  // Update Orchestrator first, so it cannot bring wuauserv back behind us
}

TEST_CASE("Controller: a standard user's action runs in an elevated copy with CLI arguments", "[ui]") {
    Env env;
    Controller& c = env.make(false);
    CHECK(c.needsAdmin(Request::Restart, "wuauserv"));
    CHECK(c.needsAdmin(Request::Fix));
    CHECK_FALSE(c.needsAdmin(Request::Start, "wuauserv"));  // wuauserv's default DACL lets users start it

    REQUIRE(c.restart("wuauserv"));
    env.finish();
    REQUIRE(env.platform.elevatedRuns.size() == 1);
    CHECK(env.platform.elevatedRuns[0] == std::vector<std::string>{"restart", "wuauserv"});
    CHECK(env.scm.ourCalls().empty());  // the elevated copy did the work, not this process
    CHECK(c.operation().ok);
    CHECK(c.operation().message == "Windows Update restarted.");

    REQUIRE(c.fix());
    env.finish();
    CHECK(env.platform.elevatedRuns.back() == std::vector<std::string>{"fix"});
}

TEST_CASE("Controller: a declined UAC prompt says so plainly and changes nothing", "[ui]") {
    Env env;
    env.platform.elevatedResult = {false, true, 1223};
    Controller& c = env.make(false);
    REQUIRE(c.fix());
    env.finish();
    CHECK_FALSE(c.operation().ok);
    CHECK(c.operation().declined);
    CHECK(c.operation().message.find("nothing was changed") != std::string::npos);
    CHECK(env.scm.ourCalls().empty());
}

TEST_CASE("Controller: the elevated copy's exit code becomes a plain result", "[ui]") {
    Env env;
    env.platform.elevatedExitCode = 4;  // the CLI's "timed out"
    Controller& c = env.make(false);
    REQUIRE(c.restart("UsoSvc"));
    env.finish();
    CHECK_FALSE(c.operation().ok);
    CHECK(c.operation().message.find("Update Orchestrator") != std::string::npos);
    CHECK_FALSE(c.operation().advice.empty());
}

TEST_CASE("Controller: a start-type change keeps the old value, and Undo puts it back", "[ui]") {
    Env env;
    env.scm.add("CryptSvc", ServiceState::Stopped, StartType::Disabled);
    Controller& c = env.make(true);
    CHECK(c.blockedReason(Request::Start, "CryptSvc") == "It is disabled: set its start type first.");
    REQUIRE(c.repairStartType("CryptSvc"));
    env.finish();
    CHECK(c.operation().ok);
    CHECK(env.scm.service("CryptSvc").startType == StartType::Automatic);
    REQUIRE(c.undoable());
    CHECK(c.undoable()->oldType == StartType::Disabled);
    CHECK(c.log().size() >= 2);

    REQUIRE(c.undo());
    env.finish();
    CHECK(env.scm.service("CryptSvc").startType == StartType::Disabled);
    CHECK_FALSE(c.undoable());
}

TEST_CASE("Controller: a standard user's start-type change and its Undo run elevated, in words the CLI's own parser takes", "[ui]") {
    Env env;
    env.scm.add("CryptSvc", ServiceState::Stopped, StartType::Disabled);
    Controller& c = env.make(false);
    REQUIRE(c.repairStartType("CryptSvc"));
    env.finish();
    REQUIRE(c.operation().ok);
    CHECK(env.platform.elevatedRuns.back() == std::vector<std::string>{"repair-start-type", "CryptSvc"});
    // The window's Undo after a change from Disabled names the type: the elevated copy must accept it (exit 0, not 2).
    REQUIRE(c.undo());
    env.finish();
    CHECK(env.platform.elevatedRuns.back() == std::vector<std::string>{"set-start-type", "CryptSvc", "disabled"});
    CHECK(c.operation().ok);
}

TEST_CASE("Controller: an elevated command the CLI refuses is a failure, not a success", "[ui]") {
    // Guards the fake itself: a command line the CLI rejects gives exit 2 and the window says it did not work.
    FakePlatform platform;
    std::uint32_t exitCode = 0;
    const auto started = [](std::uint32_t) {};
    platform.runElevated({"set-start-type", "CryptSvc", "sideways"}, exitCode, started);
    CHECK(exitCode == static_cast<std::uint32_t>(cli::ExitCode::Usage));
    platform.runElevated({"restart", "wuauserv"}, exitCode, started);
    CHECK(exitCode == 0);
}

TEST_CASE("elevatedCommandFor: every request the window can send survives parse(toArgs(c)) == c", "[ui][cli]") {
    const StartType windowTypes[] = {StartType::Automatic, StartType::AutomaticDelayed, StartType::Manual,
                                     StartType::ManualTrigger, StartType::Disabled};
    std::vector<cli::Command> commands;
    commands.push_back(elevatedCommandFor(Request::Fix, "", StartType::Unknown, StartType::Unknown));
    for (const CatalogEntry& entry : catalog()) {
        for (const Request request : {Request::Start, Request::Restart})
            commands.push_back(elevatedCommandFor(request, entry.name, StartType::Unknown, StartType::Unknown));
        const StartType winDefault = windowsDefault(entry, 19045);
        for (const StartType type : windowTypes)
            commands.push_back(elevatedCommandFor(Request::SetStartType, entry.name, type, winDefault));
    }
    for (const cli::Command& command : commands) {
        const std::vector<std::string> args = cli::toArgs(command);
        INFO(args.front() + (args.size() > 1 ? " " + args[1] : std::string()));
        const cli::ParseResult parsed = cli::parse(args);
        REQUIRE(std::holds_alternative<cli::Command>(parsed));
        CHECK(std::get<cli::Command>(parsed) == command);
    }
    CHECK(cli::toArgs(elevatedCommandFor(Request::SetStartType, "DoSvc", StartType::Disabled, StartType::Automatic)) ==
          std::vector<std::string>{"set-start-type", "DoSvc", "disabled"});
}

TEST_CASE("verdictFor: one calm sentence for each situation", "[ui]") {
    StatusSet status;
    auto add = [&](std::string_view name, ServiceState state, StartType type) {
        ServiceRow row;
        row.entry = findInCatalog(name);
        row.snapshot.name = std::string(name);
        row.snapshot.installed = true;
        row.snapshot.state = state;
        row.snapshot.startType = type;
        status.rows.push_back(row);
    };
    OperationView idle;
    CHECK(verdictFor(status, idle, 19045).level == Verdict::Level::Checking);

    add("UsoSvc", ServiceState::Running, StartType::AutomaticDelayed);
    add("wuauserv", ServiceState::Running, StartType::ManualTrigger);
    CHECK(verdictFor(status, idle, 19045).headline == "Windows Update services look healthy");

    status.rows[1].snapshot.state = ServiceState::Stopped;
    CHECK(verdictFor(status, idle, 19045).headline == "Windows Update is stopped — press Start");

    status.rows[1].snapshot.startType = StartType::Disabled;
    const Verdict disabled = verdictFor(status, idle, 19045);
    CHECK(disabled.level == Verdict::Level::Problem);
    CHECK(disabled.headline == "Windows Update is disabled");
    CHECK(disabled.detail.find("Manual (trigger)") != std::string::npos);

    OperationView running;
    running.phase = OperationView::Phase::Running;
    running.title = "Fixing Windows Update";
    CHECK(verdictFor(status, running, 19045).level == Verdict::Level::Busy);
}

// ---------------------------------------------------------------------------------------------------- the checks

namespace {
// What "disable updates" tools set: HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate DisableWindowsUpdateAccess=1.
void plantBlocker(WatchedMachine& machine) { machine.fake.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1)); }
}  // namespace

TEST_CASE("Controller: the checks run on the worker, not the UI thread, and their findings land in the state", "[ui][checks]") {
    Env env;
    plantBlocker(env.machine);
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    const Finding* f = findFinding(c.checks().findings, "policy.disable-access");
    REQUIRE(f != nullptr);
    CHECK(f->severity == Severity::Problem);
    CHECK(verdictFor(c.status(), c.operation(), 19045, c.checks()).level == Verdict::Level::Problem);
    {
        std::lock_guard lock(env.machine.mutex);
        CHECK_FALSE(env.machine.readers.empty());
        CHECK(env.machine.readers.count(std::this_thread::get_id()) == 0);  // never the UI thread
    }
    CHECK(c.report().find("policy.disable-access") != std::string::npos);  // the report carries the findings
}

TEST_CASE("Controller: the window follows Windows' colour setting, reading it only when Windows says it changed", "[ui]") {
    // Stands for Windows' RegNotifyChangeKeyValue on HKCU\...\Themes\Personalize: the Win32 platform's
    // themeMayHaveChanged() is that event, signalled when the user switches light/dark mode in Settings.
    Env env;
    Controller& c = env.make(true);
    CHECK(c.lightTheme());
    const int readsAtStart = env.platform.themeReads.load();

    // Idle polls go by: the setting is not read again (it is a registry read a tick otherwise).
    env.platform.light = false;
    const int queries = env.counting.queries.load();
    env.pumpUntil([&] { return env.counting.queries.load() >= queries + 10; });
    CHECK(env.platform.themeReads.load() == readsAtStart);
    CHECK(c.lightTheme());

    // Windows says it changed: the next idle tick reads it, and the window turns dark.
    env.platform.themeChanges = 1;
    env.pumpUntil([&] { return !c.lightTheme(); });
    CHECK(env.platform.themeReads.load() == readsAtStart + 1);
}

TEST_CASE("Controller: the checks run at start and on Refresh, not on every idle poll", "[ui][checks]") {
    Env env;
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    const int afterStart = env.machine.reads.load();
    // Five idle polls (each queries the primary services at least) go by without one read of the registry.
    const int queries = env.counting.queries.load();
    env.pumpUntil([&] { return env.counting.queries.load() >= queries + 10; });
    CHECK(env.machine.reads.load() == afterStart);

    plantBlocker(env.machine);
    c.refresh();
    env.pumpUntil([&] { return findFinding(c.checks().findings, "policy.disable-access") != nullptr; });
    CHECK(env.machine.reads.load() > afterStart);
}

TEST_CASE("Controller: Repair (elevated) removes the blocker through the journal, and Undo puts it back exactly", "[ui][checks]") {
    Env env;
    plantBlocker(env.machine);
    Controller& c = env.make(true);
    env.pumpUntil([&] { return findFinding(c.checks().findings, "policy.disable-access") != nullptr; });
    CHECK(c.checks().undoable.empty());

    REQUIRE(c.repair("policy.disable-access"));
    env.finish();
    INFO(c.operation().message << " / " << c.operation().advice);
    CHECK(c.operation().ok);
    CHECK_FALSE(env.machine.fake.readValue(kWuPolicyKey, "DisableWindowsUpdateAccess"));
    // The frame that says "done" already shows the finding gone and its Undo offered.
    CHECK(findFinding(c.checks().findings, "policy.disable-access") == nullptr);
    REQUIRE(c.checks().undoable.size() == 1);
    CHECK(c.checks().undoable[0].findingId == "policy.disable-access");
    CHECK(env.machine.fake.fileExists(kJournal));
    CHECK(verdictFor(c.status(), c.operation(), 19045, c.checks()).level != Verdict::Level::Problem);
    CHECK(env.platform.elevatedRuns.empty());  // elevated already: in this process

    REQUIRE(c.undoRepair(c.checks().undoable[0].id));
    env.finish();
    CHECK(c.operation().ok);
    CHECK(env.machine.fake.readValue(kWuPolicyKey, "DisableWindowsUpdateAccess") == regDword(1));
    CHECK(c.checks().undoable.empty());
    CHECK(findFinding(c.checks().findings, "policy.disable-access") != nullptr);
}

TEST_CASE("Controller: a standard user's Repair, Repair all and Undo run in the elevated CLI", "[ui][checks]") {
    Env env;
    plantBlocker(env.machine);
    Controller& c = env.make(false);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK(c.needsAdmin(Request::Repair));
    CHECK(c.needsAdmin(Request::UndoRepair));

    REQUIRE(c.repair("policy.disable-access"));
    env.finish();
    REQUIRE(env.platform.elevatedRuns.size() == 1);
    CHECK(env.platform.elevatedRuns.back() == std::vector<std::string>{"repair", "policy.disable-access"});
    CHECK(c.operation().ok);  // exit 0 from the CLI's own parser: the command is one it accepts
    CHECK(env.machine.fake.writes() == 0);  // the elevated copy did the work, not this process

    REQUIRE(c.repairAll());
    env.finish();
    CHECK(env.platform.elevatedRuns.back() == std::vector<std::string>{"repair", "--all"});

    CHECK(cli::toArgs(elevatedUndoCommand(3)) == std::vector<std::string>{"undo", "3"});
    CHECK(cli::toArgs(elevatedUndoCommand(0)) == std::vector<std::string>{"undo", "--last"});
    // A repair that fails in the elevated copy (exit 1) is a plain failure with a next step.
    env.platform.elevatedExitCode = 1;
    REQUIRE(c.repair("policy.disable-access"));
    env.finish();
    CHECK_FALSE(c.operation().ok);
    CHECK_FALSE(c.operation().advice.empty());
}

TEST_CASE("Controller: a standard user's window lists and undoes the journal its elevated copy keeps beside the exe", "[ui][checks]") {
    // Stands for Windows with wudoctor.exe in a folder only administrators may write to (Program Files, a locked
    // down share): the window, not elevated, logs to LOCALAPPDATA, while the elevated copy that runs its Repair can
    // write beside the exe and keeps its log and journal there. (Under Wine every process is elevated.)
    Env env;
    plantBlocker(env.machine);
    env.platform.folder = "C:\\Users\\Bob\\AppData\\Local\\WUDoctor\\logs";
    env.platform.elevatedFolder = "C:\\WUD\\wudoctor-logs";  // kJournal's folder
    env.platform.elevatedCopy = [&](const std::vector<std::string>& args) {
        if (args.empty() || args[0] != "repair") return;
        // `wudoctor repair <id>`, elevated: the core's repair, through the journal beside the exe.
        CheckContext context{env.machine, env.scm, 19045};
        const std::vector<Finding> findings = runChecks(context);
        JournalLoad load = loadJournal(env.machine, kJournal);
        JournalGuard guard{env.machine, env.crypto, /*privileged=*/true};  // the elevated copy's
        RepairEnv repairEnv{env.machine, env.scm, guard, kJournal, "2026-11-29 12:00:00"};
        if (const Finding* f = findFinding(findings, args.at(1)); f != nullptr && load.error.empty())
            applyRepair(repairEnv, load.journal, *f);
    };
    Controller& c = env.make(false);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK(c.checks().undoable.empty());
    CHECK(c.checks().journalPath == "C:\\Users\\Bob\\AppData\\Local\\WUDoctor\\logs\\wudoctor-journal.json");

    REQUIRE(c.repair("policy.disable-access"));
    env.finish();
    CHECK(c.operation().ok);
    REQUIRE(env.machine.fake.fileExists(kJournal));
    // The window now lists that journal's entry, so its Undo is offered here and not only in `wudoctor undo`...
    CHECK(c.checks().journalPath == kJournal);
    REQUIRE(c.checks().undoable.size() == 1);
    CHECK(c.checks().undoable[0].findingId == "policy.disable-access");
    // ...and the number it sends is that journal's, which the elevated copy opens again.
    const int entry = c.checks().undoable[0].id;
    REQUIRE(c.undoRepair(entry));
    env.finish();
    CHECK(env.platform.elevatedRuns.back() == std::vector<std::string>{"undo", std::to_string(entry)});
}

TEST_CASE("Controller: an elevated window keeps its journal in its own log folder", "[ui][checks]") {
    Env env;
    plantBlocker(env.machine);
    env.platform.folder = "C:\\Users\\Admin\\AppData\\Local\\WUDoctor\\logs";  // the exe's folder: read-only media
    env.machine.fake.setFile(kJournal, "{ not this process's journal");
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK(c.checks().journalPath == "C:\\Users\\Admin\\AppData\\Local\\WUDoctor\\logs\\wudoctor-journal.json");
    CHECK(c.checks().journalError.empty());
}

TEST_CASE("Controller: a damaged undo journal is said plainly, and nothing is repaired or undone", "[ui][checks]") {
    Env env;
    plantBlocker(env.machine);
    env.machine.fake.setFile(kJournal, "{ this is not a journal");
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK_FALSE(c.checks().journalError.empty());
    CHECK(c.checks().undoable.empty());
    CHECK_FALSE(c.blockedReason(Request::Repair).empty());
    CHECK_FALSE(c.repair("policy.disable-access"));
    CHECK(env.machine.fake.readValue(kWuPolicyKey, "DisableWindowsUpdateAccess") == regDword(1));
}

TEST_CASE("Controller: the window's Undo of a forged journal entry says it is refused, and changes nothing", "[ui][checks][security]") {
    // Stands for a standard user's program writing the journal beside the exe (a USB stick) and waiting for an
    // administrator to press Undo: an entry that sets the sticky-keys debugger, this PC's name on it, no seal.
    const std::string ifeo = R"(HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe)";
    Env env;
    JournalEntry forged;
    forged.id = 1;
    forged.time = "2026-11-28 12:00:00";
    forged.machine = thisMachine(env.machine.fake);
    forged.findingId = "policy.no-auto-update";
    forged.title = "Automatic updates are turned off by a policy";
    forged.state = EntryState::Applied;
    JournalChange change;
    change.kind = JournalChange::Kind::Registry;
    change.key = ifeo;
    change.name = "Debugger";
    change.before = regString(R"(C:\evil.exe)");
    forged.changes.push_back(change);
    Journal journal;
    journal.entries.push_back(forged);
    REQUIRE(saveJournal(env.machine.fake, kJournal, journal) == 0);
    const std::string journalBefore = *env.machine.fake.readFile(kJournal);

    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    REQUIRE(c.undoRepair(1));
    env.finish();
    INFO(c.operation().message << " / " << c.operation().advice);
    CHECK_FALSE(c.operation().ok);
    CHECK_THAT(c.operation().message, Catch::Matchers::Contains("Journal entry 1") &&
                                          Catch::Matchers::Contains("Nothing was changed"));
    CHECK_THAT(c.operation().advice, Catch::Matchers::Contains("not one WU Doctor made here"));
    CHECK_FALSE(env.machine.fake.readValue(ifeo, "Debugger"));  // the backdoor was not written
    CHECK(*env.machine.fake.readFile(kJournal) == journalBefore);  // nor the entry marked undone
}

namespace {
constexpr const char* kCacheSd = R"(C:\Windows\SoftwareDistribution)";
constexpr const char* kCacheFile = R"(C:\Windows\SoftwareDistribution\Download\kb5001.cab)";
void plantRestartPending(WatchedMachine& machine) {
    machine.fake.addKey(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)");
}
/// The backup beside SoftwareDistribution (SoftwareDistribution.wudoctor-<stamp>), or "" when there is none.
std::string cacheBackup(WatchedMachine& machine) {
    auto lower = [](std::string text) {
        for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        return text;
    };
    for (const Backup& b : findBackups(machine.fake))  // the fake keeps paths in lower case, as Windows compares them
        if (lower(b.path).rfind(lower(std::string(kCacheSd) + ".wudoctor-"), 0) == 0) return b.path;
    return {};
}
}  // namespace

TEST_CASE("Controller: Reset update cache (elevated) shows the core's plan, moves the cache aside, and Undo puts it back", "[ui][reset-cache]") {
    Env env;
    env.machine.fake.setFile(kCacheFile, "MSCF cab bytes");
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK(c.blockedReason(Request::ResetCache).empty());
    CHECK_FALSE(c.needsAdmin(Request::ResetCache));

    // The confirmation's text is the core's plan for this machine, looked at on the worker.
    c.planResetCache();
    env.pumpUntil([&] { return c.resetCachePlan().ready; });
    CHECK(c.resetCachePlan().refused.empty());
    const auto& steps = c.resetCachePlan().steps;
    CHECK(std::any_of(steps.begin(), steps.end(), [](const std::string& s) { return s.find(kCacheSd) != std::string::npos; }));
    CHECK(env.machine.fake.readFile(kCacheFile) == "MSCF cab bytes");  // looking changed nothing

    REQUIRE(c.resetCache());
    env.finish();
    INFO(c.operation().message << " / " << c.operation().advice);
    CHECK(c.operation().ok);
    CHECK(c.operation().doneTitle == "Reset the update cache");
    CHECK_FALSE(c.operation().steps.empty());  // the stops and starts showed in the operation panel
    CHECK_FALSE(env.machine.fake.pathExists(kCacheSd));
    const std::string backup = cacheBackup(env.machine);
    REQUIRE_FALSE(backup.empty());
    CHECK(env.machine.fake.readFile(backup + R"(\Download\kb5001.cab)") == "MSCF cab bytes");
    CHECK(c.status().find("wuauserv")->snapshot.state == ServiceState::Running);  // started again
    CHECK(env.platform.elevatedRuns.empty());
    // Its Undo is offered in the Checks section's journal list, under a title that reads well there.
    REQUIRE(c.checks().undoable.size() == 1);
    CHECK(c.checks().undoable[0].findingId == "reset-cache");
    CHECK(c.checks().undoable[0].title == "Reset the Windows Update cache");

    REQUIRE(c.undoRepair(c.checks().undoable[0].id));
    env.finish();
    INFO(c.operation().message << " / " << c.operation().advice);
    CHECK(c.operation().ok);
    CHECK(env.machine.fake.readFile(kCacheFile) == "MSCF cab bytes");
    CHECK(cacheBackup(env.machine).empty());
    CHECK(c.checks().undoable.empty());
    CHECK(c.status().find("wuauserv")->snapshot.state == ServiceState::Running);
}

TEST_CASE("Controller: a standard user's Reset update cache runs `reset-cache` in the elevated CLI; exit 7 is said plainly", "[ui][reset-cache]") {
    Env env;
    Controller& c = env.make(false);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK(c.needsAdmin(Request::ResetCache));
    // The command parses back with the CLI's own parser, as the reset.
    const std::vector<std::string> args = cli::toArgs(elevatedResetCacheCommand());
    CHECK(args == std::vector<std::string>{"reset-cache"});
    const auto parsed = cli::parseRepairsCommand(args);
    REQUIRE(parsed);
    REQUIRE(std::holds_alternative<cli::RepairsCommand>(*parsed));
    CHECK(std::get<cli::RepairsCommand>(*parsed).kind == cli::RepairsCommand::Kind::ResetCache);
    CHECK_FALSE(std::get<cli::RepairsCommand>(*parsed).removeOldBackups);

    REQUIRE(c.resetCache());
    env.finish();
    REQUIRE(env.platform.elevatedRuns.size() == 1);
    CHECK(env.platform.elevatedRuns.back() == std::vector<std::string>{"reset-cache"});
    CHECK(c.operation().ok);
    CHECK(env.machine.fake.writes() == 0);  // the elevated copy did the work

    // The elevated copy found a restart pending meanwhile (exit 7): nothing changed, and the window says why.
    env.platform.elevatedExitCode = static_cast<std::uint32_t>(cli::ExitCode::Refused);
    REQUIRE(c.resetCache());
    env.finish();
    CHECK_FALSE(c.operation().ok);
    CHECK(c.operation().message.find("restart is pending") != std::string::npos);
    CHECK(c.operation().advice.find("Restart the computer") != std::string::npos);
}

TEST_CASE("Controller: Reset update cache is refused while a restart is pending, and never runs", "[ui][reset-cache]") {
    Env env;
    env.machine.fake.setFile(kCacheFile, "MSCF cab bytes");
    plantRestartPending(env.machine);
    Controller& c = env.make(false);
    env.pumpUntil([&] { return findFinding(c.checks().findings, kRestartPendingId) != nullptr; });
    CHECK(c.blockedReason(Request::ResetCache).find("restart is pending") != std::string::npos);
    CHECK_FALSE(c.resetCache());
    CHECK_FALSE(c.busy());
    // The confirmation says it is refused and why, instead of a plan.
    c.planResetCache();
    env.pumpUntil([&] { return c.resetCachePlan().ready; });
    CHECK_FALSE(c.resetCachePlan().refused.empty());
    CHECK(c.resetCachePlan().steps.empty());
    CHECK(env.platform.elevatedRuns.empty());
    CHECK(env.machine.fake.readFile(kCacheFile) == "MSCF cab bytes");
}

TEST_CASE("Controller: the last update results are read on the worker, shown as they are, and go into the report", "[ui][history]") {
    // Stands for the Windows Update Agent's history (IUpdateSearcher::QueryHistory): one failed installation.
    Env env;
    std::atomic<int> reads{0};
    std::thread::id reader;
    ControllerOptions options;
    options.idlePoll = 20ms;
    options.readHistory = [&] {
        reader = std::this_thread::get_id();
        ++reads;
        HistoryResult h;
        h.available = true;
        h.totalCount = 1;
        h.entries.push_back({"2026-11-20 03:00", "2026-11 Cumulative Update (KB5099999)", "installation", "failed",
                             0x80070422, true});
        return h;
    };
    env.platform.elevated = true;
    env.controller = std::make_unique<Controller>(env.platform, env.counting, env.machine, env.locks, env.crypto, env.clock, options);
    env.controller->start();
    env.pumpUntil([&] { return env.controller->history().has_value(); });
    CHECK(reads == 1);
    CHECK(reader != std::this_thread::get_id());  // never the UI thread
    const HistoryResult& h = *env.controller->history();
    REQUIRE(h.entries.size() == 1);
    const std::string report = env.controller->report();
    CHECK(report.find("KB5099999") != std::string::npos);
    CHECK(report.find("ERROR_SERVICE_DISABLED") != std::string::npos);  // the failure explained
    env.controller->refresh();
    env.pumpUntil([&] { return reads == 2; });  // Refresh reads it again
}

TEST_CASE("Controller: without a history reader the window shows no update results", "[ui][history]") {
    Env env;
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK_FALSE(c.history().has_value());
}

// ---------------------------------------------------------------------------------------------------- repair-system

namespace {

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

bool anyLine(const std::vector<std::string>& lines, std::string_view part) {
    return std::any_of(lines.begin(), lines.end(), [&](const std::string& l) { return contains(l, part); });
}

/// DISM and SFC in this process (an elevated window), scripted: FakeDism / FakeSfc stand for dismapi.dll and sfc.exe,
/// which Wine lacks. Each DISM step waits a little, so the window sees the meter move.
struct SystemRepairFakes {
    FakeDism* dism = nullptr;
    FakeSfc* sfc = nullptr;
    std::function<void(FakeDism&, FakeSfc&)> script;
    std::atomic<int> made{0};
    std::atomic<int> sfcOutput{0};  // pieces of output sfc.exe sent: it ran (the fakes go with their job)
    std::set<std::thread::id> threads;
    std::mutex mutex;

    void install(Env& env) {
        env.configure = [this](ControllerOptions& o) {
            o.makeDism = [this] {
                auto d = std::make_unique<FakeDism>();
                dism = d.get();
                d->steps = 10;
                d->onStep = [this](std::string_view, int) {
                    {
                        std::lock_guard lock(mutex);
                        threads.insert(std::this_thread::get_id());
                    }
                    std::this_thread::sleep_for(250ms);  // the meter reaches the window once a second
                };
                ++made;
                return d;
            };
            o.makeSfc = [this] {
                auto s = std::make_unique<FakeSfc>();
                sfc = s.get();
                s->onChunk = [this](std::size_t) { ++sfcOutput; };
                s->output = "Verification 50% complete.\rVerification 100% complete.\r\n";
                s->writesToLog = "x [SR] Repairing corrupted file \\??\\C:\\Windows\\System32\\\\wuaueng.dll from store\r\n"
                                 "x [SR] Repair complete\r\n";
                if (script) script(*dism, *s);
                return s;
            };
        };
    }
};

}  // namespace

TEST_CASE("Controller: Repair Windows files runs DISM then SFC off the UI thread, with a moving meter, and names the "
          "files it repaired in the result, the activity and the report", "[ui][repair-system]") {
    Env env;
    SystemRepairFakes fakes;
    fakes.install(env);
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK(c.blockedReason(Request::RepairSystem).empty());
    CHECK_FALSE(c.needsAdmin(Request::RepairSystem));
    REQUIRE(c.repairSystem());
    CHECK_FALSE(c.repairSystem());  // one at a time
    std::set<int> percents;
    env.pumpUntil([&] {
        if (c.operation().meter && c.operation().meter->percent) percents.insert(*c.operation().meter->percent);
        return !c.busy();
    });
    CHECK(percents.size() >= 2);  // the bar moved while DISM worked
    CHECK(fakes.sfcOutput > 0);
    CHECK(fakes.threads.count(std::this_thread::get_id()) == 0);  // DISM never ran on the UI thread
    const OperationView& op = c.operation();
    CHECK(op.ok);
    CHECK(op.request == Request::RepairSystem);
    CHECK(contains(op.message, "repaired"));
    CHECK(anyLine(op.details, "repaired: C:\\Windows\\System32\\wuaueng.dll"));
    CHECK(op.offersScan());
    CHECK(contains(c.report(), "Repair of Windows' files (this session)"));
    CHECK(contains(c.report(), "C:\\Windows\\System32\\wuaueng.dll"));
    CHECK(env.platform.elevatedRuns.empty());  // elevated window: in this process
}

TEST_CASE("Controller: Cancel while DISM repairs stops it (FakeDism honours it at its next step) and SFC never starts",
          "[ui][repair-system]") {
    Env env;
    SystemRepairFakes fakes;
    fakes.install(env);
    env.configure = [&, base = env.configure](ControllerOptions& o) {
        base(o);
        o.makeDism = [&] {
            auto d = std::make_unique<FakeDism>();
            d->health = ImageHealth::Repairable;
            d->steps = 1000;
            d->onStep = [raw = d.get()](std::string_view call, int step) {
                // Stands for a long DISM repair: it waits here until the user's Cancel reached it.
                if (call == "restore" && step == 2)
                    while (!raw->cancelRequested.load()) std::this_thread::sleep_for(1ms);
            };
            fakes.dism = d.get();
            return d;
        };
    };
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    REQUIRE(c.repairSystem());
    env.pumpUntil([&] { return c.operation().meter && c.operation().meter->step.find("Repairing") != std::string::npos; });
    CHECK(c.operation().meter->cancellable);
    REQUIRE(c.cancelOperation());
    CHECK(c.operation().meter->cancelAsked);
    CHECK_FALSE(c.cancelOperation());  // once
    env.finish();
    CHECK_FALSE(c.operation().ok);
    CHECK(contains(c.operation().message, "Cancelled"));
    CHECK(fakes.sfcOutput == 0);  // SFC never ran
}

TEST_CASE("Controller: while a restart is pending, Repair Windows files is refused with the reason, and never runs",
          "[ui][repair-system]") {
    Env env;
    SystemRepairFakes fakes;
    fakes.install(env);
    env.machine.fake.setValue(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired)",
                              "x", regDword(1));
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK(contains(c.blockedReason(Request::RepairSystem), "restart is pending"));
    CHECK_FALSE(c.repairSystem());
    CHECK(fakes.made == 0);
}

TEST_CASE("Controller: a standard user's Repair Windows files runs `repair-system --progress-pipe` in the elevated copy "
          "and shows its progress live from the copy's channel; Cancel sets the copy's cancel event; the copy's result "
          "names the files", "[ui][repair-system][uac]") {
    // Stands for Windows with UAC: the elevated copy makes the pipe named after its own process id, writes progress
    // lines and, at the end, its result; the window reads them as data. Wine cannot show this (every process is
    // elevated there): the e2e test e2e_repair_system_elevated_copy drives the real pipe.
    Env env;
    auto pipe = env.platform.pipe;
    std::atomic<int> shownPercent{-1};
    std::vector<std::string> args;
    env.platform.elevatedExitCode = 1;
    env.platform.elevatedCopy = [&](const std::vector<std::string>& a) {
        args = a;
        RepairProgress p;
        p.phase = RepairPhase::Dism;
        p.step = RepairStep::Restoring;
        p.text = "ignored: the window uses its own words";
        for (int percent : {10, 40}) {
            p.percent = percent;
            pipe->write(encodeRepairProgress(p));
            // The copy goes on only once the window shows it: progress is live, not replayed at the end.
            const auto deadline = std::chrono::steady_clock::now() + 10s;
            while (shownPercent.load() != percent && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(1ms);
        }
        pipe->write("not json at all\n{\"kind\":\"progress\",\"phase\":\"dism\",\"step\":\"restoring\",\"percent\":900}\n");
        while (!pipe->cancelSet.load()) std::this_thread::sleep_for(1ms);  // the user presses Cancel
        SystemRepairResult r;
        r.verdict = SystemRepairVerdict::NotRepaired;
        r.dism.outcome = DismOutcome::Repaired;
        r.dism.cancelIgnored = true;
        r.sfc.outcome = SfcOutcome::NotRepaired;
        r.sfc.files = {{"usosvc.dll", "", "Microsoft-Windows-UpdateOrchestrator", SfcFileResult::NotRepaired}};
        r.text = {"sentences from the channel are never shown", ""};
        pipe->write(encodeRepairResult(r));
        std::lock_guard lock(pipe->mutex);
        pipe->closed = true;
    };
    Controller& c = env.make(false);
    env.pumpUntil([&] { return c.checks().ran; });
    CHECK(c.needsAdmin(Request::RepairSystem));
    REQUIRE(c.repairSystem());
    env.pumpUntil([&] {
        if (c.operation().meter && c.operation().meter->percent) shownPercent = *c.operation().meter->percent;
        return shownPercent.load() == 40;
    });
    CHECK(c.operation().meter->step == std::string(stepText(RepairStep::Restoring)));
    REQUIRE(c.cancelOperation());
    env.finish();
    const auto parsed = cli::parseRepairSystemCommand(args);
    REQUIRE(parsed);
    REQUIRE(std::holds_alternative<cli::RepairSystemCommand>(*parsed));
    CHECK(std::get<cli::RepairSystemCommand>(*parsed).progressPipe);
    CHECK(env.platform.connectedTo == std::vector<std::uint32_t>{FakePlatform::kCopyPid});
    CHECK(pipe->cancelSet);
    const OperationView& op = c.operation();
    CHECK_FALSE(op.ok);
    CHECK(contains(op.message, "not all of it was repaired"));
    CHECK_FALSE(contains(op.message, "sentences from the channel"));
    CHECK(anyLine(op.details, "NOT repaired: usosvc.dll (Microsoft-Windows-UpdateOrchestrator)"));
    CHECK(anyLine(op.details, "had gone too far to stop"));
    CHECK(contains(c.report(), "usosvc.dll"));
}

TEST_CASE("Controller: an elevated copy that sends nothing (no channel): its exit code in plain words — 7 is a pending "
          "restart", "[ui][repair-system][uac]") {
    Env env;
    env.platform.elevatedExitCode = static_cast<std::uint32_t>(cli::ExitCode::Refused);
    Controller& c = env.make(false);
    env.pumpUntil([&] { return c.checks().ran; });
    REQUIRE(c.repairSystem());
    env.finish();
    CHECK_FALSE(c.operation().ok);
    CHECK(contains(c.operation().message, "a restart is pending"));
    CHECK(env.platform.pipe->connects == 0);
}

// ---------------------------------------------------------------------------------------------------- check for updates

namespace {

/// What the scripted agent saw; outlives each scanner (the window makes one per check and lets it go after).
struct AgentLog {
    std::atomic<int> waits{0};
    std::mutex mutex;
    std::vector<std::string> calls;  // the last search's, once it returned
    std::size_t count(std::string_view call) {
        std::lock_guard lock(mutex);
        return static_cast<std::size_t>(std::count(calls.begin(), calls.end(), call));
    }
};

/// The window's scanner over the scan's real logic (runScan) and a scripted agent (FakeSearchAgent) on a virtual clock:
/// it stands for a Windows Update Agent whose search never completes, or completes only after WU Doctor let go of it.
class AgentScanner final : public UpdateScanner {
public:
    AgentScanner(AgentLog& log, std::function<void(FakeSearchAgent&)> script) : log_(log), script_(std::move(script)) {}
    ScanResult scan(const ScanOptions& options) override {
        VirtualClock clock;
        FakeSearchAgent agent(clock);
        agent.onWait = [this](Millis) {
            ++log_.waits;
            std::this_thread::sleep_for(2ms);  // a real agent takes real time between its answers
        };
        script_(agent);
        ScanResult r = runScan(agent, clock, options);
        std::lock_guard lock(log_.mutex);
        log_.calls = agent.calls;
        return r;
    }

private:
    AgentLog& log_;
    std::function<void(FakeSearchAgent&)> script_;
};

}  // namespace

TEST_CASE("Controller: Check for updates asks the scanner on the worker; Windows Update's answer goes to the verdict in "
          "the issue's words, is kept for the report and saved beside the log", "[ui][scan]") {
    Env env;
    FakeUpdateScanner* scanner = nullptr;
    std::set<std::thread::id> threads;
    env.configure = [&](ControllerOptions& o) {
        o.makeScanner = [&] {
            auto s = std::make_unique<FakeUpdateScanner>();
            s->result.outcome = ScanOutcome::Succeeded;
            s->result.resultCode = 2;
            s->result.updates = {{"2024-05 Cumulative Update", {"KB5037768"}, 650'000'000, RestartNeed::Always},
                                 {"Security Intelligence Update", {"KB2267602"}, 80'000'000, RestartNeed::Never},
                                 {"Servicing Stack Update", {"KB5037000"}, 10'000'000, RestartNeed::Never}};
            describeScan(s->result);
            s->during = [&](const ScanOptions&) { threads.insert(std::this_thread::get_id()); };
            scanner = s.get();
            return s;
        };
    };
    Controller& c = env.make(false);
    CHECK_FALSE(c.needsAdmin(Request::Scan));  // a standard user may ask Windows Update to search
    REQUIRE(c.checkForUpdates());
    env.finish();
    CHECK(threads.count(std::this_thread::get_id()) == 0);
    REQUIRE(c.scanAnswer());
    CHECK(c.operation().phase == OperationView::Phase::Idle);  // the answer is in the verdict area, not the panel
    const Verdict v = scanVerdict(c.scanAnswer()->result);
    CHECK(v.level == Verdict::Level::Good);
    CHECK(v.headline == "Windows Update works: 3 updates are waiting — open Windows Update to install them");
    CHECK(env.machine.fake.fileExists("C:\\WUD\\wudoctor-logs\\wudoctor-last-scan.json"));
    const std::string report = c.report();
    CHECK(contains(report, "Checking for updates"));
    CHECK(contains(report, "3 updates are waiting"));
    CHECK(env.platform.elevatedRuns.empty());
    c.dismissScanAnswer();
    CHECK_FALSE(c.scanAnswer());
}

TEST_CASE("Controller: a failed check for updates says 'still fails' with its code, linked to the finding that causes it",
          "[ui][scan]") {
    Env env;
    env.configure = [&](ControllerOptions& o) {
        o.makeScanner = [] {
            auto s = std::make_unique<FakeUpdateScanner>();
            s->result.outcome = ScanOutcome::Failed;
            s->result.error = 0x8024402C;
            describeScan(s->result);
            return s;
        };
    };
    Controller& c = env.make(true);
    REQUIRE(c.checkForUpdates());
    env.finish();
    REQUIRE(c.scanAnswer());
    const Verdict v = scanVerdict(c.scanAnswer()->result);
    CHECK(v.level == Verdict::Level::Problem);
    CHECK(contains(v.headline, "Windows Update still fails: 0x8024402C"));
    CHECK(contains(c.log().back().text, "still fails"));
}

TEST_CASE("Controller: a search that never completes ends at the window's time limit (RequestAbort, never CleanUp), and "
          "the window stays responsive meanwhile", "[ui][scan]") {
    Env env;
    AgentLog agent;
    env.configure = [&](ControllerOptions& o) {
        o.scanTimeout = 3s;  // virtual time: the agent's clock
        o.makeScanner = [&] {
            return std::make_unique<AgentScanner>(agent, [](FakeSearchAgent& a) { a.completesAfter.reset(); });  // never
        };
    };
    Controller& c = env.make(true);
    REQUIRE(c.checkForUpdates());
    const int queriesBefore = env.counting.queries;
    int pumps = 0;
    env.pumpUntil([&] {
        ++pumps;
        return c.operation().meter && agent.waits > 5;
    });
    CHECK(c.busy());
    CHECK(c.operation().meter->step == "Asking Windows Update to check for updates");
    env.finish();
    CHECK(pumps > 5);                              // the UI thread kept drawing frames
    CHECK(env.counting.queries > queriesBefore);   // and the cards stayed live
    REQUIRE(c.scanAnswer());
    CHECK(c.scanAnswer()->result.outcome == ScanOutcome::TimedOut);
    CHECK(c.scanAnswer()->result.abortRequested);
    CHECK(agent.count("abort") == 1);
    CHECK(agent.count("cleanup") == 0);
    CHECK(scanVerdict(c.scanAnswer()->result).headline == "Windows Update did not answer in time");
}

TEST_CASE("Controller: Cancel during a search, the callback coming only after WU Doctor let go: 'cancelled', and the "
          "window goes on (a new check runs)", "[ui][scan]") {
    Env env;
    AgentLog agent;
    env.configure = [&](ControllerOptions& o) {
        o.makeScanner = [&] {
            return std::make_unique<AgentScanner>(agent, [](FakeSearchAgent& a) {
                a.completesAfter.reset();
                a.abortCompletesAfter = 60s;  // after the 5 s grace: the callback comes once WU Doctor has let go
            });
        };
    };
    Controller& c = env.make(true);
    REQUIRE(c.checkForUpdates());
    env.pumpUntil([&] { return c.operation().meter && agent.waits > 2; });
    REQUIRE(c.cancelOperation());
    env.finish();
    REQUIRE(c.scanAnswer());
    const ScanResult& r = c.scanAnswer()->result;
    CHECK(r.outcome == ScanOutcome::Cancelled);
    CHECK_FALSE(r.jobFinished);
    CHECK(agent.count("abort") == 1);
    CHECK(agent.count("end") == 0);
    CHECK(agent.count("cleanup") == 0);
    CHECK(scanVerdict(r).headline == "Check for updates cancelled");
    REQUIRE(c.checkForUpdates());  // nothing is left hanging: the next check runs
    CHECK_FALSE(c.scanAnswer());   // the old answer goes as the new check starts
    const int waitsBefore = agent.waits;
    env.pumpUntil([&] { return c.operation().meter && agent.waits > waitsBefore + 1; });
    REQUIRE(c.cancelOperation());
    env.finish();
}

TEST_CASE("Controller: the result panel offers Check for updates now after Fix (not after Start), and the Windows "
          "Update card's check runs from any state", "[ui][scan]") {
    Env env;
    env.configure = [](ControllerOptions& o) {
        o.makeScanner = [] {
            auto s = std::make_unique<FakeUpdateScanner>();
            s->result.outcome = ScanOutcome::Succeeded;
            describeScan(s->result);
            return s;
        };
    };
    Controller& c = env.make(true);
    REQUIRE(c.start("BITS"));
    env.finish();
    CHECK_FALSE(c.operation().offersScan());
    REQUIRE(c.fix());
    env.finish();
    CHECK(c.operation().offersScan());
    REQUIRE(c.checkForUpdates());
    env.finish();
    REQUIRE(c.scanAnswer());
    CHECK(scanVerdict(c.scanAnswer()->result).headline == "Windows Update works: no updates are waiting");
}

TEST_CASE("Controller: the checks ask Automatic Updates' record, so the last-check finding shows in the window (40 days)",
          "[ui][scan][last-check]") {
    Env env;
    env.configure = [](ControllerOptions& o) {
        o.makeAutomaticUpdates = [] {
            auto a = std::make_unique<FakeAutomaticUpdates>();
            a->value = FakeAutomaticUpdates::daysAgo(std::chrono::system_clock::now(), 40, 41);
            return a;
        };
    };
    Controller& c = env.make(true);
    env.pumpUntil([&] { return c.checks().ran; });
    const Finding* f = findFinding(c.checks().findings, "last-check");
    REQUIRE(f != nullptr);
    CHECK(f->severity == Severity::Warning);
    REQUIRE(c.checks().automaticUpdates);
    CHECK(contains(c.report(), "40 days ago"));
}

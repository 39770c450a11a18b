// Many computers at once: core's runFleet (bounded, in order, a time limit per computer, Ctrl+C) and the CLI's
// runFleetCommand over it, with a fake SCM per computer. Wine answers only for this computer, whatever name
// --computer gives, so an unreachable computer (53 / 1722), one that refuses a filtered remote token (5), one shutting
// down (1115) and a remote SCM that hangs before it answers (~21 s until RPC tries named pipes) are shown here, each
// by the fake standing for what Windows' remote SCM does.
#include "wud/fleet.hpp"

#include "cli_fleet.hpp"
#include "cli_json_line.hpp"

#include "wud/error_text.hpp"
#include "wud/fake_service_manager.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>

using namespace wud;
using namespace std::chrono_literals;
using Catch::Matchers::Contains;
using nlohmann::json;

namespace {

std::vector<std::string> names(std::size_t n) {
    std::vector<std::string> hosts;
    for (std::size_t i = 0; i < n; ++i) hosts.push_back("PC-" + std::to_string(i));
    return hosts;
}

/// A gate a test opens when the state it waits for is reached (never a sleep to "let it happen").
class Gate {
public:
    void open() {
        // Notified under the lock: a waiter cannot return (and the test end its gate) before open() is done with it.
        std::lock_guard lock(mutex_);
        open_ = true;
        changed_.notify_all();
    }
    /// Waits until open; false after `limit` (a stuck test fails instead of hanging).
    bool wait(Millis limit = 20s) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, limit, [&] { return open_; });
    }

private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_ = false;
};

}  // namespace

TEST_CASE("Fleet: 50 computers with --parallel 8 are never more than 8 at once, and report in the order given", "[fleet]") {
    std::atomic<int> inFlight{0}, most{0}, ran{0};
    Gate eightIn;
    const auto hosts = names(50);
    std::vector<std::string> reported;
    FleetOptions options;
    options.parallel = 8;
    runFleet<std::string>(
        hosts, options,
        [&](const std::string& host, const CancelToken&) {
            const int now = ++inFlight;
            int seen = most.load();
            while (now > seen && !most.compare_exchange_weak(seen, now)) {}
            if (now == 8) eightIn.open();
            // The first eight hold on until all eight are in: the bound is reached, not only respected.
            if (ran.load() < 8) eightIn.wait();
            ++ran;
            --inFlight;
            return "done " + host;
        },
        [&](HostReport<std::string>&& r) {
            CHECK(r.end == HostEnd::Finished);
            REQUIRE(r.result);
            CHECK(*r.result == "done " + r.host);
            reported.push_back(r.host);
        });
    CHECK(most.load() == 8);
    CHECK(ran.load() == 50);
    CHECK(reported == hosts);
}

TEST_CASE("Fleet: a computer that finishes early waits for the ones before it to be reported", "[fleet]") {
    // PC-0 answers last (it waits for PC-3): reports still come as PC-0, PC-1, PC-2, PC-3.
    Gate lastDone;
    std::vector<std::string> reported;
    FleetOptions options;
    options.parallel = 4;
    runFleet<int>(
        names(4), options,
        [&](const std::string& host, const CancelToken&) {
            if (host == "PC-0") lastDone.wait();
            if (host == "PC-3") lastDone.open();
            return 0;
        },
        [&](HostReport<int>&& r) { reported.push_back(r.host); });
    CHECK(reported == names(4));
}

TEST_CASE("Fleet: a computer past its time limit is reported timed out and cancelled; the runner does not wait for it",
          "[fleet]") {
    // Stands for a remote SCM that holds OpenSCManager (no Win32 call can be cancelled meanwhile).
    Gate release, slowEnded;
    std::atomic<bool> sawCancel{false};
    std::vector<HostReport<int>> reports;
    FleetOptions options;
    options.parallel = 2;
    options.hostTimeLimit = 200ms;
    runFleet<int>(
        names(4), options,
        [&](const std::string& host, const CancelToken& cancel) {
            if (host == "PC-1") {
                release.wait();
                sawCancel = cancel.cancelled();
                slowEnded.open();
            }
            return 7;
        },
        [&](HostReport<int>&& r) { reports.push_back(std::move(r)); });
    REQUIRE(reports.size() == 4);
    CHECK(reports[1].end == HostEnd::TimedOut);
    CHECK_FALSE(reports[1].result);
    CHECK(reports[1].elapsed >= 200ms);
    for (const std::size_t i : {0u, 2u, 3u}) {
        CHECK(reports[i].end == HostEnd::Finished);
        CHECK(reports[i].result == 7);
    }
    release.open();  // Windows' call returns at last: the abandoned thread ends, with its token cancelled
    REQUIRE(slowEnded.wait());
    CHECK(sawCancel);
}

TEST_CASE("Fleet: Ctrl+C starts no further computer; the running ones are cancelled; the rest are reported not started",
          "[fleet]") {
    CancelToken ctrlC;
    std::mutex mutex;
    std::vector<std::string> started;
    std::vector<HostReport<bool>> reports;
    FleetOptions options;
    options.parallel = 2;
    options.stop = &ctrlC;
    // Both places are held until after the press: PC-1's user presses Ctrl+C, PC-0 waits for it; each then waits
    // for its own token, as an operation's wait stops on it.
    runFleet<bool>(
        names(10), options,
        [&](const std::string& host, const CancelToken& cancel) {
            {
                std::lock_guard lock(mutex);
                started.push_back(host);
            }
            if (host == "PC-1") ctrlC.cancel();
            while (!ctrlC.cancelled() || !cancel.cancelled()) std::this_thread::yield();
            return cancel.cancelled();
        },
        [&](HostReport<bool>&& r) { reports.push_back(std::move(r)); });
    REQUIRE(reports.size() == 10);
    CHECK(started.size() == 2);
    for (std::size_t i = 0; i < reports.size(); ++i) {
        INFO(reports[i].host);
        if (i < 2) {
            CHECK(reports[i].end == HostEnd::Finished);
            CHECK(reports[i].result == true);  // its token was set: its waits stop
        } else {
            CHECK(reports[i].end == HostEnd::NotStarted);
        }
    }
}

// ------------------------------------------------------------------------------------------ the CLI over it

namespace {

/// A computer as the fake stands for it: its SCM (UsoSvc and wuauserv running) or the error connecting gives.
struct FakeComputer {
    Win32Error connectError = 0;
    Win32Error stopError = 0;   ///< 5: the remote account's token is filtered (remote UAC): it may look, not act
    Gate* hangUntil = nullptr;  ///< connect blocks until this opens: a remote SCM that does not answer
};

cli::FleetEnv fleetEnv(std::map<std::string, FakeComputer> computers, std::vector<json>& lines) {
    cli::FleetEnv env;
    env.context = cli::RunContext{"1.2.3", "", "ADMIN-PC", OsVersion{10, 0, 19045}, true, "C:\\ProgramData\\WUDoctor\\logs\\wudoctor.log"};
    env.osBuild = 19045;
    env.connect = [computers](const std::string& host) {
        const FakeComputer c = computers.at(host);
        cli::HostConnection connection;
        if (c.hangUntil != nullptr) c.hangUntil->wait();
        if (c.connectError != 0) {
            connection.error = c.connectError;
            return connection;
        }
        auto clock = std::make_unique<VirtualClock>();
        auto scm = std::make_unique<FakeServiceManager>(*clock);
        scm->add("UsoSvc", ServiceState::Running, StartType::AutomaticDelayed).stopError = c.stopError;
        scm->add("wuauserv", ServiceState::Running).stopError = c.stopError;
        connection.clock = std::move(clock);
        connection.scm = std::move(scm);
        return connection;
    };
    env.onHost = [&lines](const json& doc) { lines.push_back(json::parse(cli::jsonLine(doc))); };
    return env;
}

cli::Command command(cli::Verb verb, std::vector<std::string> hosts) {
    cli::Command c;
    c.verb = verb;
    c.computers = std::move(hosts);
    return c;
}

}  // namespace

TEST_CASE("Fleet CLI: each computer gets its line, in order; unreachable, refused and shutting down are explained",
          "[fleet][cli]") {
    std::vector<json> lines;
    auto env = fleetEnv({{"PC-OK", {}},
                         {"PC-GONE", {kBadNetPath}},
                         {"PC-OFF", {kRpcServerUnavailable}},
                         {"PC-DENY", {kAccessDenied}},
                         {"PC-DOWN", {kShutdownInProgress}}},
                        lines);
    const std::vector<std::string> hosts{"PC-OK", "PC-GONE", "PC-OFF", "PC-DENY", "PC-DOWN"};
    const cli::Answer answer = cli::runFleetCommand(command(cli::Verb::Status, hosts), hosts, env);
    REQUIRE(lines.size() == 5);
    for (std::size_t i = 0; i < hosts.size(); ++i) CHECK(lines[i]["computer"] == hosts[i]);
    CHECK(lines[0]["verdict"] == "ok");
    CHECK(lines[0]["exit_code"] == 0);
    CHECK(lines[0]["services"][1]["state"] == "running");
    CHECK(lines[1]["verdict"] == "unreachable");
    CHECK(lines[1]["exit_code"] == 1);
    CHECK_THAT(lines[1]["message"].get<std::string>(), Contains("could not find that computer"));
    CHECK(lines[2]["verdict"] == "unreachable");
    CHECK_THAT(lines[2]["advice"].get<std::string>(), Contains("firewall"));
    CHECK(lines[3]["verdict"] == "access_denied");
    CHECK(lines[3]["exit_code"] == 3);
    CHECK_THAT(lines[3]["advice"].get<std::string>(), Contains("LocalAccountTokenFilterPolicy"));
    CHECK(lines[4]["verdict"] == "shutting_down");
    CHECK_THAT(lines[4]["message"].get<std::string>(), Contains("shutting down"));
    // The worst of them: rights missing there (3) outranks the failures (1).
    CHECK(answer.exit == cli::ExitCode::NeedsAdmin);
    CHECK(answer.doc["hosts"].size() == 5);
    CHECK(answer.doc["computers"] == 5);
    for (const std::string& host : hosts) CHECK_THAT(answer.text, Contains(host));
}

TEST_CASE("Fleet CLI: a restart refused on one computer (remote UAC) fails there only, with the note", "[fleet][cli]") {
    std::vector<json> lines;
    auto env = fleetEnv({{"PC-A", {}}, {"PC-B", {0, kAccessDenied}}}, lines);
    cli::Command c = command(cli::Verb::Restart, {"PC-A", "PC-B"});
    c.services = {"wuauserv"};
    const cli::Answer answer = cli::runFleetCommand(c, c.computers, env);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["exit_code"] == 0);
    CHECK(lines[0]["results"][0]["ok"] == true);
    CHECK(lines[1]["exit_code"] == 3);
    CHECK(lines[1]["results"][0]["error_code"] == 5);
    const json& hostB = answer.doc["hosts"][1];
    CHECK_THAT(hostB["results"][0]["advice"].get<std::string>(), Contains("LocalAccountTokenFilterPolicy"));
    CHECK(answer.exit == cli::ExitCode::NeedsAdmin);
}

TEST_CASE("Fleet CLI: a computer that does not answer within --host-timeout is timed out (4); the others are not held up",
          "[fleet][cli]") {
    static Gate never;  // outlives the test: the abandoned connect may still be leaving it
    std::vector<json> lines;
    auto env = fleetEnv({{"PC-A", {}}, {"PC-HANG", {0, 0, &never}}, {"PC-C", {}}}, lines);
    cli::Command c = command(cli::Verb::Status, {"PC-A", "PC-HANG", "PC-C"});
    c.hostTimeout = std::chrono::seconds{1};
    const cli::Answer answer = cli::runFleetCommand(c, c.computers, env);
    REQUIRE(lines.size() == 3);
    CHECK(lines[1]["verdict"] == "timed_out");
    CHECK(lines[1]["exit_code"] == 4);
    CHECK_THAT(lines[1]["message"].get<std::string>(), Contains("PC-HANG did not finish within 1 s"));
    CHECK(lines[2]["verdict"] == "ok");
    CHECK(answer.exit == cli::ExitCode::TimedOut);
    never.open();  // let the abandoned connect return before the test's objects go
}

TEST_CASE("Fleet CLI: Ctrl+C says which computers ran and which were not started", "[fleet][cli]") {
    CancelToken ctrlC;
    ctrlC.cancel();  // pressed before any computer's turn
    std::vector<json> lines;
    auto env = fleetEnv({{"PC-A", {}}, {"PC-B", {}}}, lines);
    env.stop = &ctrlC;
    const cli::Answer answer = cli::runFleetCommand(command(cli::Verb::Fix, {"PC-A", "PC-B"}), {"PC-A", "PC-B"}, env);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0]["verdict"] == "not_started");
    CHECK(answer.doc["stopped"] == true);
    CHECK(answer.doc["not_started"] == json::array({"PC-A", "PC-B"}));
    CHECK(answer.exit == cli::ExitCode::Failed);
    CHECK_THAT(answer.text, Contains("Stopped by Ctrl+C. Ran on: none. Not started: PC-A, PC-B."));
}

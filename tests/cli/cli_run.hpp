#pragma once
// One run of the wudoctor.com copy under test (WUD_CLI_EXE, set by e2e.sh), as the black-box CLI tests see it:
// its exit code, its output, the time it took, and its output as JSON. Windows only (the tests run under Wine).

#include "run_process.hpp"
#include "wine_helpers.hpp"  // env()

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace wud::test {

struct CliRun {
    int exit = -1;
    std::string out;
    std::string err;
    std::chrono::milliseconds elapsed{0};

    /// stdout as JSON; the test fails, quoting both streams, when it is not JSON.
    [[nodiscard]] nlohmann::json parsed() const {
        INFO("stdout: " << out << "\nstderr: " << err);
        nlohmann::json doc;
        REQUIRE_NOTHROW(doc = nlohmann::json::parse(out));
        return doc;
    }
};

/// Runs the CLI (WUD_CLI_EXE, or exe) with args; `environment` entries ("NAME=value") replace or add variables.
/// With `whileRunning`, the CLI gets a console of its own (as in a technician's window) and the callback runs on
/// its own thread while the CLI works. The test fails when the CLI cannot be started at all.
inline CliRun runCli(const std::vector<std::string>& args, std::vector<std::string> environment = {},
                     std::string exe = {}, std::function<void(const PROCESS_INFORMATION&)> whileRunning = {}) {
    if (exe.empty()) exe = env("WUD_CLI_EXE");
    const ProcessRun process = runProcess(exe, args, {std::move(environment), std::move(whileRunning)});
    INFO("CreateProcess " << exe << " error " << process.error);
    REQUIRE(process.started);
    return CliRun{process.exit, process.out, process.err, process.elapsed};
}

/// Presses Ctrl+C in the console of `process` (a runCli with whileRunning gives it one), as a user at that console
/// would. The test process, attached to that console for the moment, swallows the event in a handler of its own —
/// not with SetConsoleCtrlHandler(NULL, TRUE): that "ignore Ctrl+C" flag is inherited by child processes, so every
/// CLI started afterwards would ignore Ctrl+C too (a second Ctrl+C test in one run failed that way).
inline bool pressCtrlC(const PROCESS_INFORMATION& process) {
    static const bool swallowing = ::SetConsoleCtrlHandler([](DWORD type) -> BOOL { return type == CTRL_C_EVENT; }, TRUE);
    (void)swallowing;
    ::FreeConsole();
    if (!::AttachConsole(process.dwProcessId)) return false;
    const bool sent = ::GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) != 0;
    ::FreeConsole();
    return sent;
}

/// "exit N", then stdout and stderr: what a failed check quotes.
inline std::string describe(const CliRun& run) {
    return "exit " + std::to_string(run.exit) + "\n--- stdout\n" + run.out + "--- stderr\n" + run.err;
}

}  // namespace wud::test

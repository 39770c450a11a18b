#pragma once
// One run of the wudoctor.com copy under test (WUD_CLI_EXE, set by e2e.sh), as the black-box CLI tests see it:
// its exit code, its output, the time it took, and its output as JSON. Windows only (the tests run under Wine).

#include "run_process.hpp"
#include "wine_helpers.hpp"  // env()

#include "wud/text.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace wud::test {

/// The test process's own view of the prefix, one each: the real registry and files, the real SCM.
inline MachineAccess& machine() {
    static const std::unique_ptr<MachineAccess> instance = makeWin32MachineAccess();
    return *instance;
}
inline Win32ServiceManager& scm() {
    static Win32ServiceManager instance;
    return instance;
}
/// The prefix's System32 (C:\windows\system32).
inline std::string system32() {
    wchar_t buffer[MAX_PATH];
    const UINT n = ::GetSystemDirectoryW(buffer, MAX_PATH);
    return narrow(std::wstring_view(buffer, n));
}
/// The undo journal of the CLI copy under test (WUD_CLI_EXE): in the wudoctor-logs folder beside it.
inline std::string journalFile() {
    const std::string exe = env("WUD_CLI_EXE");
    return exe.substr(0, exe.find_last_of('\\')) + "\\wudoctor-logs\\wudoctor-journal.json";
}

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

namespace detail {
/// This test process's answer to the Ctrl+C it sends into a CLI's console: handled, so it carries on.
inline BOOL WINAPI swallowCtrlC(DWORD type) { return type == CTRL_C_EVENT ? TRUE : FALSE; }
}  // namespace detail

/// Presses Ctrl+C in the console of `process` (a runCli with `whileRunning` gives the CLI one), as a user at that
/// console would. This test process swallows its own copy of the event with a handler, not with
/// SetConsoleCtrlHandler(nullptr, TRUE): that "ignore Ctrl+C" flag is inherited, and every CLI started afterwards
/// would ignore the next Ctrl+C.
inline bool pressCtrlC(const PROCESS_INFORMATION& process) {
    ::FreeConsole();
    if (!::AttachConsole(process.dwProcessId)) return false;
    ::SetConsoleCtrlHandler(detail::swallowCtrlC, TRUE);  // once is enough; adding it again is harmless
    const bool sent = ::GenerateConsoleCtrlEvent(CTRL_C_EVENT, 0) != 0;
    ::FreeConsole();
    return sent;
}

/// "exit N", then stdout and stderr: what a failed check quotes.
inline std::string describe(const CliRun& run) {
    return "exit " + std::to_string(run.exit) + "\n--- stdout\n" + run.out + "--- stderr\n" + run.err;
}

}  // namespace wud::test

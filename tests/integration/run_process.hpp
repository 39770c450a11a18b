#pragma once
// Runs a program the way a script would, for the black-box tests of wudoctor.com (CLI e2e, checks e2e, the
// argument fuzzer): CreateProcessW with stdout and stderr through pipes (so the program sees redirected handles and
// writes UTF-8), optional environment changes, an optional console of its own, and a callback while it runs.
// Windows only (the tests run under Wine).

#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/win32/handle.hpp"

#include <algorithm>
#include <chrono>
#include <cwchar>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace wud::test {

struct ProcessRun {
    bool started = false;  ///< CreateProcess worked
    unsigned long error = 0;  ///< GetLastError() when it did not
    int exit = -1;         ///< the exit code; -1 when it did not end within the limit (it was then ended)
    std::string out;
    std::string err;
    std::chrono::milliseconds elapsed{0};
};

struct ProcessOptions {
    std::vector<std::string> environment;  ///< "NAME=value" entries that replace or add variables
    /// Runs on its own thread while the program works, given the process; the program then gets a console of its
    /// own (as in a technician's window), so console control events can reach it.
    std::function<void(const PROCESS_INFORMATION&)> whileRunning;
    std::chrono::milliseconds limit{120'000};
};

namespace detail {

/// Reads what is waiting in a pipe without blocking; false once every writer has closed it.
inline bool readAvailable(HANDLE pipe, std::string& text) {
    DWORD available = 0;
    if (!::PeekNamedPipe(pipe, nullptr, 0, nullptr, &available, nullptr)) return false;
    while (available > 0) {
        char buffer[4096];
        DWORD got = 0;
        if (!::ReadFile(pipe, buffer, std::min<DWORD>(available, sizeof buffer), &got, nullptr) || got == 0) return false;
        text.append(buffer, got);
        available -= got;
    }
    return true;
}

inline std::wstring environmentBlock(const std::vector<std::string>& changes) {
    std::vector<std::wstring> vars;
    const wchar_t* current = ::GetEnvironmentStringsW();
    for (const wchar_t* p = current; *p != 0; p += std::wcslen(p) + 1) vars.emplace_back(p);
    ::FreeEnvironmentStringsW(const_cast<wchar_t*>(current));
    for (const std::string& item : changes) {
        const std::wstring wide = widen(item);
        const std::wstring key = wide.substr(0, wide.find(L'=') + 1);
        std::erase_if(vars, [&](const std::wstring& v) { return _wcsnicmp(v.c_str(), key.c_str(), key.size()) == 0; });
        vars.push_back(wide);
    }
    std::wstring block;
    for (const auto& v : vars) block += v + L'\0';
    return block + L'\0';
}

}  // namespace detail

/// Runs `exe` with `args` (quoted as the app quotes its own relaunch) and collects its output until it exits — not
/// until the pipes close: a process it starts can inherit them and outlive it (under Wine, a shell launch may start
/// the desktop process, explorer.exe, which then holds them for as long as it runs).
inline ProcessRun runProcess(const std::string& exe, const std::vector<std::string>& args,
                             const ProcessOptions& options = {}) {
    std::vector<std::string> all{exe};
    all.insert(all.end(), args.begin(), args.end());
    std::wstring commandLine = widen(joinCommandLine(all));
    std::wstring block = detail::environmentBlock(options.environment);

    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    HANDLE outRead = nullptr, outWrite = nullptr, errRead = nullptr, errWrite = nullptr;
    ProcessRun run;
    if (!::CreatePipe(&outRead, &outWrite, &inherit, 0)) {
        run.error = ::GetLastError();
        return run;
    }
    if (!::CreatePipe(&errRead, &errWrite, &inherit, 0)) {
        run.error = ::GetLastError();
        ::CloseHandle(outRead);
        ::CloseHandle(outWrite);
        return run;
    }
    const UniqueHandle out(outRead), err(errRead);
    ::SetHandleInformation(outRead, HANDLE_FLAG_INHERIT, 0);
    ::SetHandleInformation(errRead, HANDLE_FLAG_INHERIT, 0);
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    startup.dwFlags = STARTF_USESTDHANDLES;
    startup.hStdOutput = outWrite;
    startup.hStdError = errWrite;
    PROCESS_INFORMATION process{};
    const DWORD console = options.whileRunning ? CREATE_NEW_CONSOLE : CREATE_NO_WINDOW;
    const auto begin = std::chrono::steady_clock::now();
    // Wine 8 now and then fails a CreateProcess with ERROR_INTERNAL_ERROR (1359) when the machine is loaded (seen
    // about once in 8 runs of cli_e2e_json beside another test run); the same call then works. A Wine artefact,
    // not the program's: retried a few times, any other error fails at once.
    for (int attempt = 0; attempt < 3; ++attempt) {
        run.started = ::CreateProcessW(nullptr, commandLine.data(), nullptr, nullptr, TRUE,
                                       CREATE_UNICODE_ENVIRONMENT | console, block.data(), nullptr, &startup,
                                       &process) != 0;
        if (run.started) break;
        run.error = ::GetLastError();
        if (run.error != ERROR_INTERNAL_ERROR) break;
    }
    ::CloseHandle(outWrite);
    ::CloseHandle(errWrite);
    if (!run.started) return run;
    const UniqueHandle processHandle(process.hProcess), thread(process.hThread);

    std::thread actor;
    if (options.whileRunning) actor = std::thread([&] { options.whileRunning(process); });
    const auto deadline = begin + options.limit;
    for (;;) {
        const bool exited = ::WaitForSingleObject(process.hProcess, 5) == WAIT_OBJECT_0;
        // After the exit every byte the program wrote is already in the pipes: this last pass gets all of it.
        const bool outOpen = detail::readAvailable(outRead, run.out);
        const bool errOpen = detail::readAvailable(errRead, run.err);
        if (exited || (!outOpen && !errOpen)) break;
        if (std::chrono::steady_clock::now() > deadline) {
            ::TerminateProcess(process.hProcess, 99);
            break;
        }
    }
    if (actor.joinable()) actor.join();
    const bool ended = ::WaitForSingleObject(process.hProcess, 10'000) == WAIT_OBJECT_0;
    run.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - begin);
    DWORD code = 0;
    if (ended && ::GetExitCodeProcess(process.hProcess, &code) && std::chrono::steady_clock::now() <= deadline)
        run.exit = static_cast<int>(code);
    return run;
}

}  // namespace wud::test

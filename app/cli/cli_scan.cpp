#include "cli_scan.hpp"

#include "cli_output.hpp"
#include "wud/write_places.hpp"
#include "wud/clock.hpp"
#include "wud/log.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <spdlog/logger.h>

#include <windows.h>

#include <algorithm>


namespace wud::cli {
namespace {

using nlohmann::json;

// Ctrl+C / Ctrl+Break: the scan asks the agent to stop its search and reports where it was left.
CancelToken g_scanCancel;

BOOL WINAPI onConsoleControl(DWORD type) {
    if (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT) {
        g_scanCancel.cancel();
        return TRUE;
    }
    return FALSE;
}

std::string computerName() {
    wchar_t buffer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = static_cast<DWORD>(std::size(buffer));
    return GetComputerNameW(buffer, &size) ? narrow(std::wstring_view(buffer, size)) : std::string();
}

std::string minutesText(std::chrono::seconds s) {
    return s.count() % 60 == 0 ? std::to_string(s.count() / 60) + " min" : std::to_string(s.count()) + " s";
}

}  // namespace

int runScanCommand(Console& console, const ScanCommand& command, const std::string& exeDir,
                   const std::string& commandLineForLog) {
    const log::Setup setup = openLog(exeDir);
    if (!setup.warning.empty()) console.err("wudoctor: warning: " + setup.warning + "\n");
    log::get().info("{} (version {})", commandLineForLog, WUD_VERSION);
    ::SetConsoleCtrlHandler(onConsoleControl, TRUE);

    RunContext context;
    context.appVersion = WUD_VERSION;
    context.localComputerName = computerName();
    context.os = osVersion();
    context.elevated = isElevated();

    ScanOptions options;
    options.timeout = command.timeout;
    options.cancel = &g_scanCancel;
    const bool progress = !command.json && console.errIsConsole();
    if (progress) {
        console.err("Checking for updates through Windows Update (up to " + minutesText(command.timeout) +
                    "; Ctrl+C cancels)...\n");
        options.progress = [&console, last = ScanProgress::Phase::Searching](const ScanProgress& p) mutable {
            if (p.phase == last) return;
            last = p.phase;
            if (p.phase == ScanProgress::Phase::Stopping)
                console.err(g_scanCancel.cancelled() ? "Cancelling: asking Windows Update to stop...\n"
                                                     : "No answer in time: asking Windows Update to stop...\n");
        };
    }
    log::get().info("scan criteria=\"{}\" timeout_s={}", kScanCriteria, std::to_string(command.timeout.count()));
    ScanResult result = makeWindowsUpdateScanner()->scan(options);

    // A search that did not answer (or answered with warnings): the checks may show why.
    Win32MachineAccess machine;
    if (!answered(result) || !result.warnings.empty()) {
        Win32ServiceManager scm("");
        CheckContext checks{machine, scm, context.os->build};
        linkCauses(result, runChecks(checks));
    }
    if (result.outcome == ScanOutcome::TimedOut)
        result.nextStep += " Run: wudoctor scan --timeout " +
                           std::to_string(std::min<long long>(command.timeout.count() * 2, kMaxTimeout.count())) + ".";
    log::get().info("scan result {}", scanLogLine(result));
    for (const FoundUpdate& u : result.updates) log::get().info("scan update {}", u.title);

    // Kept beside the log for `report` (and the window); a log folder that cannot be written only loses that.
    const LastScan record{result, std::chrono::system_clock::now(), localTimeText()};
    const Win32Error saved = saveLastScan(machine, log::current().folder, record);
    const std::string recordPath =
        log::current().folder.empty() ? std::string() : log::current().folder + "\\" + std::string(kLastScanFileName);
    if (saved != 0) log::get().warn("scan could not record the result in {}: error {}", recordPath, std::to_string(saved));

    const ExitCode exit = scanExitCode(result, context.elevated);
    if (command.json) {
        json d = envelope(context, Verb::Status, exit);
        d["command"] = "scan";
        d["scan"] = scanJson(result);
        d["last_scan_file"] = saved == 0 ? json(recordPath) : json(nullptr);
        console.out(d.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
    } else {
        console.out(scanText(result));
    }
    log::get().info("result command=scan exit_code={}", static_cast<int>(exit));
    log::shutdown();
    return static_cast<int>(exit);
}

}  // namespace wud::cli

#include "cli_scan.hpp"

#include "wud/log.hpp"
#include "wud/system.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <spdlog/logger.h>

#include <algorithm>

namespace wud::cli {
namespace {

std::string minutesText(std::chrono::seconds s) {
    return s.count() % 60 == 0 ? std::to_string(s.count() / 60) + " min" : std::to_string(s.count()) + " s";
}

}  // namespace

Answer runScanCommand(Session& session, const ScanCommand& command) {
    CancelToken& cancel = session.cancel();
    ScanOptions options;
    options.timeout = command.timeout;
    options.cancel = &cancel;
    session.progress("Checking for updates through Windows Update (up to " + minutesText(command.timeout) +
                     "; Ctrl+C cancels)...\n");
    options.progress = [&session, &cancel, last = ScanProgress::Phase::Searching](const ScanProgress& p) mutable {
        if (p.phase == last) return;
        last = p.phase;
        if (p.phase == ScanProgress::Phase::Stopping)
            session.progress(cancel.cancelled() ? "Cancelling: asking Windows Update to stop...\n"
                                                : "No answer in time: asking Windows Update to stop...\n");
    };
    log::get().info("scan criteria=\"{}\" timeout_s={}", kScanCriteria, std::to_string(command.timeout.count()));
    ScanResult result = softenForRemoteLogon(makeWindowsUpdateScanner()->scan(options), networkLogon());

    // A search that did not answer (or answered with warnings): the checks may show why.
    const auto machine = makeWin32MachineAccess();
    if (!answered(result) || !result.warnings.empty()) {
        Win32ServiceManager scm("");
        CheckContext checks{*machine, scm, session.context().os ? session.context().os->build : 0};
        linkCauses(result, runChecks(checks));
    }
    if (result.outcome == ScanOutcome::TimedOut)
        result.nextStep += " Run: wudoctor scan --timeout " +
                           std::to_string(std::min<long long>(command.timeout.count() * 2, kMaxTimeout.count())) + ".";
    log::get().info("scan result {}", scanLogLine(result));
    for (const FoundUpdate& u : result.updates) log::get().info("scan update {}", u.title);

    // Kept beside the log for `report` (and the window); a log folder that cannot be written only loses that.
    const LastScan record{result, std::chrono::system_clock::now(), localTimeText()};
    const Win32Error saved = saveLastScan(*machine, log::current().folder, record);
    const std::string recordPath =
        log::current().folder.empty() ? std::string() : log::current().folder + "\\" + std::string(kLastScanFileName);
    if (saved != 0) log::get().warn("scan could not record the result in {}: error {}", recordPath, std::to_string(saved));
    return scanAnswer(session.context(), result, saved == 0 ? recordPath : std::string());
}

}  // namespace wud::cli

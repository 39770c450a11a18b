// The window's long jobs, each with a meter (step, percentage, elapsed time, Cancel): repairing Windows' own files (DISM,
// then SFC: wud/system_repair.hpp) and checking for updates (wud/update_scan.hpp). Each runs on a thread of its own
// while the worker keeps the cards live; the meter reaches the window once a second (and at once for a new step), so a
// DISM that reports every tenth of a percent costs no more frames than that.
#include "ui/controller.hpp"
#include "ui/controller_meter.hpp"

#include "cli_exit.hpp"

#include "wud/log.hpp"
#include "wud/repair_channel.hpp"

#include <spdlog/logger.h>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace wud::ui {
namespace {

std::string_view scanStepText(ScanProgress::Phase phase) {
    switch (phase) {
        case ScanProgress::Phase::Searching: return "Asking Windows Update to check for updates";
        case ScanProgress::Phase::Stopping: return "Asking Windows Update to stop checking";
        case ScanProgress::Phase::Reading: return "Reading Windows Update's answer";
    }
    return "Checking for updates";
}

}  // namespace

cli::RepairSystemCommand elevatedRepairSystemCommand() {
    cli::RepairSystemCommand command;
    command.progressPipe = true;
    return command;
}

bool Controller::repairSystem() {
    return submit({Request::RepairSystem, "Windows' own files"}, titleFor(Request::RepairSystem, {}, {}, false));
}

bool Controller::checkForUpdates() {
    if (!canScan()) return false;
    return submit({Request::Scan, "Windows Update"}, titleFor(Request::Scan, {}, {}, false));
}

bool Controller::cancelOperation() {
    if (!busy_ || !operation_.meter || !operation_.meter->cancellable || !jobCancel_) return false;
    jobCancel_->cancel();
    operation_.meter->cancelAsked = true;
    operation_.meter->cancellable = false;
    note(LogLine::Kind::Info, "Cancel asked: " + operation_.title + ".");
    log::get().info("cancel asked by the user: {}", operation_.title);
    return true;
}

void Controller::alongside(const std::function<void()>& work, const std::function<void()>& tick,
                           const std::function<void()>& onClose) {
    std::mutex mutex;
    std::condition_variable changed;
    bool done = false;
    std::jthread runner([&] {
        work();
        std::lock_guard lock(mutex);
        done = true;
        changed.notify_all();
    });
    bool closing = false;
    // The cards stay live at the idle rate (a half-hour repair is no reason to ask the SCM five times a second).
    auto lastPoll = std::chrono::steady_clock::now();
    std::uint32_t polls = 0;
    std::unique_lock lock(mutex);
    while (!done) {
        changed.wait_for(lock, options_.busyPoll, [&] { return done; });
        if (done) break;
        lock.unlock();
        if (!closing && stopping_) {
            closing = true;
            if (onClose) onClose();
        }
        if (const auto now = std::chrono::steady_clock::now(); now - lastPoll >= options_.idlePoll) {
            lastPoll = now;
            poll(/*force=*/false, /*all=*/++polls % 3 == 0);
        }
        if (tick) tick();
        lock.lock();
    }
}  // joins the runner (it has finished)

Controller::JobOutcome Controller::runSystemRepairHere(const Job& job) {
    JobOutcome outcome;
    std::unique_ptr<DismApi> dism = options_.makeDism ? options_.makeDism() : nullptr;
    std::unique_ptr<SfcHost> sfc = options_.makeSfc ? options_.makeSfc() : nullptr;
    if (!dism || !sfc) {
        outcome.message = "Repairing Windows' own files is not available in this window.";
        outcome.advice = "Run wudoctor repair-system from an elevated Command Prompt.";
        return outcome;
    }
    SystemRepairEnv env{*dism, *sfc, machine_, scm_, clock_, elevated_, os_.build};
    MeterFeed feed(*this, *job.cancel);
    SystemRepairRequest request;
    request.cancel = job.cancel.get();
    request.progress = [&feed](const RepairProgress& p) { feed.repair(p); };
    SystemRepairResult result;
    alongside([&] { result = runSystemRepair(env, request); }, [&] { feed.tick(); }, [&] { job.cancel->cancel(); });
    return systemRepairOutcome(std::move(result), 0);
}

Controller::JobOutcome Controller::systemRepairOutcome(std::optional<SystemRepairResult> result, std::uint32_t exitCode) {
    JobOutcome outcome;
    if (result) {
        log::get().info("repair-system result verdict={} dism={} sfc={} files={}", toId(result->verdict),
                        toId(result->dism.outcome), toId(result->sfc.outcome), result->sfc.files.size());
        for (const SfcFile& f : result->sfc.files)
            log::get().info("repair-system file {} {}", toId(f.result), f.path.empty() ? f.name : f.path);
        outcome.ok = result->ok();
        outcome.message = result->text.message;
        outcome.advice = result->text.advice;
        outcome.details = systemRepairLines(*result);
        outcome.systemRepair = std::move(result);
        return outcome;
    }
    // The elevated copy's details did not reach the window (no channel): its exit code, the CLI's contract, says this.
    log::get().warn("repair-system: no result from the elevated copy's channel; exit code {}", exitCode);
    switch (static_cast<cli::ExitCode>(exitCode)) {
        case cli::ExitCode::Ok:
            outcome.ok = true;
            outcome.message = "Windows' own files are healthy, or were repaired.";
            outcome.advice = "The details are in the log of the elevated copy (Copy report says where the log is).";
            break;
        case cli::ExitCode::Refused:
            outcome.message = "Not started: a restart is pending. Nothing was changed.";
            outcome.advice = "Restart the computer (Start > Power > Restart), then run the repair again.";
            break;
        case cli::ExitCode::NeedsAdmin:
            outcome.message = "Repairing Windows' own files needs administrator rights: nothing was done.";
            outcome.advice = "Press the button again and choose Yes when Windows asks.";
            break;
        default:
            outcome.message = "The repair of Windows' own files did not end well (exit code " + std::to_string(exitCode) +
                              "), and its details did not reach this window.";
            outcome.advice = "The log of the elevated copy has them (Copy report says where the log is). Restart the "
                             "computer and run the repair again.";
            break;
    }
    return outcome;
}

Controller::JobOutcome Controller::runScanHere(const Job& job) {
    JobOutcome outcome;
    MeterFeed feed(*this, *job.cancel);
    ScanOptions options;
    options.timeout = options_.scanTimeout;
    options.cancel = job.cancel.get();
    options.progress = [&feed](const ScanProgress& p) { feed.step(scanStepText(p.phase)); };
    feed.step(scanStepText(ScanProgress::Phase::Searching));
    log::get().info("scan criteria=\"{}\" timeout_s={} (window)", kScanCriteria, options.timeout.count());
    ScanResult result;
    alongside(
        [&] {
            const std::unique_ptr<UpdateScanner> scanner = options_.makeScanner();
            result = scanner->scan(options);
        },
        [&] { feed.tick(); }, [&] { job.cancel->cancel(); });
    // A search that did not answer (or answered with warnings): the checks may show why (as `wudoctor scan`).
    if (!answered(result) || !result.warnings.empty()) {
        CheckContext context{machine_, scm_, os_.build};
        std::vector<std::string> couldNotCheck;
        linkCauses(result, runChecks(context, couldNotCheck));
    }
    log::get().info("scan result {}", scanLogLine(result));
    for (const FoundUpdate& u : result.updates) log::get().info("scan update {}", u.title);
    const LastScan record{result, std::chrono::system_clock::now(), localTimeText()};
    const std::string folder = platform_.logFolder();
    if (const Win32Error saved = folder.empty() ? 0 : saveLastScan(machine_, folder, record); saved != 0)
        log::get().warn("scan could not record the result in {}: error {}", folder, saved);
    outcome.ok = answered(result);
    outcome.message = result.message;
    outcome.advice = result.nextStep;
    outcome.scan = std::move(result);
    return outcome;
}

}  // namespace wud::ui

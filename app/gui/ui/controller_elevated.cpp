// The window's actions that need administrator rights: the elevated copy of WU Doctor runs the same command the CLI
// would (one command type, one toArgs), and its exit code — the CLI's contract — becomes the window's result in the
// window's words. The builders are pure, so the tests parse what the elevated copy gets back with the CLI's parser.
#include "ui/controller.hpp"
#include "ui/controller_meter.hpp"

#include "cli_command.hpp"
#include "cli_exit.hpp"

#include "wud/error_text.hpp"
#include "wud/log.hpp"
#include "wud/repair_channel.hpp"

#include <spdlog/logger.h>

#include <atomic>
#include <chrono>

#include <condition_variable>
#include <mutex>
#include <thread>

namespace wud::ui {
namespace {

/// The condition behind a failing exit code of the elevated copy (`wudoctor <command>`, the CLI's contract),
/// so the window words it like any other error. Plain failures (1) carry no more than that they failed.
std::optional<Win32Error> conditionOf(cli::ExitCode code) noexcept {
    switch (code) {
        case cli::ExitCode::TimedOut: return kErrTimeout;
        case cli::ExitCode::NotInstalled: return kErrNotInstalled;
        case cli::ExitCode::NeedsAdmin: return kAccessDenied;
        default: return std::nullopt;
    }
}

std::string friendly(std::string_view service) { return std::string(friendlyNameOf(service)); }

Action actionOf(Request request) {
    switch (request) {
        case Request::Start: return Action::Start;
        case Request::Restart: return Action::Restart;
        case Request::Fix: return Action::Fix;
        case Request::SetStartType: return Action::SetStartType;
        case Request::Repair:
        case Request::UndoRepair:
        case Request::ResetCache:
        case Request::RepairSystem:
        case Request::Scan: break;  // not service actions: the journal, the findings and their panels tell about them
    }
    return Action::Start;
}

}  // namespace

cli::Command elevatedCommandFor(Request request, std::string_view service, StartType type, StartType winDefault) {
    cli::Command command;
    switch (request) {
        case Request::Start: command.verb = cli::Verb::Start; break;
        case Request::Restart: command.verb = cli::Verb::Restart; break;
        case Request::Fix: command.verb = cli::Verb::Fix; return command;
        case Request::SetStartType:
            // Windows' default goes through repair-start-type, which knows the default of this Windows build.
            command.verb = type == winDefault ? cli::Verb::RepairStartType : cli::Verb::SetStartType;
            // A trigger-start service is set as Manual: Windows keeps its triggers (Operations::setStartType).
            if (command.verb == cli::Verb::SetStartType)
                command.startType = type == StartType::ManualTrigger ? StartType::Manual : type;
            break;
        case Request::Repair:
        case Request::UndoRepair:
        case Request::ResetCache: break;  // RepairsCommand: elevatedRepairCommand / elevatedUndoCommand / ...
        case Request::RepairSystem:
        case Request::Scan: break;        // RepairSystemCommand: elevatedRepairSystemCommand; a scan needs no rights
    }
    command.services = {std::string(service)};
    return command;
}

cli::RepairsCommand elevatedRepairCommand(const std::vector<std::string>& findingIds) {
    cli::RepairsCommand command;
    command.kind = cli::RepairsCommand::Kind::Repair;
    command.findings = findingIds;
    command.all = findingIds.empty();
    return command;
}

cli::RepairsCommand elevatedUndoCommand(int entry) {
    cli::RepairsCommand command;
    command.kind = cli::RepairsCommand::Kind::Undo;
    if (entry > 0) command.entries = {entry};
    else command.last = true;
    return command;
}

cli::RepairsCommand elevatedResetCacheCommand() {
    cli::RepairsCommand command;
    command.kind = cli::RepairsCommand::Kind::ResetCache;
    return command;
}

Controller::JobOutcome Controller::runElevated(const Job& job) {  // alongside() watches for the window closing
    const StartType winDefault = windowsDefaultFor(job.service);
    const std::vector<std::string> args =
        job.request == Request::Repair       ? cli::toArgs(elevatedRepairCommand(job.findings))
        : job.request == Request::UndoRepair ? cli::toArgs(elevatedUndoCommand(job.entry))
        : job.request == Request::ResetCache ? cli::toArgs(elevatedResetCacheCommand())
        : job.request == Request::RepairSystem ? cli::toArgs(elevatedRepairSystemCommand())
                                             : cli::toArgs(elevatedCommandFor(job.request, job.service, job.type, winDefault));
    const ServiceRow* before = lastPosted_.find(job.service);
    const StartType oldType = before != nullptr ? before->snapshot.startType : StartType::Unknown;
    post([this] {
        operation_.phase = OperationView::Phase::WaitingForAdmin;
        operation_.steps.push_back({StepLine::Status::Active, "Asking Windows for administrator rights…"});
    });

    // The elevated copy runs on its own; this thread keeps polling so the cards stay live meanwhile. A repair of
    // Windows' files serves its progress and result on a pipe it creates (repair_channel_pipe.hpp): read here as data,
    // and its cancel event set on Cancel — nothing else goes to it.
    LaunchResult launched;
    std::uint32_t exitCode = 0;
    std::atomic<std::uint32_t> copyPid{0};
    const bool live = job.request == Request::RepairSystem;
    std::unique_ptr<ElevatedChannel> channel;
    RepairChannelReader reader;
    std::optional<SystemRepairResult> received;
    MeterFeed feed(*this, *job.cancel);
    bool cancelSent = false, closed = false;
    const auto readChannel = [&] {
        if (!live || closed) return;
        if (!channel && copyPid != 0) {
            channel = platform_.connectElevated(copyPid);
            if (channel) log::get().info("repair-system: reading the elevated copy's progress (pid {})", copyPid.load());
        }
        if (!channel) return;
        for (RepairChannelEvent& event : reader.feed(channel->read(closed))) {
            if (event.progress) feed.repair(*event.progress);
            if (event.result) received = std::move(event.result);
        }
        if (job.cancel->cancelled() && !cancelSent) {
            cancelSent = true;
            if (!channel->cancel()) log::get().warn("repair-system: the elevated copy's cancel event could not be set");
        }
    };
    alongside(
        [&] {
            launched = platform_.runElevated(args, exitCode, [&](std::uint32_t pid) { copyPid = pid; });
        },
        [&] {
            readChannel();
            if (live) feed.tick();
        },
        [&] { job.cancel->cancel(); });
    // What the copy wrote before it exited is still in the pipe: read it to the end (bounded).
    for (int i = 0; live && !closed && (channel || copyPid != 0) && i < 40; ++i) {
        readChannel();
        if (!closed) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (live && reader.dropped() > 0)
        log::get().warn("repair-system: {} line(s) from the elevated copy were not understood and were ignored",
                        reader.dropped());

    JobOutcome outcome;
    const bool checksJob = job.request == Request::Repair || job.request == Request::UndoRepair ||
                           job.request == Request::ResetCache || live;
    const std::string name = job.request == Request::Fix ? std::string("Windows Update")
                             : checksJob                  ? job.service
                                                          : friendly(job.service);
    ActionResult summary;
    summary.service = job.request == Request::Fix ? std::string("UsoSvc, wuauserv") : job.service;
    summary.action = actionOf(job.request);
    if (launched.declined) {
        outcome.declined = true;
        const ErrorText text = describeError(kCancelledByUser);
        outcome.message = text.message;
        outcome.advice = text.advice;
        summary.error = kCancelledByUser;
    } else if (!launched.ok) {
        const ErrorText text = describeError(launched.error);
        outcome.message = "WU Doctor could not ask for administrator rights. " + text.message;
        outcome.advice = text.advice;
        summary.error = launched.error;
    } else {
        post([this] {
            if (!operation_.steps.empty()) operation_.steps.back().status = StepLine::Status::Done;
            operation_.phase = OperationView::Phase::Running;
        });
        ErrorContext context{.service = job.service, .friendlyName = name};
        const auto code = static_cast<cli::ExitCode>(exitCode);
        if (live) return systemRepairOutcome(std::move(received), exitCode);
        if (code == cli::ExitCode::Ok) {
            outcome.ok = true;
            switch (job.request) {
                case Request::Start: outcome.message = name + " started."; break;
                case Request::Restart: outcome.message = name + " restarted."; break;
                case Request::Fix: outcome.message = "Done: Update Orchestrator and Windows Update were restarted."; break;
                case Request::SetStartType:
                    outcome.message = name + " is now set to " + std::string(toString(job.type)) + ".";
                    break;
                case Request::Repair: outcome.message = "Repaired: " + name + ". Undo below puts back what was there."; break;
                case Request::UndoRepair: outcome.message = "Put back what the repair changed: " + name + "."; break;
                case Request::ResetCache:
                    outcome.message = "Reset the Windows Update cache: the old one is kept aside, nothing was deleted. "
                                      "Undo below puts it back.";
                    break;
                case Request::RepairSystem:
                case Request::Scan: break;  // above: their own words
            }
        } else if (job.request == Request::ResetCache && code == cli::ExitCode::Refused) {
            // `reset-cache` exit 7: the elevated copy found a restart pending (it looks again before it acts).
            outcome.message = "Not reset: a restart is pending. Nothing was changed.";
            outcome.advice = "Restart the computer (Start > Power > Restart), then reset the cache.";
            summary.error = exitCode;
        } else if (job.request == Request::UndoRepair && code == cli::ExitCode::Refused) {
            // `undo` exit 7: the elevated copy's journal guard refused the entry (journal_guard.hpp).
            outcome.message = "Not undone: that journal entry was not written by WU Doctor with administrator rights on "
                              "this PC, was changed since, or asks for a change WU Doctor never makes. Nothing was "
                              "changed.";
            outcome.advice = "If you did not edit the journal, another program did: keep the file for whoever looks "
                             "after this PC.";
            summary.error = exitCode;
        } else if (checksJob && job.request != Request::ResetCache && code == cli::ExitCode::Usage) {
            // The elevated copy checks again first: what the window showed was already gone (or the entry was).
            outcome.message = "Nothing was changed: WU Doctor no longer finds " +
                              std::string(job.request == Request::Repair ? "that finding." : "that journal entry.");
            outcome.advice = "The window now shows what WU Doctor finds; try again from there.";
            summary.error = exitCode;
        } else if (const std::optional<Win32Error> condition = conditionOf(code)) {
            const ErrorText text = describeError(*condition, context);
            outcome.message = text.message;
            outcome.advice = text.advice;
            summary.error = *condition;
        } else {
            outcome.message = titleFor(job.request, job.service, job.type, job.undo, false) + ": it did not work.";
            outcome.advice = "The log has the details (Copy report includes where it is). Try again, or restart "
                             "the computer and try again.";
            summary.error = exitCode;
        }
    }
    summary.ok = outcome.ok;
    summary.text = {outcome.message, outcome.advice};
    if (job.request == Request::SetStartType) {
        StartTypeChange change;
        change.service = job.service;
        change.ok = outcome.ok;
        change.error = summary.error;
        change.text = summary.text;
        change.oldType = oldType;
        change.newType = job.type;
        outcome.change = std::move(change);
    } else if (!checksJob) {
        outcome.actions.push_back(std::move(summary));
    }
    return outcome;
}

}  // namespace wud::ui

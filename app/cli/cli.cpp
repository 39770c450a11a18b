#include "cli.hpp"

#include "cli_command.hpp"
#include "cli_commands.hpp"
#include "cli_console.hpp"
#include "cli_exit.hpp"
#include "cli_info.hpp"
#include "cli_output.hpp"
#include "cli_repair_system.hpp"
#include "cli_repairs.hpp"
#include "cli_scan.hpp"

#include "wud/automatic_updates.hpp"
#include "wud/catalog.hpp"
#include "wud/clock.hpp"
#include "wud/log.hpp"
#include "wud/operations.hpp"
#include "wud/report.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/update_history.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"
#include "wud/write_places.hpp"

#include <spdlog/logger.h>

#include <windows.h>

#include <chrono>
#include <string>
#include <vector>

namespace wud::app {
namespace {

using cli::Command;
using cli::ExitCode;
using cli::Verb;

// Ctrl+C / Ctrl+Break cancel the running operation (it stops waiting and reports where the service is).
CancelToken g_cancel;

BOOL WINAPI onConsoleControl(DWORD type) {
    if (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT) {
        g_cancel.cancel();
        return TRUE;
    }
    return FALSE;
}

std::string localComputerName() {
    wchar_t buffer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = static_cast<DWORD>(std::size(buffer));
    return GetComputerNameW(buffer, &size) ? narrow(std::wstring_view(buffer, size)) : std::string();
}

std::vector<std::string> utf8Arguments(int argc, wchar_t** argv) {
    std::vector<std::string> args;
    for (int i = 1; i < argc; ++i) args.push_back(narrow(argv[i]));
    return args;
}

std::string commandLineForLog(std::span<const std::string> args) {
    std::string line = "wudoctor";
    for (const std::string& arg : args) line += " " + cli::quoteForMessage(arg, 80);
    return line;
}

/// One CLI run: the parsed command against the real SCM. (Not core's operations Runner, which waits on one
/// service: this one turns a whole command into output and an exit code.)
class CommandRun {
public:
    CommandRun(cli::Console& console, Command command)
        : console_(console), command_(std::move(command)), scm_(command_.computer), ops_(scm_, clock_) {
        context_.appVersion = WUD_VERSION;
        context_.computer = command_.computer;
        context_.localComputerName = localComputerName();
        if (command_.computer.empty()) context_.os = osVersion();
        context_.elevated = isElevated();
    }

    ExitCode run() {
        switch (command_.verb) {
        case Verb::Status: return status();
        case Verb::Start:
        case Verb::Stop:
        case Verb::Restart:
        case Verb::Fix:
        case Verb::RepairStartType:
        case Verb::SetStartType: return act();
        case Verb::Troubleshoot: return troubleshoot();
        case Verb::Report: return report();
        case Verb::Log: return logPath();
        case Verb::Help:
        case Verb::Version: break;
        }
        return ExitCode::Usage;
    }

private:
    void emit(const nlohmann::json& doc) { console_.out(doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"); }

    std::vector<std::string> statusServices() const {
        std::vector<std::string> names;
        if (command_.all) {
            for (const CatalogEntry& entry : catalog()) names.emplace_back(entry.name);
        } else if (!command_.services.empty()) {
            names = command_.services;
        } else {
            names = {std::string(kUpdateOrchestrator), std::string(kWindowsUpdate)};
        }
        return names;
    }

    std::vector<cli::StatusRow> queryAll(const std::vector<std::string>& names, bool namedRequired) {
        std::vector<cli::StatusRow> rows;
        for (const std::string& name : names) {
            cli::StatusRow row;
            row.query = scm_.query(name);
            if (row.query.snapshot.name.empty()) row.query.snapshot.name = name;
            const CatalogEntry* entry = findInCatalog(name);
            row.required = namedRequired || (entry != nullptr && entry->primary);
            rows.push_back(std::move(row));
        }
        return rows;
    }

    ExitCode status() {
        const auto rows = queryAll(statusServices(), !command_.all && !command_.services.empty());
        const ExitCode exit = cli::statusExitCode(rows, context_.elevated);
        for (const cli::StatusRow& row : rows) {
            const ServiceSnapshot& s = row.query.snapshot;
            log::get().info("status service={} installed={} state={} start_type={} pid={} error={}", s.name,
                            s.installed, toId(s.state), toId(s.startType), s.pid, row.query.error);
        }
        if (command_.json) emit(cli::statusJson(context_, rows, exit));
        else console_.out(cli::statusText(context_, rows, console_.colour()));
        return exit;
    }

    OperationOptions options() {
        OperationOptions options;
        options.timeout = std::chrono::duration_cast<Millis>(command_.timeout);
        options.cancel = &g_cancel;
        if (!command_.json && console_.errIsConsole()) {
            options.progress = [this](const Progress& p) {
                if (!p.text.empty() && p.step != Progress::Step::Done) console_.err("  " + p.text + "\n");
            };
        }
        return options;
    }

    ExitCode act() {
        std::vector<cli::Outcome> outcomes;
        const OperationOptions opts = options();
        const auto record = [&](const ActionResult& result) {
            log::action(result);
            outcomes.push_back(cli::toOutcome(result, context_.elevated));
        };
        switch (command_.verb) {
        case Verb::Fix:
            for (const ActionResult& result : ops_.fix(opts)) record(result);
            break;
        case Verb::RepairStartType: {
            const std::uint32_t build = context_.os ? context_.os->build : osVersion().build;
            for (const std::string& name : command_.services) {
                const Millis begin = clock_.now();
                const StartTypeChange change = ops_.repairStartType(name, build);
                log::startTypeChange(change);
                outcomes.push_back(cli::toOutcome(change, context_.elevated, clock_.now() - begin));
            }
            break;
        }
        case Verb::SetStartType:
            for (const std::string& name : command_.services) {
                const Millis begin = clock_.now();
                const StartTypeChange change = ops_.setStartType(name, command_.startType);
                log::startTypeChange(change);
                outcomes.push_back(cli::toOutcome(change, context_.elevated, clock_.now() - begin));
            }
            break;
        default:
            for (const std::string& name : command_.services) {
                if (g_cancel.cancelled()) break;
                if (command_.verb == Verb::Start) record(ops_.start(name, opts));
                else if (command_.verb == Verb::Stop) record(ops_.stop(name, opts));
                else record(ops_.restart(name, opts));
            }
        }
        const ExitCode exit = cli::worstOf(outcomes);
        log::get().info("result command={} exit_code={}", cli::toId(command_.verb), static_cast<int>(exit));
        if (command_.json) emit(cli::actionsJson(context_, command_.verb, outcomes, exit));
        else console_.out(cli::outcomesText(outcomes, console_.colour()));
        return exit;
    }

    ExitCode troubleshoot() {
        const LaunchTarget target = troubleshooterFor(context_.os.value_or(osVersion()), detectHandlers());
        const LaunchResult launched = launch(target);
        const ExitCode exit = launched.ok ? ExitCode::Ok : launched.declined ? ExitCode::NeedsAdmin : ExitCode::Failed;
        ErrorText text;
        if (launched.ok) {
            text.message = (target.note.empty() ? std::string() : target.note + "\n") + "Opened: " + target.label + ".";
        } else {
            text = describeError(launched.error);
            text.message = (target.note.empty() ? std::string() : target.note + "\n") + "Windows could not open " +
                           target.label + " (" + target.file + (target.parameters.empty() ? "" : " " + target.parameters) +
                           "): " + text.message;
            // Without Get Help the Settings path only leads back to it: WU Doctor's own steps instead.
            text.advice = target.kind == LaunchTarget::Kind::GetHelpFromStore
                              ? std::string("Run wudoctor fix, then wudoctor check: they do what the troubleshooter does.")
                              : "Open it yourself: " + target.byHand + ".";
        }
        log::get().info("troubleshoot target={} parameters={} ok={} error={}", target.file, target.parameters,
                        launched.ok, launched.error);
        if (command_.json) {
            auto doc = cli::envelope(context_, Verb::Troubleshoot, exit);
            doc["target"] = {{"file", target.file}, {"parameters", target.parameters}, {"label", target.label},
                             {"note", target.note}, {"by_hand", target.byHand}};
            doc["ok"] = launched.ok;
            doc["error_code"] = launched.error;
            doc["message"] = text.message;
            doc["advice"] = launched.ok ? std::string() : text.advice;
            emit(doc);
        } else {
            console_.out(text.message + "\n");
            if (!launched.ok) console_.out("Next step: " + text.advice + "\n");
        }
        return exit;
    }

    ExitCode report() {
        std::vector<std::string> names;
        for (const CatalogEntry& entry : catalog()) names.emplace_back(entry.name);
        const auto rows = queryAll(names, false);
        ReportInput input;
        input.appVersion = WUD_VERSION;
        input.generatedAt = localTimeText();
        input.computer = command_.computer;
        input.os = context_.os.value_or(OsVersion{});
        input.elevated = context_.elevated;
        for (const cli::StatusRow& row : rows) input.services.push_back(row.query.snapshot);
        input.logFolder = log::current().folder;
        if (command_.computer.empty()) {  // the checks read this computer's registry and files only
            Win32MachineAccess machine;
            const auto automaticUpdates = makeWindowsAutomaticUpdates();
            CheckContext checks{machine, scm_, input.os.build};
            checks.automaticUpdates = automaticUpdates.get();
            input.findings = runChecks(checks);
            input.updateHistory = makeWindowsUpdateHistory()->query(kReportHistoryEntries);
            // "Last check": Windows' own record, and the last scan WU Doctor recorded in this run's log folder.
            input.updateChecks = UpdateChecksSummary{automaticUpdates->results(),
                                                     loadLastScan(machine, log::current().folder),
                                                     std::chrono::system_clock::now()};
        }
        const std::string text = buildReport(input);
        log::report(text);
        const ExitCode exit = cli::statusExitCode(rows, context_.elevated);
        if (command_.json) {
            auto doc = cli::statusJson(context_, rows, exit);
            doc["command"] = "report";
            doc["report"] = text;
            if (input.findings) {
                doc["findings"] = nlohmann::json::array();
                for (const Finding& f : *input.findings) doc["findings"].push_back(cli::findingJson(f));
            }
            if (input.updateHistory) doc["update_history"] = cli::historyJson(*input.updateHistory);
            if (input.updateChecks) doc["update_checks"] = cli::updateChecksJson(*input.updateChecks);
            emit(doc);
        } else {
            console_.out(text);
        }
        return exit;
    }

    ExitCode logPath() {
        const log::Setup& setup = log::current();
        const ExitCode exit = setup.file.empty() ? ExitCode::Failed : ExitCode::Ok;
        if (command_.json) {
            auto doc = cli::envelope(context_, Verb::Log, exit);
            doc["log_file"] = setup.file.empty() ? nlohmann::json(nullptr) : nlohmann::json(setup.file);
            doc["log_folder"] = setup.folder.empty() ? nlohmann::json(nullptr) : nlohmann::json(setup.folder);
            doc["fallback"] = setup.fallback;
            doc["message"] = setup.warning;
            emit(doc);
        } else if (setup.file.empty()) {
            console_.err("wudoctor: " + setup.warning + "\n");
        } else {
            console_.out(setup.file + "\n");
        }
        return exit;
    }

    cli::Console& console_;
    Command command_;
    SteadyClock clock_;
    Win32ServiceManager scm_;
    Operations ops_;
    cli::RunContext context_;
};

/// A family's parse result: its usage error on one line (exit 2, nothing done), or its command run.
template <typename Command, typename Run>
int runParsed(cli::Console& console, const std::optional<std::variant<Command, cli::UsageError>>& parsed, Run&& run) {
    if (!parsed) return static_cast<int>(ExitCode::Usage);  // the table named the family: never the case
    if (const auto* error = std::get_if<cli::UsageError>(&*parsed)) {
        console.err("wudoctor: " + error->reason + "\n");
        return static_cast<int>(ExitCode::Usage);
    }
    return run(std::get<Command>(*parsed));
}

}  // namespace

int runCli(Subsystem subsystem, int argc, wchar_t** argv) {
    cli::Console console(subsystem);
    const std::vector<std::string> args = utf8Arguments(argc, argv);

    // The families that take other arguments than services parse their own (cli_commands.hpp says whose a command is).
    const std::string line = commandLineForLog(args);
    const std::optional<std::size_t> at = cli::ownVerbAt(args);
    const std::optional<cli::CommandInfo> named = at ? cli::findCommand(args[*at]) : std::nullopt;
    switch (named ? named->family : cli::Family::Services) {
        case cli::Family::Repairs:
            return runParsed(console, cli::parseRepairsCommand(args),
                             [&](const cli::RepairsCommand& c) { return cli::runRepairsCommand(console, c, exeFolder(), line); });
        case cli::Family::Info:
            return runParsed(console, cli::parseInfoCommand(args),
                             [&](const cli::InfoCommand& c) { return cli::runInfoCommand(console, c, exeFolder(), line); });
        case cli::Family::RepairSystem:
            return runParsed(console, cli::parseRepairSystemCommand(args), [&](const cli::RepairSystemCommand& c) {
                return cli::runRepairSystemCommand(console, c, exeFolder(), line);
            });
        case cli::Family::Scan:
            return runParsed(console, cli::parseScanCommand(args),
                             [&](const cli::ScanCommand& c) { return cli::runScanCommand(console, c, exeFolder(), line); });
        case cli::Family::Services: break;  // below
    }

    auto parsed = cli::parse(args);
    if (const auto* error = std::get_if<cli::UsageError>(&parsed)) {
        // Nothing was done: no log, no SCM; one line a script can show as it is.
        console.err("wudoctor: " + error->reason + "\n");
        return static_cast<int>(ExitCode::Usage);
    }
    Command command = std::get<Command>(std::move(parsed));
    if (command.verb == Verb::Help) {
        console.out(cli::helpText());
        return 0;
    }
    if (command.verb == Verb::Version) {
        if (command.json) console.out(nlohmann::json{{"tool", "wudoctor"}, {"version", WUD_VERSION}}.dump(2) + "\n");
        else console.out("WU Doctor " WUD_VERSION "\n");
        return 0;
    }

    const log::Setup setup = openLog(exeFolder());
    if (!setup.warning.empty() && command.verb != Verb::Log) console.err("wudoctor: warning: " + setup.warning + "\n");
    log::get().info("{} (version {}, {})", line, WUD_VERSION,
                    subsystem == Subsystem::Console ? "wudoctor.com" : "wudoctor.exe");
    SetConsoleCtrlHandler(onConsoleControl, TRUE);

    CommandRun runner(console, std::move(command));
    const ExitCode exit = runner.run();
    log::shutdown();
    return static_cast<int>(exit);
}

}  // namespace wud::app

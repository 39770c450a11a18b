#include "cli.hpp"

#include "cli_command.hpp"
#include "cli_commands.hpp"
#include "cli_console.hpp"
#include "cli_exit.hpp"
#include "cli_fleet.hpp"
#include "cli_info.hpp"
#include "cli_json_line.hpp"
#include "cli_options.hpp"
#include "cli_output.hpp"
#include "cli_repair_system.hpp"
#include "cli_repairs.hpp"
#include "cli_scan.hpp"
#include "cli_services.hpp"
#include "cli_session.hpp"

#include "wud/automatic_updates.hpp"
#include "wud/catalog.hpp"
#include "wud/clock.hpp"
#include "wud/log.hpp"
#include "wud/report.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/update_history.hpp"
#include "wud/update_scan.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <spdlog/logger.h>

#include <windows.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

namespace wud::app {
namespace {

using cli::Answer;
using cli::Command;
using cli::ExitCode;
using cli::Verb;
using nlohmann::json;

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

/// The context of a command on one computer: this one, or the one --computer names (whose Windows is not known).
cli::RunContext contextFor(const cli::Session& session, const Command& command) {
    cli::RunContext context = session.context();
    if (cli::oneComputer(command)) {
        context.computer = command.computers.front();
        context.os.reset();
    }
    return context;
}

/// The names in --computer @FILE: UTF-8 (with or without a BOM) or UTF-16 with its BOM (what PowerShell 5.1's `>`
/// writes). A file that cannot be read is bad input: the message says which and why.
std::variant<std::vector<std::string>, cli::UsageError> readComputerFile(const std::string& path) {
    const std::wstring wide = widen(path);
    std::ifstream file(std::filesystem::path(wide), std::ios::binary);
    if (!file) return cli::UsageError{"--computer @" + cli::quoteForMessage(path, 120).substr(1) + ": cannot read that file"};
    std::ostringstream bytes;
    bytes << file.rdbuf();
    std::string text = bytes.str();
    if (text.size() > 4 * 1024 * 1024) return cli::UsageError{"--computer @FILE: the file is larger than 4 MB"};
    if (text.size() >= 2 && static_cast<unsigned char>(text[0]) == 0xFF && static_cast<unsigned char>(text[1]) == 0xFE) {
        std::wstring utf16((text.size() - 2) / 2, L'\0');
        std::memcpy(utf16.data(), text.data() + 2, utf16.size() * 2);
        text = narrow(utf16);
    }
    auto names = cli::parseComputerFile(text);
    if (auto* error = std::get_if<cli::UsageError>(&names))
        error->reason = "--computer @" + cli::quoteForMessage(path, 120).substr(1) + ": " + error->reason;
    return names;
}

/// The service commands: status, the actions (on one computer or many), troubleshoot, report, log.
class ServicesRun {
public:
    ServicesRun(cli::Session& session, Command command) : session_(session), command_(std::move(command)) {}

    Answer run() {
        if (cli::manyComputers(command_)) return fleet();
        switch (command_.verb) {
        case Verb::Troubleshoot: return troubleshoot();
        case Verb::Report: return report();
        case Verb::Log: return logPath();
        default: break;
        }
        Win32ServiceManager scm(cli::oneComputer(command_) ? command_.computers.front() : std::string());
        SteadyClock clock;
        cli::ServicesEnv env{scm, clock, contextFor(session_, command_), &session_.cancel(),
                             [this](std::string_view line) { session_.progress(line); }, osBuild(),
                             session_.console().colour()};
        Answer answer = cli::runServices(command_, env);
        return answer;
    }

private:
    std::uint32_t osBuild() const { return session_.context().os ? session_.context().os->build : 0; }

    Answer fleet() {
        std::vector<std::string> hosts = command_.computers;
        if (!command_.computerFile.empty()) {
            auto names = readComputerFile(command_.computerFile);
            if (const auto* error = std::get_if<cli::UsageError>(&names)) return cli::usageAnswer(error->reason);
            for (std::string& name : std::get<std::vector<std::string>>(names))
                if (std::none_of(hosts.begin(), hosts.end(), [&](const std::string& h) { return equalsIgnoreCase(h, name); }))
                    hosts.push_back(std::move(name));
        }
        cli::FleetEnv env;
        env.connect = [](const std::string& host) {
            cli::HostConnection connection;
            connection.clock = std::make_unique<SteadyClock>();
            auto scm = std::make_unique<Win32ServiceManager>(host);
            connection.error = scm->connect();  // may block: a remote SCM can take ~21 s before it answers
            connection.scm = std::move(scm);
            return connection;
        };
        env.context = session_.context();
        env.stop = &session_.cancel();
        env.osBuild = osBuild();
        env.colour = session_.console().colour();
        env.onHost = [this](const json& host) {
            if (session_.output() == cli::Output::JsonLine) session_.line(host);
            else session_.progress(host.value("computer", "") + ": " + host.value("verdict", "") + " (exit " +
                                   std::to_string(host.value("exit_code", 1)) + ")\n");
        };
        Answer answer = cli::runFleetCommand(command_, hosts, env);
        answer.streamed = true;
        return answer;
    }

    Answer troubleshoot() {
        const cli::RunContext& context = session_.context();
        const LaunchTarget target = troubleshooterFor(context.os.value_or(osVersion()), detectHandlers());
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
        Answer answer{exit, cli::envelope(context, "troubleshoot", exit,
                                          launched.ok ? "opened" : launched.declined ? "declined" : "failed"), {}, {}};
        json& doc = answer.doc;
        doc["target"] = {{"file", target.file}, {"parameters", target.parameters}, {"label", target.label},
                         {"note", target.note}, {"by_hand", target.byHand}};
        doc["ok"] = launched.ok;
        doc["error_code"] = launched.error;
        doc["message"] = text.message;
        doc["advice"] = launched.ok ? std::string() : text.advice;
        answer.text = text.message + "\n" + (launched.ok ? std::string() : "Next step: " + text.advice + "\n");
        return answer;
    }

    Answer report() {
        const cli::RunContext context = contextFor(session_, command_);
        Win32ServiceManager scm(context.computer);
        std::vector<std::string> names;
        for (const CatalogEntry& entry : catalog()) names.emplace_back(entry.name);
        const auto rows = cli::queryAll(scm, names, false);
        ReportInput input;
        input.appVersion = WUD_VERSION;
        input.generatedAt = localTimeText();
        input.computer = context.computer;
        input.os = context.os.value_or(OsVersion{});
        input.elevated = context.elevated;
        for (const cli::StatusRow& row : rows) input.services.push_back(row.query.snapshot);
        input.logFolder = log::current().folder;
        if (context.computer.empty()) {  // the checks read this computer's registry and files only
            const auto machine = makeWin32MachineAccess();
            const auto automaticUpdates = makeWindowsAutomaticUpdates();
            CheckContext checks{*machine, scm, input.os.build};
            checks.automaticUpdates = automaticUpdates.get();
            input.findings = runChecks(checks);
            input.updateHistory = cli::softenForRemoteLogon(makeWindowsUpdateHistory()->query(kReportHistoryEntries),
                                                            cli::networkLogon());
            // "Last check": Windows' own record, and the last scan WU Doctor recorded in this run's log folder.
            input.updateChecks = UpdateChecksSummary{automaticUpdates->results(),
                                                     loadLastScan(*machine, log::current().folder),
                                                     std::chrono::system_clock::now()};
        }
        const std::string text = buildReport(input);
        log::report(text);
        const ExitCode exit = cli::statusExitCode(rows, context.elevated && context.computer.empty());
        Answer answer{exit, cli::statusJson(context, rows, exit), text, {}};
        json& doc = answer.doc;
        doc["command"] = "report";
        doc["report"] = text;
        if (input.findings) doc["findings"] = cli::findingsJson(*input.findings);
        if (input.updateHistory) doc["update_history"] = cli::historyJson(*input.updateHistory);
        if (input.updateChecks) doc["update_checks"] = cli::updateChecksJson(*input.updateChecks);
        return answer;
    }

    Answer logPath() {
        const log::Setup& setup = log::current();
        const ExitCode exit = setup.file.empty() ? ExitCode::Failed : ExitCode::Ok;
        Answer answer{exit, cli::envelope(session_.context(), "log", exit, setup.file.empty() ? "no_log" : "ok"), {}, {}};
        json& doc = answer.doc;
        doc["log_file"] = setup.file.empty() ? json(nullptr) : json(setup.file);
        doc["log_folder"] = setup.folder.empty() ? json(nullptr) : json(setup.folder);
        doc["fallback"] = setup.fallback;
        doc["message"] = setup.warning;
        if (setup.file.empty()) {
            if (session_.text()) session_.console().err("wudoctor: " + setup.warning + "\n");
        } else {
            answer.text = setup.file + "\n";
        }
        return answer;
    }

    cli::Session& session_;
    Command command_;
};

/// A usage error before anything ran: one line on stderr (and the line on stdout with --json-line); exit 2.
int usageError(cli::Console& console, bool jsonLine, const std::string& reason) {
    console.err("wudoctor: " + reason + "\n");
    if (jsonLine) console.out(cli::usageErrorLine(WUD_VERSION, cli::localComputerName(), reason));
    return static_cast<int>(ExitCode::Usage);
}

/// A family's parse result: its usage error (exit 2, nothing done), or its command run in a session.
template <typename Command, typename Run>
int runParsed(cli::Console& console, const cli::GlobalOptions& options, const std::string& line,
              const std::optional<std::variant<Command, cli::UsageError>>& parsed, Run&& run, bool warnAboutLog = true) {
    if (!parsed) return usageError(console, options.jsonLine, "the command line could not be read (see wudoctor --help)");
    if (const auto* error = std::get_if<cli::UsageError>(&*parsed)) return usageError(console, options.jsonLine, error->reason);
    const Command& command = std::get<Command>(*parsed);
    const cli::Output output = options.jsonLine ? cli::Output::JsonLine : command.json ? cli::Output::Json : cli::Output::Text;
    cli::Session session(console, output, options, line, warnAboutLog);
    if (const auto& refused = session.logDirRefused()) return session.finish(cli::usageAnswer(*refused));
    return session.finish(run(session, command));
}

}  // namespace

int runCli(Subsystem subsystem, int argc, wchar_t** argv) {
    cli::Console console(subsystem);
    const std::vector<std::string> all = utf8Arguments(argc, argv);
    const std::string line = commandLineForLog(all);
    auto split = cli::splitGlobalOptions(all);
    if (const auto* error = std::get_if<cli::UsageError>(&split))
        return usageError(console, cli::wantsJsonLine(all), error->reason);
    const cli::GlobalOptions options = std::get<cli::SplitArguments>(split).options;
    const std::vector<std::string> args = std::move(std::get<cli::SplitArguments>(split).rest);

    // The families that take other arguments than services parse their own (cli_commands.hpp says whose a command is).
    const std::optional<std::size_t> at = cli::ownVerbAt(args);
    const std::optional<cli::CommandInfo> named = at ? cli::findCommand(args[*at]) : std::nullopt;
    switch (named ? named->family : cli::Family::Services) {
        case cli::Family::Repairs:
            return runParsed(console, options, line, cli::parseRepairsCommand(args), cli::runRepairsCommand);
        case cli::Family::Info: return runParsed(console, options, line, cli::parseInfoCommand(args), cli::runInfoCommand);
        case cli::Family::RepairSystem:
            return runParsed(console, options, line, cli::parseRepairSystemCommand(args), cli::runRepairSystemCommand);
        case cli::Family::Scan:
            return runParsed(console, options, line, cli::parseScanCommand(args), cli::runScanCommand);
        case cli::Family::Services: break;  // below
    }

    auto parsed = cli::parse(args);
    if (const auto* command = std::get_if<Command>(&parsed)) {
        if (command->verb == Verb::Help) {
            console.out(cli::helpText());
            return 0;
        }
        if (command->verb == Verb::Version) {
            json doc{{"tool", "wudoctor"}, {"version", WUD_VERSION}};
            if (options.jsonLine) console.out(cli::jsonLine(doc));
            else if (command->json) console.out(doc.dump(2) + "\n");
            else console.out("WU Doctor " WUD_VERSION "\n");
            return 0;
        }
    }
    const bool isLog = std::holds_alternative<Command>(parsed) && std::get<Command>(parsed).verb == Verb::Log;
    return runParsed(
        console, options, line, std::optional<cli::ParseResult>(std::move(parsed)),
        [](cli::Session& s, const Command& c) { return ServicesRun(s, c).run(); }, !isLog);
}

}  // namespace wud::app

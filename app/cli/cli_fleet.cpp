// A service command on many computers at once (cli_fleet.hpp).
#include "cli_fleet.hpp"

#include "cli_services.hpp"

#include "wud/error_text.hpp"
#include "wud/fleet.hpp"
#include "wud/log.hpp"

#include <spdlog/logger.h>

#include <algorithm>

namespace wud::cli {
namespace {

using nlohmann::json;

/// What one computer gave: its exit code and its document.
struct HostAnswer {
    ExitCode exit = ExitCode::Ok;
    json doc;
};

RunContext hostContext(const RunContext& local, const std::string& host) {
    RunContext context = local;
    context.computer = host;
    context.os.reset();  // another computer's Windows is not known here
    return context;
}

json timedOutHostJson(const RunContext& context, const Command& command, Millis limit) {
    json doc = envelope(context, toId(command.verb), ExitCode::TimedOut, "timed_out");
    doc["reachable"] = nullptr;
    doc["error_code"] = kErrTimeout;
    doc["message"] = context.computer + " did not finish within " + std::to_string(limit.count() / 1000) +
                     " s (--host-timeout); WU Doctor stopped waiting for it.";
    doc["advice"] = "Check that it is switched on and reachable. A remote Service Control Manager can take about 21 s "
                    "to answer before Windows tries another way; give it longer with --host-timeout.";
    return doc;
}

json notStartedHostJson(const RunContext& context, const Command& command) {
    json doc = envelope(context, toId(command.verb), ExitCode::Failed, "not_started");
    doc["reachable"] = nullptr;
    doc["error_code"] = kErrCancelled;
    doc["message"] = "Not started: Ctrl+C came before " + context.computer + "'s turn. Nothing was done there.";
    doc["advice"] = "Run the command again for the computers that were not started.";
    return doc;
}

/// What a computer's thread needs, by value: a thread past its time limit outlives runFleetCommand.
struct HostJob {
    Command command;
    std::function<HostConnection(const std::string&)> connect;
    RunContext context;
    std::uint32_t osBuild = 0;
};

/// One computer's run: connect, then the command as on one computer.
HostAnswer runHost(const HostJob& job, const std::string& host, const CancelToken& cancel) {
    const Command& command = job.command;
    const RunContext context = hostContext(job.context, host);
    HostConnection connection = job.connect(host);
    if (connection.error != 0 || !connection.scm || !connection.clock) {
        const Win32Error error = connection.error != 0 ? connection.error : kRpcServerUnavailable;
        json doc = unreachableHostJson(context, command, error);
        return HostAnswer{static_cast<ExitCode>(doc.at("exit_code").get<int>()), std::move(doc)};
    }
    ServicesEnv services{*connection.scm, *connection.clock, context, &cancel, {}, job.osBuild, false};
    Answer answer = runServices(command, services);
    answer.doc["reachable"] = true;
    return HostAnswer{answer.exit, std::move(answer.doc)};
}

/// "UsoSvc running, wuauserv stopped" / "wuauserv ok" / the message: one cell of the summary.
std::string hostWhat(const json& doc) {
    if (doc.contains("message")) return doc.value("message", "");
    std::string what;
    const auto add = [&](const std::string& part) { what += (what.empty() ? "" : ", ") + part; };
    for (const json& s : doc.value("services", json::array()))
        add(s.value("name", "") + " " +
            (s.value("error_code", 0u) != 0 ? std::string("unknown: ") + s.value("message", "")
                                            : s.at("state").is_string() ? s.at("state").get<std::string>() : "not installed"));
    for (const json& r : doc.value("results", json::array()))
        add(r.value("name", "") + " " + (r.value("ok", false) ? std::string("ok") : "FAILED: " + r.value("message", "")));
    return what;
}

}  // namespace

json unreachableHostJson(const RunContext& context, const Command& command, Win32Error error) {
    const bool denied = error == kAccessDenied;
    const std::string_view verdict = denied                             ? "access_denied"
                                      : error == kShutdownInProgress ? "shutting_down"
                                                                     : "unreachable";
    const ExitCode exit = denied ? ExitCode::NeedsAdmin : ExitCode::Failed;
    json doc = envelope(context, toId(command.verb), exit, verdict);
    doc["reachable"] = denied;  // it answered, and said no
    doc["error_code"] = error;
    const ErrorText text = describeError(error);
    doc["message"] = context.computer + ": " + (denied ? std::string("Windows there refused access.") : text.message);
    doc["advice"] = denied ? std::string(remoteAccessDeniedAdvice()) : text.advice;
    return doc;
}

Answer runFleetCommand(const Command& command, const std::vector<std::string>& hosts, FleetEnv& env) {
    FleetOptions options;
    options.parallel = command.parallel;
    options.hostTimeLimit = std::chrono::duration_cast<Millis>(command.hostTimeout);
    options.stop = env.stop;

    std::vector<json> docs;
    ExitCode exit = ExitCode::Ok;
    bool stopped = false;
    const auto job = std::make_shared<const HostJob>(HostJob{command, env.connect, env.context, env.osBuild});
    runFleet<HostAnswer>(
        hosts, options, [job](const std::string& host, const CancelToken& cancel) { return runHost(*job, host, cancel); },
        [&](HostReport<HostAnswer>&& report) {
            const RunContext context = hostContext(env.context, report.host);
            HostAnswer answer;
            if (report.end == HostEnd::Finished && report.result) {
                answer = std::move(*report.result);
            } else if (report.end == HostEnd::NotStarted) {
                stopped = true;
                answer = HostAnswer{ExitCode::Failed, notStartedHostJson(context, command)};
            } else {
                answer = HostAnswer{ExitCode::TimedOut, timedOutHostJson(context, command, options.hostTimeLimit)};
            }
            answer.doc["duration_ms"] = report.elapsed.count();
            exit = worst(exit, answer.exit);
            log::get().info("computer {} exit_code={} verdict={} duration_ms={}", report.host, static_cast<int>(answer.exit),
                            answer.doc.value("verdict", ""), report.elapsed.count());
            if (env.onHost) env.onHost(answer.doc);
            docs.push_back(std::move(answer.doc));
        });
    stopped = stopped || (env.stop != nullptr && env.stop->cancelled());

    json doc = envelope(env.context, toId(command.verb), exit, stopped ? std::string_view("cancelled") : verdictOf(exit));
    doc["remote"] = true;
    doc["computers"] = hosts.size();
    doc["parallel"] = command.parallel;
    doc["host_timeout_s"] = command.hostTimeout.count();
    doc["stopped"] = stopped;
    json notStarted = json::array();
    for (const json& d : docs)
        if (d.value("verdict", "") == "not_started") notStarted.push_back(d.at("computer"));
    doc["not_started"] = std::move(notStarted);
    doc["hosts"] = docs;
    return Answer{exit, std::move(doc), fleetText(docs, stopped, env.colour), {}};
}

std::string fleetText(const std::vector<json>& hosts, bool stopped, bool colour) {
    using namespace ansi;
    std::vector<std::vector<Cell>> table{{{"Computer", kDim}, {"Result", kDim}, {"Exit", kDim}, {"What happened", kDim}}};
    std::vector<std::string> ran, notStarted;
    for (const json& h : hosts) {
        const std::string computer = h.value("computer", "");
        const std::string verdict = h.value("verdict", "");
        const int code = h.value("exit_code", 1);
        (verdict == "not_started" ? notStarted : ran).push_back(computer);
        table.push_back({{computer, {}},
                         {verdict, code == 0 ? kGreen : verdict == "not_started" ? kDim : kBoldRed},
                         {std::to_string(code), {}},
                         {hostWhat(h), {}}});
    }
    std::string out = renderTable(table, colour);
    for (const json& h : hosts)
        if (h.value("exit_code", 0) != 0 && h.contains("advice") && !h.value("advice", "").empty())
            out += paint(h.value("computer", "") + ": next step: " + h.value("advice", ""), kYellow, colour) + "\n";
    if (stopped) {
        const auto join = [](const std::vector<std::string>& names) {
            std::string text;
            for (const std::string& n : names) text += (text.empty() ? "" : ", ") + n;
            return text.empty() ? std::string("none") : text;
        };
        out += "Stopped by Ctrl+C. Ran on: " + join(ran) + ". Not started: " + join(notStarted) + ".\n";
    }
    return out;
}

}  // namespace wud::cli

#include "cli_repair_system_command.hpp"

#include "wud/explain.hpp"
#include "wud/text.hpp"

#include <algorithm>
#include <cstdio>

namespace wud::cli {
namespace {

using nlohmann::json;

UsageError usage(std::string reason) { return UsageError{std::move(reason)}; }

json orNull(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }


std::size_t columns(std::string_view utf8) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < utf8.size(); i += decodeUtf8(utf8, i).length) ++n;
    return n;
}

/// The first `count` code points of `utf8`.
std::string firstColumns(std::string_view utf8, std::size_t count) {
    std::size_t i = 0;
    for (std::size_t n = 0; n < count && i < utf8.size(); ++n) i += decodeUtf8(utf8, i).length;
    return std::string(utf8.substr(0, i));
}

std::string_view phaseName(RepairPhase phase) { return phase == RepairPhase::Dism ? "DISM" : "SFC"; }

}  // namespace

std::optional<std::variant<RepairSystemCommand, UsageError>> parseRepairSystemCommand(std::span<const std::string> args) {
    const std::optional<std::size_t> verbAt = ownVerb(args, "repair-system");
    if (!verbAt) return std::nullopt;
    RepairSystemCommand command;
    const auto takeSource = [&](const std::string& path) -> std::optional<UsageError> {
        if (const auto problem = sourceSyntaxProblem(path)) return usage(*problem + ", not " + quoteForMessage(path));
        const bool known = std::any_of(command.sources.begin(), command.sources.end(),
                                       [&](const std::string& s) { return equalsIgnoreCase(s, path); });
        if (!known) command.sources.push_back(path);
        if (command.sources.size() > kMaxSources) return usage("at most " + std::to_string(kMaxSources) + " --source paths");
        return std::nullopt;
    };
    const auto refuseArgument = [](const std::string& a) -> std::optional<UsageError> {
        return usage("'repair-system' takes no further arguments, but got " + quoteForMessage(a) +
                     " (a repair source goes after --source)");
    };
    const OwnArguments walk{"repair-system",
                           {{"--scan-only", {}, setFlag(command.scanOnly)},
                            {"--progress-pipe", {}, setFlag(command.progressPipe)},
                            {"--source", "a path, e.g. --source X:\\sources\\install.wim", takeSource},
                            {"--timeout", {},
                             refusal("'repair-system' waits for DISM and SFC as long as they take (Ctrl+C stops DISM); "
                                     "leave out --timeout")}},
                           refuseArgument};
    if (auto refused = walkOwnArguments(args, *verbAt, command.json, walk)) return *refused;
    if (command.scanOnly && !command.sources.empty())
        return usage("--scan-only repairs nothing, so it takes no --source");
    return command;
}

std::vector<std::string> toArgs(const RepairSystemCommand& command) {
    std::vector<std::string> args{"repair-system"};
    if (command.scanOnly) args.emplace_back("--scan-only");
    if (command.progressPipe) args.emplace_back("--progress-pipe");
    for (const std::string& source : command.sources) {
        args.emplace_back("--source");
        args.push_back(source);
    }
    if (command.json) args.emplace_back("--json");
    return args;
}

ExitCode repairSystemExitCode(const SystemRepairResult& result) noexcept {
    switch (result.verdict) {
    case SystemRepairVerdict::Healthy:
    case SystemRepairVerdict::Repaired: return ExitCode::Ok;
    case SystemRepairVerdict::NeedsAdmin: return ExitCode::NeedsAdmin;
    case SystemRepairVerdict::RestartPending: return ExitCode::Refused;
    case SystemRepairVerdict::BadSource: return ExitCode::Usage;
    case SystemRepairVerdict::NotRepaired:
    case SystemRepairVerdict::Failed:
    case SystemRepairVerdict::NotAvailable:
    case SystemRepairVerdict::Cancelled: break;
    }
    return ExitCode::Failed;
}

json repairSystemJson(const SystemRepairResult& r, const RepairSystemCommand& command) {
    // Built field by field: a json initializer list per object costs several KB of code in the exe.
    json j;
    j["scan_only"] = command.scanOnly;
    j["sources"] = command.sources;
    j["verdict"] = std::string(toId(r.verdict));
    j["ok"] = r.ok();
    j["refused"] = r.restartPending.has_value();
    j["message"] = r.text.message;
    j["advice"] = r.text.advice;
    j["findings"] = r.restartPending ? findingsJson(std::span(&*r.restartPending, 1)) : json::array();

    const DismResult& d = r.dism;
    json& dism = j["dism"];
    dism["outcome"] = std::string(toId(d.outcome));
    dism["health"] = d.health ? json(std::string(toId(*d.health))) : json(nullptr);
    dism["hresult"] = d.hresult == 0 ? json(nullptr) : json(hexCode(d.hresult));
    dism["dism_message"] = orNull(d.dismMessage);
    dism["sources"] = d.sources;
    dism["limit_access"] = d.limitAccess;
    dism["cancel_ignored"] = d.cancelIgnored;
    dism["message"] = d.text.message;
    dism["advice"] = d.text.advice;
    dism["duration_ms"] = d.duration.count();

    const SfcResult& s = r.sfc;
    json& sfc = j["sfc"];
    sfc["outcome"] = std::string(toId(s.outcome));
    sfc["ran"] = s.exitCode.has_value();
    sfc["mode"] = s.verifyOnly ? "verifyonly" : "scannow";
    sfc["exit_code"] = s.exitCode ? json(*s.exitCode) : json(nullptr);
    json& files = sfc["files"] = json::array();
    for (const SfcFile& f : s.files) {
        json file;
        file["name"] = f.name;
        file["path"] = orNull(f.path);
        file["component"] = orNull(f.component);
        file["result"] = std::string(toId(f.result));
        files.push_back(std::move(file));
    }
    sfc["sfc_said"] = orNull(s.said);
    sfc["cbs_log"] = orNull(s.cbsLog);
    sfc["log_restarted"] = s.logRestarted;
    sfc["cancel_asked"] = s.cancelAsked;
    sfc["message"] = s.text.message;
    sfc["advice"] = s.text.advice;
    sfc["duration_ms"] = s.duration.count();
    return j;
}

std::string repairSystemText(const SystemRepairResult& r) {
    std::string out;
    if (r.restartPending) {
        out += r.text.message + "\n";
        for (const std::string& e : r.restartPending->evidence) out += "    " + e + "\n";
        out += "Next step: " + r.text.advice + "\n";
        return out;
    }
    const auto phase = [&](std::string_view title, const ErrorText& text) {
        out += std::string(title) + ": " + text.message + "\n";
    };
    phase("Component store (DISM)", r.dism.text);
    if (!r.dism.text.advice.empty() && r.dism.text.advice != r.text.advice)
        out += "    Next step: " + r.dism.text.advice + "\n";
    phase("System files (SFC)", r.sfc.text);
    for (const SfcFile& f : r.sfc.files) {
        const std::string label = f.result == SfcFileResult::Repaired      ? "repaired    "
                                  : f.result == SfcFileResult::NotRepaired ? "NOT repaired"
                                                                           : "damaged     ";
        out += "    " + label + "  " + (f.path.empty() ? f.name : f.path) +
               (f.component.empty() ? std::string() : "  (" + f.component + ")") + "\n";
    }
    if (!r.sfc.said.empty()) out += "    SFC said: " + r.sfc.said + "\n";
    if (!r.sfc.text.advice.empty() && r.sfc.text.advice != r.text.advice)
        out += "    Next step: " + r.sfc.text.advice + "\n";
    out += r.text.message + "\n";
    if (!r.text.advice.empty()) out += "Next step: " + r.text.advice + "\n";
    return out;
}

Answer repairSystemAnswer(const RunContext& context, const SystemRepairResult& result, const RepairSystemCommand& command) {
    const ExitCode exit = repairSystemExitCode(result);
    if (exit == ExitCode::Usage) return usageAnswer(result.text.message);  // a source that is not there: bad input
    Answer answer{exit, envelope(context, "repair-system", exit, toId(result.verdict)), repairSystemText(result), {}};
    answer.doc.update(repairSystemJson(result, command));
    return answer;
}

std::string elapsedText(Millis elapsed) {
    const long long total = std::max<long long>(0, elapsed.count() / 1000);
    char buffer[32];
    if (total >= 3600)
        std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", total / 3600, (total / 60) % 60, total % 60);
    else
        std::snprintf(buffer, sizeof buffer, "%02lld:%02lld", total / 60, total % 60);
    return buffer;
}

std::string progressBar(const RepairProgress& p, Millis elapsed, std::size_t width) {
    constexpr std::size_t kCells = 20;
    std::string bar(kCells, '-');
    std::string percent = " --%";
    if (p.percent) {
        const int value = std::clamp(*p.percent, 0, 100);
        std::fill_n(bar.begin(), static_cast<std::size_t>(value) * kCells / 100, '#');
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "%3d%%", value);
        percent = buffer;
    }
    const std::string time = elapsedText(elapsed);
    const std::string head = "[" + bar + "] " + percent + "  ";
    const std::size_t fixed = columns(head) + 2 + columns(time);
    // Too wide: the sentence cut short ("..."), then the phase's short name, then without the bar.
    constexpr std::size_t kShortest = 12;
    if (width >= fixed + kShortest) {
        const std::size_t room = width - fixed;
        const std::string text = columns(p.text) <= room ? p.text : firstColumns(p.text, room - 3) + "...";
        return head + text + "  " + time;
    }
    const std::string line = head + std::string(phaseName(p.phase)) + "  " + time;
    if (columns(line) <= width) return line;
    return firstColumns(percent + "  " + std::string(phaseName(p.phase)) + "  " + time, width);
}

std::string progressLine(const RepairProgress& p, Millis elapsed) {
    if (!p.note.empty()) return p.note;
    return p.text + (p.percent ? ": " + std::to_string(*p.percent) + "%" : std::string("...")) + " (" +
           elapsedText(elapsed) + ")";
}

bool worthALine(const std::optional<RepairProgress>& previous, const RepairProgress& next) noexcept {
    if (!previous || !next.note.empty()) return true;
    if (previous->phase != next.phase || previous->step != next.step) return true;
    if (!next.percent) return false;
    return !previous->percent || *previous->percent / 10 != *next.percent / 10;
}

}  // namespace wud::cli

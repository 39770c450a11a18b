#include "cli_repairs_command.hpp"

#include "cli_output.hpp"
#include "wud/enum_names.hpp"
#include "wud/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace wud::cli {
namespace {

using Kind = RepairsCommand::Kind;

UsageError usage(std::string reason) { return UsageError{std::move(reason)}; }

bool validFindingId(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
    });
}

// repair's arguments: finding ids, each once, in lower case.
std::optional<UsageError> takeFinding(RepairsCommand& command, const std::string& a) {
    if (!validFindingId(a)) return usage(quoteForMessage(a) + " is not a finding id; run wudoctor check to see them");
    const std::string id = lowerAscii(a);
    if (std::find(command.findings.begin(), command.findings.end(), id) == command.findings.end())
        command.findings.push_back(id);
    return std::nullopt;
}

// undo's arguments: journal entry numbers, each once.
std::optional<UsageError> takeEntry(RepairsCommand& command, const std::string& a) {
    int entry = 0;
    const auto [end, ec] = std::from_chars(a.data(), a.data() + a.size(), entry);
    if (ec != std::errc{} || end != a.data() + a.size() || entry < 1)
        return usage(quoteForMessage(a) + " is not a journal entry number; run wudoctor undo to list them");
    if (std::find(command.entries.begin(), command.entries.end(), entry) == command.entries.end())
        command.entries.push_back(entry);
    return std::nullopt;
}

}  // namespace

constexpr std::array<EnumName<RepairsCommand::Kind>, 6> kKindIds{{
    {Kind::Check, "check"}, {Kind::Repair, "repair"}, {Kind::Undo, "undo"}, {Kind::ResetCache, "reset-cache"},
    {Kind::Detect, "detect"}, {Kind::Remediate, "remediate"}
}};
static_assert(namesEveryValue(kKindIds, Kind::Remediate));

std::string_view toId(RepairsCommand::Kind kind) noexcept { return nameOf(kKindIds, kind, "check"); }

std::optional<std::variant<RepairsCommand, UsageError>> parseRepairsCommand(std::span<const std::string> args) {
    const auto own = ownVerb(args, kKindIds);
    if (!own) return std::nullopt;
    const auto [verbAt, kind] = *own;
    RepairsCommand command;
    command.kind = kind;
    const std::string verb(toId(kind));
    const bool waitsForServices = kind == Kind::ResetCache || kind == Kind::Remediate;
    OwnArguments walk{verb,
                     {waitsForServices ? OwnOption{"--timeout", {},
                                                   refusal("'" + verb + "' waits for each service by Windows' own rule "
                                                           "(stuck = no progress within its wait hint); leave out "
                                                           "--timeout")}
                                       : timeoutNotTaken(verb)}};
    if (kind == Kind::ResetCache) walk.options.push_back({"--remove-old-backups", {}, setFlag(command.removeOldBackups)});
    if (kind == Kind::Repair || kind == Kind::Undo) walk.options.push_back({"--all", {}, setFlag(command.all)});
    if (kind == Kind::Undo) walk.options.push_back({"--last", {}, setFlag(command.last)});
    if (kind == Kind::Repair) walk.positional = [&](const std::string& a) { return takeFinding(command, a); };
    if (kind == Kind::Undo) walk.positional = [&](const std::string& a) { return takeEntry(command, a); };
    if (auto refused = walkOwnArguments(args, verbAt, command.json, walk)) return *refused;
    if (command.kind == Kind::Repair) {
        if (command.all && !command.findings.empty()) return usage("repair takes either finding ids or --all, not both");
        if (!command.all && command.findings.empty())
            return usage("'repair' needs finding ids (wudoctor check shows them) or --all");
    }
    if (command.kind == Kind::Undo &&
        (command.all ? 1 : 0) + (command.last ? 1 : 0) + (command.entries.empty() ? 0 : 1) > 1)
        return usage("undo takes entry numbers, --last or --all: one of them");
    return command;
}

std::string findingsText(const std::vector<Finding>& findings, bool colour) {
    if (findings.empty()) return "No problems found: nothing blocks Windows Update that WU Doctor knows of.\n";
    std::string out;
    for (const Finding& f : findings) {
        const std::string label = f.severity == Severity::Problem ? "PROBLEM" : f.severity == Severity::Warning ? "WARNING" : "INFO   ";
        const std::string_view c = f.severity == Severity::Problem   ? ansi::kBoldRed
                                   : f.severity == Severity::Warning ? ansi::kYellow
                                                                     : ansi::kDim;
        out += paint(label, c, colour) + "  " + f.title + "   [" + f.id + "]\n";
        for (const std::string& e : f.evidence) out += "           " + e + "\n";
        out += "         " + f.explanation + "\n";
        out += "         Next step: " + (f.repair.empty() ? f.nextStep : "wudoctor repair " + f.id + "  (" + f.nextStep + ")") + "\n";
    }
    const std::size_t problems = countProblems(findings);
    const auto repairable = std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return offersRepair(f); });
    out += "\n" + std::to_string(problems) + " problem(s), " + std::to_string(findings.size() - problems) +
           " other finding(s).";
    if (repairable > 0) out += " Repair them all: wudoctor repair --all";
    out += "\n";
    return out;
}

ExitCode checkExitCode(const std::vector<Finding>& findings) noexcept {
    return countProblems(findings) > 0 ? ExitCode::ProblemsFound : ExitCode::Ok;
}

ExitCode detectExitCode(const std::vector<Finding>& findings) noexcept {
    return countProblems(findings) > 0 ? ExitCode::Failed : ExitCode::Ok;
}

std::vector<std::string> toArgs(const RepairsCommand& command) {
    std::vector<std::string> args{std::string(toId(command.kind))};
    args.insert(args.end(), command.findings.begin(), command.findings.end());
    for (const int entry : command.entries) args.push_back(std::to_string(entry));
    if (command.all) args.emplace_back("--all");
    if (command.last) args.emplace_back("--last");
    if (command.removeOldBackups) args.emplace_back("--remove-old-backups");
    if (command.json) args.emplace_back("--json");
    return args;
}

}  // namespace wud::cli

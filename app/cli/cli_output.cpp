#include "cli_output.hpp"

#include "wud/catalog.hpp"
#include "wud/report.hpp"

#include <algorithm>
#include <vector>

namespace wud::cli {
namespace {

using nlohmann::json;

using namespace ansi;

bool isProtected(const ServiceSnapshot& s) {
    const CatalogEntry* entry = findInCatalog(s.name);
    return (entry != nullptr && entry->isProtected) || (s.launchProtectedKnown && s.launchProtected);
}

json nullableId(std::optional<std::string_view> id) { return id ? json(std::string(*id)) : json(nullptr); }

std::string_view stateColour(const ServiceSnapshot& s) {
    if (!s.installed) return kDim;
    if (s.state == ServiceState::Running) return kGreen;
    if (isPending(s.state)) return kYellow;
    return {};
}

std::string pidText(std::optional<std::uint32_t> pid) {
    return !pid || *pid == 0 ? std::string("-") : std::to_string(*pid);
}

std::string seconds(Millis duration) {
    const auto tenths = (duration.count() + 50) / 100;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

std::string computerLabel(const RunContext& context) {
    if (!context.computer.empty()) return context.computer;
    return context.localComputerName.empty() ? std::string("this computer") : context.localComputerName;
}

}  // namespace

std::string paint(std::string text, std::string_view colour, bool enabled) {
    if (!enabled || colour.empty()) return text;
    return std::string(colour) + text + std::string(kReset);
}

std::string renderTable(const std::vector<std::vector<Cell>>& rows, bool colour) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], textWidth(row[c].text));
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const bool last = c + 1 == row.size();
            const std::string cell = last ? row[c].text : padRight(row[c].text, widths[c]);
            line += paint(cell, row[c].colour, colour);
            if (!last) line += "  ";
        }
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}


Answer usageAnswer(std::string reason) {
    Answer answer;
    answer.exit = ExitCode::Usage;
    answer.usageError = std::move(reason);
    return answer;
}

json envelope(const RunContext& context, std::string_view command, ExitCode exit, std::string_view verdict) {
    json doc;
    doc["schema_version"] = kJsonSchemaVersion;
    doc["tool"] = "wudoctor";
    doc["version"] = context.appVersion;
    doc["command"] = std::string(command);
    doc["computer"] = computerLabel(context);
    doc["remote"] = !context.computer.empty();
    doc["os"] = context.os ? json(describe(*context.os)) : json(nullptr);
    doc["os_build"] = context.os ? json(context.os->build) : json(nullptr);
    doc["elevated"] = context.elevated;
    doc["exit_code"] = static_cast<int>(exit);
    doc["verdict"] = std::string(verdict);
    doc["log"] = context.logFile.empty() ? json(nullptr) : json(context.logFile);
    return doc;
}

std::string_view verdictOf(ExitCode exit) noexcept {
    switch (exit) {
    case ExitCode::Ok: return "ok";
    case ExitCode::Failed: return "failed";
    case ExitCode::Usage: return "usage_error";
    case ExitCode::NeedsAdmin: return "needs_admin";
    case ExitCode::TimedOut: return "timed_out";
    case ExitCode::NotInstalled: return "not_installed";
    case ExitCode::ProblemsFound: return "problems";
    case ExitCode::Refused: return "refused";
    }
    return "failed";
}

json findingsJson(std::span<const Finding> findings) {
    json list = json::array();
    for (const Finding& f : findings) list.push_back(findingJson(f));
    return list;
}

json serviceJson(const QueryResult& query, const std::optional<OsVersion>& os) {
    const ServiceSnapshot& s = query.snapshot;
    const CatalogEntry* entry = findInCatalog(s.name);
    const bool known = query.error == 0 && s.installed;
    json j;
    j["name"] = entry != nullptr ? std::string(entry->name) : s.name;
    j["display_name"] = known ? json(s.displayName) : json(nullptr);
    j["friendly_name"] = std::string(friendlyNameOf(s.name));
    j["role"] = entry != nullptr ? json(std::string(entry->role)) : json(nullptr);
    j["installed"] = query.error == 0 ? json(s.installed) : json(nullptr);
    j["state"] = known ? nullableId(toId(s.state)) : json(nullptr);
    j["start_type"] = known ? nullableId(toId(s.startType)) : json(nullptr);
    j["default_start_type"] =
        entry != nullptr ? json(std::string(toId(windowsDefault(*entry, os ? os->build : 0)))) : json(nullptr);
    j["pid"] = known ? s.pid : 0;
    j["win32_exit_code"] = known ? s.win32ExitCode : 0;
    j["service_exit_code"] = known ? s.serviceExitCode : 0;
    j["protected"] = isProtected(s);
    j["error_code"] = query.error;
    j["message"] = query.error == 0 ? std::string() : describeError(query.error, {.service = s.name}).message;
    return j;
}

std::string_view statusVerdict(std::span<const StatusRow> rows, ExitCode exit) noexcept {
    for (const StatusRow& row : rows) {
        const Win32Error e = row.query.error;
        if (e == kBadNetPath || e == kRpcServerUnavailable || e == kShutdownInProgress) return "unreachable";
        if (e == kAccessDenied) return "access_denied";
        if (e != 0) return "could_not_query";
    }
    if (exit == ExitCode::NotInstalled) return "not_installed";
    const bool disabled = std::any_of(rows.begin(), rows.end(), [](const StatusRow& row) {
        return row.query.snapshot.installed && row.query.snapshot.startType == StartType::Disabled;
    });
    return disabled ? "disabled" : verdictOf(exit);
}

json statusJson(const RunContext& context, std::span<const StatusRow> rows, ExitCode exit) {
    json doc = envelope(context, "status", exit, statusVerdict(rows, exit));
    json services = json::array();
    for (const StatusRow& row : rows) services.push_back(serviceJson(row.query, context.os));
    doc["services"] = std::move(services);
    return doc;
}

json outcomeJson(const Outcome& o) {
    json j;
    j["name"] = o.service;
    j["action"] = o.action;
    j["ok"] = o.ok;
    j["exit_code"] = static_cast<int>(o.exit);
    j["error_code"] = o.error;
    j["message"] = o.text.message;
    j["advice"] = o.ok ? std::string() : o.text.advice;
    j["duration_ms"] = o.duration.count();
    j["state_before"] = o.stateBefore ? json(std::string(toId(*o.stateBefore))) : json(nullptr);
    j["state_after"] = o.stateAfter ? json(std::string(toId(*o.stateAfter))) : json(nullptr);
    j["pid_before"] = o.pidBefore ? json(*o.pidBefore) : json(nullptr);
    j["pid_after"] = o.pidAfter ? json(*o.pidAfter) : json(nullptr);
    j["start_type_before"] = o.startTypeBefore ? json(std::string(toId(*o.startTypeBefore))) : json(nullptr);
    j["start_type_after"] = o.startTypeAfter ? json(std::string(toId(*o.startTypeAfter))) : json(nullptr);
    j["notes"] = o.notes;
    return j;
}

json actionsJson(const RunContext& context, Verb verb, std::span<const Outcome> outcomes, ExitCode exit) {
    const bool cancelled = std::any_of(outcomes.begin(), outcomes.end(), [](const Outcome& o) { return o.error == kErrCancelled; });
    json doc = envelope(context, toId(verb), exit, cancelled ? std::string_view("cancelled") : verdictOf(exit));
    json results = json::array();
    for (const Outcome& o : outcomes) results.push_back(outcomeJson(o));
    doc["results"] = std::move(results);
    return doc;
}

std::string statusText(const RunContext& context, std::span<const StatusRow> rows, bool colour) {
    std::string out = computerLabel(context);
    if (context.os) out += " | " + describe(*context.os);
    out += context.elevated ? " | administrator\n" : " | standard user (not elevated)\n";

    std::vector<std::vector<Cell>> table{{{"Service", kDim}, {"Display name", kDim}, {"State", kDim},
                                          {"Start type", kDim}, {"PID", kDim}}};
    std::vector<std::string> notes;
    for (const StatusRow& row : rows) {
        const ServiceSnapshot& s = row.query.snapshot;
        if (row.query.error != 0) {
            table.push_back({{s.name, {}}, {"-", {}}, {"unknown", kRed}, {"-", {}}, {"-", {}}});
            notes.push_back(s.name + ": " + describeError(row.query.error, {.service = s.name}).message);
            continue;
        }
        if (!s.installed) {
            table.push_back({{s.name, {}}, {"-", {}}, {"not installed", kDim}, {"-", {}}, {"-", {}}});
            continue;
        }
        const bool disabled = s.startType == StartType::Disabled;
        table.push_back({{s.name, {}},
                         {s.displayName.empty() ? std::string("-") : s.displayName, {}},
                         {std::string(toString(s.state)), stateColour(s)},
                         {std::string(toString(s.startType)), disabled ? kRed : std::string_view{}},
                         {pidText(s.pid), {}}});
        if (disabled)
            notes.push_back(s.name + " is disabled, so Windows will not start it. To set it back to Windows' default: "
                                     "wudoctor repair-start-type " + s.name);
    }
    out += renderTable(table, colour);
    for (const std::string& note : notes) out += paint("! " + note, kYellow, colour) + "\n";
    return out;
}

std::string outcomesText(std::span<const Outcome> outcomes, bool colour) {
    std::vector<std::vector<Cell>> table;
    for (const Outcome& o : outcomes) {
        std::string change;
        if (o.startTypeBefore || o.startTypeAfter)
            change = std::string(toString(o.startTypeBefore.value_or(StartType::Unknown))) + " -> " +
                     std::string(toString(o.startTypeAfter.value_or(StartType::Unknown)));
        else
            change = std::string(toString(o.stateBefore.value_or(ServiceState::Unknown))) + " -> " +
                     std::string(toString(o.stateAfter.value_or(ServiceState::Unknown)));
        const std::string pids = o.pidBefore || o.pidAfter ? "pid " + pidText(o.pidBefore) + " -> " + pidText(o.pidAfter)
                                                           : std::string("-");
        table.push_back({{o.service, {}},
                         {o.action, {}},
                         {o.ok ? "ok" : "FAILED", o.ok ? kGreen : kBoldRed},
                         {change, {}},
                         {pids, {}},
                         {seconds(o.duration), {}},
                         {o.text.message, {}}});
    }
    std::string out = renderTable(table, colour);
    for (const Outcome& o : outcomes) {
        if (!o.ok && !o.text.advice.empty()) out += paint(o.service + ": next step: " + o.text.advice, kYellow, colour) + "\n";
        for (const std::string& note : o.notes) out += o.service + ": " + note + "\n";
    }
    return out;
}

ExitCode statusExitCode(std::span<const StatusRow> rows, bool elevated) {
    ExitCode code = ExitCode::Ok;
    for (const StatusRow& row : rows) code = worst(code, exitCodeForQuery(row.query, row.required, elevated));
    return code;
}

ExitCode worstOf(std::span<const Outcome> outcomes) {
    ExitCode code = ExitCode::Ok;
    for (const Outcome& o : outcomes) code = worst(code, o.exit);
    return code;
}

}  // namespace wud::cli

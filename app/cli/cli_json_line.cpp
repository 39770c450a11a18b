// --json-line (cli_json_line.hpp): each command's short fields, and the cut that keeps the line under the limit.
#include "cli_json_line.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <utility>
#include <vector>

namespace wud::cli {
namespace {

using nlohmann::json;

constexpr std::array kCommonFields{"schema_version", "tool",    "version", "computer", "command",
                                   "exit_code",      "verdict", "log",     "elevated"};

/// Copies the keys that `from` has (and are not null) into `to`.
void copy(const json& from, json& to, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
        if (from.contains(key) && !from.at(key).is_null()) to[key] = from.at(key);
}

/// The items of `list` that `keep` accepts (all without it), each with only `keys`.
json pick(const json& list, std::initializer_list<const char*> keys, bool (*keep)(const json&) = nullptr) {
    json out = json::array();
    for (const json& item : list)
        if (keep == nullptr || keep(item)) copy(item, out.emplace_back(json::object()), keys);
    return out;
}

/// The ids of a list of findings, in its order (problems first).
json ids(const json& findings, const char* key = "id") {
    json out = json::array();
    if (findings.is_array())
        for (const json& f : findings)
            if (f.contains(key)) out.push_back(f.at(key));
    return out;
}

std::size_t countSeverity(const json& findings, std::string_view severity) {
    if (!findings.is_array()) return 0;
    return static_cast<std::size_t>(std::count_if(findings.begin(), findings.end(), [&](const json& f) {
        return f.value("severity", "") == severity;
    }));
}

void findingsSummary(const json& doc, json& line) {
    if (!doc.contains("findings")) return;
    const json& findings = doc.at("findings");
    line["problems"] = countSeverity(findings, "problem");
    line["warnings"] = countSeverity(findings, "warning");
    line["findings"] = ids(findings);
}

void servicesSummary(const json& doc, json& line) {
    if (!doc.contains("services") || !doc.at("services").is_array()) return;
    json list = json::array();
    for (const json& s : doc.at("services")) {
        json item;
        copy(s, item, {"name", "state", "start_type"});
        if (s.value("error_code", 0u) != 0) item["error_code"] = s.at("error_code");
        list.push_back(std::move(item));
    }
    line["services"] = std::move(list);
}

void resultsSummary(const json& doc, json& line) {
    if (!doc.contains("results") || !doc.at("results").is_array()) return;
    json list = json::array();
    for (const json& r : doc.at("results")) {
        json item;
        copy(r, item, {"name", "finding", "entry", "action", "ok", "refused", "state_after", "start_type_after"});
        if (!r.value("ok", true)) {
            if (r.value("error_code", 0u) != 0) item["error_code"] = r.at("error_code");
            copy(r, item, {"message"});
        }
        list.push_back(std::move(item));
    }
    line["results"] = std::move(list);
}

using Projector = std::function<void(const json& doc, json& line)>;

struct CommandLine {
    std::string_view command;
    Projector project;
};

const std::array<CommandLine, 20>& projectors() {
    static const std::array<CommandLine, 20> table{{
        {"status", servicesSummary},
        {"start", resultsSummary},
        {"stop", resultsSummary},
        {"restart", resultsSummary},
        {"fix", resultsSummary},
        {"repair-start-type", resultsSummary},
        {"set-start-type", resultsSummary},
        {"troubleshoot",
         [](const json& d, json& l) {
             copy(d, l, {"ok", "error_code"});
             if (d.contains("target")) l["target"] = d.at("target").value("file", "");
         }},
        {"report",
         [](const json& d, json& l) {
             servicesSummary(d, l);
             findingsSummary(d, l);
         }},
        {"log", [](const json& d, json& l) { copy(d, l, {"fallback"}); }},
        {"check", findingsSummary},
        {"detect",
         [](const json& d, json& l) {
             copy(d, l, {"needs_remediation", "could_not_check"});
             findingsSummary(d, l);
         }},
        {"repair",
         [](const json& d, json& l) {
             resultsSummary(d, l);
             copy(d, l, {"journal"});
             findingsSummary(d, l);
         }},
        {"remediate",
         [](const json& d, json& l) {
             copy(d, l, {"repaired", "not_repaired", "restart_pending", "fix_skipped", "journal"});
             if (d.contains("fix")) {
                 json fix = json::array();
                 for (const json& r : d.at("fix")) {
                     json item;
                     copy(r, item, {"name", "ok", "state_after"});
                     if (!r.value("ok", true)) copy(r, item, {"error_code"});
                     fix.push_back(std::move(item));
                 }
                 l["fix"] = std::move(fix);
             }
             findingsSummary(d, l);
         }},
        {"undo",
         [](const json& d, json& l) {
             copy(d, l, {"journal"});
             if (d.contains("entries")) l["entries"] = pick(d.at("entries"), {"entry", "finding", "state", "this_pc"});
             resultsSummary(d, l);
         }},
        {"reset-cache",
         [](const json& d, json& l) {
             copy(d, l, {"ok", "refused", "entry", "error_code", "journal", "backup_bytes", "freed_bytes"});
             if (d.contains("moved")) l["moved"] = ids(d.at("moved"), "what");
             if (d.contains("removed")) l["removed"] = ids(d.at("removed"), "path");
             if (d.contains("failed")) l["failed"] = d.at("failed");
             if (d.value("refused", false)) l["findings"] = ids(d.value("findings", json::array()));
         }},
        {"explain", [](const json& d, json& l) { copy(d, l, {"input", "code", "known", "name", "action", "finding"}); }},
        {"history",
         [](const json& d, json& l) {
             const json h = d.value("update_history", json::object());
             copy(h, l, {"available", "reason", "error_code", "total_count", "partial"});
             l["failures"] = pick(h.value("entries", json::array()), {"date", "hresult", "title"},
                                  [](const json& e) { return e.value("failed", false); });
         }},
        {"repair-system",
         [](const json& d, json& l) {
             copy(d, l, {"scan_only", "refused"});
             if (d.contains("dism")) l["dism"] = d.at("dism").value("outcome", "");
             if (d.contains("sfc")) {
                 l["sfc"] = d.at("sfc").value("outcome", "");
                 l["files"] = ids(d.at("sfc").value("files", json::array()), "name");
             }
         }},
        {"scan",
         [](const json& d, json& l) {
             const json s = d.value("scan", json::object());
             copy(s, l, {"outcome", "available", "reason", "error_code", "update_count"});
             json kbs = json::array();
             for (const json& u : s.value("updates", json::array())) {
                 const json kb = u.value("kb", json::array());
                 kbs.push_back(kb.empty() ? u.value("title", json("")) : kb.front());
             }
             l["updates"] = std::move(kbs);
             l["causes"] = ids(s.value("causes", json::array()));
         }},
    }};
    return table;
}

std::string dumpAscii(const json& j) {
    // ensure_ascii: everything past 0x7F as \uXXXX (surrogate pairs beyond the BMP); invalid UTF-8 as U+FFFD.
    return j.dump(-1, ' ', true, json::error_handler_t::replace);
}

/// The node anywhere in `j` with the longest text among those `wanted` accepts, or nullptr; size: that length.
json* largest(json& j, bool (*wanted)(const json&), std::size_t& size) {
    json* best = nullptr;
    size = 0;
    const std::function<void(json&)> visit = [&](json& node) {
        if (wanted(node)) {
            const std::size_t s = dumpAscii(node).size();
            if (s > size) {
                size = s;
                best = &node;
            }
        }
        if (node.is_structured())
            for (json& child : node) visit(child);
    };
    visit(j);
    return best;
}

/// The biggest array anywhere in `j` (by its text) that still has items, or nullptr.
json* biggestList(json& j, std::size_t& size) {
    return largest(j, [](const json& node) { return node.is_array() && !node.empty(); }, size);
}

/// The longest string anywhere in `j`, or nullptr.
json* longestText(json& j) {
    std::size_t size = 0;
    return largest(j, [](const json& node) { return node.is_string(); }, size);
}

/// Drops the last items of the biggest lists (problems and failures come first in each) until the line fits, and
/// says in "omitted" how many items each of the line's own lists lost. Returns the line's text.
std::string cutLists(json& line) {
    std::vector<std::pair<std::string, std::size_t>> counts;
    line["omitted"] = json::object();  // there from the start, so the cut makes room for it
    for (const auto& [key, value] : line.items())
        if (value.is_array()) {
            counts.emplace_back(key, value.size());
            line["omitted"][key] = 0;
        }
    std::string text = dumpAscii(line);
    for (std::size_t size = 0; text.size() > kMaxJsonLine;) {
        json* list = biggestList(line, size);
        if (list == nullptr) break;
        // Drop enough items at once that a list of thousands does not cost thousands of dumps.
        const std::size_t over = text.size() - kMaxJsonLine;
        const std::size_t perItem = std::max<std::size_t>(1, size / list->size());
        const std::size_t drop = std::clamp<std::size_t>(over / perItem, 1, list->size());
        list->erase(list->end() - static_cast<std::ptrdiff_t>(drop), list->end());
        for (const auto& [key, count] : counts) line["omitted"][key] = count - line[key].size();
        text = dumpAscii(line);
    }
    json& omitted = line["omitted"];
    for (const auto& [key, count] : counts)
        if (omitted[key] == 0) omitted.erase(key);
    if (omitted.empty()) line.erase("omitted");
    return dumpAscii(line);
}

/// Cuts a string to about half its length, at a code point boundary, ending in "...".
void halve(json& text) {
    const std::string s = text.get<std::string>();
    std::size_t cut = s.size() / 2;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    text = s.substr(0, cut) + "...";
}

}  // namespace

json shortFields(const json& document) {
    json line = json::object();
    // A usage error's line has "command": null (no command was read).
    const json& named = document.contains("command") ? document.at("command") : json();
    const std::string command = named.is_string() ? named.get<std::string>() : std::string();
    for (const CommandLine& c : projectors())
        if (c.command == command) c.project(document, line);
    // A failure says why in plain words, whatever the command.
    if (document.value("exit_code", 0) != 0) copy(document, line, {"message", "advice"});
    return line;
}

std::string jsonLine(const json& document) {
    json line = json::object();
    for (const char* key : kCommonFields)
        if (document.contains(key)) line[key] = document.at(key);
    const json fields = shortFields(document);  // a named value: items() of a temporary would dangle
    for (const auto& [key, value] : fields.items()) line[key] = value;

    std::string text = dumpAscii(line);
    if (text.size() > kMaxJsonLine) {
        line["truncated"] = true;
        text = cutLists(line);
        // Then the longest texts (a computer name or a path full of escapes), halved until it fits.
        while (text.size() > kMaxJsonLine) {
            json* longest = longestText(line);
            if (longest == nullptr || longest->get<std::string>().size() <= 3) break;
            halve(*longest);
            text = dumpAscii(line);
        }
    }
    return text + "\n";
}

std::string usageErrorLine(std::string_view appVersion, std::string_view computer, std::string_view reason) {
    json line;
    line["schema_version"] = 1;
    line["tool"] = "wudoctor";
    line["version"] = std::string(appVersion);
    line["computer"] = std::string(computer);
    line["command"] = nullptr;
    line["exit_code"] = static_cast<int>(ExitCode::Usage);
    line["verdict"] = "usage_error";
    line["log"] = nullptr;
    line["message"] = std::string(reason);
    return jsonLine(line);
}

}  // namespace wud::cli

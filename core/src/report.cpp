#include "wud/report.hpp"

#include "wud/catalog.hpp"
#include "wud/error_text.hpp"
#include "wud/text.hpp"

#include <algorithm>
#include <array>

namespace wud {
namespace {

bool isCombining(char32_t cp) noexcept {
    return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
           (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0x200B || cp == 0x200D;
}

bool isWide(char32_t cp) noexcept {
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF && cp != 0x303F) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
           (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
           (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

std::string orDash(std::string_view text) { return text.empty() ? std::string("-") : std::string(text); }

std::string pidText(std::uint32_t pid) { return pid == 0 ? std::string("-") : std::to_string(pid); }

std::string exitText(const ServiceSnapshot& s) {
    if (!s.installed) return "-";
    std::string text = std::to_string(s.win32ExitCode);
    if (s.win32ExitCode == kServiceSpecific) text += "/" + std::to_string(s.serviceExitCode);
    return text;
}

StartType defaultFor(std::string_view name, const OsVersion& os, bool& known) {
    const CatalogEntry* entry = findInCatalog(name);
    known = entry != nullptr;
    return entry != nullptr ? windowsDefault(*entry, os.build) : StartType::Unknown;
}

// A plain table: rows of cells, each column as wide as its widest cell, two spaces between columns.
std::string table(const std::vector<std::vector<std::string>>& rows, std::string_view indent) {
    std::vector<std::size_t> widths;
    for (const auto& row : rows) {
        widths.resize(std::max(widths.size(), row.size()), 0);
        for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], textWidth(row[c]));
    }
    std::string out;
    for (const auto& row : rows) {
        std::string line(indent);
        for (std::size_t c = 0; c < row.size(); ++c)
            line += c + 1 < row.size() ? padRight(row[c], widths[c] + 2) : row[c];
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line + "\n";
    }
    return out;
}

std::vector<std::string> findings(const ReportInput& input) {
    std::vector<std::string> out;
    for (const ServiceSnapshot& s : input.services) {
        const std::string who = s.name + " (" + std::string(friendlyNameOf(s.name)) + ")";
        if (!s.installed) {
            out.push_back(who + " is not installed.");
            continue;
        }
        bool known = false;
        const StartType def = defaultFor(s.name, input.os, known);
        if (s.startType == StartType::Disabled) {
            out.push_back(who + " is disabled, so Windows will not start it. Windows' default is " +
                          std::string(toString(def)) + ": use Repair start type (wudoctor repair-start-type " +
                          s.name + ").");
        } else if (known && s.startType != StartType::Unknown && s.startType != def) {
            out.push_back(who + " starts " + std::string(toString(s.startType)) + "; Windows' default is " +
                          std::string(toString(def)) + ".");
        }
        if (s.state == ServiceState::Stopped && s.win32ExitCode != 0 && s.win32ExitCode != kNeverStarted) {
            ErrorContext context{.service = s.name, .state = s.state, .exitCode = s.serviceExitCode};
            out.push_back("Last stop: " + describeError(s.win32ExitCode, context).message);
        }
        if (isPending(s.state)) out.push_back(who + " is " + std::string(toPlain(s.state)) + ".");
    }
    return out;
}

}  // namespace

std::size_t textWidth(std::string_view utf8) noexcept {
    std::size_t width = 0;
    for (std::size_t i = 0; i < utf8.size();) {
        // Invalid bytes count as themselves, one at a time.
        const Utf8Char c = decodeUtf8(utf8, i);
        const char32_t cp = c.codePoint;
        i += c.length;
        if (isCombining(cp)) continue;
        width += isWide(cp) ? 2 : 1;
    }
    return width;
}

std::string padRight(std::string_view utf8, std::size_t width) {
    std::string out(utf8);
    const std::size_t have = textWidth(utf8);
    if (have < width) out.append(width - have, ' ');
    return out;
}

std::string buildReport(const ReportInput& input) {
    std::string out = "WU Doctor " + orDash(input.appVersion) + " report\n";
    std::vector<std::vector<std::string>> head;
    if (!input.generatedAt.empty()) head.push_back({"Generated", input.generatedAt});
    head.push_back({"Computer", input.computer.empty() ? std::string("this computer") : input.computer});
    head.push_back({"Windows", input.os.major == 0 ? std::string("unknown") : describe(input.os)});
    head.push_back({"Rights", input.elevated ? "administrator" : "standard user (not elevated)"});
    if (!input.renderer.empty()) head.push_back({"Window drawn with", input.renderer});
    head.push_back({"Log folder", input.logFolder.empty() ? std::string("none (logging is off)") : input.logFolder});
    out += table(head, "");

    out += "\nServices\n";
    std::vector<std::vector<std::string>> rows{
        {"Service", "Display name", "State", "Start type", "Windows default", "PID", "Last exit"}};
    for (const ServiceSnapshot& s : input.services) {
        bool known = false;
        const StartType def = defaultFor(s.name, input.os, known);
        if (!s.installed) {
            rows.push_back({s.name, "-", "not installed", "-", known ? std::string(toString(def)) : "-", "-", "-"});
            continue;
        }
        rows.push_back({s.name, orDash(s.displayName), std::string(toString(s.state)),
                        std::string(toString(s.startType)), known ? std::string(toString(def)) : "-",
                        pidText(s.pid), exitText(s)});
    }
    out += table(rows, "  ");

    out += "\nNeeds attention\n";
    const auto notes = findings(input);
    if (notes.empty()) out += "  nothing\n";
    for (const std::string& note : notes) out += "  - " + note + "\n";

    if (input.findings) {
        out += "\nChecks (what blocks Windows Update)\n";
        if (input.findings->empty()) out += "  nothing found\n";
        for (const Finding& f : *input.findings) {
            out += "  " + std::string(toId(f.severity)) + ": " + f.title + " [" + f.id + "]\n";
            for (const std::string& e : f.evidence) out += "      " + e + "\n";
        }
    }

    if (input.updateHistory) {
        out += "\nLast update results (Windows Update history)\n";
        out += historyText(*input.updateHistory);
    }
    if (input.updateChecks) {
        out += "\nChecking for updates\n";
        out += updateChecksText(*input.updateChecks);
    }

    if (!input.recentActions.empty()) {
        out += "\nRecent actions\n";
        std::vector<std::vector<std::string>> actions;
        for (const ActionResult& a : input.recentActions) {
            actions.push_back({std::string(toId(a.action)), a.service, a.ok ? "ok" : "FAILED",
                               std::string(toString(a.stateBefore)) + " -> " + std::string(toString(a.stateAfter)),
                               "pid " + pidText(a.pidBefore) + " -> " + pidText(a.pidAfter),
                               std::to_string(a.duration.count()) + " ms", a.text.message});
        }
        out += table(actions, "  ");
        for (const ActionResult& a : input.recentActions) {
            if (!a.ok && !a.text.advice.empty()) out += "  " + a.service + ": " + a.text.advice + "\n";
        }
    }
    if (!input.recentStartTypeChanges.empty()) {
        out += "\nStart type changes\n";
        std::vector<std::vector<std::string>> changes;
        for (const StartTypeChange& c : input.recentStartTypeChanges) {
            changes.push_back({c.service, std::string(toString(c.oldType)) + " -> " + std::string(toString(c.newType)),
                               c.ok ? "ok" : "FAILED: " + c.text.message});
        }
        out += table(changes, "  ");
    }
    return out;
}

}  // namespace wud

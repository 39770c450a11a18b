#include "cli_repairs.hpp"

#include "cli_output.hpp"

#include "wud/automatic_updates.hpp"
#include "wud/clock.hpp"
#include "wud/journal_guard.hpp"
#include "wud/journal_session.hpp"
#include "wud/log.hpp"
#include "wud/system.hpp"
#include "wud/win32/crypto.hpp"
#include "wud/win32/lock_finder.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"
#include "wud/write_places.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/logger.h>

#include <windows.h>

#include <algorithm>


namespace wud::cli {
namespace {

using nlohmann::json;
using Kind = RepairsCommand::Kind;

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kRed = "\x1b[1;31m";
constexpr std::string_view kYellow = "\x1b[33m";
constexpr std::string_view kDim = "\x1b[2m";

std::string paint(const std::string& text, std::string_view colour, bool enabled) {
    return enabled ? std::string(colour) + text + std::string(kReset) : text;
}

}  // namespace

json findingJson(const Finding& f) {
    return json{{"id", f.id},
                {"severity", std::string(toId(f.severity))},
                {"title", f.title},
                {"evidence", f.evidence},
                {"explanation", f.explanation},
                {"next_step", f.nextStep},
                {"repairable", !f.repair.empty()}};
}

std::string findingsText(const std::vector<Finding>& findings, bool colour) {
    if (findings.empty()) return "No problems found: nothing blocks Windows Update that WU Doctor knows of.\n";
    std::string out;
    for (const Finding& f : findings) {
        const std::string label = f.severity == Severity::Problem ? "PROBLEM" : f.severity == Severity::Warning ? "WARNING" : "INFO   ";
        const std::string_view c = f.severity == Severity::Problem ? kRed : f.severity == Severity::Warning ? kYellow : kDim;
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

namespace {

/// One run of check / repair / undo against this computer.
class RepairsRunner {
public:
    RepairsRunner(Console& console, const RepairsCommand& command) : console_(console), command_(command) {
        context_.appVersion = WUD_VERSION;
        context_.localComputerName = machine_.computerName();
        context_.os = osVersion();
        context_.elevated = isElevated();
    }

    ExitCode run() {
        if (command_.kind == Kind::ResetCache) return command_.removeOldBackups ? removeBackups() : resetCache();
        findings_ = check();
        switch (command_.kind) {
        case Kind::Check: return checkOnly();
        case Kind::Repair: return repair();
        case Kind::Undo: return undo();
        case Kind::ResetCache: break;
        }
        return ExitCode::Usage;
    }

private:
    std::vector<Finding> check() {
        CheckContext context{machine_, scm_, osBuild()};
        context.automaticUpdates = automaticUpdates_.get();  // the `last-check` finding
        auto findings = runChecks(context);
        for (const Finding& f : findings) {
            std::string evidence;
            for (const std::string& e : f.evidence) evidence += (evidence.empty() ? "" : " | ") + e;
            log::get().info("check finding={} severity={} evidence={}", f.id, toId(f.severity), evidence);
        }
        return findings;
    }

    json doc(ExitCode exit) {
        json d = envelope(context_, Verb::Status, exit);
        d["command"] = std::string(toId(command_.kind));
        return d;
    }
    void emit(const json& d) { console_.out(d.dump(2, ' ', false, json::error_handler_t::replace) + "\n"); }
    static json findingsJson(const std::vector<Finding>& findings) {
        json list = json::array();
        for (const Finding& f : findings) list.push_back(findingJson(f));
        return list;
    }

    ExitCode usageError(const std::string& reason) {
        console_.err("wudoctor: " + reason + "\n");
        log::get().info("result command={} exit_code=2 ({})", toId(command_.kind), reason);
        return ExitCode::Usage;
    }

    /// Fails (exit 1) with a message when the journal cannot be used; nothing is changed then.
    ExitCode journalProblem(const std::string& message, const std::string& advice) {
        log::get().warn("{} journal: {}", toId(command_.kind), message);
        if (command_.json) {
            json d = doc(ExitCode::Failed);
            d["journal"] = journalPath_;
            d["message"] = message;
            d["advice"] = advice;
            emit(d);
        } else {
            console_.err("wudoctor: " + message + "\nNext step: " + advice + "\n");
        }
        return ExitCode::Failed;
    }

    bool openJournal(ExitCode& failure) {
        session_.emplace(JournalTools{machine_, scm_, clock_, locks_, guard_, osBuild()},
                         journalPathIn(log::current().folder));
        journalPath_ = session_->path();
        if (session_->usable()) return true;
        failure = journalProblem(session_->problem(), session_->advice());
        return false;
    }
    std::uint32_t osBuild() const { return context_.os ? context_.os->build : 19045; }
    const Journal& journal() const { return session_->journal(); }

    ExitCode checkOnly() {
        const ExitCode exit = checkExitCode(findings_);
        log::get().info("result command=check exit_code={} problems={}", static_cast<int>(exit), countProblems(findings_));
        if (command_.json) {
            json d = doc(exit);
            d["problems"] = countProblems(findings_);
            d["findings"] = findingsJson(findings_);
            emit(d);
        } else {
            console_.out(findingsText(findings_, console_.colour()));
        }
        return exit;
    }

    ExitCode repair() {
        std::vector<const Finding*> chosen;
        if (command_.all) {
            for (const Finding& f : findings_)
                if (offersRepair(f)) chosen.push_back(&f);
        } else {
            // Every id first: one unknown id and nothing is repaired.
            for (const std::string& id : command_.findings) {
                const Finding* f = findFinding(findings_, id);
                if (f == nullptr)
                    return usageError("there is no finding " + quoteForMessage(id) +
                                      " on this PC now (run wudoctor check to see the ids); nothing was changed");
                if (f->repair.empty())
                    return usageError(quoteForMessage(id) + " has no automatic repair; nothing was changed. " + f->nextStep);
                chosen.push_back(f);
            }
        }
        ExitCode exit = ExitCode::Ok;
        if (!chosen.empty() && !openJournal(exit)) return exit;

        std::vector<RepairResult> results;
        for (const Finding* f : chosen) {
            results.push_back(session_->repair(*f, localTimeText()));
            const RepairResult& r = results.back();
            if (!r.ok)
                exit = worst(exit, r.error == kAccessDenied && !context_.elevated ? ExitCode::NeedsAdmin : ExitCode::Failed);
        }
        const std::vector<Finding> remaining = chosen.empty() ? findings_ : check();
        log::get().info("result command=repair exit_code={} repaired={} remaining_problems={}", static_cast<int>(exit),
                        std::count_if(results.begin(), results.end(), [](const RepairResult& r) { return r.ok; }),
                        countProblems(remaining));
        if (command_.json) {
            json d = doc(exit);
            d["journal"] = journalPath_.empty() ? json(nullptr) : json(journalPath_);
            json list = json::array();
            for (const RepairResult& r : results)
                list.push_back(json{{"finding", r.findingId}, {"ok", r.ok}, {"entry", r.entry}, {"changed", r.changed},
                                    {"message", r.message}, {"advice", r.advice}, {"error_code", r.error}});
            d["results"] = std::move(list);
            d["problems"] = countProblems(remaining);
            d["findings"] = findingsJson(remaining);
            emit(d);
        } else {
            std::string out;
            if (results.empty()) out += "Nothing to repair: no finding has an automatic repair.\n";
            for (const RepairResult& r : results) {
                out += r.message + "\n";
                for (const std::string& c : r.changed) out += "    " + c + "\n";
                if (!r.ok && !r.advice.empty()) out += "    Next step: " + r.advice + "\n";
            }
            if (!journalPath_.empty()) out += "Undo journal: " + journalPath_ + "\n";
            const std::size_t left = countProblems(remaining);
            out += left == 0 ? std::string("No problems left.\n")
                             : std::to_string(left) + " problem(s) left: run wudoctor check to see them.\n";
            console_.out(out);
        }
        return exit;
    }

    ExitCode undo() {
        ExitCode exit = ExitCode::Ok;
        if (!openJournal(exit)) return exit;
        const MachineId here = thisMachine(machine_);
        const bool list = !command_.all && !command_.last && command_.entries.empty();
        std::vector<int> ids;
        if (command_.all) ids = undoableEntries(journal(), here);
        else if (command_.last) {
            const auto undoable = undoableEntries(journal(), here);
            if (!undoable.empty()) ids.push_back(undoable.front());
        } else {
            for (const int id : command_.entries)
                if (journal().find(id) == nullptr)
                    return usageError("there is no journal entry " + std::to_string(id) +
                                      " (run wudoctor undo to list them); nothing was changed");
            ids = command_.entries;
        }

        if (list) {
            log::get().info("result command=undo (list) entries={}", journal().entries.size());
            if (command_.json) {
                json d = doc(exit);
                d["journal"] = journalPath_;
                json entries = json::array();
                for (const JournalEntry& e : journal().entries) {
                    json changes = json::array();
                    for (const JournalChange& c : e.changes) changes.push_back(describe(c));
                    entries.push_back(json{{"entry", e.id}, {"time", e.time}, {"finding", e.findingId}, {"title", e.title},
                                           {"state", std::string(toId(e.state))}, {"computer", e.machine.computer},
                                           {"this_pc", sameMachine(e.machine, here)}, {"changes", std::move(changes)}});
                }
                d["entries"] = std::move(entries);
                emit(d);
            } else if (journal().entries.empty()) {
                console_.out("The undo journal is empty: no repair has been made here. (" + journalPath_ + ")\n");
            } else {
                std::string out = "Undo journal " + journalPath_ + ":\n";
                for (const JournalEntry& e : journal().entries) {
                    out += "  " + std::to_string(e.id) + "  " + e.time + "  " + std::string(toId(e.state)) + "  " +
                           e.findingId + "  " + e.title +
                           (sameMachine(e.machine, here) ? std::string() : "  (written on " + e.machine.computer + ")") + "\n";
                    for (const JournalChange& c : e.changes) out += "       " + describe(c) + "\n";
                }
                out += "Undo one: wudoctor undo <entry>   the last: wudoctor undo --last   all: wudoctor undo --all\n";
                console_.out(out);
            }
            return exit;
        }

        std::vector<UndoResult> results;
        for (const int id : ids) {
            results.push_back(session_->undo(id, localTimeText(), progressOptions()));  // a reset's: its services stopped
            if (!results.back().ok) exit = worst(exit, results.back().refused ? ExitCode::Refused : ExitCode::Failed);
        }
        log::get().info("result command=undo exit_code={} entries={}", static_cast<int>(exit), results.size());
        if (command_.json) {
            json d = doc(exit);
            d["journal"] = journalPath_;
            json list2 = json::array();
            for (const UndoResult& r : results)
                list2.push_back(json{{"entry", r.entry}, {"finding", r.findingId}, {"ok", r.ok}, {"refused", r.refused},
                                     {"restored", r.restored},
                                     {"left_alone", r.leftAlone}, {"message", r.message}, {"advice", r.advice}});
            d["results"] = std::move(list2);
            emit(d);
        } else {
            std::string out;
            if (results.empty()) out += "Nothing to undo on this PC.\n";
            for (const UndoResult& r : results) {
                out += r.message + "\n";
                for (const std::string& c : r.restored) out += "    put back: " + c + "\n";
                if (!r.ok && !r.advice.empty()) out += "    Next step: " + r.advice + "\n";
            }
            console_.out(out);
        }
        return exit;
    }

    /// The services' stops and starts as progress lines, on a console only (never into JSON or a pipe).
    OperationOptions progressOptions() {
        OperationOptions options;
        if (!command_.json && console_.errIsConsole())
            options.progress = [this](const Progress& p) {
                if (p.step == Progress::Step::Stopping || p.step == Progress::Step::Starting) console_.err(p.text + "\n");
            };
        return options;
    }

    static json backupsJson(const std::vector<Backup>& backups) {
        json list = json::array();
        for (const Backup& b : backups) list.push_back(json{{"path", b.path}, {"stamp", b.stamp}, {"bytes", b.bytes}});
        return list;
    }
    static std::uint64_t totalBytes(const std::vector<Backup>& backups) {
        std::uint64_t total = 0;
        for (const Backup& b : backups) total += b.bytes;
        return total;
    }
    static std::string backupsText(const std::vector<Backup>& backups) {
        if (backups.empty()) return "No backups of the Windows Update cache.\n";
        std::string out = "Backups of the Windows Update cache take " + sizeText(totalBytes(backups)) + ":\n";
        for (const Backup& b : backups) out += "    " + b.path + "  (" + sizeText(b.bytes) + ")\n";
        if (backups.size() > 1) out += "Delete all but the last reset's: wudoctor reset-cache --remove-old-backups\n";
        return out;
    }

    ExitCode resetCache() {
        ExitCode exit = ExitCode::Ok;
        if (!openJournal(exit)) return exit;
        const std::string now = localTimeText();
        const ResetPlan plan = session_->planReset(now);
        if (plan.restartPending) {
            const ResetResult refused = session_->reset(plan, now);  // changes nothing: says why
            log::get().info("result command=reset-cache exit_code=7 refused: {}", refused.message);
            if (command_.json) {
                json d = doc(ExitCode::Refused);
                d["refused"] = true;
                d["ok"] = false;
                d["message"] = refused.message;
                d["advice"] = refused.advice;
                d["findings"] = json::array({findingJson(*plan.restartPending)});
                emit(d);
            } else {
                std::string out = refused.message + "\n";
                for (const std::string& e : plan.restartPending->evidence) out += "    " + e + "\n";
                out += "Next step: " + refused.advice + "\n";
                console_.out(out);
            }
            return ExitCode::Refused;
        }
        const std::vector<std::string> steps = plan.steps();
        if (!command_.json) {
            std::string out = "Resetting the Windows Update cache. WU Doctor will:\n";
            for (std::size_t i = 0; i < steps.size(); ++i) out += "  " + std::to_string(i + 1) + ". " + steps[i] + "\n";
            out += "Nothing is deleted: the undo journal is written before anything moves.\n";
            console_.out(out);
        }
        log::get().info("reset-cache plan: {}", fmt::format("{}", fmt::join(steps, " | ")));
        const ResetResult r = session_->reset(plan, now, progressOptions());
        if (!r.ok) {
            exit = ExitCode::Failed;
            for (const ServiceStep& s : r.services) {
                if (s.stop && !s.stop->ok) exit = exitCodeFor(false, s.stop->error, s.service, context_.elevated);
            }
            if (r.error == kAccessDenied && !context_.elevated) exit = ExitCode::NeedsAdmin;
        }
        const std::vector<Backup> backups = findBackups(machine_);
        log::get().info("result command=reset-cache exit_code={} entry={} message={}", static_cast<int>(exit), r.entry, r.message);
        if (command_.json) {
            json d = doc(exit);
            d["refused"] = false;
            d["ok"] = r.ok;
            d["message"] = r.message;
            d["advice"] = r.advice;
            d["error_code"] = r.error;
            d["plan"] = steps;
            d["entry"] = r.entry;
            d["journal"] = journalPath_;
            json services = json::array();
            for (const ServiceStep& s : r.services)
                services.push_back(json{{"name", s.service}, {"was_running", s.wasRunning},
                                        {"stopped", s.stop && s.stop->ok},
                                        {"started_again", s.start ? json(s.start->ok) : json(nullptr)},
                                        {"dependents", s.dependents},
                                        {"message", s.start ? s.start->text.message : s.stop ? s.stop->text.message : ""}});
            d["services"] = std::move(services);
            json moved = json::array();
            for (const PlannedMove& m : r.moved) moved.push_back(json{{"what", m.what}, {"from", m.from}, {"to", m.to}, {"bytes", m.bytes}});
            d["moved"] = std::move(moved);
            d["rolled_back"] = r.rollback;
            if (!r.lockedPath.empty()) {
                json holders = json::array();
                for (const LockHolder& h : r.holders) holders.push_back(json{{"pid", h.pid}, {"name", h.name}, {"service", h.service}});
                d["locked"] = json{{"path", r.lockedPath}, {"processes", std::move(holders)}};
            } else {
                d["locked"] = nullptr;
            }
            d["backups"] = backupsJson(backups);
            d["backup_bytes"] = totalBytes(backups);
            emit(d);
        } else {
            std::string out = r.message + "\n";
            for (const PlannedMove& m : r.moved) out += "    moved " + m.from + " -> " + m.to + "\n";
            for (const std::string& line : r.rollback) out += "    put back: " + line + "\n";
            if (!r.advice.empty()) out += "Next step: " + r.advice + "\n";
            if (r.entry != 0) out += "Undo journal: " + journalPath_ + "\n";
            out += backupsText(backups);
            console_.out(out);
        }
        return exit;
    }

    ExitCode removeBackups() {
        ExitCode exit = ExitCode::Ok;
        if (!openJournal(exit)) return exit;
        const RemoveResult r = session_->removeOldBackups();
        if (!r.ok) exit = ExitCode::Failed;
        log::get().info("result command=reset-cache --remove-old-backups exit_code={} removed={} freed={}",
                        static_cast<int>(exit), r.removed.size(), r.freed);
        if (command_.json) {
            json d = doc(exit);
            d["removed"] = backupsJson(r.removed);
            d["freed_bytes"] = r.freed;
            d["kept"] = backupsJson(r.kept);
            d["backup_bytes"] = totalBytes(r.kept);
            d["failed"] = r.failed;
            emit(d);
        } else {
            std::string out = r.removed.empty() ? std::string("No old backups to delete.\n")
                                                : "Deleted " + std::to_string(r.removed.size()) + " old backup(s), " +
                                                      sizeText(r.freed) + " freed:\n";
            for (const Backup& b : r.removed) out += "    " + b.path + "\n";
            for (const std::string& f : r.failed) out += "    not deleted: " + f + "\n";
            if (!r.failed.empty()) out += "Next step: run WU Doctor as administrator, or restart and try again.\n";
            out += "Kept (the last reset's): " + std::string(r.kept.empty() ? "none" : "") + "\n";
            for (const Backup& b : r.kept) out += "    " + b.path + "  (" + sizeText(b.bytes) + ")\n";
            console_.out(out);
        }
        return exit;
    }

    Console& console_;
    const RepairsCommand& command_;
    Win32MachineAccess machine_;
    Win32ServiceManager scm_;
    std::unique_ptr<AutomaticUpdatesSource> automaticUpdates_ = makeWindowsAutomaticUpdates();
    SteadyClock clock_;
    Win32LockFinder locks_;
    Win32Crypto crypto_;
    RunContext context_;
    JournalGuard guard_{machine_, crypto_, isElevated()};
    std::vector<Finding> findings_;
    std::string journalPath_;
    std::optional<JournalSession> session_;
};

}  // namespace

int runRepairsCommand(Console& console, const RepairsCommand& command, const std::string& exeDir,
                     const std::string& commandLineForLog) {
    const log::Setup setup = openLog(exeDir);
    if (!setup.warning.empty()) console.err("wudoctor: warning: " + setup.warning + "\n");
    log::get().info("{} (version {})", commandLineForLog, WUD_VERSION);
    RepairsRunner runner(console, command);
    const ExitCode exit = runner.run();
    log::shutdown();
    return static_cast<int>(exit);
}

}  // namespace wud::cli

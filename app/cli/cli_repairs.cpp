#include "cli_repairs.hpp"

#include "cli_output.hpp"

#include "wud/automatic_updates.hpp"
#include "wud/clock.hpp"
#include "wud/journal_guard.hpp"
#include "wud/journal_session.hpp"
#include "wud/log.hpp"
#include "wud/operations.hpp"
#include "wud/system.hpp"
#include "wud/win32/crypto.hpp"
#include "wud/win32/lock_finder.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/logger.h>

#include <algorithm>

namespace wud::cli {
namespace {

using nlohmann::json;
using Kind = RepairsCommand::Kind;
using namespace ansi;

bool couldNotCheck(const Finding& f) { return f.id.find("could-not-check") != std::string::npos; }

/// The fields repair and undo results share (finding, entry, ok, message, advice), then each kind's own.
template <typename Result, typename Own>
json resultsJson(const std::vector<Result>& results, Own own) {
    json list = json::array();
    for (const Result& r : results) {
        json& item = list.emplace_back();
        item["finding"] = r.findingId;
        item["entry"] = r.entry;
        item["ok"] = r.ok;
        item["message"] = r.message;
        item["advice"] = r.advice;
        own(r, item);
    }
    return list;
}

json repairResultsJson(const std::vector<RepairResult>& results) {
    return resultsJson(results, [](const RepairResult& r, json& item) {
        item["changed"] = r.changed;
        item["error_code"] = r.error;
    });
}

std::string repairResultsText(const std::vector<RepairResult>& results) {
    std::string out;
    for (const RepairResult& r : results) {
        out += r.message + "\n";
        for (const std::string& c : r.changed) out += "    " + c + "\n";
        if (!r.ok && !r.advice.empty()) out += "    Next step: " + r.advice + "\n";
    }
    return out;
}

std::string problemsLeftText(const std::vector<Finding>& remaining) {
    const std::size_t left = countProblems(remaining);
    return left == 0 ? std::string("No problems left.\n")
                     : std::to_string(left) + " problem(s) left: run wudoctor check to see them.\n";
}

json backupsJson(const std::vector<Backup>& backups) {
    json list = json::array();
    for (const Backup& b : backups) list.push_back(json{{"path", b.path}, {"stamp", b.stamp}, {"bytes", b.bytes}});
    return list;
}
std::uint64_t totalBytes(const std::vector<Backup>& backups) {
    std::uint64_t total = 0;
    for (const Backup& b : backups) total += b.bytes;
    return total;
}
std::string backupsText(const std::vector<Backup>& backups) {
    if (backups.empty()) return "No backups of the Windows Update cache.\n";
    std::string out = "Backups of the Windows Update cache take " + sizeText(totalBytes(backups)) + ":\n";
    for (const Backup& b : backups) out += "    " + b.path + "  (" + sizeText(b.bytes) + ")\n";
    if (backups.size() > 1) out += "Delete all but the last reset's: wudoctor reset-cache --remove-old-backups\n";
    return out;
}

/// One run of check / detect / repair / remediate / undo / reset-cache against this computer.
class RepairsRunner {
public:
    RepairsRunner(Session& session, const RepairsCommand& command)
        : session_(session), command_(command), context_(session.context()) {}

    Answer run() {
        if (command_.kind == Kind::ResetCache) return command_.removeOldBackups ? removeBackups() : resetCache();
        findings_ = check();
        switch (command_.kind) {
        case Kind::Check: return checkOnly();
        case Kind::Detect: return detect();
        case Kind::Repair: return repair();
        case Kind::Remediate: return remediate();
        case Kind::Undo: return undo();
        case Kind::ResetCache: break;
        }
        return usageAnswer("unknown command");
    }

private:
    std::vector<Finding> check() {
        CheckContext context{*machine_, scm_, osBuild()};
        context.automaticUpdates = automaticUpdates_.get();  // the `last-check` finding
        auto findings = runChecks(context);
        for (const Finding& f : findings)
            log::get().info("check finding={} severity={} evidence={}", f.id, toId(f.severity),
                            fmt::format("{}", fmt::join(f.evidence, " | ")));
        return findings;
    }

    Answer answer(ExitCode exit, std::string_view verdict, std::string text = {}) const {
        return Answer{exit, envelope(context_, toId(command_.kind), exit, verdict), std::move(text), {}};
    }
    bool colour() { return session_.console().colour(); }
    std::uint32_t osBuild() const { return context_.os ? context_.os->build : 19045; }
    const Journal& journal() const { return session_j_->journal(); }

    /// The journal cannot be used: exit 1, nothing changed; the message on stderr in text mode.
    Answer journalProblem(const std::string& message, const std::string& advice) {
        log::get().warn("{} journal: {}", toId(command_.kind), message);
        Answer a = answer(ExitCode::Failed, "journal_unusable");
        a.doc["journal"] = journalPath_;
        a.doc["message"] = message;
        a.doc["advice"] = advice;
        if (session_.text()) session_.console().err("wudoctor: " + message + "\nNext step: " + advice + "\n");
        return a;
    }

    std::optional<Answer> openJournal() {
        session_j_.emplace(JournalTools{*machine_, scm_, clock_, locks_, guard_, osBuild()},
                           journalPathIn(log::current().folder));
        journalPath_ = session_j_->path();
        if (session_j_->usable()) return std::nullopt;
        return journalProblem(session_j_->problem(), session_j_->advice());
    }

    Answer checkOnly() {
        const ExitCode exit = checkExitCode(findings_);
        Answer a = answer(exit, exit == ExitCode::Ok ? "ok" : "problems", findingsText(findings_, colour()));
        a.doc["problems"] = countProblems(findings_);
        a.doc["findings"] = findingsJson(findings_);
        return a;
    }

    Answer detect() {
        const ExitCode exit = detectExitCode(findings_);
        json unchecked = json::array();
        for (const Finding& f : findings_)
            if (couldNotCheck(f)) unchecked.push_back(f.id);
        Answer a = answer(exit, exit == ExitCode::Ok ? "healthy" : "needs_remediation", findingsText(findings_, colour()));
        a.doc["needs_remediation"] = exit != ExitCode::Ok;
        a.doc["could_not_check"] = std::move(unchecked);
        a.doc["problems"] = countProblems(findings_);
        a.doc["findings"] = findingsJson(findings_);
        return a;
    }

    /// Repairs the chosen findings through the journal; the exit code of the repairs (Ok when there were none).
    ExitCode repairAll(const std::vector<const Finding*>& chosen, std::vector<RepairResult>& results) {
        ExitCode exit = ExitCode::Ok;
        for (const Finding* f : chosen) {
            results.push_back(session_j_->repair(*f, localTimeText()));
            const RepairResult& r = results.back();
            if (!r.ok)
                exit = worst(exit, r.error == kAccessDenied && !context_.elevated ? ExitCode::NeedsAdmin : ExitCode::Failed);
        }
        return exit;
    }

    std::vector<const Finding*> repairable() const {
        std::vector<const Finding*> chosen;
        for (const Finding& f : findings_)
            if (offersRepair(f)) chosen.push_back(&f);
        return chosen;
    }

    Answer repair() {
        std::vector<const Finding*> chosen;
        if (command_.all) {
            chosen = repairable();
        } else {
            // Every id first: one unknown id and nothing is repaired.
            for (const std::string& id : command_.findings) {
                const Finding* f = findFinding(findings_, id);
                if (f == nullptr)
                    return usageAnswer("there is no finding " + quoteForMessage(id) +
                                       " on this PC now (run wudoctor check); nothing was changed");
                if (!offersRepair(*f))
                    return usageAnswer(quoteForMessage(id) + " has no automatic repair; nothing was changed. " + f->nextStep);
                chosen.push_back(f);
            }
        }
        if (!chosen.empty())
            if (auto problem = openJournal()) return std::move(*problem);
        std::vector<RepairResult> results;
        const ExitCode exit = repairAll(chosen, results);
        const std::vector<Finding> remaining = chosen.empty() ? findings_ : check();
        log::get().info("repair repaired={} remaining_problems={}",
                        std::count_if(results.begin(), results.end(), [](const RepairResult& r) { return r.ok; }),
                        countProblems(remaining));
        std::string text = results.empty() ? std::string("Nothing to repair: no finding has an automatic repair.\n")
                                           : repairResultsText(results);
        if (!journalPath_.empty()) text += "Undo journal: " + journalPath_ + "\n";
        Answer a = answer(exit, exit != ExitCode::Ok ? verdictOf(exit) : results.empty() ? "nothing_to_repair" : "repaired",
                          text + problemsLeftText(remaining));
        a.doc["journal"] = journalPath_.empty() ? json(nullptr) : json(journalPath_);
        a.doc["results"] = repairResultsJson(results);
        a.doc["problems"] = countProblems(remaining);
        a.doc["findings"] = findingsJson(remaining);
        return a;
    }

    /// Intune's remediation: every safe repair through the journal, then the fix — unless Windows waits for a restart,
    /// which is reported and left to the user (WU Doctor never restarts a computer).
    Answer remediate() {
        const Finding* restart = findFinding(findings_, kRestartPendingId);
        std::vector<RepairResult> results;
        ExitCode exit = ExitCode::Ok;
        std::optional<Answer> journalProblem;
        if (const std::vector<const Finding*> chosen = repairable(); !chosen.empty()) {
            journalProblem = openJournal();  // no journal, no repair: nothing could be undone
            exit = journalProblem ? ExitCode::Failed : repairAll(chosen, results);
        }
        std::vector<Outcome> fixed;
        if (restart == nullptr) {
            Operations ops(scm_, clock_);
            OperationOptions options;
            options.cancel = &session_.cancel();
            for (const ActionResult& r : ops.fix(options)) {
                log::action(r);
                fixed.push_back(toOutcome(r, context_.elevated));
            }
            exit = worst(exit, worstOf(fixed));
        }
        const std::vector<Finding> remaining = check();
        if (countProblems(remaining) > 0) exit = worst(exit, ExitCode::Failed);
        const std::string_view verdict = exit != ExitCode::Ok ? (countProblems(remaining) > 0 && exit == ExitCode::Failed
                                                                     ? std::string_view("not_remediated")
                                                                     : verdictOf(exit))
                                         : restart != nullptr ? "restart_pending"
                                                              : "remediated";
        json repaired = json::array(), notRepaired = json::array();
        for (const RepairResult& r : results) (r.ok ? repaired : notRepaired).push_back(r.findingId);

        std::string text = repairResultsText(results);
        if (journalProblem) text += journalProblem->doc.value("message", "") + "\n";
        if (restart != nullptr)
            text += "Windows is waiting for a restart, so the services were left as they are. WU Doctor never restarts "
                    "the computer: restart it when convenient, then run wudoctor remediate again.\n";
        else
            text += outcomesText(fixed, colour());
        if (!journalPath_.empty() && !results.empty()) text += "Undo journal: " + journalPath_ + "\n";
        Answer a = answer(exit, verdict, text + problemsLeftText(remaining));
        a.doc["journal"] = journalPath_.empty() ? json(nullptr) : json(journalPath_);
        a.doc["repaired"] = std::move(repaired);
        a.doc["not_repaired"] = std::move(notRepaired);
        a.doc["results"] = repairResultsJson(results);
        a.doc["restart_pending"] = restart != nullptr;
        a.doc["fix_skipped"] = restart != nullptr;
        json fix = json::array();
        for (const Outcome& o : fixed) fix.push_back(outcomeJson(o));
        a.doc["fix"] = std::move(fix);
        a.doc["problems"] = countProblems(remaining);
        a.doc["findings"] = findingsJson(remaining);
        if (journalProblem) {
            a.doc["message"] = journalProblem->doc.at("message");
            a.doc["advice"] = journalProblem->doc.at("advice");
        }
        return a;
    }

    Answer undoList(const MachineId& here) {
        Answer a = answer(ExitCode::Ok, "listed");
        a.doc["journal"] = journalPath_;
        json entries = json::array();
        for (const JournalEntry& e : journal().entries) {
            json changes = json::array();
            for (const JournalChange& c : e.changes) changes.push_back(describe(c));
            json& item = entries.emplace_back();
            item["entry"] = e.id;
            item["time"] = e.time;
            item["finding"] = e.findingId;
            item["title"] = e.title;
            item["state"] = std::string(toId(e.state));
            item["computer"] = e.machine.computer;
            item["this_pc"] = sameMachine(e.machine, here);
            item["changes"] = std::move(changes);
        }
        a.doc["entries"] = std::move(entries);
        if (journal().entries.empty()) {
            a.text = "The undo journal is empty: no repair has been made here. (" + journalPath_ + ")\n";
            return a;
        }
        a.text = "Undo journal " + journalPath_ + ":\n";
        for (const JournalEntry& e : journal().entries) {
            a.text += "  " + std::to_string(e.id) + "  " + e.time + "  " + std::string(toId(e.state)) + "  " +
                      e.findingId + "  " + e.title +
                      (sameMachine(e.machine, here) ? std::string() : "  (written on " + e.machine.computer + ")") + "\n";
            for (const JournalChange& c : e.changes) a.text += "       " + describe(c) + "\n";
        }
        a.text += "Undo one: wudoctor undo <entry>   the last: wudoctor undo --last   all: wudoctor undo --all\n";
        return a;
    }

    Answer undo() {
        if (auto problem = openJournal()) return std::move(*problem);
        const MachineId here = thisMachine(*machine_);
        if (!command_.all && !command_.last && command_.entries.empty()) return undoList(here);
        std::vector<int> ids;
        if (command_.all) {
            ids = undoableEntries(journal(), here);
        } else if (command_.last) {
            const auto undoable = undoableEntries(journal(), here);
            if (!undoable.empty()) ids.push_back(undoable.front());
        } else {
            for (const int id : command_.entries)
                if (journal().find(id) == nullptr)
                    return usageAnswer("there is no journal entry " + std::to_string(id) +
                                       " (run wudoctor undo to list them); nothing was changed");
            ids = command_.entries;
        }
        ExitCode exit = ExitCode::Ok;
        std::vector<UndoResult> results;
        for (const int id : ids) {
            results.push_back(session_j_->undo(id, localTimeText(), progressOptions()));  // a reset's: its services stopped
            if (!results.back().ok) exit = worst(exit, results.back().refused ? ExitCode::Refused : ExitCode::Failed);
        }
        Answer a = answer(exit, exit == ExitCode::Ok ? (results.empty() ? "nothing_to_undo" : "undone") : verdictOf(exit));
        a.doc["journal"] = journalPath_;
        a.doc["results"] = resultsJson(results, [](const UndoResult& r, json& item) {
            item["refused"] = r.refused;
            item["restored"] = r.restored;
            item["left_alone"] = r.leftAlone;
        });
        if (results.empty()) a.text += "Nothing to undo on this PC.\n";
        for (const UndoResult& r : results) {
            a.text += r.message + "\n";
            for (const std::string& c : r.restored) a.text += "    put back: " + c + "\n";
            if (!r.ok && !r.advice.empty()) a.text += "    Next step: " + r.advice + "\n";
        }
        return a;
    }

    /// The services' stops and starts as progress lines, on a console only (never into JSON or a pipe).
    OperationOptions progressOptions() {
        OperationOptions options;
        options.progress = [this](const Progress& p) {
            if (p.step == Progress::Step::Stopping || p.step == Progress::Step::Starting) session_.progress(p.text + "\n");
        };
        return options;
    }

    Answer resetCache() {
        if (auto problem = openJournal()) return std::move(*problem);
        const std::string now = localTimeText();
        const ResetPlan plan = session_j_->planReset(now);
        if (plan.restartPending) {
            const ResetResult refused = session_j_->reset(plan, now);  // changes nothing: says why
            log::get().info("reset-cache refused: {}", refused.message);
            Answer a = answer(ExitCode::Refused, "refused", refused.message + "\n");
            for (const std::string& e : plan.restartPending->evidence) a.text += "    " + e + "\n";
            a.text += "Next step: " + refused.advice + "\n";
            a.doc["refused"] = true;
            a.doc["ok"] = false;
            a.doc["message"] = refused.message;
            a.doc["advice"] = refused.advice;
            a.doc["findings"] = findingsJson(std::span(&*plan.restartPending, 1));
            return a;
        }
        const std::vector<std::string> steps = plan.steps();
        std::string intro = "Resetting the Windows Update cache. WU Doctor will:\n";
        for (std::size_t i = 0; i < steps.size(); ++i) intro += "  " + std::to_string(i + 1) + ". " + steps[i] + "\n";
        session_.say(intro + "Nothing is deleted: the undo journal is written before anything moves.\n");
        log::get().info("reset-cache plan: {}", fmt::format("{}", fmt::join(steps, " | ")));
        const ResetResult r = session_j_->reset(plan, now, progressOptions());
        ExitCode exit = ExitCode::Ok;
        if (!r.ok) {
            exit = ExitCode::Failed;
            for (const ServiceStep& s : r.services)
                if (s.stop && !s.stop->ok) exit = exitCodeFor(false, s.stop->error, s.service, context_.elevated);
            if (r.error == kAccessDenied && !context_.elevated) exit = ExitCode::NeedsAdmin;
        }
        const std::vector<Backup> backups = findBackups(*machine_);
        log::get().info("reset-cache entry={} message={}", r.entry, r.message);
        Answer a = answer(exit, r.ok ? "reset" : verdictOf(exit), r.message + "\n");
        json& d = a.doc;
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
            services.push_back(json{{"name", s.service}, {"was_running", s.wasRunning}, {"stopped", s.stop && s.stop->ok},
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
        for (const PlannedMove& m : r.moved) a.text += "    moved " + m.from + " -> " + m.to + "\n";
        for (const std::string& line : r.rollback) a.text += "    put back: " + line + "\n";
        if (!r.advice.empty()) a.text += "Next step: " + r.advice + "\n";
        if (r.entry != 0) a.text += "Undo journal: " + journalPath_ + "\n";
        a.text += backupsText(backups);
        return a;
    }

    Answer removeBackups() {
        if (auto problem = openJournal()) return std::move(*problem);
        const RemoveResult r = session_j_->removeOldBackups();
        const ExitCode exit = r.ok ? ExitCode::Ok : ExitCode::Failed;
        log::get().info("reset-cache --remove-old-backups removed={} freed={}", r.removed.size(), r.freed);
        Answer a = answer(exit, r.ok ? "removed" : "failed");
        a.doc["removed"] = backupsJson(r.removed);
        a.doc["freed_bytes"] = r.freed;
        a.doc["kept"] = backupsJson(r.kept);
        a.doc["backup_bytes"] = totalBytes(r.kept);
        a.doc["failed"] = r.failed;
        a.text = r.removed.empty() ? std::string("No old backups to delete.\n")
                                   : "Deleted " + std::to_string(r.removed.size()) + " old backup(s), " + sizeText(r.freed) +
                                         " freed:\n";
        for (const Backup& b : r.removed) a.text += "    " + b.path + "\n";
        for (const std::string& f : r.failed) a.text += "    not deleted: " + f + "\n";
        if (!r.failed.empty()) a.text += "Next step: run WU Doctor as administrator, or restart and try again.\n";
        a.text += "Kept (the last reset's): " + std::string(r.kept.empty() ? "none" : "") + "\n";
        for (const Backup& b : r.kept) a.text += "    " + b.path + "  (" + sizeText(b.bytes) + ")\n";
        return a;
    }

    Session& session_;
    const RepairsCommand& command_;
    RunContext context_;
    const std::unique_ptr<MachineAccess> machine_ = makeWin32MachineAccess();
    Win32ServiceManager scm_;
    std::unique_ptr<AutomaticUpdatesSource> automaticUpdates_ = makeWindowsAutomaticUpdates();
    SteadyClock clock_;
    Win32LockFinder locks_;
    const std::unique_ptr<Crypto> crypto_ = makeWin32Crypto();
    JournalGuard guard_{*machine_, *crypto_, isElevated()};
    std::vector<Finding> findings_;
    std::string journalPath_;
    std::optional<JournalSession> session_j_;
};

}  // namespace

Answer runRepairsCommand(Session& session, const RepairsCommand& command) {
    return RepairsRunner(session, command).run();
}

}  // namespace wud::cli

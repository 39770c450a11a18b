// The window's jobs that change the machine through the undo journal — repair, undo, reset the cache, and the reset's
// plan for its confirmation — on the worker, through a JournalSession (core) as the CLI does, with their steps shown in
// the operation panel.
#include "ui/controller.hpp"

#include "wud/journal_session.hpp"
#include "wud/log.hpp"

#include <spdlog/logger.h>

namespace wud::ui {

std::string Controller::journalPath() const {
    const std::string own = platform_.logFolder();
    // A standard user's repairs and undos run in the elevated copy, which keeps its journal where an administrator
    // may safely write (write_places.hpp): beside the exe, or %ProgramData%\WUDoctor\logs, even where this window
    // logs to %LOCALAPPDATA% instead. Once that journal exists it is the one this window lists and undoes.
    if (!elevated_) {
        const std::string elevatedFolder = platform_.elevatedLogFolder();
        if (!elevatedFolder.empty() && elevatedFolder != own) {
            std::string path = elevatedFolder + "\\" + std::string(kJournalFileName);
            if (machine_.fileExists(path)) return path;
        }
    }
    return own.empty() ? std::string() : own + "\\" + std::string(kJournalFileName);
}

JournalSession Controller::openSession() {
    return JournalSession(JournalTools{machine_, scm_, clock_, locks_, guard_, os_.build}, journalPath());
}

std::optional<JournalSession> Controller::usableSession(JobOutcome& outcome) {
    JournalSession session = openSession();
    if (session.usable()) return session;
    outcome.message = session.problem();
    outcome.advice = session.advice();
    return std::nullopt;
}

OperationOptions Controller::journalJobOptions() {
    OperationOptions options;
    // No timeout of ours: the core waits for each service by Windows' own rule (as `wudoctor reset-cache`).
    options.cancel = &cancel_;
    options.progress = progressToPanel();
    return options;
}

Controller::JobOutcome Controller::runRepairHere(const Job& job) {
    JobOutcome outcome;
    std::optional<JournalSession> session = usableSession(outcome);
    if (!session) return outcome;
    // Repair what the machine shows now, not what the window saw a while ago (the CLI does the same).
    CheckContext context{machine_, scm_, os_.build};
    std::vector<std::string> couldNotCheck;
    const std::vector<Finding> findings = runChecks(context, couldNotCheck);
    std::vector<const Finding*> chosen;
    if (job.findings.empty()) {
        for (const Finding& f : findings)
            if (offersRepair(f)) chosen.push_back(&f);
    } else {
        for (const std::string& id : job.findings)
            if (const Finding* f = findFinding(findings, id); f != nullptr && !f->repair.empty()) chosen.push_back(f);
    }
    if (chosen.empty()) {
        outcome.ok = true;
        outcome.message = "Nothing to repair: WU Doctor no longer finds it.";
        return outcome;
    }
    std::size_t repaired = 0;
    for (const Finding* f : chosen) {
        post([this, title = f->title] { operation_.steps.push_back({StepLine::Status::Active, "Repairing: " + title}); });
        const RepairResult r = session->repair(*f, localTimeText());
        post([this, ok = r.ok, changed = r.changed] {
            if (!operation_.steps.empty()) operation_.steps.back().status = ok ? StepLine::Status::Done : StepLine::Status::Failed;
            for (const std::string& c : changed) note(LogLine::Kind::Info, "Changed: " + c);
        });
        if (r.ok) {
            ++repaired;
        } else if (outcome.advice.empty()) {
            outcome.message = r.message;
            outcome.advice = r.advice.empty() ? "The log has the details (Copy report includes where it is)." : r.advice;
        }
        if (chosen.size() == 1 && r.ok) outcome.message = r.message;
    }
    outcome.ok = repaired == chosen.size();
    if (outcome.ok && chosen.size() > 1)
        outcome.message = "Repaired " + std::to_string(repaired) + " findings. Undo below puts back what was there.";
    return outcome;
}

Controller::JobOutcome Controller::runUndoHere(const Job& job) {
    JobOutcome outcome;
    std::optional<JournalSession> session = usableSession(outcome);
    if (!session) return outcome;
    int id = job.entry;
    if (id == 0) {
        const std::vector<JournalEntry> undoable = session->undoable();
        if (!undoable.empty()) id = undoable.front().id;
    }
    const JournalEntry* entry = session->journal().find(id);
    if (entry == nullptr) {
        outcome.message = "Nothing to undo: the undo journal has no such repair (any more).";
        outcome.advice = "Press Refresh to see what can be undone.";
        return outcome;
    }
    post([this, title = entry->title] { operation_.steps.push_back({StepLine::Status::Active, "Putting back: " + title}); });
    // As the CLI's undo: any entry, a cache reset's with its services stopped around it.
    const UndoResult r = session->undo(id, localTimeText(), journalJobOptions());
    post([this, restored = r.restored, leftAlone = r.leftAlone] {
        for (const std::string& c : restored) note(LogLine::Kind::Info, "Put back: " + c);
        for (const std::string& c : leftAlone) note(LogLine::Kind::Info, "Left alone (changed since): " + c);
    });
    outcome.ok = r.ok;
    outcome.message = r.message;
    outcome.advice = r.ok ? std::string() : r.advice;
    return outcome;
}

void Controller::postResetPlan(std::uint64_t id) {
    JournalSession session = openSession();
    const ResetPlan plan = session.planReset(localTimeText());  // looks only: changes nothing
    ResetCachePlanView view;
    view.id = id;
    view.ready = true;
    if (plan.restartPending) {
        view.refused = "WU Doctor does not reset the cache while a restart is pending: moving it away under an "
                       "update Windows is finishing can break that update. " + plan.restartPending->title;
        view.refusedAdvice = plan.restartPending->nextStep + " Then reset the cache.";
    } else {
        view.steps = plan.steps();
    }
    post([this, view = std::move(view)]() mutable {
        if (view.id == resetPlan_.id) resetPlan_ = std::move(view);  // an older request's answer is dropped
    });
}

Controller::JobOutcome Controller::runResetHere() {
    JobOutcome outcome;
    std::optional<JournalSession> session = usableSession(outcome);
    if (!session) return outcome;
    const std::string now = localTimeText();
    // What the machine shows now, not what the confirmation showed a moment ago (a restart may have become pending).
    const ResetPlan plan = session->planReset(now);
    if (!plan.moves.empty() && !plan.restartPending) {
        post([this, steps = plan.steps()] {
            for (const std::string& s : steps) note(LogLine::Kind::Info, "Plan: " + s);
        });
    }
    const ResetResult r = session->reset(plan, now, journalJobOptions());
    post([this, moved = r.moved, rollback = r.rollback] {
        for (const PlannedMove& m : moved) note(LogLine::Kind::Info, "Moved aside: " + m.from + " -> " + m.to);
        for (const std::string& line : rollback) note(LogLine::Kind::Info, "Put back after the failure: " + line);
    });
    outcome.ok = r.ok;
    if (r.refused) {
        outcome.message = "Not reset: a restart is pending. Nothing was changed.";
        outcome.advice = plan.restartPending ? plan.restartPending->nextStep + " Then reset the cache."
                                             : "Restart the computer, then reset the cache.";
    } else if (r.ok && r.entry != 0) {
        outcome.message = "Reset the Windows Update cache: the old one is kept aside, nothing was deleted. Undo "
                          "below puts it back.";
    } else {
        outcome.message = r.message;
        outcome.advice = r.ok ? std::string() : r.advice;
    }
    return outcome;
}

}  // namespace wud::ui

// JournalSession (journal_session.hpp): the journal opened once, its refusal worded once, the environments built once.
#include "wud/journal_session.hpp"

namespace wud {

std::string journalPathIn(const std::string& folder) {
    return folder.empty() ? std::string() : folder + "\\" + std::string(kJournalFileName);
}

JournalSession::JournalSession(JournalTools tools, std::string path) : tools_(tools), path_(std::move(path)) {
    if (path_.empty()) {
        problem_ = "There is no folder WU Doctor can write its undo journal to, so it changes nothing.";
        advice_ = "Run WU Doctor from a folder you can write to (or as administrator).";
        return;
    }
    JournalLoad load = loadJournal(tools_.machine, path_);
    if (!load.error.empty()) {
        problem_ = load.error + " WU Doctor repairs and undoes nothing until that file is renamed; nothing was changed.";
        advice_ = "Rename that file (keep it: it may hold undo steps) and try again; WU Doctor then starts a new journal.";
        return;
    }
    journal_ = std::move(load.journal);
}

std::vector<JournalEntry> JournalSession::undoable() const {
    std::vector<JournalEntry> entries;
    for (const int id : undoableEntries(journal_, thisMachine(tools_.machine)))
        entries.push_back(*journal_.find(id));
    return entries;
}

RepairResult JournalSession::repair(const Finding& finding, const std::string& now) {
    RepairEnv env{tools_.machine, tools_.services, tools_.guard, path_, now};
    return applyRepair(env, journal_, finding);
}

ResetEnv JournalSession::resetEnv(const std::string& now, const OperationOptions& options) {
    ResetEnv env{tools_.machine, tools_.services, tools_.clock, tools_.locks, tools_.guard, path_, now};
    env.options = options;
    env.osBuild = tools_.osBuild;
    return env;
}

UndoResult JournalSession::undo(int entry, const std::string& now, const OperationOptions& options) {
    ResetEnv env = resetEnv(now, options);
    return undoJournalEntry(env, journal_, entry);
}

ResetPlan JournalSession::planReset(const std::string& now) {
    ResetEnv env = resetEnv(now, {});
    return wud::planReset(env);
}

ResetResult JournalSession::reset(const ResetPlan& plan, const std::string& now, const OperationOptions& options) {
    ResetEnv env = resetEnv(now, options);
    return runReset(env, journal_, plan);
}

RemoveResult JournalSession::removeOldBackups() {
    return wud::removeOldBackups(tools_.machine, tools_.guard, journal_, path_);
}

}  // namespace wud

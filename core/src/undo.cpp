// Undo of journal entries (undo.hpp): the three-state rule (the machine shows what the change left -> put back;
// shows what was there before -> nothing to do; shows something else -> leave it and say so), which also makes the
// undo of an entry a crash left "pending" exact; the guard first (journal_guard.hpp); a cache reset's undo with its
// services stopped around it.
#include "wud/undo.hpp"

#include "wud/error_text.hpp"
#include "wud/journal_changes.hpp"
#include "wud/log.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <optional>

namespace wud {

std::vector<int> undoableEntries(const Journal& journal, const MachineId& machine) {
    std::vector<int> ids;
    for (const JournalEntry& e : journal.entries)
        if (sameMachine(e.machine, machine) && (e.state == EntryState::Applied || e.state == EntryState::Pending))
            ids.push_back(e.id);
    std::reverse(ids.begin(), ids.end());
    return ids;
}

namespace {

/// The entry, or the result that says why it is not acted on (not there, another PC's, refused by the guard): then
/// nothing may be touched, not even a service.
std::optional<UndoResult> notActedOn(RepairEnv& env, Journal& journal, int id) {
    UndoResult result;
    result.entry = id;
    const JournalEntry* entry = journal.find(id);
    if (entry == nullptr) {
        result.message = "There is no journal entry " + std::to_string(id) + ".";
        result.advice = "Run: wudoctor undo   to list the entries.";
        return result;
    }
    result.findingId = entry->findingId;
    const MachineId here = thisMachine(env.machine);
    if (!sameMachine(entry->machine, here)) {
        result.message = "Journal entry " + std::to_string(id) + " was written on another PC (" + entry->machine.computer +
                         ", MachineGuid " + entry->machine.guid + "): it is undone only there. Nothing was changed.";
        result.advice = "Run the undo on " + entry->machine.computer + ".";
        return result;
    }
    if (const auto refusal = env.guard.refusal(*entry)) {
        result.refused = true;
        result.message = *refusal;
        result.advice = "Nothing to do: this entry is not one WU Doctor made here. If you did not edit the journal, "
                        "another program did: keep the file for whoever looks after this PC.";
        log::get().warn("undo entry={} refused: {}", id, *refusal);
        return result;
    }
    return std::nullopt;
}

}  // namespace

UndoResult undoEntry(RepairEnv& env, Journal& journal, int id) {
    if (auto refused = notActedOn(env, journal, id)) return std::move(*refused);
    UndoResult result;
    result.entry = id;
    JournalEntry* entry = journal.find(id);
    result.findingId = entry->findingId;
    if (entry->state == EntryState::Undone || entry->state == EntryState::Failed) {
        result.ok = true;
        result.message = "Journal entry " + std::to_string(id) + " has nothing to undo (" + std::string(toId(entry->state)) + ").";
        return result;
    }
    std::vector<std::string> failed;
    for (std::size_t i = entry->changes.size(); i-- > 0;) {
        const JournalChange& c = entry->changes[i];
        switch (observe(env.machine, env.services, c)) {
        case Seen::Before: break;  // never changed (a crash before it) or already back
        case Seen::Other: result.leftAlone.push_back(describe(c)); break;
        case Seen::After: {
            std::string aside;
            if (const Win32Error error = restoreChange(env.machine, env.services, c, env.now, &aside); error != 0) {
                failed.push_back(undoWord(c) + ": " + describeError(error).message);
            } else {
                result.restored.push_back(undoWord(c) + (aside.empty() ? std::string() : " (what was there since is kept as " + aside + ")"));
                log::get().info("undo entry={} finding={}: {}", id, entry->findingId, result.restored.back());
            }
            break;
        }
        }
    }
    if (failed.empty() && result.leftAlone.empty()) {
        entry->state = EntryState::Undone;
        result.ok = true;
        result.message = "Undone: " + entry->title + ".";
    } else {
        result.message = "Not fully undone: " + entry->title + ".";
        for (const std::string& f : failed) result.message += " Could not put back " + f + ".";
        for (const std::string& l : result.leftAlone)
            result.message += " Left alone, changed again since the repair: " + l + ".";
        result.advice = failed.empty() ? "Check those by hand; WU Doctor does not overwrite later changes."
                                       : "Run WU Doctor as administrator and undo again.";
    }
    if (const Win32Error error = saveEntry(env, journal, id); error != 0) {
        result.message += " (The journal could not be updated: " + describeError(error).message + ")";
    }
    return result;
}

UndoResult undoJournalEntry(ResetEnv& env, Journal& journal, int id) {
    RepairEnv repair{env.machine, env.services, env.guard, env.journalPath, env.now};
    if (auto refused = notActedOn(repair, journal, id)) return std::move(*refused);
    const JournalEntry* entry = journal.find(id);
    const bool reset = entry->findingId == kResetCacheId &&
                       (entry->state == EntryState::Applied || entry->state == EntryState::Pending);
    if (!reset) return undoEntry(repair, journal, id);

    Operations ops(env.services, env.clock);
    std::vector<ServiceStep> steps;
    ActionResult failure;
    std::vector<std::string> names(kResetCacheServices.begin(), kResetCacheServices.end());
    if (!stopCacheServices(env, ops, names, steps, failure)) {
        UndoResult result;
        result.entry = id;
        result.findingId = std::string(kResetCacheId);
        result.message = "Not undone: " + failure.text.message + " Nothing was moved.";
        result.advice = failure.text.advice;
        return result;
    }
    UndoResult result = undoEntry(repair, journal, id);
    std::vector<std::string> problems;
    startCacheServicesAgain(env, ops, steps, problems);
    for (const std::string& p : problems) {
        result.ok = false;
        result.message += " Not started again: " + p;
        result.advice = "Restart the computer: Windows starts them itself.";
    }
    return result;
}

}  // namespace wud

#pragma once
// Undo: puts back exactly what a journal entry changed, change by change, and only where the machine still shows
// what the change left (something changed since is left alone and named); only entries of this PC, only entries the
// guard accepts (journal_guard.hpp: within the repairs' catalogue, and sealed when WU Doctor is elevated). A cache
// reset's entry is undone with its services stopped around it.

#include "wud/journal.hpp"
#include "wud/repairs.hpp"
#include "wud/reset_cache.hpp"

#include <string>
#include <vector>

namespace wud {

struct UndoResult {
    int entry = 0;
    std::string findingId;
    bool ok = false;
    bool refused = false;               ///< the guard refused the entry: nothing was changed
    std::vector<std::string> restored;  ///< what was put back
    std::vector<std::string> leftAlone; ///< changed again since the repair: not touched
    std::string message;
    std::string advice;
};

/// Undoes one entry of this machine's journal and saves it. An entry written on another PC, or one the guard refuses,
/// changes nothing; an entry already undone is a success with nothing to do.
UndoResult undoEntry(RepairEnv& env, Journal& journal, int id);
/// Entries that undo can act on here (this machine's, pending / applied), newest first.
std::vector<int> undoableEntries(const Journal& journal, const MachineId& machine);
/// Undoes any journal entry; a cache reset's with the services stopped around it (and started again after).
UndoResult undoJournalEntry(ResetEnv& env, Journal& journal, int id);

}  // namespace wud

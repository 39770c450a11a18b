#pragma once
// Repairs and their undo: a finding's changes are applied only through the journal — write what will change
// (journal entry "pending"), change it, verify it, mark it "applied". A change that fails or does not verify puts
// back what was already changed ("failed"). Undo puts back exactly what was there, change by change, and only
// where the machine still shows what the repair left: something changed since is left alone and named.

#include "wud/checks.hpp"
#include "wud/journal.hpp"
#include "wud/registry.hpp"
#include "wud/service_manager.hpp"

#include <string>
#include <vector>

namespace wud {

struct RepairEnv {
    MachineAccess& machine;
    ServiceManager& services;
    std::string journalPath;  ///< beside the log: <log folder>\wudoctor-journal.json
    std::string now;          ///< local time text for the entry
};

struct RepairResult {
    std::string findingId;
    bool ok = false;
    int entry = 0;                     ///< journal entry id (0 = none written)
    std::vector<std::string> changed;  ///< describe() of each change made (empty when !ok)
    std::string message;               ///< plain words
    std::string advice;                ///< next step when !ok
    Win32Error error = 0;
};

/// Applies one finding's repair, journal first. The journal must have loaded without error (the caller checks:
/// with a damaged journal nothing is repaired, so nothing is ever changed without its undo). Saves the journal.
RepairResult applyRepair(RepairEnv& env, Journal& journal, const Finding& finding);

struct UndoResult {
    int entry = 0;
    std::string findingId;
    bool ok = false;
    std::vector<std::string> restored;  ///< what was put back
    std::vector<std::string> leftAlone; ///< changed again since the repair: not touched
    std::string message;
    std::string advice;
};

/// Undoes one entry of this machine's journal and saves it. An entry written on another PC is refused (nothing
/// changed); an entry already undone is a success with nothing to do.
UndoResult undoEntry(RepairEnv& env, Journal& journal, int id);
/// Entries that undo can act on here (this machine's, pending / applied), newest first.
std::vector<int> undoableEntries(const Journal& journal, const MachineId& machine);

/// Two start types the same for a repair (delayed / trigger are refinements Wine cannot show).
bool sameBaseStartType(StartType a, StartType b) noexcept;

}  // namespace wud

#pragma once
// Repairs: a finding's changes are applied only through the journal — write what will change (journal entry
// "pending", sealed when WU Doctor has administrator rights: journal_guard.hpp), change it, verify it, mark it
// "applied". A change that fails or does not verify puts back what was already changed ("failed"). Undo: undo.hpp.

#include "wud/checks.hpp"
#include "wud/journal.hpp"
#include "wud/journal_guard.hpp"
#include "wud/machine_access.hpp"
#include "wud/service_manager.hpp"

#include <string>
#include <vector>

namespace wud {

struct RepairEnv {
    MachineAccess& machine;
    ServiceManager& services;
    JournalGuard& guard;      ///< seals what this process writes; checks what it acts on
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

/// Seals the entry with id `id` as it is now (see JournalGuard::seal) and saves the journal; an error when it could
/// not be saved. Used whenever an entry's state changes.
Win32Error saveEntry(RepairEnv& env, Journal& journal, int id);

}  // namespace wud

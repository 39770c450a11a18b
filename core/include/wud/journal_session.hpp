#pragma once
// One use of the undo journal by a front door — the CLI's repair / undo / reset-cache, the window's worker: the
// journal opened where the log is (or why it cannot be: no folder, damaged), and the repairs, undos and resets run
// through it with the machine's seams. Both front doors word "damaged journal" and build the repair / reset
// environments only here.

#include "wud/clock.hpp"
#include "wud/journal.hpp"
#include "wud/journal_guard.hpp"
#include "wud/lock_finder.hpp"
#include "wud/machine_access.hpp"
#include "wud/operations.hpp"
#include "wud/repairs.hpp"
#include "wud/reset_cache.hpp"
#include "wud/service_manager.hpp"
#include "wud/undo.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace wud {

/// What the journal's users reach the machine through (the real ones, or the tests' fakes).
struct JournalTools {
    MachineAccess& machine;
    ServiceManager& services;
    Clock& clock;
    LockFinder& locks;
    JournalGuard& guard;
    std::uint32_t osBuild = 19045;
};

/// `<folder>\wudoctor-journal.json`; "" when there is no folder.
std::string journalPathIn(const std::string& folder);

class JournalSession {
public:
    /// Opens the journal at `path` ("" = WU Doctor has no folder to write it to). A missing file is an empty
    /// journal; a damaged one makes the session unusable, with the words why.
    JournalSession(JournalTools tools, std::string path);

    /// False: nothing may be repaired, undone or reset (there would be no undo); problem() / advice() say why.
    [[nodiscard]] bool usable() const noexcept { return problem_.empty(); }
    [[nodiscard]] const std::string& problem() const noexcept { return problem_; }
    [[nodiscard]] const std::string& advice() const noexcept { return advice_; }
    [[nodiscard]] const std::string& path() const noexcept { return path_; }
    [[nodiscard]] const Journal& journal() const noexcept { return journal_; }
    /// This PC's entries an undo can act on (pending / applied), newest first.
    [[nodiscard]] std::vector<JournalEntry> undoable() const;

    /// Repairs one finding through the journal (usable() first). now: local time text for the entry.
    RepairResult repair(const Finding& finding, const std::string& now);
    /// Undoes one entry; a cache reset's with its services stopped around it (options: progress, cancel).
    UndoResult undo(int entry, const std::string& now, const OperationOptions& options = {});
    /// What a cache reset would do here (changes nothing).
    ResetPlan planReset(const std::string& now);
    /// Runs a cache reset's plan through the journal.
    ResetResult reset(const ResetPlan& plan, const std::string& now, const OperationOptions& options = {});
    /// Deletes the backups older than the last reset's (on request only).
    RemoveResult removeOldBackups();

private:
    ResetEnv resetEnv(const std::string& now, const OperationOptions& options);

    JournalTools tools_;
    std::string path_;
    Journal journal_;
    std::string problem_, advice_;
};

}  // namespace wud

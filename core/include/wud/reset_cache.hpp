#pragma once
// `reset-cache`: the Windows Update cache reset done the careful way. Refused while a restart is pending; stops
// Update Orchestrator, Windows Update, BITS, Delivery Optimization and Cryptographic Services in that order (each
// confirmed stopped); moves SoftwareDistribution, catroot2 and BITS' queue (Windows 10/11: the Downloader folder with
// its ESE database; Windows 7/8: qmgr*.dat) aside to time-stamped names beside them (never deletes: the undo journal
// is written before anything moves); all or nothing; then starts again what
// was running. Undo stops the same services, keeps what Windows made since aside, puts the originals back.
//
// Sources: Microsoft Learn, "Windows Update issues troubleshooting" / "Reset Windows Update components" (stop
// BITS, wuauserv, CryptSvc; rename SoftwareDistribution and catroot2; qmgr*.dat under
// %ALLUSERSPROFILE%\Microsoft\Network\Downloader); stopping UsoSvc first keeps it from starting wuauserv again
// (DESIGN.md). What the usual scripts also do — re-register DLLs, `sc sdset`, delete pending.xml, reset winsock,
// delete policy keys — is deliberately not done here.

#include "wud/checks.hpp"
#include "wud/clock.hpp"
#include "wud/journal.hpp"
#include "wud/operations.hpp"
#include "wud/machine_access.hpp"
#include "wud/journal_guard.hpp"
#include "wud/lock_finder.hpp"
#include "wud/service_manager.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// The journal entry's "finding" id for a cache reset.
inline constexpr std::string_view kResetCacheId = "reset-cache";
/// Stopped in this order, started again in reverse.
inline constexpr std::array<std::string_view, 5> kResetCacheServices{"UsoSvc", "wuauserv", "BITS", "DoSvc", "CryptSvc"};

// ---- the reset

/// Everything the reset and its undo use.
struct ResetEnv {
    MachineAccess& machine;
    ServiceManager& services;
    Clock& clock;
    LockFinder& locks;
    JournalGuard& guard;              ///< seals the reset's entry; checks the entry an undo acts on
    std::string journalPath;          ///< beside the log
    std::string now;                  ///< local time "2026-11-29 04:15:00" (the entry's time and the backup stamp)
    OperationOptions options{};       ///< per-service timeout, progress, cancel
    std::uint32_t osBuild = 19045;
};


/// One thing to move aside.
struct PlannedMove {
    std::string what;  ///< "Windows Update's download cache"
    std::string from, to;
    std::uint64_t bytes = 0;
    bool recreate = false;  ///< a folder Windows expects to exist (BITS' Downloader): an empty one with the same
                            ///< permissions is made in its place once it has moved
};

/// Something the reset moves: what it is for the user, where it is, and whether an empty folder replaces it.
struct CacheItem {
    std::string what, path;
    bool recreate = false;
};

struct ResetPlan {
    std::optional<Finding> restartPending;  ///< set: refused (nothing may be done)
    std::string unreadable;                 ///< a cache folder that cannot be read: refused (half a reset is none)
    std::vector<std::string> stop;          ///< installed services, in stop order
    std::vector<std::string> running;       ///< those of them running now (started again afterwards)
    std::vector<PlannedMove> moves;
    /// What it will do, one line a step, for the user to read before anything happens.
    [[nodiscard]] std::vector<std::string> steps() const;
};
/// Looks (changes nothing): the pending restart, the services, what there is to move and the names it will get.
ResetPlan planReset(ResetEnv& env);

struct ServiceStep {
    std::string service;
    bool wasRunning = false;
    std::optional<ActionResult> stop, start;  ///< what was done (start: only for those running before)
    /// Services that depend on it and ran (Windows stops them first): started again after it.
    std::vector<std::string> dependents;
    std::vector<ActionResult> dependentStarts;
};

struct ResetResult {
    bool ok = false;
    bool refused = false;  ///< a restart is pending: nothing was done
    Win32Error error = 0;  ///< the first failure (a stop's, a move's)
    std::string message, advice;
    int entry = 0;  ///< journal entry (0: none written)
    std::vector<ServiceStep> services;
    std::vector<PlannedMove> moved;  ///< what is now aside (empty unless ok)
    std::string lockedPath;          ///< a move failed on this path (a file or folder in use)
    std::vector<LockHolder> holders; ///< who holds it (empty: Windows could not say)
    std::vector<std::string> rollback;  ///< moves undone after a failure
};
/// Runs the plan (planReset's; it is checked again as it goes). Writes the journal entry before the first move.
ResetResult runReset(ResetEnv& env, Journal& journal, const ResetPlan& plan);

/// Stops the reset's services in this order, each confirmed stopped, noting the running dependents Windows stops
/// first. False (and `failure` set) when one did not stop: those stopped are started again.
bool stopCacheServices(ResetEnv& env, Operations& ops, const std::vector<std::string>& names,
                       std::vector<ServiceStep>& steps, ActionResult& failure);
/// Starts again, in reverse stop order, the services that ran before and were stopped, then their dependents.
void startCacheServicesAgain(ResetEnv& env, Operations& ops, std::vector<ServiceStep>& steps,
                             std::vector<std::string>& problems);

// ---- the backups

struct Backup {
    std::string path;
    std::string stamp;  ///< "20261129-041500" (and "-2"... when two resets fell in one second)
    std::uint64_t bytes = 0;
};
/// WU Doctor's backups beside SoftwareDistribution, catroot2 and the qmgr files, oldest first.
std::vector<Backup> findBackups(MachineAccess& machine);
/// Bytes of a file, or of a folder and everything in it.
std::uint64_t treeBytes(MachineAccess& machine, std::string_view path);
/// "1.5 MB", "312 KB", "0 bytes".
std::string sizeText(std::uint64_t bytes);

struct RemoveResult {
    bool ok = true;
    std::vector<Backup> removed, kept;
    std::uint64_t freed = 0;
    std::vector<std::string> failed;  ///< "path: reason"
};
/// Deletes every backup older than the newest reset's (the user asked: the one place WU Doctor deletes). The
/// journal entries whose backups go are marked, so their undo says why it cannot put them back.
RemoveResult removeOldBackups(MachineAccess& machine, JournalGuard& guard, Journal& journal, const std::string& journalPath);

}  // namespace wud

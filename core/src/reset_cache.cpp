// The Windows Update cache reset (reset_cache.hpp): plan, stop, journal, move aside (all or nothing), start again;
// its undo; the backups it leaves and their removal on request.
#include "wud/reset_cache.hpp"

#include "wud/catalog.hpp"
#include "wud/error_text.hpp"
#include "wud/log.hpp"
#include "wud/text.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <cctype>

namespace wud {
namespace {

std::string friendly(std::string_view name) {
    const CatalogEntry* entry = findInCatalog(name);
    return entry != nullptr ? std::string(entry->friendlyName) + " (" + std::string(entry->name) + ")" : std::string(name);
}

std::string join(const std::string& folder, std::string_view name) { return folder + "\\" + std::string(name); }

std::string networkFolder(MachineAccess& machine) { return machine.programData() + R"(\Microsoft\Network)"; }
std::string downloaderFolder(MachineAccess& machine) { return networkFolder(machine) + R"(\Downloader)"; }

/// BITS' job queue on Windows 7 / 8: qmgr0.dat, qmgr1.dat (our own backups of them excluded).
bool isQmgrFile(std::string_view name) {
    const std::string l = lowerAscii(name);
    return l.starts_with("qmgr") && l.ends_with(".dat") && l.find(kBackupMarker) == std::string::npos;
}

/// Seals the entry again after its state changed, and saves the journal (see saveEntry in repairs.hpp).
void saveSealed(ResetEnv& env, Journal& journal, int id) {
    if (JournalEntry* entry = journal.find(id)) {
        std::string why;
        if (!env.guard.seal(*entry, why)) log::get().warn("journal entry={} could not be sealed again: {}", id, why);
    }
    saveJournal(env.machine, env.journalPath, journal);
}

/// What the reset moves, as it is now, or why it cannot tell.
struct CacheItems {
    std::vector<CacheItem> items;
    std::string unreadable;  ///< a folder it must look into cannot be read: the reset does nothing
};

CacheItems cacheItems(MachineAccess& machine) {
    const std::string root = machine.systemRoot();
    CacheItems found;
    found.items = {
        {"Windows Update's download cache and history", join(root, "SoftwareDistribution"), false},
        {"the catalog database of Cryptographic Services", join(root, R"(System32\catroot2)"), false},
    };
    // BITS' queue. Windows 10 and 11 keep it in an ESE database: qmgr.db with its logs and checkpoint beside it
    // (edb*.log, edb.chk, edb*.jrs, qmgr.jfm) in the Downloader folder (fireeye/BitsParser, README). The database and
    // its logs are one thing: moving qmgr.db alone would split them. So the whole folder moves aside in one rename,
    // and an empty one with the same permissions takes its place for BITS to start a new queue in. Windows 7 and 8
    // keep qmgr0.dat / qmgr1.dat there instead (Microsoft Learn, "Reset Windows Update components"): those files
    // move, as always.
    const std::string downloader = downloaderFolder(machine);
    if (!machine.pathExists(downloader)) return found;
    const auto entries = machine.listFolder(downloader);
    if (!entries) {
        found.unreadable = downloader;
        return found;
    }
    const bool database = std::any_of(entries->begin(), entries->end(), [](const DirEntry& e) {
        return !e.folder && lowerAscii(e.name) == "qmgr.db";
    });
    if (database) {
        found.items.push_back({"BITS' download queue (its database qmgr.db with its logs)", downloader, true});
        return found;
    }
    std::vector<std::string> names;
    for (const DirEntry& e : *entries)
        if (!e.folder && isQmgrFile(e.name)) names.push_back(e.name);
    std::sort(names.begin(), names.end());
    for (const std::string& n : names) found.items.push_back({"BITS' download queue", join(downloader, n), false});
    return found;
}

void collectFiles(MachineAccess& machine, const std::string& path, std::vector<std::string>& out, std::size_t limit) {
    const auto entries = machine.listFolder(path);
    if (!entries) {
        if (out.size() < limit) out.push_back(path);  // a file
        return;
    }
    for (const DirEntry& e : *entries) {
        if (out.size() >= limit) return;
        if (e.folder) collectFiles(machine, join(path, e.name), out, limit);
        else out.push_back(join(path, e.name));
    }
}

/// Errors that mean "something has it open" (ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION, and ACCESS_DENIED,
/// which is what renaming a folder with an open file inside gives).
bool inUse(Win32Error error) { return error == 32 || error == 33 || error == kAccessDenied; }

std::string holdersText(const std::vector<LockHolder>& holders) {
    std::string text;
    for (const LockHolder& h : holders) {
        if (!text.empty()) text += ", ";
        text += h.name.empty() ? std::string("a program") : h.name;
        if (!h.service.empty() && h.service != h.name) text += " (service " + h.service + ")";
        text += " (PID " + std::to_string(h.pid) + ")";
    }
    return text;
}

}  // namespace

/// Starts again, in reverse stop order, the services that ran before and were stopped.
void startCacheServicesAgain(ResetEnv& env, Operations& ops, std::vector<ServiceStep>& steps, std::vector<std::string>& problems) {
    for (auto it = steps.rbegin(); it != steps.rend(); ++it) {
        if (!it->wasRunning || !it->stop) continue;
        it->start = ops.start(it->service, env.options);
        if (!it->start->ok) problems.push_back(it->start->text.message);
        log::get().info("reset-cache start again {}: {}", it->service, it->start->text.message);
        if (!it->start->ok) continue;
        // The dependents the stop took down come back too, in reverse of the SCM's (reverse-start) order.
        for (auto d = it->dependents.rbegin(); d != it->dependents.rend(); ++d) {
            it->dependentStarts.push_back(ops.start(*d, env.options));
            if (!it->dependentStarts.back().ok) problems.push_back(it->dependentStarts.back().text.message);
            log::get().info("reset-cache start again {} (depends on {}): {}", *d, it->service,
                            it->dependentStarts.back().text.message);
        }
    }
}

/// Stops the services in order. False (and `failure` set) when one did not stop: those stopped are started again.
bool stopCacheServices(ResetEnv& env, Operations& ops, const std::vector<std::string>& names, std::vector<ServiceStep>& steps,
             ActionResult& failure) {
    for (const std::string& name : names) {
        const QueryResult before = env.services.query(name);
        if (before.error == 0 && !before.snapshot.installed) continue;
        ServiceStep step;
        step.service = name;
        step.wasRunning = before.error == 0 && before.snapshot.state != ServiceState::Stopped;
        // Operations::stop stops the running dependents first (else 1051) but does not start them again: we do.
        if (step.wasRunning) {
            DependentsResult dependents = env.services.activeDependents(name);
            if (dependents.error == 0) step.dependents = std::move(dependents.names);
        }
        step.stop = ops.stop(name, env.options);
        steps.push_back(step);
        log::get().info("reset-cache stop {}: {}", name, step.stop->text.message);
        if (!step.stop->ok) {
            failure = *step.stop;
            std::vector<std::string> ignored;
            startCacheServicesAgain(env, ops, steps, ignored);
            return false;
        }
    }
    return true;
}


// ---------------------------------------------------------------------------------------------- names and sizes

std::uint64_t treeBytes(MachineAccess& machine, std::string_view path) {
    const auto entries = machine.listFolder(path);
    if (!entries) {
        const auto bytes = machine.readFile(path);
        return bytes ? bytes->size() : 0;
    }
    std::uint64_t total = 0;
    for (const DirEntry& e : *entries) total += e.folder ? treeBytes(machine, join(std::string(path), e.name)) : e.bytes;
    return total;
}

std::string sizeText(std::uint64_t bytes) {
    constexpr std::uint64_t kKiB = 1024, kMiB = kKiB * 1024, kGiB = kMiB * 1024;
    auto tenths = [](std::uint64_t value, std::uint64_t unit) {
        const std::uint64_t t = (value * 10 + unit / 2) / unit;
        return std::to_string(t / 10) + "." + std::to_string(t % 10);
    };
    if (bytes >= kGiB) return tenths(bytes, kGiB) + " GB";
    if (bytes >= kMiB) return tenths(bytes, kMiB) + " MB";
    if (bytes >= kKiB) return std::to_string((bytes + kKiB / 2) / kKiB) + " KB";
    return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

// ---------------------------------------------------------------------------------------------- plan

std::vector<std::string> ResetPlan::steps() const {
    std::vector<std::string> lines;
    if (!unreadable.empty()) return {"nothing: " + unreadable + " cannot be read, and half a reset is none"};
    if (moves.empty()) return {"nothing: there is no Windows Update cache to move (no service is stopped)"};
    for (const std::string& s : stop)
        lines.push_back("stop " + friendly(s) +
                        (std::find(running.begin(), running.end(), s) != running.end() ? std::string() : " (already stopped)"));
    for (const PlannedMove& m : moves)
        lines.push_back("move " + m.from + " (" + m.what + ", " + sizeText(m.bytes) + ") aside to " + m.to +
                        (m.recreate ? std::string(", and make an empty one with the same permissions in its place") : ""));
    std::vector<std::string> again;
    for (auto it = stop.rbegin(); it != stop.rend(); ++it)
        if (std::find(running.begin(), running.end(), *it) != running.end()) again.push_back(friendly(*it));
    if (!again.empty()) {
        std::string line = "start again what was running: ";
        for (std::size_t i = 0; i < again.size(); ++i) line += (i ? ", " : "") + again[i];
        lines.push_back(line);
    }
    return lines;
}

ResetPlan planReset(ResetEnv& env) {
    ResetPlan plan;
    CheckContext context{env.machine, env.services, env.osBuild};
    plan.restartPending = pendingRestart(context);
    if (plan.restartPending) return plan;
    for (const std::string_view name : kResetCacheServices) {
        const QueryResult q = env.services.query(name);
        if (q.error == 0 && !q.snapshot.installed) continue;  // e.g. no Delivery Optimization on this Windows
        const std::string key = q.snapshot.name.empty() ? std::string(name) : q.snapshot.name;
        plan.stop.push_back(key);
        if (q.error == 0 && q.snapshot.state != ServiceState::Stopped) plan.running.push_back(key);
    }
    const std::string stamp = backupStamp(env.now);
    const CacheItems items = cacheItems(env.machine);
    if (!items.unreadable.empty()) {
        plan.unreadable = items.unreadable;
        return plan;
    }
    for (const CacheItem& item : items.items) {
        if (!env.machine.pathExists(item.path)) continue;
        plan.moves.push_back(PlannedMove{item.what, item.path, backupName(env.machine, item.path, stamp),
                                         treeBytes(env.machine, item.path), item.recreate});
    }
    return plan;
}

// ---------------------------------------------------------------------------------------------- run

ResetResult runReset(ResetEnv& env, Journal& journal, const ResetPlan& plan) {
    ResetResult result;
    if (plan.restartPending) {
        result.refused = true;
        result.message = "Not reset: a restart is pending (finding " + plan.restartPending->id +
                         "). Resetting the cache now could break the update Windows is finishing. Nothing was changed.";
        result.advice = plan.restartPending->nextStep + " Then run wudoctor reset-cache again.";
        return result;
    }
    if (!plan.unreadable.empty()) {
        result.error = kAccessDenied;
        result.message = "Not reset: " + plan.unreadable + " cannot be read, so WU Doctor cannot tell what it would move "
                         "there, and half a reset is none. Nothing was changed.";
        result.advice = "Run WU Doctor as administrator. If it still cannot read the folder, its permissions were "
                        "changed: check them (Properties > Security) or restart and try again.";
        return result;
    }
    if (plan.moves.empty()) {  // nothing to move: no reason to stop anything
        result.ok = true;
        result.message = "Nothing to reset: there is no Windows Update cache here (no SoftwareDistribution, catroot2 "
                         "or BITS queue files). Nothing was changed.";
        return result;
    }
    Operations ops(env.services, env.clock);

    // 1. Stop, in order, each confirmed stopped.
    ActionResult failure;
    if (!stopCacheServices(env, ops, plan.stop, result.services, failure)) {
        result.error = failure.error;
        result.message = "Not reset: " + failure.text.message + " Nothing was moved; the services that had been "
                         "stopped were started again.";
        result.advice = failure.text.advice;
        log::get().warn("reset-cache failed: {}", result.message);
        return result;
    }

    // 2. The journal, before anything moves. Names are checked again: the plan may be a moment old.
    JournalEntry entry;
    entry.id = journal.nextId();
    entry.time = env.now;
    entry.machine = thisMachine(env.machine);
    entry.findingId = std::string(kResetCacheId);
    entry.title = "Reset the Windows Update cache";
    entry.state = EntryState::Pending;
    std::vector<PlannedMove> moves;
    for (PlannedMove m : plan.moves) {
        if (!env.machine.pathExists(m.from)) continue;
        if (env.machine.pathExists(m.to)) m.to = backupName(env.machine, m.from, backupStamp(env.now));
        JournalChange c;
        c.kind = JournalChange::Kind::MoveAside;
        c.from = m.from;
        c.to = m.to;
        entry.changes.push_back(c);
        moves.push_back(std::move(m));
    }
    std::vector<std::string> startProblems;
    if (!moves.empty()) {
        if (const auto notRecorded = env.guard.recordBeforeChange(journal, entry, env.journalPath)) {
            result.error = notRecorded->error;
            result.message = "Not reset: " + notRecorded->reason + ". Nothing was moved.";
            result.advice = notRecorded->advice;
            startCacheServicesAgain(env, ops, result.services, startProblems);
            return result;
        }
        result.entry = entry.id;
    }

    // 3. Move aside, all or nothing.
    std::size_t done = 0;  // moves made (to put back on failure)
    std::size_t failedAt = moves.size();
    Win32Error error = 0;
    bool unverified = false;
    bool recreateFailed = false;
    for (; done < moves.size(); ++done) {
        error = env.machine.movePath(moves[done].from, moves[done].to);
        if (error != 0) {
            failedAt = done;
            break;
        }
        if (env.machine.pathExists(moves[done].from) || !env.machine.pathExists(moves[done].to)) {
            unverified = true;  // said done, but does not read back as moved: put back what it can
            failedAt = done++;
            break;
        }
        log::get().info("reset-cache entry={} moved {} -> {}", entry.id, moves[done].from, moves[done].to);
        if (moves[done].recreate) {
            // The empty folder BITS starts its new queue in, with the permissions the old one had.
            error = env.machine.createFolderLike(moves[done].from, moves[done].to);
            if (error != 0) {
                recreateFailed = true;
                failedAt = done++;  // this move is undone with the others
                break;
            }
            log::get().info("reset-cache entry={} made an empty {} with the permissions of the old one", entry.id,
                            moves[done].from);
        }
    }
    if (failedAt < moves.size()) {
        const PlannedMove& failed = moves[failedAt];
        result.error = error;
        result.lockedPath = failed.from;
        if (inUse(error)) {
            std::vector<std::string> files;
            collectFiles(env.machine, failed.from, files, 2000);
            const auto holders = env.locks.holders(files);
            if (holders) result.holders = *holders;
            log::get().info("reset-cache {} is in use: asked the Restart Manager about {} file(s): {}", failed.from,
                            files.size(), !holders ? std::string("it could not be asked")
                                          : holders->empty() ? std::string("nobody named") : holdersText(*holders));
        }
        std::vector<std::string> stuck;
        for (std::size_t i = done; i-- > 0;) {
            // The empty folder made in a moved one's place goes first (only an empty folder can be removed).
            if (moves[i].recreate && env.machine.pathExists(moves[i].from)) env.machine.removeEmptyFolder(moves[i].from);
            if (env.machine.movePath(moves[i].to, moves[i].from) == 0) {
                result.rollback.push_back("moved " + moves[i].to + " back to " + moves[i].from);
                log::get().info("reset-cache rollback: {} -> {}", moves[i].to, moves[i].from);
            } else {
                stuck.push_back(moves[i].to);
            }
        }
        if (JournalEntry* stored = journal.find(entry.id)) {
            stored->state = stuck.empty() ? EntryState::Failed : EntryState::Applied;
            saveSealed(env, journal, entry.id);
        }
        const std::string reason =
            recreateFailed ? " moved, but the empty folder for its place could not be made: " + describeError(error).message
            : unverified ? std::string(" did not move (it still shows at its old place)")
            : inUse(error)
            ? (result.holders.empty() ? " is in use by another program (Windows did not say which)"
                                      : " is in use by " + holdersText(result.holders))
            : " could not be moved: " + describeError(error).message;
        result.message = "Not reset: " + failed.from + reason + "." +
                         (stuck.empty() ? std::string(" Everything moved so far was put back; nothing changed.")
                                        : " Some folders could not be put back: run wudoctor undo " + std::to_string(entry.id) + ".");
        result.advice = inUse(error) ? (result.holders.empty() ? std::string("Close the programs that may use it")
                                                               : "Close " + holdersText(result.holders)) +
                                           " (or restart the PC), then run wudoctor reset-cache again."
                        : error == kAccessDenied ? "Run WU Doctor as administrator."
                                                 : describeError(error).advice;
        startCacheServicesAgain(env, ops, result.services, startProblems);
        log::get().warn("reset-cache failed: {}", result.message);
        return result;
    }
    if (JournalEntry* stored = journal.find(entry.id)) {
        stored->state = EntryState::Applied;
        saveSealed(env, journal, entry.id);
    }
    result.moved = moves;

    // 4. Start again what was running.
    startCacheServicesAgain(env, ops, result.services, startProblems);
    result.ok = startProblems.empty();
    result.message = moves.empty() ? std::string("Nothing to reset: the cache went away while the services stopped.")
                                   : "Reset the Windows Update cache (undo: wudoctor undo " + std::to_string(entry.id) + ").";
    if (!startProblems.empty()) {
        result.message += " But not every service started again:";
        for (const std::string& p : startProblems) result.message += " " + p;
        result.advice = "Restart the computer: Windows starts them itself.";
        for (const ServiceStep& s : result.services)
            if (s.start && !s.start->ok && result.error == 0) result.error = s.start->error;
    }
    log::get().info("reset-cache entry={} done: {}", entry.id, result.message);
    return result;
}

// ---------------------------------------------------------------------------------------------- backups

std::vector<Backup> findBackups(MachineAccess& machine) {
    const std::string root = machine.systemRoot();
    std::vector<Backup> backups;
    auto scan = [&](const std::string& folder, auto&& matches) {
        const auto entries = machine.listFolder(folder);
        if (!entries) return;
        for (const DirEntry& e : *entries) {
            const auto at = lowerAscii(e.name).find(kBackupMarker);
            if (at == std::string::npos || !matches(lowerAscii(e.name.substr(0, at)))) continue;
            const std::string path = join(folder, e.name);
            backups.push_back(Backup{path, e.name.substr(at + kBackupMarker.size()),
                                     e.folder ? treeBytes(machine, path) : e.bytes});
        }
    };
    scan(root, [](const std::string& base) { return base == "softwaredistribution"; });
    scan(join(root, "System32"), [](const std::string& base) { return base == "catroot2"; });
    scan(downloaderFolder(machine), [](const std::string& base) { return isQmgrFile(base); });
    scan(networkFolder(machine), [](const std::string& base) { return base == "downloader"; });
    std::stable_sort(backups.begin(), backups.end(), [](const Backup& a, const Backup& b) { return a.stamp < b.stamp; });
    return backups;
}

RemoveResult removeOldBackups(MachineAccess& machine, JournalGuard& guard, Journal& journal, const std::string& journalPath) {
    RemoveResult result;
    const std::vector<Backup> backups = findBackups(machine);
    // The newest backup of each thing (SoftwareDistribution, catroot2, each qmgr file) is the last reset's: kept.
    std::map<std::string, const Backup*> newest;
    for (const Backup& b : backups) {
        const std::string l = lowerAscii(b.path);
        const std::string base = l.substr(0, l.rfind(kBackupMarker));
        if (newest[base] == nullptr || newest[base]->stamp < b.stamp) newest[base] = &b;
    }
    bool journalChanged = false;
    for (const Backup& b : backups) {
        const std::string l = lowerAscii(b.path);
        if (newest[l.substr(0, l.rfind(kBackupMarker))] == &b) {
            result.kept.push_back(b);
            continue;
        }
        if (const Win32Error error = machine.deleteTree(b.path); error != 0) {
            result.ok = false;
            result.failed.push_back(b.path + ": " + describeError(error).message);
            continue;
        }
        log::get().info("reset-cache removed old backup {} ({} bytes)", b.path, b.bytes);
        result.removed.push_back(b);
        result.freed += b.bytes;
        for (JournalEntry& e : journal.entries) {
            // Only entries WU Doctor can vouch for are changed (and sealed again); any other stays as it was written.
            if (guard.refusal(e)) continue;
            bool marked = false;
            for (JournalChange& c : e.changes)
                if (c.kind == JournalChange::Kind::MoveAside && lowerAscii(c.to) == l) c.backupRemoved = marked = true;
            if (!marked) continue;
            std::string why;
            if (!guard.seal(e, why)) log::get().warn("journal entry={} could not be sealed again: {}", e.id, why);
            journalChanged = true;
        }
    }
    if (journalChanged && !journalPath.empty()) saveJournal(machine, journalPath, journal);
    return result;
}

}  // namespace wud

// Repairs through the undo journal: record, change, verify; undo with the three-state rule (the machine shows
// what the repair left -> put back; shows what was there before -> nothing to do; shows something else -> leave
// it and say so), which also makes undo of an entry a crash left "pending" exact.
#include "wud/repairs.hpp"

#include "wud/errors.hpp"
#include "wud/log.hpp"
#include "wud/reset_cache.hpp"  // backupName / backupStamp for MoveAside

#include <spdlog/logger.h>

#include <algorithm>

namespace wud {
namespace {

StartType base(StartType t) {
    if (t == StartType::AutomaticDelayed) return StartType::Automatic;
    if (t == StartType::ManualTrigger) return StartType::Manual;
    return t;
}

Win32Error writeOrDelete(MachineAccess& m, const std::string& key, const std::string& name, const std::optional<RegValue>& value) {
    if (value) return m.writeValue(key, name, *value);
    const Win32Error error = m.deleteValue(key, name);
    return error == 2 ? 0 : error;  // already gone is what we want
}

// Records one planned change with the machine's current state as "before".
std::optional<JournalChange> record(RepairEnv& env, const Change& change, std::string& problem) {
    JournalChange c;
    if (const auto* r = std::get_if<RegistryChange>(&change)) {
        c.kind = JournalChange::Kind::Registry;
        c.key = r->key;
        c.name = r->name;
        c.before = env.machine.readValue(r->key, r->name);
        c.after = r->after;
    } else if (const auto* m = std::get_if<FileMove>(&change)) {
        c.kind = JournalChange::Kind::FileMove;
        c.from = m->from;
        c.to = m->to;
        if (!env.machine.fileExists(m->from) || env.machine.fileExists(m->to)) {
            problem = "the files are no longer as the check found them (" + m->from + ", " + m->to + ")";
            return std::nullopt;
        }
    } else if (const auto* w = std::get_if<FileRewrite>(&change)) {
        c.kind = JournalChange::Kind::FileRewrite;
        c.path = w->path;
        const auto bytes = env.machine.readFile(w->path);
        if (!bytes) {
            problem = w->path + " cannot be read";
            return std::nullopt;
        }
        c.beforeBytes = *bytes;
        c.afterBytes = w->after;
        c.removedLines = w->removedLines;
    } else if (const auto* s = std::get_if<ServiceStartChange>(&change)) {
        c.kind = JournalChange::Kind::StartType;
        c.service = s->service;
        const QueryResult q = env.services.query(s->service);
        if (q.error != 0 || !q.snapshot.installed || q.snapshot.startType == StartType::Unknown) {
            problem = "the start type of " + s->service + " cannot be read";
            return std::nullopt;
        }
        c.startBefore = q.snapshot.startType;
        c.startAfter = s->to;
    } else if (const auto* k = std::get_if<KeySecurityChange>(&change)) {
        c.kind = JournalChange::Kind::KeySecurity;
        c.key = k->key;
        const auto sddl = env.machine.keySecurity(k->key);
        if (!sddl) {
            problem = "the permissions of " + k->key + " cannot be read";
            return std::nullopt;
        }
        c.sddlBefore = *sddl;
        c.sddlAfter = k->after;
    }
    return c;
}

Win32Error apply(RepairEnv& env, const JournalChange& c) {
    switch (c.kind) {
    case JournalChange::Kind::Registry: return writeOrDelete(env.machine, c.key, c.name, c.after);
    case JournalChange::Kind::FileMove: return env.machine.moveFile(c.from, c.to);
    case JournalChange::Kind::FileRewrite: return env.machine.replaceFile(c.path, c.afterBytes);
    case JournalChange::Kind::StartType: return env.services.setStartType(c.service, c.startAfter);
    case JournalChange::Kind::KeySecurity: return env.machine.setKeySecurity(c.key, c.sddlAfter);
    case JournalChange::Kind::MoveAside: return env.machine.movePath(c.from, c.to);
    }
    return kInvalidParameter;
}

enum class Seen { After, Before, Other };

Seen observe(RepairEnv& env, const JournalChange& c) {
    switch (c.kind) {
    case JournalChange::Kind::Registry: {
        const auto now = env.machine.readValue(c.key, c.name);
        return now == c.after ? Seen::After : now == c.before ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::FileMove: {
        const bool from = env.machine.fileExists(c.from), to = env.machine.fileExists(c.to);
        return (to && !from) ? Seen::After : (from && !to) ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::FileRewrite: {
        const auto now = env.machine.readFile(c.path);
        return now == c.afterBytes ? Seen::After : now == c.beforeBytes ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::StartType: {
        const StartType now = env.services.query(c.service).snapshot.startType;
        return base(now) == base(c.startAfter) ? Seen::After : base(now) == base(c.startBefore) ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::KeySecurity: {
        const auto now = env.machine.keySecurity(c.key);
        return now == c.sddlAfter ? Seen::After : now == c.sddlBefore ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::MoveAside: {
        // The backup there = after (whatever Windows has made at `from` since); only `from` = before.
        if (c.backupRemoved) return Seen::Other;
        if (env.machine.pathExists(c.to)) return Seen::After;
        return env.machine.pathExists(c.from) ? Seen::Before : Seen::Other;
    }
    }
    return Seen::Other;
}

/// aside: set to where a MoveAside's newer `from` was kept, when there was one.
Win32Error restore(RepairEnv& env, const JournalChange& c, std::string* aside = nullptr) {
    switch (c.kind) {
    case JournalChange::Kind::MoveAside: {
        std::string keptAt;
        if (env.machine.pathExists(c.from)) {  // Windows made a new one: keep it, beside, time-stamped
            keptAt = backupName(env.machine, c.from, backupStamp(env.now));
            if (const Win32Error error = env.machine.movePath(c.from, keptAt); error != 0) return error;
        }
        const Win32Error error = env.machine.movePath(c.to, c.from);
        if (error != 0 && !keptAt.empty()) env.machine.movePath(keptAt, c.from);  // as it was
        if (error == 0 && aside != nullptr) *aside = keptAt;
        return error;
    }
    case JournalChange::Kind::Registry: return writeOrDelete(env.machine, c.key, c.name, c.before);
    case JournalChange::Kind::FileMove: return env.machine.moveFile(c.to, c.from);
    case JournalChange::Kind::FileRewrite: return env.machine.replaceFile(c.path, c.beforeBytes);
    case JournalChange::Kind::StartType: return env.services.setStartType(c.service, c.startBefore);
    case JournalChange::Kind::KeySecurity: return env.machine.setKeySecurity(c.key, c.sddlBefore);
    }
    return kInvalidParameter;
}

std::string undoWord(const JournalChange& c) {
    switch (c.kind) {
    case JournalChange::Kind::Registry:
        return c.key + "\\" + c.name + " back to " + (c.before ? describeValue(*c.before) : std::string("(not set)"));
    case JournalChange::Kind::FileMove: return "renamed " + c.to + " back to " + c.from;
    case JournalChange::Kind::FileRewrite: return c.path + " as it was (" + std::to_string(c.removedLines.size()) + " line(s) back)";
    case JournalChange::Kind::StartType: return "service " + c.service + " start type back to " + std::string(toString(c.startBefore));
    case JournalChange::Kind::KeySecurity: return c.key + " permissions back to " + c.sddlBefore;
    case JournalChange::Kind::MoveAside: return "moved " + c.to + " back to " + c.from;
    }
    return {};
}

/// Puts back the changes [0, count) in reverse order; returns the ones that could not be.
std::vector<std::string> rollBack(RepairEnv& env, const std::vector<JournalChange>& changes, std::size_t count) {
    std::vector<std::string> stuck;
    for (std::size_t i = count; i-- > 0;) {
        const JournalChange& c = changes[i];
        if (observe(env, c) == Seen::Before) continue;
        if (restore(env, c) != 0) stuck.push_back(describe(c));
        else log::get().info("repair rollback: {}", undoWord(c));
    }
    return stuck;
}

}  // namespace

bool sameBaseStartType(StartType a, StartType b) noexcept { return base(a) == base(b); }

RepairResult applyRepair(RepairEnv& env, Journal& journal, const Finding& finding) {
    RepairResult result;
    result.findingId = finding.id;
    if (finding.repair.empty()) {
        result.message = finding.title + ": WU Doctor has no automatic repair for this.";
        result.advice = finding.nextStep;
        return result;
    }
    // 1. Record: what each change will touch, as it is now.
    JournalEntry entry;
    entry.id = journal.nextId();
    entry.time = env.now;
    entry.machine = thisMachine(env.machine);
    entry.findingId = finding.id;
    entry.title = finding.title;
    entry.state = EntryState::Pending;
    for (const Change& change : finding.repair) {
        std::string problem;
        auto c = record(env, change, problem);
        if (!c) {
            result.message = "Not repaired: " + problem + ". Nothing was changed.";
            result.advice = "Run the check again: the machine changed since it ran.";
            return result;
        }
        entry.changes.push_back(std::move(*c));
    }
    journal.entries.push_back(entry);
    if (const Win32Error error = saveJournal(env.machine, env.journalPath, journal); error != 0) {
        journal.entries.pop_back();
        result.error = error;
        result.message = "Not repaired: the undo journal could not be written to " + env.journalPath + " (" +
                         describeError(error).message + "). Nothing was changed.";
        result.advice = "Run WU Doctor from a folder it can write to, or as administrator.";
        return result;
    }
    result.entry = entry.id;

    // 2. Change, 3. verify.
    std::size_t done = 0;
    Win32Error error = 0;
    std::string failed;
    for (; done < entry.changes.size(); ++done) {
        const JournalChange& c = entry.changes[done];
        error = apply(env, c);
        if (error != 0) {
            failed = describe(c);
            break;
        }
        log::get().info("repair finding={} entry={} change: {}", finding.id, entry.id, describe(c));
    }
    bool unverified = false;
    if (error == 0) {
        for (const JournalChange& c : entry.changes)
            if (observe(env, c) != Seen::After) {
                failed = describe(c) + " (it did not read back as written)";
                unverified = true;
                break;
            }
    }
    JournalEntry* stored = journal.find(entry.id);
    if (error != 0 || unverified) {
        const auto stuck = rollBack(env, entry.changes, entry.changes.size());
        stored->state = stuck.empty() ? EntryState::Failed : EntryState::Pending;
        saveJournal(env.machine, env.journalPath, journal);
        result.error = error;
        const ErrorText text = describeError(error);
        result.message = "Not repaired: " + failed + (unverified ? std::string(".") : " failed: " + text.message) +
                         (stuck.empty() ? " What had been changed was put back."
                                        : " Some changes could not be put back: run wudoctor undo " + std::to_string(entry.id) + ".");
        result.advice = unverified ? "Something changed it straight back (a policy or a protecting tool): check "
                                     "which program manages Windows Update on this PC."
                        : error == kAccessDenied ? "Run WU Doctor as administrator."
                                                 : text.advice;
        log::get().warn("repair finding={} entry={} failed: {}", finding.id, entry.id, result.message);
        return result;
    }
    stored->state = EntryState::Applied;
    saveJournal(env.machine, env.journalPath, journal);
    result.ok = true;
    for (const JournalChange& c : entry.changes) result.changed.push_back(describe(c));
    result.message = "Repaired: " + finding.title + " (undo: wudoctor undo " + std::to_string(entry.id) + ")";
    return result;
}

std::vector<int> undoableEntries(const Journal& journal, const MachineId& machine) {
    std::vector<int> ids;
    for (const JournalEntry& e : journal.entries)
        if (sameMachine(e.machine, machine) && (e.state == EntryState::Applied || e.state == EntryState::Pending))
            ids.push_back(e.id);
    std::reverse(ids.begin(), ids.end());
    return ids;
}

UndoResult undoEntry(RepairEnv& env, Journal& journal, int id) {
    UndoResult result;
    result.entry = id;
    JournalEntry* entry = journal.find(id);
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
    if (entry->state == EntryState::Undone || entry->state == EntryState::Failed) {
        result.ok = true;
        result.message = "Journal entry " + std::to_string(id) + " has nothing to undo (" + std::string(toId(entry->state)) + ").";
        return result;
    }
    std::vector<std::string> failed;
    for (std::size_t i = entry->changes.size(); i-- > 0;) {
        const JournalChange& c = entry->changes[i];
        switch (observe(env, c)) {
        case Seen::Before: break;  // never changed (a crash before it) or already back
        case Seen::Other: result.leftAlone.push_back(describe(c)); break;
        case Seen::After: {
            std::string aside;
            if (const Win32Error error = restore(env, c, &aside); error != 0) {
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
    if (const Win32Error error = saveJournal(env.machine, env.journalPath, journal); error != 0) {
        result.message += " (The journal could not be updated: " + describeError(error).message + ")";
    }
    return result;
}

}  // namespace wud

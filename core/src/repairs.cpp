// Repairs through the undo journal: record, seal, change, verify; a change that fails or does not read back puts back
// what was already changed.
#include "wud/repairs.hpp"

#include "wud/error_text.hpp"
#include "wud/journal_changes.hpp"
#include "wud/log.hpp"

#include <spdlog/logger.h>

#include <algorithm>

namespace wud {
namespace {

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

/// Puts back the changes [0, count) in reverse order; returns the ones that could not be.
std::vector<std::string> rollBack(RepairEnv& env, const std::vector<JournalChange>& changes, std::size_t count) {
    std::vector<std::string> stuck;
    for (std::size_t i = count; i-- > 0;) {
        const JournalChange& c = changes[i];
        if (observe(env.machine, env.services, c) == Seen::Before) continue;
        if (restoreChange(env.machine, env.services, c, env.now) != 0) stuck.push_back(describe(c));
        else log::get().info("repair rollback: {}", undoWord(c));
    }
    return stuck;
}

}  // namespace

Win32Error saveEntry(RepairEnv& env, Journal& journal, int id) {
    if (JournalEntry* entry = journal.find(id)) {
        std::string why;
        // The state changed since the entry was sealed: seal it again, or it would no longer verify. If the key is
        // gone meanwhile the entry stays as it is, unverifiable, which only means an elevated undo refuses it.
        if (!env.guard.seal(*entry, why)) log::get().warn("journal entry={} could not be sealed again: {}", id, why);
    }
    return saveJournal(env.machine, env.journalPath, journal);
}

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
    if (const auto notRecorded = env.guard.recordBeforeChange(journal, entry, env.journalPath)) {
        result.error = notRecorded->error;
        result.message = "Not repaired: " + notRecorded->reason + ". Nothing was changed.";
        result.advice = notRecorded->advice;
        return result;
    }
    result.entry = entry.id;

    // 2. Change, 3. verify.
    std::size_t done = 0;
    Win32Error error = 0;
    std::string failed;
    for (; done < entry.changes.size(); ++done) {
        const JournalChange& c = entry.changes[done];
        error = applyChange(env.machine, env.services, c);
        if (error != 0) {
            failed = describe(c);
            break;
        }
        log::get().info("repair finding={} entry={} change: {}", finding.id, entry.id, describe(c));
    }
    bool unverified = false;
    if (error == 0) {
        for (const JournalChange& c : entry.changes)
            if (observe(env.machine, env.services, c) != Seen::After) {
                failed = describe(c) + " (it did not read back as written)";
                unverified = true;
                break;
            }
    }
    JournalEntry* stored = journal.find(entry.id);
    if (error != 0 || unverified) {
        const auto stuck = rollBack(env, entry.changes, entry.changes.size());
        stored->state = stuck.empty() ? EntryState::Failed : EntryState::Pending;
        saveEntry(env, journal, entry.id);
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
    saveEntry(env, journal, entry.id);
    result.ok = true;
    for (const JournalChange& c : entry.changes) result.changed.push_back(describe(c));
    result.message = "Repaired: " + finding.title + " (undo: wudoctor undo " + std::to_string(entry.id) + ")";
    return result;
}

}  // namespace wud

// One journal change's mechanics (journal_changes.hpp): apply, observe, put back, and the words for undo.
#include "wud/journal_changes.hpp"

#include "wud/error_text.hpp"

#include <string>

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

}  // namespace

Win32Error applyChange(MachineAccess& machine, ServiceManager& services, const JournalChange& c) {
    switch (c.kind) {
    case JournalChange::Kind::Registry: return writeOrDelete(machine, c.key, c.name, c.after);
    case JournalChange::Kind::FileMove: return machine.moveFile(c.from, c.to);
    case JournalChange::Kind::FileRewrite: return machine.replaceFile(c.path, c.afterBytes);
    case JournalChange::Kind::StartType: return services.setStartType(c.service, c.startAfter);
    case JournalChange::Kind::KeySecurity: return machine.setKeySecurity(c.key, c.sddlAfter);
    case JournalChange::Kind::MoveAside: return machine.movePath(c.from, c.to);
    }
    return kInvalidParameter;
}

Seen observe(MachineAccess& machine, ServiceManager& services, const JournalChange& c) {
    switch (c.kind) {
    case JournalChange::Kind::Registry: {
        const auto now = machine.readValue(c.key, c.name);
        return now == c.after ? Seen::After : now == c.before ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::FileMove: {
        const bool from = machine.fileExists(c.from), to = machine.fileExists(c.to);
        return (to && !from) ? Seen::After : (from && !to) ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::FileRewrite: {
        const auto now = machine.readFile(c.path);
        return now == c.afterBytes ? Seen::After : now == c.beforeBytes ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::StartType: {
        const StartType now = services.query(c.service).snapshot.startType;
        return base(now) == base(c.startAfter) ? Seen::After : base(now) == base(c.startBefore) ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::KeySecurity: {
        const auto now = machine.keySecurity(c.key);
        return now == c.sddlAfter ? Seen::After : now == c.sddlBefore ? Seen::Before : Seen::Other;
    }
    case JournalChange::Kind::MoveAside: {
        // The backup there = after (whatever Windows has made at `from` since); only `from` = before.
        if (c.backupRemoved) return Seen::Other;
        if (machine.pathExists(c.to)) return Seen::After;
        return machine.pathExists(c.from) ? Seen::Before : Seen::Other;
    }
    }
    return Seen::Other;
}

Win32Error restoreChange(MachineAccess& machine, ServiceManager& services, const JournalChange& c, std::string_view now,
                         std::string* aside) {
    switch (c.kind) {
    case JournalChange::Kind::MoveAside: {
        std::string keptAt;
        if (machine.pathExists(c.from)) {  // Windows made a new one: keep it, beside, time-stamped
            keptAt = backupName(machine, c.from, backupStamp(now));
            if (const Win32Error error = machine.movePath(c.from, keptAt); error != 0) return error;
        }
        const Win32Error error = machine.movePath(c.to, c.from);
        if (error != 0 && !keptAt.empty()) machine.movePath(keptAt, c.from);  // as it was
        if (error == 0 && aside != nullptr) *aside = keptAt;
        return error;
    }
    case JournalChange::Kind::Registry: return writeOrDelete(machine, c.key, c.name, c.before);
    case JournalChange::Kind::FileMove: return machine.moveFile(c.to, c.from);
    case JournalChange::Kind::FileRewrite: return machine.replaceFile(c.path, c.beforeBytes);
    case JournalChange::Kind::StartType: return services.setStartType(c.service, c.startBefore);
    case JournalChange::Kind::KeySecurity: return machine.setKeySecurity(c.key, c.sddlBefore);
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

bool sameBaseStartType(StartType a, StartType b) noexcept { return base(a) == base(b); }

}  // namespace wud

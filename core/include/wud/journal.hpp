#pragma once
// The undo journal: every repair writes here what it will change — registry values with their type and raw
// data, file names, file bytes, start types — before it changes anything, so `undo` can put back exactly what
// was there, even after a crash mid-repair. One JSON file beside the log ("wudoctor-journal.json"), always
// replaced atomically. Each entry names the machine it was written on: a journal carried to another PC on a
// USB stick never undoes anything there.

#include "wud/model.hpp"
#include "wud/machine_access.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

inline constexpr std::string_view kJournalFileName = "wudoctor-journal.json";
inline constexpr std::string_view kJournalFormat = "wudoctor-journal/1";

/// Which PC an entry belongs to: its MachineGuid (HKLM\SOFTWARE\Microsoft\Cryptography) and its name. Both must
/// match: a cloned disk keeps the GUID but not the name.
struct MachineId {
    std::string guid;
    std::string computer;
    friend bool operator==(const MachineId&, const MachineId&) = default;
};
MachineId thisMachine(MachineAccess& machine);
/// Same machine: GUID and name compared case-insensitively; an empty GUID never matches.
bool sameMachine(const MachineId& a, const MachineId& b);

/// One change as done: what was there before and what the repair put there.
struct JournalChange {
    enum class Kind : std::uint8_t { Registry, FileMove, FileRewrite, StartType, KeySecurity, MoveAside } kind = Kind::Registry;
    // Registry: key\name; before / after = nullopt when the value did not / does not exist.
    std::string key, name;
    std::optional<RegValue> before, after;
    // FileMove: the repair renamed `from` to `to`.
    std::string from, to;
    // FileRewrite: the whole file before and after, and the lines it took out (for people reading the journal).
    std::string path, beforeBytes, afterBytes;
    std::vector<std::string> removedLines;
    // StartType
    std::string service;
    StartType startBefore = StartType::Unknown, startAfter = StartType::Unknown;
    // KeySecurity: `key`'s DACL as SDDL, before and after.
    std::string sddlBefore, sddlAfter;
    // MoveAside (the cache reset): a file or a whole folder moved from `from` to the backup name `to`. Windows
    // makes a new `from` as soon as its services run again, so that counts as "after" too: undo keeps the new one
    // aside (time-stamped) and moves `to` back. backupRemoved: the user had `to` deleted (reset-cache
    // --remove-old-backups), so there is nothing left to put back.
    bool backupRemoved = false;

    friend bool operator==(const JournalChange&, const JournalChange&) = default;
};
/// "HKLM\...\WUServer: \" \" (REG_SZ) -> deleted", "C:\...\wuauserv.exe.dlle -> C:\...\wuauserv.exe"...
std::string describe(const JournalChange& change);

enum class EntryState : std::uint8_t {
    Pending,  ///< written before the change; a crash left it here (undo restores what was changed)
    Applied,  ///< changed and verified
    Failed,   ///< a change failed; what had been changed was put back
    Undone,   ///< undo put everything back
};
std::string_view toId(EntryState state) noexcept;

struct JournalEntry {
    int id = 0;
    std::string time;  ///< local time, as the caller gives it
    MachineId machine;
    std::string findingId, title;
    EntryState state = EntryState::Pending;
    std::vector<JournalChange> changes;
    /// HMAC-SHA256 (hex) of canonicalEntry() under this PC's journal key, written by an elevated WU Doctor
    /// (journal_guard.hpp); empty when a process without administrator rights wrote the entry.
    std::string seal;
    friend bool operator==(const JournalEntry&, const JournalEntry&) = default;
};
/// What an entry's seal covers: every field but the seal itself (and the "shown" texts, which are derived), as
/// compact JSON with sorted keys, so the same entry always gives the same bytes.
std::string canonicalEntry(const JournalEntry& entry);

struct Journal {
    std::vector<JournalEntry> entries;
    [[nodiscard]] int nextId() const noexcept;
    JournalEntry* find(int id) noexcept;
    [[nodiscard]] const JournalEntry* find(int id) const noexcept;
    friend bool operator==(const Journal&, const Journal&) = default;
};

/// JSON text and back. parseJournal gives nullopt + a plain reason for anything that is not a journal.
std::string serializeJournal(const Journal& journal);
std::optional<Journal> parseJournal(std::string_view text, std::string& reason);

/// A journal larger than this is refused unread (a real one holds a few KB per entry; the hosts file is the biggest).
inline constexpr std::size_t kMaxJournalBytes = 16 * 1024 * 1024;

/// "2026-11-29 04:15:00" -> "20261129-041500": the stamp of the backups a reset or an undo leaves.
std::string backupStamp(std::string_view now);
/// `path` + ".wudoctor-" + stamp, with "-2", "-3"... when that name is taken.
std::string backupName(MachineAccess& machine, std::string_view path, std::string_view stamp);
/// Marks WU Doctor's backups: `SoftwareDistribution.wudoctor-20261129-041500`.
inline constexpr std::string_view kBackupMarker = ".wudoctor-";
/// True when `name` is `base` + kBackupMarker + a stamp backupName makes (digits, one dash, an optional "-N").
bool isBackupNameOf(std::string_view name, std::string_view base);

/// Loads the journal at path: a missing file is an empty journal; anything unreadable is `error` (plain words).
struct JournalLoad {
    Journal journal;
    std::string error;  ///< non-empty: corrupt or unreadable; nothing may be undone or repaired with it
};
JournalLoad loadJournal(MachineAccess& machine, std::string_view path);
/// Replaces the journal file atomically (temp file + move over it).
Win32Error saveJournal(MachineAccess& machine, std::string_view path, const Journal& journal);

}  // namespace wud

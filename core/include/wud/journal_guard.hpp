#pragma once
// What an elevated WU Doctor may act on from its undo journal. The journal lives beside the log, often in a folder
// any user can write (a USB stick, Downloads), and undo puts back whatever an entry says — with administrator
// rights. So, before an undo touches anything:
// - every change must be one a repair of WU Doctor's can make (the repairs' own catalogue: the policy and pause
//   values the checks know, WaaSMedicSvc's FailureActions, the start types and key permissions of the catalog's
//   services, the engine files renamed back within System32, the hosts file, the cache folders the reset moves and
//   backup names of its own pattern beside them);
// - and, in an elevated WU Doctor, the entry must carry a valid seal: an HMAC-SHA256 over the entry
//   (canonicalEntry) under a key that only administrators and SYSTEM can read, kept in this PC's registry
//   (HKLM\SOFTWARE\WUDoctor, value JournalKey: HKLM\SOFTWARE lets only administrators create keys, and this one's
//   permissions let nobody else read it). An entry a standard user wrote or edited cannot carry one.
// A process without administrator rights cannot read the key: it seals nothing and checks no seal (it can only do
// what its user could do anyway), but the catalogue applies to it too.

#include "wud/crypto.hpp"
#include "wud/journal.hpp"
#include "wud/machine_access.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace wud {

/// Where the journal key lives, and the permissions its key gets: SYSTEM and Administrators, nobody else.
inline constexpr std::string_view kJournalKeyStore = R"(HKLM\SOFTWARE\WUDoctor)";
inline constexpr std::string_view kJournalKeyValue = "JournalKey";
inline constexpr std::string_view kJournalKeyStoreSddl = "D:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)";

/// Why a change is not one any repair of WU Doctor's makes on this machine, in plain words ("HKLM\...\Debugger,
/// which WU Doctor never changes"); nullopt when it is one.
std::optional<std::string> outsideRepairs(const JournalChange& change, MachineAccess& machine);

/// The DACL (SDDL) lets someone other than SYSTEM and Administrators read or change the key: the key is not secret.
bool keyStoreExposed(std::string_view daclSddl);

class JournalGuard {
public:
    /// privileged: this process runs with administrator rights (isElevated()).
    JournalGuard(MachineAccess& machine, Crypto& crypto, bool privileged)
        : machine_(machine), crypto_(crypto), privileged_(privileged) {}

    [[nodiscard]] bool privileged() const noexcept { return privileged_; }

    /// Seals the entry as it is now (privileged; the key is made on first use). Without rights it leaves the entry
    /// unsealed and succeeds. False, with `why` in plain words, when the key cannot be had safely: then nothing may
    /// be changed (a change without an undo an administrator can trust).
    bool seal(JournalEntry& entry, std::string& why);

    /// Why WU Doctor may not act on this entry here, in plain words ending in "nothing was changed", or nullopt.
    /// Every change within the repairs' catalogue; privileged: a seal that verifies under this PC's key.
    [[nodiscard]] std::optional<std::string> refusal(const JournalEntry& entry);

    /// True when the entry's seal verifies under this PC's key (privileged only; false otherwise).
    [[nodiscard]] bool verifies(const JournalEntry& entry);

    /// Why an entry could not be written before its change: nothing may be changed then.
    struct NotRecorded {
        Win32Error error = 0;  ///< the file's write error; 0 when the entry could not be sealed
        std::string reason;    ///< plain words, no full stop: "the undo journal could not be written to …"
        std::string advice;
    };
    /// The step before every change: seals `entry`, appends it to `journal` and writes the journal to `path`.
    /// On failure the journal (in memory and on disk) is as it was, and the answer says why.
    [[nodiscard]] std::optional<NotRecorded> recordBeforeChange(Journal& journal, JournalEntry& entry,
                                                                const std::string& path);

private:
    /// The key, made (create) when there is none yet; nullopt + why when it cannot be read or trusted.
    std::optional<std::string> key(bool create, std::string& why);
    std::optional<std::string> mac(const JournalEntry& entry, const std::string& key);

    MachineAccess& machine_;
    Crypto& crypto_;
    bool privileged_;
    std::optional<std::string> key_;
};

}  // namespace wud

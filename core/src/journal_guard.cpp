// The undo journal's guard (journal_guard.hpp): the repairs' catalogue every change must fall within, and the seal
// an elevated WU Doctor puts on what it writes and asks of what it acts on.
#include "wud/journal_guard.hpp"

#include "wud/catalog.hpp"
#include "wud/checks.hpp"
#include "wud/error_text.hpp"
#include "wud/log.hpp"
#include "wud/sddl.hpp"
#include "wud/text.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <array>

namespace wud {
namespace {

constexpr std::size_t kKeyBytes = 32;

bool samePath(std::string_view a, std::string_view b) { return equalsIgnoreCase(a, b); }

/// A plain file name: no folder part, no drive, not "." or "..".
bool plainName(std::string_view name) {
    return !name.empty() && name != "." && name != ".." && name.find_first_of("\\/:") == std::string_view::npos;
}

/// `path` is `folder\<plain name>`; the name, or "" when it is not.
std::string childOf(std::string_view path, std::string_view folder) {
    if (path.size() <= folder.size() + 1 || !samePath(path.substr(0, folder.size()), folder) || path[folder.size()] != '\\')
        return {};
    const std::string_view name = path.substr(folder.size() + 1);
    return plainName(name) ? std::string(name) : std::string();
}

std::string registryOutside(const JournalChange& c) {
    std::vector<RegistryTarget> targets = policyRepairTargets();
    for (RegistryTarget& t : serviceRepairTargets()) targets.push_back(std::move(t));
    for (const RegistryTarget& t : targets)
        if (samePath(t.key, c.key) && equalsIgnoreCase(t.name, c.name)) return {};
    return "the registry value " + c.key + "\\" + c.name;
}

std::string fileMoveOutside(const JournalChange& c, MachineAccess& machine) {
    const std::string system32 = machine.systemRoot() + "\\System32";
    const std::string name = childOf(c.to, system32);
    const std::string was = childOf(c.from, system32);
    const std::string what = "the files " + c.from + " and " + c.to;
    if (name.empty() || was.empty()) return what + " (a repair renames files back only within " + system32 + ")";
    // The repaired name is an engine DLL or the binary of a catalog service, as the checks resolve it.
    bool known = std::any_of(engineDlls().begin(), engineDlls().end(),
                             [&](std::string_view dll) { return equalsIgnoreCase(dll, name); });
    for (const CatalogEntry& entry : catalog())
        known = known || samePath(serviceBinaryPath(entry.name, machine), c.to);
    const std::vector<std::string> renamed = renamedCandidates(name);
    const bool blockerName = std::any_of(renamed.begin(), renamed.end(), [&](const std::string& r) { return equalsIgnoreCase(r, was); });
    return known && blockerName ? std::string() : what;
}

std::string moveAsideOutside(const JournalChange& c, MachineAccess& machine) {
    const std::string root = machine.systemRoot();
    const std::string downloader = machine.programData() + R"(\Microsoft\Network\Downloader)";
    std::vector<std::string> items{root + "\\SoftwareDistribution", root + R"(\System32\catroot2)", downloader};
    // Windows 7/8's queue files: qmgr0.dat, qmgr1.dat in the Downloader folder.
    const std::string qmgr = lowerAscii(childOf(c.from, downloader));
    if (qmgr.starts_with("qmgr") && qmgr.ends_with(".dat") && qmgr.find(kBackupMarker) == std::string::npos) items.push_back(c.from);
    const bool known = std::any_of(items.begin(), items.end(), [&](const std::string& i) { return samePath(i, c.from); });
    if (known && isBackupNameOf(c.to, c.from)) return {};
    return "the folders " + c.from + " and " + c.to + " (the cache reset moves only Windows Update's cache folders, to "
           "backup names of its own beside them)";
}

}  // namespace

std::optional<std::string> outsideRepairs(const JournalChange& c, MachineAccess& machine) {
    std::string what;
    switch (c.kind) {
    case JournalChange::Kind::Registry: what = registryOutside(c); break;
    case JournalChange::Kind::FileMove: what = fileMoveOutside(c, machine); break;
    case JournalChange::Kind::FileRewrite:
        if (!samePath(c.path, hostsPath(machine))) what = "the file " + c.path + " (a repair rewrites only the hosts file)";
        break;
    case JournalChange::Kind::StartType:
        if (findInCatalog(c.service) == nullptr) what = "the start type of the service " + c.service;
        break;
    case JournalChange::Kind::KeySecurity: {
        const bool catalogKey = std::any_of(catalog().begin(), catalog().end(), [&](const CatalogEntry& e) {
            return samePath(c.key, std::string(kServicesKey) + "\\" + std::string(e.name));
        });
        if (!catalogKey) what = "the permissions of " + c.key;
        break;
    }
    case JournalChange::Kind::MoveAside: what = moveAsideOutside(c, machine); break;
    }
    if (what.empty()) return std::nullopt;
    return what + ", which WU Doctor never changes";
}

bool keyStoreExposed(std::string_view sddl) {
    const auto aces = daclAces(sddl);
    if (!aces) return true;  // no DACL, a NULL DACL, or one not understood: assume the worst
    // An allow entry for anyone but SYSTEM and Administrators exposes the key (inherit-only ones do not apply to it).
    return std::any_of(aces->begin(), aces->end(), [](const Ace& ace) {
        return ace.allows() && !ace.inheritOnly() && ace.rights != 0 && ace.sid != "SY" && ace.sid != "S-1-5-18" &&
               ace.sid != "BA" && ace.sid != "S-1-5-32-544";
    });
}

std::optional<std::string> JournalGuard::key(bool create, std::string& why) {
    if (key_) return key_;
    if (!privileged_) {
        why = "WU Doctor runs without administrator rights";
        return std::nullopt;
    }
    const std::string store(kJournalKeyStore);
    if (!machine_.keyExists(store)) {
        if (!create) {
            why = "this PC has no journal key yet (no repair was made here with administrator rights)";
            return std::nullopt;
        }
        if (const Win32Error error = machine_.createKey(store, kJournalKeyStoreSddl); error != 0) {
            why = "its key " + store + " could not be created (" + describeError(error).message + ")";
            return std::nullopt;
        }
    }
    const auto sddl = machine_.keySecurity(store);
    if (!sddl) {
        why = "the permissions of " + store + " cannot be read";
        return std::nullopt;
    }
    if (keyStoreExposed(*sddl)) {
        why = store + " can be read or changed by others than administrators (" + *sddl + "), so its key proves nothing";
        return std::nullopt;
    }
    std::optional<RegValue> value = machine_.readValue(store, kJournalKeyValue);
    if (!value && create) {
        const auto random = crypto_.randomBytes(kKeyBytes);
        if (!random) {
            why = "Windows' random number generator did not answer";
            return std::nullopt;
        }
        const RegValue fresh{kRegBinary, std::vector<std::uint8_t>(random->begin(), random->end())};
        if (const Win32Error error = machine_.writeValue(store, kJournalKeyValue, fresh); error != 0) {
            why = "the key could not be written to " + store + " (" + describeError(error).message + ")";
            return std::nullopt;
        }
        value = machine_.readValue(store, kJournalKeyValue);
    }
    if (!value || value->type != kRegBinary || value->data.size() != kKeyBytes) {
        why = value ? store + "\\" + std::string(kJournalKeyValue) + " is not a key WU Doctor made"
                    : "this PC has no journal key yet (no repair was made here with administrator rights)";
        return std::nullopt;
    }
    key_ = std::string(value->data.begin(), value->data.end());
    return key_;
}

std::optional<std::string> JournalGuard::mac(const JournalEntry& entry, const std::string& key) {
    return crypto_.hmacSha256(key, std::string(kJournalFormat) + " seal\n" + canonicalEntry(entry));
}

bool JournalGuard::seal(JournalEntry& entry, std::string& why) {
    if (!privileged_) {
        entry.seal.clear();
        return true;
    }
    const auto k = key(/*create=*/true, why);
    if (!k) return false;
    const auto m = mac(entry, *k);
    if (!m) {
        why = "Windows' cryptography (bcrypt.dll) did not answer";
        return false;
    }
    entry.seal = toHex(*m);
    return true;
}

bool JournalGuard::verifies(const JournalEntry& entry) {
    std::string why;
    const auto k = key(/*create=*/false, why);
    if (!k || entry.seal.empty()) return false;
    const auto expected = mac(entry, *k);
    const auto given = fromHex(entry.seal);
    if (!expected || !given || given->size() != expected->size()) return false;
    unsigned char difference = 0;  // every byte compared, whatever the first mismatch
    for (std::size_t i = 0; i < expected->size(); ++i)
        difference |= static_cast<unsigned char>((*expected)[i] ^ (*given)[i]);
    return difference == 0;
}

std::optional<std::string> JournalGuard::refusal(const JournalEntry& entry) {
    const std::string name = "Journal entry " + std::to_string(entry.id);
    for (const JournalChange& change : entry.changes)
        if (const auto outside = outsideRepairs(change, machine_))
            return name + " asks to change " + *outside + ". Nothing was changed.";
    if (privileged_ && !verifies(entry))
        return name + " was not written by WU Doctor with administrator rights on this PC, or it was changed since "
                      "(its seal does not match). Nothing was changed.";
    return std::nullopt;
}

std::optional<JournalGuard::NotRecorded> JournalGuard::recordBeforeChange(Journal& journal, JournalEntry& entry,
                                                                          const std::string& path) {
    std::string unsealed;
    if (!seal(entry, unsealed)) {
        log::get().warn("journal entry for {} not written: it cannot be sealed: {}", entry.findingId, unsealed);
        return NotRecorded{0,
                           "WU Doctor cannot protect its undo journal on this PC: " + unsealed +
                               ". It changes nothing it could not safely undo",
                           "An administrator can check HKLM\\SOFTWARE\\WUDoctor (it should be readable by "
                           "Administrators and SYSTEM only), or delete it: WU Doctor makes a new one."};
    }
    journal.entries.push_back(entry);
    if (const Win32Error error = saveJournal(machine_, path, journal); error != 0) {
        journal.entries.pop_back();
        return NotRecorded{error,
                           "the undo journal could not be written to " + path + " (" + describeError(error).message + ")",
                           "Run WU Doctor from a folder it can write to, or as administrator."};
    }
    return std::nullopt;
}

}  // namespace wud

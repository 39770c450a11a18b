// The journal guard (journal_guard.hpp) against an in-memory PC: an elevated WU Doctor acts only on entries within
// the repairs' catalogue and sealed with this PC's key. Each forged entry stands for a standard user's program
// writing the journal beside the exe (a USB stick, Downloads) and waiting for an administrator to run `undo`;
// FakeMachineAccess stands for the DACLs Windows enforces (Wine stores them but never checks them).
#include "fake_pc.hpp"
#include "journal_changes.hpp"

#include "wud/fake_crypto.hpp"
#include "wud/journal_guard.hpp"
#include "wud/repairs.hpp"
#include "wud/undo.hpp"

#include <catch2/catch.hpp>

#include <random>

using namespace wud;
using namespace wud::test;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kJournal = R"(E:\wudoctor-logs\wudoctor-journal.json)";
constexpr const char* kNow = "2026-11-28 12:00:00";
const std::string kIfeo = R"(HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\Image File Execution Options\sethc.exe)";

struct GuardedPc : FakePc {
    FakeCrypto crypto;
    JournalGuard admin{machine, crypto, /*privileged=*/true};
    JournalGuard user{machine, crypto, /*privileged=*/false};

    RepairEnv env(JournalGuard& guard) { return RepairEnv{machine, scm, guard, kJournal, kNow}; }

    /// An entry as an attacker writes it: this PC's MachineGuid and name (readable by every user), a finding id and
    /// title from a real finding, and the change it wants made "back".
    JournalEntry forged(JournalChange change) {
        JournalEntry e;
        e.id = 1;
        e.time = kNow;
        e.machine = thisMachine(machine);
        e.findingId = "policy.no-auto-update";
        e.title = "Automatic updates are turned off by a policy";
        e.state = EntryState::Applied;
        e.changes.push_back(std::move(change));
        return e;
    }
    /// Undoes entry 1 of a journal holding this entry, as `wudoctor undo 1` would, elevated unless told otherwise.
    UndoResult undo(const JournalEntry& entry, bool elevated = true) {
        Journal journal;
        journal.entries.push_back(entry);
        REQUIRE(saveJournal(machine, kJournal, journal) == 0);
        JournalLoad load = loadJournal(machine, kJournal);
        REQUIRE(load.error.empty());
        RepairEnv e = env(elevated ? admin : user);
        return undoEntry(e, load.journal, entry.id);
    }
};

}  // namespace

TEST_CASE("Journal guard: the sticky-keys backdoor in a forged entry is refused, nothing changed", "[journal][security]") {
    // The attack tried on main: a hand-written entry whose "before" is the IFEO Debugger of sethc.exe.
    GuardedPc pc;
    plantJournalKey(pc.machine);
    JournalEntry e = pc.forged(registryChange(kIfeo, "Debugger", regString(R"(C:\evil.exe)"), std::nullopt));
    const int writes = pc.machine.writes();
    const UndoResult u = pc.undo(e);
    CHECK_FALSE(u.ok);
    CHECK(u.refused);
    CHECK_THAT(u.message, Contains("asks to change the registry value " + kIfeo + "\\Debugger, which WU Doctor never changes"));
    CHECK_THAT(u.message, Contains("Nothing was changed"));
    CHECK_FALSE(pc.machine.readValue(kIfeo, "Debugger"));
    CHECK(pc.machine.writes() == writes + 1);  // the journal saved by the test itself, nothing else
}

TEST_CASE("Journal guard: a forged entry of each kind outside the repairs' catalogue is refused", "[journal][security]") {
    GuardedPc pc;
    plantJournalKey(pc.machine);
    const JournalChange attacks[] = {
        // A Run key: a program started at every logon.
        registryChange(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Run)", "Updater",
                       regString(R"(C:\Users\Public\evil.exe)"), std::nullopt),
        // Any file's bytes: a rewrite of a System32 file.
        fileRewrite(R"(C:\Windows\System32\drivers\etc\networks)", "evil", "# networks"),
        // A DACL on a key outside the catalogue.
        keySecurityChange(R"(HKLM\SYSTEM\CurrentControlSet\Services\WinDefend)", "D:(A;;KA;;;WD)", "D:(A;;KA;;;SY)"),
        // A start type for a service outside the catalogue.
        startTypeChange("WinDefend", StartType::Disabled, StartType::Automatic),
        // A move-aside from a user folder onto catroot2.
        moveAside(kCatroot2, R"(C:\Users\Public\planted)"),
        // A rename of a file outside System32, and of a System32 file that is no engine file.
        fileMove(R"(C:\Users\Public\evil.dll)", R"(C:\Windows\System32\wuaueng.dll)"),
        fileMove(R"(C:\Windows\System32\sethc.exe.bak)", R"(C:\Windows\System32\sethc.exe)"),
        // A registry value in a catalog service's key that no repair writes.
        registryChange(std::string(kServicesKey) + R"(\wuauserv)", "ImagePath", regString(R"(C:\evil.exe)"),
                       regString(R"(%systemroot%\system32\svchost.exe -k netsvcs -p)")),
    };

    pc.machine.setFile(R"(C:\Users\Public\planted\x)", "x");
    REQUIRE(saveJournal(pc.machine, kJournal, Journal{}) == 0);
    for (const JournalChange& attack : attacks) {
        INFO(describe(attack));
        const int writes = pc.machine.writes();
        const auto filesBefore = pc.machine.files();
        const UndoResult u = pc.undo(pc.forged(attack));
        CHECK(u.refused);
        CHECK_FALSE(u.ok);
        CHECK_THAT(u.message, Contains("which WU Doctor never changes") && Contains("Nothing was changed"));
        CHECK(pc.machine.writes() == writes + 1);  // only the test's own journal save
        CHECK(pc.machine.files() == filesBefore);
        CHECK(pc.scm.ourCalls().empty());
    }
}

TEST_CASE("Journal guard: within the catalogue but not sealed by this PC's key: refused when elevated", "[journal][security]") {
    // WUServer pointed at an attacker's update server is within the catalogue (the blocker repair deletes WUServer),
    // so only the seal stops it: an elevated undo acts only on what an elevated WU Doctor wrote here.
    GuardedPc pc;
    plantJournalKey(pc.machine);
    const std::string server = R"(http://10.0.0.66:8530)";
    JournalEntry e = pc.forged(registryChange(std::string(kWuPolicyKey), "WUServer", regString(server), std::nullopt));
    e.findingId = "policy.wuserver";
    UndoResult u = pc.undo(e);
    CHECK(u.refused);
    CHECK_THAT(u.message, Contains("was not written by WU Doctor with administrator rights on this PC, or it was changed since"));
    CHECK_FALSE(pc.machine.readValue(kWuPolicyKey, "WUServer"));

    // Sealed with another key (another PC's, or one an attacker made up): refused too.
    FakeCrypto otherCrypto;
    FakeMachineAccess otherPc;
    JournalGuard other{otherPc, otherCrypto, true};
    std::string why;
    REQUIRE(other.seal(e, why));
    u = pc.undo(e);
    CHECK(u.refused);
    CHECK_FALSE(pc.machine.readValue(kWuPolicyKey, "WUServer"));
}

TEST_CASE("Journal guard: an entry edited after it was written is refused; the one WU Doctor wrote undoes exactly", "[journal][security]") {
    GuardedPc pc;
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1));
    // The first elevated repair makes the key: SYSTEM and Administrators only.
    RepairEnv env = pc.env(pc.admin);
    Journal journal;
    const auto findings = pc.check();
    const RepairResult r = applyRepair(env, journal, *findFinding(findings, "policy.disable-access"));
    REQUIRE(r.ok);
    REQUIRE(pc.machine.readValue(kJournalKeyStore, kJournalKeyValue));
    CHECK(pc.machine.keySecurity(kJournalKeyStore) == std::string(kJournalKeyStoreSddl));
    CHECK_FALSE(keyStoreExposed(*pc.machine.keySecurity(kJournalKeyStore)));
    const std::string written = pc.machine.readFile(kJournal).value();

    SECTION("edited: the value it would put back changed to 0 (a DWORD an attacker prefers)") {
        std::string text = written;
        const std::string from = R"("data": "01000000")";
        REQUIRE(text.find(from) != std::string::npos);
        text.replace(text.find(from), from.size(), R"("data": "00000000")");
        pc.machine.setFile(kJournal, text);
        JournalLoad load = loadJournal(pc.machine, kJournal);
        REQUIRE(load.error.empty());
        const UndoResult u = undoEntry(env, load.journal, r.entry);
        CHECK(u.refused);
        CHECK_FALSE(pc.machine.readValue(kWuPolicyKey, "DisableWindowsUpdateAccess"));
    }
    SECTION("as written: undone exactly, and the entry stays valid after its state changed") {
        JournalLoad load = loadJournal(pc.machine, kJournal);
        const UndoResult u = undoEntry(env, load.journal, r.entry);
        INFO(u.message);
        REQUIRE(u.ok);
        CHECK(pc.machine.readValue(kWuPolicyKey, "DisableWindowsUpdateAccess") == regDword(1));
        JournalLoad again = loadJournal(pc.machine, kJournal);
        CHECK(again.journal.find(r.entry)->state == EntryState::Undone);
        CHECK(pc.admin.verifies(*again.journal.find(r.entry)));
    }
}

TEST_CASE("Journal guard: every repair WU Doctor makes is within its own catalogue", "[journal][security]") {
    // All the leftovers the checks know, repaired at once: no entry the repairs write may be refused by the guard.
    GuardedPc pc;
    plantWumgrBlock(pc.machine);
    pc.machine.setValue(kWuPolicyKey, "DoNotConnectToWindowsUpdateInternetLocations", regDword(1));
    pc.machine.setValue(kWuPolicyKey, "SetDisableUXWUAccess", regDword(1));
    pc.machine.setValue(kAuPolicyKey, "NoAutoUpdate", regDword(1));
    pc.machine.setValue(kExplorerPolicyKey, "SettingsPageVisibility", regString("hide:windowsupdate;gaming"));
    pc.machine.setValue(kUxSettingsKey, "PauseUpdatesExpiryTime", regString("2051-01-01T00:00:00Z"));
    pc.machine.moveFile(R"(C:\Windows\System32\wuaueng.dll)", R"(C:\Windows\System32\wuaueng.dlle)");
    pc.machine.setFile(kHosts, "0.0.0.0 update.microsoft.com\r\n");
    pc.machine.setKeySddl(std::string(kServicesKey) + R"(\wuauserv)", "D:(D;;KA;;;SY)(A;;KA;;;BA)");
    pc.scm.service("UsoSvc").startType = StartType::Disabled;
    REQUIRE(pc.machine.deleteValue(std::string(kServicesKey) + R"(\WaaSMedicSvc)", "FailureActions") == 0);
    RepairEnv env = pc.env(pc.admin);
    Journal journal;
    const auto findings = pc.check();
    int repaired = 0;
    for (const Finding& f : findings) {
        if (f.repair.empty()) continue;
        INFO(f.id);
        const RepairResult r = applyRepair(env, journal, f);
        REQUIRE(r.ok);
        ++repaired;
    }
    CHECK(repaired >= 9);
    for (const JournalEntry& e : journal.entries) {
        INFO(e.findingId);
        CHECK_FALSE(pc.admin.refusal(e));
    }
}

TEST_CASE("Journal guard: a key others can read proves nothing: no repair, no undo", "[journal][security]") {
    // HKLM\SOFTWARE\WUDoctor with Users allowed to read: the key is no secret any more.
    GuardedPc pc;
    plantJournalKey(pc.machine);
    pc.machine.setKeySddl(kJournalKeyStore, "D:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)(A;CI;KR;;;BU)");
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1));
    RepairEnv env = pc.env(pc.admin);
    Journal journal;
    const int writes = pc.machine.writes();
    const RepairResult r = applyRepair(env, journal, *findFinding(pc.check(), "policy.disable-access"));
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, Contains("cannot protect its undo journal") && Contains("Nothing was changed"));
    CHECK(pc.machine.writes() == writes);
    CHECK(pc.machine.readValue(kWuPolicyKey, "DisableWindowsUpdateAccess") == regDword(1));
}

TEST_CASE("Journal guard: the key store's permissions, read from SDDL", "[journal][security]") {
    CHECK_FALSE(keyStoreExposed("D:P(A;CI;KA;;;SY)(A;CI;KA;;;BA)"));
    CHECK_FALSE(keyStoreExposed("D:P(A;CI;KA;;;S-1-5-18)(A;CI;KA;;;S-1-5-32-544)(D;;KA;;;WD)"));
    CHECK_FALSE(keyStoreExposed("D:P(A;CI;KA;;;SY)(A;CIIO;KA;;;CO)"));  // inherit-only: not this key
    CHECK(keyStoreExposed("D:(A;CIID;GR;;;BU)(A;ID;KA;;;BA)"));  // a key made under HKLM\SOFTWARE as is: users read
    CHECK(keyStoreExposed("D:P(A;;KR;;;WD)(A;;KA;;;SY)"));
    CHECK(keyStoreExposed("D:NO_ACCESS_CONTROL"));
    CHECK(keyStoreExposed("O:BA"));
    CHECK(keyStoreExposed("D:(A;;KA;;;SY)(garbage"));
}

TEST_CASE("Journal guard: without administrator rights nothing is sealed and the catalogue still applies", "[journal][security]") {
    // A standard user's WU Doctor can only do what the user could do anyway: its entries are not sealed, and it undoes
    // them with the user's rights. It never reads the key (Windows would refuse it).
    GuardedPc pc;
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1));
    RepairEnv env = pc.env(pc.user);
    Journal journal;
    const RepairResult r = applyRepair(env, journal, *findFinding(pc.check(), "policy.disable-access"));
    REQUIRE(r.ok);  // the fake lets it (on Windows, HKLM policies refuse a standard user: exit 3)
    CHECK(journal.entries.back().seal.empty());
    CHECK_FALSE(pc.machine.keyExists(kJournalKeyStore));
    CHECK(pc.crypto.macs == 0);
    const UndoResult u = undoEntry(env, journal, r.entry);
    CHECK(u.ok);
    // ... and an elevated WU Doctor refuses that unsealed entry.
    journal.entries.back().state = EntryState::Applied;
    CHECK(pc.undo(journal.entries.back()).refused);
    // The catalogue applies without rights too.
    CHECK(pc.undo(pc.forged(registryChange(kIfeo, "Debugger", regString("x"), std::nullopt)), /*elevated=*/false).refused);
}

TEST_CASE("Journal guard: CNG failing means no seal, so no repair", "[journal][security]") {
    GuardedPc pc;
    plantJournalKey(pc.machine);
    pc.crypto.broken = true;
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1));
    RepairEnv env = pc.env(pc.admin);
    Journal journal;
    const RepairResult r = applyRepair(env, journal, *findFinding(pc.check(), "policy.disable-access"));
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, Contains("cryptography"));
    CHECK(pc.machine.readValue(kWuPolicyKey, "DisableWindowsUpdateAccess") == regDword(1));
}

TEST_CASE("Journal guard: backup names are the reset's own pattern only", "[journal][security]") {
    const std::string sd = kSoftwareDistribution;
    CHECK(isBackupNameOf(sd + ".wudoctor-20261129-041500", sd));
    CHECK(isBackupNameOf(sd + ".wudoctor-20261129-041500-2", sd));
    CHECK(isBackupNameOf(R"(c:\windows\softwaredistribution.wudoctor-20261129-041500)", sd));
    CHECK_FALSE(isBackupNameOf(sd + ".wudoctor-20261129-041500\\..\\..\\System32", sd));
    CHECK_FALSE(isBackupNameOf(sd + ".wudoctor-2026112-041500", sd));
    CHECK_FALSE(isBackupNameOf(sd + ".wudoctor-", sd));
    CHECK_FALSE(isBackupNameOf(sd + ".old", sd));
    CHECK_FALSE(isBackupNameOf(R"(C:\Users\Public\x.wudoctor-20261129-041500)", sd));
}

TEST_CASE("Journal: a damaged, truncated, huge or strangely shaped journal is refused plainly and changes nothing", "[journal][fuzz]") {
    // A valid journal with real entries, then thousands of mutations of its text: the parser either gives a journal
    // or a plain reason; an undo of whatever parsed never acts on an entry the guard refuses. Never a crash (ASan/UBSan
    // on the host).
    GuardedPc pc;
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1));
    pc.machine.setFile(kHosts, "0.0.0.0 update.microsoft.com\r\n");
    RepairEnv env = pc.env(pc.admin);
    Journal journal;
    for (const Finding& f : pc.check())
        if (!f.repair.empty() && f.severity != Severity::Info) REQUIRE(applyRepair(env, journal, f).ok);
    const std::string valid = serializeJournal(journal);
    std::mt19937 random(20261206);
    const std::string alphabet = "{}[]\":,0123456789abcdef-ntrufl\\ \n";
    int parsed = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string text = valid;
        const int edits = 1 + static_cast<int>(random() % 6);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const std::size_t at = random() % text.size();
            switch (random() % 4) {
            case 0: text[at] = alphabet[random() % alphabet.size()]; break;
            case 1: text.erase(at, 1 + random() % 20); break;
            case 2: text.insert(at, std::string(1 + random() % 3, alphabet[random() % alphabet.size()])); break;
            case 3: text.resize(at); break;  // truncated
            }
        }
        std::string reason;
        const auto journalOrNot = parseJournal(text, reason);
        if (!journalOrNot) {
            CHECK_FALSE(reason.empty());
            continue;
        }
        ++parsed;
        Journal j = *journalOrNot;
        for (const JournalEntry& e : j.entries) {
            if (pc.admin.refusal(e)) continue;  // refused: never acted on
            const JournalEntry* original = journal.find(e.id);  // only what WU Doctor wrote passes
            REQUIRE(original != nullptr);
            CHECK(canonicalEntry(e) == canonicalEntry(*original));
        }
    }
    CHECK(parsed > 0);
    std::string reason;
    // Deeply nested, wrong types, huge.
    CHECK_FALSE(parseJournal(std::string(100000, '[') + std::string(100000, ']'), reason));
    CHECK_FALSE(parseJournal(R"({"format": "wudoctor-journal/1", "entries": [{"id": "1"}]})", reason));
    CHECK_FALSE(parseJournal(R"({"format": "wudoctor-journal/1", "entries": {}})", reason));
    CHECK_FALSE(parseJournal(R"({"format": "wudoctor-journal/1", "entries": [{"id": 1, "time": "", "machine_guid": "", )"
                             R"("computer": "", "finding": "", "title": "", "state": "applied", "seal": 7, "changes": []}]})",
                             reason));
    pc.machine.setFile(kJournal, std::string(kMaxJournalBytes + 1, ' '));
    const JournalLoad huge = loadJournal(pc.machine, kJournal);
    CHECK_THAT(huge.error, Contains("far too large"));
}

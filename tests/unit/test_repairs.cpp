// Repairs through the undo journal, against an in-memory PC: journal first, change, verify; undo puts back
// byte for byte what was there; a failure part way puts back what was changed; a crash part way is undone from
// the journal; another PC's journal and a damaged journal undo nothing.
#include "fake_pc.hpp"
#include "journal_changes.hpp"

#include "wud/fake_crypto.hpp"
#include "wud/repairs.hpp"
#include "wud/undo.hpp"

#include <catch2/catch.hpp>

using namespace wud;
using namespace wud::test;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kJournal = R"(E:\wudoctor-logs\wudoctor-journal.json)";

struct Bench : FakePc {
    FakeCrypto crypto;
    // An elevated WU Doctor, as the repairs run in practice: it seals what it writes (journal_guard.hpp).
    JournalGuard guard{machine, crypto, /*privileged=*/true};
    RepairEnv env{machine, scm, guard, kJournal, "2026-11-28 12:00:00"};

    Bench() { plantJournalKey(machine); }

    Journal journal() {
        const JournalLoad load = loadJournal(machine, kJournal);
        REQUIRE(load.error.empty());
        return load.journal;
    }
    RepairResult repair(std::string_view id) {
        const auto findings = check();
        const Finding* f = findFinding(findings, id);
        REQUIRE(f != nullptr);
        Journal j = journal();
        return applyRepair(env, j, *f);
    }
    UndoResult undo(int id) {
        Journal j = journal();
        return undoEntry(env, j, id);
    }
};

}  // namespace

TEST_CASE("Repairs: the blank update server is removed, then undo puts the exact values back", "[repairs]") {
    Bench pc;
    plantWumgrBlock(pc.machine);
    const auto before = pc.machine.readValue(kWuPolicyKey, "WUServer");

    const RepairResult r = pc.repair("policy.wuserver");
    INFO(r.message);
    REQUIRE(r.ok);
    CHECK(r.entry == 1);
    CHECK(r.changed.size() == 3);
    CHECK_FALSE(pc.machine.readValue(kWuPolicyKey, "WUServer"));
    CHECK_FALSE(pc.machine.readValue(kAuPolicyKey, "UseWUServer"));
    CHECK(findFinding(pc.check(), "policy.wuserver") == nullptr);

    const Journal j = pc.journal();
    REQUIRE(j.entries.size() == 1);
    CHECK(j.entries[0].state == EntryState::Applied);
    CHECK(j.entries[0].machine.guid == "11111111-2222-3333-4444-555555555555");
    CHECK(j.entries[0].machine.computer == "TEST-PC");
    CHECK(j.entries[0].changes[0].before == before);

    const UndoResult u = pc.undo(1);
    INFO(u.message);
    REQUIRE(u.ok);
    CHECK(pc.machine.readValue(kWuPolicyKey, "WUServer") == before);
    CHECK(pc.machine.readValue(kAuPolicyKey, "UseWUServer") == regDword(1));
    CHECK(findFinding(pc.check(), "policy.wuserver") != nullptr);
    CHECK(pc.journal().entries[0].state == EntryState::Undone);
}

TEST_CASE("Repairs: the journal is written before anything changes; no journal, no change", "[repairs]") {
    Bench pc;
    plantWumgrBlock(pc.machine);
    pc.machine.failWrite(5);  // the first write is the journal's: the log folder is read-only
    const RepairResult r = pc.repair("policy.wuserver");
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, Contains("journal could not be written") && Contains("Nothing was changed"));
    CHECK(pc.machine.readValue(kWuPolicyKey, "WUServer") == regString(" "));
    CHECK(pc.machine.readValue(kAuPolicyKey, "UseWUServer") == regDword(1));
}

TEST_CASE("Repairs: a change that fails part way puts back what was already changed", "[repairs]") {
    Bench pc;
    plantWumgrBlock(pc.machine);
    pc.machine.failWrite(5, 2);  // journal ok, WUServer deleted, WUStatusServer refused
    const RepairResult r = pc.repair("policy.wuserver");
    CHECK_FALSE(r.ok);
    CHECK_THAT(r.message, Contains("put back"));
    CHECK(pc.machine.readValue(kWuPolicyKey, "WUServer") == regString(" "));
    CHECK(pc.machine.readValue(kWuPolicyKey, "WUStatusServer") == regString(" "));
    CHECK(pc.journal().entries.at(0).state == EntryState::Failed);
}

TEST_CASE("Repairs: after a crash mid-repair, undo restores from the pending journal entry", "[repairs]") {
    // Stands for a power cut between two registry writes.
    Bench pc;
    plantWumgrBlock(pc.machine);
    struct Crash {};
    pc.machine.beforeWrite = [&](int n) {
        if (n == 3) throw Crash{};  // 1 journal, 2 WUServer deleted, 3 never happens
    };
    CHECK_THROWS_AS(pc.repair("policy.wuserver"), Crash);
    pc.machine.beforeWrite = nullptr;
    CHECK_FALSE(pc.machine.readValue(kWuPolicyKey, "WUServer"));  // half done
    const Journal j = pc.journal();
    REQUIRE(j.entries.size() == 1);
    CHECK(j.entries[0].state == EntryState::Pending);
    CHECK(undoableEntries(j, thisMachine(pc.machine)) == std::vector<int>{1});

    const UndoResult u = pc.undo(1);
    INFO(u.message);
    CHECK(u.ok);
    CHECK(pc.machine.readValue(kWuPolicyKey, "WUServer") == regString(" "));
    CHECK(pc.machine.readValue(kWuPolicyKey, "WUStatusServer") == regString(" "));
    CHECK(pc.machine.readValue(kAuPolicyKey, "UseWUServer") == regDword(1));
}

TEST_CASE("Repairs: a journal from another PC never undoes here", "[repairs]") {
    Bench pc;
    plantWumgrBlock(pc.machine);
    REQUIRE(pc.repair("policy.wuserver").ok);
    // The stick goes to another PC: same journal file, different MachineGuid.
    pc.machine.setValue(R"(HKLM\SOFTWARE\Microsoft\Cryptography)", "MachineGuid", regString("99999999-0000-0000-0000-000000000000"));
    const int writes = pc.machine.writes();
    const UndoResult u = pc.undo(1);
    CHECK_FALSE(u.ok);
    CHECK_THAT(u.message, Contains("another PC") && Contains("TEST-PC") && Contains("Nothing was changed"));
    CHECK(pc.machine.writes() == writes);
    CHECK(undoableEntries(pc.journal(), thisMachine(pc.machine)).empty());
}

TEST_CASE("Repairs: a cloned disk (same GUID, other name) is another PC", "[repairs]") {
    CHECK(sameMachine({"A-B", "PC1"}, {"a-b", "pc1"}));
    CHECK_FALSE(sameMachine({"A-B", "PC1"}, {"A-B", "PC2"}));
    CHECK_FALSE(sameMachine({"", "PC1"}, {"", "PC1"}));
}

TEST_CASE("Repairs: a damaged journal is refused with a clear message", "[repairs]") {
    FakeMachineAccess m;
    for (const char* text : {"{\"format\":\"wudoctor-journal/1\",\"entries\":[{\"id\":1}]}", "{\"format\":", "[]",
                             "{\"format\":\"other\",\"entries\":[]}"}) {
        m.setFile(kJournal, text);
        const JournalLoad load = loadJournal(m, kJournal);
        INFO(text);
        CHECK_THAT(load.error, Contains("cannot be used") && Contains(kJournal));
        CHECK(load.journal.entries.empty());
    }
    m.removeFile(kJournal);
    CHECK(loadJournal(m, kJournal).error.empty());  // no journal yet = empty journal
}

TEST_CASE("Repairs: undo leaves alone a value changed again since the repair", "[repairs]") {
    Bench pc;
    pc.machine.setValue(kAuPolicyKey, "NoAutoUpdate", regDword(1));
    REQUIRE(pc.repair("policy.no-auto-update").ok);
    pc.machine.setValue(kAuPolicyKey, "NoAutoUpdate", regDword(0));  // an administrator set it since
    const UndoResult u = pc.undo(1);
    CHECK_FALSE(u.ok);
    CHECK(u.leftAlone.size() == 1);
    CHECK(pc.machine.readValue(kAuPolicyKey, "NoAutoUpdate") == regDword(0));
}

TEST_CASE("Repairs: hosts lines out and back, byte for byte", "[repairs]") {
    Bench pc;
    const std::string planted = "127.0.0.1 localhost\r\n0.0.0.0 update.microsoft.com\r\n# end\r\n";
    pc.machine.setFile(kHosts, planted);
    REQUIRE(pc.repair("hosts").ok);
    CHECK(pc.machine.readFile(kHosts) == "127.0.0.1 localhost\r\n# end\r\n");
    REQUIRE(pc.undo(1).ok);
    CHECK(pc.machine.readFile(kHosts) == planted);
}

TEST_CASE("Repairs: a renamed DLL is renamed back (never deleted), and undo renames it away again", "[repairs]") {
    Bench pc;
    pc.machine.moveFile(R"(C:\Windows\System32\wuaueng.dll)", R"(C:\Windows\System32\wuaueng.dlle)");
    const auto files = pc.machine.files();
    REQUIRE(pc.repair("file.wuaueng.dll").ok);
    CHECK(pc.machine.fileExists(R"(C:\Windows\System32\wuaueng.dll)"));
    CHECK_FALSE(pc.machine.fileExists(R"(C:\Windows\System32\wuaueng.dlle)"));
    REQUIRE(pc.undo(1).ok);
    std::vector<std::string> after = pc.machine.files();
    std::erase(after, "e:\\wudoctor-logs\\wudoctor-journal.json");
    CHECK(after == files);
}

TEST_CASE("Repairs: a disabled service gets Windows' default; undo disables it again", "[repairs]") {
    Bench pc;
    pc.scm.service("wuauserv").startType = StartType::Disabled;
    REQUIRE(pc.repair("service.wuauserv.start-type").ok);
    CHECK(pc.scm.service("wuauserv").startType == StartType::ManualTrigger);
    REQUIRE(pc.undo(1).ok);
    CHECK(pc.scm.service("wuauserv").startType == StartType::Disabled);
}

TEST_CASE("Repairs: a finding without a repair is refused and changes nothing", "[repairs]") {
    Bench pc;
    pc.machine.setFreeBytes(1ull << 30);
    const RepairResult r = pc.repair("disk-space");
    CHECK_FALSE(r.ok);
    CHECK(r.entry == 0);
    CHECK(pc.machine.writes() == 0);
}

TEST_CASE("Repairs: the journal text round-trips exactly", "[repairs]") {
    const JournalEntry e{.id = 3,
                         .machine = {"G", "PC"},
                         .findingId = "x",
                         .changes = {registryChange("HKLM\\K", "V", RegValue{kRegBinary, {0, 1, 2, 255}}, std::nullopt),
                                     // not UTF-8, with a NUL: kept exactly
                                     fileRewrite("C:\\h", std::string("a\xff\0b", 4))}};
    const Journal j{.entries = {e}};
    CHECK(readBack(j) == j);
}

TEST_CASE("Repairs: SYSTEM's access comes back, and undo puts the old permissions back exactly", "[repairs]") {
    Bench pc;
    const std::string key = std::string(kServicesKey) + "\\UsoSvc";
    const std::string locked = "D:PAI(D;CI;KA;;;SY)(A;CI;KA;;;BA)";
    pc.machine.setKeySddl(key, locked);
    REQUIRE(pc.repair("service.usosvc.permissions").ok);
    CHECK(pc.machine.keySecurity(key) == "D:PAI(A;CI;KA;;;BA)");
    CHECK(pc.journal().entries.at(0).changes.at(0).sddlBefore == locked);
    REQUIRE(pc.undo(1).ok);
    CHECK(pc.machine.keySecurity(key) == locked);
}

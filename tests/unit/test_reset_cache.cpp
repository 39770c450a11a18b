// reset-cache with the fakes: the order of the stops, the journal before the first move, all or nothing, the
// process named through the (fake) Restart Manager, undo with the folder Windows made since, the backups.
// FakeLockFinder stands for Windows' Restart Manager, which Wine only stubs (it never names a process there).
#include <catch2/catch.hpp>

#include "fake_pc.hpp"
#include "journal_changes.hpp"

#include "wud/error_text.hpp"
#include "wud/journal.hpp"
#include "wud/fake_crypto.hpp"
#include "wud/fake_lock_finder.hpp"
#include "wud/reset_cache.hpp"
#include "wud/undo.hpp"

#include <map>

using namespace wud;
using namespace wud::test;

namespace {

constexpr const char* kJournal = R"(C:\Tools\wudoctor-logs\wudoctor-journal.json)";
constexpr const char* kNow = "2026-11-29 04:15:00";

/// How BITS keeps its queue: Windows 10/11's ESE database (the stock FakePc), or Windows 7/8's qmgr*.dat files.
enum class Queue { Ese, QmgrDat };

struct CachePc : FakePc {
    FakeLockFinder locks;
    FakeCrypto crypto;
    JournalGuard guard{machine, crypto, /*privileged=*/true};
    Journal journal;

    explicit CachePc(Queue queue = Queue::QmgrDat) {
        plantJournalKey(machine);
        scm.service("CryptSvc").state = ServiceState::Running;
        scm.service("UsoSvc").state = ServiceState::Running;
        scm.service("wuauserv").state = ServiceState::Running;
        machine.setFile(std::string(kSoftwareDistribution) + R"(\Download\ab12\windows10.0-kb5001.cab)", std::string("MSCF\0cab", 8));
        machine.setFile(std::string(kSoftwareDistribution) + R"(\DataStore\DataStore.edb)", "edb bytes");
        machine.setFile(std::string(kCatroot2) + R"(\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\catdb)", "catdb bytes");
        if (queue == Queue::Ese) return;
        for (const std::string& f : machine.files())
            if (f.starts_with(lowerOf(kDownloader) + "\\")) machine.removeFile(f);
        machine.setFile(std::string(kDownloader) + R"(\qmgr0.dat)", "queue 0");
        machine.setFile(std::string(kDownloader) + R"(\qmgr1.dat)", "queue 1");
        machine.setFile(std::string(kDownloader) + R"(\edb.log)", "not ours");
    }
    ResetEnv env(std::string now = kNow) { return ResetEnv{machine, scm, clock, locks, guard, kJournal, std::move(now)}; }
    std::map<std::string, std::string> under(const std::string& folder) {
        std::map<std::string, std::string> out;
        for (const std::string& f : machine.files())
            if (f.starts_with(lowerOf(folder) + "\\")) out[f.substr(folder.size())] = *machine.readFile(f);
        return out;
    }
    static std::string lowerOf(std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }
};

}  // namespace

TEST_CASE("Reset cache: stops in order, journal first, moves aside, starts again what ran", "[reset-cache]") {
    CachePc pc;
    const auto sdBefore = pc.under(kSoftwareDistribution);
    const auto catBefore = pc.under(kCatroot2);
    ResetEnv env = pc.env();
    const ResetPlan plan = planReset(env);
    REQUIRE_FALSE(plan.restartPending);
    CHECK(plan.stop == std::vector<std::string>{"UsoSvc", "wuauserv", "BITS", "DoSvc", "CryptSvc"});
    CHECK(plan.running == std::vector<std::string>{"UsoSvc", "wuauserv", "CryptSvc"});
    REQUIRE(plan.moves.size() == 4);  // SoftwareDistribution, catroot2, qmgr0.dat, qmgr1.dat (not edb.log)
    CHECK(plan.moves[0].to == std::string(kSoftwareDistribution) + ".wudoctor-20261129-041500");
    CHECK(plan.moves[0].bytes == 8 + 9);
    const auto steps = plan.steps();
    CHECK(steps.front() == "stop Update Orchestrator (UsoSvc)");
    CHECK(steps.back().find("start again what was running: Cryptographic Services (CryptSvc), Windows Update "
                            "(wuauserv), Update Orchestrator (UsoSvc)") == 0);
    CHECK(pc.machine.writes() == 0);  // planning changes nothing

    // The journal is on disk, "pending", with every move, before the first move happens.
    bool journalSeen = false;
    pc.machine.beforeWrite = [&](int n) {
        if (n != 2) return;
        std::string reason;
        const auto onDisk = parseJournal(pc.machine.readFile(kJournal).value_or(""), reason);
        REQUIRE(onDisk);
        REQUIRE(onDisk->entries.size() == 1);
        CHECK(onDisk->entries[0].state == EntryState::Pending);
        CHECK(onDisk->entries[0].changes.size() == 4);
        CHECK(pc.machine.pathExists(kSoftwareDistribution));
        journalSeen = true;
    };
    const ResetResult r = runReset(env, pc.journal, plan);
    INFO(r.message);
    REQUIRE(r.ok);
    CHECK(journalSeen);
    CHECK(pc.scm.ourCalls() == std::vector<std::string>{"stop UsoSvc", "stop wuauserv", "stop CryptSvc",
                                                        "start CryptSvc", "start wuauserv", "start UsoSvc"});
    for (const char* s : {"UsoSvc", "wuauserv", "CryptSvc"}) CHECK(pc.scm.service(s).state == ServiceState::Running);
    for (const char* s : {"BITS", "DoSvc"}) CHECK(pc.scm.service(s).state == ServiceState::Stopped);
    CHECK_FALSE(pc.machine.pathExists(kSoftwareDistribution));
    CHECK_FALSE(pc.machine.pathExists(kCatroot2));
    CHECK(pc.under(std::string(kSoftwareDistribution) + ".wudoctor-20261129-041500") == sdBefore);
    CHECK(pc.under(std::string(kCatroot2) + ".wudoctor-20261129-041500") == catBefore);
    CHECK(pc.machine.readFile(std::string(kDownloader) + R"(\qmgr0.dat.wudoctor-20261129-041500)") == "queue 0");
    CHECK(pc.machine.fileExists(std::string(kDownloader) + R"(\edb.log)"));
    REQUIRE(pc.journal.entries.size() == 1);
    CHECK(pc.journal.entries[0].state == EntryState::Applied);
    CHECK(pc.journal.entries[0].findingId == "reset-cache");

    const auto backups = findBackups(pc.machine);
    CHECK(backups.size() == 4);
    std::uint64_t total = 0;
    for (const Backup& b : backups) total += b.bytes;
    CHECK(total == 8 + 9 + 11 + 7 + 7);
}

TEST_CASE("Reset cache: refused while a restart is pending, nothing touched", "[reset-cache]") {
    CachePc pc;
    pc.machine.addKey(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)");
    ResetEnv env = pc.env();
    const ResetPlan plan = planReset(env);
    REQUIRE(plan.restartPending);
    CHECK(plan.restartPending->id == "restart-pending");
    const ResetResult r = runReset(env, pc.journal, plan);
    CHECK(r.refused);
    CHECK_FALSE(r.ok);
    CHECK(r.message.find("restart is pending (finding restart-pending)") != std::string::npos);
    CHECK(r.advice.find("Restart the PC") != std::string::npos);
    CHECK(pc.machine.writes() == 0);
    CHECK(pc.scm.ourCalls().empty());
    CHECK(pc.machine.pathExists(kSoftwareDistribution));
}

TEST_CASE("Reset cache: an antivirus's rename list alone is no pending restart: the reset goes ahead", "[reset-cache]") {
    // The stock PC's PendingFileRenameOperations (no-faff/InstallerClean #12): it never refuses the reset.
    CachePc pc;
    REQUIRE(pc.machine.readValue(kSessionManager, "PendingFileRenameOperations"));
    ResetEnv env = pc.env();
    const ResetPlan plan = planReset(env);
    CHECK_FALSE(plan.restartPending);
    const ResetResult r = runReset(env, pc.journal, plan);
    INFO(r.message);
    CHECK(r.ok);
    CHECK_FALSE(r.refused);
}

TEST_CASE("Reset cache: Windows 10/11's BITS database moves as one folder, an empty one takes its place, undo puts it back", "[reset-cache]") {
    // Windows 10/11 keep BITS' queue in an ESE database (qmgr.db with edb*.log, edb.chk, edb*.jrs, qmgr.jfm:
    // fireeye/BitsParser). Moving qmgr.db alone would split it from its logs.
    CachePc pc(Queue::Ese);
    const auto queueBefore = pc.under(kDownloader);
    REQUIRE(queueBefore.size() == 6);
    ResetEnv env = pc.env();
    const ResetPlan plan = planReset(env);
    REQUIRE(plan.moves.size() == 3);  // SoftwareDistribution, catroot2, the Downloader folder
    CHECK(plan.moves[2].from == kDownloader);
    CHECK(plan.moves[2].recreate);
    const std::string step = plan.steps()[plan.stop.size() + 2];
    CHECK(step.find("BITS' download queue (its database qmgr.db with its logs)") != std::string::npos);
    CHECK(step.find("make an empty one with the same permissions") != std::string::npos);

    const ResetResult r = runReset(env, pc.journal, plan);
    INFO(r.message);
    REQUIRE(r.ok);
    const std::string backup = std::string(kDownloader) + ".wudoctor-20261129-041500";
    CHECK(pc.under(backup) == queueBefore);          // every file of the set, byte for byte, together
    CHECK(pc.machine.listFolder(kDownloader)->empty());  // BITS starts a new queue here
    CHECK(pc.machine.folderSddl(kDownloader) == pc.machine.folderSddl(backup));
    CHECK(findBackups(pc.machine).size() == 3);

    // BITS started a new queue since; undo keeps it aside and puts the old one back whole.
    pc.machine.setFile(std::string(kDownloader) + R"(\qmgr.db)", "ESE new");
    ResetEnv undoEnv = pc.env("2026-11-29 05:00:00");
    const UndoResult u = undoJournalEntry(undoEnv, pc.journal, r.entry);
    INFO(u.message);
    REQUIRE(u.ok);
    CHECK(pc.under(kDownloader) == queueBefore);
    CHECK(pc.machine.readFile(std::string(kDownloader) + R"(.wudoctor-20261129-050000\qmgr.db)") == "ESE new");
}

TEST_CASE("Reset cache: a failure after BITS' folder moved takes away the empty one and puts the old one back", "[reset-cache]") {
    CachePc pc(Queue::Ese);
    const auto queueBefore = pc.under(kDownloader);
    ResetEnv env = pc.env();
    const ResetPlan plan = planReset(env);
    // Write 1 is the journal, 2-3 the first two moves, 4 the Downloader move, 5 the empty folder: it fails.
    pc.machine.failWrite(5, 4);
    const ResetResult r = runReset(env, pc.journal, plan);
    CHECK_FALSE(r.ok);
    CHECK(r.message.find("the empty folder for its place could not be made") != std::string::npos);
    CHECK(pc.under(kDownloader) == queueBefore);
    CHECK(pc.machine.pathExists(kSoftwareDistribution));
    CHECK_FALSE(pc.machine.pathExists(std::string(kDownloader) + ".wudoctor-20261129-041500"));
}

TEST_CASE("Reset cache: a Downloader folder that cannot be read: refused, nothing touched", "[reset-cache]") {
    // Windows: a tool's permissions on %ALLUSERSPROFILE%\Microsoft\Network\Downloader that deny administrators.
    CachePc pc(Queue::Ese);
    pc.machine.setUnreadable(kDownloader);
    ResetEnv env = pc.env();
    const ResetPlan plan = planReset(env);
    CHECK(plan.unreadable == kDownloader);
    CHECK(plan.moves.empty());
    const ResetResult r = runReset(env, pc.journal, plan);
    CHECK_FALSE(r.ok);
    CHECK(r.message.find("cannot be read") != std::string::npos);
    CHECK(r.message.find("Nothing was changed") != std::string::npos);
    CHECK_FALSE(r.advice.empty());
    CHECK(pc.machine.writes() == 0);
    CHECK(pc.scm.ourCalls().empty());
}

TEST_CASE("Reset cache: a service stuck stopping ends it, nothing moved, the others started again", "[reset-cache]") {
    CachePc pc;
    pc.scm.service("wuauserv").hangOnStop = true;  // Windows: wuauserv stuck in STOP_PENDING
    ResetEnv env = pc.env();
    const ResetResult r = runReset(env, pc.journal, planReset(env));
    CHECK_FALSE(r.ok);
    CHECK(r.error == kErrStuck);
    CHECK(r.message.find("Nothing was moved") != std::string::npos);
    CHECK_FALSE(r.advice.empty());
    CHECK(pc.machine.writes() == 0);  // no journal entry, no move
    CHECK(pc.journal.entries.empty());
    CHECK(pc.scm.ourCalls() == std::vector<std::string>{"stop UsoSvc", "stop wuauserv", "start UsoSvc"});
    CHECK(pc.scm.service("UsoSvc").state == ServiceState::Running);
    CHECK(pc.machine.pathExists(kSoftwareDistribution));
}

TEST_CASE("Reset cache: a locked file puts back what moved and names who holds it", "[reset-cache]") {
    CachePc pc;
    const auto before = pc.machine.files();
    // Windows: BITS' queue file held open without sharing by another program -> the rename fails with 32
    // (ERROR_SHARING_VIOLATION), and the Restart Manager names the process.
    pc.locks.hold(std::string(kDownloader) + R"(\qmgr0.dat)", LockHolder{4242, "Backup Helper", ""});
    pc.machine.failWrite(32, 3);  // journal (1), SoftwareDistribution (2), catroot2 (3), qmgr0.dat fails
    ResetEnv env = pc.env();
    const ResetResult r = runReset(env, pc.journal, planReset(env));
    INFO(r.message);
    CHECK_FALSE(r.ok);
    CHECK(r.error == 32);
    CHECK(r.lockedPath == std::string(kDownloader) + R"(\qmgr0.dat)");
    REQUIRE(r.holders.size() == 1);
    CHECK(r.message.find("is in use by Backup Helper (PID 4242)") != std::string::npos);
    CHECK(r.message.find("put back") != std::string::npos);
    CHECK(r.advice.find("Close Backup Helper (PID 4242)") == 0);
    CHECK(r.rollback.size() == 2);
    // Everything where it was (the journal file aside).
    auto after = pc.machine.files();
    std::erase(after, CachePc::lowerOf(kJournal));
    CHECK(after == before);
    CHECK(pc.journal.entries.at(0).state == EntryState::Failed);
    for (const char* s : {"UsoSvc", "wuauserv", "CryptSvc"}) CHECK(pc.scm.service(s).state == ServiceState::Running);
    CHECK(findBackups(pc.machine).empty());
}

TEST_CASE("Reset cache: a folder with a file open inside; Restart Manager unavailable", "[reset-cache]") {
    CachePc pc;
    // Windows refuses to rename a folder while a file inside is open (5, ERROR_ACCESS_DENIED): every file under
    // it is asked about, and the one held is named.
    const std::string edb = std::string(kSoftwareDistribution) + R"(\DataStore\DataStore.edb)";
    pc.locks.hold(edb, LockHolder{812, "Windows Update", "wuauserv"});
    pc.machine.failWrite(kAccessDenied, 1);
    ResetEnv env = pc.env();
    ResetResult r = runReset(env, pc.journal, planReset(env));
    bool asked = false;
    for (const std::string& f : pc.locks.asked) asked = asked || CachePc::lowerOf(f) == CachePc::lowerOf(edb);
    CHECK(asked);
    CHECK(r.message.find("is in use by Windows Update (service wuauserv) (PID 812)") != std::string::npos);
    CHECK(r.rollback.empty());
    CHECK(pc.machine.pathExists(kSoftwareDistribution));

    pc.locks.unavailable = true;  // RmStartSession failed: the message still says what happened
    pc.machine.failWrite(32, 1);
    ResetEnv later = pc.env("2026-11-29 04:16:00");
    r = runReset(later, pc.journal, planReset(later));
    CHECK(r.message.find("is in use by another program (Windows did not say which)") != std::string::npos);
    CHECK(r.holders.empty());
}

TEST_CASE("Reset cache: undo stops the services, keeps Windows' new folder aside, puts the originals back", "[reset-cache]") {
    CachePc pc;
    const auto sdBefore = pc.under(kSoftwareDistribution);
    const auto catBefore = pc.under(kCatroot2);
    ResetEnv env = pc.env();
    const ResetResult r = runReset(env, pc.journal, planReset(env));
    REQUIRE(r.ok);
    // Windows Update made a new SoftwareDistribution as soon as it ran again.
    pc.machine.setFile(std::string(kSoftwareDistribution) + R"(\ReportingEvents.log)", "new");
    const auto callsBefore = pc.scm.ourCalls().size();

    ResetEnv undoEnv = pc.env("2026-11-29 05:00:00");
    const UndoResult u = undoJournalEntry(undoEnv, pc.journal, r.entry);
    INFO(u.message);
    REQUIRE(u.ok);
    CHECK(pc.under(kSoftwareDistribution) == sdBefore);
    CHECK(pc.under(kCatroot2) == catBefore);
    CHECK(pc.machine.readFile(std::string(kDownloader) + R"(\qmgr0.dat)") == "queue 0");
    CHECK(pc.machine.readFile(std::string(kSoftwareDistribution) + R"(.wudoctor-20261129-050000\ReportingEvents.log)") == "new");
    CHECK_FALSE(pc.machine.pathExists(std::string(kSoftwareDistribution) + ".wudoctor-20261129-041500"));
    const auto all = pc.scm.ourCalls();
    const auto calls = std::vector<std::string>(all.begin() + static_cast<long>(callsBefore), all.end());
    CHECK(calls == std::vector<std::string>{"stop UsoSvc", "stop wuauserv", "stop CryptSvc", "start CryptSvc",
                                            "start wuauserv", "start UsoSvc"});
    CHECK(pc.journal.find(r.entry)->state == EntryState::Undone);
    bool keptNamed = false;
    for (const std::string& line : u.restored)
        keptNamed = keptNamed || line.find("kept as C:\\Windows\\SoftwareDistribution.wudoctor-20261129-050000") != std::string::npos;
    CHECK(keptNamed);
}

TEST_CASE("Reset cache: undo refused for another PC's entry touches no service", "[reset-cache]") {
    CachePc pc;
    ResetEnv env = pc.env();
    const ResetResult r = runReset(env, pc.journal, planReset(env));
    REQUIRE(r.ok);
    pc.journal.find(r.entry)->machine.guid = "00000000-0000-0000-0000-000000000000";
    const auto calls = pc.scm.ourCalls().size();
    const UndoResult u = undoJournalEntry(env, pc.journal, r.entry);
    CHECK_FALSE(u.ok);
    CHECK(u.message.find("another PC") != std::string::npos);
    CHECK(pc.scm.ourCalls().size() == calls);
}

TEST_CASE("Reset cache: old backups removed only on request, the last reset's kept, the journal told", "[reset-cache]") {
    CachePc pc;
    ResetEnv first = pc.env("2026-11-20 10:00:00");
    const ResetResult r1 = runReset(first, pc.journal, planReset(first));
    REQUIRE(r1.ok);
    pc.machine.setFile(std::string(kSoftwareDistribution) + R"(\Download\x.cab)", "second");  // Windows filled a new cache
    pc.machine.setFile(std::string(kCatroot2) + R"(\catdb)", "2");
    ResetEnv second = pc.env("2026-11-29 04:15:00");
    const ResetResult r2 = runReset(second, pc.journal, planReset(second));
    REQUIRE(r2.ok);
    CHECK(findBackups(pc.machine).size() == 4 + 2);  // no new qmgr files since the first reset

    const RemoveResult removed = removeOldBackups(pc.machine, pc.guard, pc.journal, kJournal);
    CHECK(removed.ok);
    CHECK(removed.removed.size() == 2);  // the first reset's SoftwareDistribution and catroot2
    CHECK(removed.freed == 8 + 9 + 11);
    CHECK_FALSE(pc.machine.pathExists(std::string(kSoftwareDistribution) + ".wudoctor-20261120-100000"));
    CHECK(pc.machine.readFile(std::string(kSoftwareDistribution) + R"(.wudoctor-20261129-041500\Download\x.cab)") == "second");
    // The qmgr backups of the first reset are the newest of their kind: kept.
    CHECK(pc.machine.pathExists(std::string(kDownloader) + R"(\qmgr0.dat.wudoctor-20261120-100000)"));
    // The first entry's undo now says its backup is gone, and leaves the rest alone.
    std::string reason;
    const auto saved = parseJournal(pc.machine.readFile(kJournal).value_or(""), reason);
    REQUIRE(saved);
    CHECK(saved->entries.at(0).changes.at(0).backupRemoved);
    const UndoResult u = undoJournalEntry(first, pc.journal, r1.entry);
    CHECK_FALSE(u.ok);
    CHECK(u.message.find("deleted on request") != std::string::npos);
}

TEST_CASE("Journal: a move-aside change round-trips and reads plainly", "[reset-cache][journal]") {
    const std::string backup = std::string(kSoftwareDistribution) + ".wudoctor-20261129-041500";
    JournalChange removed = moveAside(kSoftwareDistribution, backup);
    removed.backupRemoved = true;
    const JournalEntry e{.id = 3,
                         .time = kNow,
                         .machine = {"guid", "PC"},
                         .findingId = "reset-cache",
                         .title = "Reset the Windows Update cache",
                         .changes = {moveAside(kSoftwareDistribution, backup), removed}};
    const Journal journal{.entries = {e}};
    CHECK(readBack(journal) == journal);
    CHECK(serializeJournal(journal).find("\"kind\": \"move_aside\"") != std::string::npos);
    CHECK(describe(e.changes[0]) == R"(moved C:\Windows\SoftwareDistribution aside to C:\Windows\SoftwareDistribution.wudoctor-20261129-041500)");
    CHECK(describe(e.changes[1]).find("deleted on request") != std::string::npos);
}

TEST_CASE("Reset cache: a running service that depends on one stopped is started again too", "[reset-cache]") {
    // Windows: Application Identity (AppIDSvc) depends on Cryptographic Services; stopping CryptSvc stops it first
    // (Wine ignores dependencies, so only the fake can show this).
    CachePc pc;
    FakeService appId;
    appId.name = "AppIDSvc";
    appId.state = ServiceState::Running;
    appId.dependsOn = {"CryptSvc"};
    pc.scm.add(appId);
    ResetEnv env = pc.env();
    const ResetResult r = runReset(env, pc.journal, planReset(env));
    INFO(r.message);
    REQUIRE(r.ok);
    CHECK(pc.scm.ourCalls() == std::vector<std::string>{"stop UsoSvc", "stop wuauserv", "stop AppIDSvc", "stop CryptSvc",
                                                        "start CryptSvc", "start AppIDSvc", "start wuauserv", "start UsoSvc"});
    CHECK(pc.scm.service("AppIDSvc").state == ServiceState::Running);
}

TEST_CASE("Reset cache: nothing to move stops nothing", "[reset-cache]") {
    FakePc pc;  // no SoftwareDistribution, catroot2 or BITS queue
    for (const std::string& f : pc.machine.files())
        if (f.starts_with(CachePc::lowerOf(kDownloader))) pc.machine.removeFile(f);
    FakeLockFinder locks;
    FakeCrypto crypto;
    JournalGuard guard{pc.machine, crypto, true};
    Journal journal;
    pc.scm.service("wuauserv").state = ServiceState::Running;
    ResetEnv env{pc.machine, pc.scm, pc.clock, locks, guard, kJournal, kNow};
    const ResetPlan plan = planReset(env);
    CHECK(plan.moves.empty());
    CHECK(plan.steps() == std::vector<std::string>{"nothing: there is no Windows Update cache to move (no service is stopped)"});
    const ResetResult r = runReset(env, journal, plan);
    CHECK(r.ok);
    CHECK(r.message.find("Nothing to reset") == 0);
    CHECK(pc.scm.ourCalls().empty());
    CHECK(pc.machine.writes() == 0);
}

TEST_CASE("Reset cache: stamps, names and sizes", "[reset-cache]") {
    FakeMachineAccess m;
    CHECK(backupStamp("2026-11-29 04:15:00") == "20261129-041500");
    m.setFile(R"(C:\Windows\SoftwareDistribution.wudoctor-20261129-041500\a)", "x");
    CHECK(backupName(m, kSoftwareDistribution, "20261129-041500") == std::string(kSoftwareDistribution) + ".wudoctor-20261129-041500-2");
    CHECK(backupName(m, kCatroot2, "20261129-041500") == std::string(kCatroot2) + ".wudoctor-20261129-041500");
    CHECK(sizeText(0) == "0 bytes");
    CHECK(sizeText(1536) == "2 KB");
    CHECK(sizeText(1572864) == "1.5 MB");
    CHECK(sizeText(3ull << 30) == "3.0 GB");
}

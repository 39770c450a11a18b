// Black-box tests of `wudoctor reset-cache` under Wine: a real SoftwareDistribution and catroot2 (files in nested
// folders, binary bytes) and BITS' qmgr*.dat are planted in the test prefix, the services run as the prefix's
// fixtures (UsoSvc, DoSvc, CryptSvc record their events) and Wine's own (wuauserv; BITS left stopped); then the
// real wudoctor.com resets, undoes, refuses and fails, and the tests look at the file system and the SCM.
//
// Wine cannot show who holds a file: its Restart Manager is a stub (dlls/rstrtmgr/main.c: RmGetList reports no
// process), so here the locked-file case shows the failure and the roll-back; naming the process is tested in
// tests/unit/test_reset_cache.cpp through FakeLockFinder. Renaming a folder with a file open inside succeeds
// under Wine (Windows refuses it), so the lock is put on BITS' qmgr0.dat, which is moved after the two folders.
#include "cli_e2e_main.hpp"

#include "wud/machine_access.hpp"
#include "wud/text.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <algorithm>
#include <map>
#include <optional>

namespace {

constexpr const wchar_t* kRebootPending =
    LR"(SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)";
// Running before each test: the three fixtures and Wine's wuauserv. BITS stays stopped.
const std::vector<std::string> kRunning{"UsoSvc", "wuauserv", "DoSvc", "CryptSvc"};
const std::vector<std::string> kAll{"UsoSvc", "wuauserv", "BITS", "DoSvc", "CryptSvc"};

std::string windir() { return machine().systemRoot(); }
std::string softwareDistribution() { return windir() + "\\SoftwareDistribution"; }
std::string catroot2() { return windir() + "\\System32\\catroot2"; }
std::string network() { return machine().programData() + "\\Microsoft\\Network"; }
std::string downloader() { return network() + "\\Downloader"; }
/// BITS' queue as Windows 10 and 11 keep it: an ESE database with its logs and checkpoint (fireeye/BitsParser).
const std::vector<std::string> kEseQueue{"qmgr.db", "qmgr.jfm", "edb.chk", "edb.log", "edbres00001.jrs", "edbres00002.jrs"};

/// Every file under a folder: relative path -> bytes (an empty map for a missing folder).
void snapshotInto(const std::string& root, const std::string& rel, std::map<std::string, std::string>& out) {
    const auto entries = machine().listFolder(root + rel);
    if (!entries) return;
    for (const DirEntry& e : *entries) {
        const std::string child = rel + "\\" + e.name;
        if (e.folder) {
            out[child + "\\"] = "";  // empty folders count too
            snapshotInto(root, child, out);
        } else {
            out[child] = machine().readFile(root + child).value_or("<unreadable>");
        }
    }
}
std::map<std::string, std::string> snapshot(const std::string& root) {
    std::map<std::string, std::string> out;
    snapshotInto(root, "", out);
    return out;
}

/// WU Doctor's backups (and undo's set-aside folders) beside the three places.
std::vector<std::string> backups() {
    std::vector<std::string> found;
    for (const std::string& folder : {windir(), windir() + "\\System32", downloader(), network()})
        if (const auto entries = machine().listFolder(folder))
            for (const DirEntry& e : *entries)
                if (e.name.find(".wudoctor-") != std::string::npos) found.push_back(folder + "\\" + e.name);
    return found;
}

void writeFile(const std::string& path, const std::string& bytes) {
    // Parents first (CreateDirectory of an existing folder fails harmlessly).
    for (std::size_t at = path.find('\\', 3); at != std::string::npos; at = path.find('\\', at + 1))
        ::CreateDirectoryW(widen(path.substr(0, at)).c_str(), nullptr);
    REQUIRE(machine().replaceFile(path, bytes) == 0);
}

void plantCache(const std::string& tag) {
    writeFile(softwareDistribution() + "\\Download\\ab12cd\\windows10.0-kb5032189-x64.cab",
              std::string("MSCF\0\0\0\0\x01\x02\xff", 11) + tag);
    writeFile(softwareDistribution() + "\\DataStore\\DataStore.edb", "edb " + tag);
    writeFile(softwareDistribution() + "\\DataStore\\Logs\\edb.chk", std::string("\0chk\r\n", 6));
    writeFile(softwareDistribution() + "\\ReportingEvents.log", "report\r\n" + tag);
    ::CreateDirectoryW(widen(softwareDistribution() + "\\PostRebootEventCache.V2").c_str(), nullptr);
    writeFile(catroot2() + "\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb", "catdb " + tag);
    writeFile(catroot2() + "\\edb.log", "log " + tag);
    writeFile(downloader() + "\\qmgr0.dat", "queue 0 " + tag);
    writeFile(downloader() + "\\qmgr1.dat", "queue 1 " + tag);
}

std::map<std::string, ServiceSnapshot> services() {
    std::map<std::string, ServiceSnapshot> out;
    for (const std::string& s : kAll) out[s] = scm().query(s).snapshot;
    return out;
}

/// The prefix before and after each test: no cache folders, no backups, no journal, no pending restart; during
/// the test the four services run and BITS is stopped. Folders that were there before are kept aside and put
/// back.
class PrefixGuard {
public:
    PrefixGuard() {
        for (const std::string& path : {softwareDistribution(), catroot2()})
            if (machine().pathExists(path)) {
                REQUIRE(machine().movePath(path, path + ".wudtest-saved") == 0);
                saved_.push_back(path);
            }
        clean();
        for (const std::string& s : kAll) {
            const bool run = std::find(kRunning.begin(), kRunning.end(), s) != kRunning.end();
            const ServiceState want = run ? ServiceState::Running : ServiceState::Stopped;
            Win32Error refusal = 0;
            const ServiceSnapshot now = bringTo(scm(), s, want, &refusal);
            INFO(s << ": the SCM's last answer was " << refusal);
            REQUIRE(now.state == want);
        }
    }
    ~PrefixGuard() {
        for (const std::string& s : kAll) bringTo(scm(), s, ServiceState::Stopped);
        clean();
        for (const std::string& path : saved_) machine().movePath(path + ".wudtest-saved", path);
    }
    PrefixGuard(const PrefixGuard&) = delete;
    PrefixGuard& operator=(const PrefixGuard&) = delete;

private:
    static void clean() {
        ::RegDeleteKeyExW(HKEY_LOCAL_MACHINE, kRebootPending, KEY_WOW64_64KEY, 0);
        for (const std::string& path : {softwareDistribution(), catroot2(), downloader() + "\\qmgr0.dat", downloader() + "\\qmgr1.dat"})
            if (machine().pathExists(path)) machine().deleteTree(path);
        for (const std::string& file : kEseQueue)
            if (machine().pathExists(downloader() + "\\" + file)) machine().deleteTree(downloader() + "\\" + file);
        for (const std::string& b : backups()) machine().deleteTree(b);
        ::DeleteFileW(widen(journalFile()).c_str());
    }
    std::vector<std::string> saved_;
};

/// Index of the first record of `service` with `event` at or after `since` (in file order = event order).
std::ptrdiff_t at(const std::vector<Record>& records, const std::string& service, const std::string& event, long long since) {
    for (std::size_t i = 0; i < records.size(); ++i)
        if (records[i].ms >= since && records[i].service == service && records[i].event == event) return static_cast<std::ptrdiff_t>(i);
    return -1;
}

/// The four services run again, each in a new process; BITS stays stopped.
void servicesAsTheyBegan(const std::map<std::string, ServiceSnapshot>& before) {
    const auto after = services();
    for (const std::string& s : kRunning) {
        INFO(s);
        CHECK(waitForState(scm(), s, ServiceState::Running, 10s).state == ServiceState::Running);
        CHECK(after.at(s).pid != before.at(s).pid);  // it really was stopped and started again
    }
    CHECK(after.at("BITS").state == ServiceState::Stopped);
}

}  // namespace

TEST_CASE("reset-cache moves SoftwareDistribution, catroot2 and BITS' queue aside in stop order; undo puts them back byte for byte", "[reset-cache]") {
    PrefixGuard guard;
    plantCache("first");
    const auto sd = snapshot(softwareDistribution());
    const auto cat = snapshot(catroot2());
    REQUIRE(sd.size() == 9);
    const auto before = services();
    const long long since = epochMs();

    const CliRun reset = runCli({"reset-cache", "--json"});
    INFO(describe(reset));
    REQUIRE(reset.exit == 0);
    const json doc = reset.parsed();
    CHECK(doc.at("command") == "reset-cache");
    CHECK(doc.at("ok") == true);
    REQUIRE(doc.at("moved").size() == 4);
    CHECK(doc.at("plan").at(0) == "stop Update Orchestrator (UsoSvc)");
    // Moved, not deleted: the same trees, byte for byte, under the time-stamped names.
    CHECK_FALSE(machine().pathExists(softwareDistribution()));
    CHECK_FALSE(machine().pathExists(catroot2()));
    CHECK_FALSE(machine().pathExists(downloader() + "\\qmgr0.dat"));
    const std::string sdBackup = doc.at("moved").at(0).at("to");
    CHECK(sdBackup.starts_with(softwareDistribution() + ".wudoctor-"));
    CHECK(snapshot(sdBackup) == sd);
    CHECK(snapshot(doc.at("moved").at(1).at("to").get<std::string>()) == cat);
    CHECK(machine().readFile(doc.at("moved").at(2).at("to").get<std::string>()) == "queue 0 first");
    CHECK(backups().size() == 4);
    std::uint64_t planted = 0;
    for (const auto& [path, bytes] : sd) planted += bytes.size();
    for (const auto& [path, bytes] : cat) planted += bytes.size();
    CHECK(doc.at("backup_bytes") == planted + 2 * 13);

    // The stop order and the start order, from the fixtures' own records.
    const auto records = readRecords(prefixRecordFile());
    const auto usoStop = at(records, "UsoSvc", "stop-begin", since), doStop = at(records, "DoSvc", "stop-begin", since),
               cryptStop = at(records, "CryptSvc", "stop-begin", since);
    INFO("records since " << since << ": " << records.size());
    REQUIRE(usoStop >= 0);
    REQUIRE(doStop >= 0);
    REQUIRE(cryptStop >= 0);
    CHECK(at(records, "UsoSvc", "stopped", since) < doStop);
    CHECK(at(records, "DoSvc", "stopped", since) < cryptStop);
    const auto cryptRunning = at(records, "CryptSvc", "running", since), doStart = at(records, "DoSvc", "start-begin", since),
               doRunning = at(records, "DoSvc", "running", since), usoStart = at(records, "UsoSvc", "start-begin", since);
    CHECK(at(records, "CryptSvc", "stopped", since) < cryptRunning);
    CHECK(cryptRunning < doStart);
    CHECK(doRunning < usoStart);
    servicesAsTheyBegan(before);

    // Windows Update makes a new SoftwareDistribution as soon as it runs again.
    writeFile(softwareDistribution() + "\\ReportingEvents.log", "made since");
    const auto middle = services();
    const CliRun undo = runCli({"undo", "--last", "--json"});
    INFO(describe(undo));
    REQUIRE(undo.exit == 0);
    CHECK(undo.parsed().at("results").at(0).at("ok") == true);
    CHECK(snapshot(softwareDistribution()) == sd);
    CHECK(snapshot(catroot2()) == cat);
    CHECK(machine().readFile(downloader() + "\\qmgr0.dat") == "queue 0 first");
    CHECK(machine().readFile(downloader() + "\\qmgr1.dat") == "queue 1 first");
    // What Windows made since is kept aside, not lost.
    const auto left = backups();
    REQUIRE(left.size() == 1);
    CHECK(machine().readFile(left[0] + "\\ReportingEvents.log") == "made since");
    servicesAsTheyBegan(middle);
}

TEST_CASE("reset-cache moves Windows 10's BITS database as one folder, an empty one in its place; undo puts it back byte for byte", "[reset-cache]") {
    // Windows 10/11: qmgr.db with its logs and checkpoint. Moving qmgr.db alone would split the database from its
    // logs; the whole Downloader folder moves in one rename instead, and BITS gets an empty folder to start anew in.
    PrefixGuard guard;
    plantCache("ese");
    for (const std::string& f : {std::string("qmgr0.dat"), std::string("qmgr1.dat")}) machine().deleteTree(downloader() + "\\" + f);
    for (const std::string& file : kEseQueue) writeFile(downloader() + "\\" + file, std::string("ESE\0", 4) + file);
    const auto queue = snapshot(downloader());
    REQUIRE(queue.size() == kEseQueue.size());

    const CliRun reset = runCli({"reset-cache", "--json"});
    INFO(describe(reset));
    REQUIRE(reset.exit == 0);
    const json doc = reset.parsed();
    REQUIRE(doc.at("moved").size() == 3);
    const json& moved = doc.at("moved").at(2);
    CHECK(moved.at("from") == downloader());
    CHECK(moved.at("what").get<std::string>().find("qmgr.db with its logs") != std::string::npos);
    bool planned = false;
    for (const json& step : doc.at("plan"))
        planned = planned || step.get<std::string>().find("make an empty one with the same permissions") != std::string::npos;
    CHECK(planned);
    const std::string backup = moved.at("to");
    CHECK(backup.starts_with(downloader() + ".wudoctor-"));
    CHECK(snapshot(backup) == queue);                  // the whole set, byte for byte, together
    CHECK(machine().listFolder(downloader())->empty());  // BITS starts a new queue here

    // BITS made a new database since; undo keeps it aside and puts the old set back whole.
    writeFile(downloader() + "\\qmgr.db", "ESE made since");
    const CliRun undo = runCli({"undo", "--last", "--json"});
    INFO(describe(undo));
    REQUIRE(undo.exit == 0);
    CHECK(snapshot(downloader()) == queue);
    bool kept = false;
    for (const std::string& b : backups())
        kept = kept || machine().readFile(b + "\\qmgr.db") == std::optional<std::string>("ESE made since");
    CHECK(kept);
}

TEST_CASE("reset-cache with BITS' queue file held open: reported, everything moved is put back", "[reset-cache]") {
    PrefixGuard guard;
    plantCache("locked");
    const auto sd = snapshot(softwareDistribution());
    const auto cat = snapshot(catroot2());
    const auto before = services();

    // A helper process holds qmgr0.dat open with no sharing until released.
    const std::wstring tag = std::to_wstring(::GetCurrentProcessId());
    const std::wstring readyName = L"wud_hold_ready_" + tag, releaseName = L"wud_hold_release_" + tag;
    const UniqueHandle ready(::CreateEventW(nullptr, TRUE, FALSE, readyName.c_str()));
    const UniqueHandle release(::CreateEventW(nullptr, TRUE, FALSE, releaseName.c_str()));
    std::wstring line = L"\"" + widen(windowsPath(env("WUD_HOLD_EXE"))) + L"\" \"" + widen(downloader() + "\\qmgr0.dat") +
                        L"\" " + readyName + L" " + releaseName;
    STARTUPINFOW startup{};
    startup.cb = sizeof startup;
    PROCESS_INFORMATION info{};
    REQUIRE(::CreateProcessW(nullptr, line.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &startup, &info));
    const UniqueHandle holder(info.hProcess);
    ::CloseHandle(info.hThread);
    struct Release {
        HANDLE event, process;
        ~Release() {
            ::SetEvent(event);
            ::WaitForSingleObject(process, 30000);
        }
    } releaseAtEnd{release.get(), holder.get()};
    const HANDLE waits[] = {ready.get(), holder.get()};
    REQUIRE(::WaitForMultipleObjects(2, waits, FALSE, 60000) == WAIT_OBJECT_0);  // holding (not exited)

    // The Restart Manager (rstrtmgr.dll, not a KnownDLL) is loaded from System32 only: a copy planted beside the
    // exe, preferred by Wine ("native first"), must stay unloaded (it would drop a marker from DllMain).
    const std::string exe = env("WUD_CLI_EXE");
    const std::string folder = exe.substr(0, exe.find_last_of('\\'));
    const std::string markers = testTmp() + "\\reset-cache-markers";
    ::CreateDirectoryW(widen(markers).c_str(), nullptr);
    ::DeleteFileW(widen(markers + "\\rstrtmgr.dll.loaded").c_str());
    REQUIRE(::CopyFileW(widen(windowsPath(env("WUD_PLANTED_DLL"))).c_str(), widen(folder + "\\rstrtmgr.dll").c_str(), FALSE));
    struct Unplant {
        std::string path;
        ~Unplant() { ::DeleteFileW(widen(path).c_str()); }
    } unplant{folder + "\\rstrtmgr.dll"};
    ProcessOptions options;
    options.environment = {"WINEDLLOVERRIDES=mscoree,mshtml=;rstrtmgr=n,b", "WUD_PLANT_MARKERS=" + markers};
    const ProcessRun process = runProcess(exe, {"reset-cache", "--json"}, options);
    REQUIRE(process.started);
    const CliRun reset{process.exit, process.out, process.err};
    INFO(describe(reset));
    CHECK(reset.exit == 1);
    CHECK_FALSE(machine().fileExists(markers + "\\rstrtmgr.dll.loaded"));
    // ... while the one in System32 was asked (Wine's stub names nobody; "could not be asked" if it failed to load).
    std::string logs;
    if (const auto entries = machine().listFolder(folder + "\\wudoctor-logs"))
        for (const DirEntry& e : *entries)
            if (e.name.ends_with(".log")) logs += machine().readFile(folder + "\\wudoctor-logs\\" + e.name).value_or("");
    CHECK(logs.find("qmgr0.dat is in use: asked the Restart Manager about 1 file(s): nobody named") != std::string::npos);
    const json doc = reset.parsed();
    CHECK(doc.at("ok") == false);
    REQUIRE(doc.at("locked").is_object());
    CHECK(doc.at("locked").at("path") == downloader() + "\\qmgr0.dat");
    CHECK(doc.at("message").get<std::string>().find("is in use by another program") != std::string::npos);
    CHECK(doc.at("message").get<std::string>().find("put back") != std::string::npos);
    CHECK(doc.at("advice").get<std::string>().find("reset-cache again") != std::string::npos);
    CHECK(doc.at("moved").empty());
    CHECK(doc.at("rolled_back").size() == 2);
    // Nothing stays moved.
    CHECK(snapshot(softwareDistribution()) == sd);
    CHECK(snapshot(catroot2()) == cat);
    CHECK(backups().empty());
    servicesAsTheyBegan(before);
}

TEST_CASE("reset-cache is refused while a restart is pending, and changes nothing", "[reset-cache]") {
    PrefixGuard guard;
    plantCache("pending");
    const auto sd = snapshot(softwareDistribution());
    const auto before = services();
    UniqueHkey reboot;
    REQUIRE(::RegCreateKeyExW(HKEY_LOCAL_MACHINE, kRebootPending, 0, nullptr, 0, KEY_WRITE | KEY_WOW64_64KEY, nullptr,
                              reboot.put(), nullptr) == ERROR_SUCCESS);

    const CliRun reset = runCli({"reset-cache"});
    INFO(describe(reset));
    CHECK(reset.exit == 7);
    CHECK(reset.out.find("a restart is pending (finding restart-pending)") != std::string::npos);
    CHECK(reset.out.find("RebootPending exists") != std::string::npos);
    CHECK(reset.out.find("Next step: Restart the PC") != std::string::npos);
    CHECK(snapshot(softwareDistribution()) == sd);
    CHECK(backups().empty());
    CHECK_FALSE(machine().fileExists(journalFile()));
    for (const std::string& s : kRunning) CHECK(scm().query(s).snapshot.pid == before.at(s).pid);  // untouched
    const CliRun asJson = runCli({"reset-cache", "--json"});
    CHECK(asJson.exit == 7);
    CHECK(asJson.parsed().at("refused") == true);
    CHECK(asJson.parsed().at("findings").at(0).at("id") == "restart-pending");
}

TEST_CASE("reset-cache shows what it will do and the space the backups take; --remove-old-backups keeps the last reset's", "[reset-cache]") {
    PrefixGuard guard;
    plantCache("one");
    const CliRun first = runCli({"reset-cache"});
    INFO(describe(first));
    REQUIRE(first.exit == 0);
    // The plan comes before the result.
    const auto plan = first.out.find("WU Doctor will:");
    const auto done = first.out.find("Reset the Windows Update cache (undo: wudoctor undo 1)");
    REQUIRE(plan != std::string::npos);
    REQUIRE(done != std::string::npos);
    CHECK(plan < done);
    CHECK(first.out.find("1. stop Update Orchestrator (UsoSvc)") != std::string::npos);
    CHECK(first.out.find("3. stop Background Intelligent Transfer (BITS) (already stopped)") != std::string::npos);
    CHECK(first.out.find("Backups of the Windows Update cache take ") != std::string::npos);
    const auto firstBackups = backups();
    REQUIRE(firstBackups.size() == 4);

    writeFile(softwareDistribution() + "\\Download\\new.cab", "two");  // Windows downloaded again
    writeFile(catroot2() + "\\catdb", "two");
    const CliRun second = runCli({"reset-cache", "--json"});
    INFO(describe(second));
    REQUIRE(second.exit == 0);
    const std::string sdSecond = second.parsed().at("moved").at(0).at("to");
    CHECK(backups().size() == 6);

    const CliRun remove = runCli({"reset-cache", "--remove-old-backups", "--json"});
    INFO(describe(remove));
    REQUIRE(remove.exit == 0);
    const json doc = remove.parsed();
    CHECK(doc.at("removed").size() == 2);  // the first SoftwareDistribution and catroot2 backups
    CHECK(doc.at("kept").size() == 4);     // the second's two, and the only qmgr backups
    CHECK(machine().readFile(sdSecond + "\\Download\\new.cab") == "two");
    // backups() lists SoftwareDistribution's, then catroot2's, then the qmgr files'.
    CHECK_FALSE(machine().pathExists(firstBackups[0]));
    CHECK_FALSE(machine().pathExists(firstBackups[1]));
    CHECK(machine().pathExists(firstBackups[2]));
    CHECK(machine().pathExists(firstBackups[3]));
    CHECK(backups().size() == 4);
    // The first reset's undo now says why it cannot put back the folders whose backup went.
    const CliRun undo = runCli({"undo", "1"});
    INFO(describe(undo));
    CHECK(undo.exit == 1);
    CHECK(undo.out.find("deleted on request") != std::string::npos);
}

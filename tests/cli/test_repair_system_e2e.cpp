// Black-box tests of `wudoctor repair-system` under Wine, through the real wudoctor.com.
//
// Wine has no dismapi.dll and no sfc.exe (and its dism.exe is a stub that exits 0), so the tests plant stand-ins
// where Windows keeps the real ones — the test prefix's System32, the only place WU Doctor takes them from — and
// remove them after: tests/fixtures/standin_dismapi.c (built against MinGW's dismapi.h, exporting what WU Doctor
// calls) and standin_sfc.c (UTF-16 output, CR-separated localized progress, [SR] lines appended to the prefix's
// CBS.log). Each test scripts them through C:\wud-standin\dism.txt and sfc.txt, and reads what they recorded
// (every DISM call, each progress step, a Cancel seen) — so a test waits for a state, never for time. Without the
// stand-ins, plain Wine must say "not available", never "healthy".
#include "cli_e2e_main.hpp"

#include "wud/text.hpp"
#include "wud/win32/handle.hpp"

#include <optional>

using Catch::Matchers::Contains;

namespace {

const std::string kStandinDir = "C:\\wud-standin";
constexpr const wchar_t* kRebootPending =
    LR"(SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)";
constexpr const wchar_t* kCurrentVersion = LR"(SOFTWARE\Microsoft\Windows NT\CurrentVersion)";

std::string windowsDirectory() {
    wchar_t buffer[MAX_PATH];
    const UINT n = ::GetSystemWindowsDirectoryW(buffer, MAX_PATH);
    return narrow(std::wstring_view(buffer, n));
}
std::string cbsLog() { return windowsDirectory() + "\\Logs\\CBS\\CBS.log"; }
std::string logFile() {
    const std::string exe = env("WUD_CLI_EXE");
    return exe.substr(0, exe.find_last_of('\\')) + "\\wudoctor-logs\\wudoctor.log";
}

bool exists(const std::string& path) { return ::GetFileAttributesW(widen(path).c_str()) != INVALID_FILE_ATTRIBUTES; }

void writeText(const std::string& path, const std::string& text) {
    const UniqueFile file(::CreateFileW(widen(path).c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr, CREATE_ALWAYS,
                                        FILE_ATTRIBUTE_NORMAL, nullptr));
    REQUIRE(file);
    DWORD written = 0;
    REQUIRE(::WriteFile(file.get(), text.data(), static_cast<DWORD>(text.size()), &written, nullptr));
}

std::optional<std::wstring> readRegString(const wchar_t* key, const wchar_t* name) {
    wchar_t buffer[256];
    DWORD bytes = sizeof buffer;
    if (::RegGetValueW(HKEY_LOCAL_MACHINE, key, name, RRF_RT_REG_SZ, nullptr, buffer, &bytes) !=
        ERROR_SUCCESS)
        return std::nullopt;
    return std::wstring(buffer);
}

void setRegString(const wchar_t* key, const wchar_t* name, const std::wstring& value) {
    REQUIRE(::RegSetKeyValueW(HKEY_LOCAL_MACHINE, key, name, REG_SZ, value.c_str(),
                              static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS);
}

/// The stand-ins in the prefix's System32 for one test, scripted; on the way out the prefix is put back as it was:
/// the stand-ins, their scripts and records gone, CBS.log, EditionID and the RebootPending key as before.
class StandIns {
public:
    explicit StandIns(bool install = true) {
        ::CreateDirectoryW(widen(kStandinDir).c_str(), nullptr);
        for (const char* name : {"dism.txt", "sfc.txt", "dism-record.txt", "sfc-record.txt"}) remove(kStandinDir + "\\" + name);
        if (exists(cbsLog())) savedLog_ = readText(cbsLog());
        edition_ = readRegString(kCurrentVersion, L"EditionID");
        if (!install) return;
        const std::string dll = windowsPath(env("WUD_STANDIN_DISMAPI")), sfc = windowsPath(env("WUD_STANDIN_SFC"));
        INFO("stand-ins: " << dll << ", " << sfc);
        REQUIRE(::CopyFileW(widen(dll).c_str(), widen(dismapi()).c_str(), FALSE));
        REQUIRE(::CopyFileW(widen(sfc).c_str(), widen(sfcExe()).c_str(), FALSE));
    }
    ~StandIns() {
        remove(dismapi());
        remove(sfcExe());
        for (const char* name : {"dism.txt", "sfc.txt", "dism-record.txt", "sfc-record.txt"}) remove(kStandinDir + "\\" + name);
        if (savedLog_) {
            const UniqueFile file(::CreateFileW(widen(cbsLog()).c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr,
                                                CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr));
            DWORD written = 0;
            if (file) ::WriteFile(file.get(), savedLog_->data(), static_cast<DWORD>(savedLog_->size()), &written, nullptr);
        } else {
            remove(cbsLog());
        }
        if (edition_) ::RegSetKeyValueW(HKEY_LOCAL_MACHINE, kCurrentVersion, L"EditionID", REG_SZ, edition_->c_str(),
                                        static_cast<DWORD>((edition_->size() + 1) * sizeof(wchar_t)));
        else ::RegDeleteKeyValueW(HKEY_LOCAL_MACHINE, kCurrentVersion, L"EditionID");
        ::RegDeleteKeyExW(HKEY_LOCAL_MACHINE, kRebootPending, KEY_WOW64_64KEY, 0);
    }
    StandIns(const StandIns&) = delete;
    StandIns& operator=(const StandIns&) = delete;

    void dism(const std::string& script) { writeText(kStandinDir + "\\dism.txt", script); }
    void sfc(const std::string& script) { writeText(kStandinDir + "\\sfc.txt", script); }
    static std::string dismRecord() { return readText(kStandinDir + "\\dism-record.txt"); }
    static std::string sfcRecord() { return readText(kStandinDir + "\\sfc-record.txt"); }
    static std::string dismapi() { return system32() + "\\dismapi.dll"; }
    static std::string sfcExe() { return system32() + "\\sfc.exe"; }

private:
    static void remove(const std::string& path) { ::DeleteFileW(widen(path).c_str()); }
    std::optional<std::string> savedLog_;
    std::optional<std::wstring> edition_;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// `repair-system --json`, with Ctrl+C pressed once DISM is repairing (the stand-in has reported its third step):
/// a state, never a time. The test fails when the run ended before the press.
CliRun runPressingCtrlCDuringRepair() {
    bool pressed = false;
    CliRun run = runCli({"repair-system", "--json"}, {}, {}, [&](const PROCESS_INFORMATION& process) {
        waitUntil([] { return has(StandIns::dismRecord(), "progress restore 3\r\n"); }, 60s);
        if (::WaitForSingleObject(process.hProcess, 0) == WAIT_TIMEOUT) pressed = pressCtrlC(process);
    });
    REQUIRE(pressed);
    return run;
}

/// Runs repair-system with --json and checks the document's shape; the test fails quoting the run otherwise.
json repairJson(const CliRun& run) {
    INFO(describe(run));
    json doc = run.parsed();
    CHECK(doc["command"] == "repair-system");
    CHECK(doc["exit_code"] == run.exit);
    for (const char* field : {"verdict", "ok", "refused", "message", "advice", "findings", "dism", "sfc", "sources"})
        CHECK(doc.contains(field));
    for (const char* field : {"outcome", "health", "hresult", "dism_message", "sources", "limit_access", "cancel_ignored",
                              "message", "advice", "duration_ms"})
        CHECK(doc["dism"].contains(field));
    for (const char* field : {"outcome", "ran", "mode", "exit_code", "files", "sfc_said", "cbs_log", "log_restarted",
                              "cancel_asked", "message", "advice", "duration_ms"})
        CHECK(doc["sfc"].contains(field));
    return doc;
}


/// An [SR] line for the sfc stand-in's script.
std::string sr(const std::string& text) { return "sr=" + text + "\n"; }

}  // namespace

TEST_CASE("repair-system e2e: plain Wine (no dismapi.dll, no sfc.exe) is 'not available', exit 1, never healthy",
          "[repair-system]") {
    StandIns prefix(false);
    REQUIRE_FALSE(exists(StandIns::dismapi()));
    REQUIRE_FALSE(exists(StandIns::sfcExe()));
    const CliRun run = runCli({"repair-system", "--json"});
    INFO(describe(run));
    CHECK(run.exit == 1);
    const json doc = repairJson(run);
    CHECK(doc["verdict"] == "not_available");
    CHECK(doc["ok"] == false);
    CHECK(doc["dism"]["outcome"] == "not_available");
    CHECK_THAT(doc["dism"]["message"].get<std::string>(), Contains("dismapi.dll"));
    CHECK(doc["sfc"]["outcome"] == "not_available");
    CHECK(doc["sfc"]["ran"] == false);

    const CliRun text = runCli({"repair-system"});
    INFO(describe(text));
    CHECK(text.exit == 1);
    CHECK_THAT(text.out, Contains("not available on this system"));
    CHECK_THAT(readText(logFile()), Contains("result command=repair-system exit_code=1 verdict=not_available"));
}

TEST_CASE("repair-system e2e: a healthy PC: DISM scans, SFC finds nothing, exit 0; every DISM session is closed",
          "[repair-system]") {
    StandIns prefix;
    prefix.dism("health=healthy\nsteps=4\n");
    // German Windows: "Überprüfung 50 % abgeschlossen." — the percentage is read whatever the language.
    prefix.sfc("progress=\xC3\x9C" "berpr\xC3\xBC" "fung {} % abgeschlossen.\npercents=0,50,100\n"
               "final=Der Windows-Ressourcenschutz hat keine Integrit\xC3\xA4tsverletzungen gefunden.\n");
    const CliRun run = runCli({"repair-system", "--json"});
    const json doc = repairJson(run);
    CHECK(run.exit == 0);
    CHECK(doc["verdict"] == "healthy");
    CHECK(doc["dism"]["outcome"] == "healthy");
    CHECK(doc["dism"]["health"] == "healthy");
    CHECK(doc["sfc"]["outcome"] == "healthy");
    CHECK(doc["sfc"]["ran"] == true);
    CHECK(doc["sfc"]["mode"] == "scannow");
    CHECK(doc["sfc"]["files"].empty());
    CHECK_THAT(doc["sfc"]["sfc_said"].get<std::string>(), Contains("Integrit\xC3\xA4tsverletzungen"));
    const std::string calls = StandIns::dismRecord();
    INFO(calls);
    CHECK(has(calls, "DismOpenSession image=DISM_{53BFAE52-B167-4E2F-A258-0A37B57FF845} windir=null drive=null"));
    CHECK(has(calls, "DismCheckImageHealth session=7 scan=1 cancel_event=set"));
    CHECK_FALSE(has(calls, "DismRestoreImageHealth"));
    CHECK(has(calls, "DismCloseSession session=7\r\nDismShutdown"));
    CHECK(has(StandIns::sfcRecord(), "args /scannow"));
    // Not a console: plain progress lines on stderr, with SFC's German percentage read.
    CHECK_THAT(run.err, Contains("Scanning Windows' component store (DISM): 100%"));
    CHECK_THAT(run.err, Contains("Checking and repairing Windows' system files (SFC): 50%"));
    CHECK_THAT(run.err, Contains("SFC cannot be stopped safely once it has started"));
}

TEST_CASE("repair-system e2e: a repairable store is repaired from Windows Update (no source, LimitAccess off), exit 0",
          "[repair-system]") {
    StandIns prefix;
    prefix.dism("health=repairable\n");
    const CliRun run = runCli({"repair-system", "--json"});
    const json doc = repairJson(run);
    CHECK(run.exit == 0);
    CHECK(doc["verdict"] == "repaired");
    CHECK(doc["dism"]["outcome"] == "repaired");
    CHECK(doc["dism"]["limit_access"] == false);
    CHECK(has(StandIns::dismRecord(), "DismRestoreImageHealth session=7 count=0 limit=0"));
    CHECK(has(StandIns::dismRecord(), "progress restore 5"));
    CHECK_THAT(doc["advice"].get<std::string>(), Contains("Restart the computer"));
}

TEST_CASE("repair-system e2e: a store DISM cannot repair: no repair tried, exit 1, a repair install as next step",
          "[repair-system]") {
    StandIns prefix;
    prefix.dism("health=nonrepairable\n");
    const CliRun run = runCli({"repair-system"});
    INFO(describe(run));
    CHECK(run.exit == 1);
    CHECK_THAT(run.out, Contains("cannot repair"));
    CHECK_THAT(run.out, Contains("https://www.microsoft.com/software-download"));
    CHECK_THAT(run.out, Contains("Keep personal files and apps"));
    CHECK_FALSE(has(StandIns::dismRecord(), "DismRestoreImageHealth"));
    CHECK(has(StandIns::dismRecord(), "DismShutdown"));
}

TEST_CASE("repair-system e2e: 0x800F081F says how to give a source; with --source (a mounted ISO's install.wim) it "
          "repairs", "[repair-system]") {
    StandIns prefix;
    prefix.dism("health=repairable\nrestore_hr=0x800F081F\nrestore_hr_with_sources=0\nimages=Core:1,Professional:6\n"
                "error=The source files could not be found.\n");
    const CliRun missing = runCli({"repair-system", "--json"});
    json doc = repairJson(missing);
    CHECK(missing.exit == 1);
    CHECK(doc["dism"]["outcome"] == "source_missing");
    CHECK(doc["dism"]["hresult"] == "0x800F081F");
    CHECK(doc["dism"]["dism_message"] == "The source files could not be found.");
    CHECK_THAT(doc["dism"]["advice"].get<std::string>(), Contains("--source X:\\sources\\install.wim"));
    // DISM's own words reach the log.
    CHECK_THAT(readText(logFile()), Contains("dism_message=\"The source files could not be found.\""));

    // A mounted ISO, as a folder with sources\install.wim; this PC is Professional: image 6 first.
    const std::string iso = kStandinDir + "\\iso";
    ::CreateDirectoryW(widen(iso).c_str(), nullptr);
    ::CreateDirectoryW(widen(iso + "\\sources").c_str(), nullptr);
    writeText(iso + "\\sources\\install.wim", std::string("MSWIM\0", 6));
    setRegString(kCurrentVersion, L"EditionID", L"Professional");
    const CliRun repaired = runCli({"repair-system", "--source", iso, "--json"});
    doc = repairJson(repaired);
    CHECK(repaired.exit == 0);
    CHECK(doc["verdict"] == "repaired");
    CHECK(doc["sources"] == json::array({iso}));
    CHECK(doc["dism"]["limit_access"] == true);
    const std::string calls = StandIns::dismRecord();
    INFO(calls);
    CHECK(has(calls, "DismRestoreImageHealth session=7 count=2 limit=1\r\nsource wim:" + iso +
                         "\\sources\\install.wim:6\r\nsource wim:" + iso + "\\sources\\install.wim:1"));
    ::DeleteFileW(widen(iso + "\\sources\\install.wim").c_str());
    ::RemoveDirectoryW(widen(iso + "\\sources").c_str());
    ::RemoveDirectoryW(widen(iso).c_str());
}

TEST_CASE("repair-system e2e: a --source that is not there, or is not a full path, is a usage error: exit 2, nothing run",
          "[repair-system]") {
    StandIns prefix;
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"repair-system", "--source", "Q:\\no\\such\\install.wim", "--json"},
          std::vector<std::string>{"repair-system", "--source", "install.wim"},
          std::vector<std::string>{"repair-system", "--scan-only", "--source", "C:\\"}}) {
        const CliRun run = runCli(args);
        INFO(describe(run));
        CHECK(run.exit == 2);
        CHECK(run.out.empty());
        CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    }
    CHECK(StandIns::dismRecord().empty());  // DISM was never even initialized
    CHECK(StandIns::sfcRecord().empty());
}

TEST_CASE("repair-system e2e: Ctrl+C during DISM's slow repair stops it; SFC does not start; exit 1", "[repair-system]") {
    StandIns prefix;
    prefix.dism("health=repairable\nrestore_steps=300\nrestore_step_ms=100\n");  // 30 s of repair unless stopped
    const CliRun run = runPressingCtrlCDuringRepair();
    const json doc = repairJson(run);
    CHECK(run.exit == 1);
    CHECK(doc["verdict"] == "cancelled");
    CHECK(doc["dism"]["outcome"] == "cancelled");
    CHECK(doc["sfc"]["outcome"] == "skipped");
    CHECK(doc["sfc"]["ran"] == false);
    const std::string calls = StandIns::dismRecord();
    INFO(calls);
    CHECK(has(calls, "cancel-seen restore"));
    CHECK_FALSE(has(calls, "progress restore 300"));
    CHECK(has(calls, "DismCloseSession session=7\r\nDismShutdown"));
    CHECK(StandIns::sfcRecord().empty());
    CHECK(run.elapsed < 25s);
    CHECK_THAT(run.err, Contains("Cancelling"));
}

TEST_CASE("repair-system e2e: a Ctrl+C DISM cannot honour: it finishes, the result says so, SFC is not started",
          "[repair-system]") {
    StandIns prefix;
    // 60 s of repair, unless a Cancel comes: then, past the point where it can stop, it finishes at once.
    prefix.dism("health=repairable\nrestore_steps=600\nrestore_step_ms=100\ncancel=ignore\n");
    const CliRun run = runPressingCtrlCDuringRepair();
    const json doc = repairJson(run);
    CHECK(run.exit == 1);
    CHECK(doc["dism"]["outcome"] == "repaired");
    CHECK(doc["dism"]["cancel_ignored"] == true);
    CHECK_THAT(doc["dism"]["message"].get<std::string>(), Contains("gone too far to stop"));
    CHECK(doc["verdict"] == "cancelled");
    CHECK(has(StandIns::dismRecord(), "cancel-seen restore"));
    CHECK(has(StandIns::dismRecord(), "progress restore 600"));
    CHECK(StandIns::sfcRecord().empty());
    CHECK(run.elapsed < 50s);
}

TEST_CASE("repair-system e2e: SFC repairing one named file and unable to repair another names both, exit 1",
          "[repair-system]") {
    StandIns prefix;
    prefix.sfc(sr("Verifying 100 components") +
               sr("Repairing corrupted file \\??\\C:\\windows\\system32\\\\wuaueng.dll from store") +
               sr("Cannot repair member file [l:10]'usosvc.dll' of Microsoft-Windows-UpdateOrchestrator, version "
                  "10.0.19041.1, arch amd64, nonSxS in the store, hash mismatch") +
               sr("Repair complete") + "exit=0\n");
    const CliRun text = runCli({"repair-system"});
    INFO(describe(text));
    CHECK(text.exit == 1);
    CHECK_THAT(text.out, Contains("repaired      C:\\windows\\system32\\wuaueng.dll"));
    CHECK_THAT(text.out, Contains("NOT repaired  usosvc.dll  (Microsoft-Windows-UpdateOrchestrator)"));

    prefix.sfc(sr("Repairing corrupted file \\??\\C:\\windows\\system32\\\\wuaueng.dll from store") + sr("Repair complete"));
    const CliRun run = runCli({"repair-system", "--json"});
    const json doc = repairJson(run);
    CHECK(run.exit == 0);
    CHECK(doc["verdict"] == "repaired");
    REQUIRE(doc["sfc"]["files"].size() == 1);  // the earlier run's lines are in CBS.log too, and not counted
    CHECK(doc["sfc"]["files"][0] == json{{"name", "wuaueng.dll"}, {"path", "C:\\windows\\system32\\wuaueng.dll"},
                                         {"component", nullptr}, {"result", "repaired"}});
}

TEST_CASE("repair-system e2e: an old CBS.log's [SR] lines are never reported", "[repair-system]") {
    StandIns prefix;
    ::CreateDirectoryW(widen(windowsDirectory() + "\\Logs").c_str(), nullptr);
    ::CreateDirectoryW(widen(windowsDirectory() + "\\Logs\\CBS").c_str(), nullptr);
    writeText(cbsLog(), "2020-01-01 10:00:00, Info CSI 00000001 [SR] Cannot repair member file [l:7]'old.dll' of "
                        "Old-Component, version 1 in the store, hash mismatch\r\n"
                        "2020-01-01 10:00:01, Info CSI 00000002 [SR] Repair complete\r\n");
    const CliRun run = runCli({"repair-system", "--json"});
    const json doc = repairJson(run);
    CHECK(run.exit == 0);
    CHECK(doc["sfc"]["outcome"] == "healthy");
    CHECK(doc["sfc"]["files"].empty());
    CHECK_THAT(readText(cbsLog()), Contains("old.dll"));  // still there: read past, not removed
}

TEST_CASE("repair-system e2e: SFC that leaves no result is 'failed' with its own words, never healthy", "[repair-system]") {
    StandIns prefix;
    prefix.sfc("sr=\nfinal=Windows Resource Protection could not start the repair service.\nexit=1\n");
    const CliRun run = runCli({"repair-system", "--json"});
    const json doc = repairJson(run);
    CHECK(run.exit == 1);
    CHECK(doc["sfc"]["outcome"] == "failed");
    CHECK(doc["sfc"]["exit_code"] == 1);
    CHECK_THAT(doc["sfc"]["message"].get<std::string>(), Contains("could not start the repair service"));
    CHECK(doc["verdict"] == "failed");
}

TEST_CASE("repair-system e2e: --scan-only never repairs, runs sfc /verifyonly, and exits 1 on damage", "[repair-system]") {
    StandIns prefix;
    prefix.dism("health=repairable\n");
    prefix.sfc(sr("Cannot repair member file [l:10]'usosvc.dll' of Microsoft-Windows-UpdateOrchestrator, v in the store") +
               sr("Verify complete"));
    const CliRun run = runCli({"repair-system", "--scan-only", "--json"});
    const json doc = repairJson(run);
    CHECK(run.exit == 1);
    CHECK(doc["scan_only"] == true);
    CHECK(doc["dism"]["outcome"] == "repairable");
    CHECK(doc["sfc"]["outcome"] == "corrupt");
    CHECK(doc["sfc"]["mode"] == "verifyonly");
    CHECK(doc["sfc"]["files"][0]["result"] == "corrupt");
    CHECK_FALSE(has(StandIns::dismRecord(), "DismRestoreImageHealth"));
    CHECK(has(StandIns::sfcRecord(), "args /verifyonly"));

    prefix.dism("health=healthy\n");
    prefix.sfc("");
    CHECK(runCli({"repair-system", "--scan-only"}).exit == 0);
}

TEST_CASE("repair-system e2e: refused while a restart is pending (restart-pending): exit 7, nothing run", "[repair-system]") {
    StandIns prefix;
    UniqueHkey key;
    REQUIRE(::RegCreateKeyExW(HKEY_LOCAL_MACHINE, kRebootPending, 0, nullptr, 0, KEY_WRITE | KEY_WOW64_64KEY, nullptr,
                              key.put(), nullptr) == ERROR_SUCCESS);
    const CliRun run = runCli({"repair-system", "--json"});
    const json doc = repairJson(run);
    CHECK(run.exit == 7);
    CHECK(doc["refused"] == true);
    CHECK(doc["verdict"] == "restart_pending");
    REQUIRE(doc["findings"].size() == 1);
    CHECK(doc["findings"][0]["id"] == "restart-pending");
    CHECK(doc["dism"]["outcome"] == "skipped");
    CHECK(StandIns::dismRecord().empty());
    CHECK(StandIns::sfcRecord().empty());

    const CliRun text = runCli({"repair-system"});
    INFO(describe(text));
    CHECK(text.exit == 7);
    CHECK_THAT(text.out, Contains("RebootPending exists"));
}

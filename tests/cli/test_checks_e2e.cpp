// Black-box tests of `wudoctor check / repair / undo` under Wine: the real blocker leftovers are planted in the
// test prefix — policy values in the registry, Wine's own Windows Update service binary renamed away (which
// really stops wuauserv from starting there), hosts lines, a pending-restart key, a Disabled start type — then
// the real wudoctor.com finds each with its evidence, repairs it (and Wine's wuauserv starts again), and undo
// restores the planted state byte for byte. Run by e2e.sh (WUD_CLI_EXE: a copy of the exe in a writable folder,
// whose wudoctor-logs folder holds the journal).
//
// What Wine cannot show — a domain-joined PC, a disabled UpdateOrchestrator task (Wine 8's Task Scheduler cannot
// list a folder's tasks: IRegisteredTaskCollection::get_Count is E_NOTIMPL) — is covered by the unit tests'
// FakeMachineAccess (core/testing).
#include "cli_e2e_main.hpp"

#include "wud/machine_access.hpp"
#include "wud/win32/machine_access.hpp"
#include "wud/win32/service_manager.hpp"

#include <algorithm>
#include <optional>

namespace {

constexpr const char* kWu = R"(HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate)";
constexpr const char* kAu = R"(HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU)";
constexpr const char* kUx = R"(HKLM\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings)";
constexpr const wchar_t* kRebootPending =
    LR"(SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)";

/// Runs the CLI copy with args.

std::string hostsFile() { return system32() + "\\drivers\\etc\\hosts"; }
std::string wuauservExe() { return system32() + "\\wuauserv.exe"; }

void stopWuauserv() {
    const ServiceSnapshot now = scm().query("wuauserv").snapshot;
    if (now.state == ServiceState::Stopped) return;
    scm().stop("wuauserv");
    if (waitForState(scm(), "wuauserv", ServiceState::Stopped, 10s).state != ServiceState::Stopped) killProcess(now.pid);
    waitForState(scm(), "wuauserv", ServiceState::Stopped, 10s);
}

/// Puts the prefix back as it was, whatever a test did: the values and keys planted here, the hosts file,
/// wuauserv.exe, wuauserv's start type, the journal.
class PrefixGuard {
public:
    PrefixGuard() : hosts_(machine().readFile(hostsFile()).value_or("")) {
        ::DeleteFileW(widen(journalFile()).c_str());
    }
    ~PrefixGuard() {
        for (const auto& [key, name] : std::vector<std::pair<std::string, std::string>>{
                 {kWu, "WUServer"}, {kWu, "WUStatusServer"}, {kAu, "UseWUServer"},
                 {kWu, "DoNotConnectToWindowsUpdateInternetLocations"}, {kUx, "PauseUpdatesExpiryTime"},
                 {kAu, "NoAutoUpdate"}})
            machine().deleteValue(key, name);
        ::RegDeleteKeyExW(HKEY_LOCAL_MACHINE, kRebootPending, KEY_WOW64_64KEY, 0);
        machine().replaceFile(hostsFile(), hosts_);
        if (!machine().fileExists(wuauservExe())) machine().moveFile(wuauservExe() + ".bak", wuauservExe());
        scm().setStartType("wuauserv", StartType::Manual);
        stopWuauserv();
        ::DeleteFileW(widen(journalFile()).c_str());
    }
    PrefixGuard(const PrefixGuard&) = delete;
    PrefixGuard& operator=(const PrefixGuard&) = delete;
    const std::string& hosts() const { return hosts_; }

private:
    std::string hosts_;
};

bool evidenceHas(const json& finding, std::string_view text) {
    for (const json& e : finding.at("evidence"))
        if (e.get<std::string>().find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("check finds each planted blocker, repair fixes it (wuauserv starts again), undo restores it exactly", "[checks]") {
    PrefixGuard guard;
    stopWuauserv();

    // Plant what blocker tools leave.
    REQUIRE(machine().writeValue(kWu, "WUServer", regString(" ")) == 0);
    REQUIRE(machine().writeValue(kWu, "WUStatusServer", regString(" ")) == 0);
    REQUIRE(machine().writeValue(kAu, "UseWUServer", regDword(1)) == 0);
    REQUIRE(machine().writeValue(kWu, "DoNotConnectToWindowsUpdateInternetLocations", regDword(1)) == 0);
    REQUIRE(machine().writeValue(kUx, "PauseUpdatesExpiryTime", regString("2051-01-01T00:00:00Z")) == 0);
    const std::string plantedHosts = guard.hosts() + "0.0.0.0 update.microsoft.com\r\n0.0.0.0 dl.delivery.mp.microsoft.com\r\n";
    REQUIRE(machine().replaceFile(hostsFile(), plantedHosts) == 0);
    REQUIRE(machine().moveFile(wuauservExe(), wuauservExe() + ".bak") == 0);
    REQUIRE(scm().setStartType("wuauserv", StartType::Disabled) == 0);
    UniqueHkey reboot;
    REQUIRE(::RegCreateKeyExW(HKEY_LOCAL_MACHINE, kRebootPending, 0, nullptr, 0, KEY_WRITE | KEY_WOW64_64KEY, nullptr,
                              reboot.put(), nullptr) == ERROR_SUCCESS);
    const auto planted = [] {
        std::vector<std::optional<RegValue>> values;
        for (const auto& [key, name] : std::vector<std::pair<const char*, const char*>>{
                 {kWu, "WUServer"}, {kWu, "WUStatusServer"}, {kAu, "UseWUServer"},
                 {kWu, "DoNotConnectToWindowsUpdateInternetLocations"}, {kUx, "PauseUpdatesExpiryTime"}})
            values.push_back(machine().readValue(key, name));
        return values;
    };
    const auto plantedValues = planted();
    // Planted for real: Wine's Windows Update service no longer starts.
    scm().start("wuauserv");
    CHECK(scm().query("wuauserv").snapshot.state != ServiceState::Running);

    const CliRun check = runCli({"check", "--json"});
    INFO(describe(check));
    CHECK(check.exit == 6);
    const json doc = check.parsed();
    CHECK(doc.at("command") == "check");
    const json& server = requireFinding(doc, "policy.wuserver");
    CHECK(evidenceHas(server, R"(WindowsUpdate\WUServer = " " (REG_SZ))"));
    CHECK(evidenceHas(server, R"(AU\UseWUServer = 1 (REG_DWORD))"));
    REQUIRE(findingIn(doc, "policy.do-not-connect") != nullptr);
    CHECK(evidenceHas(requireFinding(doc, "pause.too-long"), "2051-01-01T00:00:00Z"));
    const json& hosts = requireFinding(doc, "hosts");
    CHECK(evidenceHas(hosts, "0.0.0.0 update.microsoft.com"));
    CHECK(evidenceHas(hosts, "0.0.0.0 dl.delivery.mp.microsoft.com"));
    const json& exe = requireFinding(doc, "file.wuauserv.exe");
    CHECK(evidenceHas(exe, "wuauserv.exe.bak is there"));
    const json& start = requireFinding(doc, "service.wuauserv.start-type");
    CHECK(start.at("severity") == "problem");
    const json& restart = requireFinding(doc, "restart-pending");
    CHECK(evidenceHas(restart, "RebootPending exists"));
    CHECK(restart.at("repairable") == false);

    const CliRun repair = runCli({"repair", "--all", "--json"});
    INFO(describe(repair));
    REQUIRE(repair.exit == 0);
    const json repaired = repair.parsed();
    CHECK(repaired.at("results").size() == 6);
    for (const json& r : repaired.at("results")) CHECK(r.at("ok") == true);
    CHECK(repaired.at("problems") == 0);
    CHECK_FALSE(machine().readValue(kWu, "WUServer"));
    CHECK_FALSE(machine().readValue(kAu, "UseWUServer"));
    CHECK_FALSE(machine().readValue(kWu, "DoNotConnectToWindowsUpdateInternetLocations"));
    CHECK_FALSE(machine().readValue(kUx, "PauseUpdatesExpiryTime"));
    CHECK(machine().readFile(hostsFile()) == guard.hosts());
    CHECK(machine().fileExists(wuauservExe()));
    CHECK_FALSE(machine().fileExists(wuauservExe() + ".bak"));
    CHECK(scm().query("wuauserv").snapshot.startType == StartType::Manual);
    CHECK(machine().keyExists(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)"));
    // The point of it all: Windows Update starts again.
    REQUIRE(scm().start("wuauserv") == 0);
    CHECK(waitForState(scm(), "wuauserv", ServiceState::Running, 10s).state == ServiceState::Running);
    stopWuauserv();

    const CliRun undo = runCli({"undo", "--all", "--json"});
    INFO(describe(undo));
    REQUIRE(undo.exit == 0);
    CHECK(undo.parsed().at("results").size() == 6);
    CHECK(planted() == plantedValues);  // type and bytes
    CHECK(machine().readFile(hostsFile()) == plantedHosts);
    CHECK_FALSE(machine().fileExists(wuauservExe()));
    CHECK(machine().fileExists(wuauservExe() + ".bak"));
    CHECK(scm().query("wuauserv").snapshot.startType == StartType::Disabled);
}

TEST_CASE("detect and remediate, Intune's pair, on planted blockers: detect says 1, remediate repairs them and runs "
          "Fix, detect then says 0; undo puts them back", "[checks][json-line]") {
    PrefixGuard guard;
    stopWuauserv();
    const std::string plantedHosts = guard.hosts() + "0.0.0.0 update.microsoft.com\r\n";
    REQUIRE(machine().replaceFile(hostsFile(), plantedHosts) == 0);
    REQUIRE(scm().setStartType("wuauserv", StartType::Disabled) == 0);
    // Intune keeps the last line of stdout: each run prints exactly one, and its exit code is the process's.
    const auto oneLine = [](const CliRun& run) {
        INFO(describe(run));
        REQUIRE(std::count(run.out.begin(), run.out.end(), '\n') == 1);
        CHECK(run.err.empty());
        const json line = run.parsed();
        CHECK(line.at("exit_code") == run.exit);
        return line;
    };

    const CliRun before = runCli({"detect", "--json-line"});
    const json sick = oneLine(before);
    CHECK(before.exit == 1);  // Intune: 1 = run the remediation
    CHECK(sick.at("needs_remediation") == true);

    const CliRun remediate = runCli({"remediate", "--json-line"});
    const json done = oneLine(remediate);
    CHECK(remediate.exit == 0);
    CHECK(done.at("verdict") == "remediated");
    const std::vector<std::string> repaired = done.at("repaired").get<std::vector<std::string>>();
    CHECK(std::find(repaired.begin(), repaired.end(), "hosts") != repaired.end());
    CHECK(std::find(repaired.begin(), repaired.end(), "service.wuauserv.start-type") != repaired.end());
    // On the machine, not in our output: the hosts file is clean, the start type back, and Fix left wuauserv running.
    CHECK(machine().readFile(hostsFile()) == guard.hosts());
    CHECK(scm().query("wuauserv").snapshot.startType == StartType::Manual);
    CHECK(waitForState(scm(), "wuauserv", ServiceState::Running, 10s).state == ServiceState::Running);

    const CliRun after = runCli({"detect", "--json-line"});
    CHECK(oneLine(after).at("needs_remediation") == false);
    CHECK(after.exit == 0);

    stopWuauserv();
    const CliRun undo = runCli({"undo", "--all", "--json"});
    INFO(describe(undo));
    REQUIRE(undo.exit == 0);
    CHECK(machine().readFile(hostsFile()) == plantedHosts);
    CHECK(scm().query("wuauserv").snapshot.startType == StartType::Disabled);
}

TEST_CASE("a real WSUS server is reported as managed and never touched", "[checks]") {
    PrefixGuard guard;
    REQUIRE(machine().writeValue(kWu, "WUServer", regString("https://wsus.corp.example:8531")) == 0);
    REQUIRE(machine().writeValue(kAu, "UseWUServer", regDword(1)) == 0);
    const CliRun check = runCli({"check", "--json"});
    INFO(describe(check));
    const json doc = check.parsed();
    CHECK(findingIn(doc, "policy.wuserver") == nullptr);
    const json& managed = requireFinding(doc, "policy.managed");
    CHECK(managed.at("repairable") == false);
    CHECK(runCli({"repair", "policy.managed"}).exit == 2);
    CHECK(runCli({"repair", "--all"}).exit == 0);
    CHECK(machine().readValue(kWu, "WUServer") == regString("https://wsus.corp.example:8531"));
    CHECK(machine().readValue(kAu, "UseWUServer") == regDword(1));
}

TEST_CASE("bad input: exit 2 and nothing changed", "[checks]") {
    PrefixGuard guard;
    REQUIRE(machine().writeValue(kWu, "WUServer", regString(" ")) == 0);
    REQUIRE(machine().writeValue(kAu, "UseWUServer", regDword(1)) == 0);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"repair", "no.such-finding"}, {"repair", "policy.wuserver", "no.such-finding"},
          {"repair"}, {"repair", "--all", "policy.wuserver"}, {"repair", "bad id!"}, {"undo", "999"}, {"undo", "x"},
          {"undo", "--last", "--all"}, {"check", "extra"}, {"check", "--computer", "PC-1"}}) {
        const CliRun r = runCli(args);
        INFO(describe(r));
        CHECK(r.exit == 2);
        CHECK(r.err.find("wudoctor: ") == 0);
    }
    CHECK(machine().readValue(kWu, "WUServer") == regString(" "));
    CHECK(machine().readValue(kAu, "UseWUServer") == regDword(1));
    CHECK_FALSE(machine().fileExists(journalFile()));
}

TEST_CASE("a journal from another PC is refused; a damaged journal undoes and repairs nothing", "[checks]") {
    PrefixGuard guard;
    REQUIRE(machine().writeValue(kAu, "NoAutoUpdate", regDword(1)) == 0);
    REQUIRE(runCli({"repair", "policy.no-auto-update"}).exit == 0);
    REQUIRE_FALSE(machine().readValue(kAu, "NoAutoUpdate"));
    // The same journal as if carried here from another PC on the stick.
    std::string text = machine().readFile(journalFile()).value_or("");
    const std::string guid = asString(*machine().readValue(R"(HKLM\SOFTWARE\Microsoft\Cryptography)", "MachineGuid")).value_or("");
    REQUIRE(!guid.empty());
    REQUIRE(text.find(guid) != std::string::npos);
    text.replace(text.find(guid), guid.size(), "00000000-1111-2222-3333-444444444444");
    REQUIRE(machine().replaceFile(journalFile(), text) == 0);

    const CliRun foreign = runCli({"undo", "1"});
    INFO(describe(foreign));
    CHECK(foreign.exit == 1);
    CHECK(foreign.out.find("another PC") != std::string::npos);
    CHECK_FALSE(machine().readValue(kAu, "NoAutoUpdate"));
    CHECK(runCli({"undo", "--all"}).exit == 0);  // nothing of this PC's to undo
    CHECK_FALSE(machine().readValue(kAu, "NoAutoUpdate"));

    REQUIRE(machine().replaceFile(journalFile(), "{\"format\": \"wudoctor-journal/1\", \"entries\": [") == 0);
    const CliRun damaged = runCli({"undo", "--all"});
    INFO(describe(damaged));
    CHECK(damaged.exit == 1);
    CHECK(damaged.err.find("cannot be used") != std::string::npos);
    REQUIRE(machine().writeValue(kAu, "NoAutoUpdate", regDword(1)) == 0);
    CHECK(runCli({"repair", "--all"}).exit == 1);
    CHECK(machine().readValue(kAu, "NoAutoUpdate") == regDword(1));
    machine().deleteValue(kAu, "NoAutoUpdate");
}

TEST_CASE("report includes the findings, in its text and its JSON", "[checks]") {
    PrefixGuard guard;
    REQUIRE(machine().writeValue(kWu, "DoNotConnectToWindowsUpdateInternetLocations", regDword(1)) == 0);
    const CliRun report = runCli({"report", "--json"});
    INFO(describe(report));
    const json doc = report.parsed();
    const json& finding = requireFinding(doc, "policy.do-not-connect");
    CHECK(evidenceHas(finding, "DoNotConnectToWindowsUpdateInternetLocations = 1 (REG_DWORD)"));
    CHECK(doc.at("report").get<std::string>().find("[policy.do-not-connect]") != std::string::npos);
    CHECK(machine().readValue(kWu, "DoNotConnectToWindowsUpdateInternetLocations") == regDword(1));  // read only
}

TEST_CASE("a service key denying SYSTEM is found, repaired and put back exactly", "[checks]") {
    // Wine stores a key's DACL but never enforces it: this shows the finding, the repair and the undo on the
    // stored permissions; that Windows then really lets SYSTEM in again is Windows' side (unit tests: the fake).
    PrefixGuard guard;
    const std::string key = R"(HKLM\SYSTEM\CurrentControlSet\Services\wuauserv)";
    const auto original = machine().keySecurity(key);
    REQUIRE(original);
    const std::string locked = "D:(D;CI;KA;;;SY)(A;CI;KA;;;BA)";
    REQUIRE(machine().setKeySecurity(key, locked) == 0);
    const auto planted = machine().keySecurity(key);
    REQUIRE(planted);
    struct Restore {
        std::string key, sddl;
        ~Restore() { machine().setKeySecurity(key, sddl); }
    } restore{key, *original};

    const CliRun check = runCli({"check", "--json"});
    INFO(describe(check));
    CHECK(check.exit == 6);
    const json doc = check.parsed();
    const json& finding = requireFinding(doc, "service.wuauserv.permissions");
    CHECK(evidenceHas(finding, "deny SYSTEM: (D;CI;KA;;;SY)"));
    const CliRun repair = runCli({"repair", "service.wuauserv.permissions"});
    INFO(describe(repair));
    REQUIRE(repair.exit == 0);
    CHECK(machine().keySecurity(key).value_or("").find(";;;SY)") == std::string::npos);
    REQUIRE(runCli({"undo", "--last"}).exit == 0);
    CHECK(machine().keySecurity(key) == planted);
}

TEST_CASE("WaaSMedicSvc's FailureActions: missing or without a restart is reported and repaired to Windows' value; a restart action is not reported", "[checks]") {
    // The prefix's WaaSMedicSvc is the fixture service; Wine's SCM keeps no failure actions, so the value is missing
    // there as after a "disable updates" tool deleted it. Planted here: the value with restart actions, then with
    // only "take no action" entries (winutil's edit), through the real registry; `check --json` reads it each time.
    const std::string key = R"(HKLM\SYSTEM\CurrentControlSet\Services\WaaSMedicSvc)";
    REQUIRE(machine().keyExists(key));
    struct Restore {
        std::string key;
        std::optional<RegValue> before;
        ~Restore() {
            if (before) machine().writeValue(key, "FailureActions", *before);
            else machine().deleteValue(key, "FailureActions");
        }
    } restore{key, machine().readValue(key, "FailureActions")};
    // Restart after 2 min, after 5 min, then none, as "re-enable updates" scripts write it back; winutil's
    // "disable updates" keeps the delays and sets every action to SC_ACTION_NONE (0).
    RegValue restarts{kRegBinary, {0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x14, 0, 0, 0,
                                   1, 0, 0, 0, 0xC0, 0xD4, 0x01, 0, 1, 0, 0, 0, 0xE0, 0x93, 0x04, 0, 0, 0, 0, 0, 0, 0, 0, 0}};
    const std::string id = "service.waasmedicsvc.failure-actions";

    machine().deleteValue(key, "FailureActions");
    const CliRun check = runCli({"check", "--json"});
    INFO(describe(check));
    const json checked = check.parsed();
    const json& missing = requireFinding(checked, id);
    CHECK(missing.at("severity") == "warning");
    CHECK(missing.at("repairable") == true);
    CHECK(evidenceHas(missing, R"(Services\WaaSMedicSvc\FailureActions is missing)"));

    // The repair writes Windows' own value (the 22621 manifest's bytes, the same as `restarts`), journal first;
    // undo takes it away again, as it was.
    const CliRun repair = runCli({"repair", id});
    INFO(describe(repair));
    REQUIRE(repair.exit == 0);
    CHECK(machine().readValue(key, "FailureActions") == restarts);
    CHECK(findingIn(runCli({"check", "--json"}).parsed(), id) == nullptr);
    const CliRun undo = runCli({"undo", "--last"});
    INFO(describe(undo));
    REQUIRE(undo.exit == 0);
    CHECK_FALSE(machine().readValue(key, "FailureActions"));

    REQUIRE(machine().writeValue(key, "FailureActions", restarts) == 0);
    const CliRun armed = runCli({"check", "--json"});
    INFO(describe(armed));
    CHECK(findingIn(armed.parsed(), id) == nullptr);

    RegValue none = restarts;
    none.data[20] = 0;  // SC_ACTION_NONE
    none.data[28] = 0;
    REQUIRE(machine().writeValue(key, "FailureActions", none) == 0);
    const CliRun report = runCli({"report", "--json"});
    INFO(describe(report));
    const json doc = report.parsed();
    const json& disarmed = requireFinding(doc, id);
    CHECK(evidenceHas(disarmed, "FailureActions = 44 bytes (REG_BINARY): 3 actions, none restarts the service"));
    CHECK(doc.at("report").get<std::string>().find("[" + id + "]") != std::string::npos);
    CHECK(machine().readValue(key, "FailureActions") == none);  // read only
}

TEST_CASE("scheduled tasks: Wine's real Task Scheduler is asked, and a folder it lacks is said, never hidden", "[checks]") {
    // Wine 8's Task Scheduler answers (CoCreateInstance, Connect, GetFolder) but has neither folder,
    // \Microsoft\Windows\UpdateOrchestrator nor ...\WaaSMedic: the check must say it could not check them (Info).
    const CliRun check = runCli({"check", "--json"});
    INFO(describe(check));
    const json doc = check.parsed();
    for (const auto& [id, folder] : std::vector<std::pair<std::string, std::string>>{
             {"tasks.updateorchestrator.could-not-check", R"(\Microsoft\Windows\UpdateOrchestrator)"},
             {"tasks.waasmedic.could-not-check", R"(\Microsoft\Windows\WaaSMedic)"}}) {
        const json& f = requireFinding(doc, id);
        CHECK(f.at("severity") == "info");
        CHECK(evidenceHas(f, folder + ": Task Scheduler has no such folder"));
    }
}

TEST_CASE("scheduled tasks: a folder Wine has but cannot list is said with Task Scheduler's error", "[checks]") {
    // A disabled "Schedule Scan" registered with Wine's own schtasks, where Windows keeps it. Wine 8 then opens the
    // folder (GetFolder, GetTasks) but cannot count its tasks (IRegisteredTaskCollection::get_Count is E_NOTIMPL,
    // dlls/taskschd), so the check must say it could not check, with that error — not stay silent. When Wine lists
    // tasks, this disabled task must turn into the "tasks.updateorchestrator" warning instead: change the test then.
    const std::string task = R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Scan)";
    wchar_t tempDir[MAX_PATH];
    const std::string xml = narrow(std::wstring_view(tempDir, ::GetTempPathW(MAX_PATH, tempDir))) + "wud-disabled-task.xml";
    REQUIRE(machine().replaceFile(xml, "<?xml version=\"1.0\"?>\r\n"
                                       "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\r\n"
                                       "  <Settings><Enabled>false</Enabled></Settings>\r\n"
                                       "  <Actions Context=\"Author\"><Exec><Command>C:\\windows\\system32\\cmd.exe</Command></Exec></Actions>\r\n"
                                       "</Task>\r\n") == 0);
    const std::string schtasks = system32() + "\\schtasks.exe";
    struct Remove {
        std::string schtasks, task, xml;
        ~Remove() {
            runProcess(schtasks, {"/delete", "/tn", task, "/f"});
            // Wine keeps task folders as folders under System32\Tasks: take the planted one away again.
            ::RemoveDirectoryW(widen(system32() + R"(\Tasks\Microsoft\Windows\UpdateOrchestrator)").c_str());
            ::DeleteFileW(widen(xml).c_str());
        }
    } remove{schtasks, task, xml};
    const ProcessRun created = runProcess(schtasks, {"/create", "/xml", xml, "/tn", task, "/f"});
    INFO("schtasks: exit " << created.exit << " " << created.out << created.err);
    REQUIRE(created.exit == 0);
    REQUIRE(machine().fileExists(system32() + R"(\Tasks\Microsoft\Windows\UpdateOrchestrator\Schedule Scan)"));

    const CliRun check = runCli({"check", "--json"});
    INFO(describe(check));
    const json doc = check.parsed();
    const json& f = requireFinding(doc, "tasks.updateorchestrator.could-not-check");
    CHECK(f.at("severity") == "info");
    CHECK(evidenceHas(f, R"(could not list the tasks in \Microsoft\Windows\UpdateOrchestrator (error 0x80004001))"));
    CHECK(findingIn(doc, "tasks.waasmedic.could-not-check") != nullptr);  // still no folder: said on its own
}

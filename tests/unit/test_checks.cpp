// The checks against an in-memory PC. Each case plants what a blocker tool (or Windows itself) leaves and asserts
// on the finding a user sees: its id, severity, evidence and whether a repair is offered. The "not a fault" cases
// (a real WSUS server, a domain-joined PC, a pause set in Settings, Wine's trigger-less Manual) are here too.
#include "fake_pc.hpp"

#include "wud/report.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <stdexcept>

using namespace wud;
using namespace wud::test;
using Catch::Matchers::Contains;
using Catch::Matchers::EndsWith;
using Catch::Matchers::StartsWith;

namespace {

Finding require(const std::vector<Finding>& findings, std::string_view id) {
    const Finding* f = findFinding(findings, id);
    INFO("finding " << id);
    for (const Finding& g : findings) INFO("have: " << g.id);
    REQUIRE(f != nullptr);
    return *f;
}

bool hasEvidence(const Finding& f, std::string_view text) {
    return std::any_of(f.evidence.begin(), f.evidence.end(), [&](const std::string& e) { return e.find(text) != std::string::npos; });
}

std::vector<std::string> deletedValues(const Finding& f) {
    std::vector<std::string> names;
    for (const Change& c : f.repair)
        if (const auto* r = std::get_if<RegistryChange>(&c); r && !r->after) names.push_back(r->name);
    return names;
}

}  // namespace

TEST_CASE("Checks: a stock Windows 10 22H2 / 11 23H2 PC has no problem and no warning (never a false alarm)", "[checks]") {
    // fake_pc.hpp builds it from the public records of stock installs: tasks Windows ships disabled, BITS on
    // Automatic (delayed) with its ESE queue, WaaSMedicSvc's manifest FailureActions, an antivirus's rename list.
    for (const std::uint32_t build : {kWindows10_22H2, kWindows11_23H2}) {
        FakePc pc(build);
        const auto findings = pc.check();
        INFO("build " << build);
        CHECK(ids(findings) == kStockFindings);  // the rename list, as information
        for (const Finding& f : findings) CHECK(f.severity == Severity::Info);
    }
}

TEST_CASE("Checks: BITS on Automatic (delayed) or Manual is Windows' own doing; Disabled is a problem", "[checks]") {
    // Microsoft Learn, "BITS Startup Type": BITS switches itself to delayed auto-start while it has jobs, and back to
    // Manual when it has none.
    FakePc pc;
    for (const StartType type : {StartType::AutomaticDelayed, StartType::Automatic, StartType::Manual}) {
        pc.scm.service("BITS").startType = type;
        CHECK(findFinding(pc.check(), "service.bits.start-type") == nullptr);
    }
    pc.scm.service("BITS").startType = StartType::Disabled;
    CHECK(require(pc.check(), "service.bits.start-type").severity == Severity::Problem);
}

TEST_CASE("Checks: every catalog service disabled is found: the verdict and Checks speak from the same findings", "[checks]") {
    // A disabled Windows Modules Installer: the window's verdict said "disabled" while Checks said "no problems found"
    // (e2e repair_confirm.png). Now the check finds it, with its repair.
    FakePc pc;
    pc.scm.service("TrustedInstaller").startType = StartType::Disabled;
    auto findings = pc.check();
    Finding f = require(findings, "service.trustedinstaller.start-type");
    CHECK(f.severity == Severity::Problem);
    CHECK_THAT(f.title, Contains("Windows Modules Installer (TrustedInstaller) is disabled"));
    CHECK(f.repair == std::vector<Change>{ServiceStartChange{"TrustedInstaller", StartType::Manual}});
    pc.scm.service("TrustedInstaller").startType = StartType::Manual;
    pc.scm.service("CryptSvc").startType = StartType::Disabled;
    CHECK(require(pc.check(), "service.cryptsvc.start-type").severity == Severity::Problem);
    pc.scm.service("CryptSvc").startType = StartType::Automatic;
    pc.scm.service("msiserver").startType = StartType::Disabled;  // only .msi-packaged updates need it
    CHECK(require(pc.check(), "service.msiserver.start-type").severity == Severity::Warning);
}

TEST_CASE("Checks: wumgr's blank update server is a problem with a repair", "[checks]") {
    // wumgr "Block access to WU": WUServer / WUStatusServer = " " and UseWUServer = 1.
    FakePc pc;
    plantWumgrBlock(pc.machine);
    const auto findings = pc.check();
    const Finding& f = require(findings, "policy.wuserver");
    CHECK(f.severity == Severity::Problem);
    CHECK(hasEvidence(f, R"(WindowsUpdate\WUServer = " " (REG_SZ))"));
    CHECK(hasEvidence(f, R"(WindowsUpdate\AU\UseWUServer = 1 (REG_DWORD))"));
    const auto deleted = deletedValues(f);
    CHECK(deleted == std::vector<std::string>{"WUServer", "WUStatusServer", "UseWUServer"});
    CHECK(countProblems(findings) == 1);
}

TEST_CASE("Checks: a real WSUS server is managed by the organisation, not a fault", "[checks]") {
    FakePc pc;
    plantUpdateServer(pc.machine, "https://wsus.corp.example:8531");
    pc.machine.setValue(kWuPolicyKey, "WUStatusServer", regString("https://wsus.corp.example:8531"));
    // WSUS setups also forbid Microsoft's servers: with a real server that is the organisation's choice.
    pc.machine.setValue(kWuPolicyKey, "DoNotConnectToWindowsUpdateInternetLocations", regDword(1));
    const auto findings = pc.check();
    REQUIRE(ids(findings) == std::vector<std::string>{"policy.managed", std::string(kPendingRenamesId)});
    const Finding& f = require(findings, "policy.managed");
    CHECK(f.severity == Severity::Info);
    CHECK(f.repair.empty());
    CHECK_THAT(f.title, Contains("managed by your organisation"));
    CHECK(hasEvidence(f, "wsus.corp.example"));
}

TEST_CASE("Checks: a loopback update server is a blocker's, not a WSUS", "[checks]") {
    FakePc pc;
    plantUpdateServer(pc.machine, "http://127.0.0.1");
    CHECK(require(pc.check(), "policy.wuserver").severity == Severity::Problem);
}

TEST_CASE("Checks: on a domain-joined PC the policies are the organisation's: no repair offered", "[checks]") {
    // Stands for Windows' NetGetJoinInformation = NetSetupDomainName, which Wine cannot show (no domain).
    FakePc pc;
    pc.machine.setDomainJoined(true);
    plantUpdateServer(pc.machine, " ");
    pc.machine.setValue(kAuPolicyKey, "NoAutoUpdate", regDword(1));
    const auto findings = pc.check();
    REQUIRE(ids(findings) == std::vector<std::string>{"policy.managed", std::string(kPendingRenamesId)});
    const Finding& f = require(findings, "policy.managed");
    CHECK(f.repair.empty());
    CHECK(hasEvidence(f, "joined to a domain"));
    CHECK(hasEvidence(f, "NoAutoUpdate = 1"));
}

TEST_CASE("Checks: on/off policies are found only when set to 1", "[checks]") {
    FakePc pc;
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(0));
    pc.machine.setValue(kWuPolicyKey, "SetDisableUXWUAccess", regString("1"));  // scripts write strings too
    pc.machine.setValue(kAuPolicyKey, "NoAutoUpdate", regDword(1));
    const auto findings = pc.check();
    CHECK(require(findings, "policy.disable-ux-access").severity == Severity::Problem);
    CHECK(require(findings, "policy.no-auto-update").severity == Severity::Warning);
    CHECK(findFinding(findings, "policy.disable-access") == nullptr);
    CHECK(deletedValues(require(findings, "policy.no-auto-update")) == std::vector<std::string>{"NoAutoUpdate"});
}

TEST_CASE("Checks: DoNotConnectToWindowsUpdateInternetLocations alone does nothing: information in Microsoft's words", "[checks]") {
    // Microsoft Learn, waas-wu-settings: "This policy applies only when the device is configured to connect to an
    // intranet update service."
    FakePc pc;
    pc.machine.setValue(kWuPolicyKey, "DoNotConnectToWindowsUpdateInternetLocations", regDword(1));
    auto findings = pc.check();
    Finding f = require(findings, "policy.do-not-connect");
    CHECK(f.severity == Severity::Info);
    CHECK_THAT(f.explanation, Contains("applies only when the device is configured to connect to an intranet update service"));
    CHECK(hasEvidence(f, "UseWUServer is not 1"));
    CHECK_FALSE(offersRepair(f));  // Repair all leaves it alone; `repair policy.do-not-connect` still may
    CHECK(countProblems(findings) == 0);

    // With UseWUServer = 1 and a blank server (wumgr's trick) it closes the last way out: a problem.
    plantUpdateServer(pc.machine, " ");
    findings = pc.check();
    CHECK(require(findings, "policy.do-not-connect").severity == Severity::Problem);
    CHECK(require(findings, "policy.wuserver").severity == Severity::Problem);
}

TEST_CASE("Checks: the hidden Settings page: the repair keeps the other hidden pages", "[checks]") {
    FakePc pc;
    pc.machine.setValue(kExplorerPolicyKey, "SettingsPageVisibility", regString("hide:about;windowsupdate;bluetooth"));
    const Finding& f = require(pc.check(), "policy.settings-hidden");
    REQUIRE(f.repair.size() == 1);
    const auto& change = std::get<RegistryChange>(f.repair[0]);
    REQUIRE(change.after);
    CHECK(asString(*change.after) == "hide:about;bluetooth");

    pc.machine.setValue(kExplorerPolicyKey, "SettingsPageVisibility", regString("hide:windowsupdate"));
    CHECK_FALSE(std::get<RegistryChange>(require(pc.check(), "policy.settings-hidden").repair[0]).after);

    pc.machine.setValue(kExplorerPolicyKey, "SettingsPageVisibility", regString("hide:about"));
    CHECK(ids(pc.check()) == kStockFindings);
}

TEST_CASE("Checks: a pause decades ahead is a problem; one set in Settings is not", "[checks]") {
    FakePc pc;
    pc.machine.setValue(kUxSettingsKey, "PauseUpdatesExpiryTime", regString("2051-01-01T00:00:00Z"));
    const Finding& f = require(pc.check(), "pause.too-long");
    CHECK(f.severity == Severity::Problem);
    CHECK(hasEvidence(f, "2051-01-01"));
    CHECK(deletedValues(f) == std::vector<std::string>{"PauseUpdatesExpiryTime"});

    pc.machine.setValue(kUxSettingsKey, "PauseUpdatesExpiryTime", regString("2026-12-05T12:00:00Z"));  // 7 days
    const auto findings = pc.check();
    CHECK(findFinding(findings, "pause.too-long") == nullptr);
    CHECK(require(findings, "pause.active").severity == Severity::Info);
}

TEST_CASE("Checks: a disabled service is a problem, repaired to Windows' default", "[checks]") {
    FakePc pc;
    pc.scm.service("wuauserv").startType = StartType::Disabled;
    pc.scm.service("UsoSvc").startType = StartType::Automatic;        // delayed lost: same base type, fine
    pc.scm.service("BITS").startType = StartType::ManualTrigger;      // fine
    pc.scm.service("DoSvc").startType = StartType::Manual;            // not default, harmless: info
    const auto findings = pc.check();
    const Finding& f = require(findings, "service.wuauserv.start-type");
    CHECK(f.severity == Severity::Problem);
    CHECK(hasEvidence(f, "disabled (Windows' default: manual (trigger))"));
    REQUIRE(f.repair.size() == 1);
    CHECK(std::get<ServiceStartChange>(f.repair[0]) == ServiceStartChange{"wuauserv", StartType::ManualTrigger});
    CHECK(findFinding(findings, "service.usosvc.start-type") == nullptr);
    CHECK(findFinding(findings, "service.bits.start-type") == nullptr);
    CHECK(require(findings, "service.dosvc.start-type").severity == Severity::Info);
}

TEST_CASE("Checks: a deleted service gets advice, no repair", "[checks]") {
    FakePc pc;
    VirtualClock clock;  // the same PC's services without DoSvc
    FakeServiceManager scm(clock);
    for (const char* name : {"wuauserv", "UsoSvc", "WaaSMedicSvc", "BITS"})
        scm.add(name, ServiceState::Stopped, pc.scm.query(name).snapshot.startType);
    CheckContext context{pc.machine, scm, 19045, pc.now};
    const auto findings = runChecks(context);
    const Finding& f = require(findings, "service.dosvc.missing");
    CHECK(f.repair.empty());
    CHECK_THAT(f.nextStep, Contains("DISM"));
}

TEST_CASE("Checks: winutil's wuaueng.dlle is found, with a repair that renames it back", "[checks]") {
    FakePc pc;
    pc.machine.moveFile(R"(C:\Windows\System32\wuaueng.dll)", R"(C:\Windows\System32\wuaueng.dlle)");
    const Finding& f = require(pc.check(), "file.wuaueng.dll");
    CHECK(f.severity == Severity::Problem);
    CHECK(hasEvidence(f, R"(C:\Windows\System32\wuaueng.dll is missing)"));
    CHECK(hasEvidence(f, R"(C:\Windows\System32\wuaueng.dlle is there)"));
    CHECK(hasEvidence(f, R"(wuauserv\Parameters\ServiceDll = "%SystemRoot%\System32\wuaueng.dll")"));
    REQUIRE(f.repair.size() == 1);
    CHECK(std::get<FileMove>(f.repair[0]) ==
          FileMove{R"(C:\Windows\System32\wuaueng.dlle)", R"(C:\Windows\System32\wuaueng.dll)"});
}

TEST_CASE("Checks: other blockers' names for a renamed DLL are recognised", "[checks]") {
    for (const char* renamed : {"usosvc_BAK.dll", "usosvc.dll.winutil", "Wu10Man_usosvc.dll"}) {
        FakePc pc;
        pc.machine.moveFile(R"(C:\Windows\System32\usosvc.dll)", std::string(R"(C:\Windows\System32\)") + renamed);
        INFO(renamed);
        const Finding& f = require(pc.check(), "file.usosvc.dll");
        CHECK(std::get<FileMove>(f.repair[0]).from == std::string(R"(C:\Windows\System32\)") + renamed);
    }
}

TEST_CASE("Checks: Wine's wuauserv.exe renamed away is found through ImagePath", "[checks]") {
    // Wine's Windows Update service is its own exe (ImagePath C:\windows\system32\wuauserv.exe).
    FakePc pc;
    pc.machine.setValue(std::string(kServicesKey) + "\\wuauserv", "ImagePath", regString(R"(C:\windows\system32\wuauserv.exe)"));
    pc.machine.setFile(R"(C:\windows\system32\wuauserv.exe.bak)", "MZ wine wuauserv");
    const Finding& f = require(pc.check(), "file.wuauserv.exe");
    CHECK(std::get<FileMove>(f.repair[0]).to == R"(C:\windows\system32\wuauserv.exe)");
}

TEST_CASE("Checks: a service binary missing with no copy beside it: advice only", "[checks]") {
    FakePc pc;
    pc.machine.removeFile(R"(C:\Windows\System32\qmgr.dll)");
    const Finding& f = require(pc.check(), "file.qmgr.dll");
    CHECK(f.repair.empty());
    CHECK_THAT(f.nextStep, Contains("sfc /scannow"));
}

TEST_CASE("Checks: an engine DLL no service uses and no copy beside it is no fault (Wine has no usosvc.dll)", "[checks]") {
    FakePc pc;
    pc.machine.setValue(std::string(kServicesKey) + "\\UsoSvc", "ImagePath", regString(R"("C:\fixture.exe" --record x)"));
    pc.machine.setFile(R"(C:\fixture.exe)", "MZ");
    pc.machine.removeFile(R"(C:\Windows\System32\usosvc.dll)");
    CHECK(ids(pc.check()) == kStockFindings);
}

TEST_CASE("Checks: hosts lines blocking update hosts; other lines and comments stay in the repair", "[checks]") {
    FakePc pc;
    pc.machine.setFile(kHosts, "# 0.0.0.0 update.microsoft.com\r\n"
                               "127.0.0.1 localhost\r\n"
                               "0.0.0.0 windowsupdate.microsoft.com\r\n"
                               "0.0.0.0\tdl.delivery.mp.microsoft.com ads.example.org # blocked\r\n"
                               "0.0.0.0 notupdate.microsoft.com.evil\r\n"
                               "10.0.0.5 download.windowsupdate.com\r\n");
    const Finding& f = require(pc.check(), "hosts");
    CHECK(f.severity == Severity::Problem);
    CHECK(f.evidence.size() == 2);
    CHECK(hasEvidence(f, "line 3: 0.0.0.0 windowsupdate.microsoft.com"));
    CHECK(hasEvidence(f, "line 4: 0.0.0.0\tdl.delivery.mp.microsoft.com"));
    const auto& rewrite = std::get<FileRewrite>(f.repair[0]);
    CHECK(rewrite.after == "# 0.0.0.0 update.microsoft.com\r\n"
                           "127.0.0.1 localhost\r\n"
                           "0.0.0.0 ads.example.org\r\n"
                           "0.0.0.0 notupdate.microsoft.com.evil\r\n"
                           "10.0.0.5 download.windowsupdate.com\r\n");
    CHECK(rewrite.removedLines.size() == 2);
}

TEST_CASE("Checks: a pending restart lists every strong reason", "[checks]") {
    FakePc pc;
    pc.machine.addKey(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending)");
    pc.machine.addKey(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired)");
    pc.machine.setValue(R"(HKLM\SOFTWARE\Microsoft\Updates)", "UpdateExeVolatile", regDword(1));
    pc.machine.setValue(R"(HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName)", "ComputerName", regString("NEW-NAME"));
    const auto findings = pc.check();
    const Finding& f = require(findings, "restart-pending");
    CHECK(f.severity == Severity::Warning);
    CHECK(f.evidence.size() == 4);
    CHECK(hasEvidence(f, "RebootPending exists"));
    CHECK(hasEvidence(f, "RebootRequired exists"));
    CHECK(hasEvidence(f, "UpdateExeVolatile = 1"));
    CHECK(hasEvidence(f, "from TEST-PC to NEW-NAME"));
    CHECK_FALSE(hasEvidence(f, "PendingFileRenameOperations"));  // the antivirus's list is its own finding
    CHECK(f.repair.empty());
    CHECK_THAT(f.title, Contains("Restart first") || Contains("restart first"));
    CHECK(findFinding(findings, kPendingRenamesId) != nullptr);
}

TEST_CASE("Checks: a rename list alone is information naming its files, never a pending restart", "[checks]") {
    // bcwilhite/PendingReboot (Test-PendingReboot.ps1) calls PendingFileRenameOperations alone a false positive;
    // no-faff/InstallerClean #12: antivirus keeps one for good. The stock FakePc has such a list.
    FakePc pc;
    auto findings = pc.check();
    CHECK(findFinding(findings, kRestartPendingId) == nullptr);
    Finding f = require(findings, kPendingRenamesId);
    CHECK(f.severity == Severity::Info);
    CHECK(f.evidence == std::vector<std::string>{
                            R"(HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\PendingFileRenameOperations: )"
                            R"(C:\ProgramData\Avast Software\Avast\defs\24112801\engine.dll.old)"});
    CHECK(f.repair.empty());

    // Many files: the first three named, the rest counted. PostRebootReporting is no reason either.
    pc.machine.setValue(kSessionManager, "PendingFileRenameOperations",
                        multiSz({R"(\??\C:\a.tmp)", "", R"(\??\C:\b.tmp)", R"(!\??\C:\b.dll)", R"(\??\C:\c.tmp)", "",
                                 R"(\??\C:\d.tmp)", "", R"(\??\C:\e.tmp)", ""}));
    pc.machine.addKey(R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\PostRebootReporting)");
    findings = pc.check();
    CHECK(findFinding(findings, kRestartPendingId) == nullptr);
    f = require(findings, kPendingRenamesId);
    REQUIRE(f.evidence.size() == 4);
    CHECK_THAT(f.evidence[0], EndsWith(R"(: C:\a.tmp)"));
    CHECK_THAT(f.evidence[1], EndsWith(R"(: C:\b.tmp)"));
    CHECK_THAT(f.evidence[2], EndsWith(R"(: C:\c.tmp)"));
    CHECK_THAT(f.evidence[3], EndsWith(": and 2 more"));
}

TEST_CASE("Checks: a rename list that is not REG_MULTI_SZ is said so, and gates nothing", "[checks]") {
    FakePc pc;
    pc.machine.setValue(kSessionManager, "PendingFileRenameOperations", regString(R"(\??\C:\x.tmp)"));
    const auto findings = pc.check();
    CHECK(findFinding(findings, kRestartPendingId) == nullptr);
    const Finding f = require(findings, kPendingRenamesId);
    CHECK(f.severity == Severity::Info);
    CHECK(hasEvidence(f, "is REG_SZ, not the list (REG_MULTI_SZ) Windows reads"));
}

TEST_CASE("Checks: low disk space on the system drive", "[checks]") {
    FakePc pc;
    pc.machine.setFreeBytes(1ull << 30);
    CHECK(require(pc.check(), "disk-space").severity == Severity::Problem);
    pc.machine.setFreeBytes(10ull << 30);
    CHECK(require(pc.check(), "disk-space").severity == Severity::Warning);
    pc.machine.setFreeBytes(60ull << 30);
    CHECK(ids(pc.check()) == kStockFindings);
}

TEST_CASE("Checks: a machine WinHTTP proxy is shown; one pointing at this PC is a warning", "[checks]") {
    // The blob `netsh winhttp set proxy 127.0.0.1:8888` writes.
    const std::string proxy = "127.0.0.1:8888";
    RegValue blob{kRegBinary, {0x18, 0, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0, static_cast<std::uint8_t>(proxy.size()), 0, 0, 0}};
    blob.data.insert(blob.data.end(), proxy.begin(), proxy.end());
    blob.data.insert(blob.data.end(), {0, 0, 0, 0});
    FakePc pc;
    pc.machine.setValue(kWinHttpKey, "WinHttpSettings", blob);
    const Finding& f = require(pc.check(), "proxy");
    CHECK(f.severity == Severity::Warning);
    CHECK(hasEvidence(f, "127.0.0.1:8888"));

    // Direct access (the default blob): nothing.
    pc.machine.setValue(kWinHttpKey, "WinHttpSettings",
                        RegValue{kRegBinary, {0x18, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}});
    CHECK(ids(pc.check()) == kStockFindings);
}

TEST_CASE("Checks: checks never change the machine", "[checks]") {
    FakePc pc;
    plantUpdateServer(pc.machine, " ");
    pc.machine.moveFile(R"(C:\Windows\System32\wuaueng.dll)", R"(C:\Windows\System32\wuaueng.dlle)");
    pc.machine.setFile(kHosts, "0.0.0.0 update.microsoft.com\n");
    pc.scm.service("wuauserv").startType = StartType::Disabled;
    const int before = pc.machine.writes();
    const auto findings = pc.check();
    CHECK(countProblems(findings) == 4);
    CHECK(pc.machine.writes() == before);
    CHECK(pc.scm.service("wuauserv").startType == StartType::Disabled);
    // Problems come first.
    CHECK(findings.front().severity == Severity::Problem);
}

TEST_CASE("Checks: the report lists the findings with their evidence", "[checks][report]") {
    FakePc pc;
    plantUpdateServer(pc.machine, " ");
    ReportInput input;
    input.findings = pc.check();
    const std::string text = buildReport(input);
    CHECK_THAT(text, Contains("Checks (what blocks Windows Update)"));
    CHECK_THAT(text, Contains("problem: Windows Update is sent to an update server that does not exist [policy.wuserver]"));
    CHECK_THAT(text, Contains(R"(WindowsUpdate\WUServer = " " (REG_SZ))"));
    input.findings = std::vector<Finding>{};
    CHECK_THAT(buildReport(input), Contains("nothing found"));
    input.findings.reset();  // the checks did not run (another computer): no section
    CHECK_THAT(buildReport(input), !Contains("Checks (what blocks"));
}

TEST_CASE("Checks: a service key that denies SYSTEM is found; the repair removes only those entries", "[checks]") {
    // Stands for Windows, which enforces the DACL wumgr leaves (Wine stores DACLs but never checks them).
    FakePc pc;
    const std::string key = std::string(kServicesKey) + "\\wuauserv";
    pc.machine.setKeySddl(key, "D:PAI(D;CI;KA;;;SY)(A;CI;KR;;;BU)(A;CI;KA;;;BA)(D;;KW;;;S-1-5-18)(D;CI;KA;;;BU)");
    const Finding f = require(pc.check(), "service.wuauserv.permissions");
    CHECK(f.severity == Severity::Problem);
    CHECK(hasEvidence(f, "deny SYSTEM: (D;CI;KA;;;SY)"));
    CHECK(f.evidence.size() == 2);
    CHECK(std::get<KeySecurityChange>(f.repair[0]) ==
          KeySecurityChange{key, "D:PAI(A;CI;KR;;;BU)(A;CI;KA;;;BA)(D;CI;KA;;;BU)"});  // other denies are not ours
    pc.machine.setKeySddl(key, "D:(A;CI;KA;;;SY)(D;CI;KA;;;BU)");
    CHECK(ids(pc.check()) == kStockFindings);
}

TEST_CASE("Checks: a check that fails is named, and the others still run (the window's worker carries on)", "[checks]") {
    // Stands for an SCM that fails mid-run in a way no error code covers (e.g. out of memory): the window must
    // still show what the other checks found, and say which check it could not run.
    struct BrokenScm final : ServiceManager {
        QueryResult query(std::string_view) override { throw std::runtime_error("the service manager went away"); }
        Win32Error start(std::string_view) override { return 0; }
        Win32Error stop(std::string_view) override { return 0; }
        DependentsResult activeDependents(std::string_view) override { return {}; }
        Win32Error setStartType(std::string_view, StartType) override { return 0; }
    } broken;
    FakePc pc;
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1));
    CheckContext context{pc.machine, broken, 19045, pc.now};
    std::vector<std::string> couldNotCheck;
    const auto findings = runChecks(context, couldNotCheck);
    REQUIRE(couldNotCheck.size() == 1);
    CHECK(couldNotCheck[0] == "services: the service manager went away");
    CHECK(findFinding(findings, "policy.disable-access") != nullptr);
    CHECK_THROWS(runChecks(context));  // the CLI's form lets it through to its own error handling
}

TEST_CASE("Checks: Repair all and the window's Repair button leave information alone", "[checks]") {
    FakePc pc;
    pc.scm.service("UsoSvc").startType = StartType::Manual;  // not Windows' default, but no fault: Info
    pc.machine.setValue(kWuPolicyKey, "DisableWindowsUpdateAccess", regDword(1));
    const auto findings = pc.check();
    const Finding& info = require(findings, "service.usosvc.start-type");
    CHECK(info.severity == Severity::Info);
    CHECK_FALSE(info.repair.empty());
    CHECK_FALSE(offersRepair(info));
    CHECK(offersRepair(require(findings, "policy.disable-access")));
}

// ---- scheduled tasks (the fake's Task Scheduler stands for Windows': Wine has no UpdateOrchestrator folder)

TEST_CASE("Checks: disabled UpdateOrchestrator tasks are a warning naming each task, advice only", "[checks][tasks]") {
    // "Disable updates" scripts run schtasks /Change /TN <task> /Disable on these tasks; Windows' Task Scheduler
    // then answers false from IRegisteredTask::get_Enabled for each (Wine cannot list them: this is the fake's).
    FakePc pc;
    pc.machine.setTask(R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Scan)", false);
    pc.machine.setTask(R"(\Microsoft\Windows\UpdateOrchestrator\USO_UxBroker)", false);
    const auto findings = pc.check();
    const Finding f = require(findings, "tasks.updateorchestrator");
    CHECK(f.severity == Severity::Warning);
    CHECK(f.evidence == std::vector<std::string>{R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Scan: Disabled)",
                                                 R"(\Microsoft\Windows\UpdateOrchestrator\USO_UxBroker: Disabled)"});
    CHECK_THAT(f.title, Contains("2 Windows Update scheduled tasks are disabled"));
    CHECK_THAT(f.nextStep, Contains(R"(schtasks /Change /TN "\Microsoft\Windows\UpdateOrchestrator\Schedule Scan" /ENABLE)"));
    CHECK(f.repair.empty());
    CHECK(findFinding(findings, "tasks.waasmedic") == nullptr);  // PerformRemediation is disabled as Windows ships it
    CHECK(countProblems(findings) == 0);
}

TEST_CASE("Checks: WaaSMedic's PerformRemediation disabled is Windows' own state: never a finding", "[checks][tasks]") {
    // The Windows 11 22H2 WaaSMedic manifest registers it Enabled=false; running systems show it Ready too.
    FakePc pc;
    pc.machine.setTask(R"(\Microsoft\Windows\WaaSMedic\PerformRemediation)", false);
    CHECK(findFinding(pc.check(), "tasks.waasmedic") == nullptr);
    pc.machine.setTask(R"(\Microsoft\Windows\WaaSMedic\PerformRemediation)", true);
    CHECK(findFinding(pc.check(), "tasks.waasmedic") == nullptr);
}

TEST_CASE("Checks: tasks Windows ships disabled are never reported, nor 'enabled' by the advice", "[checks][tasks]") {
    // undergroundwires/privacy.sexy (windows.yaml) records Schedule Maintenance Work, Schedule Wake To Work and
    // Schedule Work Disabled on stock Windows 10 22H2 and 11 22H2/23H2; the stock FakePc has them so.
    for (const std::uint32_t build : {kWindows10_22H2, kWindows11_23H2}) {
        FakePc pc(build);
        CHECK(findFinding(pc.check(), "tasks.updateorchestrator") == nullptr);
        // A blocker disables Schedule Scan as well: the warning and its advice name only that one.
        pc.machine.setTask(R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Scan)", false);
        const Finding f = require(pc.check(), "tasks.updateorchestrator");
        CHECK(f.evidence == std::vector<std::string>{R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Scan: Disabled)"});
        CHECK(f.nextStep.find("Wake To Work") == std::string::npos);
        CHECK(f.nextStep.find("Maintenance Work") == std::string::npos);
    }
    // Reboot_AC: Disabled on a stock 1903 (seagull/disable-scheduledWaking #4).
    CHECK(shippedDisabled(R"(\Microsoft\Windows\UpdateOrchestrator\Reboot_AC)", 18362));
    CHECK(shippedDisabled(R"(\microsoft\windows\updateorchestrator\schedule wake to work)", kWindows11_23H2));
    CHECK_FALSE(shippedDisabled(R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Scan)", kWindows10_22H2));
    CHECK_FALSE(shippedDisabled(R"(\Microsoft\Windows\UpdateOrchestrator\USO_UxBroker)", kWindows11_23H2));
}

TEST_CASE("Checks: Task Scheduler not answering, or a folder missing, is said as 'could not check'", "[checks][tasks]") {
    SECTION("Task Scheduler refuses (its service stopped: Connect fails)") {
        FakePc pc;
        pc.machine.setTaskSchedulerError("Task Scheduler did not answer (error 0x80070422)");
        const auto findings = pc.check();
        for (const char* id : {"tasks.updateorchestrator.could-not-check", "tasks.waasmedic.could-not-check"}) {
            const Finding f = require(findings, id);
            CHECK(f.severity == Severity::Info);
            CHECK(hasEvidence(f, "error 0x80070422"));
            CHECK_THAT(f.title, StartsWith("Could not check the scheduled tasks in "));
            CHECK_THAT(f.nextStep, Contains("taskschd.msc"));
        }
    }
    SECTION("the folder is not there (Wine; or a tool deleted the tasks)") {
        FakePc pc;
        FakeMachineAccess bare;  // only an (empty) WaaSMedic folder
        bare.addTaskFolder(kWaaSMedicTasks);
        CheckContext context{bare, pc.scm, 19045, pc.now};
        std::vector<Finding> findings;
        checkScheduledTasks(context, findings);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].id == "tasks.updateorchestrator.could-not-check");
        CHECK(findings[0].evidence == std::vector<std::string>{R"(\Microsoft\Windows\UpdateOrchestrator: Task Scheduler has no such folder)"});
    }
    SECTION("before Windows 10 1803 there is no WaaSMedic folder to miss; before Windows 10, no UpdateOrchestrator") {
        FakePc pc;
        pc.machine.setTaskSchedulerError("not asked");
        std::vector<Finding> findings;
        CheckContext v1709{pc.machine, pc.scm, 16299, pc.now};
        checkScheduledTasks(v1709, findings);
        REQUIRE(findings.size() == 1);
        CHECK(findings[0].id == "tasks.updateorchestrator.could-not-check");
        findings.clear();
        CheckContext win81{pc.machine, pc.scm, 9600, pc.now};
        checkScheduledTasks(win81, findings);
        CHECK(findings.empty());
    }
}

// ---- WaaSMedicSvc's FailureActions ([MS-SCMR] 2.2.37 layout; Wine's SCM keeps no failure actions)

TEST_CASE("Checks: WaaSMedicSvc's FailureActions removed is a warning with the value as evidence", "[checks][medic]") {
    const std::string key = std::string(kServicesKey) + "\\WaaSMedicSvc";
    SECTION("the value deleted") {
        FakePc pc;
        REQUIRE(pc.machine.deleteValue(key, "FailureActions") == 0);
        const Finding f = require(pc.check(), "service.waasmedicsvc.failure-actions");
        CHECK(f.severity == Severity::Warning);
        CHECK(f.evidence == std::vector<std::string>{key + "\\FailureActions is missing"});
        // The repair writes Windows' own bytes (the 22621 manifest's) back.
        REQUIRE(f.repair.size() == 1);
        const auto* write = std::get_if<RegistryChange>(&f.repair.front());
        REQUIRE(write != nullptr);
        CHECK(write->key == key);
        CHECK(write->name == "FailureActions");
        CHECK(write->after == kMedicRestarts);
        CHECK(offersRepair(f));
    }
    SECTION("winutil's edit: the same three actions, every one 'take no action' (SC_ACTION_NONE)") {
        // ChrisTitusTech/winutil, "disable updates": reset 0, actions {0, 120000} {0, 300000} {0, 0}.
        FakePc pc;
        RegValue none = kMedicRestarts;
        none.data[0] = none.data[1] = 0;
        none.data[20] = 0;
        none.data[28] = 0;
        pc.machine.setValue(key, "FailureActions", none);
        const Finding f = require(pc.check(), "service.waasmedicsvc.failure-actions");
        CHECK(f.evidence == std::vector<std::string>{key + "\\FailureActions = 44 bytes (REG_BINARY): 3 actions, none restarts the service"});
    }
    SECTION("no actions at all, or a value that is not SERVICE_FAILURE_ACTIONS") {
        FakePc pc;
        RegValue empty = kMedicRestarts;
        empty.data.resize(20);
        empty.data[12] = 0;
        pc.machine.setValue(key, "FailureActions", empty);
        CHECK(hasEvidence(require(pc.check(), "service.waasmedicsvc.failure-actions"), "0 actions, none restarts"));
        pc.machine.setValue(key, "FailureActions", regDword(0));
        const Finding malformed = require(pc.check(), "service.waasmedicsvc.failure-actions");
        CHECK(hasEvidence(malformed, "not a SERVICE_FAILURE_ACTIONS value"));
        CHECK(offersRepair(malformed));  // Windows' own bytes replace it (journaled, undoable)
        pc.machine.setValue(key, "FailureActions", RegValue{kRegBinary, {0x84, 0x03, 0x00}});  // cut short
        CHECK(hasEvidence(require(pc.check(), "service.waasmedicsvc.failure-actions"), "not a SERVICE_FAILURE_ACTIONS value"));
    }
}

TEST_CASE("Checks: WaaSMedicSvc's FailureActions: only restart actions count, and only where the service exists", "[checks][medic]") {
    const std::string key = std::string(kServicesKey) + "\\WaaSMedicSvc";
    SECTION("a restart as the third action is enough") {
        FakePc pc;
        pc.machine.setValue(key, "FailureActions",
                            RegValue{kRegBinary, {0x80, 0x51, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x14, 0, 0, 0,
                                                  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0x60, 0xEA, 0, 0}});
        CHECK(findFinding(pc.check(), "service.waasmedicsvc.failure-actions") == nullptr);
    }
    SECTION("Windows 10 before 1803 has no WaaSMedicSvc: nothing to say") {
        FakePc pc;
        REQUIRE(pc.machine.deleteValue(key, "FailureActions") == 0);
        CheckContext v1709{pc.machine, pc.scm, 16299, pc.now};
        std::vector<Finding> findings;
        checkMedicFailureActions(v1709, findings);
        CHECK(findings.empty());
    }
}

#pragma once
// A stock Windows 10 / 11 PC in memory (FakeMachineAccess + FakeServiceManager), as public records of clean installs
// show it: the starting point the check and repair tests plant one blocker leftover into. Each test says which
// Windows situation it stands for.

#include "wud/checks.hpp"
#include "wud/clock.hpp"
#include "wud/fake_service_manager.hpp"
#include "wud/fake_machine_access.hpp"
#include "wud/journal_guard.hpp"
#include "wud/machine_access.hpp"

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace wud::test {

inline constexpr const char* kSystem32 = "C:\\Windows\\System32";
inline constexpr const char* kHosts = "C:\\Windows\\System32\\drivers\\etc\\hosts";
inline constexpr const char* kDefaultHosts = "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# 127.0.0.1 localhost\r\n";

/// WaaSMedicSvc's FailureActions as Windows sets it: the Windows 11 22H2 (10.0.22621.1) component manifest's bytes
/// (the same as Aetherinox/pause-windows-updates' windows-updates-unpause.reg): reset after 900 s, no reboot message,
/// no command, 3 actions at offset 20: restart after 120000 ms, restart after 300000 ms, none.
inline const RegValue kMedicRestarts{kRegBinary, {0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x14, 0, 0, 0,
                                                  1, 0, 0, 0, 0xC0, 0xD4, 0x01, 0, 1, 0, 0, 0, 0xE0, 0x93, 0x04, 0,
                                                  0, 0, 0, 0, 0, 0, 0, 0}};

inline constexpr std::uint32_t kWindows10_22H2 = 19045;
inline constexpr std::uint32_t kWindows11_23H2 = 22631;
inline constexpr const char* kSessionManager = R"(HKLM\SYSTEM\CurrentControlSet\Control\Session Manager)";
inline constexpr const char* kDownloader = R"(C:\ProgramData\Microsoft\Network\Downloader)";
inline constexpr const char* kSoftwareDistribution = R"(C:\Windows\SoftwareDistribution)";
inline constexpr const char* kCatroot2 = R"(C:\Windows\System32\catroot2)";

/// A REG_MULTI_SZ of these strings (each NUL-terminated, then the closing NUL).
inline RegValue multiSz(std::initializer_list<std::string_view> items) {
    RegValue value{kRegMultiSz, {}};
    for (const std::string_view item : items) {
        const RegValue one = regString(item);
        value.data.insert(value.data.end(), one.data.begin(), one.data.end());
    }
    value.data.push_back(0);
    value.data.push_back(0);
    return value;
}

/// A stock Windows PC as the public records of clean installs show it (Windows 10 22H2 or Windows 11 23H2): what the
/// check and repair tests plant one leftover into, and what must give no Problem and no Warning. Sources, each where
/// the check that reads it cites it too:
/// - services and their default start types: core/src/catalog.cpp; BITS on Automatic (delayed) while it has jobs
///   (Microsoft Learn, "BITS Startup Type");
/// - UpdateOrchestrator / WaaSMedic tasks and which ship disabled: undergroundwires/privacy.sexy windows.yaml, the
///   22621 WaaSMedic manifest (core/src/checks/tasks.cpp);
/// - WaaSMedicSvc's FailureActions: the 22621 manifest (kMedicRestarts);
/// - an antivirus's rename list in PendingFileRenameOperations (no-faff/InstallerClean #12);
/// - BITS' queue as an ESE database in the Downloader folder (fireeye/BitsParser).
struct FakePc {
    VirtualClock clock;
    FakeMachineAccess machine;
    FakeServiceManager scm{clock};
    std::uint32_t build = kWindows10_22H2;
    // 2026-11-28 12:00 UTC
    std::chrono::system_clock::time_point now = std::chrono::system_clock::time_point(std::chrono::seconds(1795867200));

    explicit FakePc(std::uint32_t osBuild = kWindows10_22H2) : build(osBuild) {
        // The catalog's services as a clean install has them: svchost services with their DLLs in System32.
        struct Svc {
            const char* name;
            StartType type;
            const char* dll;
        };
        for (const Svc& s : {Svc{"wuauserv", StartType::ManualTrigger, "wuaueng.dll"},
                             Svc{"UsoSvc", StartType::AutomaticDelayed, "usosvc.dll"},
                             Svc{"WaaSMedicSvc", StartType::Manual, "WaaSMedicSvc.dll"},
                             Svc{"BITS", StartType::AutomaticDelayed, "qmgr.dll"},  // it has jobs queued right now
                             Svc{"CryptSvc", StartType::Automatic, "cryptsvc.dll"},
                             Svc{"DoSvc", StartType::AutomaticDelayed, "dosvc.dll"},
                             Svc{"msiserver", StartType::Manual, nullptr},
                             Svc{"TrustedInstaller", StartType::Manual, nullptr}}) {
            scm.add(s.name, ServiceState::Stopped, s.type);
            const std::string key = std::string(kServicesKey) + "\\" + s.name;
            if (s.dll == nullptr) {  // their own exe: msiexec.exe /V, servicing\TrustedInstaller.exe
                const std::string exe = std::string(s.name) == "msiserver" ? "msiexec.exe" : "TrustedInstaller.exe";
                machine.setValue(key, "ImagePath", regString(std::string("C:\\Windows\\System32\\") + exe, kRegExpandSz));
                machine.setFile(std::string(kSystem32) + "\\" + exe, "MZ exe");
                continue;
            }
            machine.setValue(key, "ImagePath", regString("%systemroot%\\system32\\svchost.exe -k netsvcs -p", kRegExpandSz));
            machine.setValue(key + "\\Parameters", "ServiceDll", regString(std::string("%SystemRoot%\\System32\\") + s.dll, kRegExpandSz));
            machine.setFile(std::string(kSystem32) + "\\" + s.dll, std::string("MZ dll ") + s.dll);
        }
        machine.setFile(std::string(kSystem32) + "\\svchost.exe", "MZ svchost");
        machine.setValue(std::string(kServicesKey) + "\\WaaSMedicSvc", "FailureActions", kMedicRestarts);
        // Windows Update's scheduled tasks, each in the state a clean install has it.
        const bool win11 = osBuild >= 22000;
        for (const char* task : {"Report policies", "Schedule Scan", "Schedule Scan Static Task", "USO_UxBroker"})
            machine.setTask(std::string(kUpdateOrchestratorTasks) + "\\" + task, true);
        for (const char* task : {"Schedule Maintenance Work", "Schedule Wake To Work", "Schedule Work"})
            machine.setTask(std::string(kUpdateOrchestratorTasks) + "\\" + task, false);
        if (win11) {
            for (const char* task : {"Start Oobe Expedite Work", "StartOobeAppsScan_LicenseAccepted", "UUS Failover Task"})
                machine.setTask(std::string(kUpdateOrchestratorTasks) + "\\" + task, true);
        } else {
            machine.setTask(std::string(kUpdateOrchestratorTasks) + "\\UpdateModelTask", true);
        }
        machine.setTask(std::string(kWaaSMedicTasks) + "\\PerformRemediation", false);  // as the manifest registers it
        machine.setFile(kHosts, kDefaultHosts);
        machine.setValue(R"(HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName)", "ComputerName", regString("TEST-PC"));
        machine.setValue(R"(HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName)", "ComputerName", regString("TEST-PC"));
        // An antivirus's update: its old engine file deleted at the next restart.
        machine.setValue(kSessionManager, "PendingFileRenameOperations",
                         multiSz({R"(\??\C:\ProgramData\Avast Software\Avast\defs\24112801\engine.dll.old)", ""}));
        // BITS' queue on Windows 10/11: an ESE database with its logs and checkpoint.
        for (const char* file : {"qmgr.db", "qmgr.jfm", "edb.chk", "edb.log", "edbres00001.jrs", "edbres00002.jrs"})
            machine.setFile(std::string(kDownloader) + "\\" + file, std::string("ESE ") + file);
        machine.setFolderSddl(kDownloader, "O:SYD:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)");
    }

    std::vector<Finding> check() {
        CheckContext context{machine, scm, build, now};
        return runChecks(context);
    }
};

/// An update server set by policy (Microsoft Learn, waas-wu-settings): WindowsUpdate\WUServer = `server` and
/// AU\UseWUServer = 1. A WSUS setup writes a real server; a blocker a blank or loopback one.
inline void plantUpdateServer(FakeMachineAccess& machine, std::string_view server) {
    machine.setValue(kWuPolicyKey, "WUServer", regString(server));
    machine.setValue(kAuPolicyKey, "UseWUServer", regDword(1));
}

/// wumgr's "Block access to WU": WUServer and WUStatusServer = " " with UseWUServer = 1.
inline void plantWumgrBlock(FakeMachineAccess& machine) {
    plantUpdateServer(machine, " ");
    machine.setValue(kWuPolicyKey, "WUStatusServer", regString(" "));
}

/// This PC's undo-journal key as the first elevated repair leaves it (journal_guard.hpp: HKLM\SOFTWARE\WUDoctor,
/// readable by SYSTEM and Administrators only), planted directly so it does not count as one of the test's writes.
inline void plantJournalKey(FakeMachineAccess& machine) {
    machine.setValue(kJournalKeyStore, kJournalKeyValue, RegValue{kRegBinary, std::vector<std::uint8_t>(32, 0x5A)});
    machine.setKeySddl(kJournalKeyStore, std::string(kJournalKeyStoreSddl));
}

/// The ids of the findings, in order: what a test compares when "nothing but the stock PC's own" is the point.
inline std::vector<std::string> ids(const std::vector<Finding>& findings) {
    std::vector<std::string> out;
    for (const Finding& f : findings) out.push_back(f.id);
    return out;
}

/// What a stock PC shows: only the antivirus's rename list, as information.
inline const std::vector<std::string> kStockFindings{std::string(kPendingRenamesId)};

}  // namespace wud::test

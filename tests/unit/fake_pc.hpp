#pragma once
// A healthy Windows 10 PC in memory (FakeMachineAccess + FakeServiceManager): the starting point the check and
// repair tests plant one blocker leftover into. Each test says which Windows situation it stands for.

#include "wud/checks.hpp"
#include "wud/clock.hpp"
#include "wud/fake_service_manager.hpp"
#include "wud/fake_machine_access.hpp"
#include "wud/registry.hpp"

#include <chrono>
#include <string>

namespace wud::test {

inline constexpr const char* kSystem32 = "C:\\Windows\\System32";
inline constexpr const char* kHosts = "C:\\Windows\\System32\\drivers\\etc\\hosts";
inline constexpr const char* kDefaultHosts = "# Copyright (c) 1993-2009 Microsoft Corp.\r\n#\r\n# 127.0.0.1 localhost\r\n";

/// WaaSMedicSvc's FailureActions as community "re-enable updates" scripts write it back (Aetherinox/pause-windows-updates,
/// windows-updates-unpause.reg): reset after 900 s, no reboot message, no command, 3 actions at offset 20: restart
/// after 120000 ms, restart after 300000 ms, none. Not Microsoft's word; the shape of a Windows default.
inline const RegValue kMedicRestarts{kRegBinary, {0x84, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0x14, 0, 0, 0,
                                                  1, 0, 0, 0, 0xC0, 0xD4, 0x01, 0, 1, 0, 0, 0, 0xE0, 0x93, 0x04, 0,
                                                  0, 0, 0, 0, 0, 0, 0, 0}};

struct FakePc {
    VirtualClock clock;
    FakeMachineAccess machine;
    FakeServiceManager scm{clock};
    // 2026-11-28 12:00 UTC
    std::chrono::system_clock::time_point now = std::chrono::system_clock::time_point(std::chrono::seconds(1795867200));

    FakePc() {
        // Windows 10's services as a clean install has them: svchost services with their DLLs in System32.
        struct Svc {
            const char* name;
            StartType type;
            const char* dll;
        };
        for (const Svc& s : {Svc{"wuauserv", StartType::ManualTrigger, "wuaueng.dll"},
                             Svc{"UsoSvc", StartType::AutomaticDelayed, "usosvc.dll"},
                             Svc{"WaaSMedicSvc", StartType::Manual, "WaaSMedicSvc.dll"},
                             Svc{"BITS", StartType::Manual, "qmgr.dll"},
                             Svc{"DoSvc", StartType::AutomaticDelayed, "dosvc.dll"}}) {
            scm.add(s.name, ServiceState::Stopped, s.type);
            const std::string key = std::string(kServicesKey) + "\\" + s.name;
            machine.setValue(key, "ImagePath", regString("%systemroot%\\system32\\svchost.exe -k netsvcs -p", kRegExpandSz));
            machine.setValue(key + "\\Parameters", "ServiceDll", regString(std::string("%SystemRoot%\\System32\\") + s.dll, kRegExpandSz));
            machine.setFile(std::string(kSystem32) + "\\" + s.dll, std::string("MZ dll ") + s.dll);
        }
        machine.setFile(std::string(kSystem32) + "\\svchost.exe", "MZ svchost");
        // WaaSMedicSvc restarted on failure (SERVICE_FAILURE_ACTIONS, [MS-SCMR] 2.2.37).
        machine.setValue(std::string(kServicesKey) + "\\WaaSMedicSvc", "FailureActions", kMedicRestarts);
        // Windows Update's scheduled tasks, enabled (Task Scheduler Library > Microsoft > Windows).
        for (const char* task : {"Schedule Scan", "Schedule Scan Static Task", "USO_UxBroker", "Reboot_AC"})
            machine.setTask(std::string(kUpdateOrchestratorTasks) + "\\" + task, true);
        machine.setTask(std::string(kWaaSMedicTasks) + "\\PerformRemediation", true);
        machine.setFile(kHosts, kDefaultHosts);
        machine.setValue(R"(HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName)", "ComputerName", regString("TEST-PC"));
        machine.setValue(R"(HKLM\SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName)", "ComputerName", regString("TEST-PC"));
    }

    std::vector<Finding> check() {
        CheckContext context{machine, scm, 19045, now};
        return runChecks(context);
    }
};

}  // namespace wud::test

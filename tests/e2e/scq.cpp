// wud_e2e_scq — the end-to-end tests' own line to the Service Control Manager: what it says, and the two
// configuration changes the tests make. Plain advapi32, nothing of WU Doctor's, so the tests never check the
// app against itself. (Wine's `sc` prints no PID and has no `config`.)
//
//   wud_e2e_scq.exe NAME...                 one line per service: NAME STATE PID START_TYPE ("wuauserv 4 812 3")
//   wud_e2e_scq.exe --start-type NAME N     set dwStartType N (2 auto, 3 demand, 4 disabled)
//   wud_e2e_scq.exe --binpath NAME CMDLINE  set the service's command line
//
// STATE is dwCurrentState (1 stopped, 2 start pending, 3 stop pending, 4 running); "NAME missing 0 0" when the
// service does not exist. Exit code: 0, or the Win32 error of the failed call.
#include <windows.h>

#include <cstdio>
#include <cwchar>
#include <vector>

namespace {

DWORD change(SC_HANDLE scm, const wchar_t* name, DWORD startType, const wchar_t* binPath) {
    SC_HANDLE service = OpenServiceW(scm, name, SERVICE_CHANGE_CONFIG);
    if (service == nullptr) return GetLastError();
    const BOOL ok = ChangeServiceConfigW(service, SERVICE_NO_CHANGE, startType, SERVICE_NO_CHANGE, binPath, nullptr,
                                         nullptr, nullptr, nullptr, nullptr, nullptr);
    const DWORD error = ok ? 0 : GetLastError();
    CloseServiceHandle(service);
    return error;
}

}  // namespace

int wmain(int argc, wchar_t** argv) {
    SC_HANDLE scm = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
    if (scm == nullptr) {
        std::fprintf(stderr, "OpenSCManager failed: %lu\n", GetLastError());
        return 1;
    }
    int rc = 0;
    if (argc == 4 && std::wcscmp(argv[1], L"--start-type") == 0) {
        rc = static_cast<int>(change(scm, argv[2], static_cast<DWORD>(std::wcstoul(argv[3], nullptr, 10)), nullptr));
    } else if (argc == 4 && std::wcscmp(argv[1], L"--binpath") == 0) {
        rc = static_cast<int>(change(scm, argv[2], SERVICE_NO_CHANGE, argv[3]));
    } else {
        for (int i = 1; i < argc; ++i) {
            SC_HANDLE service = OpenServiceW(scm, argv[i], SERVICE_QUERY_STATUS | SERVICE_QUERY_CONFIG);
            if (service == nullptr) {
                std::printf("%ls missing 0 0\n", argv[i]);
                continue;
            }
            SERVICE_STATUS_PROCESS status{};
            DWORD needed = 0;
            QueryServiceStatusEx(service, SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&status), sizeof status,
                                 &needed);
            DWORD startType = 0;
            QueryServiceConfigW(service, nullptr, 0, &needed);
            std::vector<BYTE> buffer(needed + 16);
            if (QueryServiceConfigW(service, reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data()),
                                    static_cast<DWORD>(buffer.size()), &needed))
                startType = reinterpret_cast<QUERY_SERVICE_CONFIGW*>(buffer.data())->dwStartType;
            std::printf("%ls %lu %lu %lu\n", argv[i], status.dwCurrentState, status.dwProcessId, startType);
            CloseServiceHandle(service);
        }
    }
    if (rc != 0) std::fprintf(stderr, "change failed: %d\n", rc);
    CloseServiceHandle(scm);
    return rc;
}

// wud_svc_start_type NAME N: sets a service's start type (2 auto, 3 demand, 4 disabled) with plain advapi32,
// so stray_writes_test.sh can put a fixture service back as the prefix had it. Wine 8's sc has no "config".
// Exit code: 0, or the Win32 error of the failed call.
#include <windows.h>

#include <cwchar>

int wmain(int argc, wchar_t** argv) {
    if (argc != 3) return ERROR_INVALID_PARAMETER;
    SC_HANDLE scm = OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT);
    if (scm == nullptr) return static_cast<int>(GetLastError());
    SC_HANDLE service = OpenServiceW(scm, argv[1], SERVICE_CHANGE_CONFIG);
    DWORD error = service == nullptr ? GetLastError() : 0;
    if (service != nullptr) {
        const DWORD startType = static_cast<DWORD>(std::wcstoul(argv[2], nullptr, 10));
        if (!ChangeServiceConfigW(service, SERVICE_NO_CHANGE, startType, SERVICE_NO_CHANGE, nullptr, nullptr, nullptr,
                                  nullptr, nullptr, nullptr, nullptr))
            error = GetLastError();
        CloseServiceHandle(service);
    }
    CloseServiceHandle(scm);
    return static_cast<int>(error);
}

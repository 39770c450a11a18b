// Test helper: holds a file open with no sharing, the way an antivirus or backup tool can hold BITS' queue file,
// until the test lets it go. hold_file <path> <ready event> <release event>: opens the file (share mode 0), sets
// the ready event, waits for the release event (at most 5 minutes), exits 0. Exit 2: the file could not be opened;
// 3: never released.
#include <windows.h>

int wmain(int argc, wchar_t** argv) {
    if (argc != 4) return 1;
    const HANDLE file = ::CreateFileW(argv[1], GENERIC_READ | GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) return 2;
    const HANDLE ready = ::OpenEventW(EVENT_MODIFY_STATE, FALSE, argv[2]);
    const HANDLE release = ::OpenEventW(SYNCHRONIZE, FALSE, argv[3]);
    if (ready == nullptr || release == nullptr) return 1;
    ::SetEvent(ready);
    const DWORD waited = ::WaitForSingleObject(release, 300000);
    ::CloseHandle(file);
    return waited == WAIT_OBJECT_0 ? 0 : 3;
}

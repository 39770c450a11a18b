/* A DLL planted beside wudoctor.exe in the DLL-planting test. If Windows (Wine) ever loads it, DllMain
 * drops a marker file named after the DLL into the folder named by WUD_PLANT_MARKERS, so the test sees
 * which planted name was picked up. It exports nothing: it is never meant to work, only to be noticed. */
#include <windows.h>

BOOL WINAPI DllMain(HINSTANCE self, DWORD reason, LPVOID reserved) {
    (void)reserved;
    if (reason != DLL_PROCESS_ATTACH) {
        return TRUE;
    }
    WCHAR folder[MAX_PATH], module[MAX_PATH], marker[MAX_PATH * 2];
    if (!GetEnvironmentVariableW(L"WUD_PLANT_MARKERS", folder, MAX_PATH) ||
        !GetModuleFileNameW(self, module, MAX_PATH)) {
        return TRUE;
    }
    const WCHAR* name = module;
    for (const WCHAR* p = module; *p; ++p) {
        if (*p == L'\\' || *p == L'/') name = p + 1;
    }
    wsprintfW(marker, L"%s\\%s.loaded", folder, name);
    HANDLE f = CreateFileW(marker, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, NULL);
    if (f != INVALID_HANDLE_VALUE) CloseHandle(f);
    return TRUE;
}

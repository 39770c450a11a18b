// Win32LockFinder: who holds a file open, through the Restart Manager (Microsoft Learn, "Using the Restart
// Manager": RmStartSession, RmRegisterResources with the files, RmGetList — which answers ERROR_MORE_DATA with the
// count needed when the array is short — then RmEndSession). rstrtmgr.dll is not a KnownDLL: it is loaded at run
// time from System32 only (never beside the exe), like netapi32 in win32_registry.cpp, so the import table stays
// KnownDLL-only. Under Wine 8 these functions are stubs (dlls/rstrtmgr/main.c: RmGetList always reports 0
// processes), so there the answer is always "nobody named"; the naming is unit-tested with FakeLockFinder.
#include "wud/win32/lock_finder.hpp"

#include "wud/text.hpp"
#include "wud/win32/handle.hpp"

#include <restartmanager.h>

#include <vector>

namespace wud {

std::optional<std::vector<LockHolder>> Win32LockFinder::holders(const std::vector<std::string>& files) {
    using StartSession = DWORD(WINAPI*)(DWORD*, DWORD, WCHAR[]);
    using RegisterResources = DWORD(WINAPI*)(DWORD, UINT, LPCWSTR[], UINT, RM_UNIQUE_PROCESS[], UINT, LPCWSTR[]);
    using GetList = DWORD(WINAPI*)(DWORD, UINT*, UINT*, RM_PROCESS_INFO[], LPDWORD);
    using EndSession = DWORD(WINAPI*)(DWORD);

    const UniqueHmodule library(::LoadLibraryExW(L"rstrtmgr.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32));
    if (!library) return std::nullopt;
    auto proc = [&](const char* name) { return reinterpret_cast<void*>(::GetProcAddress(library.get(), name)); };
    const auto start = reinterpret_cast<StartSession>(proc("RmStartSession"));
    const auto registerResources = reinterpret_cast<RegisterResources>(proc("RmRegisterResources"));
    const auto getList = reinterpret_cast<GetList>(proc("RmGetList"));
    const auto end = reinterpret_cast<EndSession>(proc("RmEndSession"));
    if (start == nullptr || registerResources == nullptr || getList == nullptr || end == nullptr) return std::nullopt;

    DWORD session = 0;
    WCHAR key[CCH_RM_SESSION_KEY + 1] = {};
    if (start(&session, 0, key) != ERROR_SUCCESS) return std::nullopt;
    struct Session {
        EndSession end;
        DWORD handle;
        ~Session() { end(handle); }
    } guard{end, session};

    std::vector<std::wstring> wide;
    wide.reserve(files.size());
    for (const std::string& f : files) wide.push_back(widen(f));
    std::vector<LPCWSTR> names;
    for (const std::wstring& w : wide) names.push_back(w.c_str());
    if (registerResources(session, static_cast<UINT>(names.size()), names.data(), 0, nullptr, 0, nullptr) != ERROR_SUCCESS)
        return std::nullopt;

    std::vector<RM_PROCESS_INFO> infos(8);
    DWORD reasons = 0;
    for (int attempt = 0; attempt < 4; ++attempt) {  // grow and retry: the list may grow between the calls
        UINT needed = 0;
        UINT count = static_cast<UINT>(infos.size());
        const DWORD status = getList(session, &needed, &count, infos.data(), &reasons);
        if (status == ERROR_MORE_DATA) {
            infos.resize(needed + 4);
            continue;
        }
        if (status != ERROR_SUCCESS) return std::nullopt;
        std::vector<LockHolder> holders;
        for (UINT i = 0; i < count && i < infos.size(); ++i) {
            LockHolder h;
            h.pid = infos[i].Process.dwProcessId;
            h.name = narrow(infos[i].strAppName);
            if (infos[i].ApplicationType == RmService) h.service = narrow(infos[i].strServiceShortName);
            holders.push_back(std::move(h));
        }
        return holders;
    }
    return std::nullopt;
}

}  // namespace wud

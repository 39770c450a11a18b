// The Win32 half of write_places.hpp: the facts about a folder, and the protected folder an elevated WU Doctor makes.
// Volume flags: Microsoft Learn, GetVolumeInformationW (FILE_SUPPORTS_REPARSE_POINTS 0x80, FILE_SUPPORTS_HARD_LINKS
// 0x400000; FAT32 and exFAT report neither). Under Wine every drive reports neither (checked on Wine 8.0: flags 0xa),
// so a Wine prefix behaves like a FAT stick here, whatever Wine says of owners and DACLs (it makes them up from Unix
// permissions and never enforces them); the DACL rules are tested with facts in tests/unit.
#include "wud/write_places.hpp"

#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/win32/security.hpp"

#include <aclapi.h>
#include <algorithm>
#include <cstddef>

namespace wud {

FolderFacts folderFacts(const std::string& folder) {
    FolderFacts facts;
    const std::wstring wide = widen(folder);
    const DWORD attributes = ::GetFileAttributesW(wide.c_str());
    facts.exists = attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    if (!facts.exists) return facts;
    // A folder that is itself a junction or symbolic link is redirected already: treat it as one where links exist.
    const bool reparse = (attributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
    wchar_t root[MAX_PATH + 1] = {};
    DWORD flags = 0;
    if (::GetVolumePathNameW(wide.c_str(), root, MAX_PATH) &&
        ::GetVolumeInformationW(root, nullptr, 0, nullptr, nullptr, &flags, nullptr, 0))
        facts.linksPossible = reparse || (flags & (FILE_SUPPORTS_REPARSE_POINTS | FILE_SUPPORTS_HARD_LINKS)) != 0;
    UniqueLocalMem<void> descriptor;
    if (::GetNamedSecurityInfoW(wide.c_str(), SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                nullptr, nullptr, nullptr, nullptr, descriptor.put()) == ERROR_SUCCESS) {
        const std::string owner = sddlOf(descriptor.get(), OWNER_SECURITY_INFORMATION);  // "O:BA"
        facts.ownerSid = owner.starts_with("O:") ? owner.substr(2) : std::string();
        facts.daclSddl = sddlOf(descriptor.get(), DACL_SECURITY_INFORMATION);
    }
    return facts;
}

bool besideExeSafe(const std::string& exeDir) {
    if (exeDir.empty() || !safeForElevatedWrites(folderFacts(exeDir))) return false;
    const FolderFacts logs = folderFacts(exeDir + "\\" + std::string(log::kExeFolderName));
    return !logs.exists || safeForElevatedWrites(logs);
}

bool ensureProtectedLogFolder(const std::string& folder) {
    const UniqueLocalMem<void> descriptor = securityDescriptorFrom(kProtectedFolderSddl);
    if (!descriptor) return false;
    SECURITY_ATTRIBUTES attributes{sizeof(attributes), descriptor.get(), FALSE};
    const std::string parent = folder.substr(0, folder.find_last_of('\\'));
    for (const std::string& level : {parent, folder}) {
        ::CreateDirectoryW(widen(level).c_str(), &attributes);  // exists already: checked below, never trusted blindly
        if (!safeForElevatedWrites(folderFacts(level)))
            return false;  // made by someone else first (a standard user can make folders in ProgramData)
    }
    return true;
}

namespace {

std::string windowsFolder() {
    wchar_t buffer[MAX_PATH + 1] = {};
    const UINT n = ::GetWindowsDirectoryW(buffer, MAX_PATH);
    return n > 0 && n <= MAX_PATH ? narrow(std::wstring_view(buffer, n)) : std::string();
}

std::string tempFolder() {
    wchar_t buffer[MAX_PATH + 2] = {};
    const DWORD n = ::GetTempPathW(MAX_PATH + 1, buffer);
    return n > 0 && n <= MAX_PATH + 1 ? narrow(std::wstring_view(buffer, n)) : std::string();
}

/// A copy that will be gone: run as SYSTEM (Intune, PsExec -s), or from a temporary folder, or where PsExec -c and
/// PAExec put the copy they delete afterwards: ADMIN$, i.e. %SystemRoot% (Sysinternals PsExec "-c Copy the
/// specified program to the remote system"; PAExec's "-cnodel: don't delete copied files" says they are deleted).
bool transientForThisProcess(const std::string& exeDir) {
    const std::string windows = windowsFolder();
    std::vector<std::string> temporary{tempFolder()};
    if (!windows.empty()) temporary.push_back(windows + "\\Temp");
    return runsAsSystem() || transientExe(exeDir, temporary, {windows});
}

}  // namespace

std::vector<log::Place> logPlacesForThisProcess(const std::string& exeDir) {
    const bool elevated = isElevated();
    const bool safe = elevated && besideExeSafe(exeDir);
    const std::string programData = programDataFolder();
    std::vector<log::Place> places =
        logPlaces(exeDir, safe, localAppData(), programData, elevated, transientForThisProcess(exeDir));
    if (elevated)
        std::erase_if(places, [&](const log::Place& p) {
            return p.folder == protectedLogFolder(programData) && !ensureProtectedLogFolder(p.folder);
        });
    return places;
}

log::Setup openLog(const std::string& exeDir) {
    return log::init(logPlacesForThisProcess(exeDir),
                     exeDir.empty() ? std::string() : exeDir + "\\" + std::string(log::kExeFolderName));
}

bool runsAsSystem() {
    HANDLE token = nullptr;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, &token)) return false;
    alignas(TOKEN_USER) std::byte buffer[sizeof(TOKEN_USER) + SECURITY_MAX_SID_SIZE] = {};
    DWORD size = 0;
    const bool read = ::GetTokenInformation(token, TokenUser, buffer, sizeof buffer, &size) != FALSE;
    ::CloseHandle(token);
    return read && ::IsWellKnownSid(reinterpret_cast<TOKEN_USER*>(buffer)->User.Sid, WinLocalSystemSid) != FALSE;
}

std::string openLogIn(const std::string& dir, log::Setup& setup) {
    const bool elevated = isElevated();
    std::string folder = dir;
    while (folder.size() > 3 && (folder.back() == '\\' || folder.back() == '/')) folder.pop_back();
    if (elevated) {
        // Made with our own permissions when missing (its parent is checked below all the same).
        bool made = false;
        if (const UniqueLocalMem<void> descriptor = securityDescriptorFrom(kProtectedFolderSddl)) {
            SECURITY_ATTRIBUTES attributes{sizeof(attributes), descriptor.get(), FALSE};
            made = ::CreateDirectoryW(widen(folder).c_str(), &attributes) != FALSE;
        }
        const std::size_t slash = folder.find_last_of("\\/");
        const std::string parent = slash == std::string::npos ? folder : folder.substr(0, std::max<std::size_t>(slash, 3));
        const std::string problem = logDirProblem(dir, folderFacts(folder), folderFacts(parent), elevated);
        if (!problem.empty()) {
            if (made) ::RemoveDirectoryW(widen(folder).c_str());  // refused: leave nothing behind
            return problem;
        }
    } else {
        ::CreateDirectoryW(widen(folder).c_str(), nullptr);
    }
    setup = log::init(std::vector<log::Place>{{folder, false}}, std::string());
    return {};
}

std::string elevatedLogFolderForThisExe(const std::string& exeDir) {
    return elevatedLogFolder(exeDir, besideExeSafe(exeDir), programDataFolder());
}

}  // namespace wud

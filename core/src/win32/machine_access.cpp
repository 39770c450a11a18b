// The real MachineAccess: registry, files, free space, domain join, through the plain Win32 API; its scheduled
// tasks through the Task Scheduler (tasks.cpp).
#include "wud/win32/machine_access.hpp"

#include "wud/system.hpp"  // widen / narrow
#include "wud/text.hpp"    // environmentVariable
#include "wud/win32/handle.hpp"
#include "wud/win32/security.hpp"

#include "tasks.hpp"

#include <string>
#include <vector>

namespace wud {
namespace {

struct KeyPath {
    HKEY root = nullptr;
    std::wstring subkey;
};

// "HKLM\SOFTWARE\..." -> (HKEY_LOCAL_MACHINE, L"SOFTWARE\..."). Only the roots the checks use.
KeyPath splitKey(std::string_view key) {
    const auto slash = key.find('\\');
    const std::string_view root = key.substr(0, slash);
    KeyPath path;
    if (root == "HKLM" || root == "HKEY_LOCAL_MACHINE") path.root = HKEY_LOCAL_MACHINE;
    else if (root == "HKCU" || root == "HKEY_CURRENT_USER") path.root = HKEY_CURRENT_USER;
    if (slash != std::string_view::npos) path.subkey = widen(key.substr(slash + 1));
    return path;
}

// The 64-bit view whatever our bitness: the policies and service keys live there.
constexpr REGSAM kView = KEY_WOW64_64KEY;

UniqueHkey openKey(std::string_view key, REGSAM access) {
    const KeyPath path = splitKey(key);
    UniqueHkey handle;
    if (path.root != nullptr) ::RegOpenKeyExW(path.root, path.subkey.c_str(), 0, access | kView, handle.put());
    return handle;
}

Win32Error lastError() noexcept {
    const DWORD error = ::GetLastError();
    return error != 0 ? error : ERROR_GEN_FAILURE;
}

class Win32MachineAccess final : public MachineAccess {
public:
    std::optional<RegValue> readValue(std::string_view key, std::string_view name) override {
        const UniqueHkey handle = openKey(key, KEY_QUERY_VALUE);
        if (!handle) return std::nullopt;
        const std::wstring wideName = widen(name);
        RegValue value;
        DWORD type = 0, size = 0;
        // Grow and retry: the value may grow between the two calls.
        for (int attempt = 0; attempt < 4; ++attempt) {
            LSTATUS status = ::RegQueryValueExW(handle.get(), wideName.c_str(), nullptr, &type, nullptr, &size);
            if (status != ERROR_SUCCESS) return std::nullopt;
            value.data.resize(size);
            status = ::RegQueryValueExW(handle.get(), wideName.c_str(), nullptr, &type, value.data.data(), &size);
            if (status == ERROR_SUCCESS) {
                value.data.resize(size);
                value.type = type;
                return value;
            }
            if (status != ERROR_MORE_DATA) return std::nullopt;
        }
        return std::nullopt;
    }

    bool keyExists(std::string_view key) override { return static_cast<bool>(openKey(key, KEY_QUERY_VALUE)); }

    Win32Error writeValue(std::string_view key, std::string_view name, const RegValue& value) override {
        const KeyPath path = splitKey(key);
        if (path.root == nullptr) return ERROR_INVALID_PARAMETER;
        UniqueHkey handle;
        LSTATUS status = ::RegCreateKeyExW(path.root, path.subkey.c_str(), 0, nullptr, 0, KEY_SET_VALUE | kView, nullptr,
                                           handle.put(), nullptr);
        if (status != ERROR_SUCCESS) return static_cast<Win32Error>(status);
        status = ::RegSetValueExW(handle.get(), widen(name).c_str(), 0, value.type, value.data.data(),
                                  static_cast<DWORD>(value.data.size()));
        return static_cast<Win32Error>(status);
    }

    Win32Error deleteValue(std::string_view key, std::string_view name) override {
        const UniqueHkey handle = openKey(key, KEY_SET_VALUE);
        if (!handle) return ERROR_FILE_NOT_FOUND;
        return static_cast<Win32Error>(::RegDeleteValueW(handle.get(), widen(name).c_str()));
    }

    std::optional<std::string> keySecurity(std::string_view key) override {
        const UniqueHkey handle = openKey(key, READ_CONTROL);
        if (!handle) return std::nullopt;
        DWORD size = 0;
        ::RegGetKeySecurity(handle.get(), DACL_SECURITY_INFORMATION, nullptr, &size);
        std::vector<std::uint8_t> buffer(size);
        if (size == 0 || ::RegGetKeySecurity(handle.get(), DACL_SECURITY_INFORMATION, buffer.data(), &size) != ERROR_SUCCESS)
            return std::nullopt;
        std::string sddl = sddlOf(buffer.data(), DACL_SECURITY_INFORMATION);
        if (sddl.empty()) return std::nullopt;
        return sddl;
    }

    Win32Error setKeySecurity(std::string_view key, std::string_view sddl) override {
        const UniqueLocalMem<void> descriptor = securityDescriptorFrom(sddl);
        if (!descriptor) return lastError();
        const UniqueHkey handle = openKey(key, WRITE_DAC);
        if (!handle) return ERROR_ACCESS_DENIED;
        return static_cast<Win32Error>(::RegSetKeySecurity(handle.get(), DACL_SECURITY_INFORMATION, descriptor.get()));
    }

    Win32Error createKey(std::string_view key, std::string_view sddl) override {
        const KeyPath path = splitKey(key);
        if (path.root == nullptr) return ERROR_INVALID_PARAMETER;
        const UniqueLocalMem<void> descriptor = securityDescriptorFrom(sddl);
        if (!descriptor) return lastError();
        SECURITY_ATTRIBUTES attributes{sizeof(attributes), descriptor.get(), FALSE};
        UniqueHkey handle;
        DWORD disposition = 0;
        const LSTATUS status = ::RegCreateKeyExW(path.root, path.subkey.c_str(), 0, nullptr, REG_OPTION_NON_VOLATILE,
                                                 KEY_QUERY_VALUE | WRITE_DAC | kView, &attributes, handle.put(), &disposition);
        if (status != ERROR_SUCCESS) return static_cast<Win32Error>(status);
        // Windows gives a new key the descriptor above. Wine ignores it at creation but keeps one set afterwards.
        if (disposition == REG_CREATED_NEW_KEY) {
            if (const LSTATUS set = ::RegSetKeySecurity(handle.get(), DACL_SECURITY_INFORMATION, descriptor.get()); set != ERROR_SUCCESS)
                return static_cast<Win32Error>(set);
        }
        return 0;
    }

    bool fileExists(std::string_view path) override {
        const DWORD attributes = ::GetFileAttributesW(widen(path).c_str());
        return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
    }

    std::optional<std::string> readFile(std::string_view path) override {
        const UniqueFile file(::CreateFileW(widen(path).c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                            nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr));
        if (!file) return std::nullopt;
        std::string bytes;
        char buffer[16384];
        DWORD got = 0;
        while (::ReadFile(file.get(), buffer, sizeof buffer, &got, nullptr) && got > 0) bytes.append(buffer, got);
        return bytes;
    }

    Win32Error replaceFile(std::string_view path, std::string_view bytes) override {
        const std::wstring target = widen(path);
        const std::wstring temp = target + L".wudoctor-tmp";
        {
            const UniqueFile file(::CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr));
            if (!file) return lastError();
            DWORD written = 0;
            if (!::WriteFile(file.get(), bytes.data(), static_cast<DWORD>(bytes.size()), &written, nullptr) ||
                written != bytes.size()) {
                const Win32Error error = lastError();
                ::DeleteFileW(temp.c_str());
                return error;
            }
            ::FlushFileBuffers(file.get());  // the bytes are on disk before the rename makes them the file
        }
        if (!::MoveFileExW(temp.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
            const Win32Error error = lastError();
            ::DeleteFileW(temp.c_str());
            return error;
        }
        return 0;
    }

    Win32Error moveFile(std::string_view from, std::string_view to) override {
        // No REPLACE_EXISTING: a repair never overwrites a file that is there.
        if (!::MoveFileExW(widen(from).c_str(), widen(to).c_str(), MOVEFILE_WRITE_THROUGH)) return lastError();
        return 0;
    }

    std::optional<std::uint64_t> freeBytes(std::string_view path) override {
        ULARGE_INTEGER available{};
        if (!::GetDiskFreeSpaceExW(widen(path).c_str(), &available, nullptr, nullptr)) return std::nullopt;
        return available.QuadPart;
    }

    bool pathExists(std::string_view path) override {
        return ::GetFileAttributesW(widen(path).c_str()) != INVALID_FILE_ATTRIBUTES;
    }

    std::optional<std::vector<DirEntry>> listFolder(std::string_view folder) override {
        const std::wstring base = widen(folder);
        const DWORD attributes = ::GetFileAttributesW(base.c_str());
        if (attributes == INVALID_FILE_ATTRIBUTES || (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) return std::nullopt;
        WIN32_FIND_DATAW data{};
        const HANDLE find = ::FindFirstFileExW((base + L"\\*").c_str(), FindExInfoBasic, &data, FindExSearchNameMatch, nullptr, 0);
        if (find == INVALID_HANDLE_VALUE) return ::GetLastError() == ERROR_FILE_NOT_FOUND ? std::optional(std::vector<DirEntry>{}) : std::nullopt;
        std::vector<DirEntry> entries;
        do {
            const std::wstring_view name(data.cFileName);
            if (name == L"." || name == L"..") continue;
            const bool folder = (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
            // A junction or symbolic link is listed, never followed (its size is not ours to count or delete).
            entries.push_back(DirEntry{narrow(name), folder && (data.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) == 0,
                                       folder ? 0 : (static_cast<std::uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow});
        } while (::FindNextFileW(find, &data));
        ::FindClose(find);
        return entries;
    }

    Win32Error movePath(std::string_view from, std::string_view to) override {
        // No REPLACE_EXISTING (never over something), no COPY_ALLOWED (a folder is renamed in place, never copied).
        if (!::MoveFileExW(widen(from).c_str(), widen(to).c_str(), MOVEFILE_WRITE_THROUGH)) return lastError();
        return 0;
    }

    Win32Error deleteTree(std::string_view path) override {
        const std::wstring wide = widen(path);
        const DWORD attributes = ::GetFileAttributesW(wide.c_str());
        if (attributes == INVALID_FILE_ATTRIBUTES) return lastError();
        if ((attributes & FILE_ATTRIBUTE_READONLY) != 0) ::SetFileAttributesW(wide.c_str(), attributes & ~FILE_ATTRIBUTE_READONLY);
        if ((attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) return ::DeleteFileW(wide.c_str()) ? 0 : lastError();
        if ((attributes & FILE_ATTRIBUTE_REPARSE_POINT) == 0) {  // a link: remove the link, not what it points to
            if (const auto entries = listFolder(path))
                for (const DirEntry& e : *entries)
                    if (const Win32Error error = deleteTree(std::string(path) + "\\" + e.name); error != 0) return error;
        }
        return ::RemoveDirectoryW(wide.c_str()) ? 0 : lastError();
    }

    Win32Error createFolderLike(std::string_view path, std::string_view like) override {
        // The model's owner and DACL (inherited entries included, as they are now), given to the new folder at creation:
        // it never exists with other permissions, even for a moment.
        constexpr SECURITY_INFORMATION kWhat = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
        DWORD size = 0;
        ::GetFileSecurityW(widen(like).c_str(), kWhat, nullptr, 0, &size);
        std::vector<std::uint8_t> descriptor(size);
        SECURITY_ATTRIBUTES attributes{sizeof(attributes), nullptr, FALSE};
        if (size != 0 && ::GetFileSecurityW(widen(like).c_str(), kWhat, descriptor.data(), size, &size))
            attributes.lpSecurityDescriptor = descriptor.data();
        else
            return lastError();
        return ::CreateDirectoryW(widen(path).c_str(), &attributes) ? 0 : lastError();
    }

    Win32Error removeEmptyFolder(std::string_view path) override {
        return ::RemoveDirectoryW(widen(path).c_str()) ? 0 : lastError();
    }

    // Known folders, never the environment: a standard user's ALLUSERSPROFILE would point the cache reset elsewhere.
    std::string programData() override { return programDataFolder(); }

    std::string systemRoot() override {
        wchar_t buffer[MAX_PATH];
        const UINT length = ::GetSystemWindowsDirectoryW(buffer, MAX_PATH);
        return length > 0 && length < MAX_PATH ? narrow(std::wstring_view(buffer, length)) : std::string("C:\\Windows");
    }

    std::optional<bool> domainJoined() override {
        // NetGetJoinInformation lives in netapi32, which is not a KnownDLL: load it from System32 by full search
        // rule (never beside the exe), and only when asked, so the import table stays KnownDLL-only.
        using JoinInfo = DWORD(WINAPI*)(LPCWSTR, LPWSTR*, int*);
        using BufferFree = DWORD(WINAPI*)(LPVOID);
        struct Library {
            HMODULE module = ::LoadLibraryExW(L"netapi32.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
            ~Library() {
                if (module != nullptr) ::FreeLibrary(module);
            }
        } library;
        if (library.module == nullptr) return std::nullopt;
        const auto join = reinterpret_cast<JoinInfo>(reinterpret_cast<void*>(::GetProcAddress(library.module, "NetGetJoinInformation")));
        const auto release = reinterpret_cast<BufferFree>(reinterpret_cast<void*>(::GetProcAddress(library.module, "NetApiBufferFree")));
        if (join == nullptr || release == nullptr) return std::nullopt;
        LPWSTR name = nullptr;
        int status = 0;  // NETSETUP_JOIN_STATUS: 3 = NetSetupDomainName
        if (join(nullptr, &name, &status) != 0) return std::nullopt;
        if (name != nullptr) release(name);
        return status == 3;
    }

    std::string computerName() override {
        wchar_t buffer[MAX_COMPUTERNAME_LENGTH + 1];
        DWORD size = MAX_COMPUTERNAME_LENGTH + 1;
        return ::GetComputerNameW(buffer, &size) ? narrow(std::wstring_view(buffer, size)) : std::string();
    }

    std::vector<TaskFolderRead> scheduledTasks(const std::vector<std::string>& folders) override {
        return readScheduledTasks(folders);
    }
};

}  // namespace

std::unique_ptr<MachineAccess> makeWin32MachineAccess() { return std::make_unique<Win32MachineAccess>(); }

}  // namespace wud

// The Windows half of text.hpp: UTF-8 <-> UTF-16 and the environment.
#include "wud/text.hpp"

#include "wud/win32/handle.hpp"

#include <shlobj.h>

namespace wud {

std::wstring widen(std::string_view utf8) {
    if (utf8.empty()) return {};
    // No MB_ERR_INVALID_CHARS: a stray invalid byte becomes U+FFFD rather than an empty string.
    const int size = ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(size), L'\0');
    ::MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), size);
    return out;
}

std::string narrow(std::wstring_view utf16) {
    if (utf16.empty()) return {};
    const int size = ::WideCharToMultiByte(CP_UTF8, 0, utf16.data(), static_cast<int>(utf16.size()), nullptr, 0,
                                           nullptr, nullptr);
    std::string out(static_cast<std::size_t>(size), '\0');
    ::WideCharToMultiByte(CP_UTF8, 0, utf16.data(), static_cast<int>(utf16.size()), out.data(), size, nullptr,
                          nullptr);
    return out;
}

std::string environmentVariable(std::string_view name) {
    const std::wstring wideName = widen(name);
    std::wstring value(MAX_PATH, L'\0');
    for (;;) {
        // The size it returns counts the terminating null when the buffer was too small, and not when it fitted.
        const DWORD length = ::GetEnvironmentVariableW(wideName.c_str(), value.data(), static_cast<DWORD>(value.size()));
        if (length == 0) return {};
        if (length < value.size()) {
            value.resize(length);
            return narrow(value);
        }
        value.resize(length);
    }
}

std::string localAppData() {
    std::string path = environmentVariable("LOCALAPPDATA");
    if (!path.empty()) return path;
    UniqueCoTaskMem<wchar_t> known;
    if (SUCCEEDED(::SHGetKnownFolderPath(FOLDERID_LocalAppData, 0, nullptr, known.put())) && known)
        path = narrow(known.get());
    return path;
}

std::string programDataFolder() {
    UniqueCoTaskMem<wchar_t> known;
    if (SUCCEEDED(::SHGetKnownFolderPath(FOLDERID_ProgramData, 0, nullptr, known.put())) && known) return narrow(known.get());
    wchar_t windows[MAX_PATH];
    const UINT length = ::GetSystemWindowsDirectoryW(windows, MAX_PATH);
    return (length >= 2 ? narrow(std::wstring_view(windows, 2)) : std::string("C:")) + "\\ProgramData";
}

}  // namespace wud

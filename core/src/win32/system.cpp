// The Windows half of system.hpp: rights, the real OS version, what handlers exist, launching things.
#include "wud/system.hpp"

#include "wud/error_text.hpp"  // lastError
#include "wud/win32/handle.hpp"

#include <objbase.h>
#include <shellapi.h>

#include <string>

namespace wud {
namespace {

// ShellExecuteEx may hand the request to a shell extension or a protocol handler activated through COM,
// so Microsoft asks for COM on the calling thread (apartment-threaded, OLE1 DDE off). Our callers may be a
// worker thread that never initialised it. If the thread already has COM in another mode, that works as is.
class ComScope {
public:
    ComScope() noexcept
        : initialized_(SUCCEEDED(::CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE))) {}
    ~ComScope() {
        if (initialized_) ::CoUninitialize();
    }
    ComScope(const ComScope&) = delete;
    ComScope& operator=(const ComScope&) = delete;

private:
    bool initialized_;
};

// Runs ShellExecuteExW. SEE_MASK_FLAG_NO_UI: failures come back to us as codes (we explain them) instead of
// a shell message box; SEE_MASK_NOASYNC: the CLI may exit right after, which must not cut the launch short.
LaunchResult shellExecute(SHELLEXECUTEINFOW& info) {
    info.cbSize = sizeof info;
    info.fMask |= SEE_MASK_FLAG_NO_UI | SEE_MASK_NOASYNC;
    info.nShow = SW_SHOWNORMAL;
    const ComScope com;
    LaunchResult result;
    if (::ShellExecuteExW(&info)) {
        result.ok = true;
        return result;
    }
    result.error = lastError();
    result.declined = result.error == ERROR_CANCELLED;  // 1223: the user said No to UAC
    return result;
}

std::wstring systemDirectory() {
    std::wstring path(MAX_PATH, L'\0');
    for (;;) {
        const UINT length = ::GetSystemDirectoryW(path.data(), static_cast<UINT>(path.size()));
        if (length == 0) return {};
        if (length < path.size()) {
            path.resize(length);
            return path;
        }
        path.resize(length);  // too small: length is the size needed, terminator included
    }
}

bool fileExists(const std::wstring& path) {
    const DWORD attributes = ::GetFileAttributesW(path.c_str());
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

// A URL protocol is registered when HKCR\<scheme> carries the "URL Protocol" value: that is what the shell
// itself checks before it hands a "<scheme>:" URI to a handler. HKCR merges HKCU\Software\Classes (per-user
// registrations, where packaged apps such as Get Help put theirs) over HKLM\Software\Classes.
bool urlProtocolRegistered(const wchar_t* scheme) {
    UniqueHkey key;
    if (::RegOpenKeyExW(HKEY_CLASSES_ROOT, scheme, 0, KEY_QUERY_VALUE, key.put()) != ERROR_SUCCESS) return false;
    return ::RegQueryValueExW(key.get(), L"URL Protocol", nullptr, nullptr, nullptr, nullptr) == ERROR_SUCCESS;
}

std::wstring currentDirectory() {
    const DWORD size = ::GetCurrentDirectoryW(0, nullptr);
    if (size == 0) return {};
    std::wstring path(size, L'\0');
    const DWORD length = ::GetCurrentDirectoryW(size, path.data());
    path.resize(length < size ? length : 0);
    return path;
}

}  // namespace

bool isElevated() {
    UniqueHandle token;
    if (!::OpenProcessToken(::GetCurrentProcess(), TOKEN_QUERY, token.put())) return false;
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    if (!::GetTokenInformation(token.get(), TokenElevation, &elevation, sizeof elevation, &size)) return false;
    return elevation.TokenIsElevated != 0;
}

OsVersion osVersion() {
    // GetVersionEx answers with the newest version our manifest declares (or 6.2 without one); RtlGetVersion
    // tells the truth. It is not in the import libraries of every SDK, hence GetProcAddress.
    using RtlGetVersionFn = LONG(WINAPI*)(RTL_OSVERSIONINFOW*);
    const HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
    if (ntdll == nullptr) return {};
    const auto rtlGetVersion =
        reinterpret_cast<RtlGetVersionFn>(reinterpret_cast<void*>(::GetProcAddress(ntdll, "RtlGetVersion")));
    if (rtlGetVersion == nullptr) return {};
    RTL_OSVERSIONINFOW info{};
    info.dwOSVersionInfoSize = sizeof info;
    if (rtlGetVersion(&info) != 0) return {};
    return {info.dwMajorVersion, info.dwMinorVersion, info.dwBuildNumber};
}

LaunchHandlers detectHandlers() {
    LaunchHandlers handlers;
    handlers.getHelp = urlProtocolRegistered(L"ms-contact-support");
    // System32 as this process sees it: a 64-bit exe sees the real one (no WOW64 redirection to think about).
    const std::wstring system = systemDirectory();
    handlers.msdt = !system.empty() && fileExists(system + L"\\msdt.exe");
    return handlers;
}

LaunchResult launch(const LaunchTarget& target) {
    const std::wstring file = widen(target.file);
    const std::wstring parameters = widen(target.parameters);
    SHELLEXECUTEINFOW info{};
    info.lpVerb = nullptr;  // the default verb ("open" for URIs, exes and .msc alike)
    info.lpFile = file.c_str();
    info.lpParameters = parameters.empty() ? nullptr : parameters.c_str();
    return shellExecute(info);
}

LaunchResult relaunchElevated(const std::vector<std::string>& args, bool wait, std::uint32_t* exitCode,
                              const std::function<void(std::uint32_t pid)>& started) {
    const std::wstring exe = widen(exePath());
    const std::wstring parameters = widen(joinCommandLine(args));
    // An elevated process starts in System32 unless told otherwise: keep ours, so relative paths in the
    // arguments mean the same thing to the new process.
    const std::wstring directory = currentDirectory();
    SHELLEXECUTEINFOW info{};
    info.fMask = wait ? SEE_MASK_NOCLOSEPROCESS : 0;
    info.lpVerb = L"runas";
    info.lpFile = exe.c_str();
    info.lpParameters = parameters.empty() ? nullptr : parameters.c_str();
    info.lpDirectory = directory.empty() ? nullptr : directory.c_str();
    LaunchResult result = shellExecute(info);
    const UniqueHandle process(info.hProcess);  // null unless wait (and success)
    if (!result.ok || !wait) return result;
    if (!process) return result;  // started through DDE or similar: nothing to wait for (not for an exe)
    if (started) started(::GetProcessId(process.get()));

    if (::WaitForSingleObject(process.get(), INFINITE) != WAIT_OBJECT_0) {
        result.ok = false;
        result.error = lastError();
        return result;
    }
    DWORD code = 0;
    if (!::GetExitCodeProcess(process.get(), &code)) {
        result.ok = false;
        result.error = lastError();
        return result;
    }
    if (exitCode != nullptr) *exitCode = code;
    return result;
}

std::string exePath() {
    std::wstring path(MAX_PATH, L'\0');
    for (;;) {
        const DWORD length = ::GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
        if (length == 0) return {};
        if (length < path.size()) {  // equal means truncated (long paths can exceed MAX_PATH)
            path.resize(length);
            return narrow(path);
        }
        path.resize(path.size() * 2);
    }
}

std::string exeFolder() {
    const std::string path = exePath();
    const auto slash = path.find_last_of("\\/");
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}
}  // namespace wud

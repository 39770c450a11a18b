// Win32Sfc: runs System32\sfc.exe and reads CBS.log.
//
// - sfc.exe by full path from GetSystemDirectoryW: System32 is writable only by administrators and
//   TrustedInstaller, so an elevated WU Doctor never runs a program a standard user could have put there.
// - Its output goes to a pipe (sfc writes UTF-16LE when redirected; SfcOutputReader reads it). It gets its own
//   hidden console (CREATE_NO_WINDOW) and process group, so a Ctrl+C in the technician's console never reaches it:
//   SFC cannot be stopped safely (KB929833: "Do not close this Command Prompt window until the verification is
//   100% complete"). Only the pipe and NUL are inherited (PROC_THREAD_ATTRIBUTE_HANDLE_LIST).
// - CBS.log (%windir%\Logs\CBS\CBS.log, KB928228) is opened with full sharing: Windows Modules Installer keeps it
//   open for writing. Only what was added during the run is read, and at most kMaxRead bytes of it.
#include "wud/win32/sfc.hpp"

#include "wud/error_text.hpp"
#include "wud/text.hpp"
#include "wud/win32/handle.hpp"

#include <vector>

namespace wud {
namespace {

constexpr std::uint64_t kMaxRead = 256ull * 1024 * 1024;  // one SFC run writes a few MB; never hold more than this

std::wstring systemDirectory() {
    wchar_t buffer[MAX_PATH];
    const UINT n = ::GetSystemDirectoryW(buffer, MAX_PATH);
    return n == 0 || n >= MAX_PATH ? std::wstring(L"C:\\Windows\\System32") : std::wstring(buffer, n);
}

std::wstring windowsDirectory() {
    wchar_t buffer[MAX_PATH];
    const UINT n = ::GetSystemWindowsDirectoryW(buffer, MAX_PATH);
    return n == 0 || n >= MAX_PATH ? std::wstring(L"C:\\Windows") : std::wstring(buffer, n);
}

std::wstring sfcPath() { return systemDirectory() + L"\\sfc.exe"; }

}  // namespace

bool Win32Sfc::available() {
    const DWORD attributes = ::GetFileAttributesW(sfcPath().c_str());
    return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

std::string Win32Sfc::cbsLogPath() { return narrow(windowsDirectory() + L"\\Logs\\CBS\\CBS.log"); }

std::optional<std::uint64_t> Win32Sfc::cbsLogSize() {
    WIN32_FILE_ATTRIBUTE_DATA data{};
    if (!::GetFileAttributesExW(widen(cbsLogPath()).c_str(), GetFileExInfoStandard, &data)) return std::nullopt;
    return (std::uint64_t{data.nFileSizeHigh} << 32) | data.nFileSizeLow;
}

std::optional<std::string> Win32Sfc::readCbsLog(std::uint64_t offset) {
    const UniqueFile file(::CreateFileW(widen(cbsLogPath()).c_str(), GENERIC_READ,
                                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                        FILE_ATTRIBUTE_NORMAL | FILE_FLAG_SEQUENTIAL_SCAN, nullptr));
    if (!file) return std::nullopt;
    LARGE_INTEGER size{};
    if (!::GetFileSizeEx(file.get(), &size)) return std::nullopt;
    const auto total = static_cast<std::uint64_t>(size.QuadPart);
    if (offset >= total) return std::string();
    if (total - offset > kMaxRead) offset = total - kMaxRead;  // the run's end holds its result
    LARGE_INTEGER at{};
    at.QuadPart = static_cast<LONGLONG>(offset);
    if (!::SetFilePointerEx(file.get(), at, nullptr, FILE_BEGIN)) return std::nullopt;
    std::string text;
    text.reserve(static_cast<std::size_t>(total - offset));
    std::vector<char> buffer(1 << 16);
    for (;;) {
        DWORD got = 0;
        if (!::ReadFile(file.get(), buffer.data(), static_cast<DWORD>(buffer.size()), &got, nullptr)) return std::nullopt;
        if (got == 0) break;
        text.append(buffer.data(), got);
        if (text.size() >= kMaxRead) break;
    }
    return text;
}

SfcExit Win32Sfc::run(bool verifyOnly, const std::function<void(std::string_view bytes)>& output) {
    SfcExit exit;
    SECURITY_ATTRIBUTES inherit{sizeof inherit, nullptr, TRUE};
    HANDLE readEnd = nullptr, writeEnd = nullptr;
    if (!::CreatePipe(&readEnd, &writeEnd, &inherit, 0)) {
        exit.error = lastError();
        return exit;
    }
    const UniqueHandle pipeRead(readEnd);
    UniqueHandle pipeWrite(writeEnd);
    ::SetHandleInformation(readEnd, HANDLE_FLAG_INHERIT, 0);
    const UniqueFile nul(::CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, OPEN_EXISTING,
                                       0, nullptr));

    // Only these two handles reach sfc.exe.
    std::vector<HANDLE> handles{writeEnd};
    if (nul) handles.push_back(nul.get());
    SIZE_T listBytes = 0;
    ::InitializeProcThreadAttributeList(nullptr, 1, 0, &listBytes);
    std::vector<unsigned char> listMemory(listBytes);
    auto* list = reinterpret_cast<LPPROC_THREAD_ATTRIBUTE_LIST>(listMemory.data());
    const bool haveList = listBytes > 0 && ::InitializeProcThreadAttributeList(list, 1, 0, &listBytes) &&
                          ::UpdateProcThreadAttribute(list, 0, PROC_THREAD_ATTRIBUTE_HANDLE_LIST, handles.data(),
                                                      handles.size() * sizeof(HANDLE), nullptr, nullptr);

    STARTUPINFOEXW startup{};
    startup.StartupInfo.cb = haveList ? sizeof startup : sizeof startup.StartupInfo;
    startup.StartupInfo.dwFlags = STARTF_USESTDHANDLES;
    startup.StartupInfo.hStdInput = nul ? nul.get() : nullptr;
    startup.StartupInfo.hStdOutput = writeEnd;
    startup.StartupInfo.hStdError = writeEnd;
    startup.lpAttributeList = haveList ? list : nullptr;

    const std::wstring application = sfcPath();
    std::wstring commandLine = L"\"" + application + L"\" " + (verifyOnly ? L"/verifyonly" : L"/scannow");
    PROCESS_INFORMATION process{};
    const DWORD flags = CREATE_NO_WINDOW | CREATE_NEW_PROCESS_GROUP | (haveList ? EXTENDED_STARTUPINFO_PRESENT : 0);
    exit.started = ::CreateProcessW(application.c_str(), commandLine.data(), nullptr, nullptr, TRUE, flags, nullptr,
                                    systemDirectory().c_str(), &startup.StartupInfo, &process) != 0;
    if (!exit.started) exit.error = lastError();
    if (haveList) ::DeleteProcThreadAttributeList(list);
    pipeWrite.reset();  // ours: the pipe ends when sfc.exe's copy closes
    if (!exit.started) return exit;
    const UniqueHandle processHandle(process.hProcess), thread(process.hThread);

    char buffer[4096];
    for (;;) {
        DWORD got = 0;
        if (!::ReadFile(pipeRead.get(), buffer, sizeof buffer, &got, nullptr) || got == 0) break;  // broken pipe: sfc ended
        output(std::string_view(buffer, got));
    }
    ::WaitForSingleObject(processHandle.get(), INFINITE);
    DWORD code = 0;
    if (::GetExitCodeProcess(processHandle.get(), &code)) exit.exitCode = code;
    return exit;
}

}  // namespace wud

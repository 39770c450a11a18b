// wud_test_recorder — a stand-in URL-protocol handler for the integration tests.
//
//   wud_test_recorder.exe --out FILE ARG...
//
// Appends one line to FILE: the ARGs, exactly as this process received them, separated by tabs, in UTF-8.
// The tests register it as the handler of ms-settings: and ms-contact-support: in the test prefix, so that
// "WU Doctor opened the troubleshooter" becomes "the recorder got this exact URI".
#include <windows.h>
#include <shellapi.h>

#include <string>

namespace {

std::string toUtf8(const wchar_t* text) {
    const int size = WideCharToMultiByte(CP_UTF8, 0, text, -1, nullptr, 0, nullptr, nullptr);
    if (size <= 1) return {};
    std::string out(static_cast<size_t>(size - 1), '\0');
    WideCharToMultiByte(CP_UTF8, 0, text, -1, out.data(), size, nullptr, nullptr);
    return out;
}

}  // namespace

int main() {
    // The wide command line, not main's argv: that one went through the ANSI code page.
    int argc = 0;
    wchar_t** argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (argv == nullptr || argc < 3 || std::wstring(argv[1]) != L"--out") return 2;

    std::string line;
    for (int i = 3; i < argc; ++i) {
        if (i > 3) line += '\t';
        line += toUtf8(argv[i]);
    }
    line += '\n';

    // The first line goes to a temporary file that is then renamed into place, so FILE never exists empty (a
    // test that sees it may read it at once). Later lines, or a recorder that lost the race for the first one,
    // append with FILE_APPEND_DATA only: each line lands whole at the end even if two recorders run at once.
    const std::wstring target = argv[2];
    const std::wstring temp = target + L"." + std::to_wstring(GetCurrentProcessId()) + L".tmp";
    DWORD written = 0;
    BOOL ok = FALSE;
    if (GetFileAttributesW(target.c_str()) == INVALID_FILE_ATTRIBUTES) {
        const HANDLE file = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
        if (file != INVALID_HANDLE_VALUE) {
            ok = WriteFile(file, line.data(), static_cast<DWORD>(line.size()), &written, nullptr);
            CloseHandle(file);
            ok = ok && MoveFileExW(temp.c_str(), target.c_str(), 0);  // no replace: fails if another got there first
            if (!ok) DeleteFileW(temp.c_str());
        }
    }
    if (!ok) {
        const HANDLE file = CreateFileW(target.c_str(), FILE_APPEND_DATA,
                                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                                        FILE_ATTRIBUTE_NORMAL, nullptr);
        if (file == INVALID_HANDLE_VALUE) return 3;
        ok = WriteFile(file, line.data(), static_cast<DWORD>(line.size()), &written, nullptr);
        CloseHandle(file);
    }
    LocalFree(argv);
    return ok ? 0 : 4;
}

// Elevated relaunch round trip. relaunchElevated(args, wait = true) starts *this* exe again
// with ShellExecuteEx "runas" (under Wine: no prompt, the process is already "elevated"). Started with
// "--echo FILE ...", this exe writes what it received — through the C runtime's argv (what wmain sees, like
// wudoctor) and through CommandLineToArgvW(GetCommandLineW()) — plus its exe path and working directory,
// and exits with 7. Started without arguments, it relaunches itself with tricky arguments, waits, and checks
// that every argument, the exit code and the working directory came through unchanged.
// paths_test.sh runs it from a folder whose path has spaces and non-ASCII characters.
#include "wud/system.hpp"

#include <windows.h>
#include <shellapi.h>

#include <cstdio>
#include <utility>
#include <string>
#include <vector>

namespace {

constexpr DWORD kEchoExitCode = 7;

std::wstring currentDirectory() {
    std::wstring path(GetCurrentDirectoryW(0, nullptr), L'\0');
    path.resize(GetCurrentDirectoryW(static_cast<DWORD>(path.size()), path.data()));
    return path;
}

// Records are NUL-terminated UTF-8 strings (an argument cannot contain NUL); sections end with "\x01".
void put(std::string& out, const std::string& record) {
    out += record;
    out += '\0';
}

int echo(int argc, wchar_t** argv) {
    std::string out;
    put(out, wud::exePath());
    put(out, wud::narrow(currentDirectory()));
    out += "\x01";
    for (int i = 3; i < argc; ++i) put(out, wud::narrow(argv[i]));
    out += "\x01";
    int count = 0;
    LPWSTR* split = CommandLineToArgvW(GetCommandLineW(), &count);
    for (int i = 3; i < count; ++i) put(out, wud::narrow(split[i]));
    LocalFree(split);
    out += "\x01";
    HANDLE file = CreateFileW(argv[2], GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) return 90;
    DWORD written = 0;
    const BOOL ok = WriteFile(file, out.data(), static_cast<DWORD>(out.size()), &written, nullptr);
    CloseHandle(file);
    return ok && written == out.size() ? static_cast<int>(kEchoExitCode) : 91;
}

std::vector<std::vector<std::string>> readSections(const std::wstring& path) {
    std::vector<std::vector<std::string>> sections(1);
    HANDLE file = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING, 0, nullptr);
    if (file == INVALID_HANDLE_VALUE) return {};
    std::string data, record;
    char buffer[4096];
    DWORD got = 0;
    while (ReadFile(file, buffer, sizeof buffer, &got, nullptr) && got > 0) data.append(buffer, got);
    CloseHandle(file);
    for (const char c : data) {
        if (c == '\x01') sections.emplace_back();
        else if (c == '\0') sections.back().push_back(std::exchange(record, {}));
        else record += c;
    }
    sections.pop_back();  // after the last "\x01"
    return sections;
}

std::string show(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& arg : args) out += "<" + arg + "> ";
    return out;
}

int failures = 0;
void check(bool ok, const std::string& what) {
    std::printf("%s %s\n", ok ? "ok  " : "FAIL", what.c_str());
    if (!ok) ++failures;
}

}  // namespace

int wmain(int argc, wchar_t** argv) {
    if (argc >= 3 && std::wstring(argv[1]) == L"--echo") return echo(argc, argv);

    const std::string exe = wud::exePath();
    const std::string folder = exe.substr(0, exe.find_last_of('\\'));
    const std::string outFile = folder + "\\relaunch echo ünï.bin";
    const std::vector<std::string> tricky{
        "two words", "say \"hi\"", "C:\\Program Files\\", "a\\\\\"b", "", "\\\"", "tab\there", "end\\",
        "\"\"", "--json", "Prüfung Ordner ünï\\日本", "😀 x", "\\\\server\\share dir\\", "%PATH%", "a^b&c|d",
    };
    std::vector<std::string> args{"--echo", outFile};
    args.insert(args.end(), tricky.begin(), tricky.end());
    std::printf("relaunching %s elevated with: %s\n", exe.c_str(), wud::joinCommandLine(args).c_str());

    DeleteFileW(wud::widen(outFile).c_str());
    std::uint32_t code = 0;
    const wud::LaunchResult result = wud::relaunchElevated(args, true, &code);
    check(result.ok, "relaunchElevated succeeded (error " + std::to_string(result.error) + ")");
    check(code == kEchoExitCode, "the relaunched process's exit code came back (" + std::to_string(code) + ")");

    const auto sections = readSections(wud::widen(outFile));
    check(sections.size() == 3, "the relaunched process wrote its report");
    if (sections.size() == 3) {
        check(sections[0].size() == 2 && sections[0][0] == exe, "it is the same exe: " + show(sections[0]));
        check(sections[0].size() == 2 && sections[0][1] == wud::narrow(currentDirectory()),
              "it kept the working directory");
        check(sections[1] == tricky, "wmain's argv (C runtime) is unchanged: " + show(sections[1]));
        check(sections[2] == tricky, "CommandLineToArgvW's split is unchanged: " + show(sections[2]));
    }
    DeleteFileW(wud::widen(outFile).c_str());
    std::printf("%s\n", failures == 0 ? "relaunch round trip: all ok" : "relaunch round trip: FAILED");
    return failures == 0 ? 0 : 1;
}

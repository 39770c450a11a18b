#pragma once
// Test-only: how Windows splits a command line back into arguments. A model of CommandLineToArgvW's rules for
// the arguments after the program name (Microsoft's "Parsing C++ command-line arguments", with the one place
// where CommandLineToArgvW differs from the 2008+ CRT: "" inside quotes), to check quoteArgument on the host
// build. Under Wine, parseWithWindows asks the real CommandLineToArgvW, and test_quote_fuzz.cpp checks that
// the model splits random raw lines exactly as it does. Shared by test_system.cpp and test_quote_fuzz.cpp.

#include <string>
#include <string_view>
#include <vector>

#ifdef _WIN32
#include <windows.h>
#include <shellapi.h>
#endif

namespace wud::test {

/// Splits the arguments part of a command line (no program name) the way CommandLineToArgvW does.
inline std::vector<std::string> parseArguments(std::string_view line) {
    std::vector<std::string> args;
    std::size_t i = 0;
    while (true) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size()) break;
        std::string arg;
        bool quoted = false;
        for (; i < line.size(); ++i) {
            const char c = line[i];
            if (!quoted && (c == ' ' || c == '\t')) break;
            if (c == '\\') {
                std::size_t n = 0;
                while (i < line.size() && line[i] == '\\') ++n, ++i;
                if (i < line.size() && line[i] == '"') {
                    arg.append(n / 2, '\\');
                    if (n % 2 == 1) {
                        arg += '"';
                        continue;  // the escaped quote is consumed
                    }
                    --i;  // let the quote toggle below
                } else {
                    arg.append(n, '\\');
                    --i;
                }
                continue;
            }
            if (c == '"') {
                if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
                    // "" inside quotes: a literal quote that also ends the quoted part (CommandLineToArgvW and
                    // msvcrt.dll; the 2008+ MSVC CRT would stay inside the quotes). quoteArgument never writes
                    // "" inside quotes, so both readings agree on its output.
                    arg += '"';
                    quoted = false;
                    ++i;
                    continue;
                }
                quoted = !quoted;
                continue;
            }
            arg += c;
        }
        args.push_back(std::move(arg));
    }
    return args;
}

#ifdef _WIN32
/// The real CommandLineToArgvW on "prog.exe <arguments>", arguments after the program name, as UTF-8.
inline std::vector<std::string> parseWithWindows(const std::string& arguments) {
    const std::string line = "prog.exe " + arguments;
    const int wideSize = MultiByteToWideChar(CP_UTF8, 0, line.c_str(), -1, nullptr, 0);
    std::wstring wide(static_cast<std::size_t>(wideSize), L'\0');
    MultiByteToWideChar(CP_UTF8, 0, line.c_str(), -1, wide.data(), wideSize);
    int count = 0;
    LPWSTR* argv = CommandLineToArgvW(wide.c_str(), &count);
    std::vector<std::string> out;
    for (int i = 1; i < count; ++i) {
        const int size = WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, nullptr, 0, nullptr, nullptr);
        std::string utf8(static_cast<std::size_t>(size), '\0');
        WideCharToMultiByte(CP_UTF8, 0, argv[i], -1, utf8.data(), size, nullptr, nullptr);
        utf8.resize(static_cast<std::size_t>(size) - 1);
        out.push_back(std::move(utf8));
    }
    LocalFree(argv);
    return out;
}
#endif

}  // namespace wud::test

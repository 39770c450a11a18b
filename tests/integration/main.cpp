// The Catch2 main of the integration tests, with one extra mode used by the relaunch test:
//
//   <test exe> --wud-echo-args FILE ARG...   writes each ARG (UTF-8, NUL-terminated) to FILE and exits with 7
//
// relaunchElevated() starts "this exe" again; with this mode the test can check that arguments with spaces,
// quotes, backslashes and non-ASCII text arrive exactly, and that the exit code comes back.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "wud/system.hpp"

#include <windows.h>
#include <shellapi.h>

#include <fstream>
#include <string_view>

namespace {

constexpr int kEchoExitCode = 7;

int echoArguments() {
    // The wide command line: main's argv went through the ANSI code page and would lose non-ASCII text.
    int argc = 0;
    wchar_t** argv = CommandLineToArgvW(GetCommandLineW(), &argc);
    if (argv == nullptr || argc < 3) return 2;
    std::ofstream out(argv[2], std::ios::binary);
    for (int i = 3; i < argc; ++i) out << wud::narrow(argv[i]) << '\0';
    LocalFree(argv);
    return out ? kEchoExitCode : 3;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2 && std::string_view(argv[1]) == "--wud-echo-args") return echoArguments();
    return Catch::Session().run(argc, argv);
}

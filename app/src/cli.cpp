#include "cli.hpp"

#include <cstdio>
#include <cwchar>
#include <windows.h>

namespace wud::app {

int runCli(Subsystem subsystem, int argc, wchar_t** argv) {
    if (subsystem == Subsystem::Gui) {
        // A GUI-subsystem exe has no console: borrow the parent's, if there is one.
        if (AttachConsole(ATTACH_PARENT_PROCESS)) {
            std::freopen("CONOUT$", "w", stdout);
            std::freopen("CONOUT$", "w", stderr);
        }
    }
    for (int i = 1; i < argc; ++i) {
        if (std::wcscmp(argv[i], L"--version") == 0) {
            std::printf("WU Doctor %s\n", WUD_VERSION);
            return 0;
        }
    }
    std::fprintf(stderr, "usage: wudoctor --version\n");
    return 2;
}

}  // namespace wud::app

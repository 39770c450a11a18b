#include "entry.hpp"

#include "cli.hpp"
#include "gui.hpp"

#include <windows.h>

namespace wud::app {

int run(Subsystem subsystem, int argc, wchar_t** argv) {
    // Before anything can load a DLL by bare name (GLFW loads opengl32, dwmapi, xinput... that way):
    // only System32, never the folder the exe runs from (a USB stick others have touched).
    SetDefaultDllDirectories(LOAD_LIBRARY_SEARCH_SYSTEM32);

    if (argc > 1 || subsystem == Subsystem::Console) {
        return runCli(subsystem, argc, argv);
    }
    return runGui();
}

}  // namespace wud::app

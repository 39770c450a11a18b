#include "entry.hpp"

#include "cli.hpp"
#include "window/window.hpp"

#include "wud/log.hpp"

#include <spdlog/logger.h>

#include <windows.h>

#include <cstdlib>
#include <exception>

// What ends the program when an exception escapes everything (a bug): the log says so, then the program stops.
// It is defined under the name of libstdc++'s default handler, which it replaces: that one prints to a stderr
// nobody sees in a GUI program, with a C++ name demangler that alone is 45 KB of the exe.
namespace __gnu_cxx {
void __verbose_terminate_handler() {
    try {
        if (const std::exception_ptr escaped = std::current_exception()) std::rethrow_exception(escaped);
        wud::log::get().critical("fatal: std::terminate called without an exception");
    } catch (const std::exception& e) {
        wud::log::get().critical("fatal: an unexpected error ended WU Doctor: {}", e.what());
    } catch (...) {
        // Nothing more can be said about it, or logging itself failed: stop all the same.
    }
    std::abort();
}
}  // namespace __gnu_cxx

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

// Entry point shared by wudoctor.exe (GUI subsystem) and wudoctor.com (console subsystem).
#include "entry.hpp"

#include <windows.h>

#if WUD_CONSOLE_SUBSYSTEM
int wmain(int argc, wchar_t** argv) {
    return wud::app::run(wud::app::Subsystem::Console, argc, argv);
}
#else
int WINAPI wWinMain(HINSTANCE, HINSTANCE, PWSTR, int) {
    return wud::app::run(wud::app::Subsystem::Gui, __argc, __wargv);
}
#endif

// GLFW's Win32 joystick layer, replaced by one that does nothing: WU Doctor's window takes no gamepad input.
//
// GLFW 3.3 opens DirectInput and asks XInput for controllers inside glfwInit, and frees both libraries in
// glfwTerminate. Wine's XInput answers the first call by starting a thread that runs inside xinput1_4.dll; when
// glfwTerminate then unloads the library, that thread executes unmapped memory ("Unhandled page fault on execute
// access" in xinput1_4's old range). The window's renderer chain terminates GLFW before the last-resort dialog,
// so that dialog crashed about once in 60 starts on a loaded machine (e2e_renderer_nothing_last_resort), and any
// exit could too. Without the calls, no thread is started; glfwInit also gets faster (no device enumeration).
//
// Compiled in place of GLFW's win32_joystick.c (third_party/CMakeLists.txt), with GLFW's own includes.
#include "internal.h"

void _glfwInitJoysticksWin32(void) {}
void _glfwTerminateJoysticksWin32(void) {}
void _glfwDetectJoystickConnectionWin32(void) {}
void _glfwDetectJoystickDisconnectionWin32(void) {}

int _glfwPlatformPollJoystick(_GLFWjoystick* js, int mode) {
    (void)js;
    (void)mode;
    return GLFW_FALSE;
}

void _glfwPlatformUpdateGamepadGUID(char* guid) {
    (void)guid;
}

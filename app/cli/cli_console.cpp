#include "cli_console.hpp"

#include "wud/system.hpp"

#include <windows.h>

#include <algorithm>
#include <string>

#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#endif

namespace wud::cli {

Console::Console(app::Subsystem subsystem) {
    bool attached = false;
    if (subsystem == app::Subsystem::Gui) attached = AttachConsole(ATTACH_PARENT_PROCESS) != FALSE;
    out_ = open(STD_OUTPUT_HANDLE, attached);
    err_ = open(STD_ERROR_HANDLE, attached);
    if (out_.console && GetEnvironmentVariableW(L"NO_COLOR", nullptr, 0) == 0) {
        DWORD mode = 0;
        GetConsoleMode(out_.handle, &mode);
        out_.vt = (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 ||
                  SetConsoleMode(out_.handle, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING) != FALSE;
    }
}

Console::Stream Console::open(unsigned long which, bool attached) {
    Stream stream;
    HANDLE handle = GetStdHandle(which);
    if ((handle == nullptr || handle == INVALID_HANDLE_VALUE) && attached) {
        // Not redirected, and a GUI exe gets no standard handles: write to the borrowed console directly.
        handle = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                             OPEN_EXISTING, 0, nullptr);
    }
    if (handle == INVALID_HANDLE_VALUE) handle = nullptr;
    stream.handle = handle;
    DWORD mode = 0;
    stream.console = handle != nullptr && GetConsoleMode(handle, &mode) != FALSE;
    return stream;
}

void Console::write(const Stream& stream, std::string_view utf8) {
    if (stream.handle == nullptr || utf8.empty()) return;
    if (stream.console) {
        const std::wstring wide = widen(utf8);
        // WriteConsoleW takes at most a few tens of KB at once on old Windows: write in chunks.
        for (std::size_t offset = 0; offset < wide.size();) {
            const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(wide.size() - offset, 8192));
            DWORD written = 0;
            if (!WriteConsoleW(stream.handle, wide.data() + offset, chunk, &written, nullptr) || written == 0) return;
            offset += written;
        }
        return;
    }
    for (std::size_t offset = 0; offset < utf8.size();) {
        DWORD written = 0;
        const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(utf8.size() - offset, 1 << 20));
        if (!WriteFile(stream.handle, utf8.data() + offset, chunk, &written, nullptr) || written == 0) return;
        offset += written;
    }
}

void Console::out(std::string_view utf8) { write(out_, utf8); }
void Console::err(std::string_view utf8) { write(err_, utf8); }

}  // namespace wud::cli

#pragma once
// Where the CLI's text goes. UTF-8 in; a console gets UTF-16 through WriteConsoleW (so any code page shows
// non-ASCII names right), a pipe or file gets the UTF-8 bytes. Windows only.

#include "subsystem.hpp"

#include <string_view>

namespace wud::cli {

class Console {
public:
    /// Sets up stdout / stderr. A GUI-subsystem exe (wudoctor.exe given a command) has none of its own: it
    /// borrows its parent's console (AttachConsole(ATTACH_PARENT_PROCESS)) unless its handles are redirected.
    explicit Console(app::Subsystem subsystem);
    Console(const Console&) = delete;
    Console& operator=(const Console&) = delete;

    void out(std::string_view utf8);
    void err(std::string_view utf8);

    /// ANSI colour on stdout: a console with VT processing, not redirected, NO_COLOR not set.
    [[nodiscard]] bool colour() const noexcept { return out_.vt; }
    /// stderr is an interactive console (progress lines go there, never into a redirected file).
    [[nodiscard]] bool errIsConsole() const noexcept { return err_.console; }

private:
    struct Stream {
        void* handle = nullptr;
        bool console = false;
        bool vt = false;
    };
    static Stream open(unsigned long which, bool attached);
    static void write(const Stream& stream, std::string_view utf8);

    Stream out_;
    Stream err_;
};

}  // namespace wud::cli

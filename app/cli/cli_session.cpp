// The run skeleton every command shares (cli_session.hpp).
#include "cli_session.hpp"

#include "cli_json_line.hpp"

#include "wud/log.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"
#include "wud/write_places.hpp"

#include <spdlog/logger.h>

#include <windows.h>

namespace wud::cli {
namespace {

// Ctrl+C / Ctrl+Break: one token for the whole process; each command decides what stopping means for it.
CancelToken g_cancel;

BOOL WINAPI onConsoleControl(DWORD type) {
    if (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT) {
        g_cancel.cancel();
        return TRUE;
    }
    return FALSE;
}

}  // namespace

std::string localComputerName() {
    wchar_t buffer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = static_cast<DWORD>(std::size(buffer));
    return GetComputerNameW(buffer, &size) ? narrow(std::wstring_view(buffer, size)) : std::string();
}

bool networkLogon() {
    SID_IDENTIFIER_AUTHORITY nt = SECURITY_NT_AUTHORITY;
    PSID network = nullptr;
    if (!::AllocateAndInitializeSid(&nt, 1, SECURITY_NETWORK_RID, 0, 0, 0, 0, 0, 0, 0, &network)) return false;
    BOOL member = FALSE;
    const bool checked = ::CheckTokenMembership(nullptr, network, &member) != FALSE;
    ::FreeSid(network);
    return checked && member != FALSE;
}

Session::Session(Console& console, Output output, const GlobalOptions& options, std::string_view commandLine,
                 bool warnAboutLog)
    : console_(console), output_(output) {
    log::Setup setup;
    if (!options.logDir.empty()) {
        if (std::string problem = openLogIn(options.logDir, setup); !problem.empty()) logDirRefused_ = std::move(problem);
        else if (setup.file.empty()) setup.warning = "WU Doctor could not write its log in --log-dir " + options.logDir +
                                                     ", so it keeps no log this time (and no undo journal).";
    } else {
        setup = openLog(exeFolder());
    }
    // A line is all an engine keeps: the warning is in it ("log": null), never on stderr.
    if (!setup.warning.empty() && warnAboutLog && output_ != Output::JsonLine) console_.err("wudoctor: warning: " + setup.warning + "\n");
    log::get().info("{} (version {})", commandLine, WUD_VERSION);
    ::SetConsoleCtrlHandler(onConsoleControl, TRUE);

    context_.appVersion = WUD_VERSION;
    context_.localComputerName = localComputerName();
    context_.os = osVersion();
    context_.elevated = isElevated();
    context_.logFile = log::current().file;
}

Session::~Session() { log::shutdown(); }

CancelToken& Session::cancel() noexcept { return g_cancel; }

void Session::progress(std::string_view line) {
    if (output_ == Output::Text && console_.errIsConsole()) console_.err(line);
}

void Session::say(std::string_view text) {
    if (output_ == Output::Text) console_.out(text);
}

void Session::line(const nlohmann::json& document) { console_.out(jsonLine(document)); }

int Session::finish(const Answer& answer) {
    if (!answer.usageError.empty()) {
        // Bad input: nothing was done. One line a script can show as it is; an engine that keeps stdout gets it too.
        console_.err("wudoctor: " + answer.usageError + "\n");
        if (output_ == Output::JsonLine)
            console_.out(usageErrorLine(WUD_VERSION, context_.localComputerName, answer.usageError));
        log::get().info("result exit_code=2 usage error: {}", answer.usageError);
        return static_cast<int>(ExitCode::Usage);
    }
    switch (output_) {
    case Output::Text: console_.out(answer.text); break;
    case Output::Json: console_.out(answer.doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n"); break;
    case Output::JsonLine:
        if (!answer.streamed) console_.out(jsonLine(answer.doc));
        break;
    }
    log::get().info("result command={} exit_code={} verdict={}", answer.doc.value("command", ""),
                    static_cast<int>(answer.exit), answer.doc.value("verdict", ""));
    return static_cast<int>(answer.exit);
}

}  // namespace wud::cli

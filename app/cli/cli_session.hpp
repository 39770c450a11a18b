#pragma once
// One run of a command, the skeleton every family shares: open the log (the usual places, or --log-dir), log the
// command line, know this computer (name, Windows, rights), let Ctrl+C cancel, and at the end print the answer as
// the user asked — text, --json or --json-line — log the result and close the log. Windows only.

#include "cli_console.hpp"
#include "cli_options.hpp"
#include "cli_output.hpp"

#include "wud/clock.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace wud::cli {

class Session {
public:
    /// Opens the log, logs `commandLine`, installs the Ctrl+C handler. A log that cannot be opened is a warning on
    /// stderr (not with --json-line, nor for `log`, which says so itself: warnAboutLog false).
    Session(Console& console, Output output, const GlobalOptions& options, std::string_view commandLine,
            bool warnAboutLog = true);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    /// This computer and this run: every document's envelope.
    [[nodiscard]] const RunContext& context() const noexcept { return context_; }
    [[nodiscard]] Output output() const noexcept { return output_; }
    [[nodiscard]] bool text() const noexcept { return output_ == Output::Text; }
    /// Ctrl+C / Ctrl+Break: cancelled when pressed (the running step stops waiting and says where it was left).
    [[nodiscard]] CancelToken& cancel() noexcept;
    /// Why --log-dir was refused (then nothing may run: finish(usageAnswer(*problem))); nullopt when fine.
    [[nodiscard]] const std::optional<std::string>& logDirRefused() const noexcept { return logDirRefused_; }

    /// A progress line on stderr: text output to a console only (never into a pipe, a file, JSON or a line).
    void progress(std::string_view line);
    /// Text for the user as it happens (text output only).
    void say(std::string_view text);
    /// One --json-line line now, for a document that is not the last (one computer of many).
    void line(const nlohmann::json& document);
    [[nodiscard]] Console& console() noexcept { return console_; }

    /// Prints the answer as asked (a usage error: one line on stderr, and a line on stdout with --json-line),
    /// logs "result command=... exit_code=... verdict=...", closes the log, and returns the process exit code.
    int finish(const Answer& answer);

private:
    Console& console_;
    Output output_;
    RunContext context_;
    std::optional<std::string> logDirRefused_;
};

/// This computer's name (GetComputerNameW), "" when Windows does not say.
std::string localComputerName();
/// This process runs in a network logon (its token holds NETWORK, S-1-5-2): PowerShell remoting, PsExec with a
/// user's credentials, WinRM. The Windows Update Agent refuses some calls there (softenForRemoteLogon).
bool networkLogon();

}  // namespace wud::cli

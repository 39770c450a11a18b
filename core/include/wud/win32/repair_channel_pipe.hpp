#pragma once
// The pipe that carries repair_channel.hpp's lines from an elevated copy of WU Doctor to the window that started it,
// and the one bit that goes the other way: Cancel.
//
// Who creates what, and why (named-pipe impersonation: a pipe server may act as its client — ImpersonateNamedPipeClient,
// Microsoft Learn — so a standard user's pipe server must never get an elevated client):
// - The elevated copy is the server. It creates both objects itself, named after its own process id (which the window
//   learns from the process handle UAC gives it): \\.\pipe\WUDoctor.repair-system.<pid> with
//   FILE_FLAG_FIRST_PIPE_INSTANCE (creation fails if anyone made that name first — then it serves nothing), outbound
//   only (it never reads from it), one instance, remote clients rejected; and the event Local\WUDoctor.repair-system
//   .<pid>.cancel, refused when it already exists. Never opened under a name the window chose, never a client.
// - Their DACLs (explicit: a pipe's default one lets Everyone read — CreateNamedPipeW, Microsoft Learn): SYSTEM and
//   Administrators full control; read of the pipe, and set/wait of the event, for the copy's own account and the
//   account of the process that started it (the window; under over-the-shoulder UAC, a different account from the
//   administrator who typed the password). The event carries a Medium mandatory label (no-write-up), so the window,
//   at Medium integrity, may set it ("Mandatory Integrity Control", Microsoft Learn).
// - The window is the client: it opens the pipe for reading with SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION (the
//   server may identify it, not act as it), checks that the server is the process it started
//   (GetNamedPipeServerProcessId), and reads lines as data. Cancel sets the event: the copy then does what Ctrl+C does
//   on a console — DISM stops where it safely can, SFC is let finish — and nothing else.

#include "wud/win32/handle.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <windows.h>

namespace wud {

/// \\.\pipe\WUDoctor.repair-system.<pid>
std::wstring repairChannelPipeName(std::uint32_t serverPid);
/// Local\WUDoctor.repair-system.<pid>.cancel
std::wstring repairChannelCancelName(std::uint32_t serverPid);

/// The elevated copy's end. Lines queued with send() are written by a thread of its own (a slow or absent reader
/// never holds up the repair); finish() writes what is left and lets go.
class RepairChannelServer {
public:
    /// Creates the pipe and the cancel event for this process; ready() says whether that worked (problem(): why not —
    /// the repair then runs without a live channel).
    RepairChannelServer();
    ~RepairChannelServer();
    RepairChannelServer(const RepairChannelServer&) = delete;
    RepairChannelServer& operator=(const RepairChannelServer&) = delete;

    [[nodiscard]] bool ready() const noexcept { return ready_; }
    [[nodiscard]] const std::string& problem() const noexcept { return problem_; }
    /// The event the window sets for Cancel (null when there is none).
    [[nodiscard]] HANDLE cancelEvent() const noexcept { return cancel_.get(); }
    /// Queues one line (any thread; never blocks).
    void send(std::string line);
    /// Waits up to `upTo` for a reader to connect (when none has) and for every queued line to be written, then
    /// closes the pipe; what was written stays readable for the window after this process exits.
    void finish(std::chrono::milliseconds upTo);

private:
    void serve();

    bool ready_ = false;
    std::string problem_;
    UniqueFile pipe_;
    UniqueHandle cancel_;
    UniqueHandle stop_;  // manual-reset: finish() gave up waiting
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<std::string> queue_;
    bool finishing_ = false, done_ = false;
    std::thread thread_;
};

/// The window's end.
class RepairChannelClient {
public:
    /// Opens the pipe of the elevated copy with this process id; null (with `why`) while it is not there (yet), or
    /// when its server is another process.
    static std::unique_ptr<RepairChannelClient> connect(std::uint32_t serverPid, std::string& why);
    /// What has arrived since the last call; never blocks. `closed` turns true once the copy has gone and everything
    /// it wrote has been read.
    std::string read(bool& closed);
    /// Sets the copy's cancel event; false when it cannot be opened.
    bool cancel();

private:
    RepairChannelClient(UniqueFile pipe, std::uint32_t serverPid) : pipe_(std::move(pipe)), serverPid_(serverPid) {}
    UniqueFile pipe_;
    std::uint32_t serverPid_;
};

}  // namespace wud

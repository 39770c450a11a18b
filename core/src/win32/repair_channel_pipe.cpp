#include "wud/win32/repair_channel_pipe.hpp"

#include "wud/error_text.hpp"
#include "wud/win32/security.hpp"
#include "wud/text.hpp"

#include <sddl.h>
#include <tlhelp32.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace wud {
namespace {

// The pipe's own buffer: a whole result fits, so the last write completes at once and the copy can exit while the
// window reads it (CreateNamedPipeW: the sizes are advisory; the system may use others).
constexpr DWORD kPipeBuffer = 1024 * 1024;

/// The string SID of the account a process runs as; nullopt when it cannot be read.
std::optional<std::string> accountOf(HANDLE process) {
    UniqueHandle token;
    if (!::OpenProcessToken(process, TOKEN_QUERY, token.put())) return std::nullopt;
    DWORD size = 0;
    ::GetTokenInformation(token.get(), TokenUser, nullptr, 0, &size);
    if (size == 0) return std::nullopt;
    std::vector<unsigned char> buffer(size);
    if (!::GetTokenInformation(token.get(), TokenUser, buffer.data(), size, &size)) return std::nullopt;
    UniqueLocalMem<wchar_t> text;
    if (!::ConvertSidToStringSidW(reinterpret_cast<TOKEN_USER*>(buffer.data())->User.Sid, text.put())) return std::nullopt;
    return narrow(text.get());
}

/// The process that started this one: under UAC, the one that asked for the elevation (the window).
std::optional<DWORD> parentProcessId() {
    const UniqueHandle snapshot(::CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
    if (!snapshot || snapshot.get() == INVALID_HANDLE_VALUE) return std::nullopt;
    PROCESSENTRY32W entry{};
    entry.dwSize = sizeof entry;
    const DWORD self = ::GetCurrentProcessId();
    for (BOOL more = ::Process32FirstW(snapshot.get(), &entry); more; more = ::Process32NextW(snapshot.get(), &entry))
        if (entry.th32ProcessID == self) return entry.th32ParentProcessID;
    return std::nullopt;
}

/// This process's account and its parent's (when it can be asked), each once.
std::vector<std::string> readers() {
    std::vector<std::string> sids;
    if (auto own = accountOf(::GetCurrentProcess())) sids.push_back(*own);
    if (const auto parent = parentProcessId()) {
        const UniqueHandle process(::OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, FALSE, *parent));
        if (process)
            if (auto sid = accountOf(process.get()); sid && std::find(sids.begin(), sids.end(), *sid) == sids.end())
                sids.push_back(*sid);
    }
    return sids;
}


}  // namespace

std::wstring repairChannelPipeName(std::uint32_t serverPid) {
    return L"\\\\.\\pipe\\WUDoctor.repair-system." + std::to_wstring(serverPid);
}

std::wstring repairChannelCancelName(std::uint32_t serverPid) {
    return L"Local\\WUDoctor.repair-system." + std::to_wstring(serverPid) + L".cancel";
}

RepairChannelServer::RepairChannelServer() {
    const std::vector<std::string> sids = readers();
    if (sids.empty()) {
        problem_ = "could not read this process's account: " + describeError(lastError()).message;
        return;
    }
    std::string pipeSddl = "D:P(A;;GA;;;SY)(A;;GA;;;BA)", eventSddl = pipeSddl;
    for (const std::string& sid : sids) {
        pipeSddl += "(A;;GR;;;" + sid + ")";
        eventSddl += "(A;;0x00100002;;;" + sid + ")";  // SYNCHRONIZE | EVENT_MODIFY_STATE
    }
    eventSddl += "S:(ML;;NW;;;ME)";  // Medium, no-write-up: the window may set it
    const UniqueLocalMem<void> pipeSd = securityDescriptorFrom(pipeSddl), eventSd = securityDescriptorFrom(eventSddl);
    if (!pipeSd || !eventSd) {
        problem_ = "could not make its permissions: " + describeError(lastError()).message;
        return;
    }
    SECURITY_ATTRIBUTES pipeSa{sizeof pipeSa, pipeSd.get(), FALSE}, eventSa{sizeof eventSa, eventSd.get(), FALSE};
    const DWORD self = ::GetCurrentProcessId();
    pipe_.reset(::CreateNamedPipeW(repairChannelPipeName(self).c_str(),
                                   PIPE_ACCESS_OUTBOUND | FILE_FLAG_FIRST_PIPE_INSTANCE | FILE_FLAG_OVERLAPPED,
                                   PIPE_TYPE_BYTE | PIPE_WAIT | PIPE_REJECT_REMOTE_CLIENTS, 1, kPipeBuffer, 0, 0, &pipeSa));
    if (!pipe_) {
        problem_ = "could not create its pipe (someone made that name first?): " + describeError(lastError()).message;
        return;
    }
    cancel_.reset(::CreateEventW(&eventSa, TRUE, FALSE, repairChannelCancelName(self).c_str()));
    if (cancel_ && ::GetLastError() == ERROR_ALREADY_EXISTS) {
        cancel_.reset();  // made by someone else first: not ours to wait on
        problem_ = "its cancel event existed already: Cancel from the window will not reach it";
    }
    stop_.reset(::CreateEventW(nullptr, TRUE, FALSE, nullptr));
    if (!stop_) {
        problem_ = "could not create an event: " + describeError(lastError()).message;
        pipe_.reset();
        return;
    }
    ready_ = true;
    thread_ = std::thread([this] { serve(); });
}

RepairChannelServer::~RepairChannelServer() { finish(std::chrono::milliseconds(0)); }

void RepairChannelServer::send(std::string line) {
    if (!ready_) return;
    std::lock_guard lock(mutex_);
    if (finishing_) return;
    queue_.push_back(std::move(line));
    changed_.notify_all();
}

void RepairChannelServer::finish(std::chrono::milliseconds upTo) {
    if (!thread_.joinable()) return;
    {
        std::unique_lock lock(mutex_);
        finishing_ = true;
        changed_.notify_all();
        changed_.wait_for(lock, upTo, [this] { return done_; });
    }
    ::SetEvent(stop_.get());  // given up waiting: a pending connect or write is cancelled
    thread_.join();
    pipe_.reset();  // closed, not disconnected: what was written stays readable until the window has read it
}

void RepairChannelServer::serve() {
    const UniqueHandle io(::CreateEventW(nullptr, TRUE, FALSE, nullptr));
    OVERLAPPED overlapped{};
    overlapped.hEvent = io.get();
    // Waits for the pending I/O, or for finish() to give up (then cancels it). True when it completed.
    const auto complete = [&](DWORD& bytes) {
        const HANDLE waits[] = {io.get(), stop_.get()};
        if (::WaitForMultipleObjects(2, waits, FALSE, INFINITE) != WAIT_OBJECT_0) {
            ::CancelIoEx(pipe_.get(), &overlapped);
            ::GetOverlappedResult(pipe_.get(), &overlapped, &bytes, TRUE);
            return false;
        }
        return ::GetOverlappedResult(pipe_.get(), &overlapped, &bytes, FALSE) != FALSE;
    };
    bool connected = io && ::ConnectNamedPipe(pipe_.get(), &overlapped) != FALSE;
    if (io && !connected) {
        const DWORD error = ::GetLastError();
        DWORD bytes = 0;
        connected = error == ERROR_PIPE_CONNECTED || (error == ERROR_IO_PENDING && complete(bytes));
    }
    while (connected) {
        std::string line;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return !queue_.empty() || finishing_; });
            if (queue_.empty()) break;  // finishing, all written
            line = std::move(queue_.front());
            queue_.pop_front();
        }
        ::ResetEvent(io.get());
        DWORD written = 0;
        bool ok = ::WriteFile(pipe_.get(), line.data(), static_cast<DWORD>(line.size()), nullptr, &overlapped) != FALSE;
        if (!ok && ::GetLastError() == ERROR_IO_PENDING) ok = complete(written);
        else if (ok) ::GetOverlappedResult(pipe_.get(), &overlapped, &written, FALSE);
        if (!ok) break;  // the window went away (or finish() gave up): nobody left to tell
    }
    std::lock_guard lock(mutex_);
    done_ = true;
    changed_.notify_all();
}

std::unique_ptr<RepairChannelClient> RepairChannelClient::connect(std::uint32_t serverPid, std::string& why) {
    // SECURITY_IDENTIFICATION: the server may learn who we are, never act as us.
    UniqueFile pipe(::CreateFileW(repairChannelPipeName(serverPid).c_str(), GENERIC_READ, 0, nullptr, OPEN_EXISTING,
                                  SECURITY_SQOS_PRESENT | SECURITY_IDENTIFICATION, nullptr));
    if (!pipe) {
        why = describeError(lastError()).message;
        return nullptr;
    }
    ULONG server = 0;
    if (!::GetNamedPipeServerProcessId(pipe.get(), &server) || server != serverPid) {
        why = "the pipe's server is process " + std::to_string(server) + ", not the elevated copy (" +
              std::to_string(serverPid) + ")";
        return nullptr;
    }
    return std::unique_ptr<RepairChannelClient>(new RepairChannelClient(std::move(pipe), serverPid));
}

std::string RepairChannelClient::read(bool& closed) {
    closed = false;
    DWORD available = 0;
    if (!::PeekNamedPipe(pipe_.get(), nullptr, 0, nullptr, &available, nullptr)) {
        closed = true;  // ERROR_BROKEN_PIPE: the copy has gone and everything it wrote was read
        return {};
    }
    if (available == 0) return {};
    std::string bytes(std::min<DWORD>(available, kPipeBuffer), '\0');
    DWORD got = 0;
    if (!::ReadFile(pipe_.get(), bytes.data(), static_cast<DWORD>(bytes.size()), &got, nullptr)) {
        closed = true;
        return {};
    }
    bytes.resize(got);
    return bytes;
}

bool RepairChannelClient::cancel() {
    const UniqueHandle event(::OpenEventW(EVENT_MODIFY_STATE, FALSE, repairChannelCancelName(serverPid_).c_str()));
    return event && ::SetEvent(event.get()) != FALSE;
}

}  // namespace wud

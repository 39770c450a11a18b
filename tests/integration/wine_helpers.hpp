#pragma once
// Helpers for the integration tests, which run under Wine against its real Service Control Manager: temporary
// fixture services, their record files, killing a hung service, and small waits. Test code: failures here throw
// std::runtime_error so Catch2 shows what went wrong in the setup rather than a confusing assertion later.

#include "wud/model.hpp"
#include "wud/service_manager.hpp"
#include "wud/system.hpp"
#include "wud/win32/handle.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace wud::test {

using namespace std::chrono_literals;
using SteadyTime = std::chrono::steady_clock;

// ---------------------------------------------------------------------------------------------- text

/// Joins the parts by appending (GCC 12 misreports `"literal" + std::string&&` under -Wrestrict, PR 105329).
template <typename... Parts>
std::string concat(const Parts&... parts) {
    std::string out;
    (out.append(std::string_view(parts)), ...);
    return out;
}

/// `text` in double quotes, for a command line (our paths never contain quotes).
inline std::string inQuotes(std::string_view text) { return concat("\"", text, "\""); }

// ---------------------------------------------------------------------------------------------- paths

inline std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value != nullptr ? value : "";
}

/// A Linux path as Wine's Z: drive shows it ("/work/x" -> "Z:\work\x"). Windows paths pass unchanged.
inline std::string windowsPath(std::string path) {
    if (path.size() >= 2 && path[1] == ':') return path;
    for (char& c : path)
        if (c == '/') c = '\\';
    return "Z:" + path;
}

// What Wine reads back — a service's command line, a URL protocol's command — names only short paths inside the
// prefix, whatever the checkout's path (Wine 8's shell32 reads a protocol's command into 256 characters). The
// prefix setup (tests/wine/prefix.sh) puts the tools in C:\wud and empties it on every run.

/// `path` if it exists; else throws, saying the prefix setup is what puts it there.
inline std::string prefixTool(std::string path) {
    if (::GetFileAttributesW(widen(path).c_str()) == INVALID_FILE_ATTRIBUTES)
        throw std::runtime_error(path + " is missing: run the tests through ctest (tests/wine/prefix.sh setup puts it there)");
    return path;
}

/// The fixture service exe, in the prefix.
inline std::string fixtureExe() { return prefixTool("C:\\wud\\fixture.exe"); }

/// The recording URL-protocol handler (recorder.cpp), in the prefix.
inline std::string recorderExe() { return prefixTool("C:\\wud\\rec.exe"); }

/// A scratch folder in the prefix for files named on a command line Wine keeps (a service's record file).
inline std::string prefixTmp() { return prefixTool("C:\\wud\\tmp"); }

/// A scratch folder for this test run (WUD_TEST_TMP, created if needed).
inline std::string testTmp() {
    std::string dir = env("WUD_TEST_TMP");
    dir = dir.empty() ? std::string("C:\\wud-test-tmp") : windowsPath(dir);
    ::CreateDirectoryW(widen(dir).c_str(), nullptr);  // ERROR_ALREADY_EXISTS is fine
    return dir;
}

/// The shared record file of the fixture services prefix.sh registered (UsoSvc, CryptSvc, ...).
inline std::string prefixRecordFile() { return "C:\\wud\\fixture-records.txt"; }

/// Unique per process and call, so a service left behind by a crashed run never collides with a new one.
inline std::string uniqueName(std::string_view stem) {
    static int counter = 0;
    return concat("wudit_", stem, "_", std::to_string(::GetCurrentProcessId()), "_", std::to_string(++counter));
}

// ---------------------------------------------------------------------------------------------- records

/// One line of a fixture record file: "<epoch_ms> <name> <event>".
struct Record {
    long long ms = 0;
    std::string service;
    std::string event;  ///< "start-begin", "running", "start-failed 42", "stop-begin", "stopped", "crash", ...
};

inline std::vector<Record> readRecords(const std::string& path) {
    std::vector<Record> records;
    std::ifstream file(widen(path).c_str());  // mingw's libstdc++ opens wide paths
    std::string line;
    while (std::getline(file, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::istringstream fields(line);
        Record record;
        if (!(fields >> record.ms >> record.service)) continue;
        std::getline(fields >> std::ws, record.event);
        records.push_back(std::move(record));
    }
    return records;
}

/// The events of one service, in file order, from `sinceMs` (epoch ms) on.
inline std::vector<std::string> eventsOf(const std::vector<Record>& records, std::string_view service,
                                         long long sinceMs = 0) {
    std::vector<std::string> events;
    for (const Record& r : records)
        if (r.service == service && r.ms >= sinceMs) events.push_back(r.event);
    return events;
}

inline long long epochMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// ---------------------------------------------------------------------------------------------- waiting

/// Polls `done` every 20 ms until it is true or `timeout` passes. Returns its last answer.
inline bool waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto deadline = SteadyTime::now() + timeout;
    for (;;) {
        if (done()) return true;
        if (SteadyTime::now() >= deadline) return false;
        std::this_thread::sleep_for(20ms);
    }
}

/// Waits until the service reports `state`; returns the last snapshot seen.
inline ServiceSnapshot waitForState(ServiceManager& scm, std::string_view name, ServiceState state,
                                    std::chrono::milliseconds timeout = 5s) {
    ServiceSnapshot last;
    waitUntil(
        [&] {
            last = scm.query(name).snapshot;
            return last.state == state;
        },
        timeout);
    return last;
}

/// True once process `pid` has exited (or never existed).
inline bool processGone(DWORD pid, std::chrono::milliseconds timeout = 0ms) {
    const UniqueHandle process(::OpenProcess(SYNCHRONIZE, FALSE, pid));
    if (!process) return true;
    return ::WaitForSingleObject(process.get(), static_cast<DWORD>(timeout.count())) == WAIT_OBJECT_0;
}

/// Ends a (hung) service's process, the way a technician would with Task Manager.
inline void killProcess(DWORD pid) {
    if (pid == 0) return;
    const UniqueHandle process(::OpenProcess(PROCESS_TERMINATE | SYNCHRONIZE, FALSE, pid));
    if (!process) return;
    ::TerminateProcess(process.get(), 99);
    ::WaitForSingleObject(process.get(), 5000);
}

// ---------------------------------------------------------------------------------------------- services

/// Ends a stop that hangs (STOP_PENDING), and returns the last snapshot. The process is killed; Wine's SCM then keeps
/// STOP_PENDING, since it never notices the process end, but StartService starts a fresh process there, which a
/// normal stop ends. (Windows' SCM would see the process end and report STOPPED at once.) Run it once the service's
/// configuration is back to normal, or the fresh process hangs again.
inline ServiceSnapshot endHungStop(ServiceManager& scm, std::string_view name) {
    ServiceSnapshot last = scm.query(name).snapshot;
    if (last.state != ServiceState::StopPending) return last;
    killProcess(last.pid);
    last = waitForState(scm, name, ServiceState::Stopped, 2s);
    if (last.state == ServiceState::Stopped) return last;
    waitUntil(
        [&] {
            scm.start(name);
            last = waitForState(scm, name, ServiceState::Running, 2s);
            return last.state == ServiceState::Running;
        },
        15s);
    if (last.state != ServiceState::Running) return last;
    scm.stop(name);
    return waitForState(scm, name, ServiceState::Stopped, 15s);
}

/// A test's setup: the service brought to Running or Stopped, as a technician would. Start is asked again while
/// it does not take: on a loaded machine Wine's SCM can refuse it (1056 "already running") for a moment after a
/// stop, while the old process is still exiting. A stop that does not end within 15 s (a slow one may take 8)
/// is a hung one: endHungStop(). Returns the last snapshot; `refusal` gets the SCM's last error (0 when the last
/// request took).
inline ServiceSnapshot bringTo(ServiceManager& scm, std::string_view name, ServiceState state,
                               Win32Error* refusal = nullptr) {
    ServiceSnapshot last = scm.query(name).snapshot;
    Win32Error error = 0;
    const auto settleStop = [&] {
        last = waitForState(scm, name, ServiceState::Stopped, 15s);
        if (last.state == ServiceState::StopPending) last = endHungStop(scm, name);
    };
    if (state == ServiceState::Running) {
        if (last.state == ServiceState::StopPending) settleStop();  // left by an earlier test (or run of this one)
        waitUntil(
            [&] {
                if (last.state == ServiceState::Stopped) error = scm.start(name);
                last = waitForState(scm, name, ServiceState::Running, 2s);
                return last.state == ServiceState::Running;
            },
            20s);
    } else if (last.state != ServiceState::Stopped) {
        if (last.state != ServiceState::StopPending) error = scm.stop(name);
        settleStop();
    }
    if (refusal != nullptr) *refusal = error;
    return last;
}

inline UniqueScHandle openScmForAdmin() {
    // Test setup creates and deletes services: that needs more than WU Doctor's SC_MANAGER_CONNECT.
    UniqueScHandle scm(::OpenSCManagerW(nullptr, nullptr, SC_MANAGER_ALL_ACCESS));
    if (!scm) throw std::runtime_error("OpenSCManager failed: " + std::to_string(::GetLastError()));
    return scm;
}

/// A fixture service that exists for one test: created with the given flags (plus --record to its own file)
/// and removed afterwards, even if it hangs. Its record file is per service, so tests never read each
/// other's lines.
class TempFixtureService {
public:
    /// `flags`: fixture flags, e.g. "--start-delay 500". `startType`: SERVICE_DEMAND_START etc.
    explicit TempFixtureService(std::string_view stem, std::string_view flags = {},
                                DWORD startType = SERVICE_DEMAND_START)
        : name_(uniqueName(stem)), records_(concat(prefixTmp(), "\\", name_, ".records.txt")) {
        ::DeleteFileW(widen(records_).c_str());
        const std::string command = concat(inQuotes(fixtureExe()), " --record ", inQuotes(records_), " ", flags);
        const UniqueScHandle scm = openScmForAdmin();
        // The display name is the key name: it is what the operations' messages then show, so a test can look
        // for it.
        const UniqueScHandle service(::CreateServiceW(scm.get(), widen(name_).c_str(), widen(name_).c_str(),
                                                      SERVICE_ALL_ACCESS, SERVICE_WIN32_OWN_PROCESS, startType,
                                                      SERVICE_ERROR_NORMAL, widen(command).c_str(), nullptr,
                                                      nullptr, nullptr, nullptr, nullptr));
        if (!service) throw std::runtime_error("CreateService " + name_ + " failed: " + std::to_string(::GetLastError()));
    }

    ~TempFixtureService() { remove(); }
    TempFixtureService(const TempFixtureService&) = delete;
    TempFixtureService& operator=(const TempFixtureService&) = delete;

    [[nodiscard]] const std::string& name() const noexcept { return name_; }
    [[nodiscard]] const std::string& recordFile() const noexcept { return records_; }
    [[nodiscard]] std::vector<std::string> events() const { return eventsOf(readRecords(records_), name_); }
    [[nodiscard]] bool hasEvent(std::string_view event) const {
        for (const auto& e : events())
            if (e == event) return true;
        return false;
    }
    /// Waits until the record file has `event` for this service.
    bool waitForEvent(std::string_view event, std::chrono::milliseconds timeout = 5s) const {
        return waitUntil([&] { return hasEvent(event); }, timeout);
    }

    /// Remembers a PID to end at cleanup: a hung service's process would outlive the test otherwise (Wine's SCM
    /// never notices a service process die, and never ends one itself).
    void remember(DWORD pid) {
        if (pid != 0) pids_.push_back(pid);
    }

private:
    // Best effort, never throws: stop it politely, then end its process, then delete it. Wine's SCM does not
    // notice a service process that dies, so a killed service stays "pending" there; deleting it still frees
    // the name once the SCM lets go, and our names are unique anyway.
    void remove() noexcept {
        try {
            const UniqueScHandle scm = openScmForAdmin();
            const UniqueScHandle service(::OpenServiceW(scm.get(), widen(name_).c_str(), SERVICE_ALL_ACCESS));
            if (!service) return;
            SERVICE_STATUS_PROCESS status{};
            DWORD needed = 0;
            if (::QueryServiceStatusEx(service.get(), SC_STATUS_PROCESS_INFO, reinterpret_cast<BYTE*>(&status),
                                       sizeof status, &needed)) {
                remember(status.dwProcessId);
                if (status.dwCurrentState == SERVICE_RUNNING && (status.dwControlsAccepted & SERVICE_ACCEPT_STOP)) {
                    SERVICE_STATUS ignored{};
                    if (::ControlService(service.get(), SERVICE_CONTROL_STOP, &ignored))
                        processGone(status.dwProcessId, 3000ms);
                }
            }
            for (const DWORD pid : pids_) killProcess(pid);
            ::DeleteService(service.get());
        } catch (...) {
        }
    }

    std::string name_;
    std::string records_;
    std::vector<DWORD> pids_;
};

// ---------------------------------------------------------------------------------------------- registry

/// Registers HKCR\<scheme> as a URL protocol whose handler is `command`, and removes it again.
/// HKCR itself, not HKCU\Software\Classes: Wine 8 does not merge the per-user classes into HKCR (neither
/// RegOpenKeyEx(HKEY_CLASSES_ROOT) nor ShellExecuteEx sees them), as Windows does. Writing HKCR needs
/// administrator rights on Windows; under Wine every process has them.
class TempUrlProtocol {
public:
    TempUrlProtocol(std::string scheme, const std::string& command) : scheme_(std::move(scheme)) {
        const std::wstring base = widen(scheme_);
        setValue(base, L"", L"URL:" + base);
        setValue(base, L"URL Protocol", L"");
        setValue(base + L"\\shell\\open\\command", L"", widen(command));
    }
    ~TempUrlProtocol() { ::RegDeleteTreeW(HKEY_CLASSES_ROOT, widen(scheme_).c_str()); }
    TempUrlProtocol(const TempUrlProtocol&) = delete;
    TempUrlProtocol& operator=(const TempUrlProtocol&) = delete;

private:
    static void setValue(const std::wstring& path, const wchar_t* value, const std::wstring& data) {
        UniqueHkey key;
        if (::RegCreateKeyExW(HKEY_CLASSES_ROOT, path.c_str(), 0, nullptr, 0, KEY_SET_VALUE, nullptr, key.put(),
                              nullptr) != ERROR_SUCCESS)
            throw std::runtime_error("RegCreateKeyEx failed: " + narrow(path));
        const auto bytes = static_cast<DWORD>((data.size() + 1) * sizeof(wchar_t));
        if (::RegSetValueExW(key.get(), value, 0, REG_SZ, reinterpret_cast<const BYTE*>(data.c_str()), bytes) !=
            ERROR_SUCCESS)
            throw std::runtime_error("RegSetValueEx failed: " + narrow(path));
    }

    std::string scheme_;
};

/// Reads a whole text file (UTF-8), or "" if it does not exist.
inline std::string readText(const std::string& path) {
    std::ifstream file(widen(path).c_str(), std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

}  // namespace wud::test

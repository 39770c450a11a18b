#pragma once
// "Does Windows Update work now?" — ask it: a search for updates through the Windows Update Agent API, with our own
// time limit and cancel, and the answer in plain words. Nothing is downloaded or installed: WU Doctor checks,
// Windows Update installs.
//
// Layers (as update_history.hpp): SearchAgent is one search, step by step (the Win32 COM agent in
// update_scan_win32.cpp; test fakes in core/testing); runScan() holds the logic both share — the time limit, cancel,
// RequestAbort and how long to wait for the agent after it, and what each ending means. UpdateScanner is what the CLI
// and the window call. The last scan is kept as a small JSON file in the log folder (saveLastScan / loadLastScan), so
// `wudoctor report` can say what WU Doctor's last check found.
//
// Sources: Microsoft Learn — "IUpdateSearcher::BeginSearch", "IUpdateSearcher::EndSearch", "ISearchJob::RequestAbort",
// "ISearchJob::CleanUp" (waits for the operation to complete, then releases the callbacks), "ISearchResult",
// "OperationResultCode", "InstallationRebootBehavior", "IUpdateSearcher::Search" (the criteria syntax), and
// "Guidelines for Asynchronous WUA Operations": no completion time is guaranteed, so use your own time-out; EndSearch
// may be called from any thread; never call CleanUp inside the callback; keep the job's reference apart from the
// callback object.

#include "wud/automatic_updates.hpp"
#include "wud/checks.hpp"
#include "wud/clock.hpp"
#include "wud/explain.hpp"
#include "wud/machine_access.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace wud {

/// Software updates that are not installed and not hidden: what Settings > Windows Update would offer.
inline constexpr std::string_view kScanCriteria = "IsInstalled=0 and IsHidden=0 and Type='Software'";
/// Our own time limit unless told otherwise: a first search after a cache reset can take many minutes.
inline constexpr std::chrono::seconds kDefaultScanTimeout{600};
/// After RequestAbort, how long we wait for the agent to end the job before we stop waiting for it.
inline constexpr Millis kDefaultAbortGrace{5000};

/// How a scan ended. Ids (toId) are stable: JSON "outcome".
enum class ScanOutcome : std::uint8_t {
    Succeeded,            ///< "succeeded": Windows Update answered (updates holds what it found; may be none)
    SucceededWithErrors,  ///< "succeeded_with_errors": it answered, but part of the search failed (warnings)
    Failed,               ///< "failed": the search failed; error holds its HRESULT (0 when the agent gave none)
    TimedOut,             ///< "timed_out": no answer within the time limit; the job was asked to stop
    Cancelled,            ///< "cancelled": the user cancelled; the job was asked to stop
    NotAvailable,         ///< "not_available": this system's agent cannot search (E_NOTIMPL: Wine), or has none
};
std::string_view toId(ScanOutcome outcome) noexcept;

/// Whether installing an update needs a restart (InstallationRebootBehavior). Ids: JSON "restart".
enum class RestartNeed : std::uint8_t { Never, Always, CanRequest, Unknown };
std::string_view toId(RestartNeed need) noexcept;
/// irbNeverReboots 0, irbAlwaysRequiresReboot 1, irbCanRequestReboot 2; anything else Unknown.
RestartNeed restartNeedFrom(int rebootBehavior) noexcept;

/// One update the search found.
struct FoundUpdate {
    std::string title;
    std::vector<std::string> kbs;                  ///< "KB5036980" (the agent gives the digits; we add "KB")
    std::optional<std::uint64_t> maxDownloadBytes; ///< IUpdate::MaxDownloadSize; nullopt when not given
    RestartNeed restart = RestartNeed::Unknown;
    friend bool operator==(const FoundUpdate&, const FoundUpdate&) = default;
};

/// One warning of a search that succeeded with errors (ISearchResult::Warnings: IUpdateException).
struct ScanWarning {
    std::uint32_t hresult = 0;
    std::string message;
    friend bool operator==(const ScanWarning&, const ScanWarning&) = default;
};

/// What a scan gives: the facts, then the words.
struct ScanResult {
    ScanOutcome outcome = ScanOutcome::NotAvailable;
    std::uint32_t error = 0;   ///< the HRESULT that failed it (or made it not available); 0 = none
    int resultCode = -1;       ///< OperationResultCode from ISearchResult (2 succeeded ... 5 aborted); -1 = none
    std::vector<FoundUpdate> updates;
    std::vector<ScanWarning> warnings;
    bool abortRequested = false;  ///< we called RequestAbort (time limit or cancel)
    bool jobFinished = false;     ///< the agent's callback came before we returned (after an abort: it stopped)
    Millis duration{0};
    std::chrono::seconds timeout{kDefaultScanTimeout};
    std::string criteria{kScanCriteria};
    /// Findings that show the cause of a failure (linkCauses): e.g. the `proxy` finding for 0x8024402C.
    std::vector<Finding> causes;
    std::string message;   ///< one or two sentences, plain words ("Windows Update works: 2 updates are waiting...")
    std::string nextStep;  ///< what to do ("" when nothing)
    friend bool operator==(const ScanResult&, const ScanResult&) = default;
};

/// Windows Update answered (succeeded, with or without errors).
bool answered(const ScanResult& result) noexcept;

/// What runScan reads from the agent once the job has finished (EndSearch and the ISearchResult).
struct SearchReadout {
    int resultCode = -1;
    std::vector<FoundUpdate> updates;
    std::vector<ScanWarning> warnings;
};

/// One search through the Windows Update Agent, step by step. The Win32 COM agent and test fakes implement it;
/// runScan() drives it. Every call returns promptly except waitCompleted, which waits at most `upTo`.
class SearchAgent {
public:
    virtual ~SearchAgent() = default;
    /// Creates the session and the searcher and calls BeginSearch with a completion callback: 0, or the HRESULT.
    virtual std::uint32_t begin(std::string_view criteria) = 0;
    /// Waits up to `upTo` for the completion callback; true once it has come (and from then on).
    virtual bool waitCompleted(Millis upTo) = 0;
    /// ISearchJob::RequestAbort: 0, or the HRESULT.
    virtual std::uint32_t requestAbort() = 0;
    /// IUpdateSearcher::EndSearch and reading its ISearchResult; only after the callback came. 0, or the HRESULT.
    virtual std::uint32_t end(SearchReadout& out) = 0;
    /// ISearchJob::CleanUp: only after the callback came, and never inside it (it waits for the job to end).
    virtual void cleanUp() = 0;
};

/// Where a scan is, for a progress line ("Checking for updates... 0:42").
struct ScanProgress {
    enum class Phase : std::uint8_t { Searching, Stopping, Reading } phase = Phase::Searching;
    Millis elapsed{0};
};

struct ScanOptions {
    std::chrono::seconds timeout{kDefaultScanTimeout};
    Millis abortGrace{kDefaultAbortGrace};
    const CancelToken* cancel = nullptr;  ///< may be null
    /// Called on each phase change and about once a second while searching (on the scanning thread).
    std::function<void(const ScanProgress&)> progress;
    Millis poll{100};                     ///< how often cancel is looked at while waiting
};

/// The scan's logic over any agent: begin; wait for the callback until the time limit or a cancel; then either read
/// the result (EndSearch, CleanUp) or RequestAbort and wait up to abortGrace for the agent to end the job (then read
/// and CleanUp it), else leave it — without CleanUp, which would wait for a job that may never end. Fills the facts
/// and the words (message, nextStep); causes are added by linkCauses.
ScanResult runScan(SearchAgent& agent, Clock& clock, const ScanOptions& options);

/// Fills message and nextStep from the facts (runScan does; linkCauses does again with the causes).
void describeScan(ScanResult& result);

/// The finding ids that could show the cause of a failure with this code: the explain table's own finding first,
/// then, for a network failure, the proxy, hosts-file and update-server policy findings.
std::vector<std::string> causeCandidates(std::uint32_t hresult);
/// Keeps the findings (from runChecks) that show the cause of a failed scan (its error and its warnings' codes),
/// and words the next step after the first of them. A scan that succeeded gets none.
void linkCauses(ScanResult& result, const std::vector<Finding>& findings);

/// The scan as text lines (the CLI's `scan` output; the window shows the same facts).
std::string scanText(const ScanResult& result);
/// One log line of facts: "outcome=failed error=0x8024402C result_code=-1 updates=0 ... causes=proxy".
std::string scanLogLine(const ScanResult& result);

/// The interface the CLI and the window use. scan() blocks its caller (run it on a worker) but always returns:
/// at the latest after options.timeout + options.abortGrace, sooner when cancelled.
class UpdateScanner {
public:
    virtual ~UpdateScanner() = default;
    virtual ScanResult scan(const ScanOptions& options) = 0;
};

// ---- the last scan, kept in the log folder
inline constexpr std::string_view kLastScanFileName = "wudoctor-last-scan.json";

/// A scan as it was recorded, with when it ran.
struct LastScan {
    ScanResult result;
    std::chrono::system_clock::time_point when;  ///< when it ended (UTC)
    std::string localTime;                       ///< the same, as the PC's local time showed it
};

/// The scan as JSON: `scan --json`'s "scan" object and the record file's (schema in the README).
nlohmann::json scanJson(const ScanResult& result);
/// Writes `<folder>\wudoctor-last-scan.json` atomically (MachineAccess::replaceFile). 0, or the Win32 error.
Win32Error saveLastScan(MachineAccess& machine, std::string_view folder, const LastScan& scan);
/// What loadLastScan found.
struct LastScanLoad {
    std::optional<LastScan> scan;  ///< nullopt: none recorded (or unreadable: error says why)
    std::string path;
    std::string error;             ///< "" when the file was read, or is simply not there
};
LastScanLoad loadLastScan(MachineAccess& machine, std::string_view folder);

/// What the report says about checking for updates. "Last" has two sources, both shown: Windows' own record of its
/// last successful check (Automatic Updates; a search WU Doctor runs does not move it), and the last scan WU Doctor
/// recorded in this log folder (`wudoctor scan`, or the window's Check for updates now).
struct UpdateChecksSummary {
    AutomaticUpdatesResults automaticUpdates;
    LastScanLoad lastScan;
    std::chrono::system_clock::time_point now;
};
std::string updateChecksText(const UpdateChecksSummary& summary, std::string_view indent = "  ");

// ---- Windows only (update_scan_win32.cpp)
/// The Windows Update Agent through COM: CoCreateInstance(CLSID_UpdateSession) -> IUpdateSearcher::BeginSearch
/// (wuapi.dll is never imported; COM loads it from its registration in System32).
std::unique_ptr<UpdateScanner> makeWindowsUpdateScanner();

}  // namespace wud

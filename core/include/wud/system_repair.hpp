#pragma once
// Repairing Windows' own files — the rung after the cache reset: DISM repairs the component store (the copies
// Windows keeps of its own files), then SFC checks the system files against it and puts back damaged ones. The
// order and the commands are Microsoft's: KB947821 ("Fix Windows Update errors by using the DISM or System Update
// Readiness tool") and KB929833 ("Use the System File Checker tool...": DISM /Online /Cleanup-Image
// /RestoreHealth, then sfc /scannow).
//
// DISM runs through its API (dismapi.dll), not by reading dism.exe's screen: DismInitialize -> DismOpenSession
// (DISM_ONLINE_IMAGE) -> DismCheckImageHealth(scan) -> DismRestoreImageHealth when the store is repairable ->
// DismCloseSession -> DismShutdown, with a progress callback and a cancel event (Microsoft Learn, "DISM API
// Reference" and each function's page). SFC has no API: sfc.exe from System32, its output through a pipe, its
// result from the [SR] lines it writes to CBS.log during the run (sfc_parse.hpp).
//
// The engine is pure: the DISM API and sfc.exe are behind two interfaces, with a real implementation each
// (win32_dism.hpp, win32_sfc.hpp) and fakes for tests (fake_system_repair.hpp in wud::core_testing). The window
// and the CLI both call runSystemRepair().

#include "wud/checks.hpp"
#include "wud/clock.hpp"
#include "wud/error_text.hpp"
#include "wud/machine_access.hpp"
#include "wud/service_manager.hpp"
#include "wud/sfc_parse.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

// ---- HRESULTs the repair branches on (platform-neutral code does not include <windows.h>)
inline constexpr std::uint32_t kHrSourceMissing = 0x800F081F;     ///< CBS_E_SOURCE_MISSING: repair files not found
inline constexpr std::uint32_t kHrDownloadFailed = 0x800F0906;    ///< CBS_E_DOWNLOAD_FAILURE: could not download them
inline constexpr std::uint32_t kHrElevationRequired = 0x800702E4; ///< HRESULT_FROM_WIN32(ERROR_ELEVATION_REQUIRED)
inline constexpr std::uint32_t kHrCancelled = 0x800704C7;         ///< HRESULT_FROM_WIN32(ERROR_CANCELLED)
/// FAILED(hr): the severity bit. DISM's success codes include S_OK and DISMAPI_S_RELOAD_IMAGE_SESSION_REQUIRED (1).
constexpr bool hrFailed(std::uint32_t hr) noexcept { return (hr & 0x80000000u) != 0; }

/// DismImageHealthState (Microsoft Learn): what DismCheckImageHealth found.
enum class ImageHealth : std::uint8_t { Healthy = 0, Repairable = 1, NonRepairable = 2 };
/// "healthy", "repairable", "not_repairable".
std::string_view toId(ImageHealth health) noexcept;

/// One image in a .wim / .esd file (DismGetImageInfo): its index and edition ("Professional").
struct ImageEdition {
    std::uint32_t index = 0;
    std::string edition;
    std::string name;  ///< "Windows 11 Pro"
};

/// The DISM API as the repair uses it: one online session. Every call returns the API's HRESULT (0 = S_OK).
/// Real: makeWin32Dism() (dismapi.dll from System32 only, loaded at run time). Fake: FakeDism.
class DismApi {
public:
    /// DISM_PROGRESS_CALLBACK's numbers; DISM may call it on a thread of its own.
    using Progress = std::function<void(std::uint32_t current, std::uint32_t total)>;

    virtual ~DismApi() = default;
    /// Finds the API. False (with `why` in plain words) when this system has none — Wine, or Windows before 8.
    virtual bool load(std::string& why) = 0;
    /// DismInitialize (errors and warnings to DISM's own log, %windir%\Logs\DISM\dism.log).
    virtual std::uint32_t initialize() = 0;
    /// DismOpenSession(DISM_ONLINE_IMAGE): the running Windows.
    virtual std::uint32_t openOnlineSession() = 0;
    /// DismCheckImageHealth: scan = TRUE scans the store (minutes); FALSE reads the flag an earlier scan left.
    virtual std::uint32_t checkHealth(bool scan, const Progress& progress, ImageHealth& health) = 0;
    /// DismRestoreImageHealth. limitAccess: do not ask Windows Update for the files, only the sources.
    virtual std::uint32_t restoreHealth(const std::vector<std::string>& sources, bool limitAccess,
                                        const Progress& progress) = 0;
    /// DismGetImageInfo: the images a .wim / .esd holds; nullopt when DISM cannot read it.
    virtual std::optional<std::vector<ImageEdition>> imagesIn(const std::string& file) = 0;
    /// DismGetLastErrorMessage: DISM's own words for this thread's last failure; empty when it has none.
    virtual std::string lastErrorMessage() = 0;
    /// DismCloseSession / DismShutdown: safe to call when there is nothing to close.
    virtual void closeSession() = 0;
    virtual void shutdown() = 0;
    /// Signals the cancel event of the running call. Any thread. DISM may finish anyway (then it succeeds).
    virtual void requestCancel() = 0;

    DismApi() = default;
    DismApi(const DismApi&) = delete;
    DismApi& operator=(const DismApi&) = delete;
};

/// How sfc.exe ended.
struct SfcExit {
    bool started = false;
    Win32Error error = 0;        ///< why it could not start
    std::uint32_t exitCode = 0;  ///< undocumented: logged, never trusted
};

/// sfc.exe and CBS.log. Real: Win32Sfc. Fake: FakeSfc.
class SfcHost {
public:
    virtual ~SfcHost() = default;
    /// %windir%\System32\sfc.exe is there (Wine has none).
    virtual bool available() = 0;
    /// %windir%\Logs\CBS\CBS.log.
    virtual std::string cbsLogPath() = 0;
    /// CBS.log's size; nullopt when there is none (yet).
    virtual std::optional<std::uint64_t> cbsLogSize() = 0;
    /// CBS.log from `offset` to its end; nullopt when it cannot be read.
    virtual std::optional<std::string> readCbsLog(std::uint64_t offset) = 0;
    /// Runs `sfc.exe /scannow` (or `/verifyonly`) and hands its raw output to `output` as it comes; returns when
    /// sfc.exe has exited. It is never ended early: SFC cannot be stopped safely.
    virtual SfcExit run(bool verifyOnly, const std::function<void(std::string_view bytes)>& output) = 0;

    SfcHost() = default;
    SfcHost(const SfcHost&) = delete;
    SfcHost& operator=(const SfcHost&) = delete;
};

// ---- progress

enum class RepairPhase : std::uint8_t { Dism, Sfc };
enum class RepairStep : std::uint8_t {
    Starting,        ///< DISM is being loaded and started
    Scanning,        ///< DismCheckImageHealth(scan)
    Restoring,       ///< DismRestoreImageHealth
    CheckingFiles,   ///< sfc /scannow
    VerifyingFiles,  ///< sfc /verifyonly (scan only)
};
/// "dism" / "sfc"; "starting", "scanning", "restoring", "checking_files", "verifying_files".
std::string_view toId(RepairPhase phase) noexcept;
std::string_view toId(RepairStep step) noexcept;

struct RepairProgress {
    RepairPhase phase = RepairPhase::Dism;
    RepairStep step = RepairStep::Starting;
    std::optional<int> percent;  ///< 0–100; nullopt until the step reports one
    std::string text;            ///< "Repairing Windows' component store (DISM)"
    std::string note;            ///< a one-off line to show as it is (cancel, SFC's warning); empty for progress
};
/// Called on the repair's thread, on DISM's threads or on the cancel watcher's — never two at once.
using RepairProgressFn = std::function<void(const RepairProgress&)>;

// ---- results

enum class DismOutcome : std::uint8_t {
    Healthy,        ///< the scan found no damage
    Repairable,     ///< scan only: damage DISM can repair (nothing was repaired)
    Repaired,       ///< damage found and repaired
    NotRepairable,  ///< damage DISM cannot repair (DismImageNonRepairable)
    SourceMissing,  ///< 0x800F081F / 0x800F0906: the files for the repair were not found
    Cancelled,      ///< stopped on request before it finished
    Failed,         ///< any other failure (hresult, dismMessage)
    NotAvailable,   ///< no DISM API on this system: never "healthy"
    Skipped,        ///< not run (refused: a pending restart, no rights, a missing source)
};
enum class SfcOutcome : std::uint8_t {
    Healthy,       ///< no damaged file
    Repaired,      ///< every damaged file repaired
    NotRepaired,   ///< at least one file could not be repaired
    Corrupt,       ///< scan only: damaged files found (nothing was repaired)
    Failed,        ///< sfc.exe did not start, or left no result
    NotAvailable,  ///< no sfc.exe on this system
    Skipped,       ///< not run (cancelled, no rights, refused)
};
/// "healthy", "repairable", "repaired", "not_repairable", "source_missing", "cancelled", "failed", "not_available",
/// "skipped".
std::string_view toId(DismOutcome outcome) noexcept;
/// "healthy", "repaired", "not_repaired", "corrupt", "failed", "not_available", "skipped".
std::string_view toId(SfcOutcome outcome) noexcept;

struct DismResult {
    DismOutcome outcome = DismOutcome::Failed;
    std::optional<ImageHealth> health;  ///< what the scan found; nullopt when no scan finished
    std::uint32_t hresult = 0;          ///< the failing call's HRESULT; 0 when none failed
    std::string dismMessage;            ///< DismGetLastErrorMessage after a failure; NotAvailable: why not
    std::vector<std::string> sources;   ///< as DISM got them (a .wim / .esd named with its images' indexes)
    bool limitAccess = false;           ///< sources given: Windows Update was not asked
    bool cancelIgnored = false;         ///< Cancel was asked and DISM finished the step anyway
    ErrorText text;                     ///< plain words; advice empty when nothing is left to do
    Millis duration{0};
};

struct SfcResult {
    SfcOutcome outcome = SfcOutcome::Skipped;
    bool verifyOnly = false;                ///< /verifyonly (scan only) instead of /scannow
    std::optional<std::uint32_t> exitCode;  ///< sfc.exe's (undocumented) exit code, when it ran
    std::vector<SfcFile> files;             ///< from this run's [SR] lines only
    std::string said;                       ///< SFC's own closing words (localized), as it printed them
    std::string cbsLog;                     ///< the log the result was read from
    bool logRestarted = false;              ///< CBS.log was started afresh during the run (read whole)
    bool cancelAsked = false;               ///< Cancel came while SFC ran: it was let finish
    std::string reason;                     ///< why it failed or did not run, in plain words
    ErrorText text;
    Millis duration{0};
};

/// The whole run in one word.
enum class SystemRepairVerdict : std::uint8_t {
    Healthy,         ///< nothing damaged
    Repaired,        ///< damage found, all of it repaired
    NotRepaired,     ///< damage left (or found by a scan-only run)
    Failed,          ///< a step failed; nothing says what is damaged
    NotAvailable,    ///< DISM and/or SFC are not on this system
    Cancelled,       ///< stopped on request
    NeedsAdmin,      ///< not elevated: nothing was done
    RestartPending,  ///< refused (finding restart-pending): nothing was done
    BadSource,       ///< a --source does not exist: nothing was done
};
/// "healthy", "repaired", "not_repaired", "failed", "not_available", "cancelled", "needs_admin",
/// "restart_pending", "bad_source".
std::string_view toId(SystemRepairVerdict verdict) noexcept;

struct SystemRepairResult {
    SystemRepairVerdict verdict = SystemRepairVerdict::Failed;
    std::optional<Finding> restartPending;  ///< set when refused for it
    std::string badSource;                  ///< the --source path that is not there (BadSource)
    DismResult dism;
    SfcResult sfc;
    ErrorText text;  ///< the whole run: what happened and the next step (empty advice when nothing is left)
    [[nodiscard]] bool ok() const noexcept {
        return verdict == SystemRepairVerdict::Healthy || verdict == SystemRepairVerdict::Repaired;
    }
};

// ---- running it

struct SystemRepairRequest {
    bool scanOnly = false;             ///< DISM scans, SFC runs /verifyonly: nothing is repaired
    std::vector<std::string> sources;  ///< --source values as typed (sourceSyntaxProblem() found none wrong)
    RepairProgressFn progress;         ///< may be empty
    const CancelToken* cancel = nullptr;  ///< stops DISM where it can; SFC is let finish
};

struct SystemRepairEnv {
    DismApi& dism;
    SfcHost& sfc;
    MachineAccess& machine;    ///< the pending restart, this PC's edition, whether sources exist
    ServiceManager& services;  ///< for the checks' context
    Clock& clock;              ///< durations
    bool elevated = true;      ///< DISM and SFC need administrator rights
    std::uint32_t osBuild = 19045;
};

/// Refused (nothing done) while a restart is pending (the restart-pending check), without administrator rights,
/// or when a source does not exist; else DISM (scan, then repair when it can), then SFC — except after a Cancel.
/// Blocks until both have finished: run it on a worker thread.
SystemRepairResult runSystemRepair(SystemRepairEnv& env, const SystemRepairRequest& request);

// ---- what it says (system_repair_text.cpp); runSystemRepair fills every `text` with these

/// "Repairing Windows' component store (DISM)".
std::string_view stepText(RepairStep step) noexcept;
/// DISM's result in plain words with its next step (empty advice when nothing is left to do).
ErrorText describe(const DismResult& dism, bool sourcesGiven);
/// SFC's, naming the files; storeOk: DISM left the component store healthy (SFC's copies come from there).
ErrorText describe(const SfcResult& sfc, bool storeOk);
/// The whole run, from its verdict and both phases.
ErrorText describe(const SystemRepairResult& result);

// ---- what the front ends show before and around it

/// For the confirmation: how long it takes and what it needs.
inline constexpr std::string_view kSystemRepairAbout =
    "DISM checks Windows' component store (the copies Windows keeps of its own files) and repairs it, then SFC "
    "checks every system file against it. It needs administrator rights and can take from a few minutes to "
    "half an hour or more; the PC can be used meanwhile.";
/// Said before SFC starts.
inline constexpr std::string_view kSfcCannotCancel =
    "SFC cannot be stopped safely once it has started: it runs to the end (often 5 to 20 minutes).";
/// The next step when DISM or SFC cannot repair: an in-place reinstall (Microsoft Support, "Reinstall Windows":
/// reinstall from installation media, keeping personal files and apps; the Installation Assistant and the Media
/// Creation Tool are on Microsoft's software download page).
inline constexpr std::string_view kRepairInstallAdvice =
    "Repair Windows by installing it over itself, keeping your files and apps: get the Windows 11 Installation "
    "Assistant or the Media Creation Tool (Windows 10) from https://www.microsoft.com/software-download, run it, "
    "and choose \"Keep personal files and apps\".";

/// A --source value's syntax: nullopt when it is usable, else why not (one line). An absolute path (X:\... or
/// \\server\share\...) to a folder, a .wim or an .esd, or DISM's own `wim:X:\...\install.wim:N` / `esd:...:N`;
/// no wildcards, quotes or control characters. Sources are passed to DISM as data, never run or opened here.
std::optional<std::string> sourceSyntaxProblem(std::string_view source);
/// What DISM gets for one --source: a .wim / .esd file becomes `wim:<file>:<index>` (`esd:`) for each of its
/// images, this PC's edition first (DISM needs the index); a folder holding sources\install.wim (.esd) — a
/// mounted ISO — is taken as that file; anything else goes as typed. `images` is DismGetImageInfo's answer for
/// the file (nullopt: unknown -> index 1).
std::vector<std::string> dismSourcesFor(std::string_view source, MachineAccess& machine,
                                        const std::function<std::optional<std::vector<ImageEdition>>(const std::string&)>& images,
                                        std::string_view edition);

}  // namespace wud

#pragma once
// Read-only diagnosis: what really blocks Windows Update (policies, leftovers of "disable updates" tools,
// a pending restart...). Each check reads the machine through MachineAccess / ServiceManager and returns
// findings with their evidence; none changes anything. Where a fix is safe, the finding carries it as data
// (a Repair), which repairs.hpp applies through the undo journal.

#include "wud/model.hpp"
#include "wud/machine_access.hpp"
#include "wud/service_manager.hpp"

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wud {

class AutomaticUpdatesSource;  // automatic_updates.hpp

enum class Severity : std::uint8_t {
    Problem,  ///< blocks Windows Update
    Warning,  ///< may block it, or makes it misbehave
    Info,     ///< worth knowing, not a fault (e.g. managed by your organisation)
};
/// "problem", "warning", "info".
std::string_view toId(Severity severity) noexcept;

// ---- what a repair changes (data; repairs.hpp applies it)
/// Set a registry value, or delete it (after = nullopt). Never a key.
struct RegistryChange {
    std::string key, name;
    std::optional<RegValue> after;
    friend bool operator==(const RegistryChange&, const RegistryChange&) = default;
};
/// Rename a file (move a renamed-away DLL back; never delete).
struct FileMove {
    std::string from, to;
    friend bool operator==(const FileMove&, const FileMove&) = default;
};
/// Replace a text file's bytes (the hosts file without the blocking lines; `removedLines` for the log).
struct FileRewrite {
    std::string path;
    std::string after;
    std::vector<std::string> removedLines;
    friend bool operator==(const FileRewrite&, const FileRewrite&) = default;
};
/// Set a service's start type through the SCM.
struct ServiceStartChange {
    std::string service;
    StartType to = StartType::Unknown;
    friend bool operator==(const ServiceStartChange&, const ServiceStartChange&) = default;
};
/// Replace a registry key's DACL (SDDL): a service key that denies SYSTEM gets the deny entries taken out.
struct KeySecurityChange {
    std::string key;
    std::string after;
    friend bool operator==(const KeySecurityChange&, const KeySecurityChange&) = default;
};
using Change = std::variant<RegistryChange, FileMove, FileRewrite, ServiceStartChange, KeySecurityChange>;

/// One finding: what is wrong, the proof, what it means, what to do, and a safe fix when there is one.
struct Finding {
    std::string id;          ///< stable, lower case: "policy.wuserver", "service.wuauserv.start-type", "hosts"
    Severity severity = Severity::Info;
    std::string title;       ///< one line: "Windows Update is pointed at a blank update server"
    std::vector<std::string> evidence;  ///< exact keys / values / files / lines
    std::string explanation; ///< plain words
    std::string nextStep;    ///< what the user can do
    std::vector<Change> repair;  ///< empty = no automatic repair (advice only)
    friend bool operator==(const Finding&, const Finding&) = default;
};

/// What the checks read.
struct CheckContext {
    MachineAccess& machine;
    ServiceManager& services;
    std::uint32_t osBuild = 19045;
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
    /// Automatic Updates' record of its last successful check (checkLastCheck); null = not asked (no finding).
    AutomaticUpdatesSource* automaticUpdates = nullptr;
};

/// One check: a name (for "could not check" messages and the benchmark) and the function.
struct Check {
    std::string_view name;
    void (*run)(CheckContext&, std::vector<Finding>&);
};

/// Every check, in the order findings are shown.
std::span<const Check> allChecks() noexcept;
/// Runs every check. Findings come out most severe first, in check order within a severity.
std::vector<Finding> runChecks(CheckContext& context);
/// The same, for a caller that must carry on whatever happens (the window's worker thread): a check that throws
/// is named in `couldNotCheck` ("hosts file: <reason>") and the others still run.
std::vector<Finding> runChecks(CheckContext& context, std::vector<std::string>& couldNotCheck);

/// The findings `repair --all` and the window's "Repair all" repair, and the window offers a Repair button for:
/// those with an automatic repair that are more than information.
bool offersRepair(const Finding& finding) noexcept;

/// The findings that block Windows Update (severity Problem).
std::size_t countProblems(const std::vector<Finding>& findings) noexcept;
/// The finding with this id, or null.
const Finding* findFinding(const std::vector<Finding>& findings, std::string_view id) noexcept;
/// One finding as JSON, the one shape every document uses (check, report, repair, scan's causes, the last-scan file):
/// id, severity, title, evidence, explanation, next_step, repairable.
nlohmann::json findingJson(const Finding& finding);

// ---- individual checks (exposed for the unit tests)
void checkPolicies(CheckContext&, std::vector<Finding>&);
void checkPause(CheckContext&, std::vector<Finding>&);
void checkServices(CheckContext&, std::vector<Finding>&);
void checkEngineFiles(CheckContext&, std::vector<Finding>&);
void checkHosts(CheckContext&, std::vector<Finding>&);
void checkPendingRestart(CheckContext&, std::vector<Finding>&);
void checkDiskSpace(CheckContext&, std::vector<Finding>&);
void checkProxy(CheckContext&, std::vector<Finding>&);
void checkScheduledTasks(CheckContext&, std::vector<Finding>&);
void checkMedicFailureActions(CheckContext&, std::vector<Finding>&);
// ---- what repairs may change (an undo of anything else is refused: journal_guard.hpp)
/// A registry value a repair of ours writes or deletes.
struct RegistryTarget {
    std::string key, name;
};
/// The policy and pause values the policy repairs delete or rewrite (policies.cpp).
std::vector<RegistryTarget> policyRepairTargets();
/// The service values the service repairs write: WaaSMedicSvc's FailureActions (services.cpp).
std::vector<RegistryTarget> serviceRepairTargets();
/// Names "disable updates" tools give a file they rename away: "wuaueng.dlle", "wuaueng_BAK.dll"... (services.cpp).
std::vector<std::string> renamedCandidates(std::string_view file);
/// The file a service runs, as the checks resolve it: ImagePath, or Parameters\ServiceDll for an svchost service
/// (a full path; "" when the service has no ImagePath).
std::string serviceBinaryPath(std::string_view service, MachineAccess& machine);
/// The update engine DLLs the checks look for renamed away (wuaueng.dll, usosvc.dll, WaaSMedicSvc.dll).
std::span<const std::string_view> engineDlls() noexcept;
/// WaaSMedicSvc's FailureActions bytes as Windows sets them (what its repair writes; services.cpp has the source).
std::span<const std::uint8_t> medicFailureActionsDefault() noexcept;
/// Windows ships this scheduled task disabled on this build (tasks.cpp has the sources): never a finding.
bool shippedDisabled(std::string_view taskPath, std::uint32_t osBuild) noexcept;

/// The finding a pending restart of Windows itself gives: reset-cache refuses, and Restart and Fix ask first.
inline constexpr std::string_view kRestartPendingId = "restart-pending";
/// Windows' own pending restart (the restart-pending finding of checkPendingRestart), or nothing: what reset-cache
/// and repair-system refuse on. An antivirus's rename list alone (pending-file-renames) is no reason.
std::optional<Finding> pendingRestart(CheckContext& context);
/// Files waiting to be replaced at the next restart (antivirus, installers): information only, gates nothing.
inline constexpr std::string_view kPendingRenamesId = "pending-file-renames";
void checkLastCheck(CheckContext&, std::vector<Finding>&);  // last_check.cpp

// Keys the checks read (shared with tests and repairs).
inline constexpr std::string_view kWuPolicyKey = R"(HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate)";
inline constexpr std::string_view kAuPolicyKey = R"(HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate\AU)";
inline constexpr std::string_view kExplorerPolicyKey = R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Policies\Explorer)";
inline constexpr std::string_view kUxSettingsKey = R"(HKLM\SOFTWARE\Microsoft\WindowsUpdate\UX\Settings)";
inline constexpr std::string_view kServicesKey = R"(HKLM\SYSTEM\CurrentControlSet\Services)";
inline constexpr std::string_view kUpdateOrchestratorTasks = R"(\Microsoft\Windows\UpdateOrchestrator)";
inline constexpr std::string_view kWaaSMedicTasks = R"(\Microsoft\Windows\WaaSMedic)";
inline constexpr std::string_view kWinHttpKey = R"(HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Internet Settings\Connections)";

/// The hosts file's path on this machine.
std::string hostsPath(MachineAccess& machine);

}  // namespace wud

// Windows Update's scheduled tasks: the UpdateOrchestrator tasks that start automatic scans, downloads and installs
// ("Schedule Scan", "USO_UxBroker", "Reboot"...) and the WaaSMedic task that lets Windows Update Medic repair Windows
// Update ("PerformRemediation"). "Disable updates" and debloat scripts disable them: many public batch files run
// `schtasks /Change /TN "\Microsoft\Windows\UpdateOrchestrator\Schedule Scan" /Disable`, and the same for
// USO_UxBroker, Reboot, Reboot_AC, Report policies, UpdateModelTask... (seen in GitHub code search, 2026-11).
//
// Tasks Windows itself ships disabled are not a finding, and the advice never enables them (kShippedDisabled below
// has the names and the sources). Where the public records of stock installs disagree about a task, WU Doctor does
// not warn: a false alarm would tempt the user to switch on what Windows left off (Schedule Wake To Work wakes the
// PC from sleep).
//
// Severity: Warning, not Problem. With these tasks disabled Windows Update still works when started by hand
// (Settings > Check for updates runs the scan through UsoSvc directly); what stops is Windows doing it on its own —
// it "may block it, or makes it misbehave" (checks.hpp), which is what a Warning means here.
//
// Advice only, no repair:
// - On recent Windows 10/11 the UpdateOrchestrator tasks' permissions are reported to refuse an administrator
//   ("Access is denied" from schtasks; community reports, not checked here: blocker tools run as SYSTEM or
//   TrustedInstaller to change them), so an automatic repair could fail half way.
// - Wine's IRegisteredTask::put_Enabled is a stub that changes nothing (dlls/taskschd/task.c, regtask_put_Enabled),
//   so a repair and its undo could not be tested for real; the journal has no task kind either.
// Where Task Scheduler cannot be asked, or the folder is not there (Wine has neither folder), the check says so as an
// Info finding: never silently nothing.
#include "check_util.hpp"

#include "wud/text.hpp"

#include <array>

namespace wud {
using namespace checks_detail;

namespace {

struct TaskFolder {
    std::string_view folder;
    std::string_view id;
    std::uint32_t sinceBuild;  ///< the first Windows build that has it
    std::string_view what;     ///< what the tasks do, for the explanation
};

// UpdateOrchestrator came with Windows 10 (10240); WaaSMedic with Windows 10 1803 (17134), with WaaSMedicSvc.
constexpr std::array kFolders{
    TaskFolder{kUpdateOrchestratorTasks, "tasks.updateorchestrator", 10240,
               "Windows starts its automatic update scans, downloads and installs from these tasks. With them "
               "disabled Windows no longer looks for updates on its own; Settings > Check for updates still works."},
    TaskFolder{kWaaSMedicTasks, "tasks.waasmedic", 17134,
               "Windows Update Medic uses this task to repair Windows Update when something has broken it. With it "
               "disabled that self-repair does not run."},
};

/// A task Windows ships disabled (or that stock installs are recorded with both ways): never a finding.
struct ShippedDisabled {
    std::string_view path;
    std::uint32_t fromBuild;  ///< the records cover these builds; outside them the task is judged like any other
    std::uint32_t toBuild;
};

// Sources:
// - undergroundwires/privacy.sexy, src/application/collections/windows.yaml, which records each task's default state
//   per Windows version: "Schedule Maintenance Work", "Schedule Wake To Work" and "Schedule Work" Disabled on stock
//   Windows 10 22H2 (19045) and Windows 11 22H2/23H2 (22621/22631). A published Get-ScheduledTask listing of a
//   Windows 10 PC shows "Schedule Work" Ready: the records disagree, so it is not warned about either way.
//   The records stop at those versions; Windows 10 1507 to 21H2 and Windows 11 21H2/24H2+ are taken as the nearest
//   recorded release does (a missing record is no reason to cry wolf).
// - seagull/disable-scheduledWaking #4: "Reboot_AC" shows Disabled on a stock Windows 10 1903 (18362); nothing
//   records it enabled since, so from 1903 on it is never warned about (it only restarts the PC on AC power).
// - The Windows 11 22H2 (10.0.22621.1) WaaSMedic component manifest registers \WaaSMedic\PerformRemediation with
//   Enabled=false, yet running systems show it Ready: disabled is Windows' own state, so never a finding.
constexpr std::uint32_t kAnyBuild = 0xFFFFFFFF;
constexpr std::array kShippedDisabled{
    ShippedDisabled{R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Maintenance Work)", 10240, kAnyBuild},
    ShippedDisabled{R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Wake To Work)", 10240, kAnyBuild},
    ShippedDisabled{R"(\Microsoft\Windows\UpdateOrchestrator\Schedule Work)", 10240, kAnyBuild},
    ShippedDisabled{R"(\Microsoft\Windows\UpdateOrchestrator\Reboot_AC)", 18362, kAnyBuild},
    ShippedDisabled{R"(\Microsoft\Windows\WaaSMedic\PerformRemediation)", 17134, kAnyBuild},
};

}  // namespace

bool shippedDisabled(std::string_view taskPath, std::uint32_t osBuild) noexcept {
    for (const ShippedDisabled& task : kShippedDisabled)
        if (equalsIgnoreCase(task.path, taskPath) && osBuild >= task.fromBuild && osBuild <= task.toBuild) return true;
    return false;
}

void checkScheduledTasks(CheckContext& context, std::vector<Finding>& out) {
    std::vector<const TaskFolder*> asked;
    std::vector<std::string> paths;
    for (const TaskFolder& folder : kFolders)
        if (context.osBuild >= folder.sinceBuild) {
            asked.push_back(&folder);
            paths.emplace_back(folder.folder);
        }
    if (asked.empty()) return;
    std::vector<TaskFolderRead> reads = context.machine.scheduledTasks(paths);
    while (reads.size() < asked.size()) reads.push_back(TaskFolderRead{{}, false, "Task Scheduler gave no answer"});
    for (std::size_t i = 0; i < asked.size(); ++i) {
        const TaskFolder& folder = *asked[i];
        const TaskFolderRead& read = reads[i];
        if (!read.error.empty() || read.folderMissing) {
            Finding f;
            f.id = std::string(folder.id) + ".could-not-check";
            f.severity = Severity::Info;
            f.title = "Could not check the scheduled tasks in " + std::string(folder.folder);
            f.evidence.push_back(read.folderMissing ? std::string(folder.folder) + ": Task Scheduler has no such folder"
                                                    : read.error);
            f.explanation = read.folderMissing
                                ? "Windows 10 and 11 have this folder. If it is gone, a \"disable updates\" tool may have "
                                  "deleted Windows Update's tasks."
                                : "WU Doctor could not ask Task Scheduler whether Windows Update's tasks are enabled.";
            f.nextStep = "Look for yourself: open Task Scheduler (taskschd.msc) > Task Scheduler Library > Microsoft > "
                         "Windows > " + fileNameOf(folder.folder) + ".";
            out.push_back(std::move(f));
            continue;
        }
        std::vector<std::string> disabled;
        for (const ScheduledTask& task : read.tasks)
            if (!task.enabled && !shippedDisabled(task.path, context.osBuild)) disabled.push_back(task.path);
        if (disabled.empty()) continue;
        Finding f;
        f.id = std::string(folder.id);
        f.severity = Severity::Warning;
        f.title = disabled.size() == 1 ? "A Windows Update scheduled task is disabled: " + fileNameOf(disabled.front())
                                       : std::to_string(disabled.size()) + " Windows Update scheduled tasks are disabled (" +
                                             fileNameOf(folder.folder) + ")";
        for (const std::string& path : disabled) f.evidence.push_back(path + ": Disabled");
        f.explanation = std::string(folder.what) + " A \"disable updates\" tool usually did this.";
        f.nextStep = "Turn updates back on in the tool that turned them off. Or, in an elevated prompt: schtasks /Change "
                     "/TN \"" + disabled.front() + "\" /ENABLE (one line per task). If that says Access is denied, "
                     "these tasks are protected: let Windows Update Medic (WaaSMedicSvc, \"remediation and protection of "
                     "Windows Update components\" in Microsoft's words) run, or use the tool that disabled them.";
        out.push_back(std::move(f));
    }
}

}  // namespace wud

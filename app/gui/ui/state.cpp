#include "ui/state.hpp"

#include "wud/enum_names.hpp"
#include "wud/error_text.hpp"
#include "wud/explain.hpp"
#include "wud/text.hpp"

#include <algorithm>

namespace wud::ui {
namespace {

std::string friendly(std::string_view service) { return std::string(friendlyNameOf(service)); }

}  // namespace

const ServiceRow* StatusSet::find(std::string_view name) const noexcept {
    for (const ServiceRow& row : rows) {
        if (row.entry != nullptr && row.entry->name == name) return &row;
    }
    return nullptr;
}

std::string titleFor(Request request, std::string_view service, StartType type, bool undo, bool running) {
    const std::string name = friendly(service);
    const std::string to = capitalised(std::string(toString(type)));
    switch (request) {
        case Request::Start: return (running ? "Starting " : "Start ") + name;
        case Request::Restart: return (running ? "Restarting " : "Restart ") + name;
        case Request::Fix: return running ? "Fixing Windows Update" : "Fix Windows Update";
        case Request::SetStartType:
            if (undo) return (running ? "Putting " : "Put ") + name + " back to " + to;
            return (running ? "Setting " : "Set ") + name + " to " + to;
        // For these `service` is what is repaired or undone: a finding's title, "all findings", an entry.
        case Request::Repair: return (running ? "Repairing: " : "Repair: ") + std::string(service);
        case Request::UndoRepair: return (running ? "Undoing: " : "Undo: ") + std::string(service);
        case Request::ResetCache: return running ? "Resetting the update cache" : "Reset the update cache";
        case Request::RepairSystem: return running ? "Repairing Windows files" : "Repair Windows files";
        case Request::Scan: return running ? "Checking for updates" : "Check for updates";
    }
    return "Working";
}

void applyProgress(std::vector<StepLine>& steps, const Progress& progress) {
    using S = StepLine::Status;
    auto active = std::find_if(steps.rbegin(), steps.rend(), [](const StepLine& l) { return l.status == S::Active; });
    switch (progress.step) {
        case Progress::Step::Querying:
            break;
        case Progress::Step::Stopping:
        case Progress::Step::Starting:
        case Progress::Step::Waiting:
            if (progress.text.empty()) break;
            if (active != steps.rend() && active->text == progress.text) break;
            if (progress.step == Progress::Step::Waiting && active != steps.rend()) break;  // still the same step
            if (active != steps.rend()) active->status = S::Done;
            steps.push_back({S::Active, progress.text});
            break;
        case Progress::Step::Done:
        case Progress::Step::Failed: {
            const S status = progress.step == Progress::Step::Done ? S::Done : S::Failed;
            if (active != steps.rend()) active->status = status;
            else if (!progress.text.empty()) steps.push_back({status, progress.text});
            break;
        }
        case Progress::Step::Skipped:
            if (active != steps.rend()) active->status = S::Done;
            steps.push_back({S::Skipped, progress.text.empty() ? friendly(progress.service) + ": skipped" : progress.text});
            break;
    }
}

void applyRepairProgress(Meter& meter, const RepairProgress& p) {
    if (!p.note.empty()) return;  // a one-off line: the step goes on
    if (p.text != meter.step) meter.percent.reset();  // a new step starts from no figure, not the last step's 100 %
    meter.step = p.text;
    if (p.percent) meter.percent = std::clamp(*p.percent, 0, 100);
    // SFC cannot be stopped safely once it runs (Microsoft gives it no cancel): Cancel is no longer offered.
    if (p.phase == RepairPhase::Sfc) meter.cancellable = false;
}

void advanceMeterClock(Meter& meter, MeterHold& hold, Millis sinceStart) {
    meter.elapsed = std::chrono::floor<std::chrono::minutes>(sinceStart);
    if (meter.percent != hold.percent || meter.step != hold.step) hold = {meter.percent, meter.step, sinceStart};
    meter.holding = meter.percent.has_value() && sinceStart - hold.since >= kMeterLongHold;
}

std::string meterClockText(Millis elapsed) {
    const auto minutes = std::chrono::floor<std::chrono::minutes>(elapsed).count();
    if (minutes < 1) return "less than a minute";
    if (minutes == 1) return "1 minute";
    if (minutes < 60) return std::to_string(minutes) + " minutes";
    const std::string rest = std::to_string(minutes % 60);
    return std::to_string(minutes / 60) + " h " + (rest.size() < 2 ? "0" + rest : rest) + " min";
}

std::vector<std::string> systemRepairLines(const SystemRepairResult& r) {
    std::vector<std::string> lines;
    if (r.restartPending || r.verdict == SystemRepairVerdict::NeedsAdmin || r.verdict == SystemRepairVerdict::BadSource)
        return lines;  // nothing ran: the message says why
    lines.push_back("Component store (DISM): " + r.dism.text.message);
    lines.push_back("System files (SFC): " + r.sfc.text.message);
    for (const SfcFile& f : r.sfc.files) {
        const std::string word = f.result == SfcFileResult::Repaired      ? "repaired"
                                 : f.result == SfcFileResult::NotRepaired ? "NOT repaired"
                                                                          : "damaged";
        lines.push_back("    " + word + ": " + (f.path.empty() ? f.name : f.path) +
                        (f.component.empty() ? std::string() : " (" + f.component + ")"));
    }
    if (!r.sfc.said.empty()) lines.push_back("SFC said: " + r.sfc.said);
    return lines;
}

Verdict scanVerdict(const ScanResult& r) {
    using Level = Verdict::Level;
    const std::size_t n = r.updates.size();
    const std::string waiting = n == 1 ? "1 update is waiting" : std::to_string(n) + " updates are waiting";
    const std::string step = r.nextStep.empty() ? std::string() : " " + r.nextStep;
    switch (r.outcome) {
        case ScanOutcome::Succeeded:
            if (n == 0)
                return {Level::Good, "Windows Update works: no updates are waiting",
                        "Windows Update checked just now and found nothing to install."};
            return {Level::Good, "Windows Update works: " + waiting + " — open Windows Update to install them",
                    "WU Doctor checks; Windows Update installs." +
                        std::string(std::any_of(r.updates.begin(), r.updates.end(),
                                                [](const FoundUpdate& u) { return u.restart == RestartNeed::Always; })
                                        ? " At least one needs a restart."
                                        : "")};
        case ScanOutcome::SucceededWithErrors:
            return {Level::Attention,
                    "Windows Update answers, but part of its check failed" +
                        (n == 0 ? std::string() : ": " + waiting + " — open Windows Update to install them"),
                    r.message + step};
        case ScanOutcome::Failed: {
            if (r.error == 0) return {Level::Problem, "Windows Update still fails", r.message + step};
            const CodeExplanation e = explainCode(r.error, nullptr);
            const std::string meaning = e.meaning.empty() ? std::string() : e.meaning + " ";
            return {Level::Problem,
                    "Windows Update still fails: " + hexCode(r.error) + (e.name.empty() ? "" : " " + e.name),
                    meaning + (r.nextStep.empty() ? std::string() : "Next step: " + r.nextStep)};
        }
        case ScanOutcome::TimedOut: return {Level::Attention, "Windows Update did not answer in time", r.message + step};
        case ScanOutcome::Cancelled: return {Level::Attention, "Check for updates cancelled", r.message};
        case ScanOutcome::NotAvailable:
            return {Level::Attention, "Checking for updates is not available on this system", r.message + step};
    }
    return {Level::Attention, "Check for updates", r.message};
}

std::string exitCodeInWords(const ServiceSnapshot& s) {
    if (!s.installed) return "-";
    switch (s.win32ExitCode) {
        case 0: return s.state == ServiceState::Stopped ? "ended normally" : "none";
        case kNeverStarted: return "not run since Windows started";
        case kServiceSpecific: return "the service's own error " + std::to_string(s.serviceExitCode);
        default: break;
    }
    ErrorContext context;
    context.service = s.name;
    const std::string system = systemMessage(s.win32ExitCode);
    std::string text = !system.empty() ? system : describeError(s.win32ExitCode, context).message;
    while (!text.empty() && text.back() == '.') text.pop_back();
    return text + " (" + std::to_string(s.win32ExitCode) + ")";
}

constexpr std::array<EnumName<Severity>, 3> kSeverityWords{{
    {Severity::Problem, "Problem"}, {Severity::Warning, "Warning"}, {Severity::Info, "Info"}
}};
static_assert(namesEveryValue(kSeverityWords, Severity::Info));

std::string_view severityWord(Severity severity) noexcept { return nameOf(kSeverityWords, severity, "Info"); }

bool idleByDesign(const ServiceRow& row, std::uint32_t osBuild) {
    const ServiceSnapshot& s = row.snapshot;
    if (row.entry == nullptr || row.queryError != 0 || !s.installed || s.state != ServiceState::Stopped) return false;
    // Windows 10/11 set wuauserv to Manual (trigger start): it runs while Windows checks for updates and stops
    // by itself when idle (Microsoft Learn, "Windows Update service default start type"; DESIGN.md).
    auto manual = [](StartType t) { return t == StartType::Manual || t == StartType::ManualTrigger; };
    return manual(windowsDefault(*row.entry, osBuild)) && manual(s.startType);
}

std::string restartFirstQuestion(Request request, const ChecksView& checks) {
    if (request != Request::Restart && request != Request::Fix) return {};  // only these stop services
    if (findFinding(checks.findings, kRestartPendingId) == nullptr) return {};
    return "Windows is waiting for a restart to finish installing something, and until then restarting its "
           "services usually does not help. Restart Windows first (Start > Power > Restart). "
           "Run it anyway?";
}

Verdict verdictFor(const StatusSet& status, const OperationView& operation, std::uint32_t osBuild) {
    return verdictFor(status, operation, osBuild, ChecksView{});
}

Verdict verdictFor(const StatusSet& status, const OperationView& operation, std::uint32_t osBuild,
                   const ChecksView& checks) {
    using Level = Verdict::Level;
    if (operation.active()) {
        return {Level::Busy, operation.title + "…",
                operation.phase == OperationView::Phase::WaitingForAdmin
                    ? "Windows asks for permission first. Choose Yes to go ahead."
                    : "You can keep using the window while this runs."};
    }
    const ServiceRow* wu = status.find(kWindowsUpdate);
    const ServiceRow* uso = status.find(kUpdateOrchestrator);
    if (wu == nullptr) return {Level::Checking, "Checking the Windows Update services…", ""};
    if (wu->queryError != 0) {
        ErrorContext context{.service = kWindowsUpdate};
        const ErrorText text = describeError(wu->queryError, context);
        return {Level::Problem, "WU Doctor cannot read the state of Windows Update", text.message + " " + text.advice};
    }
    if (!wu->snapshot.installed) {
        return {Level::Problem, "Windows Update is not installed on this computer",
                "Run the Windows Update troubleshooter below: WU Doctor has nothing to start here."};
    }
    const bool usoInstalled = uso != nullptr && uso->snapshot.installed;
    auto disabled = [](const ServiceRow* row) {
        return row != nullptr && row->snapshot.installed && row->snapshot.startType == StartType::Disabled;
    };
    auto defaultOf = [&](std::string_view name) {
        const CatalogEntry* entry = findInCatalog(name);
        return entry != nullptr ? std::string(toString(windowsDefault(*entry, osBuild))) : std::string("its default");
    };
    if (disabled(wu)) {
        return {Level::Problem, "Windows Update is disabled",
                "Windows cannot install updates while it is. Press \"Set to " +
                    capitalised(defaultOf(kWindowsUpdate)) + "\" on its card to turn it back on."};
    }
    if (disabled(uso)) {
        return {Level::Problem, "Update Orchestrator is disabled",
                "Windows will not check for updates on its own. Press \"Set to " +
                    capitalised(defaultOf(kUpdateOrchestrator)) + "\" on its card to turn it back on."};
    }

    // What the checks found weighs before the services' states: a running service behind a blocking policy is
    // not healthy. Nothing here before the first run: the states alone decide, as they always did.
    const bool restartPending = checks.ran && findFinding(checks.findings, kRestartPendingId) != nullptr;
    const std::string restartToo =
        restartPending ? " A restart is pending too: restart Windows first, then check again." : "";
    std::vector<const Finding*> problems, warnings;
    if (checks.ran) {
        for (const Finding& f : checks.findings) {
            if (f.severity == Severity::Problem) problems.push_back(&f);
            else if (f.severity == Severity::Warning && f.id != kRestartPendingId) warnings.push_back(&f);
        }
    }
    auto seeChecks = [](const std::vector<const Finding*>& found) {
        const bool repairable = std::any_of(found.begin(), found.end(), [](const Finding* f) { return offersRepair(*f); });
        if (found.size() == 1)
            return "See Checks below: " + (repairable ? std::string("press its Repair button.") : found.front()->nextStep);
        return std::string("See Checks below") + (repairable ? ": Repair all fixes what WU Doctor can." : ".");
    };
    if (!problems.empty()) {
        return {Level::Problem,
                problems.size() == 1 ? problems.front()->title
                                     : std::to_string(problems.size()) + " problems block Windows Update",
                seeChecks(problems) + restartToo};
    }

    for (const ServiceRow& row : status.rows) {
        if (!row.entry->primary && disabled(&row)) {
            return {Level::Attention, capitalised(std::string(row.entry->friendlyName)) + " is disabled",
                    "Windows Update needs it. Open Related services below and press \"Set to " +
                        capitalised(defaultOf(row.entry->name)) + "\"." + restartToo};
        }
    }
    if (restartPending) {
        return {Level::Attention, "Restart first: a restart is pending",
                "Windows is waiting for a restart to finish installing something; until then restarting its "
                "services does not help. Restart the PC (Start > Power > Restart), then check again."};
    }
    const ServiceState wuState = wu->snapshot.state;
    const ServiceState usoState = usoInstalled ? uso->snapshot.state : ServiceState::Running;
    if (isPending(wuState) || isPending(usoState)) {
        const ServiceRow* pending = isPending(wuState) ? wu : uso;
        return {Level::Busy,
                std::string(pending->entry->friendlyName) + " is " + std::string(toPlain(pending->snapshot.state)) + "…",
                "Give it a moment."};
    }
    // Once the checks found nothing wrong, a service Windows starts on demand is idle while stopped, not broken.
    const bool wuIdle = checks.ran && idleByDesign(*wu, osBuild);
    const bool usoIdle = checks.ran && usoInstalled && idleByDesign(*uso, osBuild);
    const bool wuRunning = wuState == ServiceState::Running || wuIdle;
    const bool usoRunning = usoState == ServiceState::Running || usoIdle;
    if (!wuRunning && !usoRunning) {
        return {Level::Attention, "Windows Update services are stopped — press Fix Windows Update",
                "That starts Update Orchestrator, then Windows Update."};
    }
    if (!wuRunning) {
        return {Level::Attention, "Windows Update is stopped — press Start",
                "It often stops by itself when idle, and starts again when Windows checks for updates. Starting it "
                "now does no harm."};
    }
    if (!usoRunning) {
        return {Level::Attention, "Update Orchestrator is stopped — press Start",
                "Without it Windows does not check for updates on its own."};
    }
    if (!warnings.empty()) {
        return {Level::Attention,
                warnings.size() == 1 ? warnings.front()->title
                                     : std::to_string(warnings.size()) + " things may get in Windows Update's way",
                seeChecks(warnings)};
    }
    if (wuIdle || usoIdle) {
        const ServiceRow* idle = wuIdle ? wu : uso;
        return {Level::Good, std::string(idle->entry->friendlyName) + " is idle — nothing is wrong",
                "It is stopped until Windows needs it, and then Windows starts it by itself (Manual, trigger "
                "start). If updates still fail, press Fix Windows Update."};
    }
    return {Level::Good, "Windows Update services look healthy",
            "If updates still fail, press Fix Windows Update: it restarts both services the right way."};
}

}  // namespace wud::ui

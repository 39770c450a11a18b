// What the system-file repair says (system_repair.hpp): each outcome in plain words with its next step, and the
// ids the JSON and the log use. Pure.
//
// The next steps follow Microsoft: a missing source -> a Windows ISO of the same version as /Source with
// /LimitAccess ("Repair a Windows Image"); a store DISM cannot repair, or files SFC cannot -> reinstall Windows over
// itself keeping files and apps (Microsoft Support, "Reinstall Windows"; the Installation Assistant and the Media
// Creation Tool on Microsoft's software download page); SFC that cannot run -> Windows Modules Installer must not
// be disabled, then Safe Mode (KB929833: "Windows Resource Protection could not perform the requested operation ...
// perform the System File Checker scan in safe mode").
#include "wud/system_repair.hpp"

#include "wud/enum_names.hpp"
#include "wud/explain.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace wud {
namespace {

/// "Repair Windows..." -> "repair Windows...", to continue a sentence.
std::string lowerFirst(std::string_view text) {
    std::string out(text);
    if (!out.empty() && out[0] >= 'A' && out[0] <= 'Z') out[0] = static_cast<char>(out[0] - 'A' + 'a');
    return out;
}

/// "error 0x800F081F, CBS_E_SOURCE_MISSING" — the code with its name when the explain table knows it.
std::string codeText(std::uint32_t hr) {
    const CodeExplanation known = explainCode(hr, nullptr);
    return "error " + hexCode(hr) + (known.name.empty() ? std::string() : ", " + known.name);
}

std::string fileList(const std::vector<SfcFile>& files, SfcFileResult which) {
    std::string list;
    for (const SfcFile& f : files)
        if (f.result == which) list += (list.empty() ? "" : ", ") + (f.path.empty() ? f.name : f.path);
    return list;
}

constexpr std::string_view kAgainWhenFree = "Run the repair again when the PC can be left to it for half an hour.";

/// DISM and SFC missing: one next step for both, so it is said once.
std::string notAvailableAdvice() {
    return "DISM (Windows 8 and later) and SFC (every Windows since Vista) are part of Windows; where they are "
           "missing, Windows itself is damaged: " + lowerFirst(kRepairInstallAdvice);
}

std::size_t countOf(const std::vector<SfcFile>& files, SfcFileResult which) {
    return static_cast<std::size_t>(std::count_if(files.begin(), files.end(), [&](const SfcFile& f) { return f.result == which; }));
}

/// "2 system file(s): a.dll, b.sys": the files SFC gave that result, counted and named.
std::string filesText(const std::vector<SfcFile>& files, SfcFileResult which, std::string_view what = "system file(s)") {
    return std::to_string(countOf(files, which)) + " " + std::string(what) + ": " + fileList(files, which);
}

}  // namespace

constexpr auto kStepTexts = enumNames<RepairStep::VerifyingFiles>({
    {RepairStep::Starting, "Starting DISM"}, {RepairStep::Scanning, "Scanning Windows' component store (DISM)"},
    {RepairStep::Restoring, "Repairing Windows' component store (DISM)"},
    {RepairStep::CheckingFiles, "Checking and repairing Windows' system files (SFC)"},
    {RepairStep::VerifyingFiles, "Checking Windows' system files (SFC, check only)"}
});

std::string_view stepText(RepairStep step) noexcept { return nameOf(kStepTexts, step, ""); }

ErrorText describe(const DismResult& r, bool sourcesGiven) {
    ErrorText t;
    const std::string dismSaid = r.dismMessage.empty() ? std::string() : " DISM said: " + r.dismMessage;
    switch (r.outcome) {
    case DismOutcome::Healthy:
        t.message = "DISM found no damage in Windows' component store.";
        break;
    case DismOutcome::Repairable:
        t.message = "DISM found damage in Windows' component store that it can repair (check only: nothing was "
                    "repaired).";
        t.advice = "Repair it: run wudoctor repair-system (without --scan-only).";
        break;
    case DismOutcome::Repaired:
        t.message = "DISM repaired Windows' component store.";
        break;
    case DismOutcome::NotRepairable:
        t.message = "DISM found damage in Windows' component store that it cannot repair.";
        t.advice = std::string(kRepairInstallAdvice);
        break;
    case DismOutcome::SourceMissing:
        t.message = std::string("DISM could not find the files it needs to repair Windows' component store: ") +
                    (sourcesGiven ? "the source given does not hold them for this Windows"
                                  : "Windows Update could not supply them") +
                    " (" + codeText(r.hresult) + ")." + dismSaid;
        t.advice = std::string(sourcesGiven ? "Use a Windows ISO of exactly this version, edition and language. "
                                            : "") +
                   "Download the ISO for this Windows (https://www.microsoft.com/software-download), double-click it "
                   "so it gets a drive letter (say X:), then run: wudoctor repair-system --source "
                   "X:\\sources\\install.wim   (install.esd on some ISOs). With a source, Windows Update is not asked.";
        break;
    case DismOutcome::Cancelled:
        t.message = r.health == ImageHealth::Repairable
                        ? "Cancelled: DISM had finished its scan (it found damage it can repair) and did not start "
                          "the repair."
                        : "Cancelled: DISM stopped before it finished. The component store's state is unknown until "
                          "it is scanned again.";
        t.advice = std::string(kAgainWhenFree);
        break;
    case DismOutcome::Failed:
        t.message = "DISM failed (" + codeText(r.hresult) + ")." + dismSaid;
        t.advice = "Restart the computer and run the repair again. If it fails again, DISM's own log "
                   "(C:\\Windows\\Logs\\DISM\\dism.log) says more; mention the code if you ask for help.";
        break;
    case DismOutcome::NotAvailable:
        t.message = "DISM is not available on this system: " + r.dismMessage +
                    ", so Windows' component store cannot be checked.";
        t.advice = notAvailableAdvice();
        break;
    case DismOutcome::Skipped: break;  // the caller says why
    }
    if (r.cancelIgnored && (r.outcome == DismOutcome::Repaired || r.outcome == DismOutcome::Healthy))
        t.message += " (You asked to cancel, but DISM had gone too far to stop and finished.)";
    return t;
}

ErrorText describe(const SfcResult& r, bool storeOk) {
    ErrorText t;
    const auto& files = r.files;
    switch (r.outcome) {
    case SfcOutcome::Healthy:
        t.message = "SFC found no damaged system file.";
        break;
    case SfcOutcome::Repaired:
        t.message = "SFC repaired " + filesText(files, SfcFileResult::Repaired) + ".";
        t.advice = "Restart the computer to finish the repair.";
        break;
    case SfcOutcome::NotRepaired: {
        const std::size_t repaired = countOf(files, SfcFileResult::Repaired);
        t.message = "SFC could not repair " + filesText(files, SfcFileResult::NotRepaired) + "." +
                    (repaired > 0 ? " It repaired " + std::to_string(repaired) + ": " + fileList(files, SfcFileResult::Repaired) + "." : "");
        t.advice = storeOk ? "Restart and run the repair once more; if these files still cannot be repaired, " +
                                 lowerFirst(kRepairInstallAdvice)
                           : "SFC takes its good copies from the component store, which DISM could not repair: "
                             "repair that first (see DISM's next step), then run the repair again.";
        break;
    }
    case SfcOutcome::Corrupt:
        t.message = "SFC found " + filesText(files, SfcFileResult::Corrupt, "damaged system file(s)") +
                    " (check only: nothing was repaired).";
        t.advice = "Repair them: run wudoctor repair-system (without --scan-only).";
        break;
    case SfcOutcome::Failed:
        t.message = r.reason.empty() ? "SFC failed." : r.reason;
        t.advice = "Check that Windows Modules Installer is not disabled (wudoctor status TrustedInstaller; SFC "
                   "needs it), restart the computer and run the repair again. If SFC still fails, run 'sfc /scannow' "
                   "in Safe Mode (Microsoft KB929833).";
        break;
    case SfcOutcome::NotAvailable:
        t.message = "SFC (sfc.exe) is not available on this system, so Windows' system files cannot be checked.";
        t.advice = notAvailableAdvice();
        break;
    case SfcOutcome::Skipped:
        t.message = "SFC did not run: " + r.reason;
        break;
    }
    if (r.cancelAsked) t.message += " (Cancel came while SFC ran; it cannot be stopped safely, so it was let finish.)";
    if (r.logRestarted) t.message += " (CBS.log was started afresh during the scan: lines written before that are in "
                                     "an older CbsPersist log and are not counted.)";
    return t;
}

namespace {

/// A verdict's words. "{}" in a message is the detail (the pending-restart finding, the missing source).
struct VerdictText {
    SystemRepairVerdict verdict;
    std::string_view message;
    /// The verdict's own next step; none (kPhasesNextStep): DISM's next step, or SFC's when DISM has none.
    std::optional<std::string_view> advice;
};

constexpr std::nullopt_t kPhasesNextStep = std::nullopt;

using enum SystemRepairVerdict;
constexpr std::array kVerdictTexts{
    VerdictText{Healthy, "Windows' own files are healthy: nothing to repair.", ""},
    VerdictText{Repaired, "Windows' own files were repaired.", "Restart the computer, then check for updates again."},
    VerdictText{NotRepaired, "Windows' own files are damaged, and not all of it was repaired.", kPhasesNextStep},
    VerdictText{Failed, "The repair could not finish, so it is not known whether Windows' files are damaged.",
                kPhasesNextStep},
    VerdictText{NotAvailable,
                "Only part of the repair is available on this system, so Windows' files were not fully checked.",
                kPhasesNextStep},
    VerdictText{Cancelled, "Cancelled: the repair did not finish.", kAgainWhenFree},
    VerdictText{NeedsAdmin, "Repairing Windows' own files needs administrator rights: nothing was done.",
                "Run it again as administrator (from an elevated Command Prompt: wudoctor repair-system)."},
    VerdictText{RestartPending,
                "Not started: a restart is pending (finding {}). Windows is finishing an update; repairing its files "
                "now could break it. Nothing was changed.",
                "Restart the computer (Start > Power > Restart), then run the repair again."},
    VerdictText{BadSource,
                "The source {} was not found (is the ISO mounted, and is that its drive letter?). Nothing was done.",
                "Double-click the Windows ISO so it gets a drive letter, then give that path: --source "
                "X:\\sources\\install.wim"},
};
static_assert(std::ranges::all_of(kVerdictTexts, [i = 0](const VerdictText& row) mutable {
    return static_cast<int>(row.verdict) == i++;
}), "kVerdictTexts: one row per verdict, in order");

constexpr std::string_view kNothingAvailable =
    "Repairing Windows' own files is not available on this system: it has neither the DISM API (dismapi.dll) nor "
    "sfc.exe. Nothing was checked.";

}  // namespace

ErrorText describe(const SystemRepairResult& r) {
    const VerdictText& row = kVerdictTexts.at(static_cast<std::size_t>(r.verdict));
    const bool nothingAvailable =
        r.dism.outcome == DismOutcome::NotAvailable && r.sfc.outcome == SfcOutcome::NotAvailable;
    const std::string detail = r.verdict == BadSource ? r.badSource
                               : r.restartPending     ? r.restartPending->id
                                                      : std::string("restart-pending");
    ErrorText t;
    t.message = r.verdict == NotAvailable && nothingAvailable ? std::string(kNothingAvailable)
                                                              : fmt::format(fmt::runtime(row.message), detail);
    t.advice = row.advice                       ? std::string(*row.advice)
               : !r.dism.text.advice.empty() ? r.dism.text.advice
                                             : r.sfc.text.advice;
    return t;
}

constexpr auto kImageHealthIds = enumNames<ImageHealth::NonRepairable>({
    {ImageHealth::Healthy, "healthy"}, {ImageHealth::Repairable, "repairable"},
    {ImageHealth::NonRepairable, "not_repairable"}
});

std::string_view toId(ImageHealth health) noexcept { return nameOf(kImageHealthIds, health, "healthy"); }

std::string_view toId(RepairPhase phase) noexcept { return phase == RepairPhase::Dism ? "dism" : "sfc"; }

constexpr auto kRepairStepIds = enumNames<RepairStep::VerifyingFiles>({
    {RepairStep::Starting, "starting"}, {RepairStep::Scanning, "scanning"}, {RepairStep::Restoring, "restoring"},
    {RepairStep::CheckingFiles, "checking_files"}, {RepairStep::VerifyingFiles, "verifying_files"}
});

std::string_view toId(RepairStep step) noexcept { return nameOf(kRepairStepIds, step, "starting"); }

constexpr auto kDismOutcomeIds = enumNames<DismOutcome::Skipped>({
    {DismOutcome::Healthy, "healthy"}, {DismOutcome::Repairable, "repairable"}, {DismOutcome::Repaired, "repaired"},
    {DismOutcome::NotRepairable, "not_repairable"}, {DismOutcome::SourceMissing, "source_missing"},
    {DismOutcome::Cancelled, "cancelled"}, {DismOutcome::Failed, "failed"},
    {DismOutcome::NotAvailable, "not_available"}, {DismOutcome::Skipped, "skipped"}
});

std::string_view toId(DismOutcome outcome) noexcept { return nameOf(kDismOutcomeIds, outcome, "failed"); }

constexpr auto kSfcOutcomeIds = enumNames<SfcOutcome::Skipped>({
    {SfcOutcome::Healthy, "healthy"}, {SfcOutcome::Repaired, "repaired"}, {SfcOutcome::NotRepaired, "not_repaired"},
    {SfcOutcome::Corrupt, "corrupt"}, {SfcOutcome::Failed, "failed"}, {SfcOutcome::NotAvailable, "not_available"},
    {SfcOutcome::Skipped, "skipped"}
});

std::string_view toId(SfcOutcome outcome) noexcept { return nameOf(kSfcOutcomeIds, outcome, "failed"); }

constexpr auto kSystemRepairVerdictIds = enumNames<SystemRepairVerdict::BadSource>({
    {SystemRepairVerdict::Healthy, "healthy"}, {SystemRepairVerdict::Repaired, "repaired"},
    {SystemRepairVerdict::NotRepaired, "not_repaired"}, {SystemRepairVerdict::Failed, "failed"},
    {SystemRepairVerdict::NotAvailable, "not_available"}, {SystemRepairVerdict::Cancelled, "cancelled"},
    {SystemRepairVerdict::NeedsAdmin, "needs_admin"}, {SystemRepairVerdict::RestartPending, "restart_pending"},
    {SystemRepairVerdict::BadSource, "bad_source"}
});

std::string_view toId(SystemRepairVerdict verdict) noexcept { return nameOf(kSystemRepairVerdictIds, verdict, "failed"); }

}  // namespace wud

#include "cli_exit.hpp"

#include "wud/catalog.hpp"
#include "wud/error_text.hpp"

#include <array>

namespace wud::cli {
namespace {

constexpr std::array kExitCodes{
    ExitCodeInfo{ExitCode::Ok, "success"},
    ExitCodeInfo{ExitCode::Failed, "an operation failed (the message says why and what to do)"},
    ExitCodeInfo{ExitCode::Usage, "usage error: nothing was done"},
    ExitCodeInfo{ExitCode::NeedsAdmin, "administrator rights needed: run from an elevated prompt"},
    ExitCodeInfo{ExitCode::TimedOut, "timed out: a service (or the check for updates) did not get there in time"},
    ExitCodeInfo{ExitCode::NotInstalled, "a service is not installed on this computer"},
    ExitCodeInfo{ExitCode::ProblemsFound, "check: problems found that block Windows Update (wudoctor repair --all)"},
    ExitCodeInfo{ExitCode::Refused, "refused, nothing was changed: reset-cache or repair-system while a restart is pending "
                                    "(restart first); undo of a journal entry WU Doctor did not write here or that was "
                                    "changed since"},
};

bool isProtectedService(std::string_view service) noexcept {
    const CatalogEntry* entry = findInCatalog(service);
    return entry != nullptr && entry->isProtected;
}

constexpr std::string_view kElevatedPromptAdvice =
    "Run this from an elevated prompt: open Command Prompt or PowerShell with 'Run as administrator', then run "
    "the same command again.";

// Remote UAC: a local account's network logon gets the filtered (standard user) token, so a local administrator
// is refused by another PC's SCM unless that PC sets LocalAccountTokenFilterPolicy = 1; a domain account in its
// Administrators group keeps its rights. Microsoft Learn, "User Account Control and remote restrictions"
// (troubleshoot/windows-server/windows-security/user-account-control-and-remote-restriction).
constexpr std::string_view kRemoteAccessDeniedAdvice =
    "You need administrator rights on that computer. A local account's administrator rights do not count over the "
    "network unless that computer has LocalAccountTokenFilterPolicy = 1 (DWORD) under "
    "HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System: use a domain account in its Administrators "
    "group, or run WU Doctor on that computer itself (Invoke-Command, PsExec -s, Intune).";

}  // namespace

std::string_view remoteAccessDeniedAdvice() noexcept { return kRemoteAccessDeniedAdvice; }

std::span<const ExitCodeInfo> exitCodes() noexcept { return kExitCodes; }

int severity(ExitCode code) noexcept {
    switch (code) {
    case ExitCode::Ok: return 0;
    case ExitCode::NotInstalled:
    case ExitCode::ProblemsFound:
    case ExitCode::Refused: return 1;
    case ExitCode::Failed: return 2;
    case ExitCode::TimedOut: return 3;
    case ExitCode::NeedsAdmin: return 4;
    case ExitCode::Usage: return 5;
    }
    return 2;
}

ExitCode worst(ExitCode a, ExitCode b) noexcept { return severity(b) > severity(a) ? b : a; }

ExitCode exitCodeFor(bool ok, Win32Error error, std::string_view service, bool elevated) noexcept {
    if (ok) return ExitCode::Ok;
    switch (error) {
    case kAccessDenied:
        // Elevated, or a service Windows protects from administrators too: rights are not what is missing.
        return !elevated && !isProtectedService(service) ? ExitCode::NeedsAdmin : ExitCode::Failed;
    case kCancelledByUser: return ExitCode::NeedsAdmin;
    case kServiceDoesNotExist:
    case kErrNotInstalled: return ExitCode::NotInstalled;
    case kErrTimeout:
    case kErrStuck:
    case kServiceRequestTimeout: return ExitCode::TimedOut;
    case kErrNotInCatalog: return ExitCode::Usage;
    default: return ExitCode::Failed;
    }
}

ExitCode exitCodeForQuery(const QueryResult& result, bool required, bool elevated) noexcept {
    if (result.error != 0) return exitCodeFor(false, result.error, result.snapshot.name, elevated);
    if (!result.snapshot.installed && required) return ExitCode::NotInstalled;
    return ExitCode::Ok;
}

ErrorText cliText(Win32Error error, std::string_view service, const ErrorText& coreText, bool elevated, bool remote) {
    ErrorText text = coreText;
    const std::string key(service);
    switch (error) {
    case kAccessDenied:
        if (remote && !isProtectedService(service)) {
            text.advice = std::string(kRemoteAccessDeniedAdvice);
        } else if (!elevated && !isProtectedService(service)) {
            text.advice = std::string(kElevatedPromptAdvice);
        }
        break;
    case kServiceDisabled:
        text.advice = "Run 'wudoctor repair-start-type " + key +
                      "' to set it back to Windows' default start type, then run this command again.";
        break;
    case kDependentServicesRunning:
        text.advice = "Run 'wudoctor restart " + key +
                      "' instead: it stops those services first and starts them all again afterwards.";
        break;
    case kErrStartedAgain:
        text.advice = "Run 'wudoctor fix', which stops Update Orchestrator (UsoSvc) first, or stop UsoSvc before " +
                      key + ".";
        break;
    default: break;
    }
    return text;
}

Outcome toOutcome(const ActionResult& result, bool elevated, bool remote) {
    Outcome out;
    out.service = result.service;
    out.action = std::string(toId(result.action));
    out.ok = result.ok;
    out.error = result.error;
    out.text = result.ok ? result.text : cliText(result.error, result.service, result.text, elevated, remote);
    out.stateBefore = result.stateBefore;
    out.stateAfter = result.stateAfter;
    out.pidBefore = result.pidBefore;
    out.pidAfter = result.pidAfter;
    out.duration = result.duration;
    out.notes = result.notes;
    out.exit = exitCodeFor(result.ok, result.error, result.service, elevated);
    if (out.ok && out.text.message.empty())
        out.text.message = std::string(friendlyNameOf(result.service)) + ": " + out.action + " done.";
    return out;
}

Outcome toOutcome(const StartTypeChange& change, bool elevated, Millis duration, bool remote) {
    Outcome out;
    out.service = change.service;
    out.action = std::string(toId(Action::SetStartType));
    out.ok = change.ok;
    out.error = change.error;
    out.text = change.ok ? change.text : cliText(change.error, change.service, change.text, elevated, remote);
    out.startTypeBefore = change.oldType;
    out.startTypeAfter = change.newType;
    out.duration = duration;
    out.exit = exitCodeFor(change.ok, change.error, change.service, elevated);
    if (out.ok && out.text.message.empty())
        out.text.message = std::string(friendlyNameOf(change.service)) + " start type is now " +
                           std::string(toString(change.newType)) + " (was " + std::string(toString(change.oldType)) +
                           ").";
    return out;
}

}  // namespace wud::cli

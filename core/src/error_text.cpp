#include "wud/error_text.hpp"

#include "wud/catalog.hpp"
#include "wud/system.hpp"
#include "wud/text.hpp"

#include <array>
#include <cstdio>

#ifdef _WIN32
#include <windows.h>  // WIN32_LEAN_AND_MEAN and NOMINMAX come from the build (CMakeLists.txt)
#endif

namespace wud {
namespace {

// When a row applies: some codes mean something else for a service Windows protects.
enum class When : std::uint8_t { Always, Protected };

// One row of the table. Templates use {Name} (the service, capitalised at a sentence start), {name}, {key}
// (the key name), {state} ("stopping"), {exit} (the service's own code) and {waited} ("after 60 seconds").
struct Row {
    Win32Error code;
    When when;
    std::string_view message;
    std::string_view advice;
};

constexpr std::string_view kAdviceRetryThenRestart =
    "Try again. If it keeps happening, restart the computer and run the Windows Update troubleshooter.";
constexpr std::string_view kAdviceExitCode =
    "Restart the computer and try again. If it keeps failing, run the Windows Update troubleshooter, and mention "
    "this code if you ask someone for help.";
constexpr std::string_view kNotInstalledMessage = "{Name} is not installed on this computer.";
constexpr std::string_view kNotInstalledAdvice =
    "There is nothing to start or stop here. If Windows Update still fails, open the Windows Update troubleshooter.";

// The one table. Order matters only within a code: the first matching row wins, so Protected rows come first.
constexpr std::array kTable{
    Row{kAccessDenied, When::Protected,
        "Windows protects {Name}: it cannot be stopped or changed, not even by an administrator.",
        "That is normal and nothing is wrong. Leave it as it is: Windows looks after it itself."},
    Row{kAccessDenied, When::Always, "Windows refused: WU Doctor needs administrator rights to do this to {name}.",
        "Run WU Doctor as administrator (right-click it, then 'Run as administrator') and try again. If it already "
        "runs as administrator, Windows protects this setting: leave it as it is."},
    Row{kDependentServicesRunning, When::Always, "{Name} cannot stop while other services that need it are running.",
        "Use Restart in WU Doctor: it stops those services first and starts them all again afterwards."},
    Row{kInvalidServiceControl, When::Always, "{Name} refused the request: it does not let itself be stopped while it runs.",
        "Restart the computer instead; that restarts {name} too."},
    Row{kServiceRequestTimeout, When::Always, "{Name} did not respond to the request in time.",
        "Wait a minute and try again. If it keeps happening, restart the computer."},
    Row{kDatabaseLocked, When::Always,
        "Another program has locked Windows' list of services, probably an installer or an update in progress.",
        "Wait a few minutes for it to finish, then try again."},
    Row{kAlreadyRunning, When::Always, "{Name} is already running.", "Nothing to do."},
    Row{kServiceDisabled, When::Always,
        "{Name} is turned off (disabled), so Windows will not start it. A tool that blocks updates may have done "
        "this.",
        "Use 'Repair start type' to set {name} back to Windows' default, then start it again."},
    Row{kServiceDoesNotExist, When::Always, kNotInstalledMessage, kNotInstalledAdvice},
    Row{kCannotAcceptControl, When::Always, "{Name} is busy starting or stopping and cannot take another request yet.",
        "Wait a few seconds and try again."},
    Row{kNotActive, When::Always, "{Name} is not running.", "Nothing to stop. Use Start if you want it running."},
    Row{kServiceSpecific, When::Always, "{Name} stopped and reported its own error code {exit}.", kAdviceExitCode},
    Row{kProcessAborted, When::Always, "{Name} ended unexpectedly.", kAdviceRetryThenRestart},
    Row{kDependencyFailed, When::Always, "{Name} could not start because another service it needs did not start.",
        "Check that none of the related Windows Update services is disabled (use 'Repair start type' on any "
        "that is), then try again."},
    Row{kLogonFailed, When::Always, "{Name} could not start because Windows could not sign in its account.",
        "Restart the computer and try again. If it still fails, run the Windows Update troubleshooter."},
    Row{kMarkedForDelete, When::Always, "{Name} is being removed from Windows and cannot be used until the computer restarts.",
        "Close Services (services.msc) and any other service tools, then restart the computer."},
    Row{kDependencyDeleted, When::Always, "{Name} needs another service that is no longer installed.",
        "Run the Windows Update troubleshooter. If that does not help, repair Windows from Settings > System > "
        "Recovery."},
    Row{kCancelledByUser, When::Always, "You answered No to the administrator prompt, so nothing was changed.",
        "To go ahead, try again and choose Yes when Windows asks."},
    Row{kBadNetPath, When::Always, "WU Doctor could not find that computer on the network.",
        "Check the computer's name (--computer), that it is switched on, and that this PC can reach it."},
    Row{kRpcServerUnavailable, When::Always, "That computer did not answer WU Doctor's request.",
        "Check that it is switched on and reachable, and that its firewall allows remote service management."},
    Row{kShutdownInProgress, When::Always, "That computer is shutting down or restarting.",
        "Try again once it has started up again."},
    Row{kErrTimeout, When::Always, "{Name} is still {state} {waited}.",
        "Wait a minute and check again. If it stays {state}, restart the computer: that clears a stuck service."},
    Row{kErrStuck, When::Always, "{Name} seems stuck: it is still {state} and has stopped making progress.",
        "Restart the computer, which clears a stuck service, then try again."},
    Row{kErrCancelled, When::Always, "Cancelled. {Name} is now {state}.", "Run it again when you are ready."},
    Row{kErrNotInstalled, When::Always, kNotInstalledMessage, kNotInstalledAdvice},
    Row{kErrUnexpectedStop, When::Always, "{Name} stopped by itself while starting, without giving a reason.",
        kAdviceExitCode},
    Row{kErrNotInCatalog, When::Always, "'{key}' is not one of the Windows Update services WU Doctor looks after.",
        "Use one of these names: {catalog}."},
    Row{kErrStartedAgain, When::Always, "{Name} was started again by Windows as soon as it stopped.",
        "Update Orchestrator usually does this. Use Fix, which stops Update Orchestrator first, or stop Update "
        "Orchestrator before {name}."},
};

const Row* findRow(Win32Error code, bool isProtected) noexcept {
    for (const Row& row : kTable) {
        if (row.code != code) continue;
        if (row.when == When::Protected && !isProtected) continue;
        return &row;
    }
    return nullptr;
}

std::string numberText(std::uint32_t code) {
    char buffer[40];
    // Large values are HRESULT-like or our own codes: hex is what a search engine or a technician recognises.
    if (code >= 0x10000)
        std::snprintf(buffer, sizeof buffer, "%lu (0x%08lX)", static_cast<unsigned long>(code),
                      static_cast<unsigned long>(code));
    else
        std::snprintf(buffer, sizeof buffer, "%lu", static_cast<unsigned long>(code));
    return buffer;
}

struct Names {
    std::string name;     // as it reads mid-sentence
    std::string capital;  // as it reads at a sentence start
};

Names namesFor(const ErrorContext& context) {
    std::string name(!context.friendlyName.empty() ? context.friendlyName
                     : !context.service.empty()    ? friendlyNameOf(context.service)
                                                   : std::string_view("the service"));
    std::string capital = capitalised(name);
    return {std::move(name), std::move(capital)};
}

std::string waitedText(std::uint32_t seconds) {
    if (seconds == 0) return "and did not finish in time";
    return "after " + std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
}

// Expands the {placeholders} of a template. Unknown placeholders are kept as they are, so a typo shows.
std::string expand(std::string_view text, const ErrorContext& context, const Names& names) {
    std::string out;
    out.reserve(text.size() + 32);
    while (!text.empty()) {
        const auto open = text.find('{');
        const auto close = open == std::string_view::npos ? open : text.find('}', open);
        if (close == std::string_view::npos) {
            out += text;
            break;
        }
        out += text.substr(0, open);
        const std::string_view key = text.substr(open + 1, close - open - 1);
        if (key == "Name") out += names.capital;
        else if (key == "name") out += names.name;
        else if (key == "key") out += context.service;
        else if (key == "state") out += toPlain(context.state);
        else if (key == "exit") out += numberText(context.exitCode);
        else if (key == "waited") out += waitedText(context.waitedSeconds);
        else if (key == "catalog") out += catalogNames();
        else out += text.substr(open, close - open + 1);
        text.remove_prefix(close + 1);
    }
    return out;
}

ErrorText fallback(Win32Error code, const ErrorContext& context, const Names& names) {
    const std::string system = isOwnError(code) ? std::string() : systemMessage(code);
    const bool named = !context.service.empty() || !context.friendlyName.empty();
    std::string message;
    if (!system.empty())
        message = (named ? names.capital + ": " : std::string()) + system + " (error " + numberText(code) + ")";
    else
        message = (named ? names.capital : std::string("Windows")) + " reported error " + numberText(code) + ".";
    return {std::move(message), std::string(kAdviceRetryThenRestart)};
}

}  // namespace

ErrorText describeError(Win32Error code, const ErrorContext& context) {
    const Names names = namesFor(context);
    const Row* row = findRow(code, context.isProtected);
    if (row == nullptr) return fallback(code, context, names);
    return {expand(row->message, context, names), expand(row->advice, context, names)};
}

#ifdef _WIN32
Win32Error lastError() noexcept {
    const DWORD error = ::GetLastError();
    return error != 0 ? error : ERROR_GEN_FAILURE;
}

std::string systemMessage(Win32Error code) {
    if (isOwnError(code)) return {};
    wchar_t* buffer = nullptr;
    const DWORD length = FormatMessageW(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code,
        0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
    if (length == 0 || buffer == nullptr) return {};
    std::wstring_view wide(buffer, length);
    while (!wide.empty() && (wide.back() == L'\r' || wide.back() == L'\n' || wide.back() == L' '))
        wide.remove_suffix(1);
    std::string utf8 = narrow(wide);
    LocalFree(buffer);
    return utf8;
}
#else
// The host build has no Windows message table: the fallback then shows the number alone.
std::string systemMessage(Win32Error) { return {}; }
#endif

}  // namespace wud

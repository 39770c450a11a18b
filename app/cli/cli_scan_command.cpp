#include "cli_scan_command.hpp"

#include "cli_info_command.hpp"
#include "cli_options.hpp"

#include <utility>

namespace wud::cli {
namespace {

UsageError usage(std::string reason) { return UsageError{std::move(reason)}; }

constexpr std::uint32_t kEAccessDenied = 0x80070005;  // E_ACCESSDENIED

}  // namespace

std::optional<std::variant<ScanCommand, UsageError>> parseScanCommand(std::span<const std::string> args) {
    const std::optional<std::size_t> verbAt = ownVerb(args, "scan");
    if (!verbAt) return std::nullopt;
    ScanCommand command;
    bool timeoutGiven = false;
    const auto takeTimeout = [&](const std::string& value) -> std::optional<UsageError> {
        const auto seconds = parseSeconds(value);
        if (!seconds)
            return usage("--timeout must be a whole number of seconds from 1 to " + std::to_string(kMaxTimeout.count()) +
                         ", not " + quoteForMessage(value));
        if (std::exchange(timeoutGiven, true)) return usage("--timeout is given twice");
        command.timeout = *seconds;
        return std::nullopt;
    };
    const OwnArguments walk{"scan", {{"--timeout", "a number of seconds, e.g. --timeout 600", takeTimeout}}};
    if (auto refused = walkOwnArguments(args, *verbAt, command.json, walk)) return *refused;
    return command;
}

ExitCode scanExitCode(const ScanResult& result, bool elevated) noexcept {
    switch (result.outcome) {
    case ScanOutcome::Succeeded:
    case ScanOutcome::SucceededWithErrors: return ExitCode::Ok;
    case ScanOutcome::TimedOut: return ExitCode::TimedOut;
    case ScanOutcome::Failed: return result.error == kEAccessDenied && !elevated ? ExitCode::NeedsAdmin : ExitCode::Failed;
    case ScanOutcome::Cancelled:
    case ScanOutcome::NotAvailable: return ExitCode::Failed;
    }
    return ExitCode::Failed;
}

Answer scanAnswer(const RunContext& context, const ScanResult& result, const std::string& recordFile) {
    const ExitCode exit = scanExitCode(result, context.elevated);
    Answer answer{exit, envelope(context, "scan", exit, toId(result.outcome)), scanText(result), {}};
    nlohmann::json& scan = answer.doc["scan"] = scanJson(result);
    scan["available"] = result.outcome != ScanOutcome::NotAvailable;
    scan["reason"] = result.outcome == ScanOutcome::NotAvailable ? nlohmann::json(result.message) : nlohmann::json(nullptr);
    answer.doc["last_scan_file"] = recordFile.empty() ? nlohmann::json(nullptr) : nlohmann::json(recordFile);
    return answer;
}

ScanResult softenForRemoteLogon(ScanResult result, bool networkLogon) {
    if (!networkLogon || result.error != kEAccessDenied || answered(result)) return result;
    result.outcome = ScanOutcome::NotAvailable;
    result.message = "Checking for updates is not available in a remote logon: the Windows Update Agent refuses its "
                     "search to a network sign-in (PowerShell remoting, PsExec with a user's account).";
    result.nextStep = std::string(kRemoteLogonAdvice);
    return result;
}

nlohmann::json updateChecksJson(const UpdateChecksSummary& summary) {
    using nlohmann::json;
    const auto date = [&](const std::optional<std::chrono::system_clock::time_point>& when) {
        return when ? json(utcText(*when)) : json(nullptr);
    };
    const auto age = [&](const std::optional<std::chrono::system_clock::time_point>& when) {
        return when ? json(daysBetween(*when, summary.now)) : json(nullptr);
    };
    const AutomaticUpdatesResults& a = summary.automaticUpdates;
    json j;
    json& au = j["automatic_updates"];
    au["readable"] = a.readable;
    au["reason"] = a.readable ? json(nullptr) : json(a.reason);
    au["error_code"] = a.error == 0 ? json(nullptr) : json(hexCode(a.error));
    au["last_search_success_utc"] = date(a.lastSearchSuccess);
    au["last_search_success_days_ago"] = age(a.lastSearchSuccess);
    au["last_installation_success_utc"] = date(a.lastInstallationSuccess);
    au["last_installation_success_days_ago"] = age(a.lastInstallationSuccess);
    j["warning_after_days"] = kLastCheckWarningDays;
    const LastScanLoad& load = summary.lastScan;
    j["last_scan_file"] = load.path.empty() ? json(nullptr) : json(load.path);
    j["last_scan_error"] = load.error.empty() ? json(nullptr) : json(load.error);
    if (load.scan) {
        json& last = j["last_scan"];
        last["time_utc"] = utcText(load.scan->when);
        last["local_time"] = load.scan->localTime;
        last["days_ago"] = daysBetween(load.scan->when, summary.now);
        last["scan"] = scanJson(load.scan->result);
    } else {
        j["last_scan"] = nullptr;
    }
    return j;
}

}  // namespace wud::cli

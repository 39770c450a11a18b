#include "cli_scan_command.hpp"

#include "cli_info_command.hpp"
#include "cli_options.hpp"

namespace wud::cli {
namespace {

UsageError usage(std::string reason) { return UsageError{std::move(reason)}; }

constexpr std::uint32_t kEAccessDenied = 0x80070005;  // E_ACCESSDENIED

}  // namespace

std::optional<std::variant<ScanCommand, UsageError>> parseScanCommand(std::span<const std::string> args) {
    const std::optional<std::size_t> at = ownVerbAt(args);
    if (!at || args[*at] != "scan") return std::nullopt;
    ScanCommand command;
    bool timeoutGiven = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        if (i == *at) continue;
        const std::string& a = args[i];
        if (a == "--json") {
            command.json = true;
        } else if (a == "--timeout") {
            if (i + 1 >= args.size()) return usage("--timeout needs a number of seconds, e.g. --timeout 600");
            const auto seconds = parseSeconds(args[++i]);
            if (!seconds)
                return usage("--timeout must be a whole number of seconds from 1 to " +
                             std::to_string(kMaxTimeout.count()) + ", not " + quoteForMessage(args[i]));
            if (timeoutGiven) return usage("--timeout is given twice");
            timeoutGiven = true;
            command.timeout = *seconds;
        } else if (a == "--computer") {
            return usage("'scan' works on this computer only; leave out --computer");
        } else if (a.starts_with("-")) {
            return usage("unknown option " + quoteForMessage(a) + " for 'scan' (see wudoctor --help)");
        } else {
            return usage("'scan' takes no further arguments, but got " + quoteForMessage(a));
        }
    }
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

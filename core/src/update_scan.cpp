// The pure half of update_scan.hpp: the scan's logic over any SearchAgent (time limit, cancel, RequestAbort and the
// wait after it), what each ending means in plain words, the causes the checks show, text, JSON and the last-scan
// file. The COM half is update_scan_win32.cpp.
#include "wud/update_scan.hpp"

#include "wud/enum_names.hpp"
#include "wud/automatic_updates.hpp"  // utcText
#include "wud/update_history.hpp"     // resultName

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <exception>
#include <stdexcept>
#include <variant>

namespace wud {
namespace {

using nlohmann::json;

// HRESULTs that mean "this agent cannot search at all", not "the search failed": the method is a stub (Wine's
// wuapi: dlls/wuapi/searcher.c), or the agent is too old to have the interface.
constexpr std::uint32_t kENoInterface = 0x80004002;  // E_NOINTERFACE

bool notAvailableCode(std::uint32_t hr) noexcept { return hr == kENotImpl || hr == kENoInterface; }

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

/// "10 minutes", "90 seconds", "2 hours".
std::string durationWords(std::chrono::seconds d) {
    const auto s = static_cast<std::size_t>(d.count());
    if (s < 120 || s % 60 != 0) return plural(s, "second", "seconds");
    const std::size_t m = s / 60;
    if (m < 120 || m % 60 != 0) return plural(m, "minute", "minutes");
    return plural(m / 60, "hour", "hours");
}

/// "0x8024402C WU_E_PT_WINHTTP_NAME_NOT_RESOLVED: The name of ... resolved."
std::string codeWords(std::uint32_t code) {
    const CodeExplanation e = explainCode(code, nullptr);
    return hexCode(code) + (e.name.empty() ? std::string() : " " + e.name) + ": " +
           (e.known && !e.meaning.empty() ? e.meaning : std::string("a code WU Doctor does not know."));
}

std::string sizeWords(std::uint64_t bytes) {
    char text[32];
    if (bytes >= 1024ull * 1024 * 1024)
        std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / (1024.0 * 1024 * 1024));
    else if (bytes >= 1024ull * 1024)
        std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024));
    else
        std::snprintf(text, sizeof text, "%llu KB", static_cast<unsigned long long>((bytes + 1023) / 1024));
    return text;
}

constexpr std::string_view kStillRunning =
    ", and it had not stopped when WU Doctor gave up waiting for it (Windows ends it on its own).";

}  // namespace

constexpr auto kScanOutcomeIds = enumNames<ScanOutcome::NotAvailable>({
    {ScanOutcome::Succeeded, "succeeded"}, {ScanOutcome::SucceededWithErrors, "succeeded_with_errors"},
    {ScanOutcome::Failed, "failed"}, {ScanOutcome::TimedOut, "timed_out"}, {ScanOutcome::Cancelled, "cancelled"},
    {ScanOutcome::NotAvailable, "not_available"}
});

std::string_view toId(ScanOutcome outcome) noexcept { return nameOf(kScanOutcomeIds, outcome, "failed"); }

constexpr auto kRestartNeedIds = enumNames<RestartNeed::Unknown>({
    {RestartNeed::Never, "never"}, {RestartNeed::Always, "always"}, {RestartNeed::CanRequest, "can_request"},
    {RestartNeed::Unknown, "unknown"}
});

std::string_view toId(RestartNeed need) noexcept { return nameOf(kRestartNeedIds, need, "unknown"); }

RestartNeed restartNeedFrom(int rebootBehavior) noexcept {
    // InstallationRebootBehavior (wuapi.h): irbNeverReboots 0, irbAlwaysRequiresReboot 1, irbCanRequestReboot 2.
    switch (rebootBehavior) {
    case 0: return RestartNeed::Never;
    case 1: return RestartNeed::Always;
    case 2: return RestartNeed::CanRequest;
    default: return RestartNeed::Unknown;
    }
}

bool answered(const ScanResult& r) noexcept {
    return r.outcome == ScanOutcome::Succeeded || r.outcome == ScanOutcome::SucceededWithErrors;
}

// ---------------------------------------------------------------------------------------------- the scan

ScanResult runScan(SearchAgent& agent, Clock& clock, const ScanOptions& options) {
    ScanResult r;
    r.timeout = options.timeout;
    const Millis start = clock.now();
    const auto elapsed = [&] { return clock.now() - start; };
    const auto progress = [&](ScanProgress::Phase phase) {
        if (options.progress) options.progress(ScanProgress{phase, elapsed()});
    };
    const auto finish = [&] {
        r.duration = elapsed();
        describeScan(r);
        return r;
    };
    const Millis poll = std::max(options.poll, Millis{1});
    // Waits for the callback in slices of `poll` until `until` (elapsed time) or `stop()` says so.
    const auto waitUntil = [&](Millis until, auto stop) {
        for (;;) {
            const Millis left = until - elapsed();
            if (agent.waitCompleted(std::clamp(left, Millis{0}, poll))) return true;
            if (stop() || elapsed() >= until) return false;
        }
    };

    if (const std::uint32_t hr = agent.begin(r.criteria); hr != 0) {
        r.error = hr;
        r.outcome = notAvailableCode(hr) ? ScanOutcome::NotAvailable : ScanOutcome::Failed;
        return finish();
    }
    progress(ScanProgress::Phase::Searching);

    // Microsoft guarantees no completion time: our own limit, and the user's cancel, looked at every `poll`.
    const Millis limit = std::chrono::duration_cast<Millis>(options.timeout);
    Millis nextProgress{1000};
    const bool cancelled = options.cancel != nullptr && options.cancel->cancelled();
    bool completed = !cancelled && waitUntil(limit, [&] {
        if (options.cancel != nullptr && options.cancel->cancelled()) return true;
        if (options.progress && elapsed() >= nextProgress) {
            progress(ScanProgress::Phase::Searching);
            nextProgress = elapsed() + Millis{1000};
        }
        return false;
    });
    std::optional<ScanOutcome> stopped;
    if (!completed) {
        stopped = options.cancel != nullptr && options.cancel->cancelled() ? ScanOutcome::Cancelled : ScanOutcome::TimedOut;
        progress(ScanProgress::Phase::Stopping);
        r.abortRequested = true;
        (void)agent.requestAbort();  // a failed request changes nothing: the grace below is the same
        completed = waitUntil(elapsed() + options.abortGrace, [] { return false; });
        if (!completed) {
            // Left to the agent: no EndSearch (not finished) and no CleanUp (it would wait for the job to end).
            r.outcome = *stopped;
            return finish();
        }
    }

    r.jobFinished = true;
    progress(ScanProgress::Phase::Reading);
    SearchReadout readout;
    const std::uint32_t hr = agent.end(readout);
    agent.cleanUp();  // here, outside the callback, once the job has ended
    r.resultCode = readout.resultCode;
    if (hr != 0) {
        r.error = hr;
        r.outcome = stopped ? *stopped : notAvailableCode(hr) ? ScanOutcome::NotAvailable : ScanOutcome::Failed;
        return finish();
    }
    r.updates = std::move(readout.updates);
    r.warnings = std::move(readout.warnings);
    switch (readout.resultCode) {
    case 2: r.outcome = ScanOutcome::Succeeded; break;            // orcSucceeded (an answer, even after an abort)
    case 3: r.outcome = ScanOutcome::SucceededWithErrors; break;  // orcSucceededWithErrors
    default:                                                      // orcFailed, orcAborted, or nothing usable
        r.outcome = stopped ? *stopped : ScanOutcome::Failed;
        if (r.outcome == ScanOutcome::Failed && !r.warnings.empty()) r.error = r.warnings.front().hresult;
        break;
    }
    return finish();
}

// ---------------------------------------------------------------------------------------------- words

void describeScan(ScanResult& r) {
    const std::size_t n = r.updates.size();
    const bool restart = std::any_of(r.updates.begin(), r.updates.end(),
                                     [](const FoundUpdate& u) { return u.restart == RestartNeed::Always; });
    const std::string found = n == 0 ? std::string("no updates waiting")
                                     : plural(n, "update is", "updates are") + " waiting to be installed" +
                                           (restart ? " (at least one needs a restart)" : "");
    const std::string stillRunning = r.jobFinished ? std::string(".") : std::string(kStillRunning);
    const Finding* cause = r.causes.empty() ? nullptr : &r.causes.front();
    const auto causeStep = [&](std::string fallback) {
        return cause == nullptr ? fallback
                                : "The checks show the likely cause: " + cause->title + ". " + cause->nextStep;
    };
    switch (r.outcome) {
    case ScanOutcome::Succeeded:
        r.message = n == 0 ? "Windows Update works: it checked and found no updates waiting."
                           : "Windows Update works: " + found + ".";
        r.nextStep = n == 0 ? std::string()
                            : "Install them in Settings > Windows Update (WU Doctor checks; Windows Update installs).";
        break;
    case ScanOutcome::SucceededWithErrors:
        r.message = "Windows Update answered, but part of its check failed (" +
                    plural(r.warnings.size(), "warning", "warnings") + "); " + found + ".";
        r.nextStep = causeStep(r.warnings.empty() ? "Check again later; if this keeps happening, run the checks "
                                                    "(wudoctor check)."
                                                  : explainCode(r.warnings.front().hresult, nullptr).nextStep);
        if (n > 0) r.nextStep += " Install what was found in Settings > Windows Update.";
        break;
    case ScanOutcome::Failed:
        r.message = r.error != 0 ? "Windows Update still fails: its check for updates ended with " + codeWords(r.error)
                                 : "Windows Update still fails: its check for updates ended as \"" +
                                       std::string(resultName(r.resultCode)) + "\" without an error code.";
        r.nextStep = causeStep(r.error != 0 ? explainCode(r.error, nullptr).nextStep
                                            : "Run the checks (wudoctor check), then Fix, and check again.");
        break;
    case ScanOutcome::TimedOut:
        r.message = "Windows Update did not finish checking within " + durationWords(r.timeout) +
                    "; WU Doctor asked it to stop" + stillRunning;
        r.nextStep = "A first check, or one after a cache reset, can take a long time: check again with a longer "
                     "time limit. If it never finishes, Fix Windows Update and check again.";
        break;
    case ScanOutcome::Cancelled:
        r.message = "Cancelled: WU Doctor asked Windows Update to stop checking" + stillRunning;
        r.nextStep.clear();
        break;
    case ScanOutcome::NotAvailable:
        r.message = std::string("Checking for updates is not available on this system: its Windows Update Agent ") +
                    (r.error == kENotImpl ? "does not implement the search (E_NOTIMPL; Wine is one such system)."
                                          : "cannot search (" + hexCode(r.error) + ").");
        r.nextStep = "Check in Settings > Windows Update instead.";
        break;
    }
}

std::vector<std::string> causeCandidates(std::uint32_t hresult) {
    std::vector<std::string> ids;
    const auto add = [&](std::string_view id) {
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.emplace_back(id);
    };
    const CodeExplanation e = explainCode(hresult, nullptr);
    add(e.findingId);
    if (e.action == CodeAction::Network)
        for (const std::string_view id : {"proxy", "hosts", "policy.wuserver", "policy.do-not-connect"}) add(id);
    return ids;
}

void linkCauses(ScanResult& r, const std::vector<Finding>& findings) {
    r.causes.clear();
    std::vector<std::uint32_t> codes;
    if (!answered(r) && r.error != 0) codes.push_back(r.error);
    for (const ScanWarning& w : r.warnings)
        if (w.hresult != 0) codes.push_back(w.hresult);
    for (const std::uint32_t code : codes)
        for (const std::string& id : causeCandidates(code))
            if (const Finding* f = findFinding(findings, id);
                f != nullptr && findFinding(r.causes, id) == nullptr)
                r.causes.push_back(*f);
    describeScan(r);
}

std::string scanText(const ScanResult& r) {
    std::string out = "Check for updates (Windows Update Agent, " + r.criteria + ")\n";
    out += r.message + "\n";
    if (answered(r) && !r.updates.empty()) {
        for (const FoundUpdate& u : r.updates) {
            std::string kbs;
            for (const std::string& kb : u.kbs) kbs += (kbs.empty() ? "" : ",") + kb;
            out += "  " + (kbs.empty() ? std::string("(no KB)") : kbs) + "  " +
                   (u.maxDownloadBytes ? sizeWords(*u.maxDownloadBytes) : std::string("size unknown")) +
                   "  restart: " + std::string(toId(u.restart)) + "  " + u.title + "\n";
        }
    }
    for (const ScanWarning& w : r.warnings)
        out += "  Warning: " + codeWords(w.hresult) + (w.message.empty() ? "" : " (" + w.message + ")") + "\n";
    if (!answered(r) && r.error != 0) {
        const CodeExplanation e = explainCode(r.error, nullptr);
        if (!e.findingId.empty() && r.causes.empty())
            out += "  The checks did not show '" + e.findingId + "', the usual cause of this code.\n";
    }
    for (const Finding& f : r.causes) {
        out += "  Cause found by the checks: [" + std::string(toId(f.severity)) + "] " + f.id + ": " + f.title + "\n";
        for (const std::string& line : f.evidence) out += "      " + line + "\n";
    }
    if (!r.nextStep.empty()) out += "Next step: " + r.nextStep + "\n";
    return out;
}

std::string scanLogLine(const ScanResult& r) {
    std::string causes;
    for (const Finding& f : r.causes) causes += (causes.empty() ? "" : ",") + f.id;
    const auto flag = [](bool b) { return b ? "true" : "false"; };
    return "outcome=" + std::string(toId(r.outcome)) + " error=" + hexCode(r.error) +
           " result_code=" + std::to_string(r.resultCode) + " updates=" + std::to_string(r.updates.size()) +
           " warnings=" + std::to_string(r.warnings.size()) + " abort_requested=" + flag(r.abortRequested) +
           " job_finished=" + flag(r.jobFinished) + " duration_ms=" + std::to_string(r.duration.count()) +
           " causes=" + (causes.empty() ? std::string("none") : causes);
}

// ---------------------------------------------------------------------------------------------- JSON, last scan

json scanJson(const ScanResult& r) {
    const auto code = [](std::uint32_t c) { return c == 0 ? json(nullptr) : json(hexCode(c)); };
    json j;
    j["outcome"] = std::string(toId(r.outcome));
    j["answered"] = answered(r);
    j["criteria"] = r.criteria;
    j["timeout_s"] = r.timeout.count();
    j["duration_ms"] = r.duration.count();
    j["result_code"] = r.resultCode < 0 ? json(nullptr) : json(r.resultCode);
    j["result"] = r.resultCode < 0 ? json(nullptr) : json(std::string(resultName(r.resultCode)));
    j["error_code"] = code(r.error);
    j["explanation"] = nullptr;
    if (r.error != 0 && r.outcome != ScanOutcome::NotAvailable) {  // "not available" is no error to explain
        const CodeExplanation e = explainCode(r.error, nullptr);
        json& x = j["explanation"];
        x["name"] = e.name.empty() ? json(nullptr) : json(e.name);
        x["meaning"] = e.known ? json(e.meaning) : json(nullptr);
        x["action"] = std::string(toId(e.action));
        x["next_step"] = e.nextStep;
        x["finding"] = e.findingId.empty() ? json(nullptr) : json(e.findingId);
    }
    j["abort_requested"] = r.abortRequested;
    j["job_finished"] = r.jobFinished;
    j["update_count"] = r.updates.size();
    json& updates = j["updates"] = json::array();
    for (const FoundUpdate& u : r.updates) {
        json& item = updates.emplace_back();
        item["title"] = u.title;
        item["kb"] = u.kbs;
        item["max_download_bytes"] = u.maxDownloadBytes ? json(*u.maxDownloadBytes) : json(nullptr);
        item["restart"] = std::string(toId(u.restart));
    }
    json& warnings = j["warnings"] = json::array();
    for (const ScanWarning& w : r.warnings) {
        const CodeExplanation e = explainCode(w.hresult, nullptr);
        json& item = warnings.emplace_back();
        item["error_code"] = code(w.hresult);
        item["message"] = w.message;
        item["name"] = e.name.empty() ? json(nullptr) : json(e.name);
        item["next_step"] = e.nextStep;
    }
    json& causes = j["causes"] = json::array();
    for (const Finding& f : r.causes) causes.push_back(findingJson(f));
    j["message"] = r.message;
    j["next_step"] = r.nextStep;
    return j;
}

namespace {

std::optional<ScanOutcome> outcomeFromId(std::string_view id) {
    for (const ScanOutcome o : {ScanOutcome::Succeeded, ScanOutcome::SucceededWithErrors, ScanOutcome::Failed,
                                ScanOutcome::TimedOut, ScanOutcome::Cancelled, ScanOutcome::NotAvailable})
        if (toId(o) == id) return o;
    return std::nullopt;
}

RestartNeed restartFromId(std::string_view id) {
    for (const RestartNeed n : {RestartNeed::Never, RestartNeed::Always, RestartNeed::CanRequest})
        if (toId(n) == id) return n;
    return RestartNeed::Unknown;
}

Severity severityFromId(std::string_view id) {
    return id == "problem" ? Severity::Problem : id == "warning" ? Severity::Warning : Severity::Info;
}

std::uint32_t codeFrom(const json& value) {
    if (!value.is_string()) return 0;
    const auto parsed = parseErrorCode(value.get<std::string>());
    return std::holds_alternative<std::uint32_t>(parsed) ? std::get<std::uint32_t>(parsed) : 0;
}

/// The scan object back (what scanJson wrote); throws nlohmann's exceptions on a wrong shape.
ScanResult scanFromJson(const json& j) {
    ScanResult r;
    const auto outcome = outcomeFromId(j.at("outcome").get<std::string>());
    if (!outcome) throw std::runtime_error("unknown outcome");
    r.outcome = *outcome;
    r.criteria = j.at("criteria").get<std::string>();
    r.timeout = std::chrono::seconds(j.at("timeout_s").get<long long>());
    r.duration = Millis(j.at("duration_ms").get<long long>());
    r.resultCode = j.at("result_code").is_null() ? -1 : j.at("result_code").get<int>();
    r.error = codeFrom(j.at("error_code"));
    r.abortRequested = j.at("abort_requested").get<bool>();
    r.jobFinished = j.at("job_finished").get<bool>();
    for (const json& u : j.at("updates")) {
        FoundUpdate f;
        f.title = u.at("title").get<std::string>();
        f.kbs = u.at("kb").get<std::vector<std::string>>();
        if (!u.at("max_download_bytes").is_null()) f.maxDownloadBytes = u.at("max_download_bytes").get<std::uint64_t>();
        f.restart = restartFromId(u.at("restart").get<std::string>());
        r.updates.push_back(std::move(f));
    }
    for (const json& w : j.at("warnings")) r.warnings.push_back({codeFrom(w.at("error_code")), w.at("message").get<std::string>()});
    for (const json& c : j.at("causes")) {
        Finding f;
        f.id = c.at("id").get<std::string>();
        f.severity = severityFromId(c.at("severity").get<std::string>());
        f.title = c.at("title").get<std::string>();
        f.evidence = c.at("evidence").get<std::vector<std::string>>();
        f.explanation = c.at("explanation").get<std::string>();
        f.nextStep = c.at("next_step").get<std::string>();
        r.causes.push_back(std::move(f));
    }
    r.message = j.at("message").get<std::string>();
    r.nextStep = j.at("next_step").get<std::string>();
    return r;
}

std::string pathIn(std::string_view folder) { return std::string(folder) + "\\" + std::string(kLastScanFileName); }

}  // namespace

Win32Error saveLastScan(MachineAccess& machine, std::string_view folder, const LastScan& scan) {
    if (folder.empty()) return 3;  // ERROR_PATH_NOT_FOUND: logging is off, so there is nowhere to keep it
    json doc;
    doc["schema_version"] = 1;
    doc["tool"] = "wudoctor";
    doc["unix_time"] = std::chrono::duration_cast<std::chrono::seconds>(scan.when.time_since_epoch()).count();
    doc["time_utc"] = utcText(scan.when);
    doc["local_time"] = scan.localTime;
    doc["scan"] = scanJson(scan.result);
    return machine.replaceFile(pathIn(folder), doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
}

LastScanLoad loadLastScan(MachineAccess& machine, std::string_view folder) {
    LastScanLoad load;
    if (folder.empty()) return load;
    load.path = pathIn(folder);
    const std::optional<std::string> bytes = machine.readFile(load.path);
    if (!bytes) {
        if (machine.fileExists(load.path)) load.error = load.path + " could not be read";
        return load;
    }
    try {
        const json doc = json::parse(std::string_view(*bytes));  // the journal's instantiation: one parser in the exe
        LastScan scan;
        scan.when = std::chrono::system_clock::time_point(std::chrono::seconds(doc.at("unix_time").get<long long>()));
        scan.localTime = doc.at("local_time").get<std::string>();
        scan.result = scanFromJson(doc.at("scan"));
        load.scan = std::move(scan);
    } catch (const std::exception&) {
        load.error = load.path + " is damaged (not the JSON WU Doctor writes); the next scan replaces it";
    }
    return load;
}

std::string updateChecksText(const UpdateChecksSummary& summary, std::string_view indent) {
    const std::string in(indent);
    std::string out = automaticUpdatesText(summary.automaticUpdates, summary.now, indent);
    const LastScanLoad& load = summary.lastScan;
    if (load.scan) {
        const ScanResult& r = load.scan->result;
        out += in + "Last check by WU Doctor:                 " + dateWithAge(load.scan->when, summary.now) + ", " +
               std::string(toId(r.outcome)) + "\n";
        out += in + "    " + r.message + "\n";
        for (const FoundUpdate& u : r.updates) out += in + "    " + u.title + "\n";
        for (const Finding& f : r.causes) out += in + "    Cause found by the checks: " + f.title + " [" + f.id + "]\n";
        if (!r.nextStep.empty()) out += in + "    Next step: " + r.nextStep + "\n";
    } else if (!load.error.empty()) {
        out += in + "Last check by WU Doctor:                 unknown: " + load.error + "\n";
    } else {
        out += in + "Last check by WU Doctor:                 none recorded" +
               (load.path.empty() ? std::string(" (logging is off)") : " in " + load.path) + " (run: wudoctor scan)\n";
    }
    return out;
}

}  // namespace wud

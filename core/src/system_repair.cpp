// The system-file repair (system_repair.hpp): refusals, DISM's scan and repair, SFC, and what to tell the user.
//
// Sources for the behaviour relied on here (Microsoft Learn, DISM API Reference):
// - DismInitialize: once per process; HRESULT_FROM_WIN32(ERROR_ELEVATION_REQUIRED) when not elevated.
// - DismCheckImageHealth / DismRestoreImageHealth, CancelEvent: "If the CancelEvent is received at a stage when
//   the operation cannot be canceled, the operation will continue and return a success code. If the CancelEvent is
//   received and the operation is canceled, the image state is unknown."
// - DismRestoreImageHealth, LimitAccess: TRUE = do not check Windows Update for the repair files.
// - DismGetLastErrorMessage: the message of the failure that immediately preceded it, on the calling thread.
// - DismShutdown fails while sessions are open: DismCloseSession first, always.
// - "Repair a Windows Image" / "Configure a Windows Repair Source": a .wim/.esd source is named
//   `wim:<path>:<index>` (`esd:`), the index of an image of the same edition.
// - 0x800F081F CBS_E_SOURCE_MISSING, 0x800F0906 CBS_E_DOWNLOAD_FAILURE: Microsoft Learn, "Windows Update error
//   codes" / "DISM error 0x800f081f" (the source files could not be found / downloaded).
#include "wud/system_repair.hpp"

#include "wud/explain.hpp"
#include "wud/log.hpp"
#include "wud/text.hpp"

#include <spdlog/logger.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

namespace wud {
namespace {

using namespace std::chrono_literals;


/// One log line. All of the repair's lines go through here, pre-formatted: each distinct argument list of a
/// logger call is its own template instance in the exe, and the repair logs a dozen kinds of line.
void logLine(const std::string& line) { log::get().info("{}", line); }
void logWarning(const std::string& line) { log::get().warn("{}", line); }
std::string yes(bool value) { return value ? "true" : "false"; }

/// Hands progress to the front end one call at a time (DISM may call back on threads of its own).
class Reporter {
public:
    explicit Reporter(const RepairProgressFn& fn) : fn_(fn) {}
    void progress(RepairPhase phase, RepairStep step, std::optional<int> percent) {
        send(RepairProgress{phase, step, percent, std::string(stepText(step)), {}});
    }
    void note(RepairPhase phase, RepairStep step, std::string text) {
        logLine("repair-system note: " + text);
        send(RepairProgress{phase, step, std::nullopt, std::string(stepText(step)), std::move(text)});
    }

private:
    void send(const RepairProgress& p) {
        if (!fn_) return;
        std::lock_guard lock(mutex_);
        try {
            fn_(p);
        } catch (...) {
            // A front end's failure to draw must not end a repair half way (DISM calls this from its own code).
        }
    }
    const RepairProgressFn& fn_;
    std::mutex mutex_;
};

/// While one step runs: calls onCancel once, as soon as the token is cancelled — from a watcher thread, since DISM
/// can sit at one percentage for minutes without calling back, and SFC's output can pause as long.
class CancelWatch {
public:
    CancelWatch(const CancelToken* token, std::function<void()> onCancel) : token_(token), onCancel_(std::move(onCancel)) {
        if (token_ == nullptr) return;
        thread_ = std::thread([this] {
            SteadyClock clock;
            while (!done_.load()) {
                if (token_->cancelled()) {
                    fire();
                    return;
                }
                clock.sleepFor(100ms, token_);  // wakes at once on Cancel; the period only bounds the end of the step
            }
        });
    }
    ~CancelWatch() {
        done_.store(true);
        if (thread_.joinable()) thread_.join();
    }
    CancelWatch(const CancelWatch&) = delete;
    CancelWatch& operator=(const CancelWatch&) = delete;
    /// Also from the step's own callbacks, so a Cancel is passed on before the next progress step.
    void poll() {
        if (token_ != nullptr && token_->cancelled()) fire();
    }

private:
    void fire() {
        if (!fired_.exchange(true)) onCancel_();
    }
    const CancelToken* token_;
    std::function<void()> onCancel_;
    std::atomic<bool> done_{false};
    std::atomic<bool> fired_{false};
    std::thread thread_;
};

bool cancelled(const SystemRepairRequest& request) { return request.cancel != nullptr && request.cancel->cancelled(); }

// ---------------------------------------------------------------------------------------------- sources

bool endsWithIgnoreCase(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && equalsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

/// `wim:D:\x.wim:6` -> {"wim", "D:\x.wim", "6"}; a plain path -> {"", path, ""}.
struct SourceParts {
    std::string_view kind, path, index;
};
SourceParts splitSource(std::string_view source) {
    SourceParts parts{{}, source, {}};
    if (source.size() > 4 && (equalsIgnoreCase(source.substr(0, 4), "wim:") || equalsIgnoreCase(source.substr(0, 4), "esd:"))) {
        parts.kind = source.substr(0, 3);
        parts.path = source.substr(4);
        const auto colon = parts.path.find_last_of(':');
        if (colon != std::string_view::npos && colon > 1) {  // not the drive's colon
            parts.index = parts.path.substr(colon + 1);
            parts.path = parts.path.substr(0, colon);
        }
    }
    return parts;
}

bool absolutePath(std::string_view path) {
    const bool drive = path.size() >= 3 && ((path[0] >= 'A' && path[0] <= 'Z') || (path[0] >= 'a' && path[0] <= 'z')) &&
                       path[1] == ':' && path[2] == '\\';
    const bool unc = path.size() >= 5 && path[0] == '\\' && path[1] == '\\' && path[2] != '\\' && path[2] != '?' &&
                     path[2] != '.';
    return drive || unc;
}

/// The .wim / .esd a source names (a mounted ISO's folder counts as its sources\install.*); empty when none.
std::string imageFileOf(std::string_view path, MachineAccess& machine) {
    if (endsWithIgnoreCase(path, ".wim") || endsWithIgnoreCase(path, ".esd")) return std::string(path);
    std::string folder(path);
    while (folder.size() > 3 && folder.back() == '\\') folder.pop_back();
    if (folder.back() != '\\') folder += '\\';
    for (const char* candidate : {"sources\\install.wim", "sources\\install.esd", "install.wim", "install.esd"})
        if (machine.pathExists(folder + candidate)) return folder + candidate;
    return {};
}

// ---------------------------------------------------------------------------------------------- DISM

struct DismRun {
    SystemRepairEnv& env;
    const SystemRepairRequest& request;
    Reporter& reporter;
    DismResult result;

    /// Closes what was opened, whatever happened: DismShutdown fails while a session is open.
    struct Guard {
        DismApi& dism;
        bool initialized = false, opened = false;
        ~Guard() {
            if (opened) dism.closeSession();
            if (initialized) dism.shutdown();
        }
    };

    DismApi::Progress progressFor(RepairStep step, CancelWatch& watch) {
        return [this, step, &watch, last = std::optional<int>()](std::uint32_t current, std::uint32_t total) mutable {
            watch.poll();
            if (total == 0) return;
            const int percent = static_cast<int>(std::min<std::uint64_t>(100, std::uint64_t{current} * 100 / total));
            if (last == percent) return;
            last = percent;
            reporter.progress(RepairPhase::Dism, step, percent);
        };
    }

    /// Runs one long DISM call with its cancel watch.
    template <typename Call>
    std::uint32_t longCall(RepairStep step, Call call) {
        reporter.progress(RepairPhase::Dism, step, std::nullopt);
        CancelWatch watch(request.cancel, [this, step] {
            env.dism.requestCancel();
            reporter.note(RepairPhase::Dism, step,
                          "Cancelling: DISM stops at the next point where it safely can. If it has gone too far to "
                          "stop, it finishes this step instead.");
        });
        return call(progressFor(step, watch));
    }

    void fail(std::string_view call, std::uint32_t hr) {
        result.hresult = hr;
        result.dismMessage = env.dism.lastErrorMessage();  // at once: it describes this thread's last failure
        logWarning("repair-system dism " + std::string(call) + " failed hresult=" + hexCode(hr) + " dism_message=\"" +
                   result.dismMessage + "\"");
    }

    void run() {
        std::string why;
        reporter.progress(RepairPhase::Dism, RepairStep::Starting, std::nullopt);
        if (!env.dism.load(why)) {
            logLine("repair-system dism not available: " + why);
            result.outcome = DismOutcome::NotAvailable;
            result.dismMessage = why;
            return;
        }
        Guard guard{env.dism};
        std::uint32_t hr = env.dism.initialize();
        logLine("repair-system dism DismInitialize hresult=" + hexCode(hr));
        if (hrFailed(hr)) return failed("DismInitialize", hr);
        guard.initialized = true;
        hr = env.dism.openOnlineSession();
        logLine("repair-system dism DismOpenSession(DISM_ONLINE_IMAGE) hresult=" + hexCode(hr));
        if (hrFailed(hr)) return failed("DismOpenSession", hr);
        guard.opened = true;

        ImageHealth health = ImageHealth::Healthy;
        hr = longCall(RepairStep::Scanning, [&](const DismApi::Progress& p) { return env.dism.checkHealth(true, p, health); });
        logLine("repair-system dism DismCheckImageHealth(scan) hresult=" + hexCode(hr) + " health=" + std::string(toId(health)));
        if (hrFailed(hr)) return failed("DismCheckImageHealth", hr);
        result.health = health;
        result.cancelIgnored = cancelled(request);
        if (health == ImageHealth::Healthy) {
            result.outcome = DismOutcome::Healthy;
            return;
        }
        if (health == ImageHealth::NonRepairable) {
            result.outcome = DismOutcome::NotRepairable;
            return;
        }
        if (request.scanOnly) {
            result.outcome = DismOutcome::Repairable;
            return;
        }
        if (cancelled(request)) {  // the scan finished although Cancel came: do not start the repair
            result.outcome = DismOutcome::Cancelled;
            return;
        }

        // This PC's edition ("Professional", "Core"...), the names DismImageInfo.EditionId uses for a .wim's images
        // (Microsoft Learn, "DismImageInfo structure"); Windows keeps it in CurrentVersion\EditionID.
        std::string edition;
        if (const auto value = env.machine.readValue(R"(HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion)", "EditionID"))
            edition = asString(*value).value_or("");
        for (const std::string& source : request.sources) {
            const auto expanded = dismSourcesFor(source, env.machine, [&](const std::string& file) { return env.dism.imagesIn(file); },
                                                 edition);
            result.sources.insert(result.sources.end(), expanded.begin(), expanded.end());
        }
        result.limitAccess = !result.sources.empty();
        std::string list;
        for (const std::string& source : result.sources) list += (list.empty() ? "" : "; ") + source;
        logLine("repair-system dism DismRestoreImageHealth sources=[" + list + "] limit_access=" + yes(result.limitAccess));
        hr = longCall(RepairStep::Restoring, [&](const DismApi::Progress& p) {
            return env.dism.restoreHealth(result.sources, result.limitAccess, p);
        });
        logLine("repair-system dism DismRestoreImageHealth hresult=" + hexCode(hr));
        if (hrFailed(hr)) return failed("DismRestoreImageHealth", hr);
        result.cancelIgnored = cancelled(request);
        result.outcome = DismOutcome::Repaired;
    }

    void failed(std::string_view call, std::uint32_t hr) {
        fail(call, hr);
        if (cancelled(request)) result.outcome = DismOutcome::Cancelled;
        else if (hr == kHrSourceMissing || hr == kHrDownloadFailed) result.outcome = DismOutcome::SourceMissing;
        else result.outcome = DismOutcome::Failed;
    }
};

// ---------------------------------------------------------------------------------------------- SFC

struct SfcRun {
    SystemRepairEnv& env;
    const SystemRepairRequest& request;
    Reporter& reporter;
    SfcResult result;

    void run() {
        result.verifyOnly = request.scanOnly;
        const RepairStep step = request.scanOnly ? RepairStep::VerifyingFiles : RepairStep::CheckingFiles;
        if (!env.sfc.available()) {
            logLine("repair-system sfc not available (no sfc.exe in System32)");
            result.outcome = SfcOutcome::NotAvailable;
            return;
        }
        result.cbsLog = env.sfc.cbsLogPath();
        const std::uint64_t before = env.sfc.cbsLogSize().value_or(0);
        reporter.note(RepairPhase::Sfc, step, std::string(kSfcCannotCancel));
        reporter.progress(RepairPhase::Sfc, step, std::nullopt);
        logLine(std::string("repair-system sfc start ") + (request.scanOnly ? "/verifyonly" : "/scannow") +
                " cbs_log=" + result.cbsLog + " cbs_log_bytes_before=" + std::to_string(before));

        std::atomic<bool> cancelAsked{false};
        SfcOutputReader reader;
        std::vector<std::string> closing;  // SFC's lines after its last progress line
        std::optional<int> last;
        const auto line = [&](const std::string& text) {
            if (const auto percent = sfcPercent(text)) {
                closing.clear();
                if (percent != last) reporter.progress(RepairPhase::Sfc, step, percent);
                last = percent;
            } else {
                logLine("repair-system sfc said: " + text);
                closing.push_back(text);
            }
        };
        SfcExit exit;
        {
            CancelWatch watch(request.cancel, [&] {
                cancelAsked.store(true);
                reporter.note(RepairPhase::Sfc, step,
                              "SFC cannot be stopped safely: WU Doctor lets it finish and then reports what it did.");
            });
            exit = env.sfc.run(request.scanOnly, [&](std::string_view bytes) {
                watch.poll();
                for (const std::string& l : reader.feed(bytes)) line(l);
            });
        }
        for (const std::string& l : reader.finish()) line(l);
        result.cancelAsked = cancelAsked.load();
        for (const std::string& l : closing) result.said += (result.said.empty() ? "" : " ") + l;
        if (result.said.size() > 1000) result.said = result.said.substr(0, 1000) + "\xE2\x80\xA6";
        if (!exit.started) {
            logWarning("repair-system sfc could not start error=" + std::to_string(exit.error));
            result.outcome = SfcOutcome::Failed;
            result.reason = "Windows could not start SFC: " + describeError(exit.error).message;
            return;
        }
        result.exitCode = exit.exitCode;

        const std::optional<std::uint64_t> after = env.sfc.cbsLogSize();
        result.logRestarted = after && *after < before;
        // No CBS.log at all after the run: SFC wrote no result (that is not a log that cannot be read).
        const std::optional<std::string> text =
            after ? env.sfc.readCbsLog(result.logRestarted ? 0 : before) : std::optional<std::string>(std::string());
        logLine("repair-system sfc exit_code=" + std::to_string(exit.exitCode) + " cbs_log_bytes_after=" +
                std::to_string(after.value_or(0)) + " restarted=" + yes(result.logRestarted));
        if (!text) {
            result.outcome = SfcOutcome::Failed;
            result.reason = "SFC finished (exit code " + std::to_string(exit.exitCode) + "), but its result in " + result.cbsLog +
                      " could not be read.";
            return;
        }
        const SfcLogReport report = parseSfcLog(*text);
        result.files = report.files;
        if (request.scanOnly)
            for (SfcFile& f : result.files) f.result = SfcFileResult::Corrupt;
        for (const SfcFile& f : result.files)
            logLine("repair-system sfc file=" + f.name + " path=" + f.path + " component=" + f.component +
                    " result=" + std::string(toId(f.result)));
        if (report.srLines == 0) {
            result.outcome = SfcOutcome::Failed;
            result.reason = "SFC finished (exit code " + std::to_string(exit.exitCode) + ") without writing its result to " +
                      result.cbsLog + (result.said.empty() ? "." : ". SFC said: " + result.said);
            return;
        }
        const auto any = [&](SfcFileResult which) {
            return std::any_of(result.files.begin(), result.files.end(), [&](const SfcFile& f) { return f.result == which; });
        };
        if (any(SfcFileResult::Corrupt)) result.outcome = SfcOutcome::Corrupt;
        else if (any(SfcFileResult::NotRepaired)) result.outcome = SfcOutcome::NotRepaired;
        else if (!result.files.empty()) result.outcome = SfcOutcome::Repaired;
        else result.outcome = SfcOutcome::Healthy;
    }
};

// ---------------------------------------------------------------------------------------------- verdict

SystemRepairVerdict verdictOf(const DismResult& dism, const SfcResult& sfc, bool cancelRequested) {
    if (dism.hresult == kHrElevationRequired) return SystemRepairVerdict::NeedsAdmin;
    if (dism.outcome == DismOutcome::Cancelled || (cancelRequested && sfc.outcome == SfcOutcome::Skipped))
        return SystemRepairVerdict::Cancelled;
    const bool damageLeft = dism.outcome == DismOutcome::Repairable || dism.outcome == DismOutcome::NotRepairable ||
                            dism.outcome == DismOutcome::SourceMissing || sfc.outcome == SfcOutcome::NotRepaired ||
                            sfc.outcome == SfcOutcome::Corrupt;
    if (damageLeft) return SystemRepairVerdict::NotRepaired;
    if (dism.outcome == DismOutcome::Failed || sfc.outcome == SfcOutcome::Failed) return SystemRepairVerdict::Failed;
    if (dism.outcome == DismOutcome::NotAvailable || sfc.outcome == SfcOutcome::NotAvailable)
        return SystemRepairVerdict::NotAvailable;
    if (dism.outcome == DismOutcome::Repaired || sfc.outcome == SfcOutcome::Repaired) return SystemRepairVerdict::Repaired;
    return SystemRepairVerdict::Healthy;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- sources

std::optional<std::string> sourceSyntaxProblem(std::string_view source) {
    if (source.empty()) return "--source needs a path, e.g. --source X:\\sources\\install.wim";
    if (source.size() > 1024) return "--source: the path is too long";
    for (const char c : source) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) return "--source: the path holds a control character";
        if (c == '"' || c == '*' || c == '?' || c == '<' || c == '>' || c == '|')
            return std::string("--source: a path cannot hold ") + c;
    }
    const SourceParts parts = splitSource(source);
    if (!absolutePath(parts.path))
        return "--source needs a full path starting with a drive (X:\\...) or \\\\server\\share, e.g. "
               "X:\\sources\\install.wim";
    if (parts.path.find(':', 2) != std::string_view::npos)
        return "--source: only the drive may be followed by ':' (DISM's form is wim:X:\\sources\\install.wim:6)";
    if (!parts.kind.empty()) {
        if (!endsWithIgnoreCase(parts.path, ".wim") && !endsWithIgnoreCase(parts.path, ".esd"))
            return "--source: wim: and esd: name a .wim or .esd file";
        if (parts.index.empty()) return "--source: " + std::string(parts.kind) + ": needs the image's index at the end, e.g. :1";
        if (parts.index.size() > 3 || !std::all_of(parts.index.begin(), parts.index.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
            parts.index == "0" || parts.index.front() == '0')
            return "--source: the image index must be a number from 1 to 999";
    }
    return std::nullopt;
}

std::vector<std::string> dismSourcesFor(std::string_view source, MachineAccess& machine,
                                        const std::function<std::optional<std::vector<ImageEdition>>(const std::string&)>& images,
                                        std::string_view edition) {
    const SourceParts parts = splitSource(source);
    if (!parts.kind.empty()) return {std::string(source)};  // DISM's own form: as typed
    const std::string file = imageFileOf(parts.path, machine);
    if (file.empty()) return {std::string(source)};  // a folder: a mounted image's Windows, or a Windows\WinSxS
    const std::string kind = endsWithIgnoreCase(file, ".esd") ? "esd:" : "wim:";
    std::optional<std::vector<ImageEdition>> known = images ? images(file) : std::nullopt;
    if (!known || known->empty()) return {kind + file + ":1"};
    std::stable_partition(known->begin(), known->end(),
                          [&](const ImageEdition& e) { return !edition.empty() && equalsIgnoreCase(e.edition, edition); });
    std::vector<std::string> out;
    for (const ImageEdition& e : *known) out.push_back(kind + file + ":" + std::to_string(e.index));
    return out;
}

// ---------------------------------------------------------------------------------------------- run

SystemRepairResult runSystemRepair(SystemRepairEnv& env, const SystemRepairRequest& request) {
    SystemRepairResult result;
    logLine("repair-system begin scan_only=" + yes(request.scanOnly) + " sources=" +
            std::to_string(request.sources.size()) + " elevated=" + yes(env.elevated));
    // Refused: nothing runs; each phase says why.
    const auto refuse = [&](SystemRepairVerdict verdict, std::string_view why) {
        result.verdict = verdict;
        result.dism.outcome = DismOutcome::Skipped;
        result.dism.text.message = "DISM did not run: " + std::string(why);
        result.sfc.outcome = SfcOutcome::Skipped;
        result.sfc.reason = std::string(why);
        result.sfc.text = describe(result.sfc, false);
        result.text = describe(result);
        logLine("repair-system refused: " + std::string(toId(verdict)) + " " + std::string(why));
        return result;
    };

    // 1. A pending restart: repairing now could break what Windows is finishing (checkPendingRestart's finding).
    CheckContext context{env.machine, env.services, env.osBuild};
    result.restartPending = pendingRestart(context);
    if (result.restartPending) return refuse(SystemRepairVerdict::RestartPending, "a restart is pending.");
    // 2. Rights: DISM and SFC both need them.
    if (!env.elevated) return refuse(SystemRepairVerdict::NeedsAdmin, "it needs administrator rights.");
    // 3. Every source must be there: a typo would cost a whole scan before DISM says 0x800F081F.
    for (const std::string& source : request.sources) {
        const std::string path(splitSource(source).path);
        if (env.machine.pathExists(path)) continue;
        result.badSource = path;
        return refuse(SystemRepairVerdict::BadSource, "the source " + path + " was not found.");
    }

    Reporter reporter(request.progress);
    const Millis begin = env.clock.now();
    DismRun dism{env, request, reporter, {}};
    dism.run();
    result.dism = std::move(dism.result);
    result.dism.duration = env.clock.now() - begin;
    result.dism.text = describe(result.dism, !request.sources.empty());
    logLine("repair-system dism result=" + std::string(toId(result.dism.outcome)) + " hresult=" +
            hexCode(result.dism.hresult) + " duration_ms=" + std::to_string(result.dism.duration.count()) +
            " message=\"" + result.dism.text.message + "\"");

    if (cancelled(request) || result.dism.outcome == DismOutcome::Cancelled) {
        result.sfc.reason = "you cancelled before it started.";
    } else if (result.dism.hresult == kHrElevationRequired) {
        result.sfc.reason = "it needs administrator rights.";
    } else {
        const Millis sfcBegin = env.clock.now();
        SfcRun sfc{env, request, reporter, {}};
        sfc.run();
        result.sfc = std::move(sfc.result);
        result.sfc.duration = env.clock.now() - sfcBegin;
    }
    const bool storeOk = result.dism.outcome == DismOutcome::Healthy || result.dism.outcome == DismOutcome::Repaired;
    result.sfc.text = describe(result.sfc, storeOk);
    logLine("repair-system sfc result=" + std::string(toId(result.sfc.outcome)) + " files=" +
            std::to_string(result.sfc.files.size()) + " duration_ms=" + std::to_string(result.sfc.duration.count()) +
            " message=\"" + result.sfc.text.message + "\"");

    result.verdict = verdictOf(result.dism, result.sfc, cancelled(request));
    result.text = describe(result);
    logLine("repair-system end verdict=" + std::string(toId(result.verdict)));
    return result;
}

}  // namespace wud

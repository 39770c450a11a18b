#pragma once
// One log for the window and the CLI (spdlog): a rotating file in `wudoctor-logs` beside the exe when
// that folder is writable (the USB stick), else %LOCALAPPDATA%\WUDoctor\logs; no writable place -> keep
// running, warn once. Sinks are injectable so tests can capture log lines.

#include "wud/operations.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace spdlog { class logger; namespace sinks { class sink; } }

namespace wud::log {

inline constexpr std::string_view kExeFolderName = "wudoctor-logs";  ///< beside the exe
inline constexpr std::string_view kFileName = "wudoctor.log";        ///< rotated to wudoctor.1.log, wudoctor.2.log
inline constexpr std::size_t kMaxFileBytes = 1024 * 1024;
inline constexpr std::size_t kMaxFiles = 3;  ///< the current file and two older ones

struct Setup {
    std::string folder;      ///< where the log file is; empty if none could be opened
    std::string file;        ///< the current log file's full path; empty if none
    bool fallback = false;   ///< true when the exe's folder was not writable and the LOCALAPPDATA one is used
    std::string besideExe;   ///< `<exeDir>\wudoctor-logs`, tried first, whether or not it was writable ("" without exeDir)
    std::string warning;     ///< plain-language warning to show once, empty if none
};

/// A folder to try for the log; fallback = it is not the first choice (Setup::fallback says one was used).
struct Place {
    std::string folder;
    bool fallback = false;
};
/// Opens the log in the first of these folders where the log file really opens for writing; besideExe goes to
/// Setup::besideExe. Calling it again closes the previous file first. Never throws. (Which folders, for this
/// process and its rights: write_places.hpp.)
Setup init(const std::vector<Place>& places, const std::string& besideExe);
/// The same with the usual places: `<exeDir>\wudoctor-logs`, then `<localAppData>\WUDoctor\logs` (UTF-8; either
/// may be empty).
Setup init(const std::string& exeDir, const std::string& localAppData);
/// What the last init() chose (empty before init).
const Setup& current() noexcept;
/// The logger (a null logger before init, so logging is always safe).
spdlog::logger& get();
/// Adds / removes a sink (tests capture lines; they may do so before init).
void addSink(std::shared_ptr<spdlog::sinks::sink> sink);
void removeSink(const std::shared_ptr<spdlog::sinks::sink>& sink);
/// Flushes and closes the file (the log stays usable, as a null logger plus any added sinks).
void shutdown();

/// Structured lines: service, state before/after, duration, result; start-type changes with the old value.
void action(const ActionResult& result);
void startTypeChange(const StartTypeChange& change);
/// The report text (report.hpp), one log line per report line.
void report(std::string_view text);

/// The line action() / startTypeChange() log, without the timestamp prefix (pure; key=value, grep-friendly):
/// `action=restart service=wuauserv result=ok state_before=running state_after=running pid_before=1 ...`
std::string formatAction(const ActionResult& result);
std::string formatStartTypeChange(const StartTypeChange& change);

}  // namespace wud::log

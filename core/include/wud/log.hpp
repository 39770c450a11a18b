#pragma once
// One log for the window and the CLI (spdlog): a rotating file in `wudoctor-logs` beside the exe when
// that folder is writable (the USB stick), else %LOCALAPPDATA%\WUDoctor\logs; no writable place -> keep
// running, warn once. Sinks are injectable so tests can capture log lines.

#include "wud/operations.hpp"

#include <memory>
#include <string>

namespace spdlog { class logger; namespace sinks { class sink; } }

namespace wud::log {

struct Setup {
    std::string folder;      ///< where the log file is; empty if none could be opened
    bool fallback = false;   ///< true when the exe's folder was not writable
    std::string warning;     ///< plain-language warning to show once, empty if none
};

/// Opens the log. exeDir: folder of the running exe; localAppData: %LOCALAPPDATA% (either may be empty).
Setup init(const std::string& exeDir, const std::string& localAppData);
/// The logger (a null logger before init, so logging is always safe).
spdlog::logger& get();
/// Adds a sink (tests).
void addSink(std::shared_ptr<spdlog::sinks::sink> sink);

/// Structured lines: service, state before/after, duration, result; start-type changes with the old value.
void action(const ActionResult& result);
void startTypeChange(const StartTypeChange& change);

}  // namespace wud::log

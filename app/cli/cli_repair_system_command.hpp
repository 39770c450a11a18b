#pragma once
// `wudoctor repair-system [--scan-only] [--source PATH]... [--json]` as data, and what the CLI says about it: the
// exit code, the JSON fields, the text, the progress bar. Pure (no console, no DISM): the host unit tests and the
// fuzzer call it. Running it: cli_repair_system.cpp.

#include "cli_command.hpp"
#include "cli_exit.hpp"
#include "cli_output.hpp"
#include "wud/clock.hpp"
#include "wud/system_repair.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wud::cli {

struct RepairSystemCommand {
    bool scanOnly = false;             ///< --scan-only: DISM scans, SFC /verifyonly; nothing is repaired
    std::vector<std::string> sources;  ///< --source PATH, in order, without duplicates (case-blind)
    bool json = false;
    /// --progress-pipe: serve the progress and the result to the window that started this elevated copy, on a pipe
    /// this process creates and names after itself (win32/repair_channel_pipe.hpp). A switch: the window names nothing.
    bool progressPipe = false;
    friend bool operator==(const RepairSystemCommand&, const RepairSystemCommand&) = default;
};

inline constexpr std::size_t kMaxSources = 16;

/// nullopt when the command line is not repair-system (other parsers handle it); else the command or a usage
/// error (nothing done).
std::optional<std::variant<RepairSystemCommand, UsageError>> parseRepairSystemCommand(std::span<const std::string> args);
/// The arguments that make parseRepairSystemCommand give back `command`: the window's elevated copy runs it so.
std::vector<std::string> toArgs(const RepairSystemCommand& command);

/// 0 healthy or repaired; 1 damage left, failed, cancelled or not available; 2 a source that is not there;
/// 3 administrator rights needed; 7 refused, a restart is pending.
ExitCode repairSystemExitCode(const SystemRepairResult& result) noexcept;

/// The command's own JSON fields (added to the envelope): scan_only, sources, verdict, ok, refused, message,
/// advice, findings (when refused), dism {...}, sfc {...}.
nlohmann::json repairSystemJson(const SystemRepairResult& result, const RepairSystemCommand& command);
/// The closing text: each phase's result (files named), then the verdict and the next step.
std::string repairSystemText(const SystemRepairResult& result);
/// The document and text of a run; a --source that is not there is a usage error (exit 2, nothing ran).
Answer repairSystemAnswer(const RunContext& context, const SystemRepairResult& result, const RepairSystemCommand& command);

/// "03:12" (hours when there are any: "1:03:12").
std::string elapsedText(Millis elapsed);
/// The bar a console redraws in place: "[#########-----------]  47%  Repairing Windows' component store (DISM)
/// 03:12", at most `width` columns (shorter phase text first, then no bar).
std::string progressBar(const RepairProgress& progress, Millis elapsed, std::size_t width);
/// One plain line for a log or a pipe: "DISM: Repairing Windows' component store (DISM) 40% (00:42)".
std::string progressLine(const RepairProgress& progress, Millis elapsed);
/// Whether a plain line is worth writing: a new step, a note, or a percentage in a new tenth.
bool worthALine(const std::optional<RepairProgress>& previous, const RepairProgress& next) noexcept;


}  // namespace wud::cli

#pragma once
// `wudoctor check | detect | repair | remediate | undo | reset-cache` as data: these take finding ids and journal entries, not service names, so
// they parse their own arguments. Pure (no console, no machine): unit tests and the fuzzer can call it.

#include "cli_command.hpp"
#include "cli_exit.hpp"
#include "wud/checks.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wud::cli {

struct RepairsCommand {
    /// Detect: check, with Intune's detection contract (exit 1 = remediate). Remediate: repair what has a safe repair,
    /// then fix (never restarts the computer).
    enum class Kind : std::uint8_t { Check, Repair, Undo, ResetCache, Detect, Remediate } kind = Kind::Check;
    std::vector<std::string> findings;  ///< repair: finding ids (lower case)
    std::vector<int> entries;           ///< undo: journal entry numbers
    bool all = false;                   ///< repair --all / undo --all
    bool last = false;                  ///< undo --last
    bool removeOldBackups = false;      ///< reset-cache --remove-old-backups (deletes, resets nothing)
    bool json = false;
    friend bool operator==(const RepairsCommand&, const RepairsCommand&) = default;
};

/// "check", "repair", "undo", "reset-cache", "detect", "remediate".
std::string_view toId(RepairsCommand::Kind kind) noexcept;

/// nullopt when the command line is not check / repair / undo / reset-cache (cli::parse handles it); else the command or a
/// usage error (nothing done).
std::optional<std::variant<RepairsCommand, UsageError>> parseRepairsCommand(std::span<const std::string> args);

/// Findings as text, most severe first ("PROBLEM  policy.wuserver  ..." with evidence and next step).
std::string findingsText(const std::vector<Finding>& findings, bool colour);
/// `check`'s exit code: ProblemsFound when a finding has severity Problem, else Ok.
ExitCode checkExitCode(const std::vector<Finding>& findings) noexcept;
/// `detect`'s, Intune's detection contract: 1 (remediate) when a finding has severity Problem, else 0 — also when
/// the checks could not run, which the document says ("could_not_check") rather than the exit code.
ExitCode detectExitCode(const std::vector<Finding>& findings) noexcept;

/// The arguments that make parseRepairsCommand give back `command` (parse(toArgs(c)) == c for every valid one):
/// the window's elevated copy runs its Repair and Undo with these.
std::vector<std::string> toArgs(const RepairsCommand& command);


}  // namespace wud::cli

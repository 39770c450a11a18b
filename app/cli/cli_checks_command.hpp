#pragma once
// `wudoctor check | repair | undo | reset-cache` as data: these take finding ids and journal entries, not service names, so
// they parse their own arguments. Pure (no console, no machine): unit tests and the fuzzer can call it.

#include "cli_command.hpp"

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wud::cli {

struct ChecksCommand {
    enum class Kind : std::uint8_t { Check, Repair, Undo, ResetCache } kind = Kind::Check;
    std::vector<std::string> findings;  ///< repair: finding ids (lower case)
    std::vector<int> entries;           ///< undo: journal entry numbers
    bool all = false;                   ///< repair --all / undo --all
    bool last = false;                  ///< undo --last
    bool removeOldBackups = false;      ///< reset-cache --remove-old-backups (deletes, resets nothing)
    bool json = false;
    friend bool operator==(const ChecksCommand&, const ChecksCommand&) = default;
};

/// "check", "repair", "undo", "reset-cache".
std::string_view toId(ChecksCommand::Kind kind) noexcept;

/// nullopt when the command line is not check / repair / undo / reset-cache (cli::parse handles it); else the command or a
/// usage error (nothing done).
std::optional<std::variant<ChecksCommand, UsageError>> parseChecksCommand(std::span<const std::string> args);

/// The arguments that make parseChecksCommand give back `command` (parse(toArgs(c)) == c for every valid one):
/// the window's elevated copy runs its Repair and Undo with these.
std::vector<std::string> toArgs(const ChecksCommand& command);

/// The lines --help adds for these commands.
inline constexpr std::string_view kChecksHelp =
    "  check                          find what blocks Windows Update (exit 6: problems found)\n"
    "  repair <finding>... | --all    repair findings, undo journal first (ids from check)\n"
    "  undo [<entry>... | --last | --all]  put back what repairs changed (no argument: list)\n"
    "  reset-cache                    stop the update services, move SoftwareDistribution, catroot2 and\n"
    "                                 BITS' queue aside (never deleted; undo puts them back), start again\n"
    "                                 (exit 7: refused, a restart is pending)\n"
    "  reset-cache --remove-old-backups  delete the backups older than the last reset's\n";

}  // namespace wud::cli

#pragma once
// Every command wudoctor has, in one table: its name, the family that parses and runs it, and its lines in --help.
// The unknown-command message, --help and the README's command block (checked by a test) all come from here, so a
// new command cannot be missing from any of them. Pure: the host build tests it.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace wud::cli {

/// Which parser takes a command's arguments (each family's own: they take different things).
enum class Family {
    Services,      ///< status, start, stop, restart, fix, start types, troubleshoot, report, log (cli_command.hpp)
    Repairs,       ///< check, detect, repair, remediate, undo, reset-cache: finding ids, journal entries (cli_repairs_command.hpp)
    Info,          ///< explain, history: an error code, --max (cli_info_command.hpp)
    RepairSystem,  ///< repair-system: --scan-only, --source PATH (cli_repair_system_command.hpp)
    Scan,          ///< scan: its own --timeout (cli_scan_command.hpp)
};

struct CommandInfo {
    std::string_view name;      ///< "status"
    Family family;
    std::string_view synopsis;  ///< its --help lines, first column the usage, then what it does
};

/// Every command, in the order --help and the README list them.
std::span<const CommandInfo> allCommands() noexcept;
/// The command with this name (exactly as typed: commands are lower case), or nullopt.
std::optional<CommandInfo> findCommand(std::string_view name) noexcept;
/// "status, start, stop, ...": every command's name, for the unknown-command message.
std::string commandNames();
/// The "Commands" part of --help: every synopsis, indented.
std::string commandsHelp();

}  // namespace wud::cli

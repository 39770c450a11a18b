// The one table of commands (cli_commands.hpp).
#include "cli_commands.hpp"

#include <array>

namespace wud::cli {
namespace {

using enum Family;

constexpr std::array kCommands{
    CommandInfo{"status", Services, "status [--all] [<service>...]  show UsoSvc and wuauserv (--all: every service)"},
    CommandInfo{"start", Services, "start <service>...             start services and wait until they run"},
    CommandInfo{"stop", Services, "stop <service>...              stop services and wait until they have stopped"},
    CommandInfo{"restart", Services, "restart <service>...           stop, then start (dependents too)"},
    CommandInfo{"fix", Services, "fix                            restart Update Orchestrator, then Windows Update"},
    CommandInfo{"repair-start-type", Services,
                "repair-start-type <service>... set Windows' default start type (old value logged)"},
    CommandInfo{"set-start-type", Services,
                "set-start-type <service> <type> set a start type: automatic, automatic_delayed, manual or\n"
                "                                 disabled (old value logged)"},
    CommandInfo{"troubleshoot", Services, "troubleshoot                   open the Windows Update troubleshooter"},
    CommandInfo{"report", Services, "report                         print the report (as the window's Copy report)"},
    CommandInfo{"log", Services, "log                            print the log file's path"},
    CommandInfo{"check", Repairs, "check                          find what blocks Windows Update (exit 6: problems found)"},
    CommandInfo{"detect", Repairs,
                "detect                         check, with Intune's detection exit code: 1 when something needs\n"
                "                                 fixing, 0 otherwise (also when it could not check)"},
    CommandInfo{"repair", Repairs, "repair <finding>... | --all    repair findings, undo journal first (ids from check)"},
    CommandInfo{"remediate", Repairs,
                "remediate                      repair what has a safe repair, then fix; never restarts the computer (a\n"
                "                                 pending restart is reported); exit 0 when nothing is left to fix"},
    CommandInfo{"undo", Repairs,
                "undo [<entry>... | --last | --all]  put back what repairs changed (no argument: list; exit 7:\n"
                "                                 refused, not an entry WU Doctor wrote here)"},
    CommandInfo{"reset-cache", Repairs,
                "reset-cache [--remove-old-backups]\n"
                "                                 stop the update services, move SoftwareDistribution, catroot2 and\n"
                "                                 BITS' queue aside (never deleted; undo puts them back), start again\n"
                "                                 (exit 7: refused, a restart is pending); --remove-old-backups: delete\n"
                "                                 the backups older than the last reset's"},
    CommandInfo{"explain", Info,
                "explain <code>                 what an error code means and what to do (0x8024402F, 8024402F,\n"
                "                                 -2145107921 or 2149859375; 8 digits starting with 8 are hex)"},
    CommandInfo{"history", Info,
                "history [--max N]              the last update results (Windows Update history), failures explained"},
    CommandInfo{"repair-system", RepairSystem,
                "repair-system [--scan-only] [--source PATH]...\n"
                "                                 repair Windows' own files: DISM repairs the component store, then SFC\n"
                "                                 the system files (minutes to half an hour; needs administrator rights;\n"
                "                                 --source X:\\sources\\install.wim from a mounted Windows ISO when DISM\n"
                "                                 cannot get the files; exit 7: refused, a restart is pending)"},
    CommandInfo{"scan", Scan,
                "scan [--timeout S]             check for updates: ask Windows Update itself (nothing is installed;\n"
                "                                 default limit 600 s; exit 4: no answer in time)"},
};

}  // namespace

std::span<const CommandInfo> allCommands() noexcept { return kCommands; }

std::optional<CommandInfo> findCommand(std::string_view name) noexcept {
    for (const CommandInfo& c : kCommands)
        if (c.name == name) return c;
    return std::nullopt;
}

std::string commandNames() {
    std::string names;
    for (const CommandInfo& c : kCommands) names += (names.empty() ? "" : ", ") + std::string(c.name);
    return names;
}

std::string commandsHelp() {
    std::string text;
    for (const CommandInfo& c : kCommands) text += "  " + std::string(c.synopsis) + "\n";
    return text;
}

}  // namespace wud::cli

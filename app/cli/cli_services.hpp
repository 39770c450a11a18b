#pragma once
// The service commands on one computer's SCM: status, start, stop, restart, fix and the start types -> an Answer
// (exit code, JSON document, text). Pure over the ServiceManager interface: this computer's SCM, another's, or the
// fake one per computer in the tests of many computers at once (cli_fleet.hpp).

#include "cli_command.hpp"
#include "cli_output.hpp"

#include "wud/clock.hpp"
#include "wud/operations.hpp"
#include "wud/service_manager.hpp"

#include <cstdint>
#include <functional>
#include <string_view>

namespace wud::cli {

struct ServicesEnv {
    ServiceManager& scm;
    Clock& clock;
    RunContext context;                  ///< context.computer: "" for this computer, else the one asked
    const CancelToken* cancel = nullptr; ///< stops waiting (Ctrl+C, or a computer's time limit)
    std::function<void(std::string_view line)> progress;  ///< progress lines (may be empty)
    std::uint32_t osBuild = 0;           ///< repair-start-type: Windows' default depends on it
    bool colour = false;                 ///< the text in ANSI colours (a console with VT)
};

/// Runs status or an action (start, stop, restart, fix, repair-start-type, set-start-type) and logs each service's
/// result. On another computer, access denied gets the remote UAC note and counts as rights missing there (3).
Answer runServices(const Command& command, ServicesEnv& env);

/// The services `status` shows: --all the catalog, named ones, or UsoSvc and wuauserv.
std::vector<std::string> statusServices(const Command& command);
/// Queries each; required: a named one, or a primary one (its absence counts for the exit code).
std::vector<StatusRow> queryAll(ServiceManager& scm, const std::vector<std::string>& names, bool namedRequired);

}  // namespace wud::cli

#pragma once
// A service command on many computers at once (--computer a,b,c or @file): each computer's SCM connected and
// worked on its own thread, at most --parallel at once, each within --host-timeout (core's runFleet), one
// document per computer in the order given — a --json-line line each as soon as it is known — and a summary.
// Pure over a connect function: the real one opens Windows' remote SCM, the tests give a fake SCM per computer.

#include "cli_command.hpp"
#include "cli_output.hpp"

#include "wud/clock.hpp"
#include "wud/service_manager.hpp"

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace wud::cli {

/// One computer's SCM, as connect() made it; error: why it could not be reached (53, 1722, 1115, 5…), 0 when it was.
struct HostConnection {
    std::unique_ptr<Clock> clock;
    std::unique_ptr<ServiceManager> scm;
    Win32Error error = 0;
};

struct FleetEnv {
    /// Connects to one computer (on that computer's thread: it may block while Windows tries).
    std::function<HostConnection(const std::string& host)> connect;
    RunContext context;                   ///< this computer's (the summary document's envelope)
    const CancelToken* stop = nullptr;    ///< Ctrl+C: no computer starts after it; running ones stop waiting
    /// Each computer's document, in the order given, as soon as it is known (--json-line prints it; text: progress).
    std::function<void(const nlohmann::json& host)> onHost;
    std::uint32_t osBuild = 0;            ///< repair-start-type's default, when a computer's own is not known
    bool colour = false;
};

/// Runs `command` on each of `hosts`. The answer: the worst exit code (3 > 4 > 1 > 5 > 0), a document with every
/// computer's ("hosts") and the summary table; a computer that could not be reached, refused access, passed its time
/// limit or was never started (Ctrl+C) has its own document saying why and what to do.
Answer runFleetCommand(const Command& command, const std::vector<std::string>& hosts, FleetEnv& env);

/// The document of a computer that could not be reached (connect's error): verdict unreachable, access_denied or
/// shutting_down, reachable, error_code, message and advice (5: the remote UAC note).
nlohmann::json unreachableHostJson(const RunContext& context, const Command& command, Win32Error error);

/// The summary table of many computers' documents: computer, verdict, exit code, what happened.
std::string fleetText(const std::vector<nlohmann::json>& hosts, bool stopped, bool colour);

}  // namespace wud::cli

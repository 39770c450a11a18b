#pragma once
// `wudoctor explain <code>` and `wudoctor history` on this computer (parsing, JSON: cli_info_command.hpp).

#include "cli_info_command.hpp"
#include "cli_session.hpp"

namespace wud::cli {

/// Explains the code (the system's message table for Win32 codes) or reads the Windows Update history (not
/// available, with the reason, in a remote logon that the agent refuses).
Answer runInfoCommand(Session& session, const InfoCommand& command);

}  // namespace wud::cli

#pragma once
// `wudoctor scan [--timeout S] [--json]`: parsing, the exit code and the JSON. Pure (no console, no COM): unit tests
// and the fuzzer can call it. Running it: cli_scan.cpp.

#include "cli_command.hpp"
#include "cli_exit.hpp"
#include "cli_output.hpp"
#include "wud/update_scan.hpp"

#include <nlohmann/json.hpp>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wud::cli {

struct ScanCommand {
    std::chrono::seconds timeout{kDefaultScanTimeout};  ///< --timeout S: our own limit for the search (1 to 86400)
    bool json = false;
    friend bool operator==(const ScanCommand&, const ScanCommand&) = default;
};

/// nullopt when the command line is not `scan` (other parsers handle it); else the command or a usage error
/// (nothing done).
std::optional<std::variant<ScanCommand, UsageError>> parseScanCommand(std::span<const std::string> args);

/// 0 answered (with or without errors), 4 timed out, 3 access denied to a process without administrator rights,
/// 1 failed / cancelled / not available on this system.
ExitCode scanExitCode(const ScanResult& result, bool elevated) noexcept;

/// `scan`'s document and text. recordFile: where the result was kept for `report` ("" when it could not be).
/// Its "scan" object says "available" (false: not on this system, or refused to a remote logon) and "reason".
Answer scanAnswer(const RunContext& context, const ScanResult& result, const std::string& recordFile);
/// A search the Windows Update Agent refused with E_ACCESSDENIED to a network logon (BeginSearch / EndSearch are
/// "not available to remote users": Microsoft Learn, "Using WUA From a Remote Computer") is "not available here",
/// with the reason and the way round (cli_info_command.hpp's kRemoteLogonAdvice); anything else as it is.
ScanResult softenForRemoteLogon(ScanResult result, bool networkLogon);

/// `report --json`'s "update_checks": Windows' own record and WU Doctor's last scan (schema in the README).
nlohmann::json updateChecksJson(const UpdateChecksSummary& summary);


}  // namespace wud::cli

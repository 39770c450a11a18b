#pragma once
// `wudoctor explain <code>` and `wudoctor history`: parsing and JSON. Pure (no console, no COM): unit tests and
// the fuzzer can call it. Running them: cli_info.cpp.

#include "cli_command.hpp"
#include "cli_output.hpp"
#include "wud/explain.hpp"
#include "wud/update_history.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace wud::cli {

struct InfoCommand {
    enum class Kind : std::uint8_t { Explain, History } kind = Kind::Explain;
    std::uint32_t code = 0;       ///< explain: the code, as parseErrorCode read it
    std::string input;            ///< explain: the text as typed
    std::size_t maxEntries = 20;  ///< history: --max N (1 to 1000)
    bool json = false;
    friend bool operator==(const InfoCommand&, const InfoCommand&) = default;
};

inline constexpr std::size_t kMaxHistoryEntries = 1000;

/// nullopt when the command line is not explain / history (other parsers handle it); else the command or a
/// usage error (nothing done).
std::optional<std::variant<InfoCommand, UsageError>> parseInfoCommand(std::span<const std::string> args);

/// `explain`'s own JSON fields (added to the envelope).
nlohmann::json explanationJson(const CodeExplanation& e);
/// `explain`'s document and text: 0 known, 1 WU Doctor does not know the code (it still decodes it).
Answer explainAnswer(const RunContext& context, const InfoCommand& command, const CodeExplanation& e);
/// `history`'s document and text: 0 read, 1 not available or stopped part way.
Answer historyAnswer(const RunContext& context, const HistoryResult& history);

/// The way round a remote logon, for the Windows Update Agent's refusals.
inline constexpr std::string_view kRemoteLogonAdvice =
    "Run WU Doctor on that computer as SYSTEM instead (PsExec -s, a scheduled task, Intune), or sign in there.";
/// Over a network logon (PowerShell remoting, PsExec with a user's account, WinRM) the Windows Update Agent refuses
/// some calls with E_ACCESSDENIED (Microsoft Learn, "Using WUA From a Remote Computer": BeginSearch and EndSearch,
/// among others, "are not available to remote users"). Such a refusal is "not available here", with that reason,
/// never a failure that looks like a broken Windows Update. Anything else is returned as it is.
HistoryResult softenForRemoteLogon(HistoryResult history, bool networkLogon);
/// The update history as JSON (`history` and `report --json`'s "update_history").
nlohmann::json historyJson(const HistoryResult& h);


}  // namespace wud::cli

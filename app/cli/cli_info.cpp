#include "cli_info.hpp"

#include "wud/error_text.hpp"
#include "wud/log.hpp"

#include <spdlog/logger.h>

namespace wud::cli {

Answer runInfoCommand(Session& session, const InfoCommand& command) {
    if (command.kind == InfoCommand::Kind::Explain) {
        const CodeExplanation e = explainCode(command.code, [](std::uint32_t code) { return systemMessage(code); });
        log::get().info("explain input={} code={} known={} name={}", quoteForMessage(command.input, 80),
                        hexCode(e.code), e.known, e.name);
        return explainAnswer(session.context(), command, e);
    }
    const HistoryResult h =
        softenForRemoteLogon(makeWindowsUpdateHistory()->query(command.maxEntries), networkLogon());
    log::get().info("history available={} total={} read={} partial={} error={} reason={}", h.available, h.totalCount,
                    h.entries.size(), h.partial, hexCode(h.error), h.available ? h.stoppedReason : h.reason);
    return historyAnswer(session.context(), h);
}

}  // namespace wud::cli

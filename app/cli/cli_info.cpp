#include "cli_info.hpp"

#include "cli_exit.hpp"
#include "cli_output.hpp"
#include "wud/write_places.hpp"
#include "wud/error_text.hpp"
#include "wud/log.hpp"
#include "wud/system.hpp"

#include <spdlog/logger.h>

#include <windows.h>


namespace wud::cli {
namespace {

using nlohmann::json;
using Kind = InfoCommand::Kind;

std::string systemText(std::uint32_t code) { return systemMessage(code); }

std::string computerName() {
    wchar_t buffer[MAX_COMPUTERNAME_LENGTH + 1];
    DWORD size = static_cast<DWORD>(std::size(buffer));
    return GetComputerNameW(buffer, &size) ? narrow(std::wstring_view(buffer, size)) : std::string();
}

}  // namespace

int runInfoCommand(Console& console, const InfoCommand& command, const std::string& exeDir,
                   const std::string& commandLineForLog) {
    const log::Setup setup = openLog(exeDir);
    if (!setup.warning.empty()) console.err("wudoctor: warning: " + setup.warning + "\n");
    log::get().info("{} (version {})", commandLineForLog, WUD_VERSION);

    RunContext context;
    context.appVersion = WUD_VERSION;
    context.localComputerName = computerName();
    context.os = osVersion();
    context.elevated = isElevated();
    const auto emit = [&](const json& d) {
        console.out(d.dump(2, ' ', false, json::error_handler_t::replace) + "\n");
    };

    ExitCode exit = ExitCode::Ok;
    if (command.kind == Kind::Explain) {
        const CodeExplanation e = explainCode(command.code, systemText);
        exit = e.known ? ExitCode::Ok : ExitCode::Failed;
        log::get().info("explain input={} code={} known={} name={}", quoteForMessage(command.input, 80),
                        hexCode(e.code), e.known, e.name);
        if (command.json) {
            json d = envelope(context, Verb::Status, exit);
            d["command"] = "explain";
            d["input"] = command.input;
            d.update(explanationJson(e));
            emit(d);
        } else {
            console.out(explanationText(e));
        }
    } else {
        const HistoryResult h = makeWindowsUpdateHistory()->query(command.maxEntries);
        exit = h.available && !h.partial ? ExitCode::Ok : ExitCode::Failed;
        log::get().info("history available={} total={} read={} partial={} error={} reason={}", h.available,
                        h.totalCount, h.entries.size(), h.partial, hexCode(h.error),
                        h.available ? h.stoppedReason : h.reason);
        if (command.json) {
            json d = envelope(context, Verb::Status, exit);
            d["command"] = "history";
            d["update_history"] = historyJson(h);
            emit(d);
        } else {
            console.out("Last update results (Windows Update history)\n" + historyText(h));
            if (!h.available)
                console.out("Next step: open Settings > Windows Update > Update history to see them there.\n");
        }
    }
    log::get().info("result command={} exit_code={}", command.kind == Kind::Explain ? "explain" : "history",
                    static_cast<int>(exit));
    log::shutdown();
    return static_cast<int>(exit);
}

}  // namespace wud::cli

#include "cli_info_command.hpp"

#include <algorithm>
#include <charconv>

namespace wud::cli {
namespace {

using Kind = InfoCommand::Kind;
using nlohmann::json;

UsageError usage(std::string reason) { return UsageError{std::move(reason)}; }

// "-2145107921" is a code, not an option.
bool looksNegativeNumber(std::string_view a) { return a.size() > 1 && a[0] == '-' && a[1] >= '0' && a[1] <= '9'; }

std::optional<std::size_t> parseMax(std::string_view text) {
    if (text.empty() || text.size() > 4) return std::nullopt;
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 1 || value > kMaxHistoryEntries)
        return std::nullopt;
    return value;
}

}  // namespace

std::optional<std::variant<InfoCommand, UsageError>> parseInfoCommand(std::span<const std::string> args) {
    static constexpr std::array<EnumName<Kind>, 2> kVerbs{{{Kind::Explain, "explain"}, {Kind::History, "history"}}};
    const auto own = ownVerb(args, kVerbs);
    if (!own) return std::nullopt;
    const auto [verbAt, kind] = *own;
    InfoCommand command;
    command.kind = kind;
    const std::string verb(nameOf(kVerbs, kind, "explain"));

    std::vector<std::string> positional;
    const auto takeMax = [&](const std::string& value) -> std::optional<UsageError> {
        const auto max = parseMax(value);
        if (!max)
            return usage("--max must be a whole number from 1 to " + std::to_string(kMaxHistoryEntries) + ", not " +
                         quoteForMessage(value));
        command.maxEntries = *max;
        return std::nullopt;
    };
    OwnArguments walk{verb, {timeoutNotTaken(verb)},
                     [&](const std::string& a) -> std::optional<UsageError> {
                         positional.push_back(a);
                         return std::nullopt;
                     }};
    if (kind == Kind::History) walk.options.push_back({"--max", "a number of entries, e.g. --max 20", takeMax});
    if (kind == Kind::Explain) walk.notAnOption = looksNegativeNumber;
    if (auto refused = walkOwnArguments(args, verbAt, command.json, walk)) return *refused;
    if (command.kind == Kind::History) {
        if (!positional.empty())
            return usage("'history' takes no further arguments, but got " + quoteForMessage(positional.front()));
        return command;
    }
    if (positional.empty()) return usage("'explain' needs an error code, e.g. wudoctor explain 0x80070422");
    if (positional.size() > 1)
        return usage("'explain' takes one error code, but got also " + quoteForMessage(positional[1]));
    const auto code = parseErrorCode(positional.front());
    if (const auto* error = std::get_if<CodeParseError>(&code))
        return usage(quoteForMessage(positional.front()) + ": " + error->reason);
    command.code = std::get<std::uint32_t>(code);
    command.input = positional.front();
    return command;
}

json explanationJson(const CodeExplanation& e) {
    const auto orNull = [](const std::string& s) { return s.empty() ? json(nullptr) : json(s); };
    json j;
    j["code"] = hexCode(e.code);
    j["code_unsigned"] = e.code;
    j["code_signed"] = static_cast<std::int32_t>(e.code);
    j["known"] = e.known;
    j["name"] = orNull(e.name);
    j["meaning"] = orNull(e.meaning);
    j["system_message"] = orNull(e.systemText);
    j["action"] = std::string(toId(e.action));
    j["next_step"] = e.nextStep;
    j["finding"] = orNull(e.findingId);
    j["severity"] = e.decoded.failure ? "failure" : "success";
    j["facility"] = e.decoded.facility;
    j["facility_name"] = e.decoded.facilityName.empty() ? json(nullptr) : json(std::string(e.decoded.facilityName));
    j["facility_code"] = e.decoded.code;
    j["win32_error"] = e.win32 ? json(*e.win32) : json(nullptr);
    return j;
}

Answer explainAnswer(const RunContext& context, const InfoCommand& command, const CodeExplanation& e) {
    const ExitCode exit = e.known ? ExitCode::Ok : ExitCode::Failed;
    Answer answer{exit, envelope(context, "explain", exit, e.known ? "known" : "unknown"), explanationText(e), {}};
    answer.doc["input"] = command.input;
    answer.doc.update(explanationJson(e));
    return answer;
}

Answer historyAnswer(const RunContext& context, const HistoryResult& h) {
    const ExitCode exit = h.available && !h.partial ? ExitCode::Ok : ExitCode::Failed;
    const std::string_view verdict = !h.available ? "not_available" : h.partial ? "partial" : "read";
    Answer answer{exit, envelope(context, "history", exit, verdict),
                  "Last update results (Windows Update history)\n" + historyText(h), {}};
    if (!h.available) answer.text += "Next step: open Settings > Windows Update > Update history to see them there.\n";
    answer.doc["update_history"] = historyJson(h);
    return answer;
}

HistoryResult softenForRemoteLogon(HistoryResult h, bool networkLogon) {
    constexpr std::uint32_t kEAccessDenied = 0x80070005;
    if (!networkLogon || h.error != kEAccessDenied) return h;
    h.available = false;
    h.partial = false;
    h.entries.clear();
    h.reason = "not available in a remote logon: the Windows Update Agent refuses it to a network sign-in "
               "(PowerShell remoting, PsExec with a user's account). " + std::string(kRemoteLogonAdvice);
    return h;
}

json historyJson(const HistoryResult& h) {
    json j;
    j["available"] = h.available;
    j["reason"] = h.available ? json(nullptr) : json(h.reason);
    j["error_code"] = h.error == 0 ? json(nullptr) : json(hexCode(h.error));
    j["total_count"] = h.totalCount;
    j["partial"] = h.partial;
    j["stopped_reason"] = h.partial ? json(h.stoppedReason) : json(nullptr);
    json entries = json::array();
    for (const HistoryEntry& e : h.entries) {
        json item{{"date", e.date},       {"title", e.title},   {"operation", e.operation},
                  {"result", e.result},   {"failed", e.failed}, {"hresult", e.hresult == 0 ? json(nullptr) : json(hexCode(e.hresult))}};
        if (e.failed && e.hresult != 0) {
            const CodeExplanation x = explainCode(e.hresult, nullptr);
            item["explanation"] = {{"name", x.name.empty() ? json(nullptr) : json(x.name)},
                                   {"meaning", x.known ? json(x.meaning) : json(nullptr)},
                                   {"action", std::string(toId(x.action))},
                                   {"next_step", x.nextStep}};
        } else {
            item["explanation"] = nullptr;
        }
        entries.push_back(std::move(item));
    }
    j["entries"] = std::move(entries);
    return j;
}

}  // namespace wud::cli

// The options every command takes (cli_options.hpp).
#include "cli_options.hpp"

#include <algorithm>
#include <charconv>

namespace wud::cli {

std::variant<SplitArguments, UsageError> splitGlobalOptions(std::span<const std::string> args) {
    SplitArguments split;
    bool json = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "--json-line") {
            split.options.jsonLine = true;
        } else if (a == "--log-dir") {
            if (i + 1 >= args.size() || args[i + 1].empty() || args[i + 1].starts_with("-"))
                return UsageError{"--log-dir needs a folder, e.g. --log-dir C:\\ProgramData\\WUDoctor\\logs"};
            if (!split.options.logDir.empty()) return UsageError{"--log-dir is given twice"};
            split.options.logDir = args[++i];
        } else {
            json = json || a == "--json";
            split.rest.push_back(a);
        }
    }
    if (split.options.jsonLine && json) return UsageError{"--json and --json-line: choose one of them"};
    return split;
}

bool wantsJsonLine(std::span<const std::string> args) noexcept {
    return std::find(args.begin(), args.end(), "--json-line") != args.end();
}

std::optional<std::chrono::seconds> parseSeconds(std::string_view text) {
    if (text.empty() || text.size() > 9) return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    const std::chrono::seconds seconds{value};
    if (seconds < std::chrono::seconds{1} || seconds > kMaxTimeout) return std::nullopt;
    return seconds;
}

}  // namespace wud::cli

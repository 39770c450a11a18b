#pragma once
// --json-line: what engines that run a program on many PCs keep of its output. Intune keeps the last stdout line,
// cut to 2,048 characters (MicrosoftDocs/memdocs intune/fundamentals/remediations.md); ConfigMgr's Run Scripts keeps
// 4 KB and shows it as JSON only when it parses; Windows PowerShell 5.1 reads a child's stdout in the OEM code page.
// So: exactly one line, ASCII only (the rest as \uXXXX escapes), at most kMaxJsonLine characters, cut honestly
// ("truncated": true) where a list is long. Pure: a command's --json document in, the line out; the schema is in
// the README ("One line for engines").

#include "cli_exit.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace wud::cli {

/// The longest line, without its "\n": under Intune's 2,048 with room for a "\r\n" and a BOM-less reader's slack.
inline constexpr std::size_t kMaxJsonLine = 2000;

/// The line for a command's --json document: the common fields (schema_version, tool, version, computer, command,
/// exit_code, verdict, log, elevated), then the command's short fields (finding ids, not their evidence). Longer
/// than kMaxJsonLine: the longest lists lose their last items (the most important come first), then the longest
/// texts are cut, and "truncated": true says so. Ends in "\n"; never holds another line break.
std::string jsonLine(const nlohmann::json& document);

/// The line for a usage error (exit 2, nothing done), so an engine that keeps only stdout still sees why.
std::string usageErrorLine(std::string_view appVersion, std::string_view computer, std::string_view reason);

/// The short fields --json-line keeps of a command's document (without the common fields): exposed for tests.
nlohmann::json shortFields(const nlohmann::json& document);

}  // namespace wud::cli

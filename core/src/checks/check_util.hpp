#pragma once
// Small helpers shared by the checks (internal to core/src/checks).

#include "wud/checks.hpp"
#include "wud/text.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wud::checks_detail {

inline std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

/// `KEY\name = value` for evidence lines.
inline std::string valueEvidence(std::string_view key, std::string_view name, const RegValue& value) {
    return std::string(key) + "\\" + std::string(name) + " = " + describeValue(value);
}

/// The folder part of a Windows path ("C:\Windows\System32\x.dll" -> "C:\Windows\System32").
inline std::string folderOf(std::string_view path) {
    const auto slash = path.find_last_of("\\/");
    return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}
inline std::string fileNameOf(std::string_view path) {
    const auto slash = path.find_last_of("\\/");
    return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

/// A finding from its parts, in the order a reader meets them (a repair, where there is one, is added after).
inline Finding finding(std::string id, Severity severity, std::string title, std::vector<std::string> evidence,
                       std::string explanation, std::string nextStep) {
    return Finding{std::move(id), severity, std::move(title), std::move(evidence), std::move(explanation),
                   std::move(nextStep), {}};
}

}  // namespace wud::checks_detail

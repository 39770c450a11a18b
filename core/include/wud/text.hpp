#pragma once
// Small text and environment helpers, one home each: the CLI, the window and the core all use these rather than
// a local copy. The pure ones build (and are tested) on the host; the rest are Windows only.

#include <cstddef>
#include <string>
#include <string_view>

namespace wud {

/// "disabled" -> "Disabled": the first letter in capitals (ASCII; a sentence start or a button label).
std::string capitalised(std::string_view text);

/// The text with ASCII letters in lower case (how Windows compares key, value, service and file names here).
std::string lowerAscii(std::string_view text);

/// Equal but for ASCII case: how Windows compares service names ("WUAUSERV" is wuauserv).
constexpr bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

/// One UTF-8 code point as read at a position.
struct Utf8Char {
    char32_t codePoint = 0;  ///< the code point; for an invalid sequence, the lone byte's value
    std::size_t length = 1;  ///< bytes it takes (an invalid sequence counts as one byte)
    bool valid = true;       ///< false: a stray continuation byte, a bad lead byte or a cut-off sequence
};
/// Decodes the code point that starts at text[at] (at < text.size()). Never reads past the end.
Utf8Char decodeUtf8(std::string_view text, std::size_t at) noexcept;
/// Appends one code point as UTF-8 (the caller passes U+FFFD for what it could not decode).
void appendUtf8(std::string& out, char32_t codePoint);

// ---- Windows only (text_win32.cpp) ----
/// UTF-8 <-> UTF-16.
std::wstring widen(std::string_view utf8);
std::string narrow(std::wstring_view utf16);
/// An environment variable's value (UTF-8); empty when it is not set.
std::string environmentVariable(std::string_view name);
/// The user's local application data folder: %LOCALAPPDATA% first (users and tests can point it elsewhere),
/// else the known folder (SHGetKnownFolderPath); empty if neither says.
std::string localAppData();
/// The machine's program data folder (C:\ProgramData) from the known folder, never the environment: a standard user
/// can set an ALLUSERSPROFILE of their own, and an elevated WU Doctor must not write or move anything there.
std::string programDataFolder();

}  // namespace wud

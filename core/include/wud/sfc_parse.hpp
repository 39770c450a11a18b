#pragma once
// What SFC (sfc.exe, the System File Checker) writes, read as data: its console output — UTF-16LE when
// redirected, progress lines separated by CR, in the user's language — and the `[SR]` lines it leaves in
// %windir%\Logs\CBS\CBS.log, which name each file it repaired or could not repair. Pure: bytes and text in, data
// out (system_repair.hpp runs sfc.exe and reads the log).
//
// Sources: Microsoft Support KB929833 ("Use the System File Checker tool to repair missing or corrupted system
// files": sfc /scannow, the result in CBS.log, `findstr /c:"[SR]"`); KB928228 ("How to analyze the log file entries
// that SFC.exe generates": every SFC entry carries [SR]; "Cannot repair member file [l:34{17}]"Accessibility.dll"
// of Accessibility, ... in the store, file is missing", "Repairing corrupted file
// [ml:520{260},l:36{18}]"\??\C:\Windows\System32"\[l:22{11}]"Example.dll" from store", "Verify complete").
// Windows 10/11 also write "Could not reproject corrupted file ...; source file in store is also corrupted" and
// "Repaired file ... by copying from backup", and quote names with single quotes ([l:11]'wdigest.dll') — forms
// seen in published CBS.log excerpts.
// Microsoft Learn, Windows Commands "sfc", documents /scannow and /verifyonly; sfc's output and exit codes are not
// documented. That it writes UTF-16LE when redirected and separates its progress with CR is observed behaviour
// (and the reason `sfc /scannow > file` gives a "wide" file); the progress line is localized ("Verification 47%
// complete.", "Überprüfung 47 % abgeschlossen.", Turkish "%47").

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// Splits sfc.exe's redirected output into lines as its bytes arrive (pipe reads may cut a character in two).
/// UTF-16LE (sfc's form when redirected; a BOM is skipped) or, should a future sfc write bytes, 8-bit text.
class SfcOutputReader {
public:
    /// The lines (UTF-8, without CR/LF, blank ones dropped) these bytes complete.
    std::vector<std::string> feed(std::string_view bytes);
    /// The last line when the output did not end with CR or LF (call once sfc has exited).
    std::vector<std::string> finish();

private:
    enum class Form : std::uint8_t { Unknown, Utf16, Bytes };
    void take(char32_t c, std::vector<std::string>& lines);
    Form form_ = Form::Unknown;
    std::string pending_;     ///< bytes of an unfinished code unit / the first bytes before the form is known
    char16_t highSurrogate_ = 0;
    std::string line_;        ///< the line so far, UTF-8
};

/// The percentage in one of SFC's progress lines, whatever the language: digits next to a percent sign, either
/// side, with or without a (no-break) space: "Verification 47% complete." / "47 %" / "%47" / "47％" -> 47.
/// ASCII, full-width and Arabic-Indic digits. nullopt when the line holds no 0–100 percentage.
std::optional<int> sfcPercent(std::string_view line);

/// What SFC did to one file, as its [SR] lines say.
enum class SfcFileResult : std::uint8_t {
    Repaired,     ///< "Repairing corrupted file ... from store", "Repaired file ..."
    NotRepaired,  ///< "Cannot repair member file ...", "Could not reproject corrupted file ..."
    Corrupt,      ///< found damaged by a check-only run (/verifyonly): nothing was repaired
};
/// "repaired", "not_repaired", "corrupt".
std::string_view toId(SfcFileResult result) noexcept;

struct SfcFile {
    std::string name;       ///< "wdigest.dll"
    std::string path;       ///< "C:\Windows\System32\wdigest.dll"; empty when the line names only the file
    std::string component;  ///< "Microsoft-Windows-WDigest" for a member file of the store; else empty
    SfcFileResult result = SfcFileResult::NotRepaired;
    friend bool operator==(const SfcFile&, const SfcFile&) = default;
};

/// The [SR] lines of a piece of CBS.log.
struct SfcLogReport {
    std::size_t srLines = 0;      ///< lines tagged [SR]: none means SFC left no result here
    bool complete = false;        ///< a "Verify complete" or "Repair complete" line was among them
    std::vector<SfcFile> files;   ///< each file once (the last line about it decides), in order of first mention
};
/// Reads the [SR] lines of `text` (the part of CBS.log written during one run). A file named by both a name-only
/// line (a store member) and a full path is one file. Lines that are not [SR] are ignored.
SfcLogReport parseSfcLog(std::string_view text);

/// UTF-8 from bytes that should be UTF-8 (CBS.log is ASCII in practice): invalid sequences become U+FFFD.
std::string validUtf8(std::string_view bytes);

}  // namespace wud

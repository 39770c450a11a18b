#pragma once
// `wudoctor explain <code>`: the error codes Windows Update shows (0x8024402F, 0x800F081F...) -> symbolic name,
// plain words and the next step WU Doctor can take. Pure (table + parsing + HRESULT decoding), host-tested; the
// system's message table (FormatMessageW) is asked through errors.hpp's systemMessage(), empty on the host.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

namespace wud {

/// What WU Doctor suggests for a code. The id is stable (JSON "action").
enum class CodeAction : std::uint8_t {
    Fix,             ///< "fix": restart Update Orchestrator, then Windows Update
    RepairServices,  ///< "repair-start-type": a service is disabled: set Windows' default start type
    ResetCache,      ///< "reset-cache": rename SoftwareDistribution and catroot2 aside, then try again
    Check,           ///< "check": run the checks; a finding id names what to look at
    DismSfc,         ///< "dism-sfc": repair the component store / system files (DISM, sfc /scannow)
    Network,         ///< "network": the connection, proxy, firewall or hosts file
    DiskSpace,       ///< "disk-space": free space on the system drive
    Restart,         ///< "restart": restart the computer, then try again
    Wait,            ///< "wait": nothing is broken; try later
    Troubleshooter,  ///< "troubleshoot": Windows' own troubleshooter
    Organisation,    ///< "organisation": the PC is managed (WSUS / policy): ask its administrator
    None,            ///< "none": not an error / nothing to do
};
std::string_view toId(CodeAction action) noexcept;

/// One row of the table (error_codes.cpp, which cites Microsoft's pages).
struct ErrorCodeInfo {
    std::uint32_t code;
    std::string_view name;      ///< WU_E_..., ERROR_..., CBS_E_..., as in the SDK headers
    std::string_view meaning;   ///< plain words
    CodeAction action;
    std::string_view nextStep;  ///< what to do, naming WU Doctor's command / check id
    std::string_view findingId; ///< the check finding that would show the cause ("" = none)
};

/// Every entry of the table (for tests and --help).
std::span<const ErrorCodeInfo> knownErrorCodes() noexcept;
/// The table row for a code, or nullptr.
const ErrorCodeInfo* findErrorCode(std::uint32_t code) noexcept;

/// "Not a number" in plain words: why the text was refused (one line, safe to print after quoting).
struct CodeParseError {
    std::string reason;
};

/// Reads an error code as a user types it:
///  - "0x8024402F" / "0X8024402f": hex with the prefix (1-8 digits);
///  - "8024402F", "c1900101": hex without the prefix when it has a letter A-F (1-8 digits);
///  - "80070002": **the rule for digits only**: exactly 8 digits starting with 8 are hex (the way Windows shows
///    an error without its 0x: the decimal 80,070,002 is no error code anyone meets); any other run of digits is
///    decimal (unsigned, up to 4294967295: "2149859375");
///  - "-2145107921": signed decimal (down to -2147483648), as PowerShell's $LASTEXITCODE and event logs show it.
/// Surrounding spaces are ignored. Anything else is a CodeParseError.
std::variant<std::uint32_t, CodeParseError> parseErrorCode(std::string_view text);

/// An HRESULT's fields.
struct DecodedCode {
    bool failure = false;          ///< severity bit (31)
    bool customer = false;         ///< the customer bit (29)
    std::uint16_t facility = 0;    ///< bits 16-26
    std::uint16_t code = 0;        ///< bits 0-15
    std::string_view facilityName; ///< "WINDOWSUPDATE", "WIN32"...; empty when unknown
};
DecodedCode decodeHresult(std::uint32_t value) noexcept;
/// FACILITY_* name for a facility number ("WIN32" for 7), or empty.
std::string_view facilityName(std::uint16_t facility) noexcept;

/// The Win32 error's symbolic name for the codes WU Doctor knows ("ERROR_ACCESS_DENIED" for 5), or empty.
std::string_view win32ErrorName(std::uint32_t code) noexcept;

/// Everything `explain` says about one code.
struct CodeExplanation {
    std::uint32_t code = 0;       ///< as an HRESULT (a bare Win32 code n < 0x10000 becomes 0x8007xxxx)
    bool known = false;           ///< in the table, or a Win32 code with a name / system message
    std::string name;             ///< symbolic name, empty when unknown
    std::string meaning;          ///< plain words (table, else the system's message), empty when unknown
    CodeAction action = CodeAction::None;
    std::string nextStep;
    std::string findingId;
    std::string systemText;       ///< FormatMessage's text for it (Windows; empty on the host / none)
    DecodedCode decoded;
    std::optional<std::uint32_t> win32; ///< facility 7: the Win32 code inside
};

/// Explains a code. systemMessage(code) is what the system's message table says for a Win32 code (the caller
/// passes wud::systemMessage; tests pass a fake), called only for a facility-7 code or a bare Win32 code.
CodeExplanation explainCode(std::uint32_t code, std::string (*systemMessage)(std::uint32_t) = nullptr);

/// "0x8024402F" (upper case, 8 digits).
std::string hexCode(std::uint32_t code);

/// The explanation as text lines (for the CLI, the report and the window).
std::string explanationText(const CodeExplanation& e);

}  // namespace wud

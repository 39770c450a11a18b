#pragma once
// Reading a DACL written as SDDL (Microsoft Learn, "Security Descriptor String Format" / "ACE Strings"): the entries,
// their rights as a mask, and the well-known SIDs WU Doctor trusts with its own files and keys. Pure: the host tests
// it; the Win32 side only turns descriptors into SDDL.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace wud {

/// One access control entry: "(A;OICI;FA;;;BA)" -> type "A", flags "OICI", rights 0x1F01FF, sid "BA".
struct Ace {
    std::string type;
    std::string flags;
    std::uint32_t rights = 0;
    std::string sid;
    [[nodiscard]] bool allows() const noexcept { return type == "A" || type == "OA"; }
    /// Only passed on to children (IO): says nothing about the object itself.
    [[nodiscard]] bool inheritOnly() const noexcept { return flags.find("IO") != std::string::npos; }
};

/// The DACL's entries; nullopt when there is no DACL part, a NULL DACL ("NO_ACCESS_CONTROL": everyone may do
/// anything), or text this reader does not understand (the caller then assumes the worst).
std::optional<std::vector<Ace>> daclAces(std::string_view sddl);
/// An ACE's rights field: "0x1200a9", or two-letter tokens ("FA", "GRGW", "CCDCLCSWRPWPDTLOCRSDRCWDWO"); nullopt for
/// a token it does not know.
std::optional<std::uint32_t> rightsMask(std::string_view rights);

/// SYSTEM, Administrators or TrustedInstaller (by alias or full SID): who may own and change WU Doctor's own places.
bool trustedSid(std::string_view sid) noexcept;

/// Rights that let someone put a file in a folder, replace or delete one, or change the folder's permissions or
/// owner: write/add file, append/add folder, delete child, delete, WRITE_DAC, WRITE_OWNER, GENERIC_WRITE / ALL.
inline constexpr std::uint32_t kWriteRights = 0x2 | 0x4 | 0x40 | 0x10000 | 0x40000 | 0x80000 | 0x40000000 | 0x10000000;

}  // namespace wud

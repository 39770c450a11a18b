// SDDL reading (sddl.hpp). Tokens and masks: Microsoft Learn, "ACE Strings" (the generic, standard, file and key
// rights) and winnt.h.
#include "wud/sddl.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

namespace wud {
namespace {

constexpr std::array<std::pair<std::string_view, std::uint32_t>, 25> kRights{{
    {"GA", 0x10000000}, {"GR", 0x80000000}, {"GW", 0x40000000}, {"GX", 0x20000000},
    {"RC", 0x20000},    {"SD", 0x10000},    {"WD", 0x40000},    {"WO", 0x80000},
    {"RP", 0x10},       {"WP", 0x20},       {"CC", 0x1},        {"DC", 0x2},
    {"LC", 0x4},        {"SW", 0x8},        {"LO", 0x80},       {"DT", 0x40},
    {"CR", 0x100},      {"FA", 0x1F01FF},   {"FR", 0x120089},   {"FW", 0x120116},
    {"FX", 0x1200A0},   {"KA", 0xF003F},    {"KR", 0x20019},    {"KW", 0x20006},
    {"KX", 0x20019},
}};

}  // namespace

std::optional<std::uint32_t> rightsMask(std::string_view rights) {
    if (rights.starts_with("0x") || rights.starts_with("0X")) {
        std::uint32_t mask = 0;
        const auto [end, error] = std::from_chars(rights.data() + 2, rights.data() + rights.size(), mask, 16);
        if (error != std::errc() || end != rights.data() + rights.size()) return std::nullopt;
        return mask;
    }
    if (rights.size() % 2 != 0) return std::nullopt;
    std::uint32_t mask = 0;
    for (std::size_t at = 0; at < rights.size(); at += 2) {
        const std::string_view token = rights.substr(at, 2);
        bool known = false;
        for (const auto& [name, bits] : kRights)
            if (name == token) {
                mask |= bits;
                known = true;
            }
        if (!known) return std::nullopt;
    }
    return mask;
}

std::optional<std::vector<Ace>> daclAces(std::string_view sddl) {
    const auto start = sddl.find("D:");
    if (start == std::string_view::npos) return std::nullopt;
    std::string_view rest = sddl.substr(start + 2);
    // The DACL's flags (P, AI, AR) come before its first entry; NO_ACCESS_CONTROL is a NULL DACL.
    const std::string_view flags = rest.substr(0, std::min(rest.find('('), rest.find("S:")));
    if (flags.find("NO_ACCESS_CONTROL") != std::string_view::npos) return std::nullopt;
    rest.remove_prefix(flags.size());
    std::vector<Ace> aces;
    while (!rest.empty() && rest.front() == '(') {
        const auto close = rest.find(')');
        if (close == std::string_view::npos) return std::nullopt;
        std::string_view ace = rest.substr(1, close - 1);
        std::array<std::string_view, 6> fields{};
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const auto semicolon = ace.find(';');
            const bool last = i + 1 == fields.size();
            if ((semicolon == std::string_view::npos) != last) return std::nullopt;  // five separators, no more
            fields[i] = ace.substr(0, semicolon);
            if (!last) ace.remove_prefix(semicolon + 1);
        }
        const auto mask = rightsMask(fields[2]);
        if (!mask) return std::nullopt;
        aces.push_back(Ace{std::string(fields[0]), std::string(fields[1]), *mask, std::string(fields[5])});
        rest.remove_prefix(close + 1);
    }
    // Only the SACL may follow the DACL's entries.
    if (!rest.empty() && !rest.starts_with("S:")) return std::nullopt;
    return aces;
}

bool trustedSid(std::string_view sid) noexcept {
    return sid == "SY" || sid == "S-1-5-18" || sid == "BA" || sid == "S-1-5-32-544" ||
           sid == "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";  // NT SERVICE\TrustedInstaller
}

}  // namespace wud

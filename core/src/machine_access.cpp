// The platform-neutral half of machine_access.hpp: value helpers and path expansion.
#include "wud/machine_access.hpp"

#include "wud/text.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

namespace wud {
namespace {

// UTF-8 -> UTF-16LE bytes and back, without <windows.h> (the host build has none). Invalid input becomes U+FFFD.
void appendUtf16(std::vector<std::uint8_t>& out, char32_t cp) {
    auto unit = [&](std::uint16_t u) {
        out.push_back(static_cast<std::uint8_t>(u & 0xFF));
        out.push_back(static_cast<std::uint8_t>(u >> 8));
    };
    if (cp >= 0x10000) {
        cp -= 0x10000;
        unit(static_cast<std::uint16_t>(0xD800 + (cp >> 10)));
        unit(static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
        unit(static_cast<std::uint16_t>(cp));
    }
}

std::vector<std::uint8_t> utf16le(std::string_view utf8) {
    std::vector<std::uint8_t> out;
    for (std::size_t i = 0; i < utf8.size();) {
        const Utf8Char c = decodeUtf8(utf8, i);
        appendUtf16(out, c.valid ? c.codePoint : 0xFFFD);
        i += c.length;
    }
    return out;
}

// The UTF-16LE strings in `data`, split at NULs (a REG_SZ gives one; a REG_MULTI_SZ several).
std::vector<std::string> utf16Strings(const std::vector<std::uint8_t>& data) {
    std::vector<std::string> strings(1);
    for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
        char32_t u = data[i] | (data[i + 1] << 8);
        if (u == 0) {
            strings.emplace_back();
            continue;
        }
        if (u >= 0xD800 && u < 0xDC00 && i + 3 < data.size()) {
            const char32_t low = data[i + 2] | (data[i + 3] << 8);
            if (low >= 0xDC00 && low < 0xE000) {
                u = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                i += 2;
            }
        }
        appendUtf8(strings.back(), u);
    }
    while (!strings.empty() && strings.back().empty()) strings.pop_back();
    return strings;
}

}  // namespace

RegValue regString(std::string_view utf8, std::uint32_t type) {
    RegValue value{type, utf16le(utf8)};
    value.data.push_back(0);
    value.data.push_back(0);
    return value;
}

RegValue regDword(std::uint32_t v) {
    return RegValue{kRegDword, {static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                                static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24)}};
}

std::optional<std::string> asString(const RegValue& value) {
    if (value.type == kRegSz || value.type == kRegExpandSz) {
        // Up to the first NUL, as Windows reads a REG_SZ.
        std::vector<std::uint8_t> upToNul;
        for (std::size_t i = 0; i + 1 < value.data.size(); i += 2) {
            if (value.data[i] == 0 && value.data[i + 1] == 0) break;
            upToNul.push_back(value.data[i]);
            upToNul.push_back(value.data[i + 1]);
        }
        const auto first = utf16Strings(upToNul);
        return first.empty() ? std::string() : first.front();
    }
    if (value.type == kRegMultiSz) {
        std::string joined;
        for (const std::string& s : utf16Strings(value.data)) joined += (joined.empty() ? "" : ";") + s;
        return joined;
    }
    return std::nullopt;
}

std::vector<std::string> multiStrings(const RegValue& value) {
    if (value.type != kRegMultiSz) return {};
    return utf16Strings(value.data);
}

std::optional<std::uint32_t> asDword(const RegValue& value) {
    if (value.type == kRegDword && value.data.size() >= 4)
        return value.data[0] | (value.data[1] << 8) | (value.data[2] << 16) | (static_cast<std::uint32_t>(value.data[3]) << 24);
    if (value.type == kRegQword && value.data.size() >= 8) {
        for (std::size_t i = 4; i < 8; ++i)
            if (value.data[i] != 0) return std::nullopt;
        return value.data[0] | (value.data[1] << 8) | (value.data[2] << 16) | (static_cast<std::uint32_t>(value.data[3]) << 24);
    }
    if (const auto text = asString(value); text && !text->empty() && text->size() <= 9 &&
                                           std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; }))
        return static_cast<std::uint32_t>(std::stoul(*text));
    return std::nullopt;
}

std::string regTypeName(std::uint32_t type) {
    switch (type) {
    case kRegSz: return "REG_SZ";
    case kRegExpandSz: return "REG_EXPAND_SZ";
    case kRegBinary: return "REG_BINARY";
    case kRegDword: return "REG_DWORD";
    case kRegMultiSz: return "REG_MULTI_SZ";
    case kRegQword: return "REG_QWORD";
    default: return "type " + std::to_string(type);
    }
}

std::string describeValue(const RegValue& value) {
    if (const auto text = asString(value)) return "\"" + *text + "\" (" + regTypeName(value.type) + ")";
    if (value.type == kRegDword || value.type == kRegQword)
        if (const auto number = asDword(value)) return std::to_string(*number) + " (" + regTypeName(value.type) + ")";
    return std::to_string(value.data.size()) + " bytes (" + regTypeName(value.type) + ")";
}

std::string toHex(std::string_view bytes) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        out += kDigits[b >> 4];
        out += kDigits[b & 0xF];
    }
    return out;
}

std::optional<std::string> fromHex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    auto digit = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = digit(hex[i]), lo = digit(hex[i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>((hi << 4) | lo);
    }
    return out;
}

std::string expandPath(std::string_view path, MachineAccess& machine) {
    std::string out;
    for (std::size_t i = 0; i < path.size();) {
        if (path[i] == '%') {
            const auto end = path.find('%', i + 1);
            if (end != std::string_view::npos) {
                const std::string name = lowerAscii(path.substr(i + 1, end - i - 1));
                if (name == "systemroot" || name == "windir") {
                    out += machine.systemRoot();
                    i = end + 1;
                    continue;
                }
            }
        }
        out += path[i++];
    }
    return out;
}

}  // namespace wud

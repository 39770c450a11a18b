// SFC's console output and its [SR] lines in CBS.log, read as data (sfc_parse.hpp has the sources).
#include "wud/sfc_parse.hpp"

#include "wud/enum_names.hpp"
#include "wud/text.hpp"

#include <algorithm>
#include <array>

namespace wud {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

bool isBlank(char c) { return c == ' ' || c == '\t'; }

std::string trimmed(std::string_view text) {
    while (!text.empty() && isBlank(text.front())) text.remove_prefix(1);
    while (!text.empty() && isBlank(text.back())) text.remove_suffix(1);
    return std::string(text);
}

void endLine(std::string& line, std::vector<std::string>& lines) {
    std::string text = trimmed(line);
    line.clear();
    if (!text.empty()) lines.push_back(std::move(text));
}

// ---- percentages

/// 0-9 for a decimal digit SFC may print (ASCII, full-width, Arabic-Indic, extended Arabic-Indic), else -1.
int digitValue(char32_t c) {
    if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
    for (const char32_t zero : {char32_t{0xFF10}, char32_t{0x0660}, char32_t{0x06F0}})
        if (c >= zero && c <= zero + 9) return static_cast<int>(c - zero);
    return -1;
}
bool isPercentSign(char32_t c) { return c == U'%' || c == 0xFF05 || c == 0x066A; }
/// Spaces a localized "47 %" may hold: space, no-break space, narrow no-break space, thin space.
bool isGap(char32_t c) { return c == U' ' || c == 0x00A0 || c == 0x202F || c == 0x2009; }
bool isDecimalMark(char32_t c) { return c == U'.' || c == U',' || c == 0x066B; }

std::vector<char32_t> codePoints(std::string_view utf8) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < utf8.size();) {
        const Utf8Char c = decodeUtf8(utf8, i);
        out.push_back(c.valid ? c.codePoint : kReplacement);
        i += c.length;
    }
    return out;
}

// ---- [SR] lines

/// The words that name a file in an [SR] line, what they mean, and where the file's name ends.
struct SrPattern {
    std::string_view lead;
    std::string_view end;  ///< the name runs up to here (or to the end of the line)
    SfcFileResult result;
    bool member;           ///< a member file of the component store: a bare name, then " of <component>, ..."
};
constexpr std::array kSrPatterns{
    SrPattern{"Cannot repair member file ", " of ", SfcFileResult::NotRepaired, true},
    SrPattern{"Could not reproject corrupted file ", ";", SfcFileResult::NotRepaired, false},
    SrPattern{"Repairing corrupted file ", " from store", SfcFileResult::Repaired, false},
    SrPattern{"Repaired file ", " by ", SfcFileResult::Repaired, false},
};

/// `[ml:520{260},l:36{18}]"\??\C:\Windows\System32"\[l:22{11}]"Example.dll"` -> `C:\Windows\System32\Example.dll`:
/// CBS's length annotations and quotes out, doubled backslashes single, the NT `\??\` prefix off.
std::string cleanName(std::string_view text) {
    std::string out;
    int depth = 0;
    for (const char c : text) {
        if (c == '[') ++depth;
        else if (c == ']' && depth > 0) --depth;
        else if (depth == 0 && c != '"' && c != '\'') out += c;
    }
    std::string single;
    for (const char c : out)
        if (!(c == '\\' && !single.empty() && single.back() == '\\')) single += c;
    if (single.starts_with("\\??\\")) single.erase(0, 4);
    return trimmed(single);
}

std::string_view baseName(std::string_view path) {
    const auto slash = path.find_last_of('\\');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

void record(std::vector<SfcFile>& files, SfcFile file) {
    const auto same = [&](const SfcFile& known) {
        if (!known.path.empty() && !file.path.empty()) return equalsIgnoreCase(known.path, file.path);
        return equalsIgnoreCase(known.name, file.name);
    };
    const auto it = std::find_if(files.begin(), files.end(), same);
    if (it == files.end()) {
        files.push_back(std::move(file));
        return;
    }
    it->result = file.result;  // the last line about a file decides
    if (it->path.empty()) it->path = std::move(file.path);
    if (it->component.empty()) it->component = std::move(file.component);
}

std::size_t findIgnoreCase(std::string_view text, std::string_view word) {
    if (word.size() > text.size()) return std::string_view::npos;
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i)
        if (equalsIgnoreCase(text.substr(i, word.size()), word)) return i;
    return std::string_view::npos;
}

}  // namespace

// ---------------------------------------------------------------------------------------------- output

void SfcOutputReader::take(char32_t c, std::vector<std::string>& lines) {
    if (c == U'\r' || c == U'\n') endLine(line_, lines);
    else if (c != 0) appendUtf8(line_, c);
}

std::vector<std::string> SfcOutputReader::feed(std::string_view bytes) {
    std::vector<std::string> lines;
    std::string data = pending_;
    data.append(bytes);
    pending_.clear();
    std::size_t i = 0;
    if (form_ == Form::Unknown) {
        if (data.size() < 2) {
            pending_ = std::move(data);
            return lines;
        }
        if (static_cast<unsigned char>(data[0]) == 0xFF && static_cast<unsigned char>(data[1]) == 0xFE) {
            form_ = Form::Utf16;
            i = 2;
        } else {
            // UTF-16LE text of SFC's (Latin, digits, CR) has a zero high byte in its first character.
            form_ = data[1] == '\0' ? Form::Utf16 : Form::Bytes;
        }
    }
    if (form_ == Form::Bytes) {
        for (; i < data.size(); ++i) {
            if (data[i] == '\r' || data[i] == '\n') {
                std::string text = validUtf8(line_);
                line_.clear();
                endLine(text, lines);
            } else if (data[i] != '\0') {
                line_ += data[i];
            }
        }
        return lines;
    }
    for (; i + 1 < data.size(); i += 2) {
        const auto unit = static_cast<char16_t>(static_cast<unsigned char>(data[i]) |
                                                (static_cast<unsigned char>(data[i + 1]) << 8));
        if (highSurrogate_ != 0) {
            const char16_t high = highSurrogate_;
            highSurrogate_ = 0;
            if (unit >= 0xDC00 && unit <= 0xDFFF) {
                take(0x10000 + ((static_cast<char32_t>(high) - 0xD800) << 10) + (unit - 0xDC00), lines);
                continue;
            }
            take(kReplacement, lines);
        }
        if (unit >= 0xD800 && unit <= 0xDBFF) highSurrogate_ = unit;
        else if (unit >= 0xDC00 && unit <= 0xDFFF) take(kReplacement, lines);
        else take(unit, lines);
    }
    if (i < data.size()) pending_ = data.substr(i);  // half a code unit: the next read brings the other half
    return lines;
}

std::vector<std::string> SfcOutputReader::finish() {
    std::vector<std::string> lines;
    if (highSurrogate_ != 0 || !pending_.empty()) appendUtf8(line_, kReplacement);
    highSurrogate_ = 0;
    pending_.clear();
    std::string text = form_ == Form::Bytes ? validUtf8(line_) : line_;
    line_.clear();
    endLine(text, lines);
    return lines;
}

std::optional<int> sfcPercent(std::string_view line) {
    const std::vector<char32_t> c = codePoints(line);
    std::optional<int> found;
    for (std::size_t i = 0; i < c.size();) {
        if (digitValue(c[i]) < 0) {
            ++i;
            continue;
        }
        // A number: digits, maybe a decimal part ("47.5 %": the whole percent is 47).
        const std::size_t begin = i;
        long value = 0;
        while (i < c.size() && digitValue(c[i]) >= 0) {
            value = std::min(value * 10 + digitValue(c[i]), 1000L);
            ++i;
        }
        if (i + 1 < c.size() && isDecimalMark(c[i]) && digitValue(c[i + 1]) >= 0)
            for (++i; i < c.size() && digitValue(c[i]) >= 0;) ++i;
        std::size_t after = i;
        while (after < c.size() && isGap(c[after])) ++after;
        bool percent = after < c.size() && isPercentSign(c[after]);
        if (!percent && begin > 0) {  // "%47" (Turkish puts the sign first)
            std::size_t before = begin;
            while (before > 0 && isGap(c[before - 1])) --before;
            percent = before > 0 && isPercentSign(c[before - 1]);
        }
        if (percent && value <= 100) found = static_cast<int>(value);
    }
    return found;
}

// ---------------------------------------------------------------------------------------------- CBS.log

constexpr auto kSfcFileResultIds = enumNames<SfcFileResult::Corrupt>({
    {SfcFileResult::Repaired, "repaired"}, {SfcFileResult::NotRepaired, "not_repaired"},
    {SfcFileResult::Corrupt, "corrupt"}
});

std::string_view toId(SfcFileResult result) noexcept { return nameOf(kSfcFileResultIds, result, "not_repaired"); }

std::string validUtf8(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        const Utf8Char c = decodeUtf8(bytes, i);
        if (c.valid) out.append(bytes.substr(i, c.length));
        else appendUtf8(out, kReplacement);
        i += c.length;
    }
    return out;
}

SfcLogReport parseSfcLog(std::string_view text) {
    SfcLogReport report;
    while (!text.empty()) {
        const auto newline = text.find('\n');
        std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        const auto tag = line.find("[SR]");
        if (tag == std::string_view::npos) continue;
        ++report.srLines;
        const std::string rest = validUtf8(line.substr(tag + 4));
        if (findIgnoreCase(rest, "Verify complete") != std::string::npos ||
            findIgnoreCase(rest, "Repair complete") != std::string::npos)
            report.complete = true;
        for (const SrPattern& p : kSrPatterns) {
            const auto at = findIgnoreCase(rest, p.lead);
            if (at == std::string::npos) continue;
            std::string_view subject = std::string_view(rest).substr(at + p.lead.size());
            std::string_view tail;
            if (const auto end = findIgnoreCase(subject, p.end); end != std::string::npos) {
                tail = subject.substr(end + p.end.size());
                subject = subject.substr(0, end);
            }
            const std::string cleaned = cleanName(subject);
            if (cleaned.empty()) break;
            SfcFile file;
            file.name = std::string(baseName(cleaned));
            file.result = p.result;
            if (p.member) file.component = trimmed(tail.substr(0, tail.find(',')));
            else if (cleaned.find('\\') != std::string::npos) file.path = cleaned;
            record(report.files, std::move(file));
            break;
        }
    }
    return report;
}

}  // namespace wud

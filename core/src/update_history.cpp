// The pure half of update_history.hpp: reading in chunks, names, dates, text. The COM half is
// update_history_win32.cpp.
#include "wud/update_history.hpp"

#include "wud/error_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace wud {

std::string_view operationName(int op) noexcept {
    // UpdateOperation (wuapi.h): uoInstallation = 1, uoUninstallation = 2.
    return op == 1 ? "installation" : op == 2 ? "uninstallation" : "other";
}

std::string_view resultName(int code) noexcept {
    // OperationResultCode (wuapi.h): orcNotStarted 0, orcInProgress 1, orcSucceeded 2, orcSucceededWithErrors 3,
    // orcFailed 4, orcAborted 5.
    switch (code) {
        case 0: return "not started";
        case 1: return "in progress";
        case 2: return "succeeded";
        case 3: return "succeeded with errors";
        case 4: return "failed";
        case 5: return "aborted";
        default: return "unknown";
    }
}

std::string oleDateText(double date) {
    // DATE: days since 1899-12-30 00:00, the fraction is the time of day. Range: years 1900-9999.
    if (!std::isfinite(date) || date < 1.0 || date > 2958465.0) return {};
    const auto minutes = static_cast<long long>(std::llround(date * 24.0 * 60.0));
    long long days = minutes / (24 * 60);
    const int minuteOfDay = static_cast<int>(minutes % (24 * 60));
    // Days since 1899-12-30 -> days since 1970-01-01, then the civil date (Howard Hinnant's days_from_civil,
    // inverted).
    long long z = days - 25569 + 719468;
    const long long era = (z >= 0 ? z : z - 146096) / 146097;
    const long long doe = z - era * 146097;
    const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long long mp = (5 * doy + 2) / 153;
    const long long d = doy - (153 * mp + 2) / 5 + 1;
    const long long m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d", static_cast<int>(y), static_cast<int>(m),
                  static_cast<int>(d), minuteOfDay / 60, minuteOfDay % 60);
    return text;
}

namespace {

std::string reasonFor(std::uint32_t hr, bool partWay) {
    if (hr == kENotImpl)
        return partWay ? "the Windows Update Agent stopped answering (it does not implement the history query)"
                       : "not available on this system: its Windows Update Agent does not keep an update history "
                         "WU Doctor can read (E_NOTIMPL; Wine is one such system)";
    const CodeExplanation e = explainCode(hr, nullptr);
    std::string what = hexCode(hr);
    if (!e.name.empty()) what += " " + e.name;
    return std::string(partWay ? "the Windows Update Agent failed part way" : "the Windows Update Agent could not "
                                                                              "be asked") +
           " (" + what + ")" + (e.meaning.empty() ? std::string() : ": " + e.meaning);
}

}  // namespace

HistoryResult readHistory(HistorySource& source, std::size_t maxEntries, std::size_t chunk) {
    HistoryResult result;
    if (chunk == 0) chunk = 1;
    std::size_t total = 0;
    if (const std::uint32_t hr = source.totalCount(total); hr != 0) {
        result.error = hr;
        result.reason = reasonFor(hr, false);
        return result;
    }
    result.available = true;
    result.totalCount = total;
    const std::size_t wanted = std::min(total, maxEntries);
    while (result.entries.size() < wanted) {
        const std::size_t start = result.entries.size();
        const std::size_t count = std::min(chunk, wanted - start);
        std::vector<HistoryEntry> piece;
        const std::uint32_t hr = source.read(start, count, piece);
        for (HistoryEntry& e : piece)
            if (result.entries.size() < wanted) result.entries.push_back(std::move(e));
        if (hr != 0 || piece.empty()) {
            result.error = hr;
            if (result.entries.empty()) {
                // Nothing read at all: not an empty history, an unreadable one.
                result.available = false;
                result.reason = hr != 0 ? reasonFor(hr, false)
                                        : "the Windows Update Agent said it has " + std::to_string(total) +
                                              " entries but returned none";
            } else {
                result.partial = true;
                result.stoppedReason =
                    "stopped after " + std::to_string(result.entries.size()) + " of " + std::to_string(wanted) +
                    " entries: " +
                    (hr != 0 ? reasonFor(hr, true) : std::string("the Windows Update Agent returned no more"));
            }
            break;
        }
    }
    return result;
}

std::string historyText(const HistoryResult& h, std::string_view indent) {
    const std::string in(indent);
    if (!h.available) return in + "Update history " + h.reason + ".\n";
    std::string out;
    if (h.entries.empty()) return in + "No updates recorded yet (the history is empty).\n";
    std::size_t failed = 0;
    for (const HistoryEntry& e : h.entries) failed += e.failed ? 1 : 0;
    out += in + "Last " + std::to_string(h.entries.size()) + " of " + std::to_string(h.totalCount) + " entries, " +
           std::to_string(failed) + " failed:\n";
    for (const HistoryEntry& e : h.entries) {
        out += in + (e.date.empty() ? std::string("(date unknown)") : e.date) + "  " + e.result + "  " +
               e.operation + "  " + e.title + "\n";
        if (e.failed && e.hresult != 0) {
            const CodeExplanation x = explainCode(e.hresult, nullptr);
            out += in + "    " + hexCode(e.hresult) + (x.name.empty() ? "" : " " + x.name) + ": " +
                   (x.known ? x.meaning : std::string("a code WU Doctor does not know")) + "\n";
            out += in + "    Next step: " + x.nextStep + "\n";
        }
    }
    if (h.partial) out += in + "Incomplete: " + h.stoppedReason + ".\n";
    return out;
}

}  // namespace wud

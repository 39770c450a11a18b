// The last update results: readHistory() over a fake source standing for the Windows Update Agent
// (IUpdateSearcher::GetTotalHistoryCount / QueryHistory). What each fake stands for is said in its test.
#include "wud/update_history.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace wud;
using Catch::Matchers::Contains;

namespace {

/// The agent's history as a list; it can fail GetTotalHistoryCount, or fail a QueryHistory call from a given
/// start on (returning what it read of that chunk before failing).
class FakeHistorySource final : public HistorySource {
public:
    std::vector<HistoryEntry> all;
    std::uint32_t countError = 0;
    std::size_t failFrom = static_cast<std::size_t>(-1);  ///< the first index whose read fails
    std::uint32_t readError = 0x80072EE2;
    std::vector<std::pair<std::size_t, std::size_t>> calls;

    std::uint32_t totalCount(std::size_t& count) override {
        if (countError != 0) return countError;
        count = all.size();
        return 0;
    }
    std::uint32_t read(std::size_t start, std::size_t count, std::vector<HistoryEntry>& out) override {
        calls.emplace_back(start, count);
        for (std::size_t i = start; i < start + count && i < all.size(); ++i) {
            if (i >= failFrom) return readError;
            out.push_back(all[i]);
        }
        return 0;
    }
};

HistoryEntry entry(int n, bool failed = false, std::uint32_t hr = 0) {
    HistoryEntry e;
    e.date = "2024-05-" + std::string(n < 10 ? "0" : "") + std::to_string(n) + " 10:00";
    e.title = "Update " + std::to_string(n);
    e.operation = "installation";
    e.result = failed ? "failed" : "succeeded";
    e.hresult = hr;
    e.failed = failed;
    return e;
}

}  // namespace

TEST_CASE("Update history: a full read in chunks of 10, failed entries explained", "[history]") {
    // Stands for a healthy Windows PC with 23 history entries, two of them failures.
    FakeHistorySource source;
    for (int i = 1; i <= 23; ++i) source.all.push_back(entry(i, i == 2 || i == 15, i == 2 ? 0x80070422 : i == 15 ? 0x8024402F : 0));
    const HistoryResult r = readHistory(source, 25);
    CHECK(r.available);
    CHECK_FALSE(r.partial);
    CHECK(r.totalCount == 23);
    REQUIRE(r.entries.size() == 23);
    CHECK(source.calls == std::vector<std::pair<std::size_t, std::size_t>>{{0, 10}, {10, 10}, {20, 3}});
    const std::string text = historyText(r);
    CHECK_THAT(text, Contains("Last 23 of 23 entries, 2 failed"));
    CHECK_THAT(text, Contains("0x80070422 ERROR_SERVICE_DISABLED"));
    CHECK_THAT(text, Contains("repair-start-type"));
    CHECK_THAT(text, Contains("0x8024402F WU_E_PT_ECP_SUCCEEDED_WITH_ERRORS"));
}

TEST_CASE("Update history: maxEntries caps what is read", "[history]") {
    FakeHistorySource source;
    for (int i = 1; i <= 30; ++i) source.all.push_back(entry(i));
    const HistoryResult r = readHistory(source, 12);
    CHECK(r.entries.size() == 12);
    CHECK(r.totalCount == 30);
    CHECK(source.calls == std::vector<std::pair<std::size_t, std::size_t>>{{0, 10}, {10, 2}});
    CHECK_THAT(historyText(r), Contains("Last 12 of 30 entries, 0 failed"));
}

TEST_CASE("Update history: a chunk failing part way keeps what was read and says it stopped", "[history]") {
    // Stands for QueryHistory failing on a damaged DataStore.edb after some entries were read.
    FakeHistorySource source;
    for (int i = 1; i <= 25; ++i) source.all.push_back(entry(i));
    source.failFrom = 14;
    const HistoryResult r = readHistory(source, 25);
    CHECK(r.available);
    CHECK(r.partial);
    CHECK(r.entries.size() == 14);
    CHECK(r.error == 0x80072EE2u);
    CHECK_THAT(r.stoppedReason, Contains("stopped after 14 of 25 entries"));
    CHECK_THAT(historyText(r), Contains("Incomplete: stopped after 14 of 25"));
}

TEST_CASE("Update history: E_NOTIMPL (Wine's agent) is 'not available', never an empty list", "[history]") {
    // Stands for Wine 8's wuapi: GetTotalHistoryCount and QueryHistory return E_NOTIMPL.
    FakeHistorySource source;
    source.countError = kENotImpl;
    const HistoryResult r = readHistory(source, 10);
    CHECK_FALSE(r.available);
    CHECK(r.entries.empty());
    CHECK(r.error == kENotImpl);
    CHECK(source.calls.empty());
    CHECK_THAT(r.reason, Contains("not available on this system"));
    const std::string text = historyText(r);
    CHECK_THAT(text, Contains("not available on this system"));
    CHECK_THAT(text, !Contains("No updates recorded"));

    // The count works but the first query fails: also unavailable, not an empty history.
    FakeHistorySource second;
    second.all.push_back(entry(1));
    second.failFrom = 0;
    second.readError = kENotImpl;
    const HistoryResult r2 = readHistory(second, 10);
    CHECK_FALSE(r2.available);
    CHECK_THAT(historyText(r2), Contains("not available on this system"));
}

TEST_CASE("Update history: an empty history says so in words", "[history]") {
    FakeHistorySource source;
    const HistoryResult r = readHistory(source, 10);
    CHECK(r.available);
    CHECK_THAT(historyText(r), Contains("No updates recorded yet"));
}

TEST_CASE("Update history: agent enumerations and OLE dates in words", "[history]") {
    CHECK(operationName(1) == "installation");
    CHECK(operationName(2) == "uninstallation");
    CHECK(resultName(2) == "succeeded");
    CHECK(resultName(4) == "failed");
    CHECK(resultName(9) == "unknown");
    CHECK(oleDateText(25569.0) == "1970-01-01 00:00");
    CHECK(oleDateText(45413.5) == "2024-05-01 12:00");
    CHECK(oleDateText(36526.75) == "2000-01-01 18:00");
    CHECK(oleDateText(-5.0).empty());
}

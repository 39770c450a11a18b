#pragma once
// The last update results (Windows Update Agent history: what was installed, when, and each failure's code),
// behind an interface: the Win32 one asks the Windows Update Agent through COM; tests use a fake source.
// "Not available" is always said as such, never shown as an empty list (an empty list reads as "no failures").

#include "wud/explain.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace wud {

/// HRESULTs the history code branches on (platform-neutral code does not include <windows.h>).
inline constexpr std::uint32_t kENotImpl = 0x80004001;  ///< E_NOTIMPL (Wine's Windows Update Agent stubs)

/// One entry of the history, newest first (the order the agent returns).
struct HistoryEntry {
    std::string date;       ///< "2024-05-01 14:03" (UTC, as the agent records it); empty when unknown
    std::string title;      ///< "2024-05 Cumulative Update for Windows 11 ... (KB5036980)"
    std::string operation;  ///< "installation", "uninstallation", "other"
    std::string result;     ///< "not started", "in progress", "succeeded", "succeeded with errors", "failed", "aborted"
    std::uint32_t hresult = 0;  ///< the entry's HRESULT (0 = none)
    bool failed = false;        ///< result is failed / aborted / succeeded with errors, or hresult is a failure
};

/// What a query gives.
struct HistoryResult {
    bool available = false;        ///< false: the history could not be read at all (reason says why)
    std::string reason;            ///< plain words when not available ("not available on this system ...")
    std::uint32_t error = 0;       ///< the HRESULT that made it unavailable, or that stopped the reading part way
    std::size_t totalCount = 0;    ///< entries the agent says it has
    std::vector<HistoryEntry> entries;  ///< at most maxEntries, newest first
    bool partial = false;          ///< the reading stopped part way: entries holds what was read before
    std::string stoppedReason;     ///< plain words when partial
};

/// The agent's history, read in pieces (a piece can fail part way). Implemented by the Win32 COM source and by
/// test fakes; readHistory() holds the logic both share.
class HistorySource {
public:
    virtual ~HistorySource() = default;
    /// IUpdateSearcher::GetTotalHistoryCount: hr = 0 on success.
    virtual std::uint32_t totalCount(std::size_t& count) = 0;
    /// IUpdateSearcher::QueryHistory(start, count): appends what it read to out (it may have read some before
    /// failing); returns the HRESULT (0 = success).
    virtual std::uint32_t read(std::size_t start, std::size_t count, std::vector<HistoryEntry>& out) = 0;
};

/// Reads up to maxEntries, chunk entries at a time. E_NOTIMPL (Wine) or any failure before the first entry ->
/// not available, with the reason; a failure after some entries -> partial, keeping them.
HistoryResult readHistory(HistorySource& source, std::size_t maxEntries, std::size_t chunk = 10);

/// The interface the CLI and the report use.
class UpdateHistory {
public:
    virtual ~UpdateHistory() = default;
    virtual HistoryResult query(std::size_t maxEntries) = 0;
};

/// The text lines for the report and `wudoctor history`: each entry, failed ones with their code explained.
std::string historyText(const HistoryResult& history, std::string_view indent = "  ");

/// Operation and result names from the agent's enumerations (UpdateOperation, OperationResultCode).
std::string_view operationName(int updateOperation) noexcept;
std::string_view resultName(int operationResultCode) noexcept;
/// An OLE Automation DATE (days since 1899-12-30) as "YYYY-MM-DD HH:MM"; empty when out of range.
std::string oleDateText(double date);

// ---- Windows only (update_history_win32.cpp)
/// The Windows Update Agent through COM (CoCreateInstance(CLSID_UpdateSession): wuapi.dll is never imported).
std::unique_ptr<UpdateHistory> makeWindowsUpdateHistory();

}  // namespace wud

// UpdateHistory on the Windows Update Agent, through COM:
//   CoCreateInstance(CLSID_UpdateSession) -> IUpdateSession::CreateUpdateSearcher ->
//   IUpdateSearcher::GetTotalHistoryCount + QueryHistory(start, count) in small chunks.
// wuapi.dll is not in the import table: COM loads it from the registration (System32). BSTRs need oleaut32
// (a KnownDLL). Docs: https://learn.microsoft.com/windows/win32/api/wuapi/nf-wuapi-iupdatesearcher-queryhistory
// Wine 8's wuapi implements neither GetTotalHistoryCount nor QueryHistory (dlls/wuapi/searcher.c: FIXME,
// E_NOTIMPL), so there the result is "not available", never an empty list.
#include "wud/update_history.hpp"

#include "wud/text.hpp"
#include "wud/win32/com.hpp"

#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <wuapi.h>

namespace wud {
namespace {

// From wuapi.h (DEFINE_GUID there needs INITGUID in exactly one unit; local copies keep it simple).
constexpr CLSID kClsidUpdateSession = {0x4cb43d7f, 0x7eee, 0x4906, {0x86, 0x98, 0x60, 0xda, 0x1c, 0x38, 0xf2, 0xfe}};
constexpr IID kIidUpdateSession = {0x816858a4, 0x260d, 0x4260, {0x93, 0x3a, 0x25, 0x85, 0xf1, 0xab, 0xc7, 0x6b}};

std::uint32_t hrOf(HRESULT hr) { return static_cast<std::uint32_t>(hr); }

class ComHistorySource final : public HistorySource {
public:
    explicit ComHistorySource(IUpdateSearcher* searcher) : searcher_(searcher) {}

    std::uint32_t totalCount(std::size_t& count) override {
        LONG total = 0;
        const HRESULT hr = searcher_->GetTotalHistoryCount(&total);
        if (FAILED(hr)) return hrOf(hr);
        count = total > 0 ? static_cast<std::size_t>(total) : 0;
        return 0;
    }

    std::uint32_t read(std::size_t start, std::size_t count, std::vector<HistoryEntry>& out) override {
        ComPtr<IUpdateHistoryEntryCollection> entries;
        HRESULT hr = searcher_->QueryHistory(static_cast<LONG>(start), static_cast<LONG>(count), entries.put());
        if (FAILED(hr)) return hrOf(hr);
        if (!entries) return hrOf(E_POINTER);
        LONG n = 0;
        if (hr = entries->get_Count(&n); FAILED(hr)) return hrOf(hr);
        for (LONG i = 0; i < n; ++i) {
            ComPtr<IUpdateHistoryEntry> item;
            if (hr = entries->get_Item(i, item.put()); FAILED(hr)) return hrOf(hr);
            if (!item) return hrOf(E_POINTER);
            HistoryEntry e;
            UpdateOperation op{};
            if (SUCCEEDED(item->get_Operation(&op))) e.operation = std::string(operationName(static_cast<int>(op)));
            OperationResultCode rc{};
            int result = -1;
            if (SUCCEEDED(item->get_ResultCode(&rc))) result = static_cast<int>(rc);
            e.result = std::string(resultName(result));
            LONG code = 0;
            if (SUCCEEDED(item->get_HResult(&code))) e.hresult = static_cast<std::uint32_t>(code);
            DATE date = 0;
            if (SUCCEEDED(item->get_Date(&date))) e.date = oleDateText(date);
            Bstr title;
            if (SUCCEEDED(item->get_Title(title.put()))) e.title = title.utf8();
            e.failed = result == 3 || result == 4 || result == 5 || (e.hresult & 0x80000000u) != 0;
            out.push_back(std::move(e));
        }
        return 0;
    }

private:
    IUpdateSearcher* searcher_;
};

class WindowsUpdateHistory final : public UpdateHistory {
public:
    HistoryResult query(std::size_t maxEntries) override {
        const ComScope com(COINIT_APARTMENTTHREADED);
        ComPtr<IUpdateSession> session;
        HRESULT hr = ::CoCreateInstance(kClsidUpdateSession, nullptr, CLSCTX_INPROC_SERVER, kIidUpdateSession,
                                        reinterpret_cast<void**>(session.put()));
        ComPtr<IUpdateSearcher> searcher;
        if (SUCCEEDED(hr)) hr = session->CreateUpdateSearcher(searcher.put());
        if (FAILED(hr) || !searcher) {
            HistoryResult r;
            r.error = FAILED(hr) ? hrOf(hr) : hrOf(E_POINTER);
            const CodeExplanation e = explainCode(r.error, nullptr);
            r.reason = "could not be read: the Windows Update Agent could not be started (" + hexCode(r.error) +
                       (e.name.empty() ? std::string() : " " + e.name) + ")";
            return r;
        }
        ComHistorySource source(searcher.get());
        return readHistory(source, maxEntries);
    }
};

}  // namespace

std::unique_ptr<UpdateHistory> makeWindowsUpdateHistory() { return std::make_unique<WindowsUpdateHistory>(); }

}  // namespace wud

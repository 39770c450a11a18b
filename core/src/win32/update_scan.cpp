// UpdateScanner on the Windows Update Agent, through COM:
//   CoCreateInstance(CLSID_UpdateSession) -> IUpdateSession::CreateUpdateSearcher ->
//   IUpdateSearcher::BeginSearch(criteria, our ISearchCompletedCallback) -> wait for the callback (our own limit) ->
//   IUpdateSearcher::EndSearch -> ISearchResult (ResultCode, Updates, Warnings) -> ISearchJob::CleanUp;
//   or ISearchJob::RequestAbort when the limit passes or the user cancels (runScan in update_scan.cpp decides).
// wuapi.dll is not in the import table: COM loads it from its registration (System32); BSTRs and VARIANTs need
// oleaut32 (a KnownDLL: tests/security/check_imports.sh).
//
// Following Microsoft Learn, "Guidelines for Asynchronous WUA Operations":
// - the callback only signals an event; it holds no reference to the job (the job's reference is this agent's, not
//   the callback's: no cycle), and CleanUp is never called inside it;
// - EndSearch "can be used from any thread": it runs on the scanning thread, after the callback;
// - the callback object counts its references and lives as long as the agent holds one: a callback that comes after
//   we stopped waiting (after an abort we gave up on) finds a live object and signals nobody.
// The scanning thread is in the multithreaded apartment, so the agent may call the callback on its own thread; if
// the caller's thread is already single-threaded, CoWaitForMultipleHandles pumps the calls COM brings to it.
// Wine 8's wuapi creates the session and the searcher but its BeginSearch is E_NOTIMPL (dlls/wuapi/searcher.c):
// runScan turns that into "not available on this system".
#include "wud/update_scan.hpp"

#include "wud/text.hpp"
#include "wud/win32/com.hpp"
#include "wud/win32/handle.hpp"
#include "wud/win32/wuapi.hpp"

#include <atomic>

namespace wud {
namespace {

std::uint32_t hrOf(HRESULT hr) { return static_cast<std::uint32_t>(hr); }

/// Most updates one search can list before the rest are left out (a fresh Windows 10 install offers a few dozen).
constexpr LONG kMaxUpdates = 1000;

/// The completion callback: a free-threaded COM object whose Invoke sets an event.
class CompletionCallback final : public wua::ISearchCompletedCallback {
public:
    CompletionCallback() : done_(::CreateEventW(nullptr, TRUE, FALSE, nullptr)) {}
    CompletionCallback(const CompletionCallback&) = delete;
    CompletionCallback& operator=(const CompletionCallback&) = delete;

    [[nodiscard]] HANDLE event() const noexcept { return done_.get(); }
    [[nodiscard]] bool valid() const noexcept { return static_cast<bool>(done_); }

    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
        if (out == nullptr) return E_POINTER;
        if (::IsEqualIID(iid, IID_IUnknown) || ::IsEqualIID(iid, wua::kIidSearchCompletedCallback)) {
            *out = static_cast<wua::ISearchCompletedCallback*>(this);
            AddRef();
            return S_OK;
        }
        *out = nullptr;
        return E_NOINTERFACE;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
    ULONG STDMETHODCALLTYPE Release() override {
        const ULONG left = --refs_;
        if (left == 0) delete this;
        return left;
    }
    HRESULT STDMETHODCALLTYPE Invoke(ISearchJob*, wua::ISearchCompletedCallbackArgs*) override {
        ::SetEvent(done_.get());
        return S_OK;
    }

private:
    ~CompletionCallback() = default;
    std::atomic<ULONG> refs_{1};
    UniqueHandle done_;
};

std::string bstrOf(const auto& get) {
    Bstr text;
    return SUCCEEDED(get(text.put())) ? text.utf8() : std::string();
}

/// IUpdate::MaxDownloadSize is a DECIMAL: whole bytes that fit 64 bits, else nothing.
std::optional<std::uint64_t> bytesOf(const DECIMAL& d) {
    if (d.sign != 0 || d.scale != 0 || d.Hi32 != 0) return std::nullopt;
    return static_cast<std::uint64_t>(d.Lo64);
}

FoundUpdate readUpdate(IUpdate& update) {
    FoundUpdate u;
    u.title = bstrOf([&](BSTR* b) { return update.get_Title(b); });
    ComPtr<IStringCollection> kbs;
    LONG count = 0;
    if (SUCCEEDED(update.get_KBArticleIDs(kbs.put())) && kbs && SUCCEEDED(kbs->get_Count(&count))) {
        for (LONG i = 0; i < count && i < 20; ++i) {
            const std::string id = bstrOf([&](BSTR* b) { return kbs->get_Item(i, b); });
            if (!id.empty()) u.kbs.push_back(id.starts_with("KB") ? id : "KB" + id);
        }
    }
    DECIMAL size{};
    if (SUCCEEDED(update.get_MaxDownloadSize(&size))) u.maxDownloadBytes = bytesOf(size);
    ComPtr<IInstallationBehavior> behavior;
    InstallationRebootBehavior reboot{};
    if (SUCCEEDED(update.get_InstallationBehavior(behavior.put())) && behavior &&
        SUCCEEDED(behavior->get_RebootBehavior(&reboot)))
        u.restart = restartNeedFrom(static_cast<int>(reboot));
    return u;
}

class ComSearchAgent final : public SearchAgent {
public:
    ComSearchAgent() = default;
    ComSearchAgent(const ComSearchAgent&) = delete;
    ComSearchAgent& operator=(const ComSearchAgent&) = delete;
    ~ComSearchAgent() override {
        // The job first: the agent may still hold the callback, which then outlives us on its own reference.
        job_.reset();
        searcher_.reset();
        session_.reset();
        if (callback_ != nullptr) callback_->Release();
    }

    std::uint32_t begin(std::string_view criteria) override {
        callback_ = new CompletionCallback();
        if (!callback_->valid()) return hrOf(HRESULT_FROM_WIN32(::GetLastError()));
        HRESULT hr = ::CoCreateInstance(wua::kClsidUpdateSession, nullptr, CLSCTX_INPROC_SERVER, wua::kIidUpdateSession,
                                        reinterpret_cast<void**>(session_.put()));
        if (FAILED(hr)) return hrOf(hr);
        if (!session_) return hrOf(E_POINTER);
        // Names us in the agent's own log (WindowsUpdate.log): "ClientApplicationID ... identifies the caller".
        const Bstr client(L"WU Doctor");
        (void)session_->put_ClientApplicationID(client.get());
        if (hr = session_->CreateUpdateSearcher(searcher_.put()); FAILED(hr)) return hrOf(hr);
        if (!searcher_) return hrOf(E_POINTER);
        const Bstr text(widen(criteria));
        VARIANT state;
        ::VariantInit(&state);  // VT_EMPTY: we keep our state ourselves
        hr = searcher_->BeginSearch(text.get(), static_cast<IUnknown*>(callback_), state, job_.put());
        if (FAILED(hr)) return hrOf(hr);
        return job_ ? 0 : hrOf(E_POINTER);
    }

    bool waitCompleted(Millis upTo) override {
        if (callback_ == nullptr) return false;
        HANDLE event = callback_->event();
        DWORD index = 0;
        const auto ms = static_cast<DWORD>(std::max<Millis::rep>(0, upTo.count()));
        // Waits in either apartment (pumps COM calls in a single-threaded one); S_OK once the event is set,
        // RPC_S_CALLPENDING when the time is up.
        return ::CoWaitForMultipleHandles(0, ms, 1, &event, &index) == S_OK;
    }

    std::uint32_t requestAbort() override { return job_ ? hrOf(job_->RequestAbort()) : hrOf(E_POINTER); }

    std::uint32_t end(SearchReadout& out) override {
        if (!searcher_ || !job_) return hrOf(E_POINTER);
        ComPtr<ISearchResult> result;
        HRESULT hr = searcher_->EndSearch(job_.get(), result.put());
        if (FAILED(hr)) return hrOf(hr);
        if (!result) return hrOf(E_POINTER);
        OperationResultCode code{};
        if (hr = result->get_ResultCode(&code); FAILED(hr)) return hrOf(hr);
        out.resultCode = static_cast<int>(code);
        ComPtr<IUpdateCollection> updates;
        LONG count = 0;
        if (SUCCEEDED(result->get_Updates(updates.put())) && updates && SUCCEEDED(updates->get_Count(&count))) {
            for (LONG i = 0; i < count && i < kMaxUpdates; ++i) {
                ComPtr<IUpdate> update;
                if (SUCCEEDED(updates->get_Item(i, update.put())) && update) out.updates.push_back(readUpdate(*update.get()));
            }
        }
        // Warnings are extra: a search that succeeded stays so when they cannot be read.
        ComPtr<IUpdateExceptionCollection> warnings;
        if (SUCCEEDED(result->get_Warnings(warnings.put())) && warnings && SUCCEEDED(warnings->get_Count(&count))) {
            for (LONG i = 0; i < count && i < 50; ++i) {
                ComPtr<IUpdateException> warning;
                if (FAILED(warnings->get_Item(i, warning.put())) || !warning) continue;
                LONG hresult = 0;
                (void)warning->get_HResult(&hresult);
                out.warnings.push_back({static_cast<std::uint32_t>(hresult),
                                        bstrOf([&](BSTR* b) { return warning->get_Message(b); })});
            }
        }
        return 0;
    }

    void cleanUp() override {
        if (job_) (void)job_->CleanUp();
    }

private:
    CompletionCallback* callback_ = nullptr;  // our reference (released in the destructor)
    ComPtr<IUpdateSession> session_;
    ComPtr<IUpdateSearcher> searcher_;
    ComPtr<ISearchJob> job_;
};

class WindowsUpdateScanner final : public UpdateScanner {
public:
    ScanResult scan(const ScanOptions& options) override {
        const ComScope com(COINIT_MULTITHREADED);
        SteadyClock clock;
        if (!com.usable()) {
            ScanResult r;
            r.timeout = options.timeout;
            r.outcome = ScanOutcome::Failed;
            r.error = hrOf(com.result());
            describeScan(r);
            return r;
        }
        ComSearchAgent agent;  // released before COM is (declared after the scope)
        return runScan(agent, clock, options);
    }
};

}  // namespace

std::unique_ptr<UpdateScanner> makeWindowsUpdateScanner() { return std::make_unique<WindowsUpdateScanner>(); }

}  // namespace wud

// AutomaticUpdatesSource on the Windows Update Agent, through COM:
//   CoCreateInstance(CLSID_AutomaticUpdates) -> QueryInterface(IAutomaticUpdates2) -> get_Results ->
//   IAutomaticUpdatesResults::get_LastSearchSuccessDate / get_LastInstallationSuccessDate (VARIANT: VT_DATE, or
//   VT_EMPTY when there has been none — [MS-UAMG] 3.2.4.1).
// wuapi.dll is not in the import table: COM loads it from its registration (System32). Docs: Microsoft Learn,
// "IAutomaticUpdates2::get_Results", "IAutomaticUpdatesResults". Wine 8's AutomaticUpdates object implements only
// IAutomaticUpdates (dlls/wuapi/updates.c: any other interface is E_NOINTERFACE), so there the answer is "could not
// be read", never a date.
#include "wud/automatic_updates.hpp"

#include "wud/explain.hpp"
#include "wud/win32/com.hpp"
#include "wud/win32/wuapi.hpp"

namespace wud {
namespace {

std::uint32_t hrOf(HRESULT hr) { return static_cast<std::uint32_t>(hr); }

/// One date property: 0 and the date (or nullopt for "none"), else the HRESULT.
template <typename Getter>
std::uint32_t readDate(Getter get, std::optional<std::chrono::system_clock::time_point>& out) {
    VARIANT value;
    ::VariantInit(&value);
    const HRESULT hr = get(&value);
    std::uint32_t result = 0;
    if (FAILED(hr)) {
        result = hrOf(hr);
    } else if (value.vt == VT_DATE) {
        out = fromOleDate(value.date);
        if (!out) result = hrOf(DISP_E_OVERFLOW);  // a date no calendar holds: not a date we can show
    } else if (value.vt != VT_EMPTY && value.vt != VT_NULL) {
        result = hrOf(DISP_E_TYPEMISMATCH);
    }
    ::VariantClear(&value);
    return result;
}

AutomaticUpdatesResults unreadable(std::uint32_t error, std::string_view step) {
    AutomaticUpdatesResults r;
    r.error = error;
    const CodeExplanation e = explainCode(error, nullptr);
    if (error == hrOf(E_NOTIMPL) || error == hrOf(E_NOINTERFACE))
        r.reason = "this system's Windows Update Agent does not keep it (" + hexCode(error) +
                   (e.name.empty() ? std::string() : " " + e.name) + " from " + std::string(step) +
                   "; Wine is one such system)";
    else
        r.reason = "the Windows Update Agent did not answer (" + hexCode(error) +
                   (e.name.empty() ? std::string() : " " + e.name) + " from " + std::string(step) + ")";
    return r;
}

AutomaticUpdatesResults readResults() {
    const ComScope com(COINIT_MULTITHREADED);
    if (!com.usable()) return unreadable(hrOf(com.result()), "CoInitializeEx");
    ComPtr<IAutomaticUpdates> updates;
    HRESULT hr = ::CoCreateInstance(wua::kClsidAutomaticUpdates, nullptr, CLSCTX_INPROC_SERVER,
                                    wua::kIidAutomaticUpdates, reinterpret_cast<void**>(updates.put()));
    if (FAILED(hr) || !updates) return unreadable(FAILED(hr) ? hrOf(hr) : hrOf(E_POINTER), "creating AutomaticUpdates");
    ComPtr<wua::IAutomaticUpdates2> updates2;
    hr = updates->QueryInterface(wua::kIidAutomaticUpdates2, reinterpret_cast<void**>(updates2.put()));
    if (FAILED(hr) || !updates2) return unreadable(FAILED(hr) ? hrOf(hr) : hrOf(E_POINTER), "IAutomaticUpdates2");
    ComPtr<wua::IAutomaticUpdatesResults> results;
    hr = updates2->get_Results(results.put());
    if (FAILED(hr) || !results) return unreadable(FAILED(hr) ? hrOf(hr) : hrOf(E_POINTER), "Results");
    AutomaticUpdatesResults r;
    if (const std::uint32_t e = readDate([&](VARIANT* v) { return results->get_LastSearchSuccessDate(v); },
                                         r.lastSearchSuccess);
        e != 0)
        return unreadable(e, "LastSearchSuccessDate");
    // The installation date is extra evidence: without it the search date still stands.
    r.installationError = readDate([&](VARIANT* v) { return results->get_LastInstallationSuccessDate(v); },
                                   r.lastInstallationSuccess);
    if (r.installationError != 0) r.lastInstallationSuccess.reset();
    r.readable = true;
    return r;
}

class WindowsAutomaticUpdates final : public AutomaticUpdatesSource {
public:
    const AutomaticUpdatesResults& results() override {
        if (!read_) read_ = readResults();
        return *read_;
    }

private:
    std::optional<AutomaticUpdatesResults> read_;
};

}  // namespace

std::unique_ptr<AutomaticUpdatesSource> makeWindowsAutomaticUpdates() {
    return std::make_unique<WindowsAutomaticUpdates>();
}

}  // namespace wud

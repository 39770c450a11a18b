// Wine 8 only: a fix for a hang in Wine's COM runtime that froze the window for UI Automation and MSAA alike.
//
// What happens (traced with winedbg under Wine 8.0, about one UI Automation client in 14 to 80 on a loaded machine):
// Wine's UiaReturnRawElementProvider hands the client Wine's own private objects, IWineUiaNode and IWineUiaProvider
// (dlls/uiautomationcore/uia_classes.idl). When the client lets go of the last one, an RPC thread of this process
// runs RemRelease -> stub_manager_delete -> stub_manager_delete_ifstub, which calls
// rpc_unregister_interface(iid, TRUE) (dlls/combase/stubmanager.c). That function counts registrations per
// interface id, process-wide, and when the count reaches zero calls RpcServerUnregisterIf(..., WaitForCallsToComplete
// = TRUE) while holding combase's registration lock csRegIf (dlls/combase/rpc.c, rpc_unregister_interface). Now and
// then that wait never ends; every later marshal waits on csRegIf (rpc_register_interface), so the window's next
// WM_GETOBJECT never answers.
//
// The fix: keep those two interface ids registered for the life of the process, so the count never reaches zero and
// RpcServerUnregisterIf is never called. Every marshal adds one registration (marshal_object in
// dlls/combase/marshal.c calls rpc_register_interface for each CoMarshalInterface), and a table-strong marshal lasts
// until CoReleaseMarshalData ("MSHLFLAGS_TABLESTRONG: … the data can be unmarshaled any number of times … released
// only by CoReleaseMarshalData", Microsoft Learn, "MSHLFLAGS enumeration"), which is never called here. So one
// table-strong marshal of an object that answers for both ids does it. The object's methods are never called: its
// marshal data never leaves this process. It lives in the multithreaded apartment, held open with
// CoIncrementMTAUsage (Microsoft Learn, "CoIncrementMTAUsage function"), so no apartment teardown ever releases it.
// Real Windows never runs this (the caller checks for Wine): its UI Automation has no such interfaces.
#include "window/accessibility.hpp"

#include "wud/log.hpp"

#include <spdlog/logger.h>

#include <mutex>
#include <thread>

// Wine's private UI Automation interfaces as Wine 8.0 declares them (dlls/uiautomationcore/uia_classes.idl), so that
// an object can answer for them.
struct IWineUiaProvider : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE get_prop_val(const void* propInfo, VARIANT* value) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_prov_opts(int* options) = 0;
    virtual HRESULT STDMETHODCALLTYPE has_parent(BOOL* value) = 0;
    virtual HRESULT STDMETHODCALLTYPE navigate(int direction, VARIANT* value) = 0;
};
struct IWineUiaNode : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE get_provider(int index, IWineUiaProvider** provider) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_prop_val(const GUID* property, VARIANT* value) = 0;
    virtual HRESULT STDMETHODCALLTYPE disconnect() = 0;
    virtual HRESULT STDMETHODCALLTYPE get_hwnd(ULONG* hwnd) = 0;
};
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IWineUiaProvider, 0x57865755, 0x6c05, 0x4522, 0x98, 0xdf, 0x4c, 0xa6, 0x58, 0xb7, 0x68, 0xef)
__CRT_UUID_DECL(IWineUiaNode, 0xbccb6799, 0xd831, 0x4057, 0xbd, 0x50, 0x64, 0x25, 0x82, 0x3f, 0xf1, 0xa3)
#endif

namespace wud::app {
namespace {

// Answers for both interfaces and does nothing: nobody outside this process can reach it.
class RegistrationAnchor final : public ComObject<RegistrationAnchor, IWineUiaProvider, IWineUiaNode> {
public:
    HRESULT STDMETHODCALLTYPE get_prop_val(const void*, VARIANT*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE get_prov_opts(int*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE has_parent(BOOL*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE navigate(int, VARIANT*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE get_provider(int, IWineUiaProvider**) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE get_prop_val(const GUID*, VARIANT*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE disconnect() override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE get_hwnd(ULONG*) override { return E_NOTIMPL; }
};

// One table-strong marshal of `object` as `iid`; the stream goes, the registration stays (see the top).
HRESULT marshalForGood(IUnknown* object, REFIID iid) {
    ComPtr<IStream> stream;
    HRESULT hr = ::CreateStreamOnHGlobal(nullptr, TRUE, stream.put());
    if (SUCCEEDED(hr)) hr = ::CoMarshalInterface(stream.get(), iid, object, MSHCTX_LOCAL, nullptr, MSHLFLAGS_TABLESTRONG);
    return hr;
}

// On a thread of the multithreaded apartment: the anchor, marshalled once for each interface id. "" when done.
std::string anchorInMta() {
    const ComScope com(COINIT_MULTITHREADED);
    if (!com.usable()) return "CoInitializeEx failed";
    ComPtr<IWineUiaNode> anchor;
    *anchor.put() = new RegistrationAnchor;  // held by its stubs from here on
    for (const IID& iid : {__uuidof(IWineUiaNode), __uuidof(IWineUiaProvider)})
        if (const HRESULT hr = marshalForGood(anchor.get(), iid); FAILED(hr))
            return "CoMarshalInterface failed with " + std::to_string(static_cast<unsigned long>(hr));
    return {};
}

// Holds the multithreaded apartment open for the process, then anchors both interface ids in it.
void anchorForGood() {
    // CoIncrementMTAUsage is Windows 8+ and so looked up, not imported (ole32 is loaded: the window is in an STA).
    using IncrementMtaUsage = HRESULT(WINAPI*)(CO_MTA_USAGE_COOKIE*);
    const auto increment = reinterpret_cast<IncrementMtaUsage>(
        reinterpret_cast<void*>(::GetProcAddress(::GetModuleHandleW(L"ole32.dll"), "CoIncrementMTAUsage")));
    CO_MTA_USAGE_COOKIE cookie = nullptr;  // never given back: the apartment stays for the process
    std::string failure = increment == nullptr            ? "no CoIncrementMTAUsage"
                          : FAILED(increment(&cookie)) ? "CoIncrementMTAUsage failed"
                                                       : std::string();
    if (failure.empty()) std::thread([&failure] { failure = anchorInMta(); }).join();  // a local marshal: quick
    if (failure.empty()) log::get().info("UI Automation under Wine: its private interfaces stay registered");
    else log::get().warn("UI Automation under Wine may hang a client now and then: {}", failure);
}

}  // namespace

void keepWineUiaInterfacesRegistered() {
    static std::once_flag once;  // per process, as the registrations are
    std::call_once(once, anchorForGood);
}

}  // namespace wud::app

#pragma once
// What MinGW-w64 10's headers lack for a UI Automation provider, declared here from the Windows SDK's
// UIAutomationCore.idl / UIAutomationClient.idl (values as Microsoft Learn lists them: "Control Type Identifiers",
// "Event Identifiers", and each pattern provider's interface page):
// - the pattern provider interfaces (IInvokeProvider, IToggleProvider, IExpandCollapseProvider, IValueProvider) and
//   their enums;
// - control type and event ids (uiautomationclient.h has the property and pattern ids only);
// - the flat API's function types: uiautomationcoreapi.h does not compile as C++ (a parameter named `new`) and there
//   is no import library, so uiautomationcore.dll is loaded from System32 at first use (accessibility.cpp) and stays
//   out of the import table (tests/security/check_imports.sh).

#include <windows.h>
#include <ole2.h>
#include <oleacc.h>
#include <uiautomationcore.h>
#include <uiautomationclient.h>

namespace wud::app::uia {

// ---- ids (Microsoft Learn: "Control Type Identifiers", "Event Identifiers")
constexpr CONTROLTYPEID kButton = 50000;
constexpr CONTROLTYPEID kCheckBox = 50002;
constexpr CONTROLTYPEID kEdit = 50004;
constexpr CONTROLTYPEID kProgressBar = 50012;
constexpr CONTROLTYPEID kText = 50020;
constexpr CONTROLTYPEID kTreeItem = 50024;  // a folding section, as MSAA's outline item
constexpr CONTROLTYPEID kPane = 50033;

constexpr EVENTID kStructureChangedEvent = 20002;
constexpr EVENTID kFocusChangedEvent = 20005;
constexpr EVENTID kInvokedEvent = 20009;
constexpr EVENTID kLiveRegionChangedEvent = 20024;

constexpr LONG kRootObjectId = -25;  // UiaRootObjectId: WM_GETOBJECT's lParam when UI Automation asks
constexpr int kAppendRuntimeId = 3;  // UiaAppendRuntimeId

constexpr HRESULT kElementNotEnabled = static_cast<HRESULT>(0x80040200);    // UIA_E_ELEMENTNOTENABLED
constexpr HRESULT kElementNotAvailable = static_cast<HRESULT>(0x80040201);  // UIA_E_ELEMENTNOTAVAILABLE
constexpr HRESULT kInvalidOperation = static_cast<HRESULT>(0x80131509);     // UIA_E_INVALIDOPERATION

enum ToggleState { ToggleState_Off = 0, ToggleState_On = 1, ToggleState_Indeterminate = 2 };
enum ExpandCollapseState {
    ExpandCollapseState_Collapsed = 0,
    ExpandCollapseState_Expanded = 1,
    ExpandCollapseState_PartiallyExpanded = 2,
    ExpandCollapseState_LeafNode = 3
};
enum LiveSetting { LiveSetting_Off = 0, LiveSetting_Polite = 1, LiveSetting_Assertive = 2 };
enum StructureChangeType { StructureChangeType_ChildrenInvalidated = 2 };
enum NotificationKind { NotificationKind_ActionCompleted = 2 };
enum NotificationProcessing { NotificationProcessing_MostRecent = 3 };

}  // namespace wud::app::uia

// ---- the pattern provider interfaces (UIAutomationCore.idl); their IIDs for __uuidof come from __CRT_UUID_DECL
struct IInvokeProvider : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE Invoke() = 0;
};
struct IToggleProvider : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE Toggle() = 0;
    virtual HRESULT STDMETHODCALLTYPE get_ToggleState(enum wud::app::uia::ToggleState* state) = 0;
};
struct IExpandCollapseProvider : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE Expand() = 0;
    virtual HRESULT STDMETHODCALLTYPE Collapse() = 0;
    virtual HRESULT STDMETHODCALLTYPE get_ExpandCollapseState(enum wud::app::uia::ExpandCollapseState* state) = 0;
};
struct IValueProvider : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE SetValue(LPCWSTR value) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_Value(BSTR* value) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_IsReadOnly(BOOL* readOnly) = 0;
};
#ifdef __CRT_UUID_DECL
__CRT_UUID_DECL(IInvokeProvider, 0x54fcb24b, 0xe18e, 0x47a2, 0xb4, 0xd3, 0xec, 0xcb, 0xe7, 0x75, 0x99, 0xa2)
__CRT_UUID_DECL(IToggleProvider, 0x56d00bd0, 0xc4f4, 0x433c, 0xa8, 0x36, 0x1a, 0x52, 0xa5, 0x7e, 0x08, 0x92)
__CRT_UUID_DECL(IExpandCollapseProvider, 0xd847d3a5, 0xcab0, 0x4a98, 0x8c, 0x32, 0xec, 0xb4, 0x5c, 0x59, 0xad, 0x24)
__CRT_UUID_DECL(IValueProvider, 0xc7935180, 0x6fb3, 0x4201, 0xb1, 0x74, 0x7d, 0xf7, 0x3a, 0xdb, 0xf6, 0x4a)
#endif

namespace wud::app {

/// The flat UI Automation functions the window uses, from uiautomationcore.dll (loaded from System32 at first use)
/// or, in tests, recorders. Each may be null: then that call is skipped (never emulated).
struct UiaApi {
    LRESULT(WINAPI* returnRawElementProvider)(HWND, WPARAM, LPARAM, IRawElementProviderSimple*) = nullptr;
    HRESULT(WINAPI* hostProviderFromHwnd)(HWND, IRawElementProviderSimple**) = nullptr;
    BOOL(WINAPI* clientsAreListening)() = nullptr;
    HRESULT(WINAPI* raiseAutomationEvent)(IRawElementProviderSimple*, EVENTID) = nullptr;
    HRESULT(WINAPI* raisePropertyChangedEvent)(IRawElementProviderSimple*, PROPERTYID, VARIANT, VARIANT) = nullptr;
    /// Null under Wine 8, where it ends the process (see accessibility.cpp).
    HRESULT(WINAPI* raiseStructureChangedEvent)(IRawElementProviderSimple*, int, int*, int) = nullptr;
    /// Windows 10 1709+ only (UiaRaiseNotificationEvent): the announcement a screen reader reads out.
    HRESULT(WINAPI* raiseNotificationEvent)(IRawElementProviderSimple*, int, int, BSTR, BSTR) = nullptr;
    /// Windows 8+ (UiaDisconnectAllProviders).
    HRESULT(WINAPI* disconnectAllProviders)() = nullptr;
};

/// The oleacc.dll functions a server needs (loaded from System32 at first use, never imported).
struct OleaccApi {
    LRESULT(WINAPI* lresultFromObject)(REFIID, WPARAM, LPUNKNOWN) = nullptr;
    HRESULT(WINAPI* createStdAccessibleObject)(HWND, LONG, REFIID, void**) = nullptr;
};

}  // namespace wud::app

#pragma once
// What MinGW-w64 10's <wuapi.h> lacks of the Windows Update Agent API, declared here in the SDK's vtable order:
// the search-completed callback (ISearchCompletedCallback and its args) and Automatic Updates' results
// (IAutomaticUpdates2::get_Results -> IAutomaticUpdatesResults). Windows only; shared by the core's COM code and
// the stand-in agent in tests/fixtures (which implements them). In namespace wud::wua, so a newer MinGW that
// declares them too does not clash.
//
// Sources (interface layout and IIDs): Microsoft Learn, wuapi.h reference — "ISearchCompletedCallback interface"
// (inherits IUnknown; Invoke(ISearchJob*, ISearchCompletedCallbackArgs*)), "ISearchCompletedCallbackArgs"
// (IDispatch, no members), "IAutomaticUpdates2 interface" (IAutomaticUpdates + get_Results),
// "IAutomaticUpdatesResults interface" (get_LastSearchSuccessDate, get_LastInstallationSuccessDate, in that order);
// the IIDs as the Windows SDK's wuapi.h defines them. [MS-UAMG] 3.2.4.1: a date that is not known is VT_EMPTY,
// otherwise VT_DATE.

#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <wuapi.h>

namespace wud::wua {

// From wuapi.h (DEFINE_GUID there needs INITGUID in exactly one unit; constants keep it simple).
inline constexpr CLSID kClsidUpdateSession = {0x4cb43d7f, 0x7eee, 0x4906, {0x86, 0x98, 0x60, 0xda, 0x1c, 0x38, 0xf2, 0xfe}};
inline constexpr CLSID kClsidAutomaticUpdates = {0xbfe18e9c, 0x6d87, 0x4450, {0xb3, 0x7c, 0xe0, 0x2f, 0x0b, 0x37, 0x38, 0x03}};
inline constexpr IID kIidUpdateSession = {0x816858a4, 0x260d, 0x4260, {0x93, 0x3a, 0x25, 0x85, 0xf1, 0xab, 0xc7, 0x6b}};
inline constexpr IID kIidUpdateSearcher = {0x8f45abf1, 0xf9ae, 0x4b95, {0xa9, 0x33, 0xf0, 0xf6, 0x6e, 0x50, 0x56, 0xea}};
inline constexpr IID kIidSearchJob = {0x7366ea16, 0x7a1a, 0x4ea2, {0xb0, 0x42, 0x97, 0x3d, 0x3e, 0x9c, 0xd9, 0x9b}};
inline constexpr IID kIidSearchResult = {0xd40cff62, 0xe08c, 0x4498, {0x94, 0x1a, 0x01, 0xe2, 0x5f, 0x0f, 0xd3, 0x3c}};
inline constexpr IID kIidUpdateCollection = {0x07f7438c, 0x7709, 0x4ca5, {0xb5, 0x18, 0x91, 0x27, 0x92, 0x88, 0x13, 0x4e}};
inline constexpr IID kIidUpdate = {0x6a92b07a, 0xd821, 0x4682, {0xb4, 0x23, 0x5c, 0x80, 0x50, 0x22, 0xcc, 0x4d}};
inline constexpr IID kIidStringCollection = {0xeff90582, 0x2ddc, 0x480f, {0xa0, 0x6d, 0x60, 0xf3, 0xfb, 0xc3, 0x62, 0xc3}};
inline constexpr IID kIidInstallationBehavior = {0xd9a59339, 0xe245, 0x4dbd, {0x96, 0x86, 0x4d, 0x57, 0x63, 0xe3, 0x96, 0x24}};
inline constexpr IID kIidAutomaticUpdates = {0x673425bf, 0xc082, 0x4c7c, {0xbd, 0xfd, 0x56, 0x94, 0x64, 0xb8, 0xe0, 0xce}};
inline constexpr IID kIidAutomaticUpdates2 = {0x4a2f5c31, 0xcfd9, 0x410e, {0xb7, 0xfb, 0x29, 0xa6, 0x53, 0x97, 0x3a, 0x0f}};
inline constexpr IID kIidAutomaticUpdatesResults = {0xe7a4d634, 0x7942, 0x4dd9, {0xa1, 0x11, 0x82, 0x22, 0x8b, 0xa3, 0x39, 0x01}};
inline constexpr IID kIidSearchCompletedCallback = {0x88aee058, 0xd4b0, 0x4725, {0xa2, 0xf1, 0x81, 0x4a, 0x67, 0xae, 0x96, 0x4c}};
inline constexpr IID kIidSearchCompletedCallbackArgs = {0xa700a634, 0x2850, 0x4c47, {0x93, 0x8a, 0x9e, 0x4b, 0x6e, 0x5a, 0xf9, 0xa6}};

/// The (empty) arguments of a search-completed notification.
struct ISearchCompletedCallbackArgs : public IDispatch {};

/// What BeginSearch calls once the search is over (completed, failed or aborted). It may come on any thread.
struct ISearchCompletedCallback : public IUnknown {
    virtual HRESULT STDMETHODCALLTYPE Invoke(ISearchJob* searchJob, ISearchCompletedCallbackArgs* callbackArgs) = 0;
};

/// Automatic Updates' own record of its last successful search and installation (UTC).
struct IAutomaticUpdatesResults : public IDispatch {
    virtual HRESULT STDMETHODCALLTYPE get_LastSearchSuccessDate(VARIANT* retval) = 0;
    virtual HRESULT STDMETHODCALLTYPE get_LastInstallationSuccessDate(VARIANT* retval) = 0;
};

/// IAutomaticUpdates with its Results (Windows Update Agent 3.0 and later).
struct IAutomaticUpdates2 : public ::IAutomaticUpdates {
    virtual HRESULT STDMETHODCALLTYPE get_Results(IAutomaticUpdatesResults** retval) = 0;
};

}  // namespace wud::wua

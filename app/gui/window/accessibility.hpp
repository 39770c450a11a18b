#pragma once
// The window's accessibility tree (ui/accessibility.hpp) handed to Windows' screen-reader interfaces:
// - MSAA: WM_GETOBJECT with OBJID_CLIENT -> our IAccessible (LresultFromObject; accessibility_msaa.cpp);
// - UI Automation: WM_GETOBJECT with UiaRootObjectId -> UiaReturnRawElementProvider with a fragment root and one
//   fragment per node (accessibility_uia.cpp), modelled on Microsoft's UIAutomationFragmentProvider sample
//   (microsoft/Windows-classic-samples, Samples/UIAutomationFragmentProvider);
// - events: focus moves, new verdicts and results read out, state changes.
// oleacc.dll and uiautomationcore.dll are loaded from System32 the first time a screen reader asks (never imported:
// a PC without a screen reader never loads them).
//
// Threads: the window's thread is a COM single-threaded apartment, so an MSAA client in another process reaches our
// IAccessible on it, between frames, while GLFW pumps messages; UI Automation may call its providers on a thread of its
// own. Whatever thread a call comes on, it only reads the last published tree (swapped in whole, under a lock) and
// queues requests: a press is done by the view in the next frame, through the same path as a click — never from
// inside the COM call.

#include "window/uia.hpp"

#include "ui/accessibility.hpp"

#include "wud/win32/com.hpp"
#include "wud/win32/handle.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace wud::app {

/// IUnknown for our COM objects (MSAA root, UI Automation providers): a free-threaded reference count that starts at 1
/// and deletes the object at 0, and QueryInterface over the interfaces it derives from (IUnknown: the first). An
/// object narrows or widens that with its own `void* find(REFIID)`, calling ComObject::find for the rest.
template <typename Self, typename First, typename... Rest>
class ComObject : public First, public Rest... {
public:
    HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, void** out) override {
        if (out == nullptr) return E_POINTER;
        *out = static_cast<Self*>(this)->find(riid);
        if (*out == nullptr) return E_NOINTERFACE;
        AddRef();
        return S_OK;
    }
    ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
    ULONG STDMETHODCALLTYPE Release() override {
        const ULONG left = --refs_;
        if (left == 0) delete static_cast<Self*>(this);
        return left;
    }

protected:
    ComObject() = default;
    ~ComObject() = default;

    /// The interface pointer riid names, or null.
    void* find(REFIID riid) {
        if (riid == __uuidof(IUnknown) || riid == __uuidof(First)) return static_cast<First*>(this);
        void* found = nullptr;
        ((found = found == nullptr && riid == __uuidof(Rest) ? static_cast<Rest*>(this) : found), ...);
        return found;
    }

private:
    std::atomic<ULONG> refs_{1};
};

/// What the COM objects read and where their requests go. Shared with them: a client may hold a reference after the
/// window has gone, and then every call answers "not available" (detach()).
class AccessibleSource {
public:
    AccessibleSource(HWND hwnd, std::function<void()> wake) : hwnd_(hwnd), wake_(std::move(wake)) {}

    /// The tree as last published (empty before the first frame and after detach()).
    [[nodiscard]] std::shared_ptr<const ui::AccessibleTree> tree() const;
    void publish(std::shared_ptr<const ui::AccessibleTree> tree);
    /// Queues a request for the UI thread and wakes it. Refused ("" = accepted) when the node is gone or disabled.
    [[nodiscard]] std::string request(const ui::AccessibleRequest& request);
    [[nodiscard]] std::vector<ui::AccessibleRequest> takeRequests();
    [[nodiscard]] HWND hwnd() const;
    /// The window is going: nothing more is read or queued.
    void detach();
    /// A node's rectangle on the screen (client coordinates of the window moved by where it is now).
    [[nodiscard]] RECT toScreen(const ui::AccessibleRect& rect) const;
    /// A screen point in the window's client coordinates.
    [[nodiscard]] POINT toClient(long x, long y) const;

private:
    mutable std::mutex mutex_;
    HWND hwnd_;
    std::function<void()> wake_;
    std::shared_ptr<const ui::AccessibleTree> tree_ = std::make_shared<ui::AccessibleTree>();
    std::vector<ui::AccessibleRequest> requests_;
};

/// The MSAA face: the window's client area as an IAccessible whose children are the tree's nodes (child ids = node
/// ids, stable across frames), with IEnumVARIANT for AccessibleChildren. `standard` is the window's own
/// OBJID_WINDOW object (CreateStdAccessibleObject), the root's parent; may be null.
ComPtr<IAccessible> makeMsaaRoot(std::shared_ptr<AccessibleSource> source, ComPtr<IAccessible> standard);

/// The UI Automation face: the fragment root (the window's client area) and its fragments, one per node.
class UiaRoot {
public:
    UiaRoot(std::shared_ptr<AccessibleSource> source, const UiaApi& api);
    /// The root provider (IRawElementProviderSimple/Fragment/FragmentRoot), for UiaReturnRawElementProvider.
    [[nodiscard]] IRawElementProviderSimple* provider() const noexcept { return root_.get(); }
    /// A node's provider (a new object each time; UI Automation tells them apart by their runtime ids).
    [[nodiscard]] ComPtr<IRawElementProviderSimple> node(std::int32_t id) const;
    /// Tells listening UI Automation clients what changed: focus, announcements (live regions, notifications),
    /// structure. Nothing at all when no client listens (UiaClientsAreListening), as Microsoft asks.
    void raise(const ui::AccessibleChanges& changes, const ui::AccessibleTree& tree) const;

private:
    std::shared_ptr<AccessibleSource> source_;
    const UiaApi& api_;
    ComPtr<IRawElementProviderSimple> root_;
};

/// Wine 8 only (accessibility_wine.cpp): keeps Wine's private UI Automation interfaces registered with its RPC runtime
/// for the life of the process, which stops a hang in Wine's COM runtime. Before the first UiaReturnRawElementProvider;
/// later calls do nothing.
void keepWineUiaInterfacesRegistered();

/// Windows' accessibility settings that change how the window looks, as they stand now.
struct AccessibilitySettingsChanged {
    bool highContrast = false;  ///< SPI_SETHIGHCONTRAST or the system colours changed
    bool textScale = false;     ///< WM_SETTINGCHANGE: re-read the text size (its registry watch also says so)
};

/// Wires the tree to the window: subclasses it for WM_GETOBJECT (and the settings messages), publishes each frame's
/// tree and raises the events. UI thread only; made after the window, gone before it.
class AccessibilityHost {
public:
    AccessibilityHost(HWND hwnd, std::function<void()> wake);
    ~AccessibilityHost();
    AccessibilityHost(const AccessibilityHost&) = delete;
    AccessibilityHost& operator=(const AccessibilityHost&) = delete;

    /// The frame's tree: kept for the clients, and what changed since the last one is told to them.
    void publish(ui::AccessibleTree tree);
    /// What screen readers asked since the last call, for the view's next frame.
    [[nodiscard]] std::vector<ui::AccessibleRequest> takeRequests() { return source_->takeRequests(); }
    /// Settings messages seen since the last call (WM_SETTINGCHANGE, WM_SYSCOLORCHANGE).
    [[nodiscard]] AccessibilitySettingsChanged takeSettingsChanged();

private:
    static LRESULT CALLBACK windowProc(HWND hwnd, UINT message, WPARAM wParam, LPARAM lParam);
    LRESULT onGetObject(WPARAM wParam, LPARAM lParam);
    bool loadOleacc();
    bool loadUia();

    HWND hwnd_;
    WNDPROC previous_ = nullptr;
    std::shared_ptr<AccessibleSource> source_;
    std::shared_ptr<const ui::AccessibleTree> published_;
    AccessibilitySettingsChanged settings_;

    UniqueHmodule oleaccDll_, uiaDll_;
    bool oleaccTried_ = false, uiaTried_ = false;
    OleaccApi oleacc_;
    UiaApi uia_;
    ComPtr<IAccessible> msaa_;
    std::unique_ptr<UiaRoot> uiaRoot_;
};

}  // namespace wud::app

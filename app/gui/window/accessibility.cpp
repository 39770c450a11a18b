// The window's side of accessibility: answering WM_GETOBJECT for MSAA and UI Automation, keeping the last frame's
// tree for them, carrying their requests to the UI thread, and telling them what changed (accessibility.hpp).
#include "window/accessibility.hpp"

#include "window/system32.hpp"

#include "wud/log.hpp"
#include "wud/text.hpp"

#include <spdlog/logger.h>

namespace wud::app {

// ---------------------------------------------------------------------------------------------------- source

std::shared_ptr<const ui::AccessibleTree> AccessibleSource::tree() const {
    const std::lock_guard lock(mutex_);
    return tree_;
}

void AccessibleSource::publish(std::shared_ptr<const ui::AccessibleTree> tree) {
    const std::lock_guard lock(mutex_);
    if (hwnd_ != nullptr) tree_ = std::move(tree);
}

std::string AccessibleSource::request(const ui::AccessibleRequest& request) {
    std::function<void()> wake;
    {
        const std::lock_guard lock(mutex_);
        if (hwnd_ == nullptr) return "the window has closed";
        if (std::string why = ui::refusal(tree_->findKey(request.key), request.kind); !why.empty()) return why;
        requests_.push_back(request);
        wake = wake_;
    }
    if (wake) wake();  // the loop may be waiting for input: draw the frame that does it
    return {};
}

std::vector<ui::AccessibleRequest> AccessibleSource::takeRequests() {
    const std::lock_guard lock(mutex_);
    return std::exchange(requests_, {});
}

HWND AccessibleSource::hwnd() const {
    const std::lock_guard lock(mutex_);
    return hwnd_;
}

void AccessibleSource::detach() {
    const std::lock_guard lock(mutex_);
    hwnd_ = nullptr;
    tree_ = std::make_shared<ui::AccessibleTree>();
    requests_.clear();
    wake_ = nullptr;
}

RECT AccessibleSource::toScreen(const ui::AccessibleRect& rect) const {
    POINT origin{0, 0};
    if (const HWND window = hwnd()) ::ClientToScreen(window, &origin);
    return {origin.x + static_cast<LONG>(rect.x0), origin.y + static_cast<LONG>(rect.y0),
            origin.x + static_cast<LONG>(rect.x1), origin.y + static_cast<LONG>(rect.y1)};
}

POINT AccessibleSource::toClient(long x, long y) const {
    POINT p{x, y};
    if (const HWND window = hwnd()) ::ScreenToClient(window, &p);
    return p;
}

// ---------------------------------------------------------------------------------------------------- host

namespace {

constexpr const wchar_t* kHostProperty = L"WUDoctor.AccessibilityHost";

bool underWine() {
    const HMODULE ntdll = ::GetModuleHandleW(L"ntdll.dll");
    return ntdll != nullptr && ::GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

// Loads a screen-reader DLL from System32 the first time a client of that interface (`face`) asks, and has `resolve`
// look up its functions; later calls only say whether it is there.
template <typename Resolve>
bool loadOnce(bool& tried, UniqueHmodule& dll, const wchar_t* file, std::string_view face, Resolve resolve) {
    if (std::exchange(tried, true)) return static_cast<bool>(dll);
    std::string failure;
    dll = loadFromSystem32(file, failure);
    if (!dll) {
        log::get().warn("screen readers ({}) get no answer: {}", face, failure);
        return false;
    }
    resolve(dll);
    log::get().info("a screen reader asked ({}): {} loaded from System32", face, narrow(file));
    return true;
}

}  // namespace

AccessibilityHost::AccessibilityHost(HWND hwnd, std::function<void()> wake)
    : hwnd_(hwnd), source_(std::make_shared<AccessibleSource>(hwnd, std::move(wake))),
      published_(std::make_shared<ui::AccessibleTree>()) {
    // GLFW owns the window procedure and lets no message through to us: subclass it (Microsoft Learn, "Subclassing
    // Controls": SetWindowLongPtr + CallWindowProc; comctl32's SetWindowSubclass would add an import).
    ::SetPropW(hwnd_, kHostProperty, this);
    previous_ = reinterpret_cast<WNDPROC>(
        ::SetWindowLongPtrW(hwnd_, GWLP_WNDPROC, reinterpret_cast<LONG_PTR>(&AccessibilityHost::windowProc)));
}

AccessibilityHost::~AccessibilityHost() {
    if (previous_ != nullptr) ::SetWindowLongPtrW(hwnd_, GWLP_WNDPROC, reinterpret_cast<LONG_PTR>(previous_));
    ::RemovePropW(hwnd_, kHostProperty);
    source_->detach();  // a client still holding our objects now hears "not available"
    // "When a window that supports UI Automation is destroyed, call UiaReturnRawElementProvider(hwnd, 0, 0, NULL)"
    // (Microsoft Learn, "UiaReturnRawElementProvider function", remarks), then drop every provider's connection.
    if (uiaRoot_ && uia_.returnRawElementProvider != nullptr) uia_.returnRawElementProvider(hwnd_, 0, 0, nullptr);
    if (uiaRoot_ && uia_.disconnectAllProviders != nullptr) uia_.disconnectAllProviders();
    if (msaa_) ::CoDisconnectObject(msaa_.get(), 0);  // clients' proxies let go of it
}

LRESULT CALLBACK AccessibilityHost::windowProc(HWND hwnd, UINT message, WPARAM wParam, LPARAM lParam) {
    auto* host = static_cast<AccessibilityHost*>(::GetPropW(hwnd, kHostProperty));
    if (host == nullptr) return ::DefWindowProcW(hwnd, message, wParam, lParam);
    switch (message) {
        case WM_GETOBJECT:
            if (const LRESULT answer = host->onGetObject(wParam, lParam); answer != 0) return answer;
            break;
        case WM_SETTINGCHANGE:
            // High contrast switched (SPI_SETHIGHCONTRAST) or some setting changed (the text size has its own
            // registry watch; a re-read is cheap and only happens on this message).
            if (wParam == SPI_SETHIGHCONTRAST) host->settings_.highContrast = true;
            host->settings_.textScale = true;
            break;
        case WM_SYSCOLORCHANGE:
            host->settings_.highContrast = true;  // a high contrast theme's colours changed
            break;
        default:
            break;
    }
    return ::CallWindowProcW(host->previous_, hwnd, message, wParam, lParam);
}

AccessibilitySettingsChanged AccessibilityHost::takeSettingsChanged() { return std::exchange(settings_, {}); }

LRESULT AccessibilityHost::onGetObject(WPARAM wParam, LPARAM lParam) {
    // The object id arrives in lParam as a 32-bit value (Microsoft Learn, "WM_GETOBJECT message").
    const auto objectId = static_cast<LONG>(static_cast<DWORD>(lParam));
    if (objectId == OBJID_CLIENT) {
        // "When it receives WM_GETOBJECT with OBJID_CLIENT, the server returns … LresultFromObject" (Microsoft Learn,
        // "How to Handle WM_GETOBJECT"); a new reference each time, our own kept in msaa_.
        if (!loadOleacc() || oleacc_.lresultFromObject == nullptr) return 0;
        if (!msaa_) {
            ComPtr<IAccessible> standard;
            if (oleacc_.createStdAccessibleObject != nullptr)
                oleacc_.createStdAccessibleObject(hwnd_, OBJID_WINDOW, __uuidof(IAccessible),
                                                  reinterpret_cast<void**>(standard.put()));
            msaa_ = makeMsaaRoot(source_, std::move(standard));
        }
        const LRESULT result = oleacc_.lresultFromObject(__uuidof(IAccessible), wParam, msaa_.get());
        return result > 0 ? result : 0;
    }
    if (objectId == uia::kRootObjectId) {
        // "If the lParam matches UiaRootObjectId, return UiaReturnRawElementProvider" (the UIAutomationFragmentProvider
        // sample's window procedure; Microsoft Learn, "UiaReturnRawElementProvider function").
        if (!loadUia() || uia_.returnRawElementProvider == nullptr) return 0;
        if (!uiaRoot_) {
            if (underWine()) keepWineUiaInterfacesRegistered();  // Wine 8's COM runtime hangs without it
            uiaRoot_ = std::make_unique<UiaRoot>(source_, uia_);
        }
        return uia_.returnRawElementProvider(hwnd_, wParam, lParam, uiaRoot_->provider());
    }
    return 0;
}

bool AccessibilityHost::loadOleacc() {
    return loadOnce(oleaccTried_, oleaccDll_, L"oleacc.dll", "MSAA", [this](const UniqueHmodule& dll) {
        oleacc_.lresultFromObject = procAddress<decltype(oleacc_.lresultFromObject)>(dll, "LresultFromObject");
        oleacc_.createStdAccessibleObject =
            procAddress<decltype(oleacc_.createStdAccessibleObject)>(dll, "CreateStdAccessibleObject");
    });
}

bool AccessibilityHost::loadUia() {
    return loadOnce(uiaTried_, uiaDll_, L"uiautomationcore.dll", "UI Automation", [this](const UniqueHmodule& dll) {
        uia_.returnRawElementProvider =
            procAddress<decltype(uia_.returnRawElementProvider)>(dll, "UiaReturnRawElementProvider");
        uia_.hostProviderFromHwnd = procAddress<decltype(uia_.hostProviderFromHwnd)>(dll, "UiaHostProviderFromHwnd");
        uia_.clientsAreListening = procAddress<decltype(uia_.clientsAreListening)>(dll, "UiaClientsAreListening");
        uia_.raiseAutomationEvent = procAddress<decltype(uia_.raiseAutomationEvent)>(dll, "UiaRaiseAutomationEvent");
        uia_.raisePropertyChangedEvent =
            procAddress<decltype(uia_.raisePropertyChangedEvent)>(dll, "UiaRaiseAutomationPropertyChangedEvent");
        uia_.raiseNotificationEvent = procAddress<decltype(uia_.raiseNotificationEvent)>(dll, "UiaRaiseNotificationEvent");
        uia_.disconnectAllProviders = procAddress<decltype(uia_.disconnectAllProviders)>(dll, "UiaDisconnectAllProviders");
        // Wine 8's UiaRaiseStructureChangedEvent ends the process (measured; its UiaClientsAreListening is always
        // FALSE, so it is never reached there anyway): under Wine it is not even looked up.
        if (!underWine())
            uia_.raiseStructureChangedEvent =
                procAddress<decltype(uia_.raiseStructureChangedEvent)>(dll, "UiaRaiseStructureChangedEvent");
    });
}

void AccessibilityHost::publish(ui::AccessibleTree tree) {
    auto next = std::make_shared<const ui::AccessibleTree>(std::move(tree));
    const ui::AccessibleChanges changes = ui::changesBetween(*published_, *next);
    source_->publish(next);
    published_ = next;
    // WinEvents (MSAA): cheap, and nothing happens when no client has a hook (Microsoft Learn, "NotifyWinEvent").
    if (changes.structure) ::NotifyWinEvent(EVENT_OBJECT_REORDER, hwnd_, OBJID_CLIENT, CHILDID_SELF);
    for (const std::int32_t id : changes.changed) ::NotifyWinEvent(EVENT_OBJECT_STATECHANGE, hwnd_, OBJID_CLIENT, id);
    for (const std::int32_t id : changes.values) ::NotifyWinEvent(EVENT_OBJECT_VALUECHANGE, hwnd_, OBJID_CLIENT, id);
    for (const std::int32_t id : changes.announce) {
        ::NotifyWinEvent(EVENT_OBJECT_NAMECHANGE, hwnd_, OBJID_CLIENT, id);
        ::NotifyWinEvent(EVENT_OBJECT_LIVEREGIONCHANGED, hwnd_, OBJID_CLIENT, id);  // Windows 8+
    }
    // "Servers … generate EVENT_OBJECT_FOCUS whenever the focus moves" — while the window has the keyboard.
    if (changes.focus != 0 && ::GetFocus() == hwnd_) ::NotifyWinEvent(EVENT_OBJECT_FOCUS, hwnd_, OBJID_CLIENT, changes.focus);
    if (uiaRoot_) uiaRoot_->raise(changes, *next);  // UI Automation only once a client has asked for it
}

}  // namespace wud::app

// The window's screen-reader objects (app/gui/window/accessibility*.cpp) called directly, in process, as Windows'
// MSAA and UI Automation would call them. The e2e tests drive the real window from another process under Wine; these
// cover what Wine cannot show: UI Automation's patterns (Wine 8's Invoke & co. are stubs) and its events (Wine's
// UiaClientsAreListening is always FALSE) — each stands for what UIAutomationCore does on Windows with our providers.
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>

#include "window/accessibility.hpp"

#include "msaa_child.hpp"

#include "wud/text.hpp"

#include <string>
#include <vector>

using namespace wud;
using namespace wud::app;
using namespace wud::ui;  // the tree's types (AccessibleNode, AccessibleRole…) as the window's code names them

namespace {

// A real (hidden) window: the objects map rectangles through it and refuse requests once it is gone.
struct TestWindow {
    HWND hwnd = CreateWindowExW(0, L"STATIC", L"WU Doctor test", WS_POPUP, 100, 50, 400, 300, nullptr, nullptr,
                                GetModuleHandleW(nullptr), nullptr);
    ~TestWindow() { DestroyWindow(hwnd); }
};

AccessibleNode node(std::string key, AccessibleRole role, std::string name, ui::AccessibleRect rect) {
    AccessibleNode n;
    n.key = std::move(key);
    n.role = role;
    n.name = std::move(name);
    n.focusable = role != AccessibleRole::StaticText;
    n.rect = rect;
    return n;
}

ui::AccessibleTree sampleTree() {
    AccessibleNode verdict = node("verdict", AccessibleRole::StaticText, "Windows Update is stopped", {10, 10, 300, 40});
    verdict.live = ui::AccessibleLive::Polite;
    AccessibleNode restart = node("restart:wuauserv", AccessibleRole::Button,
                                  "Restart Windows Update (needs administrator rights)", {10, 50, 110, 80});
    restart.focused = true;
    AccessibleNode start = node("start:UsoSvc", AccessibleRole::Button, "Start Update Orchestrator", {120, 50, 220, 80});
    start.description = "Update Orchestrator is stopping: wait a moment.";
    start.enabled = start.focusable = false;
    AccessibleNode checks = node("checks", AccessibleRole::OutlineItem, "Checks: no problems found", {10, 90, 390, 110});
    checks.expanded = false;
    AccessibleNode field = node("explain-input", AccessibleRole::EditableText, "Error code to explain", {10, 120, 200, 140});
    field.value = "0x8007";
    AccessibleNode toggle = node("include-related", AccessibleRole::CheckBox, "Include related services", {10, 150, 200, 170});
    toggle.checked = true;
    AccessibleNode meter = node("meter", AccessibleRole::ProgressBar, "Checking Windows' image (DISM)", {10, 180, 390, 200});
    meter.value = "42%";

    ui::AccessibilityTree builder;
    builder.beginFrame(1);
    for (AccessibleNode& n : std::vector{verdict, restart, start, checks, field, toggle, meter}) builder.add(std::move(n));
    return builder.endFrame();
}

std::shared_ptr<AccessibleSource> sourceFor(HWND hwnd, int* wakes = nullptr) {
    auto source = std::make_shared<AccessibleSource>(hwnd, [wakes] {
        if (wakes != nullptr) ++*wakes;
    });
    source->publish(std::make_shared<const ui::AccessibleTree>(sampleTree()));
    return source;
}

std::string bstrText(BSTR b) {
    const std::string s = b != nullptr ? narrow(std::wstring_view(b, SysStringLen(b))) : std::string();
    SysFreeString(b);
    return s;
}

// ---- a recording UI Automation core: which events our providers raise, as uiautomationcore.dll would receive them
struct Raised {
    std::string what, automationId, text;
    int id = 0;
};
std::vector<Raised> raised;
BOOL listening = TRUE;

std::string automationIdOf(IRawElementProviderSimple* p) {
    VARIANT v;
    VariantInit(&v);
    p->GetPropertyValue(UIA_AutomationIdPropertyId, &v);
    std::string id = v.vt == VT_BSTR ? narrow(std::wstring_view(v.bstrVal, SysStringLen(v.bstrVal))) : "";
    VariantClear(&v);
    return id;
}
BOOL WINAPI fakeListening() { return listening; }
HRESULT WINAPI fakeEvent(IRawElementProviderSimple* p, EVENTID id) {
    raised.push_back({"event", automationIdOf(p), {}, id});
    return S_OK;
}
HRESULT WINAPI fakeProperty(IRawElementProviderSimple* p, PROPERTYID id, VARIANT, VARIANT) {
    raised.push_back({"property", automationIdOf(p), {}, id});
    return S_OK;
}
HRESULT WINAPI fakeStructure(IRawElementProviderSimple* p, int type, int*, int) {
    raised.push_back({"structure", automationIdOf(p), {}, type});
    return S_OK;
}
HRESULT WINAPI fakeNotification(IRawElementProviderSimple* p, int, int, BSTR text, BSTR) {
    raised.push_back({"notification", automationIdOf(p), narrow(std::wstring_view(text, SysStringLen(text))), 0});
    return S_OK;
}

UiaApi recordingApi() {
    UiaApi api;
    api.clientsAreListening = &fakeListening;
    api.raiseAutomationEvent = &fakeEvent;
    api.raisePropertyChangedEvent = &fakeProperty;
    api.raiseStructureChangedEvent = &fakeStructure;
    api.raiseNotificationEvent = &fakeNotification;
    return api;
}

template <typename T>
ComPtr<T> as(IUnknown* from) {
    ComPtr<T> to;
    if (from != nullptr) from->QueryInterface(__uuidof(T), reinterpret_cast<void**>(to.put()));
    return to;
}

// A two-state pattern (ExpandCollapse, Toggle): reads `want`, and its action is queued for the UI thread as `kind`.
template <typename Pattern, typename State>
void checkTwoState(const ComPtr<IUnknown>& object, HRESULT (STDMETHODCALLTYPE Pattern::*read)(State*), State want,
                   HRESULT (STDMETHODCALLTYPE Pattern::*act)(), AccessibleSource& source, AccessibleRequest::Kind kind) {
    const ComPtr<Pattern> pattern = as<Pattern>(object.get());
    REQUIRE(pattern);
    State state{};
    CHECK((pattern.get()->*read)(&state) == S_OK);
    CHECK(state == want);
    CHECK((pattern.get()->*act)() == S_OK);
    CHECK(source.takeRequests().at(0).kind == kind);
}

}  // namespace

TEST_CASE("MSAA: every node is a child with its name, role, state and default action", "[a11y][msaa]") {
    const TestWindow window;
    const auto source = sourceFor(window.hwnd);
    const ComPtr<IAccessible> root = makeMsaaRoot(source, {});
    const ui::AccessibleTree tree = *source->tree();

    LONG count = 0;
    REQUIRE(root->get_accChildCount(&count) == S_OK);
    CHECK(count == 7);
    // AccessibleChildren walks IEnumVARIANT: the children's stable ids, in reading order.
    const ComPtr<IEnumVARIANT> children = as<IEnumVARIANT>(root.get());
    REQUIRE(children);
    std::vector<VARIANT> ids(8);
    ULONG fetched = 0;
    CHECK(children->Next(8, ids.data(), &fetched) == S_FALSE);
    REQUIRE(fetched == 7);
    for (ULONG i = 0; i < fetched; ++i) CHECK(ids[i].lVal == tree.nodes[i].id);

    const LONG restart = tree.findKey("restart:wuauserv")->id;
    const LONG start = tree.findKey("start:UsoSvc")->id;
    const LONG checks = tree.findKey("checks")->id;
    BSTR name = nullptr;
    CHECK(root->get_accName(msaaChild(restart), &name) == S_OK);
    CHECK(bstrText(name) == "Restart Windows Update (needs administrator rights)");
    VARIANT role, state;
    CHECK(root->get_accRole(msaaChild(restart), &role) == S_OK);
    CHECK(role.lVal == ROLE_SYSTEM_PUSHBUTTON);
    CHECK(root->get_accState(msaaChild(restart), &state) == S_OK);
    CHECK((state.lVal & STATE_SYSTEM_FOCUSED) != 0);
    CHECK((state.lVal & STATE_SYSTEM_FOCUSABLE) != 0);
    CHECK(root->get_accState(msaaChild(start), &state) == S_OK);
    CHECK((state.lVal & STATE_SYSTEM_UNAVAILABLE) != 0);
    BSTR description = nullptr;
    CHECK(root->get_accDescription(msaaChild(start), &description) == S_OK);
    CHECK(bstrText(description) == "Update Orchestrator is stopping: wait a moment.");
    CHECK(root->get_accRole(msaaChild(checks), &role) == S_OK);
    CHECK(role.lVal == ROLE_SYSTEM_OUTLINEITEM);
    CHECK(root->get_accState(msaaChild(checks), &state) == S_OK);
    CHECK((state.lVal & STATE_SYSTEM_COLLAPSED) != 0);
    BSTR action = nullptr;
    CHECK(root->get_accDefaultAction(msaaChild(checks), &action) == S_OK);
    CHECK(bstrText(action) == "Expand");
    CHECK(root->get_accDefaultAction(msaaChild(start), &action) == S_FALSE);  // disabled: no action
    // The repair's meter: a progress bar whose value is its percentage, as Windows' own progress bars give it.
    const LONG meter = tree.findKey("meter")->id;
    CHECK(root->get_accRole(msaaChild(meter), &role) == S_OK);
    CHECK(role.lVal == ROLE_SYSTEM_PROGRESSBAR);
    BSTR value = nullptr;
    CHECK(root->get_accValue(msaaChild(meter), &value) == S_OK);
    CHECK(bstrText(value) == "42%");
    CHECK(root->get_accValue(msaaChild(restart), &value) == DISP_E_MEMBERNOTFOUND);  // a button has no value

    // Where: the node's client rectangle on the screen.
    LONG x = 0, y = 0, w = 0, h = 0;
    CHECK(root->accLocation(&x, &y, &w, &h, msaaChild(restart)) == S_OK);
    POINT origin{0, 0};
    ClientToScreen(window.hwnd, &origin);
    CHECK(x == origin.x + 10);
    CHECK(y == origin.y + 50);
    CHECK(w == 100);
    CHECK(h == 30);
    VARIANT hit;
    CHECK(root->accHitTest(origin.x + 50, origin.y + 60, &hit) == S_OK);
    CHECK(hit.lVal == restart);
    // A child id that names nothing is an error, never another widget.
    CHECK(root->get_accName(msaaChild(9999), &name) == E_INVALIDARG);
}

TEST_CASE("MSAA: DoDefaultAction queues a press for the UI thread; a disabled button refuses", "[a11y][msaa]") {
    const TestWindow window;
    int wakes = 0;
    const auto source = sourceFor(window.hwnd, &wakes);
    const ComPtr<IAccessible> root = makeMsaaRoot(source, {});
    const ui::AccessibleTree tree = *source->tree();

    CHECK(root->accDoDefaultAction(msaaChild(tree.findKey("restart:wuauserv")->id)) == S_OK);
    std::vector<AccessibleRequest> asked = source->takeRequests();
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].kind == AccessibleRequest::Kind::Press);
    CHECK(asked[0].key == "restart:wuauserv");
    CHECK(wakes == 1);  // the window's loop is woken to draw the frame that presses it

    CHECK(FAILED(root->accDoDefaultAction(msaaChild(tree.findKey("start:UsoSvc")->id))));
    CHECK(root->accDoDefaultAction(msaaChild(tree.findKey("verdict")->id)) == DISP_E_MEMBERNOTFOUND);
    CHECK(source->takeRequests().empty());

    BSTR value = SysAllocString(L"0x80070422");
    CHECK(root->put_accValue(msaaChild(tree.findKey("explain-input")->id), value) == S_OK);
    SysFreeString(value);
    asked = source->takeRequests();
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].kind == AccessibleRequest::Kind::SetValue);
    CHECK(asked[0].value == "0x80070422");

    CHECK(root->accSelect(SELFLAG_TAKEFOCUS, msaaChild(tree.findKey("checks")->id)) == S_OK);
    CHECK(source->takeRequests().at(0).kind == AccessibleRequest::Kind::Focus);

    // The window closes while a client still holds the object: it answers, empty, and takes no request.
    source->detach();
    LONG count = -1;
    CHECK(root->get_accChildCount(&count) == S_OK);
    CHECK(count == 0);
    CHECK(FAILED(root->accDoDefaultAction(msaaChild(tree.findKey("restart:wuauserv")->id))));
    CHECK(source->takeRequests().empty());
}

TEST_CASE("UI Automation: the fragment root's children carry names, control types, ids and states", "[a11y][uia]") {
    const TestWindow window;
    const auto source = sourceFor(window.hwnd);
    const UiaApi api = recordingApi();
    const UiaRoot root(source, api);
    const ui::AccessibleTree tree = *source->tree();

    const ComPtr<IRawElementProviderFragment> rootFragment = as<IRawElementProviderFragment>(root.provider());
    REQUIRE(rootFragment);
    ComPtr<IRawElementProviderFragment> first;
    REQUIRE(rootFragment->Navigate(NavigateDirection_FirstChild, first.put()) == S_OK);
    REQUIRE(first);
    const ComPtr<IRawElementProviderSimple> verdict = as<IRawElementProviderSimple>(first.get());
    CHECK(automationIdOf(verdict.get()) == "verdict");
    ComPtr<IRawElementProviderFragment> second;
    REQUIRE(first->Navigate(NavigateDirection_NextSibling, second.put()) == S_OK);
    const ComPtr<IRawElementProviderSimple> restart = as<IRawElementProviderSimple>(second.get());
    CHECK(automationIdOf(restart.get()) == "restart:wuauserv");

    VARIANT v;
    VariantInit(&v);
    REQUIRE(restart->GetPropertyValue(UIA_NamePropertyId, &v) == S_OK);
    CHECK(narrow(v.bstrVal) == "Restart Windows Update (needs administrator rights)");
    VariantClear(&v);
    REQUIRE(restart->GetPropertyValue(UIA_ControlTypePropertyId, &v) == S_OK);
    CHECK(v.lVal == 50000);  // UIA_ButtonControlTypeId
    REQUIRE(restart->GetPropertyValue(UIA_HasKeyboardFocusPropertyId, &v) == S_OK);
    CHECK(v.boolVal == VARIANT_TRUE);
    REQUIRE(verdict->GetPropertyValue(UIA_ControlTypePropertyId, &v) == S_OK);
    CHECK(v.lVal == 50020);  // UIA_TextControlTypeId
    REQUIRE(verdict->GetPropertyValue(UIA_LiveSettingPropertyId, &v) == S_OK);
    CHECK(v.lVal == 1);  // Polite: read out when it changes
    const ComPtr<IRawElementProviderSimple> start = root.node(tree.findKey("start:UsoSvc")->id);
    REQUIRE(start->GetPropertyValue(UIA_IsEnabledPropertyId, &v) == S_OK);
    CHECK(v.boolVal == VARIANT_FALSE);
    REQUIRE(start->GetPropertyValue(UIA_HelpTextPropertyId, &v) == S_OK);
    CHECK(narrow(v.bstrVal) == "Update Orchestrator is stopping: wait a moment.");
    VariantClear(&v);

    // The same element across frames: runtime id {UiaAppendRuntimeId, node id}.
    SAFEARRAY* runtimeId = nullptr;
    REQUIRE(second->GetRuntimeId(&runtimeId) == S_OK);
    LONG at = 0;
    int part = 0;
    SafeArrayGetElement(runtimeId, &at, &part);
    CHECK(part == 3);
    at = 1;
    SafeArrayGetElement(runtimeId, &at, &part);
    CHECK(part == tree.findKey("restart:wuauserv")->id);
    SafeArrayDestroy(runtimeId);

    UiaRect rect{};
    REQUIRE(second->get_BoundingRectangle(&rect) == S_OK);
    POINT origin{0, 0};
    ClientToScreen(window.hwnd, &origin);
    CHECK(rect.left == origin.x + 10);
    CHECK(rect.width == 100);

    // The root finds the focused element and the one under a point.
    const ComPtr<IRawElementProviderFragmentRoot> fragmentRoot = as<IRawElementProviderFragmentRoot>(root.provider());
    ComPtr<IRawElementProviderFragment> focus;
    REQUIRE(fragmentRoot->GetFocus(focus.put()) == S_OK);
    CHECK(automationIdOf(as<IRawElementProviderSimple>(focus.get()).get()) == "restart:wuauserv");
    ComPtr<IRawElementProviderFragment> under;
    REQUIRE(fragmentRoot->ElementProviderFromPoint(origin.x + 130, origin.y + 60, under.put()) == S_OK);
    CHECK(automationIdOf(as<IRawElementProviderSimple>(under.get()).get()) == "start:UsoSvc");
}

TEST_CASE("UI Automation patterns: Invoke, Toggle, ExpandCollapse and Value ask the UI thread; disabled refuses",
          "[a11y][uia]") {
    const TestWindow window;
    const auto source = sourceFor(window.hwnd);
    const UiaApi api = recordingApi();
    const UiaRoot root(source, api);
    const ui::AccessibleTree tree = *source->tree();
    raised.clear();
    listening = TRUE;

    const auto pattern = [&](const char* key, PATTERNID id) {
        ComPtr<IUnknown> object;
        root.node(tree.findKey(key)->id)->GetPatternProvider(id, object.put());
        return object;
    };
    // Invoke: a button, never text.
    const ComPtr<IInvokeProvider> invoke = as<IInvokeProvider>(pattern("restart:wuauserv", UIA_InvokePatternId).get());
    REQUIRE(invoke);
    CHECK_FALSE(pattern("verdict", UIA_InvokePatternId));
    CHECK_FALSE(pattern("restart:wuauserv", UIA_ValuePatternId));
    CHECK(invoke->Invoke() == S_OK);
    std::vector<AccessibleRequest> asked = source->takeRequests();
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].kind == AccessibleRequest::Kind::Press);
    CHECK(asked[0].key == "restart:wuauserv");
    REQUIRE(raised.size() == 1);
    CHECK(raised[0].id == 20009);  // UIA_Invoke_InvokedEventId
    const ComPtr<IInvokeProvider> disabled = as<IInvokeProvider>(pattern("start:UsoSvc", UIA_InvokePatternId).get());
    REQUIRE(disabled);
    CHECK(disabled->Invoke() == static_cast<HRESULT>(0x80040200));  // UIA_E_ELEMENTNOTENABLED
    CHECK(source->takeRequests().empty());

    // ExpandCollapse: a folding section; Toggle: a check box.
    checkTwoState(pattern("checks", UIA_ExpandCollapsePatternId), &IExpandCollapseProvider::get_ExpandCollapseState,
                  uia::ExpandCollapseState_Collapsed, &IExpandCollapseProvider::Expand, *source,
                  AccessibleRequest::Kind::Expand);
    checkTwoState(pattern("include-related", UIA_TogglePatternId), &IToggleProvider::get_ToggleState,
                  uia::ToggleState_On, &IToggleProvider::Toggle, *source, AccessibleRequest::Kind::Press);

    // Value: the error-code field.
    const ComPtr<IValueProvider> value = as<IValueProvider>(pattern("explain-input", UIA_ValuePatternId).get());
    REQUIRE(value);
    BSTR text = nullptr;
    CHECK(value->get_Value(&text) == S_OK);
    CHECK(bstrText(text) == "0x8007");
    CHECK(value->SetValue(L"0x80070422") == S_OK);
    asked = source->takeRequests();
    REQUIRE(asked.size() == 1);
    CHECK(asked[0].kind == AccessibleRequest::Kind::SetValue);
    CHECK(asked[0].value == "0x80070422");
    BOOL readOnly = TRUE;
    CHECK(value->get_IsReadOnly(&readOnly) == S_OK);
    CHECK(readOnly == FALSE);

    // Value on the repair's meter: its progress, read-only ("ProgressBar Control Type"); nothing can set it.
    const ComPtr<IValueProvider> progress = as<IValueProvider>(pattern("meter", UIA_ValuePatternId).get());
    REQUIRE(progress);
    CHECK_FALSE(pattern("meter", UIA_InvokePatternId));
    CHECK(progress->get_Value(&text) == S_OK);
    CHECK(bstrText(text) == "42%");
    CHECK(progress->get_IsReadOnly(&readOnly) == S_OK);
    CHECK(readOnly == TRUE);
    CHECK(progress->SetValue(L"100%") == uia::kInvalidOperation);
    CHECK(source->takeRequests().empty());

    // A node that is gone (the next frame has no such widget): every call says so.
    ui::AccessibilityTree builder;
    builder.beginFrame(2);
    source->publish(std::make_shared<const ui::AccessibleTree>(builder.endFrame()));
    CHECK(invoke->Invoke() == static_cast<HRESULT>(0x80040201));  // UIA_E_ELEMENTNOTAVAILABLE
}

TEST_CASE("UI Automation events: focus, announcements and structure, only while a client listens", "[a11y][uia]") {
    const TestWindow window;
    const auto source = sourceFor(window.hwnd);
    UiaApi api = recordingApi();
    const UiaRoot root(source, api);
    const ui::AccessibleTree tree = *source->tree();

    ui::AccessibleChanges changes;
    changes.structure = true;
    changes.focus = tree.findKey("restart:wuauserv")->id;
    changes.announce = {tree.findKey("verdict")->id};
    changes.values = {tree.findKey("meter")->id};

    raised.clear();
    listening = FALSE;  // as under Wine, or with no screen reader running: nothing is raised at all
    root.raise(changes, tree);
    CHECK(raised.empty());

    listening = TRUE;
    root.raise(changes, tree);
    const auto has = [&](const std::string& what, const std::string& id, int eventId) {
        return std::any_of(raised.begin(), raised.end(),
                           [&](const Raised& r) { return r.what == what && r.automationId == id && r.id == eventId; });
    };
    CHECK(has("structure", "wudoctor", 2));              // StructureChangeType_ChildrenInvalidated on the root
    CHECK(has("event", "restart:wuauserv", 20005));      // UIA_AutomationFocusChangedEventId
    CHECK(has("event", "verdict", 20024));               // UIA_LiveRegionChangedEventId
    CHECK(has("property", "meter", 30045));              // UIA_ValueValuePropertyId: the meter moved
    const auto note = std::find_if(raised.begin(), raised.end(), [](const Raised& r) { return r.what == "notification"; });
    REQUIRE(note != raised.end());
    CHECK(note->text == "Windows Update is stopped");    // what Narrator / NVDA read out

    // Under Wine UiaRaiseStructureChangedEvent is never looked up (it ends the process there): no call, no crash.
    api.raiseStructureChangedEvent = nullptr;
    raised.clear();
    root.raise(changes, tree);
    CHECK_FALSE(has("structure", "wudoctor", 2));
    CHECK(has("event", "restart:wuauserv", 20005));
}

TEST_CASE("MSAA events: a focus move is a WinEvent naming the focused child", "[a11y][msaa]") {
    // The window, shown and given the keyboard, as the real one is when a user tabs through it.
    HWND hwnd = CreateWindowExW(0, L"STATIC", L"WU Doctor events", WS_OVERLAPPEDWINDOW | WS_VISIBLE, 0, 0, 300, 200,
                                nullptr, nullptr, GetModuleHandleW(nullptr), nullptr);
    REQUIRE(hwnd != nullptr);
    SetForegroundWindow(hwnd);
    SetFocus(hwnd);
    static std::vector<LONG> focused;
    focused.clear();
    const HWINEVENTHOOK hook = SetWinEventHook(
        EVENT_OBJECT_FOCUS, EVENT_OBJECT_FOCUS, nullptr,
        [](HWINEVENTHOOK, DWORD, HWND from, LONG object, LONG child, DWORD, DWORD) {
            if (object == OBJID_CLIENT && GetPropW(from, L"WUDoctor.AccessibilityHost") != nullptr) focused.push_back(child);
        },
        GetCurrentProcessId(), 0, WINEVENT_OUTOFCONTEXT);
    REQUIRE(hook != nullptr);
    {
        AccessibilityHost host(hwnd, [] {});
        ui::AccessibleTree tree = sampleTree();
        const std::int32_t restart = tree.findKey("restart:wuauserv")->id;
        ui::AccessibleTree unfocused = tree;
        for (AccessibleNode& n : unfocused.nodes) n.focused = false;
        host.publish(unfocused);
        host.publish(tree);  // Tab moved the focus to Restart
        // An out-of-context hook's callback comes as a message to this thread: pump until it has come (bounded).
        const ULONGLONG deadline = GetTickCount64() + 5000;
        while (focused.empty() && GetTickCount64() < deadline) {
            MSG msg;
            while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
            if (focused.empty()) MsgWaitForMultipleObjects(0, nullptr, FALSE, 100, QS_ALLINPUT);
        }
        REQUIRE(GetFocus() == hwnd);  // else no focus event is due (the window lacks the keyboard)
        REQUIRE(focused.size() == 1);
        CHECK(focused[0] == restart);
    }
    UnhookWinEvent(hook);
    DestroyWindow(hwnd);
}

TEST_CASE("Settings messages: a high contrast switch or new system colours restyle the window; others re-read the "
          "text size", "[a11y][look]") {
    // Wine 8 never sends these for high contrast (its SPI_SETHIGHCONTRAST is a FIXME): sent here as Windows sends
    // them to every top-level window (Microsoft Learn, "WM_SETTINGCHANGE": wParam SPI_SETHIGHCONTRAST; "WM_SYSCOLORCHANGE").
    const TestWindow window;
    AccessibilityHost host(window.hwnd, [] {});
    CHECK_FALSE(host.takeSettingsChanged().highContrast);

    SendMessageW(window.hwnd, WM_SETTINGCHANGE, SPI_SETHIGHCONTRAST, 0);
    AccessibilitySettingsChanged seen = host.takeSettingsChanged();
    CHECK(seen.highContrast);
    CHECK(seen.textScale);
    CHECK_FALSE(host.takeSettingsChanged().highContrast);  // told once

    SendMessageW(window.hwnd, WM_SYSCOLORCHANGE, 0, 0);
    CHECK(host.takeSettingsChanged().highContrast);

    SendMessageW(window.hwnd, WM_SETTINGCHANGE, SPI_SETWORKAREA, 0);
    seen = host.takeSettingsChanged();
    CHECK_FALSE(seen.highContrast);
    CHECK(seen.textScale);
}

// The UI Automation face of the accessibility tree, modelled on Microsoft's UIAutomationFragmentProvider sample
// (microsoft/Windows-classic-samples, Samples/UIAutomationFragmentProvider: ListProvider = our fragment root,
// ListItemProvider = our node fragments): the root is the window's client area, hosted by the HWND's own provider
// (UiaHostProviderFromHwnd gives it the window's name, process and runtime id); each node is a fragment whose runtime
// id is {UiaAppendRuntimeId, node id}, so it is the same element across frames. Patterns: Invoke (buttons), Toggle
// (check boxes), ExpandCollapse (folding sections), Value (the error-code field). A node that is gone answers
// UIA_E_ELEMENTNOTAVAILABLE; a disabled one refuses its pattern with UIA_E_ELEMENTNOTENABLED (Microsoft Learn,
// "IInvokeProvider::Invoke": "UIA_E_ELEMENTNOTENABLED if the control is not enabled").
#include "window/accessibility.hpp"

#include "wud/text.hpp"

namespace wud::app {
namespace {

using ui::AccessibleNode;
using ui::AccessibleRequest;
using ui::AccessibleRole;

// Free-threaded providers: every call only reads the last published tree (under its lock) or queues a request, so any
// thread UI Automation picks will do. Not ProviderOptions_UseComThreading (calls on the window's STA thread only,
// Microsoft Learn, "ProviderOptions"): under Wine 8 with it, a client's first UiaNavigate hangs ("stub not found for
// ipid" in the server), measured; without it, Wine serves the tree.
constexpr int kOptions = ProviderOptions_ServerSideProvider;

void setBstr(VARIANT* v, std::string_view utf8) {
    const std::wstring wide = widen(utf8);
    v->vt = VT_BSTR;
    v->bstrVal = ::SysAllocStringLen(wide.data(), static_cast<UINT>(wide.size()));
}
void setBool(VARIANT* v, bool value) {
    v->vt = VT_BOOL;
    v->boolVal = value ? VARIANT_TRUE : VARIANT_FALSE;
}
void setInt(VARIANT* v, int value) {
    v->vt = VT_I4;
    v->lVal = value;
}

CONTROLTYPEID controlType(AccessibleRole role) {
    switch (role) {
        case AccessibleRole::Button: return uia::kButton;
        case AccessibleRole::CheckBox: return uia::kCheckBox;
        case AccessibleRole::OutlineItem: return uia::kTreeItem;
        case AccessibleRole::StaticText: return uia::kText;
        case AccessibleRole::EditableText: return uia::kEdit;
        case AccessibleRole::ProgressBar: return uia::kProgressBar;
    }
    return uia::kText;
}

UiaRect uiaRect(const RECT& r) {
    return {static_cast<double>(r.left), static_cast<double>(r.top), static_cast<double>(r.right - r.left),
            static_cast<double>(r.bottom - r.top)};
}

HRESULT refusalCode(const AccessibleNode* n) {
    return n == nullptr ? uia::kElementNotAvailable : !n->enabled ? uia::kElementNotEnabled : uia::kInvalidOperation;
}

// The control patterns a node offers, by its role: Invoke (buttons), Toggle (check boxes), ExpandCollapse (folding
// sections), Value (the error-code field, and a meter's progress: "Progress bar controls that give a textual indication
// of progress must implement the Value control pattern … IsReadOnly: always TRUE", Microsoft Learn, "ProgressBar
// Control Type").
struct Pattern {
    PATTERNID id;
    IID iid;
    AccessibleRole role;
    AccessibleRole alsoRole = role;
    [[nodiscard]] bool offeredBy(AccessibleRole r) const noexcept { return r == role || r == alsoRole; }
};
const Pattern kPatterns[] = {
    {UIA_InvokePatternId, __uuidof(IInvokeProvider), AccessibleRole::Button},
    {UIA_TogglePatternId, __uuidof(IToggleProvider), AccessibleRole::CheckBox},
    {UIA_ExpandCollapsePatternId, __uuidof(IExpandCollapseProvider), AccessibleRole::OutlineItem},
    {UIA_ValuePatternId, __uuidof(IValueProvider), AccessibleRole::EditableText, AccessibleRole::ProgressBar},
};

template <typename Match>
const Pattern* findPattern(Match match) {
    for (const Pattern& p : kPatterns)
        if (match(p)) return &p;
    return nullptr;
}

HRESULT providerOptions(enum ProviderOptions* options) {
    if (options == nullptr) return E_POINTER;
    *options = static_cast<enum ProviderOptions>(kOptions);
    return S_OK;
}

class RootProvider;

/// One node of the tree, by its stable id. Reads the last published tree on every call.
class NodeProvider final : public ComObject<NodeProvider, IRawElementProviderSimple, IRawElementProviderFragment,
                                            IInvokeProvider, IToggleProvider, IExpandCollapseProvider, IValueProvider> {
public:
    NodeProvider(std::shared_ptr<AccessibleSource> source, const UiaApi& api, IRawElementProviderFragmentRoot* root,
                 std::int32_t id)
        : source_(std::move(source)), api_(api), root_(root), id_(id) {
        root_->AddRef();
    }
    ~NodeProvider() { root_->Release(); }

    /// A pattern's interface only where the node's role has that pattern.
    void* find(REFIID riid) {
        const Pattern* p = findPattern([&](const Pattern& q) { return q.iid == riid; });
        return p == nullptr || offered(*p) ? ComObject::find(riid) : nullptr;
    }

    // ---- IRawElementProviderSimple
    HRESULT STDMETHODCALLTYPE get_ProviderOptions(enum ProviderOptions* options) override { return providerOptions(options); }
    HRESULT STDMETHODCALLTYPE GetPatternProvider(PATTERNID pattern, IUnknown** out) override {
        if (out == nullptr) return E_POINTER;
        *out = nullptr;
        const auto tree = source_->tree();
        const AccessibleNode* n = tree->find(id_);
        if (n == nullptr) return uia::kElementNotAvailable;
        const Pattern* p = findPattern([&](const Pattern& q) { return q.id == pattern; });
        if (p == nullptr || !p->offeredBy(n->role)) return S_OK;  // null: not supported
        *out = static_cast<IRawElementProviderSimple*>(this);
        AddRef();
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetPropertyValue(PROPERTYID property, VARIANT* value) override {
        if (value == nullptr) return E_POINTER;
        ::VariantInit(value);
        const auto tree = source_->tree();
        const AccessibleNode* n = tree->find(id_);
        if (n == nullptr) return uia::kElementNotAvailable;
        switch (property) {
            case UIA_NamePropertyId: setBstr(value, n->name); break;
            case UIA_ControlTypePropertyId: setInt(value, controlType(n->role)); break;
            case UIA_AutomationIdPropertyId: setBstr(value, n->key); break;
            case UIA_IsEnabledPropertyId: setBool(value, n->enabled); break;
            case UIA_HasKeyboardFocusPropertyId: setBool(value, n->focused); break;
            case UIA_IsKeyboardFocusablePropertyId: setBool(value, n->focusable); break;
            case UIA_IsOffscreenPropertyId: setBool(value, n->offscreen); break;
            case UIA_IsControlElementPropertyId:
            case UIA_IsContentElementPropertyId: setBool(value, true); break;
            case UIA_HelpTextPropertyId:
            case UIA_FullDescriptionPropertyId:
                if (!n->description.empty()) setBstr(value, n->description);
                break;
            case UIA_LiveSettingPropertyId:
                if (n->live != ui::AccessibleLive::Off)
                    setInt(value, n->live == ui::AccessibleLive::Assertive ? uia::LiveSetting_Assertive : uia::LiveSetting_Polite);
                break;
            case UIA_FrameworkIdPropertyId: setBstr(value, "DirectUI"); break;  // drawn without child windows
            default: break;  // VT_EMPTY: not supported, UI Automation uses its default
        }
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_HostRawElementProvider(IRawElementProviderSimple** host) override {
        if (host == nullptr) return E_POINTER;
        *host = nullptr;  // not a window of its own (as the sample's list items)
        return S_OK;
    }

    // ---- IRawElementProviderFragment
    HRESULT STDMETHODCALLTYPE Navigate(enum NavigateDirection direction, IRawElementProviderFragment** out) override {
        if (out == nullptr) return E_POINTER;
        *out = nullptr;
        const auto tree = source_->tree();
        const int i = tree->indexOf(id_);
        if (i < 0) return uia::kElementNotAvailable;
        if (direction == NavigateDirection_Parent) {
            root_->QueryInterface(__uuidof(IRawElementProviderFragment), reinterpret_cast<void**>(out));
            return S_OK;
        }
        int to = -1;
        if (direction == NavigateDirection_NextSibling) to = i + 1;
        if (direction == NavigateDirection_PreviousSibling) to = i - 1;
        if (to >= 0 && to < static_cast<int>(tree->nodes.size()))
            *out = new NodeProvider(source_, api_, root_, tree->nodes[static_cast<std::size_t>(to)].id);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetRuntimeId(SAFEARRAY** out) override {
        if (out == nullptr) return E_POINTER;
        const int ids[] = {uia::kAppendRuntimeId, id_};
        *out = ::SafeArrayCreateVector(VT_I4, 0, 2);
        if (*out == nullptr) return E_OUTOFMEMORY;
        for (LONG k = 0; k < 2; ++k) ::SafeArrayPutElement(*out, &k, const_cast<int*>(&ids[k]));
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_BoundingRectangle(struct UiaRect* out) override {
        if (out == nullptr) return E_POINTER;
        *out = {};
        const auto tree = source_->tree();
        const AccessibleNode* n = tree->find(id_);
        if (n == nullptr) return uia::kElementNotAvailable;
        if (!n->offscreen) *out = uiaRect(source_->toScreen(n->rect));  // offscreen: an empty rectangle
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetEmbeddedFragmentRoots(SAFEARRAY** out) override {
        if (out != nullptr) *out = nullptr;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE SetFocus() override { return ask(AccessibleRequest::Kind::Focus); }
    HRESULT STDMETHODCALLTYPE get_FragmentRoot(IRawElementProviderFragmentRoot** out) override {
        if (out == nullptr) return E_POINTER;
        *out = root_;
        root_->AddRef();
        return S_OK;
    }

    // ---- the patterns: each asks the UI thread, which does it in the next frame as a click or key would
    HRESULT STDMETHODCALLTYPE Invoke() override {
        const HRESULT hr = ask(AccessibleRequest::Kind::Press);
        if (SUCCEEDED(hr) && api_.raiseAutomationEvent != nullptr && listening())
            api_.raiseAutomationEvent(static_cast<IRawElementProviderSimple*>(this), uia::kInvokedEvent);
        return hr;
    }
    HRESULT STDMETHODCALLTYPE Toggle() override { return ask(AccessibleRequest::Kind::Press); }
    HRESULT STDMETHODCALLTYPE get_ToggleState(enum uia::ToggleState* state) override {
        return read(state, [](const AccessibleNode& n, enum uia::ToggleState& out) {
            out = !n.checked ? uia::ToggleState_Indeterminate : *n.checked ? uia::ToggleState_On : uia::ToggleState_Off;
        });
    }
    HRESULT STDMETHODCALLTYPE Expand() override { return ask(AccessibleRequest::Kind::Expand); }
    HRESULT STDMETHODCALLTYPE Collapse() override { return ask(AccessibleRequest::Kind::Collapse); }
    HRESULT STDMETHODCALLTYPE get_ExpandCollapseState(enum uia::ExpandCollapseState* state) override {
        return read(state, [](const AccessibleNode& n, enum uia::ExpandCollapseState& out) {
            out = !n.expanded ? uia::ExpandCollapseState_LeafNode
                  : *n.expanded ? uia::ExpandCollapseState_Expanded
                                : uia::ExpandCollapseState_Collapsed;
        });
    }
    HRESULT STDMETHODCALLTYPE SetValue(LPCWSTR text) override {
        return ask(AccessibleRequest::Kind::SetValue, text != nullptr ? narrow(text) : std::string());
    }
    HRESULT STDMETHODCALLTYPE get_Value(BSTR* value) override {
        return read(value, [](const AccessibleNode& n, BSTR& out) {
            const std::wstring wide = widen(n.value);
            out = ::SysAllocStringLen(wide.data(), static_cast<UINT>(wide.size()));
        });
    }
    HRESULT STDMETHODCALLTYPE get_IsReadOnly(BOOL* readOnly) override {
        return read(readOnly, [](const AccessibleNode& n, BOOL& out) {
            out = n.enabled && n.role == AccessibleRole::EditableText ? FALSE : TRUE;
        });
    }

private:
    // An out-parameter filled from the node as last published: E_POINTER without a place for it, "not available" once
    // the widget is gone.
    template <typename Out, typename Fill>
    HRESULT read(Out* out, Fill fill) const {
        if (out == nullptr) return E_POINTER;
        const auto tree = source_->tree();
        const AccessibleNode* n = tree->find(id_);
        if (n == nullptr) return uia::kElementNotAvailable;
        fill(*n, *out);
        return S_OK;
    }
    bool offered(const Pattern& pattern) const {
        const auto tree = source_->tree();
        const AccessibleNode* n = tree->find(id_);
        return n != nullptr && pattern.offeredBy(n->role);
    }
    bool listening() const { return api_.clientsAreListening != nullptr && api_.clientsAreListening(); }
    HRESULT ask(AccessibleRequest::Kind kind, std::string value = {}) {
        const auto tree = source_->tree();
        const AccessibleNode* n = tree->find(id_);
        if (n == nullptr) return uia::kElementNotAvailable;
        if (!ui::refusal(n, kind).empty()) return refusalCode(n);
        return source_->request({kind, n->key, std::move(value)}).empty() ? S_OK : refusalCode(n);
    }

    std::shared_ptr<AccessibleSource> source_;
    const UiaApi& api_;
    IRawElementProviderFragmentRoot* root_;
    std::int32_t id_;
};

/// The window's client area: the fragment root, hosted by the HWND's own provider.
class RootProvider final : public ComObject<RootProvider, IRawElementProviderSimple, IRawElementProviderFragment,
                                            IRawElementProviderFragmentRoot> {
public:
    RootProvider(std::shared_ptr<AccessibleSource> source, const UiaApi& api) : source_(std::move(source)), api_(api) {}

    HRESULT STDMETHODCALLTYPE get_ProviderOptions(enum ProviderOptions* options) override { return providerOptions(options); }
    HRESULT STDMETHODCALLTYPE GetPatternProvider(PATTERNID, IUnknown** out) override {
        if (out != nullptr) *out = nullptr;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetPropertyValue(PROPERTYID property, VARIANT* value) override {
        if (value == nullptr) return E_POINTER;
        ::VariantInit(value);
        // The window's own provider (the host) gives the rest: name (the title), runtime id, process.
        if (property == UIA_ControlTypePropertyId) setInt(value, uia::kPane);
        else if (property == UIA_AutomationIdPropertyId) setBstr(value, "wudoctor");
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_HostRawElementProvider(IRawElementProviderSimple** host) override {
        if (host == nullptr) return E_POINTER;
        *host = nullptr;
        const HWND hwnd = source_->hwnd();
        if (hwnd == nullptr) return uia::kElementNotAvailable;
        return api_.hostProviderFromHwnd != nullptr ? api_.hostProviderFromHwnd(hwnd, host) : S_OK;
    }

    HRESULT STDMETHODCALLTYPE Navigate(enum NavigateDirection direction, IRawElementProviderFragment** out) override {
        if (out == nullptr) return E_POINTER;
        *out = nullptr;
        const auto tree = source_->tree();
        if (tree->nodes.empty()) return S_OK;
        // Parent and siblings: the host's (the HWND's) business.
        if (direction == NavigateDirection_FirstChild) *out = node(tree->nodes.front().id);
        else if (direction == NavigateDirection_LastChild) *out = node(tree->nodes.back().id);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetRuntimeId(SAFEARRAY** out) override {
        if (out != nullptr) *out = nullptr;  // the host's
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_BoundingRectangle(struct UiaRect* out) override {
        if (out == nullptr) return E_POINTER;
        *out = {};  // the host's
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetEmbeddedFragmentRoots(SAFEARRAY** out) override {
        if (out != nullptr) *out = nullptr;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE SetFocus() override { return S_OK; }  // the window's: the host does it
    HRESULT STDMETHODCALLTYPE get_FragmentRoot(IRawElementProviderFragmentRoot** out) override {
        if (out == nullptr) return E_POINTER;
        *out = this;
        AddRef();
        return S_OK;
    }

    HRESULT STDMETHODCALLTYPE ElementProviderFromPoint(double x, double y, IRawElementProviderFragment** out) override {
        if (out == nullptr) return E_POINTER;
        *out = nullptr;
        const POINT p = source_->toClient(static_cast<long>(x), static_cast<long>(y));
        const auto tree = source_->tree();
        if (const AccessibleNode* n = tree->at(static_cast<float>(p.x), static_cast<float>(p.y))) *out = node(n->id);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetFocus(IRawElementProviderFragment** out) override {
        if (out == nullptr) return E_POINTER;
        *out = nullptr;
        const auto tree = source_->tree();
        if (const AccessibleNode* n = tree->focused()) *out = node(n->id);
        return S_OK;
    }

    /// A new provider for the node (one reference, the caller's).
    IRawElementProviderFragment* node(std::int32_t id) {
        return new NodeProvider(source_, api_, static_cast<IRawElementProviderFragmentRoot*>(this), id);
    }

private:
    std::shared_ptr<AccessibleSource> source_;
    const UiaApi& api_;
};

}  // namespace

UiaRoot::UiaRoot(std::shared_ptr<AccessibleSource> source, const UiaApi& api) : source_(std::move(source)), api_(api) {
    *root_.put() = new RootProvider(source_, api_);
}

ComPtr<IRawElementProviderSimple> UiaRoot::node(std::int32_t id) const {
    ComPtr<IRawElementProviderSimple> simple;
    IRawElementProviderFragment* fragment = static_cast<RootProvider*>(root_.get())->node(id);
    fragment->QueryInterface(__uuidof(IRawElementProviderSimple), reinterpret_cast<void**>(simple.put()));
    fragment->Release();
    return simple;
}

void UiaRoot::raise(const ui::AccessibleChanges& changes, const ui::AccessibleTree& tree) const {
    // "UiaClientsAreListening … to avoid the performance cost of raising events nobody receives" (Microsoft Learn,
    // "UiaClientsAreListening function"); under Wine 8 it always answers FALSE.
    if (api_.clientsAreListening == nullptr || !api_.clientsAreListening()) return;
    if (changes.structure && api_.raiseStructureChangedEvent != nullptr)
        api_.raiseStructureChangedEvent(root_.get(), uia::StructureChangeType_ChildrenInvalidated, nullptr, 0);
    if (changes.focus != 0 && api_.raiseAutomationEvent != nullptr)
        api_.raiseAutomationEvent(node(changes.focus).get(), uia::kFocusChangedEvent);
    for (const std::int32_t id : changes.announce) {
        const AccessibleNode* n = tree.find(id);
        if (n == nullptr) continue;
        const ComPtr<IRawElementProviderSimple> provider = node(id);
        // A live region's new text (Microsoft Learn, "LiveSetting"), and where there is one (Windows 10 1709+) a
        // notification, which Narrator and NVDA read out at once: "Windows Update is running again".
        if (api_.raiseAutomationEvent != nullptr) api_.raiseAutomationEvent(provider.get(), uia::kLiveRegionChangedEvent);
        if (api_.raiseNotificationEvent != nullptr) {
            const Bstr text(widen(n->description.empty() ? n->name : n->name + ". " + n->description));
            const Bstr activity(widen("wudoctor." + n->key));
            api_.raiseNotificationEvent(provider.get(), uia::NotificationKind_ActionCompleted,
                                        uia::NotificationProcessing_MostRecent, text.get(), activity.get());
        }
    }
    // A property's new text: a changed node's name; the value of a meter or field whose value changed (the Value
    // pattern's property-changed event, which "ProgressBar Control Type" requires).
    const auto textChanged = [&](const std::vector<std::int32_t>& ids, PROPERTYID property,
                                 std::string AccessibleNode::*text) {
        if (api_.raisePropertyChangedEvent == nullptr) return;
        for (const std::int32_t id : ids) {
            const AccessibleNode* n = tree.find(id);
            if (n == nullptr) continue;
            VARIANT before, after;
            ::VariantInit(&before);
            ::VariantInit(&after);
            setBstr(&after, n->*text);
            api_.raisePropertyChangedEvent(node(id).get(), property, before, after);
            ::VariantClear(&after);
        }
    };
    textChanged(changes.changed, UIA_NamePropertyId, &AccessibleNode::name);
    textChanged(changes.values, UIA_ValueValuePropertyId, &AccessibleNode::value);
}

}  // namespace wud::app

// The MSAA face of the accessibility tree: the window's client area as one IAccessible whose children are "simple
// elements" named by child id (Microsoft Learn, "Simple Elements"): the id is the node's stable id, so an event's
// child id still names the same widget when the client asks about it a moment later. IEnumVARIANT on the same object
// lists them, which is how AccessibleChildren walks a container whose child ids are not 1..n (Microsoft Learn,
// "AccessibleChildren function").
#include "window/accessibility.hpp"

#include "wud/text.hpp"

namespace wud::app {
namespace {

using ui::AccessibleNode;
using ui::AccessibleRequest;
using ui::AccessibleRole;

BSTR bstr(std::string_view utf8) {
    const std::wstring wide = widen(utf8);
    return ::SysAllocStringLen(wide.data(), static_cast<UINT>(wide.size()));
}

// A BSTR out-parameter: the text, or S_FALSE and null when there is none (IAccessible's convention).
HRESULT textOut(const std::string& text, BSTR* out) {
    if (out == nullptr) return E_POINTER;
    *out = nullptr;
    if (text.empty()) return S_FALSE;
    *out = bstr(text);
    return *out != nullptr ? S_OK : E_OUTOFMEMORY;
}

void setChild(VARIANT* out, LONG id) {
    ::VariantInit(out);
    out->vt = VT_I4;
    out->lVal = id;
}

LONG msaaRole(AccessibleRole role) {
    switch (role) {
        case AccessibleRole::Button: return ROLE_SYSTEM_PUSHBUTTON;
        case AccessibleRole::CheckBox: return ROLE_SYSTEM_CHECKBUTTON;
        case AccessibleRole::OutlineItem: return ROLE_SYSTEM_OUTLINEITEM;
        case AccessibleRole::StaticText: return ROLE_SYSTEM_STATICTEXT;
        case AccessibleRole::EditableText: return ROLE_SYSTEM_TEXT;
        case AccessibleRole::ProgressBar: return ROLE_SYSTEM_PROGRESSBAR;
    }
    return ROLE_SYSTEM_STATICTEXT;
}

LONG msaaState(const AccessibleNode& n) {
    LONG state = 0;
    if (!n.enabled) state |= STATE_SYSTEM_UNAVAILABLE;
    if (n.focusable) state |= STATE_SYSTEM_FOCUSABLE;
    if (n.focused) state |= STATE_SYSTEM_FOCUSED;
    if (n.offscreen) state |= STATE_SYSTEM_OFFSCREEN;
    if (n.expanded) state |= *n.expanded ? STATE_SYSTEM_EXPANDED : STATE_SYSTEM_COLLAPSED;
    if (n.checked && *n.checked) state |= STATE_SYSTEM_CHECKED;
    if (n.role == AccessibleRole::StaticText) state |= STATE_SYSTEM_READONLY;
    return state;
}

// The keys the window answers to, for the buttons that have one (README, "Keyboard").
std::string shortcut(const AccessibleNode& n) {
    if (n.key == "refresh") return "F5";
    if (n.key == "copy-report") return "Ctrl+C";
    if (n.key == "confirm-no") return "Esc";
    return {};
}

class MsaaRoot final : public ComObject<MsaaRoot, IAccessible, IEnumVARIANT> {
public:
    MsaaRoot(std::shared_ptr<AccessibleSource> source, ComPtr<IAccessible> standard, ULONG position = 0)
        : source_(std::move(source)), standard_(std::move(standard)), position_(position) {}

    /// IAccessible also answers for IDispatch, its base.
    void* find(REFIID riid) {
        return riid == __uuidof(IDispatch) ? static_cast<IAccessible*>(this) : ComObject::find(riid);
    }

    // ---- IDispatch: not offered (clients use the vtable; oleacc's proxies marshal IAccessible without it)
    HRESULT STDMETHODCALLTYPE GetTypeInfoCount(UINT* count) override {
        if (count != nullptr) *count = 0;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE GetTypeInfo(UINT, LCID, ITypeInfo**) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE GetIDsOfNames(REFIID, LPOLESTR*, UINT, LCID, DISPID*) override { return E_NOTIMPL; }
    HRESULT STDMETHODCALLTYPE Invoke(DISPID, REFIID, LCID, WORD, DISPPARAMS*, VARIANT*, EXCEPINFO*, UINT*) override {
        return E_NOTIMPL;
    }

    // ---- IAccessible
    HRESULT STDMETHODCALLTYPE get_accParent(IDispatch** parent) override {
        if (parent == nullptr) return E_POINTER;
        *parent = nullptr;
        if (!standard_) return S_FALSE;
        return standard_->QueryInterface(__uuidof(IDispatch), reinterpret_cast<void**>(parent));
    }
    HRESULT STDMETHODCALLTYPE get_accChildCount(LONG* count) override {
        if (count == nullptr) return E_POINTER;
        *count = static_cast<LONG>(source_->tree()->nodes.size());
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_accChild(VARIANT child, IDispatch** out) override {
        if (out == nullptr) return E_POINTER;
        *out = nullptr;
        const auto tree = source_->tree();
        if (isSelf(child)) return E_INVALIDARG;
        return nodeOf(*tree, child) != nullptr ? S_FALSE : E_INVALIDARG;  // simple elements: no object of their own
    }
    HRESULT STDMETHODCALLTYPE get_accName(VARIANT child, BSTR* name) override {
        return childText(child, "WU Doctor", name, [](const AccessibleNode& n) { return n.name; });
    }
    HRESULT STDMETHODCALLTYPE get_accValue(VARIANT child, BSTR* value) override {
        if (value != nullptr) *value = nullptr;
        if (isSelf(child)) return DISP_E_MEMBERNOTFOUND;
        const auto tree = source_->tree();
        const AccessibleNode* n = nodeOf(*tree, child);
        if (n == nullptr) return E_INVALIDARG;
        // The field's text; a progress bar's progress: "The Value property is a string from "0%" to "100%" that
        // describes the progress" (Microsoft Learn, "Progress Bar Control (MSAA UI Element Reference)").
        if (n->role != AccessibleRole::EditableText && n->role != AccessibleRole::ProgressBar)
            return DISP_E_MEMBERNOTFOUND;
        if (value == nullptr) return E_POINTER;
        *value = bstr(n->value);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_accDescription(VARIANT child, BSTR* description) override {
        return childText(child, "Windows Update services and what blocks them", description,
                         [](const AccessibleNode& n) { return n.description; });
    }
    HRESULT STDMETHODCALLTYPE get_accRole(VARIANT child, VARIANT* role) override {
        if (role == nullptr) return E_POINTER;
        if (isSelf(child)) {
            setChild(role, ROLE_SYSTEM_CLIENT);
            return S_OK;
        }
        const auto tree = source_->tree();
        const AccessibleNode* n = nodeOf(*tree, child);
        if (n == nullptr) return E_INVALIDARG;
        setChild(role, msaaRole(n->role));
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_accState(VARIANT child, VARIANT* state) override {
        if (state == nullptr) return E_POINTER;
        if (isSelf(child)) {
            const HWND hwnd = source_->hwnd();
            setChild(state, STATE_SYSTEM_FOCUSABLE | (hwnd != nullptr && ::GetFocus() == hwnd ? STATE_SYSTEM_FOCUSED : 0));
            return S_OK;
        }
        const auto tree = source_->tree();
        const AccessibleNode* n = nodeOf(*tree, child);
        if (n == nullptr) return E_INVALIDARG;
        setChild(state, msaaState(*n));
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_accHelp(VARIANT, BSTR* help) override { return textOut({}, help); }
    HRESULT STDMETHODCALLTYPE get_accHelpTopic(BSTR* file, VARIANT, LONG* topic) override {
        if (file != nullptr) *file = nullptr;
        if (topic != nullptr) *topic = 0;
        return S_FALSE;
    }
    HRESULT STDMETHODCALLTYPE get_accKeyboardShortcut(VARIANT child, BSTR* keys) override {
        return childText(child, {}, keys, [](const AccessibleNode& n) { return shortcut(n); });
    }
    HRESULT STDMETHODCALLTYPE get_accFocus(VARIANT* focus) override {
        if (focus == nullptr) return E_POINTER;
        ::VariantInit(focus);
        const HWND hwnd = source_->hwnd();
        if (hwnd == nullptr || ::GetFocus() != hwnd) return S_FALSE;  // the window does not have the keyboard
        const auto tree = source_->tree();
        const AccessibleNode* n = tree->focused();
        setChild(focus, n != nullptr ? n->id : CHILDID_SELF);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE get_accSelection(VARIANT* selection) override {
        if (selection == nullptr) return E_POINTER;
        ::VariantInit(selection);
        return S_FALSE;
    }
    HRESULT STDMETHODCALLTYPE get_accDefaultAction(VARIANT child, BSTR* action) override {
        return childText(child, {}, action, [](const AccessibleNode& n) { return n.defaultAction(); });
    }
    HRESULT STDMETHODCALLTYPE accSelect(LONG flags, VARIANT child) override {
        if ((flags & SELFLAG_TAKEFOCUS) == 0) return DISP_E_MEMBERNOTFOUND;  // nothing here is selectable
        if (isSelf(child)) return S_OK;
        return ask(child, AccessibleRequest::Kind::Focus);
    }
    HRESULT STDMETHODCALLTYPE accLocation(LONG* left, LONG* top, LONG* width, LONG* height, VARIANT child) override {
        if (left == nullptr || top == nullptr || width == nullptr || height == nullptr) return E_POINTER;
        RECT r{};
        if (isSelf(child)) {
            const HWND hwnd = source_->hwnd();
            if (hwnd == nullptr || !::GetClientRect(hwnd, &r)) return E_FAIL;
            ::MapWindowPoints(hwnd, nullptr, reinterpret_cast<POINT*>(&r), 2);
        } else {
            const auto tree = source_->tree();
            const AccessibleNode* n = nodeOf(*tree, child);
            if (n == nullptr) return E_INVALIDARG;
            r = source_->toScreen(n->rect);
        }
        *left = r.left;
        *top = r.top;
        *width = r.right - r.left;
        *height = r.bottom - r.top;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE accNavigate(LONG direction, VARIANT start, VARIANT* end) override {
        if (end == nullptr) return E_POINTER;
        ::VariantInit(end);
        const auto tree = source_->tree();
        const auto& nodes = tree->nodes;
        if (isSelf(start)) {
            if (nodes.empty() || (direction != NAVDIR_FIRSTCHILD && direction != NAVDIR_LASTCHILD)) return S_FALSE;
            setChild(end, direction == NAVDIR_FIRSTCHILD ? nodes.front().id : nodes.back().id);
            return S_OK;
        }
        const AccessibleNode* n = nodeOf(*tree, start);
        if (n == nullptr) return E_INVALIDARG;
        const int i = tree->indexOf(n->id);
        int to = -1;
        if (direction == NAVDIR_NEXT || direction == NAVDIR_DOWN) to = i + 1;
        else if (direction == NAVDIR_PREVIOUS || direction == NAVDIR_UP) to = i - 1;
        if (to < 0 || to >= static_cast<int>(nodes.size())) return S_FALSE;
        setChild(end, nodes[static_cast<std::size_t>(to)].id);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE accHitTest(LONG x, LONG y, VARIANT* hit) override {
        if (hit == nullptr) return E_POINTER;
        ::VariantInit(hit);
        const HWND hwnd = source_->hwnd();
        RECT client{};
        if (hwnd == nullptr || !::GetClientRect(hwnd, &client)) return S_FALSE;
        const POINT p = source_->toClient(x, y);
        if (!::PtInRect(&client, p)) return S_FALSE;
        const auto tree = source_->tree();
        const AccessibleNode* n = tree->at(static_cast<float>(p.x), static_cast<float>(p.y));
        setChild(hit, n != nullptr ? n->id : CHILDID_SELF);
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE accDoDefaultAction(VARIANT child) override {
        if (isSelf(child)) return DISP_E_MEMBERNOTFOUND;
        return ask(child, AccessibleRequest::Kind::Press);
    }
    HRESULT STDMETHODCALLTYPE put_accName(VARIANT, BSTR) override { return DISP_E_MEMBERNOTFOUND; }
    HRESULT STDMETHODCALLTYPE put_accValue(VARIANT child, BSTR value) override {
        if (isSelf(child)) return DISP_E_MEMBERNOTFOUND;
        const auto tree = source_->tree();
        const AccessibleNode* n = nodeOf(*tree, child);
        if (n == nullptr) return E_INVALIDARG;
        if (n->role != AccessibleRole::EditableText) return DISP_E_MEMBERNOTFOUND;
        AccessibleRequest r{AccessibleRequest::Kind::SetValue, n->key,
                            value != nullptr ? narrow(std::wstring_view(value, ::SysStringLen(value))) : std::string()};
        return source_->request(r).empty() ? S_OK : E_FAIL;
    }

    // ---- IEnumVARIANT: the children's ids, in reading order
    HRESULT STDMETHODCALLTYPE Next(ULONG count, VARIANT* out, ULONG* fetched) override {
        if (out == nullptr) return E_POINTER;
        const auto tree = source_->tree();
        ULONG n = 0;
        for (; n < count && position_ < tree->nodes.size(); ++n, ++position_) setChild(&out[n], tree->nodes[position_].id);
        if (fetched != nullptr) *fetched = n;
        return n == count ? S_OK : S_FALSE;
    }
    HRESULT STDMETHODCALLTYPE Skip(ULONG count) override {
        const std::size_t size = source_->tree()->nodes.size();
        position_ += count;
        if (position_ > size) {
            position_ = static_cast<ULONG>(size);
            return S_FALSE;
        }
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE Reset() override {
        position_ = 0;
        return S_OK;
    }
    HRESULT STDMETHODCALLTYPE Clone(IEnumVARIANT** out) override {
        if (out == nullptr) return E_POINTER;
        ComPtr<IAccessible> standard;
        if (standard_) standard_->QueryInterface(__uuidof(IAccessible), reinterpret_cast<void**>(standard.put()));
        *out = new MsaaRoot(source_, std::move(standard), position_);
        return S_OK;
    }

private:
    static bool isSelf(const VARIANT& child) { return child.vt == VT_I4 && child.lVal == CHILDID_SELF; }
    static const AccessibleNode* nodeOf(const ui::AccessibleTree& tree, const VARIANT& child) {
        if (child.vt != VT_I4 || child.lVal <= 0) return nullptr;
        return tree.find(child.lVal);
    }
    // One text of a child, or of the window itself (`self`): S_FALSE and null when there is none.
    template <typename Text>
    HRESULT childText(const VARIANT& child, const std::string& self, BSTR* out, Text text) const {
        if (isSelf(child)) return textOut(self, out);
        const auto tree = source_->tree();
        const AccessibleNode* n = nodeOf(*tree, child);
        return n == nullptr ? E_INVALIDARG : textOut(text(*n), out);
    }
    // A press, a focus: refused at once when it cannot be done (disabled, gone), else queued for the UI thread.
    HRESULT ask(const VARIANT& child, AccessibleRequest::Kind kind) {
        const auto tree = source_->tree();
        const AccessibleNode* n = nodeOf(*tree, child);
        if (n == nullptr) return E_INVALIDARG;
        if (kind == AccessibleRequest::Kind::Press && n->defaultAction().empty() && n->enabled)
            return DISP_E_MEMBERNOTFOUND;  // text: there is nothing to do
        return source_->request({kind, n->key, {}}).empty() ? S_OK : E_FAIL;
    }

    std::shared_ptr<AccessibleSource> source_;
    ComPtr<IAccessible> standard_;
    ULONG position_ = 0;
};

}  // namespace

ComPtr<IAccessible> makeMsaaRoot(std::shared_ptr<AccessibleSource> source, ComPtr<IAccessible> standard) {
    ComPtr<IAccessible> root;
    *root.put() = new MsaaRoot(std::move(source), std::move(standard));
    return root;
}

}  // namespace wud::app

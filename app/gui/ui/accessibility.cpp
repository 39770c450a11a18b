#include "ui/accessibility.hpp"

#include <algorithm>

namespace wud::ui {

std::string AccessibleNode::defaultAction() const {
    if (!enabled) return {};
    switch (role) {
        case AccessibleRole::Button: return "Press";
        case AccessibleRole::CheckBox: return checked.value_or(false) ? "Uncheck" : "Check";
        case AccessibleRole::OutlineItem: return expanded.value_or(false) ? "Collapse" : "Expand";
        case AccessibleRole::EditableText: return "Edit";
        case AccessibleRole::StaticText:
        case AccessibleRole::ProgressBar: return {};
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------- the tree

const AccessibleNode* AccessibleTree::find(std::int32_t id) const noexcept {
    const int i = indexOf(id);
    return i < 0 ? nullptr : &nodes[static_cast<std::size_t>(i)];
}

const AccessibleNode* AccessibleTree::findKey(std::string_view key) const noexcept {
    const auto it = std::find_if(nodes.begin(), nodes.end(), [&](const AccessibleNode& n) { return n.key == key; });
    return it == nodes.end() ? nullptr : &*it;
}

const AccessibleNode* AccessibleTree::focused() const noexcept {
    const auto it = std::find_if(nodes.begin(), nodes.end(), [](const AccessibleNode& n) { return n.focused; });
    return it == nodes.end() ? nullptr : &*it;
}

const AccessibleNode* AccessibleTree::at(float x, float y) const noexcept {
    // Drawn later = on top (a popup's buttons over the window's): search from the end.
    const auto it = std::find_if(nodes.rbegin(), nodes.rend(),
                                 [&](const AccessibleNode& n) { return !n.offscreen && n.rect.contains(x, y); });
    return it == nodes.rend() ? nullptr : &*it;
}

int AccessibleTree::indexOf(std::int32_t id) const noexcept {
    const auto it = std::find_if(nodes.begin(), nodes.end(), [&](const AccessibleNode& n) { return n.id == id; });
    return it == nodes.end() ? -1 : static_cast<int>(it - nodes.begin());
}

AccessibleChanges changesBetween(const AccessibleTree& before, const AccessibleTree& after) {
    AccessibleChanges changes;
    changes.structure = before.nodes.size() != after.nodes.size() ||
                        !std::equal(before.nodes.begin(), before.nodes.end(), after.nodes.begin(), after.nodes.end(),
                                    [](const AccessibleNode& a, const AccessibleNode& b) { return a.id == b.id; });
    const AccessibleNode* was = before.focused();
    const AccessibleNode* is = after.focused();
    if (is != nullptr && (was == nullptr || was->id != is->id)) changes.focus = is->id;
    for (const AccessibleNode& node : after.nodes) {
        const AccessibleNode* old = before.find(node.id);
        const bool textChanged = old == nullptr || old->name != node.name || old->description != node.description;
        // A live node is announced when its text is new — the verdict changed, a result appeared — but not on the
        // very first tree (the screen reader reads the window as it opens anyway).
        if (node.live != AccessibleLive::Off && textChanged && !node.name.empty() && before.frame != 0)
            changes.announce.push_back(node.id);
        if (old != nullptr && (old->name != node.name || old->value != node.value || old->enabled != node.enabled ||
                               old->expanded != node.expanded || old->checked != node.checked ||
                               old->description != node.description || old->offscreen != node.offscreen))
            changes.changed.push_back(node.id);
        if (old != nullptr && old->value != node.value) changes.values.push_back(node.id);
    }
    return changes;
}

// ---------------------------------------------------------------------------------------------------- builder

std::int32_t AccessibilityTree::idOf(std::string_view key) {
    const auto it = ids_.find(std::string(key));
    if (it != ids_.end()) return it->second;
    const std::int32_t id = next_++;
    ids_.emplace(std::string(key), id);
    return id;
}

void AccessibilityTree::beginFrame(std::uint64_t frame) {
    building_ = {};
    building_.frame = frame;
}

void AccessibilityTree::add(AccessibleNode node) {
    if (node.key.empty() || building_.findKey(node.key) != nullptr) return;
    node.id = idOf(node.key);
    building_.nodes.push_back(std::move(node));
}

AccessibleTree AccessibilityTree::endFrame() {
    AccessibleTree tree = std::move(building_);
    building_ = {};
    // An open confirmation is a dialog: what lies behind it cannot be reached (Tab stays inside it too).
    if (std::any_of(tree.nodes.begin(), tree.nodes.end(), [](const AccessibleNode& n) { return n.modal; }))
        std::erase_if(tree.nodes, [](const AccessibleNode& n) { return !n.modal; });
    return tree;
}

// ---------------------------------------------------------------------------------------------------- requests

std::string refusal(const AccessibleNode* node, AccessibleRequest::Kind kind) {
    using K = AccessibleRequest::Kind;
    if (node == nullptr) return "it is no longer on screen";
    if (!node->enabled && kind != K::Focus) {
        return node->description.empty() ? node->name + " is unavailable now" : node->description;
    }
    switch (kind) {
        case K::Press:
            if (node->role == AccessibleRole::Button || node->role == AccessibleRole::CheckBox ||
                node->role == AccessibleRole::OutlineItem)
                return {};
            return node->name + " cannot be pressed";
        case K::Expand:
        case K::Collapse:
            return node->role == AccessibleRole::OutlineItem ? std::string() : node->name + " does not fold";
        case K::SetValue:
            return node->role == AccessibleRole::EditableText ? std::string() : node->name + " takes no text";
        case K::Focus:
            return node->focusable ? std::string() : node->name + " cannot take the keyboard focus";
    }
    return {};
}

// ---------------------------------------------------------------------------------------------------- names

std::string accessibleButtonName(std::string_view label, std::string_view target, bool needsAdmin) {
    std::string name = visibleLabel(label);
    if (!target.empty()) name += " " + std::string(target);
    if (needsAdmin) name += " (needs administrator rights)";
    return name;
}

std::string visibleLabel(std::string_view label) {
    const auto hidden = label.find("##");
    return std::string(label.substr(0, hidden));
}

}  // namespace wud::ui

// The window's accessibility tree (app/gui/ui/accessibility.cpp), without ImGui or Windows: what a screen reader is
// told about each widget — ids that survive redraws, names a blind user can act on, states, what is announced.
#include <catch2/catch.hpp>

#include "ui/accessibility.hpp"

using namespace wud::ui;

namespace {

AccessibleNode button(std::string key, std::string name, bool enabled = true) {
    AccessibleNode n;
    n.key = std::move(key);
    n.role = AccessibleRole::Button;
    n.name = std::move(name);
    n.enabled = enabled;
    n.focusable = enabled;
    return n;
}

AccessibleNode text(std::string key, std::string name, AccessibleLive live = AccessibleLive::Off) {
    AccessibleNode n;
    n.key = std::move(key);
    n.name = std::move(name);
    n.live = live;
    return n;
}

AccessibleTree frame(AccessibilityTree& builder, std::uint64_t number, std::vector<AccessibleNode> nodes) {
    builder.beginFrame(number);
    for (AccessibleNode& n : nodes) builder.add(std::move(n));
    return builder.endFrame();
}

}  // namespace

TEST_CASE("Accessibility tree: a widget keeps its id across frames, whatever moves around it", "[ui][a11y]") {
    AccessibilityTree builder;
    const AccessibleTree first = frame(builder, 1, {text("verdict", "Windows Update is stopped"),
                                                    button("restart:wuauserv", "Restart Windows Update"),
                                                    button("fix", "Fix Windows Update")});
    // The next frame: a result panel appeared above Fix, the verdict changed, Restart moved down.
    const AccessibleTree second = frame(builder, 2, {text("verdict", "Windows Update is running again"),
                                                     text("operation-result", "Windows Update restarted."),
                                                     button("restart:wuauserv", "Restart Windows Update"),
                                                     button("fix", "Fix Windows Update")});
    REQUIRE(first.findKey("restart:wuauserv") != nullptr);
    CHECK(second.findKey("restart:wuauserv")->id == first.findKey("restart:wuauserv")->id);
    CHECK(second.findKey("fix")->id == first.findKey("fix")->id);
    CHECK(second.findKey("verdict")->id == first.findKey("verdict")->id);
    CHECK(second.findKey("operation-result")->id != first.findKey("fix")->id);
    // Ids are positive and unique (MSAA child ids: 0 is the window itself).
    for (const AccessibleNode& n : second.nodes) {
        CHECK(n.id > 0);
        CHECK(second.find(n.id) == &n);
    }
    // A widget that goes and comes back gets its old id again, and a gone one is not found.
    const AccessibleTree third = frame(builder, 3, {button("fix", "Fix Windows Update")});
    CHECK(third.findKey("restart:wuauserv") == nullptr);
    CHECK(third.find(first.findKey("restart:wuauserv")->id) == nullptr);
    const AccessibleTree fourth = frame(builder, 4, {button("restart:wuauserv", "Restart Windows Update")});
    CHECK(fourth.findKey("restart:wuauserv")->id == first.findKey("restart:wuauserv")->id);
}

TEST_CASE("Accessibility tree: a key drawn twice in a frame is one node", "[ui][a11y]") {
    AccessibilityTree builder;
    const AccessibleTree tree = frame(builder, 1, {button("fix", "Fix Windows Update"), button("fix", "Other"),
                                                   AccessibleNode{}});
    REQUIRE(tree.nodes.size() == 1);
    CHECK(tree.nodes[0].name == "Fix Windows Update");
}

TEST_CASE("Accessibility names: the Restart buttons say which service, the shield is in words", "[ui][a11y]") {
    CHECK(accessibleButtonName("Restart", "Windows Update", false) == "Restart Windows Update");
    CHECK(accessibleButtonName("Restart", "Update Orchestrator", false) == "Restart Update Orchestrator");
    CHECK(accessibleButtonName("Restart", "Windows Update", false) !=
          accessibleButtonName("Restart", "Update Orchestrator", false));
    CHECK(accessibleButtonName("Fix Windows Update", "", true) == "Fix Windows Update (needs administrator rights)");
    CHECK(accessibleButtonName("Checks###checks", "", false) == "Checks");
    CHECK(visibleLabel("Reset update cache…") == "Reset update cache…");
}

TEST_CASE("Accessibility states: default actions follow role and state; a disabled widget has none", "[ui][a11y]") {
    AccessibleNode fix = button("fix", "Fix Windows Update");
    CHECK(fix.defaultAction() == "Press");
    fix.enabled = false;
    CHECK(fix.defaultAction().empty());

    // A two-state widget's action is the way out of the state it is in.
    const auto action = [](AccessibleRole role, std::optional<bool> AccessibleNode::*state, bool on) {
        AccessibleNode n;
        n.role = role;
        n.*state = on;
        return n.defaultAction();
    };
    CHECK(action(AccessibleRole::OutlineItem, &AccessibleNode::expanded, false) == "Expand");
    CHECK(action(AccessibleRole::OutlineItem, &AccessibleNode::expanded, true) == "Collapse");
    CHECK(action(AccessibleRole::CheckBox, &AccessibleNode::checked, false) == "Check");
    CHECK(action(AccessibleRole::CheckBox, &AccessibleNode::checked, true) == "Uncheck");

    CHECK(text("verdict", "Windows Update is stopped").defaultAction().empty());
}

TEST_CASE("Accessibility requests: a disabled button refuses, saying why; text cannot be pressed", "[ui][a11y]") {
    AccessibleNode start = button("start:UsoSvc", "Start Update Orchestrator", false);
    start.description = "Update Orchestrator is starting: wait a moment.";
    CHECK(refusal(&start, AccessibleRequest::Kind::Press) == "Update Orchestrator is starting: wait a moment.");
    start.description.clear();
    CHECK(refusal(&start, AccessibleRequest::Kind::Press) == "Start Update Orchestrator is unavailable now");
    CHECK(refusal(nullptr, AccessibleRequest::Kind::Press) == "it is no longer on screen");

    const AccessibleNode fix = button("fix", "Fix Windows Update");
    CHECK(refusal(&fix, AccessibleRequest::Kind::Press).empty());
    CHECK_FALSE(refusal(&fix, AccessibleRequest::Kind::SetValue).empty());
    CHECK_FALSE(refusal(&fix, AccessibleRequest::Kind::Expand).empty());

    const AccessibleNode verdict = text("verdict", "Windows Update is stopped");
    CHECK(refusal(&verdict, AccessibleRequest::Kind::Press) == "Windows Update is stopped cannot be pressed");
    CHECK_FALSE(refusal(&verdict, AccessibleRequest::Kind::Focus).empty());

    AccessibleNode field;
    field.role = AccessibleRole::EditableText;
    field.focusable = true;
    CHECK(refusal(&field, AccessibleRequest::Kind::SetValue).empty());
    CHECK(refusal(&field, AccessibleRequest::Kind::Focus).empty());
}

TEST_CASE("Accessibility changes: focus moves, a new verdict or result is announced, the first tree is not",
          "[ui][a11y]") {
    AccessibilityTree builder;
    AccessibleNode refresh = button("refresh", "Refresh");
    const AccessibleTree none;
    const AccessibleTree first = frame(builder, 1, {text("verdict", "Windows Update is stopped", AccessibleLive::Polite),
                                                    refresh, button("fix", "Fix Windows Update")});
    const AccessibleChanges opening = changesBetween(none, first);
    CHECK(opening.structure);
    CHECK(opening.announce.empty());  // the window opening is read by the screen reader anyway
    CHECK(opening.focus == 0);

    refresh.focused = true;
    const AccessibleTree tabbed = frame(builder, 2, {text("verdict", "Windows Update is stopped", AccessibleLive::Polite),
                                                     refresh, button("fix", "Fix Windows Update")});
    const AccessibleChanges tab = changesBetween(first, tabbed);
    CHECK_FALSE(tab.structure);
    CHECK(tab.focus == tabbed.findKey("refresh")->id);
    CHECK(tab.announce.empty());
    CHECK(changesBetween(tabbed, tabbed).focus == 0);  // still there: no new focus event

    refresh.focused = false;
    AccessibleNode fix = button("fix", "Fix Windows Update");
    fix.focused = true;
    const AccessibleTree fixed = frame(builder, 3, {text("verdict", "Windows Update is running again", AccessibleLive::Polite),
                                                    refresh, fix,
                                                    text("operation-result", "Fixed.", AccessibleLive::Assertive)});
    const AccessibleChanges after = changesBetween(tabbed, fixed);
    CHECK(after.structure);
    CHECK(after.focus == fixed.findKey("fix")->id);
    REQUIRE(after.announce.size() == 2);
    CHECK(after.announce[0] == fixed.findKey("verdict")->id);
    CHECK(after.announce[1] == fixed.findKey("operation-result")->id);
    CHECK(after.changed == std::vector<std::int32_t>{fixed.findKey("verdict")->id});
}

TEST_CASE("Accessibility changes: a button turning unavailable is a state change, not an announcement", "[ui][a11y]") {
    AccessibilityTree builder;
    const AccessibleTree before = frame(builder, 1, {button("fix", "Fix Windows Update")});
    const AccessibleTree after = frame(builder, 2, {button("fix", "Fix Windows Update", false)});
    const AccessibleChanges changes = changesBetween(before, after);
    CHECK_FALSE(changes.structure);
    CHECK(changes.announce.empty());
    CHECK(changes.changed == std::vector<std::int32_t>{after.findKey("fix")->id});
    CHECK(changes.values.empty());
}

TEST_CASE("Accessibility changes: a meter's progress moving is a value change (read by its screen reader as such)",
          "[ui][a11y]") {
    AccessibilityTree builder;
    const auto meter = [](std::string step, std::string value) {
        AccessibleNode n;
        n.key = "meter";
        n.role = AccessibleRole::ProgressBar;
        n.name = std::move(step);
        n.value = std::move(value);
        return n;
    };
    const AccessibleTree at10 = frame(builder, 1, {meter("Checking Windows' image (DISM)", "10%")});
    const AccessibleTree at42 = frame(builder, 2, {meter("Checking Windows' image (DISM)", "42%")});
    const AccessibleChanges moved = changesBetween(at10, at42);
    CHECK(moved.values == std::vector<std::int32_t>{at42.findKey("meter")->id});
    CHECK(moved.announce.empty());  // a progress bar is not a live region: no sentence read out at every percent
    const AccessibleTree nextStep = frame(builder, 3, {meter("Checking Windows' files (SFC)", "42%")});
    CHECK(changesBetween(at42, nextStep).values.empty());  // the step is its name: a name change, not a value one
    CHECK(changesBetween(at42, nextStep).changed == std::vector<std::int32_t>{nextStep.findKey("meter")->id});
}

TEST_CASE("Accessibility tree: while the confirmation is open, only the dialog is there", "[ui][a11y]") {
    AccessibilityTree builder;
    AccessibleNode yes = button("confirm-yes", "Set to Manual");
    yes.modal = true;
    AccessibleNode no = button("confirm-no", "Cancel");
    no.modal = true;
    const AccessibleTree tree = frame(builder, 1, {button("fix", "Fix Windows Update"), yes, no});
    REQUIRE(tree.nodes.size() == 2);
    CHECK(tree.nodes[0].key == "confirm-yes");
    CHECK(tree.nodes[1].key == "confirm-no");
}

TEST_CASE("Accessibility tree: hit testing finds the topmost visible node", "[ui][a11y]") {
    AccessibilityTree builder;
    AccessibleNode card = text("card:wuauserv", "Windows Update: Running");
    card.rect = {0, 0, 300, 200};
    AccessibleNode restart = button("restart:wuauserv", "Restart Windows Update");
    restart.rect = {10, 150, 110, 180};
    AccessibleNode hidden = button("undo:wuauserv", "Undo");
    hidden.rect = {10, 150, 110, 180};
    hidden.offscreen = true;
    const AccessibleTree tree = frame(builder, 1, {card, restart, hidden});
    CHECK(tree.at(50, 160)->key == "restart:wuauserv");
    CHECK(tree.at(250, 20)->key == "card:wuauserv");
    CHECK(tree.at(400, 20) == nullptr);
}

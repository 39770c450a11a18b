#!/usr/bin/env python3
"""End-to-end tests of accessibility: the real wudoctor.exe under Wine + Xvfb, read and driven by a screen reader's
client in another process (tests/fixtures/a11y_client.cpp: MSAA through AccessibleObjectFromWindow, UI Automation
through the flat Uia* functions), shown in a high contrast theme's colours, and laid out at Windows' largest text size.

    accessibility_e2e.py ROW     run one row (CTest runs each as its own test)
    accessibility_e2e.py --list  list the rows

Builds on the harness in e2e.py. Extra environment: WUD_A11Y_CLIENT_EXE.
What Wine 8 cannot show is said where it matters: its UI Automation has no patterns and no events (those are tested
against the provider objects in tests/gui/accessibility_test.cpp), and its SPI_SETHIGHCONTRAST does nothing (so the
high contrast row stands in for Windows' "on" with WUD_TEST_HIGH_CONTRAST=1 and sets real system colours).
"""
from __future__ import annotations

import collections
import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e  # noqa: E402
from e2e import (RUNNING, STOPPED, App, TestFailure, check, ensure_state, log, scq, user_setting,  # noqa: E402
                 wait_scm, wine)

ROLE_PUSHBUTTON, ROLE_STATICTEXT, ROLE_TEXT, ROLE_OUTLINEITEM, ROLE_PROGRESSBAR = 0x2B, 0x29, 0x2A, 0x24, 0x30
STATE_UNAVAILABLE, STATE_FOCUSED = 0x1, 0x4
UIA_BUTTON, UIA_TEXT = "50000", "50020"


# ------------------------------------------------------------------------------------------------ the client

def client(*args: str) -> tuple[int, list[list[str]]]:
    """Runs the screen reader's client in the test prefix: (exit code, its tab-separated lines)."""
    try:
        result = wine(os.environ["WUD_A11Y_CLIENT_EXE"], *args, timeout=60)
    except subprocess.TimeoutExpired:
        raise TestFailure(f"the screen reader's client ({' '.join(args)}) got no answer from the window in 60 s: "
                          "the window stopped answering WM_GETOBJECT (a hung UI thread)") from None
    lines = [line.split("\t") for line in result.stdout.decode("utf-8", errors="replace").splitlines() if line]
    return result.returncode, lines


class Child:
    def __init__(self, fields: list[str]):
        self.id, self.role, self.state = int(fields[1]), int(fields[2]), int(fields[3], 16)
        self.name, self.description, self.action = fields[4], fields[5], fields[6]
        self.value = fields[8] if len(fields) > 8 else ""

    def __repr__(self) -> str:
        return f"<{self.id} role {self.role:#x} state {self.state:#x} {self.name!r}>"


def msaa_tree() -> tuple[list[Child], str]:
    """The window's MSAA children and what has the focus, as a screen reader sees them."""
    code, lines = client("msaa")
    check(code == 0, f"the MSAA client could not read the window: {lines}")
    children = [Child(f) for f in lines if f[0] == "child"]
    focus = next((f[1] for f in lines if f[0] == "focus"), "none")
    return children, focus


def named(children: list[Child], prefix: str) -> Child | None:
    return next((c for c in children if c.name.startswith(prefix)), None)


def wait_msaa(predicate, what: str, timeout: float = 30) -> tuple[list[Child], str]:
    """Reads the tree until predicate(children, focus) holds (the window publishes it once a frame has settled)."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = msaa_tree()
        if predicate(*last):
            return last
        time.sleep(0.2)
    raise TestFailure(f"the screen reader never saw {what}; last: {last}")


# ------------------------------------------------------------------------------------------------ rows

def test_screen_reader_msaa() -> None:
    """Through MSAA, from another process: every widget has a name and a role, the two Restart buttons say which
    service, the verdict and the cards are readable, Tab moves the focus the reader sees, DoDefaultAction on "Fix
    Windows Update" really runs Fix (Update Orchestrator, then Windows Update — both fixtures here, so their records
    show the order), and a disabled button refuses its action."""
    wine_wuauserv = r"C:\windows\system32\wuauserv.exe"
    ensure_state("wuauserv", STOPPED)
    e2e.set_binpath("wuauserv", e2e.fixture_binpath())
    try:
        before = {name: ensure_state(name, RUNNING) for name in ("UsoSvc", "wuauserv")}
        with App("screen_reader_msaa", WUD_UI_IDLE_POLL_MS="600000") as app:
            frame = app.wait(lambda p: p["texts"]["state:UsoSvc"] == "running" and p["texts"]["state:wuauserv"] == "running",
                             "both services running")
            children, _ = wait_msaa(lambda c, f: named(c, "Restart Update Orchestrator") is not None, "both Restarts")
            log(f"{len(children)} children: " + "; ".join(f"{c.name[:40]!r}" for c in children[:12]) + " …")
            frame = app.probe()
            # Every widget the window drew is there for the screen reader, with a name and a role.
            widgets = [c for c in children if c.role in (ROLE_PUSHBUTTON, ROLE_OUTLINEITEM, ROLE_TEXT)]
            check(len(widgets) == len(frame["items"]),
                  f"{len(frame['items'])} widgets drawn, {len(widgets)} seen by the screen reader: {widgets}")
            check(all(c.name for c in widgets), f"a widget without a name: {[c for c in widgets if not c.name]}")
            buttons = [c for c in children if c.role == ROLE_PUSHBUTTON]
            check(all(c.action == "Press" or c.state & STATE_UNAVAILABLE for c in buttons),
                  f"every enabled button's default action is Press: {buttons}")
            restart_wu, restart_uso = named(children, "Restart Windows Update"), named(children, "Restart Update Orchestrator")
            check(restart_wu is not None and restart_uso is not None and restart_wu.name != restart_uso.name,
                  f"the two Restart buttons name their service: {restart_wu}, {restart_uso}")
            verdict = frame["texts"]["verdict"]
            check(any(c.role == ROLE_STATICTEXT and c.name == verdict for c in children),
                  f"the verdict {verdict!r} is readable text")
            for card in ("Windows Update: Running", "Update Orchestrator: Running"):
                found = named(children, card)
                check(found is not None and found.role == ROLE_STATICTEXT, f"the card reads {card!r}…: {found}")
                log(f"card: {found.name}")

            # Tab moves the keyboard focus; the screen reader sees it move with it.
            app.xdotool("mousemove", str(frame["window"]["x"] + 300), str(frame["window"]["y"] + 8), "click", "1")
            app.wait(lambda p: p["texts"].get("window-focused") == "yes", "the window to have the keyboard")
            app.xdotool("key", "Tab")
            app.wait(lambda p: p["texts"].get("focus") == "refresh", "Tab to focus Refresh")
            children, focus = wait_msaa(lambda c, f: f == str((named(c, "Refresh") or Child(["", "-1", "0", "0", "", "", ""])).id),
                                        "the focus on Refresh")
            app.xdotool("key", "Tab")
            app.wait(lambda p: p["texts"].get("focus") == "restart:wuauserv", "a second Tab to focus Restart")
            children, focus = wait_msaa(lambda c, f: f == str(named(c, "Restart Windows Update").id),
                                        "the focus on Restart Windows Update")
            focused = next(c for c in children if str(c.id) == focus)
            check(focused.state & STATE_FOCUSED, f"the focused child says so in its state: {focused}")
            log(f"Tab: the screen reader's focus is {focused.name!r}")

            # DoDefaultAction on Fix: the window runs Fix, as a click would.
            since = int(time.time() * 1000)
            code, lines = client("msaa-do", "Fix Windows Update")
            check(code == 0, f"DoDefaultAction on Fix was accepted: {lines}")
            after = {name: wait_scm(name, lambda s, b=before[name]: s[0] == RUNNING and s[1] not in (0, b[1]),
                                    f"{name} restarted (new PID)") for name in ("UsoSvc", "wuauserv")}
            frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the Fix to finish", timeout=60)
            check(frame["texts"]["operation-ok"] == "true", f"result: {frame['texts']['operation-message']!r}")
            log("PIDs " + ", ".join(f"{n} {before[n][1]} -> {after[n][1]}" for n in after))
            e2e.check_fix_order(since)
            # The result is readable, and was announced (it is a live node: its text is the result message).
            message = frame["texts"]["operation-message"]
            children, _ = wait_msaa(lambda c, f: any(x.name == message for x in c), "the result as text")
            app.screenshot("screen_reader_fixed")

            # A disabled button refuses: with a restart pending, "Reset update cache…" is greyed out, says why in its
            # description, and DoDefaultAction on it changes nothing.
            with pending_restart():
                code, _ = client("msaa-do", "Refresh")
                check(code == 0, "Refresh through the screen reader")
                app.wait(lambda p: p["texts"].get("reset-cache-reason"), "the reset to be greyed out", timeout=60)
                children, _ = wait_msaa(lambda c, f: (named(c, "Reset update cache") or Child(["", "0", "0", "0", "", "", ""])).state
                                        & STATE_UNAVAILABLE, "Reset update cache… unavailable")
                reset = named(children, "Reset update cache")
                check(reset.description == app.text("reset-cache-reason"),
                      f"its description is why: {reset.description!r}")
                code, lines = client("msaa-do", reset.name)
                check(code == 1, f"DoDefaultAction on a disabled button is refused: {code} {lines}")
                # Requests are done in order, in the next frame: once a later one (folding Activity) shows, a press
                # on the reset, had it been taken, would have opened its confirmation by then.
                activity = named(children, "Activity")
                code, _ = client("msaa-do", activity.name)
                check(code == 0, f"folding {activity.name!r} through the screen reader")
                frame = app.wait(lambda p: app.find(p, "copy-report") is None, "Activity to fold")
                check(app.find(frame, "confirm-no") is None and frame["texts"]["operation-phase"] == "finished",
                      "nothing opened and nothing ran")
                log(f"refused: {lines}; its description: {reset.description!r}")
    finally:
        ensure_state("wuauserv", STOPPED)
        e2e.set_binpath("wuauserv", wine_wuauserv)
        ensure_state("wuauserv", RUNNING)
        ensure_state("UsoSvc", STOPPED)


@contextlib.contextmanager
def pending_restart():
    wine("reg", "add", e2e.REBOOT_REQUIRED_KEY, "/f", check_rc=True)
    try:
        yield
    finally:
        wine("reg", "delete", e2e.REBOOT_REQUIRED_KEY, "/f")


def uia_problems(elements: list[list[str]], frame: dict) -> list[str]:
    """What the UI Automation read gets wrong about the frame the window drew (empty: nothing)."""
    ids = {e[1]: e for e in elements}
    problems = []
    for item in frame["items"]:
        found = ids.get(item["id"])
        if found is None:
            problems.append(f"widget {item['id']!r} is no UI Automation element (AutomationId)")
        elif found[5] == "":
            problems.append(f"{item['id']} has no name")
        elif found[3] != ("true" if item["enabled"] else "false"):
            problems.append(f"{item['id']}: IsEnabled {found[3]}, the window shows enabled={item['enabled']}")
    # Reading order is keyboard order: the screen reader meets the widgets in the order Tab visits them.
    drawn = [item["id"] for item in frame["items"]]
    read = [e[1] for e in elements if e[1] in set(drawn)]
    if read != drawn:
        problems.append(f"the elements do not come in the window's Tab order: {read} vs {drawn}")
    return problems


def test_screen_reader_meter() -> None:
    """While "Repair Windows files" runs, a screen reader finds its meter through MSAA: a progress bar named after the
    step the window shows, its value the window's percentage ("7%", as Windows' own progress bars give it), how long it
    has run in its description; Cancel then ends the repair and the meter goes. (The stand-in DISM holds at 7 % for
    two minutes, as the real one sits at one figure, so the reader and the probe look at the same figure.)"""
    with e2e.standin_repair("health=repairable\nsteps=2\nrestore_steps=100\nrestore_step_ms=20\nhold_at=7\n"
                            "hold_ms=120000\ncancel=honour\n", e2e.SFC_REPAIRS_A_FILE), App("screen_reader_meter") as app:
        e2e.open_repair_confirmation(app)
        app.click("confirm-yes")
        frame = app.wait(lambda p: p["texts"].get("meter-percent") == "7", "the repair holding at 7 %")
        step = frame["texts"]["meter-step"]
        children, _ = wait_msaa(lambda c, f: any(ch.role == ROLE_PROGRESSBAR and ch.value == "7%" for ch in c),
                                "the meter as a progress bar at 7%")
        bar = next(c for c in children if c.role == ROLE_PROGRESSBAR)
        log(f"meter: {bar.name!r} value {bar.value!r} description {bar.description!r}")
        check(bar.name == step and step.startswith("Repairing"), f"the meter is named after its step {step!r}: {bar}")
        check(bar.description.startswith("Running for "), f"the time it has run is said: {bar.description!r}")
        check(not bar.state & STATE_UNAVAILABLE, f"the meter is not greyed out: {bar}")
        app.click("cancel-operation")
        frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the cancelled repair to end")
        check("Cancelled" in frame["texts"]["operation-message"], f"result: {frame['texts']['operation-message']!r}")
        wait_msaa(lambda c, f: all(ch.role != ROLE_PROGRESSBAR for ch in c), "the meter gone with the repair")


def test_screen_reader_uia() -> None:
    """Through UI Automation's flat API, from another process (what Wine 8 implements of it): every widget is an
    element with its name, control type, AutomationId (the widget's id) and enabled state, in Tab order."""
    ensure_state("wuauserv", RUNNING)
    ensure_state("UsoSvc", STOPPED)
    with App("screen_reader_uia") as app:
        app.wait(lambda p: p["texts"]["state:UsoSvc"] == "stopped" and p["texts"].get("checks-ran") == "true",
                 "the first status and the checks")
        # The window publishes its tree once a frame has settled: read until the reader sees the frame on screen.
        deadline, elements, problems = time.monotonic() + 30, [], ["no read yet"]
        while problems and time.monotonic() < deadline:
            code, lines = client("uia")
            check(code in (0, 1), f"the UI Automation client could not read the window: {code} {lines}")
            elements = [f for f in lines if f[0] == "uia"]
            frame = app.probe()
            problems = uia_problems(elements, frame) if frame else ["no frame to compare with"]
            if problems:
                time.sleep(0.2)
        log(f"{len(elements)} elements, e.g. " + "; ".join(f"{e[1]}={e[5][:30]!r}" for e in elements[:6]))
        check(not problems, "the screen reader's view differs from the window: " + "; ".join(problems))
        ids = {e[1]: e for e in elements}
        check(ids["restart:wuauserv"][2] == UIA_BUTTON and ids["restart:wuauserv"][5].startswith("Restart Windows Update"),
              f"Restart is a button named for its service: {ids['restart:wuauserv']}")
        check(ids["start:UsoSvc"][5].startswith("Start Update Orchestrator"), f"{ids['start:UsoSvc']}")
        check(ids["verdict"][2] == UIA_TEXT and ids["verdict"][5] == frame["texts"]["verdict"],
              f"the verdict is text: {ids['verdict']}")


# ------------------------------------------------------------------------------------------------ high contrast

# A high contrast theme's colours ("High Contrast Black"-like, with distinct values so each one is recognisable), as
# Windows stores them per user (HKCU\Control Panel\Colors, "R G B"); Wine reads them when a program starts.
HIGH_CONTRAST = {"Window": (0, 0, 0), "WindowText": (255, 255, 0), "ButtonFace": (0, 0, 96), "ButtonText": (0, 255, 255),
                 "Hilight": (26, 235, 255), "HilightText": (0, 0, 0), "GrayText": (63, 242, 63),
                 "HotTrackingColor": (255, 128, 255)}
COLORS_KEY = r"HKCU\Control Panel\Colors"


def between(pixel, a, b, slack: int = 8) -> bool:
    """The pixel lies on the line from colour a to colour b (an anti-aliased edge of one on the other)."""
    span = [bb - aa for aa, bb in zip(a, b)]
    longest = max(range(3), key=lambda i: abs(span[i]))
    if span[longest] == 0:
        return all(abs(p - aa) <= slack for p, aa in zip(pixel, a))
    t = min(1.0, max(0.0, (pixel[longest] - a[longest]) / span[longest]))
    return all(abs(p - (aa + t * s)) <= slack for p, aa, s in zip(pixel, a, span))


def test_high_contrast() -> None:
    """High contrast on: everything the window paints is a system colour (or the anti-aliased edge between two), the
    background is the theme's window colour, its text the window text colour; no colour of the normal themes shows."""
    ensure_state("wuauserv", RUNNING)
    with contextlib.ExitStack() as stack:
        for name, rgb in HIGH_CONTRAST.items():
            stack.enter_context(user_setting(COLORS_KEY, name, "REG_SZ", " ".join(map(str, rgb))))
        # Wine 8's SPI_SETHIGHCONTRAST is a FIXME and SPI_GETHIGHCONTRAST always answers "off": this stands in for
        # Windows answering HCF_HIGHCONTRASTON (window/look.cpp).
        with App("high_contrast", WUD_TEST_HIGH_CONTRAST="1") as app:
            frame = app.wait(lambda p: p["texts"].get("high-contrast") == "on", "the high contrast look")
            # Tab to a button: the focus rectangle must show too, in the highlight colour.
            app.xdotool("mousemove", str(frame["window"]["x"] + 300), str(frame["window"]["y"] + 8), "click", "1")
            app.wait(lambda p: p["texts"].get("window-focused") == "yes", "the window to have the keyboard")
            app.xdotool("key", "Tab")
            frame = app.wait(lambda p: p["texts"].get("focus") == "refresh", "Tab to focus Refresh")
            frame, pixels = app.wait_on_screen("the high contrast frame")
            app.screenshot("high_contrast")
            marks = {m["id"]: m["rgb"] for m in frame["marks"]}
            check(marks.get("background") == "#000000", f"the background mark is the theme's window colour: {marks}")
            raw = pixels.rgb
            counts = collections.Counter(zip(raw[0::3], raw[1::3], raw[2::3]))
            system = list(HIGH_CONTRAST.values())
            total = sum(counts.values())
            exact = sum(n for rgb, n in counts.items() if rgb in system)
            strays = {rgb: n for rgb, n in counts.items() if rgb not in system
                      and not any(between(rgb, a, b) for i, a in enumerate(system) for b in system[i + 1:])}
            log(f"{total} pixels: {exact / total:.1%} exactly a system colour, {len(counts)} colours in all, "
                f"{sum(strays.values())} pixels of no system colour")
            check(not strays, f"colours that are no system colour nor an edge between two: "
                              f"{sorted(strays.items(), key=lambda kv: -kv[1])[:8]}")
            check(counts.get(HIGH_CONTRAST["Window"], 0) > total // 3, "the window colour is the background")
            check(counts.get(HIGH_CONTRAST["WindowText"], 0) > 100, "text is drawn in the window text colour")
            check(counts.get(HIGH_CONTRAST["Hilight"], 0) > 20, "the focus rectangle shows in the highlight colour")
            for normal in ((0xF3, 0xF3, 0xF3), (0x20, 0x20, 0x20), (0x0F, 0x7B, 0x0F), (0x1F, 0x5F, 0xC8)):
                check(counts.get(normal, 0) == 0, f"no colour of the normal themes ({normal}) shows")


# ------------------------------------------------------------------------------------------------ text size

ACCESSIBILITY_KEY = r"HKCU\Software\Microsoft\Accessibility"


def test_text_size_225() -> None:
    """Windows' text size at its largest, 225 % (Settings > Accessibility > Text size), at 100 % display scale: with
    the widest button showing, with a result panel open and at the smallest window, no button is cut off; and a
    change of the setting while the window is open applies at once."""
    name = "DoSvc"  # disabled: its "Set to Automatic (delayed)" is the widest button
    original = scq(name)[name][2]
    e2e.set_start_type(name, e2e.DISABLED)
    ensure_state("wuauserv", RUNNING)
    try:
        with user_setting(ACCESSIBILITY_KEY, "TextScaleFactor", "REG_DWORD", "225"), e2e.display_scale(96), \
                App("text_size_225") as app:
            frame = app.wait(lambda p: p["texts"].get("text-scale") == "225", "the 225 % text size")
            frame = app.wait(lambda p: app.find(p, f"set-start-type:{name}") is not None,
                             "the related table, opened for the disabled service")
            e2e.check_layout(app, frame, "text225_related_open")
            big = app.find(frame, "refresh")["h"]
            app.click("restart:wuauserv")
            frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the restart to finish")
            frame = app.wait(lambda p: (app.find(p, "dismiss") or {"h": 1, "shown": {"h": 0}})["shown"]["h"]
                             >= app.find(p, "dismiss")["h"] - 0.5, "the result panel scrolled into view")
            e2e.check_layout(app, frame, "text225_operation_open")
            before = frame["window"]
            wine(os.environ["WUD_CLICK_EXE"], "--resize", "WU Doctor", "10", "10", check_rc=True)
            with contextlib.suppress(TestFailure):
                frame = app.wait(lambda p: not e2e.layout_problems(p), "the layout to settle at the smallest size", timeout=10)
            frame = app.probe() or frame
            log(f"smallest window at 225 % text: {frame['window']['width']}x{frame['window']['height']} "
                f"(was {before['width']}x{before['height']})")
            e2e.check_layout(app, frame, "text225_minimum_size")

            # Live: Settings puts the text size back to 100 %; the open window follows, without a restart.
            wine("reg", "add", ACCESSIBILITY_KEY, "/v", "TextScaleFactor", "/t", "REG_DWORD", "/d", "100", "/f",
                 check_rc=True)
            frame = app.wait(lambda p: p["texts"].get("text-scale") == "100", "the window to follow the new text size")
            small = app.find(frame, "refresh")["h"]
            check(small < big * 0.6, f"the buttons shrank with the text: Refresh {big:.0f} px high at 225 %, {small:.0f} at 100 %")
            e2e.check_layout(app, frame, "text100_after_change")
            log(f"Refresh: {big:.0f} px at 225 %, {small:.0f} px after the live change to 100 %")
    finally:
        e2e.set_start_type(name, original)


if __name__ == "__main__":
    sys.exit(e2e.run_rows(globals(), sys.argv))

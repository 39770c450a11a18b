#!/usr/bin/env python3
"""End-to-end tests of the WU Doctor window: the real exe under Wine + Xvfb, clicked with xdotool.

    e2e.py TEST            run one test (CTest runs each as its own test; names below)
    e2e.py --list          list the tests

The window is driven through tests/wine/wud_gui.py (probe file, xdotool clicks, screenshots) on the test
prefix's own Xvfb. Outcomes are checked through the Service Control Manager (wud_e2e_scq.exe; `wine sc` to start
and stop), never through the app alone.

Environment (set by tests/e2e/CMakeLists.txt): WINEPREFIX (the test prefix, persistent wineserver, its display
in $WINEPREFIX/.wud-display, the fixture service and the recording protocol handler in C:\\wud), WUD_APP_EXE,
WUD_SCQ_EXE, WUD_E2E_ARTIFACTS (screenshots, probe files, app logs). Standard library only.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "wine"))
import wud_gui  # noqa: E402  (tests/wine/wud_gui.py: the one window harness)
from wud_gui import TestFailure, check, clipboard, log, wait_for, wine  # noqa: E402

STOPPED, START_PENDING, STOP_PENDING, RUNNING = 1, 2, 3, 4
DEMAND_START, DISABLED = 3, 4
STATE_IDS = {STOPPED: "stopped", START_PENDING: "start_pending", STOP_PENDING: "stop_pending", RUNNING: "running"}


# ------------------------------------------------------------------------------------------------ the SCM

def scq(*names: str) -> dict[str, tuple[int, int, int]]:
    """{name: (state, pid, start_type)} as the SCM reports it; state 0 = missing."""
    out = wine(os.environ["WUD_SCQ_EXE"], *names, check_rc=True).stdout.decode(errors="replace")
    result = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 4:
            result[parts[0]] = (0 if parts[1] == "missing" else int(parts[1]), int(parts[2]), int(parts[3]))
    return result


def wait_scm(name: str, predicate, what: str, timeout: float = 30) -> tuple[int, int, int]:
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = scq(name)[name]
        if predicate(last):
            return last
        time.sleep(0.2)
    raise TestFailure(f"{name}: {what} did not happen within {timeout:.0f} s (last seen: {last})")


def ensure_state(name: str, state: int, timeout: float = 30) -> tuple[int, int, int]:
    current = scq(name)[name]
    if current[0] == state:
        return current
    if state != RUNNING:
        wine("sc", "stop", name)  # once: a second STOP to a service still RUNNING makes Wine's SCM kill it
        return wait_scm(name, lambda s: s[0] == state, f"reaching {STATE_IDS[state]}", timeout)
    # Start is asked again while the service stays stopped: on a loaded machine Wine's SCM now and then lets a
    # start go unanswered (wuauserv stayed STOPPED for 30 s after one `sc start` at the start of a run), as
    # bringTo() in tests/integration/wine_helpers.hpp does for the C++ tests.
    deadline = time.monotonic() + timeout
    said = ""
    while time.monotonic() < deadline:
        if scq(name)[name][0] == STOPPED:
            said = wine("sc", "start", name).stdout.decode(errors="replace").strip()
        with contextlib.suppress(TestFailure):
            return wait_scm(name, lambda s: s[0] == RUNNING, "reaching running", min(3.0, deadline - time.monotonic()))
    raise TestFailure(f"{name}: reaching running did not happen within {timeout:.0f} s (last seen: {scq(name)[name]}; "
                      f"sc start said: {said!r})")


# What Wine reads back (a service's command line, a URL protocol's command) names only short paths in the prefix,
# whatever the checkout's path: Wine 8's shell32 reads a protocol's command into 256 characters. tests/wine/prefix.sh
# puts the tools in C:\\wud on every setup.
PREFIX_TOOLS = "C:\\wud"


def prefix_tools() -> Path:
    """C:\\wud as seen from Linux."""
    return Path(os.environ["WINEPREFIX"]) / "drive_c" / "wud"


def prefix_tool(name: str) -> str:
    """The Windows path of a tool the prefix setup put in C:\\wud; fails clearly when it is not there."""
    check((prefix_tools() / name).exists(),
          f"{prefix_tools() / name} is missing: run the tests through ctest (tests/wine/prefix.sh setup puts it there)")
    return f"{PREFIX_TOOLS}\\{name}"


def fixture_records() -> Path:
    """The record file the prefix's fixture services share (C:\\wud\\fixture-records.txt)."""
    return prefix_tools() / "fixture-records.txt"


def record_lines(since_ms: int) -> list[tuple[str, str]]:
    """(service, event) from the shared fixture record file, in the order written, since the given time."""
    records = fixture_records()
    out = []
    for line in records.read_text(encoding="utf-8", errors="replace").splitlines() if records.exists() else []:
        parts = line.split(maxsplit=2)
        if len(parts) == 3 and int(parts[0]) >= since_ms:
            out.append((parts[1], parts[2]))
    return out


# What Fix does, as the fixtures record it: Update Orchestrator restarted, then Windows Update.
FIX_ORDER = [("UsoSvc", "stop-begin"), ("UsoSvc", "start-begin"), ("wuauserv", "stop-begin"), ("wuauserv", "start-begin")]


def check_fix_order(since_ms: int) -> None:
    """The fixtures' records since then show Fix's order: Update Orchestrator restarted, then Windows Update."""
    events = [(name, event) for name, event in record_lines(since_ms) if event in ("stop-begin", "start-begin")]
    log(f"fixture records: {events}")
    check(events == FIX_ORDER, f"Update Orchestrator was restarted, then Windows Update: {events}")


def fixture_binpath(*flags: str) -> str:
    records = f"{PREFIX_TOOLS}\\{fixture_records().name}"
    return " ".join([f'"{prefix_tool("fixture.exe")}"', "--record", f'"{records}"', *flags])


def set_binpath(name: str, binpath: str) -> None:
    wine(os.environ["WUD_SCQ_EXE"], "--binpath", name, binpath, check_rc=True)


def set_start_type(name: str, start_type: int) -> None:
    wine(os.environ["WUD_SCQ_EXE"], "--start-type", name, str(start_type), check_rc=True)


DESKTOP_KEY = r"HKCU\Control Panel\Desktop"
MOUSE_KEY = r"HKCU\Control Panel\Mouse"


@contextlib.contextmanager
def user_setting(key: str, name: str, reg_type: str, data: str):
    """A per-user Windows setting, as Settings writes it, for the programs started inside (Wine reads these when a
    program starts). What was there before is put back, or the value removed if there was none."""
    before = wine("reg", "query", key, "/v", name).stdout.decode(errors="replace")
    match = re.search(rf"{re.escape(name)}\s+(REG_\w+)\s+(\S+)", before)
    wine("reg", "add", key, "/v", name, "/t", reg_type, "/d", data, "/f", check_rc=True)
    try:
        yield
    finally:
        if match:
            old_type, old_data = match[1], match[2]
            if old_type == "REG_DWORD" and old_data.lower().startswith("0x"):
                old_data = str(int(old_data, 16))
            wine("reg", "add", key, "/v", name, "/t", old_type, "/d", old_data, "/f")
        else:
            wine("reg", "delete", key, "/v", name, "/f")


# ------------------------------------------------------------------------------------------------ the app

class App(wud_gui.App):
    """One run of the window, with its own copy of the exe in the test's artifacts folder (its log lands
    beside it), probe file and screenshots."""

    def __init__(self, test: str, **extra_env: str):
        folder = Path(os.environ["WUD_E2E_ARTIFACTS"]) / test
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        shutil.copy2(os.environ["WUD_APP_EXE"], folder / "wudoctor.exe")
        super().__init__(folder / "wudoctor.exe", folder / "probe.json", folder, **extra_env)
        self.test = test
        self.dir = folder


def state_id(state: int) -> str:
    return STATE_IDS.get(state, "unknown")


# ------------------------------------------------------------------------------------------------ tests

def test_first_frame() -> None:
    """The first status frame shows both services as the SCM reports them."""
    wu = ensure_state("wuauserv", RUNNING)
    uso = ensure_state("UsoSvc", STOPPED)
    with App("first_frame") as app:
        frame = app.wait(lambda p: p["texts"]["state:UsoSvc"], "both cards")
        texts = frame["texts"]
        check(texts["state:wuauserv"] == "running", f"Windows Update badge: {texts['state:wuauserv']!r}, SCM: running")
        check(texts["state:UsoSvc"] == "stopped", f"Update Orchestrator badge: {texts['state:UsoSvc']!r}, SCM: stopped")
        check(texts["pid:wuauserv"] == str(wu[1]), f"PID shown {texts['pid:wuauserv']}, SCM {wu[1]}")
        check(uso[0] == STOPPED, "UsoSvc was stopped")
        check(app.find(frame, "restart:wuauserv") is not None, "Windows Update offers Restart while running")
        check(app.find(frame, "start:UsoSvc") is not None, "Update Orchestrator offers Start while stopped")
        check(texts["verdict"].startswith("Update Orchestrator is stopped"), f"verdict: {texts['verdict']!r}")
        # On screen, not only presented: App.start waited until the X screen showed these marks in their colours.
        marks = {m["id"]: m["rgb"] for m in frame["marks"]}
        check({"background", "badge:wuauserv", "badge:UsoSvc"} <= marks.keys(),
              f"the frame marks its background and both badges for the screen check: {marks}")
        check(marks["badge:wuauserv"] != marks["badge:UsoSvc"], f"Running and Stopped badges differ in colour: {marks}")
        log(f"on screen: {marks}")
        app.screenshot("first_frame")


def test_restart_windows_update() -> None:
    """Restart on Windows Update gives Wine's wuauserv a new PID; the badge shows Running."""
    before = ensure_state("wuauserv", RUNNING)
    with App("restart_windows_update") as app:
        app.click("restart:wuauserv")
        after = wait_scm("wuauserv", lambda s: s[0] == RUNNING and s[1] not in (0, before[1]), "a restart (new PID)")
        log(f"wuauserv PID {before[1]} -> {after[1]}")
        frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the operation to finish")
        check(frame["texts"]["operation-ok"] == "true", f"result: {frame['texts'].get('operation-message')!r}")
        frame = app.wait(lambda p: p["texts"]["state:wuauserv"] == "running" and p["texts"]["pid:wuauserv"] == str(after[1]),
                         "the badge to show Running with the new PID")
        app.screenshot("restart_windows_update")


def fixture_events(name: str, event: str, since_ms: int) -> int:
    """How many times the fixture service `name` recorded `event` since the given epoch time."""
    records = fixture_records()
    if not records.exists():
        return 0
    count = 0
    for line in records.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == name and parts[2] == event and int(parts[0]) >= since_ms:
            count += 1
    return count


def test_start_update_orchestrator() -> None:
    """Start on a stopped Update Orchestrator fixture makes it RUNNING. A double click is one press, even when Start
    has ended between its two clicks and the button under the pointer says Restart by the second (seen once in a 5x
    repeat of the e2e tests with a quick double click: Start, then Restart)."""
    ensure_state("UsoSvc", STOPPED)
    try:
        # Windows' double-click time at its maximum, 5 s (Mouse settings), which WU Doctor follows: time for Start to
        # end between the two clicks of one double click on any machine, so the second click always meets Restart.
        with user_setting(MOUSE_KEY, "DoubleClickSpeed", "REG_SZ", "5000"), App("start_update_orchestrator") as app:
            since = int(time.time() * 1000)
            # Low on the button: the card gains a line as the service starts, and Restart appears 15 px lower.
            frame = app.click("start:UsoSvc", at=(0.5, 0.85))
            first_click = time.monotonic()
            pid = wait_scm("UsoSvc", lambda s: s[0] == RUNNING, "UsoSvc RUNNING")[1]
            frame = app.wait(lambda p: p["texts"]["state:UsoSvc"] == "running"
                             and p["texts"]["operation-phase"] == "finished"
                             and (app.find(p, "restart:UsoSvc") or {}).get("enabled"),
                             "Start to finish, with Restart in its place")
            check(app.text("operation-ok") == "true", f"result: {app.text('operation-message')!r}")
            start_message = frame["texts"]["operation-message"]
            pointer = app.xdotool("getmouselocation", "--shell")
            x = int(re.search(r"X=(\d+)", pointer)[1]) - frame["window"]["x"]
            y = int(re.search(r"Y=(\d+)", pointer)[1]) - frame["window"]["y"]
            restart = app.find(frame, "restart:UsoSvc")
            check(restart["x"] <= x < restart["x"] + restart["w"] and restart["y"] <= y < restart["y"] + restart["h"],
                  f"Restart is under the pointer ({x},{y}): {restart}")
            app.xdotool("click", "1")  # the double click's second click, where the first one was
            elapsed = time.monotonic() - first_click
            check(elapsed < 4.5, f"the second click came {elapsed:.1f} s after the first: not a double click")
            log(f"second click {elapsed:.2f} s after the first, on Restart")
            # The OK under the result comes after the second click in the window's input: once it has closed the
            # panel, the second click has been handled. A Restart it had pressed would have replaced the result.
            app.click("dismiss")
            app.wait(lambda p: p["texts"]["operation-phase"] == "idle", "OK to close the result")
            check(scq("UsoSvc")["UsoSvc"][1] == pid, f"Update Orchestrator kept its process {pid}")
            starts = fixture_events("UsoSvc", "start-begin", since)
            check(starts == 1, f"the double click started the service once, not {starts} times")
            log_text = "".join(p.read_text(errors="replace") for p in (app.dir / "wudoctor-logs").glob("*.log"))
            check("action=restart" not in log_text, "the log shows no restart")
            check("Update Orchestrator started" in start_message, f"the result shown was {start_message!r}")
            app.screenshot("start_update_orchestrator")
    finally:
        ensure_state("UsoSvc", STOPPED)


@contextlib.contextmanager
def hanging_update_orchestrator(hang_hint_ms: int = 10000, hang_limit_ms: int = 14000):
    """UsoSvc running as a fixture that hangs in STOP_PENDING when stopped; restored (STOPPED, plain flags) after.

    The hung stop reports a wait hint of hang_hint_ms, so WU Doctor calls it stuck only after that long (Microsoft's
    rule: no progress within the hint): time enough to look at the window while it waits, on any machine.
    hang_limit_ms is the fixture's own safety net: the restore ends the hung process at once."""
    set_binpath("UsoSvc", fixture_binpath("--hang-stop", "--hang-hint", str(hang_hint_ms),
                                          "--hang-limit", str(hang_limit_ms)))
    try:
        ensure_state("UsoSvc", RUNNING)
        yield
    finally:
        # The hung process is ended (a state to wait for, not its hang limit's time). Wine's SCM keeps
        # STOP_PENDING after that (it never notices the process end), but StartService starts a fresh process with
        # the plain flags, which a normal stop ends: back to a clean STOPPED.
        set_binpath("UsoSvc", fixture_binpath())
        state, pid, _ = scq("UsoSvc")["UsoSvc"]
        if state == STOP_PENDING and pid:
            wine("taskkill", "/f", "/pid", str(pid))

        def fresh_process() -> bool:
            if scq("UsoSvc")["UsoSvc"][0] in (RUNNING, STOPPED):
                return True
            wine("sc", "start", "UsoSvc")  # refused for a moment while the killed process still exits
            return scq("UsoSvc")["UsoSvc"][0] in (RUNNING, STOPPED)

        wait_for(fresh_process, "Update Orchestrator to leave the hung stop")
        ensure_state("UsoSvc", STOPPED)


def poke_while_running(app: "App", times: int = 3) -> list[float]:
    """Moves the mouse while the operation runs; returns how long each move took to produce a frame.

    Each move must be answered well within the hung service's wait hint (10 s): a UI thread blocked by the
    operation would answer only after it ends."""
    answered = []
    for i in range(times):
        if app.text("operation-phase") == "finished":
            break
        before = app.probe()["frame"]
        t0 = time.monotonic()
        app.move_mouse(40 + 60 * i, 300 + 10 * i)
        app.wait(lambda p: p["frame"] > before, "a frame after a mouse move", timeout=4)
        answered.append(time.monotonic() - t0)
        time.sleep(0.2)
    return answered


def test_fix_hung_stop() -> None:
    """Fix with an Update Orchestrator that hangs in STOP_PENDING: the window keeps answering, then says why."""
    with hanging_update_orchestrator(), App("fix_hung_stop") as app:
        app.click("fix")
        stop_began = time.monotonic()
        app.wait(lambda p: p["texts"]["state:UsoSvc"] == "stop_pending", "Update Orchestrator to show Stopping")
        check(app.text("operation-phase") != "finished", "Fix still waits on the hung service (10 s wait hint)")
        # While the operation waits on the hung service, a mouse move must produce a frame quickly.
        answered = poke_while_running(app)
        check(bool(answered), "the window answered a mouse move while Fix waited on the hung service")
        log("frames answered mouse moves within " + ", ".join(f"{a * 1000:.0f} ms" for a in answered))
        app.screenshot("fix_hung_stop_running")
        frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the Fix to end", timeout=90)
        texts = frame["texts"]
        message = texts["operation-message"]
        log(f"result: {message} / {texts['operation-advice']}")
        check(texts["operation-ok"] == "false", "Fix reports a failure")
        check("Update Orchestrator" in message and ("stuck" in message or "still" in message),
              f"the message names the stuck service: {message!r}")
        check(texts["operation-advice"] != "", "a next step is given")
        check(time.monotonic() - stop_began < 60 + 5, "ended within the timeout")
        app.screenshot("fix_hung_stop")


@contextlib.contextmanager
def recording_protocol(scheme: str):
    """Registers a URL protocol whose handler is the recording exe; yields the file it writes the URI to. The command
    names the prefix's copies only: the same length wherever the project is cloned."""
    out = prefix_tools() / "tmp" / f"{scheme}-launches.txt"
    out.unlink(missing_ok=True)
    key = "HKCR\\" + scheme
    command = f'"{prefix_tool("rec.exe")}" --out "{PREFIX_TOOLS}\\tmp\\{out.name}" "%1"'
    wine("reg", "add", key, "/ve", "/d", f"URL:{scheme}", "/f", check_rc=True)
    wine("reg", "add", key, "/v", "URL Protocol", "/d", "", "/f", check_rc=True)
    wine("reg", "add", key + r"\shell\open\command", "/ve", "/d", command, "/f", check_rc=True)
    try:
        yield out
    finally:
        wine("reg", "delete", key, "/f")


def undo_last_repair(app: App, screenshot: str, timeout: float = 30) -> str:
    """Clicks the Undo the window offers after a repair (a screenshot `screenshot` shows it first), and checks the
    undo finished and succeeded. Returns the Undo button's id."""
    def undo_item(p: dict) -> str | None:
        return next((i["id"] for i in p["items"] if i["id"].startswith("undo-repair:")), None)
    undo_id = undo_item(app.wait(undo_item, "Undo to be offered"))
    app.scroll_to(undo_id)
    app.screenshot(screenshot)
    app.click(undo_id)
    frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished"
                     and p["texts"]["operation-title"].startswith("Undoing"), "the undo to finish", timeout=timeout)
    check(frame["texts"]["operation-ok"] == "true", f"undo result: {frame['texts']['operation-message']!r}")
    return undo_id


def check_troubleshooter_button(test: str, scheme: str, names: str, uri: str) -> None:
    """The troubleshooter button's label names what it opens (`names`), and a click launches `uri`, recorded by a
    protocol handler for `scheme`."""
    with recording_protocol(scheme) as out, App(test) as app:
        label = app.text("troubleshooter-label")
        log(f"troubleshooter button: {label!r}")
        check(names in label, f"the label names what it opens ({names}): {label!r}")
        app.click("troubleshooter")
        wait_for(out.exists, "the protocol handler to be launched")
        launched = wait_for(lambda: out.read_text(encoding="utf-8").strip(), "the launched URI to be recorded")
        log(f"launched: {launched!r}")
        check(launched == uri, f"launched URI: {launched!r}")
        app.screenshot(test)


PREFIX_SH = Path(__file__).resolve().parent.parent / "wine" / "prefix.sh"


def prefix_sh(command: str, *args: str, check_rc: bool = True) -> None:
    """tests/wine/prefix.sh <command> on the test prefix (its output kept out of the log)."""
    subprocess.run(["bash", str(PREFIX_SH), command, os.environ["WINEPREFIX"], *args], check=check_rc,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def test_open_troubleshooter() -> None:
    """Open troubleshooter launches the URI its label promises, through a recording protocol handler."""
    # The test prefix is Windows 10 without msdt.exe: Settings > Troubleshoot is the right target.
    check_troubleshooter_button("open_troubleshooter", "ms-settings", "Settings", "ms-settings:troubleshoot")


def test_get_help_on_windows11() -> None:
    """On Windows 11 (build 22631) with the Get Help app, the button says Get Help and opens its Windows Update
    troubleshooter (msdt is gone there)."""
    prefix_sh("os", "win11")
    try:
        check_troubleshooter_button("get_help_on_windows11", "ms-contact-support", "Get Help",
                                    "ms-contact-support://smc-to-emerald/WUTroubleshooter")
    finally:
        prefix_sh("os", "win10")


def test_close_during_fix() -> None:
    """Closing the window while Fix waits on a hung service: the worker is cancelled and joined, the process
    ends promptly, and the log says where each service was left."""
    with hanging_update_orchestrator():
        app = App("close_during_fix")
        with app:
            app.click("fix")
            app.wait(lambda p: p["texts"]["state:UsoSvc"] == "stop_pending", "Update Orchestrator to show Stopping")
            check(app.text("operation-phase") != "finished", "Fix still waits on the hung service")
            closing = time.monotonic()
            code = app.close(timeout=10)
            took = time.monotonic() - closing
            log(f"the window closed {took:.2f} s after Alt+F4 (exit code {code}) while Fix waited")
            check(code == 0, f"a clean exit, not {code}")
            check(took < 5, f"the window closed within seconds, not after the hung service's wait ({took:.1f} s)")
        text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in (app.dir / "wudoctor-logs").glob("*.log"))
        line = next((l for l in text.splitlines() if "window closed while" in l), None)
        check(line is not None, f"the log says the window closed during Fix:\n{text}")
        log(f"log: {line.strip()}")
        check("UsoSvc=stop_pending" in line and "wuauserv=" in line, f"it names where each service was left: {line}")


def test_repair_disabled_start_type() -> None:
    """A Disabled service -> Set to Manual (confirmed) -> the SCM shows Manual; the log keeps the old value."""
    name = "TrustedInstaller"
    set_start_type(name, DISABLED)
    try:
        check(scq(name)[name][2] == DISABLED, "the fixture is disabled")
        with App("repair_disabled_start_type") as app:
            # The checks' findings open above the related table when they come in: click once they are there, so
            # the row does not move under the pointer.
            frame = app.wait(lambda p: p["texts"].get(f"start-type:{name}") == "disabled"
                             and p["texts"].get("checks-ran") == "true", "the row to show Disabled, the checks done")
            check("disabled" in frame["texts"]["verdict"], f"verdict mentions it: {frame['texts']['verdict']!r}")
            if app.find(frame, f"set-start-type:{name}") is None:
                app.click("related")
            app.click(f"set-start-type:{name}")
            app.wait(lambda p: app.find(p, "confirm-yes") is not None, "the confirmation")
            check(scq(name)[name][2] == DISABLED, "nothing changes before the confirmation")
            app.screenshot("repair_confirm")
            app.click("confirm-yes")
            wait_scm(name, lambda s: s[2] == DEMAND_START, "start type Manual (demand)")
            frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the change to finish")
            check(frame["texts"]["operation-ok"] == "true", f"result: {frame['texts']['operation-message']!r}")
            check("was disabled" in frame["texts"]["log"], f"the activity panel keeps the old value: {frame['texts']['log']!r}")
            check(app.find(frame, f"undo:{name}") is not None, "Undo is offered")
            app.screenshot("repair_disabled_start_type")
        logs = list((app.dir / "wudoctor-logs").glob("*.log"))
        check(bool(logs), f"a log file beside the exe ({app.dir / 'wudoctor-logs'})")
        text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in logs)
        line = next((l for l in text.splitlines() if name in l and "disabled" in l), None)
        check(line is not None, f"the log file has the old start type:\n{text}")
        log(f"log: {line.strip()}")
    finally:
        set_start_type(name, DEMAND_START)


def test_keyboard() -> None:
    """Tab moves through the buttons, Enter presses one, F5 refreshes, Ctrl+C copies the report."""
    before = ensure_state("wuauserv", RUNNING)
    # The idle window looks at the services only every 10 minutes here: whatever changes on screen after F5
    # was fetched by F5.
    with App("keyboard", WUD_UI_IDLE_POLL_MS="600000") as app:
        frame = app.probe()
        # Give the window the keyboard: without a window manager, a click inside it does that.
        app.xdotool("mousemove", str(frame["window"]["x"] + 300), str(frame["window"]["y"] + 8), "click", "1")
        app.wait(lambda p: p["texts"].get("window-focused") == "yes", "the window to have the keyboard")
        app.xdotool("key", "Tab")
        app.wait(lambda p: p["texts"].get("focus") == "refresh", "Tab to focus Refresh")
        app.xdotool("key", "Tab")
        app.wait(lambda p: p["texts"].get("focus") == "restart:wuauserv", "a second Tab to focus Restart")
        app.screenshot("keyboard_focus")
        app.xdotool("key", "Return")
        after = wait_scm("wuauserv", lambda s: s[0] == RUNNING and s[1] not in (0, before[1]), "a restart by Enter")
        log(f"Enter restarted wuauserv: PID {before[1]} -> {after[1]}")
        app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the restart to finish")
        app.wait(lambda p: p["texts"]["pid:wuauserv"] == str(after[1]), "the card to show the new PID")

        # Restart wuauserv behind the window's back: the card keeps the old PID until F5.
        wine("sc", "stop", "wuauserv")
        wait_scm("wuauserv", lambda s: s[0] == STOPPED, "wuauserv stopped by sc")
        ensure_state("wuauserv", RUNNING)
        outside = scq("wuauserv")["wuauserv"]
        check(app.text("pid:wuauserv") == str(after[1]), "the idle window has not polled on its own yet")
        app.xdotool("key", "F5")
        app.wait(lambda p: p["texts"]["pid:wuauserv"] == str(outside[1]), "F5 to show the PID sc gave wuauserv")
        log(f"F5 showed wuauserv's new PID {outside[1]}")

        # The X clipboard outlives a window (Wine's clipboard manager keeps it): only a report that was not there
        # before the key press is this one's.
        earlier = clipboard()
        app.xdotool("key", "ctrl+c")
        report = wait_for(lambda: (lambda t: t if "WU Doctor" in t and "wuauserv" in t and t != earlier else "")(
                              clipboard()), "Ctrl+C to put the report on the clipboard")
        rows = [line.split() for line in report.splitlines() if "wuauserv" in line.split()]
        check(any(str(outside[1]) in row for row in rows),
              f"the copied report's wuauserv row shows its current PID {outside[1]}:\n{report}")
        log(f"clipboard: {len(report)} characters, first line {report.splitlines()[0]!r}")

def test_explain_error_code() -> None:
    """Explain an error code: typing 0x80070422 shows its name and the start-type repair; Last update results says
    the history is not available under Wine, with the reason."""
    with App("explain_error_code") as app:
        # The checks open their section when they have run, moving what lies below: click once they have.
        app.wait(lambda p: p["texts"].get("checks-ran") == "true", "the checks to run")
        app.click("explain")
        app.wait(lambda p: app.find(p, "explain-input") is not None, "the code field to open")
        app.click("explain-input")
        app.wait(lambda p: p["texts"].get("editing") == "explain-input", "the code field to take the keyboard")
        app.xdotool("type", "--delay", "50", "0x80070422")
        frame = app.wait(lambda p: "ERROR_SERVICE_DISABLED" in p["texts"].get("explain-result", ""),
                         "the explanation of 0x80070422")
        result = frame["texts"]["explain-result"]
        check("repair-start-type" in result, f"the next step names the repair: {result!r}")
        app.xdotool("type", "--delay", "50", "z")
        frame = app.wait(lambda p: p["texts"].get("explain-result", "").startswith("Not an error code"),
                         "bad input to be refused in words")
        app.screenshot("explain_error_code")
        # Last update results: Wine's Windows Update Agent has no history (E_NOTIMPL), and the window says so —
        # never an empty list that would read as "no failures".
        app.click("history")
        frame = app.wait(lambda p: p["texts"].get("history", ""), "the update history to be read")
        history = frame["texts"]["history"]
        check("not available on this system" in history and "E_NOTIMPL" in history,
              f"the window says the history is not available, and why: {history!r}")
        app.screenshot("update_history")


LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[\w+\] \[\d+\] ")


def test_log_shared_with_cli() -> None:
    """The window and several wudoctor.com runs write one log at the same time, across a rotation: no line is
    lost, none is torn, and the rotation keeps the older lines."""
    before = ensure_state("wuauserv", RUNNING)
    app = App("log_shared_with_cli")
    cli = app.dir / "wudoctor.com"
    shutil.copy2(os.environ["WUD_CLI_EXE"], cli)
    logs = app.dir / "wudoctor-logs"
    logs.mkdir()
    # wudoctor.log 2 KB short of the 1 MB limit (the runs below write about 5 KB), and an older wudoctor.1.log:
    # the run below rotates once, in the middle of the CLI runs.
    filler = "2026-01-01 00:00:00.000 [info] [1] filler {:06d} " + "x" * 80 + "\n"
    current = "".join(filler.format(i) for i in range((1024 * 1024 - 2000) // len(filler.format(0))))
    (logs / "wudoctor.log").write_text(current, encoding="utf-8")
    (logs / "wudoctor.1.log").write_text(filler.format(999999), encoding="utf-8")
    runs = list(range(101, 113))
    with app:
        app.click("restart:wuauserv")
        # Twelve CLI runs, all at once, while the window restarts Windows Update and logs it.
        procs = [subprocess.Popen(["wine", str(cli), "status", "--timeout", str(k)], env=wud_gui.wine_env(),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for k in runs]
        for proc in procs:
            proc.wait(120)
        wait_scm("wuauserv", lambda s: s[0] == RUNNING and s[1] not in (0, before[1]), "the window's restart")
        app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the restart to finish")
        check(app.close() == 0, "the window closed cleanly")
    files = sorted(logs.glob("wudoctor*.log"))
    log("log files: " + ", ".join(f"{f.name} ({f.stat().st_size} bytes)" for f in files))
    check({f.name for f in files} == {"wudoctor.log", "wudoctor.1.log", "wudoctor.2.log"},
          f"one rotation: three files, not {[f.name for f in files]}")
    check(filler.format(999999) in (logs / "wudoctor.2.log").read_text(encoding="utf-8"),
          "the older wudoctor.1.log moved on to wudoctor.2.log")
    check(current.splitlines()[-1] in (logs / "wudoctor.1.log").read_text(encoding="utf-8"),
          "the full wudoctor.log became wudoctor.1.log")
    lines = [line for f in files for line in f.read_text(encoding="utf-8").splitlines()]
    torn = [line for line in lines if not LOG_LINE.match(line)]
    check(not torn, f"{len(torn)} torn or mixed lines, e.g. {torn[:3]}")
    for k in runs:
        started = [line for line in lines if "'--timeout'" in line and f"'{k}'" in line]
        check(len(started) == 1, f"the CLI run with --timeout {k} logged its start once, not {len(started)} times")
    queried = [line for line in lines if "status service=wuauserv" in line]
    check(len(queried) == len(runs), f"{len(runs)} CLI runs logged wuauserv's status, not {len(queried)}")
    restarts = [line for line in lines if "action=restart" in line and "service=wuauserv" in line]
    check(len(restarts) == 1, f"the window's restart logged once, not {len(restarts)} times")


# ------------------------------------------------------------------------------------------------ layout

def display_scale(dpi: int):
    """Windows' display scale for the programs started inside (96 dpi = 100 %), as Settings sets it: the
    LogPixels value, which Wine reads when a program starts."""
    return user_setting(DESKTOP_KEY, "LogPixels", "REG_DWORD", str(dpi))


def layout_problems(frame: dict) -> list[str]:
    """What a user would see cut off: a button outside the window or clipped at its column's edge, and a
    troubleshooter that is not on screen without scrolling."""
    width, height = frame["window"]["width"], frame["window"]["height"]
    problems = []
    for item in frame["items"]:
        name, shown = f"'{item['label']}' ({item['id']})", item["shown"]
        if item["x"] < -0.5 or item["x"] + item["w"] > width + 0.5:
            problems.append(f"{name} lies outside the window: x {item['x']:.0f}..{item['x'] + item['w']:.0f}, "
                            f"window width {width}")
        elif shown["h"] > 0 and shown["w"] < item["w"] - 0.5:
            problems.append(f"{name} is cut: {shown['w']:.0f} of its {item['w']:.0f} px show")
    help_button = next((i for i in frame["items"] if i["id"] == "troubleshooter"), None)
    if help_button is None:
        problems.append("no troubleshooter button")
    elif help_button["shown"]["h"] < help_button["h"] - 0.5 or help_button["y"] + help_button["h"] > height + 0.5:
        problems.append(f"the troubleshooter is not fully in view (y {help_button['y']:.0f}..."
                        f"{help_button['y'] + help_button['h']:.0f}, window height {height})")
    return problems


def check_layout(app: App, frame: dict, state: str) -> None:
    problems = layout_problems(frame)
    app.screenshot(f"layout_{state}")
    check(not problems, f"{state}: " + "; ".join(problems))
    log(f"{state}: {len(frame['items'])} buttons inside a {frame['window']['width']}x{frame['window']['height']} "
        "window, none cut, the troubleshooter in view")


def check_confirmations(app: App, state: str) -> None:
    """Both long confirmations (the cache reset's plan, Repair Windows files): their details scroll, their buttons are
    inside the window and drawn whole from the first frame that shows them."""
    for opener, name in (("reset-cache", "reset_cache"), ("repair-system", "repair_system")):
        app.click(opener)
        frame = app.wait(lambda p: app.find(p, "confirm-no") is not None and app.find(p, "confirm-yes") is not None
                         and (opener != "reset-cache" or p["texts"].get("confirm-ready") == "true"),
                         f"the {name} confirmation")
        width, height = frame["window"]["width"], frame["window"]["height"]
        for button in ("confirm-yes", "confirm-no"):
            item = app.find(frame, button)
            check(item["shown"]["h"] >= item["h"] - 0.5 and item["shown"]["w"] >= item["w"] - 0.5,
                  f"{state}, {name} confirmation: {button} is drawn whole ({item})")
            check(item["x"] >= -0.5 and item["y"] >= -0.5 and item["x"] + item["w"] <= width + 0.5
                  and item["y"] + item["h"] <= height + 0.5,
                  f"{state}, {name} confirmation: {button} lies inside the {width}x{height} window ({item})")
        app.screenshot(f"layout_{state}_{name}_confirm")
        app.click("confirm-no")
        app.wait(lambda p: app.find(p, "confirm-no") is None, f"the {name} confirmation to close")
    log(f"{state}: both confirmations show their buttons whole inside the window")


def layout_at(dpi: int) -> None:
    """At this display scale, in every state — as it opens, with Related services open and a disabled service's
    widest button ("Set to Automatic (delayed)") showing, with an operation's result panel open, and at the
    smallest size the window can be dragged to — no button is cut and the troubleshooter is in view."""
    name = "DoSvc"  # Windows' default: Automatic (delayed), the widest label in the related table
    original = scq(name)[name][2]
    set_start_type(name, DISABLED)
    ensure_state("wuauserv", RUNNING)
    try:
        with display_scale(dpi), App(f"layout_{dpi}") as app:
            frame = app.wait(lambda p: app.find(p, f"set-start-type:{name}") is not None,
                             "the related table, opened for the disabled service")
            check_layout(app, frame, "related_open")
            check_confirmations(app, "default_size")
            app.click("restart:wuauserv")
            frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the restart to finish")
            check(frame["texts"]["operation-ok"] == "true", f"the restart: {frame['texts']['operation-message']!r}")
            # The result panel scrolls into view as it grows: its OK button shows whole without the user scrolling.
            frame = app.wait(lambda p: (app.find(p, "dismiss") or {"h": 1, "shown": {"h": 0}})["shown"]["h"]
                             >= app.find(p, "dismiss")["h"] - 0.5, "the result panel scrolled into view")
            check_layout(app, frame, "operation_open")
            before = frame["window"]
            wine(os.environ["WUD_CLICK_EXE"], "--resize", "WU Doctor", "10", "10", check_rc=True)
            # Narrower at every scale (at 150 % and 200 % this screen is already shorter than the minimum height).
            frame = app.wait(lambda p: p["window"]["width"] < before["width"], "the window to shrink to its minimum size")
            with contextlib.suppress(TestFailure):  # a resize may take one more frame to settle its layout
                frame = app.wait(lambda p: p["window"]["width"] < before["width"] and not layout_problems(p),
                                 "the layout to settle at that size", timeout=10)
            frame = app.probe() or frame
            log(f"smallest window: {frame['window']['width']}x{frame['window']['height']} "
                f"(was {before['width']}x{before['height']})")
            check(frame["window"]["width"] > 10 and frame["window"]["height"] > 10, "the minimum size holds")
            check_layout(app, frame, "minimum_size")
            check_confirmations(app, "minimum_size")
    finally:
        set_start_type(name, original)
# ------------------------------------------------------------------------------------------------ checks

WU_POLICY_KEY = r"HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate"
REBOOT_REQUIRED_KEY = r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired"


def reg_value(key: str, name: str) -> tuple[str, str] | None:
    """(type, data) of a registry value as `wine reg query` prints it ("REG_DWORD", "0x1"), or None when absent."""
    result = wine("reg", "query", key, "/v", name)
    if result.returncode != 0:
        return None
    for line in result.stdout.decode(errors="replace").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[0].lower() == name.lower():
            return parts[1], parts[2]
    return None


def test_checks_repair_undo() -> None:
    """A blocker policy planted in the registry shows as a problem; Repair removes the value, Undo puts it back
    with the same type and data. Checked with `wine reg query`, not through the app."""
    name, finding = "DisableWindowsUpdateAccess", "policy.disable-access"
    wine("reg", "add", WU_POLICY_KEY, "/v", name, "/t", "REG_DWORD", "/d", "1", "/f", check_rc=True)
    try:
        planted = reg_value(WU_POLICY_KEY, name)
        check(planted == ("REG_DWORD", "0x1"), f"planted: {planted}")
        with App("checks_repair_undo") as app:
            frame = app.wait(lambda p: f"{finding}|problem|" in p["texts"].get("findings", ""), "the finding", timeout=60)
            texts = frame["texts"]
            check(texts["verdict-level"] == "problem", f"verdict level with a blocking policy: {texts['verdict-level']!r}")
            log(f"verdict: {texts['verdict']!r}")
            app.scroll_to(f"repair:{finding}")
            app.screenshot("checks_found")
            check(reg_value(WU_POLICY_KEY, name) == planted, "nothing changed before the click")
            app.click(f"repair:{finding}")
            frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished"
                             and p["texts"]["operation-title"].startswith("Repairing"), "the repair to finish")
            check(frame["texts"]["operation-ok"] == "true", f"result: {frame['texts']['operation-message']!r}")
            after = reg_value(WU_POLICY_KEY, name)
            check(after is None, f"the policy value is gone from the registry, not {after}")
            frame = app.wait(lambda p: finding not in p["texts"]["findings"], "the finding to go")
            check(frame["texts"]["verdict-level"] != "problem", f"verdict after the repair: {frame['texts']['verdict']!r}")
            log(f"after the repair: {frame['texts']['verdict']!r}")
            undo_last_repair(app, "checks_repaired")
            back = reg_value(WU_POLICY_KEY, name)
            check(back == planted, f"Undo put back exactly what was there: {back}, planted {planted}")
            app.wait(lambda p: f"{finding}|problem|" in p["texts"]["findings"] and p["texts"]["verdict-level"] == "problem",
                     "the finding to be back")
            app.screenshot("checks_undone")
    finally:
        wine("reg", "delete", WU_POLICY_KEY, "/v", name, "/f")


def test_restart_first() -> None:
    """With a restart pending (WindowsUpdate\\Auto Update\\RebootRequired), Restart asks first: Cancel changes
    nothing (same PID in the SCM); "anyway" restarts."""
    before = ensure_state("wuauserv", RUNNING)
    parent = REBOOT_REQUIRED_KEY.rsplit("\\", 1)[0]
    created = parent if wine("reg", "query", parent).returncode != 0 else REBOOT_REQUIRED_KEY
    wine("reg", "add", REBOOT_REQUIRED_KEY, "/f", check_rc=True)
    try:
        with App("restart_first") as app:
            frame = app.wait(lambda p: "restart-pending|warning|" in p["texts"].get("findings", ""),
                             "the pending restart to be found", timeout=60)
            check(frame["texts"]["verdict"] == "Restart first: a restart is pending", f"verdict: {frame['texts']['verdict']!r}")
            reset = app.find(frame, "reset-cache")
            check(reset is not None and not reset["enabled"], f"Reset update cache is disabled meanwhile: {reset}")
            check("restart is pending" in frame["texts"].get("reset-cache-reason", ""),
                  f"... and says why: {frame['texts'].get('reset-cache-reason')!r}")
            app.click("restart:wuauserv")
            frame = app.wait(lambda p: app.find(p, "confirm-no") is not None, "the question")
            check("Restart Windows first" in frame["texts"].get("confirm-question", ""),
                  f"it says to restart first: {frame['texts'].get('confirm-question')!r}")
            app.screenshot("restart_first_question")
            app.click("confirm-no")
            app.wait(lambda p: app.find(p, "confirm-no") is None, "the question to close")
            check(scq("wuauserv")["wuauserv"][1] == before[1], "Cancel left Windows Update alone (same PID)")
            check(app.text("operation-phase") == "idle", "no operation ran")
            app.click("restart:wuauserv")
            app.click("confirm-yes")
            after = wait_scm("wuauserv", lambda s: s[0] == RUNNING and s[1] not in (0, before[1]), "a restart (new PID)")
            log(f"run anyway: wuauserv PID {before[1]} -> {after[1]}")
            app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the restart to finish")
    finally:
        wine("reg", "delete", created, "/f")  # what the test created, and no more


# The services `reset-cache` stops and starts again (the prefix's fixtures UsoSvc, DoSvc, CryptSvc and Wine's own
# wuauserv; BITS is left as it is).
CACHE_SERVICES = ("UsoSvc", "wuauserv", "DoSvc", "CryptSvc")


def tree_bytes(root: Path) -> dict[str, bytes]:
    """Every file under a folder: relative path -> bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_reset_cache_undo() -> None:
    """Reset update cache: a planted SoftwareDistribution is moved aside (SoftwareDistribution.wudoctor-<stamp> beside
    it, same bytes), the services run again in new processes; Undo puts the folder back byte for byte. Checked on the
    prefix's file system and in the SCM, not through the app."""
    windows = Path(os.environ["WINEPREFIX"]) / "drive_c" / "windows"
    sd, cat = windows / "SoftwareDistribution", windows / "system32" / "catroot2"
    saved = [p for p in (sd, cat) if p.exists()]  # what the prefix had: kept aside, put back in finally
    for p in saved:
        p.rename(p.with_name(p.name + ".wudtest-saved"))
    backups_before = set(windows.glob("SoftwareDistribution.wudoctor-*")) | set(cat.parent.glob("catroot2.wudoctor-*"))
    states_before = scq(*CACHE_SERVICES)
    try:
        (sd / "Download" / "ab12cd").mkdir(parents=True)
        (sd / "Download" / "ab12cd" / "windows10.0-kb5032189-x64.cab").write_bytes(b"MSCF\x00\x01cab" * 300)
        (sd / "ReportingEvents.log").write_bytes(b"reporting events\r\n")
        planted = tree_bytes(sd)
        before = {name: ensure_state(name, RUNNING) for name in CACHE_SERVICES}
        with App("reset_cache_undo") as app:
            app.click("reset-cache")
            frame = app.wait(lambda p: p["texts"].get("confirm-ready") == "true" and app.find(p, "confirm-no") is not None,
                             "the confirmation with the plan")
            question = frame["texts"].get("confirm-question", "")
            check("SoftwareDistribution" in question and "stop Update Orchestrator" in question,
                  f"the confirmation shows the core's plan: {question!r}")
            # The dialog grows when the plan arrives: the first frame that shows the plan shows its buttons whole too
            # (that frame used to be drawn at the old height, Reset and Cancel cut off, until the next frame).
            for button in ("confirm-yes", "confirm-no"):
                item = app.find(frame, button)
                check(item is not None and item["shown"]["h"] >= item["h"] - 0.5,
                      f"the confirmation shows {button} whole with the plan: {item}")
            app.screenshot("reset_cache_confirm")
            check(tree_bytes(sd) == planted, "nothing changed before Confirm")
            app.click("confirm-yes")
            frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished"
                             and p["texts"]["operation-title"].startswith("Resetting"), "the reset to finish", timeout=90)
            check(frame["texts"]["operation-ok"] == "true", f"result: {frame['texts']['operation-message']!r}")
            check(not sd.exists(), "SoftwareDistribution was moved away")
            moved = sorted(set(windows.glob("SoftwareDistribution.wudoctor-*")) - backups_before)
            check(len(moved) == 1, f"one backup beside it: {moved}")
            check(tree_bytes(moved[0]) == planted, f"{moved[0].name} holds the planted files, byte for byte")
            log(f"moved aside to {moved[0].name}")
            for name in CACHE_SERVICES:
                after = wait_scm(name, lambda s: s[0] == RUNNING, "running again")
                check(after[1] != before[name][1], f"{name} was stopped and started again (PID {before[name][1]} -> {after[1]})")
            undo_id = undo_last_repair(app, "reset_cache_done", timeout=90)
            check(tree_bytes(sd) == planted, "Undo put SoftwareDistribution back with the same bytes")
            check(not moved[0].exists(), "the backup went back into place")
            for name in CACHE_SERVICES:
                wait_scm(name, lambda s: s[0] == RUNNING, "running after the undo")
            app.wait(lambda p: app.find(p, undo_id) is None, "Undo to be gone once used")
    finally:
        shutil.rmtree(sd, ignore_errors=True)
        for b in (set(windows.glob("SoftwareDistribution.wudoctor-*")) | set(cat.parent.glob("catroot2.wudoctor-*"))) - backups_before:
            shutil.rmtree(b, ignore_errors=True)
        for p in saved:
            shutil.rmtree(p, ignore_errors=True)
            p.with_name(p.name + ".wudtest-saved").rename(p)
        for name, (state, _pid, _type) in states_before.items():
            if state in (RUNNING, STOPPED):
                ensure_state(name, state)

# ------------------------------------------------------------------------------------------------ repair Windows files

def standin_dir() -> Path:
    """C:\\wud-standin as seen from Linux: the stand-ins' scripts and records."""
    return Path(os.environ["WINEPREFIX"]) / "drive_c" / "wud-standin"


@contextlib.contextmanager
def standin_repair(dism: str, sfc: str):
    """The stand-in dismapi.dll and sfc.exe (tests/fixtures) in the prefix's System32 — the only place WU Doctor takes
    them from — scripted through C:\\wud-standin\\dism.txt / sfc.txt; removed afterwards, and CBS.log put back."""
    system32 = Path(os.environ["WINEPREFIX"]) / "drive_c" / "windows" / "system32"
    cbs = Path(os.environ["WINEPREFIX"]) / "drive_c" / "windows" / "Logs" / "CBS" / "CBS.log"
    saved_log = cbs.read_bytes() if cbs.exists() else None
    standin_dir().mkdir(exist_ok=True)
    for name in ("dism-record.txt", "sfc-record.txt"):
        (standin_dir() / name).unlink(missing_ok=True)
    (standin_dir() / "dism.txt").write_text(dism)
    (standin_dir() / "sfc.txt").write_text(sfc)
    shutil.copy2(os.environ["WUD_STANDIN_DISMAPI"], system32 / "dismapi.dll")
    shutil.copy2(os.environ["WUD_STANDIN_SFC"], system32 / "sfc.exe")
    try:
        yield
    finally:
        for planted in (system32 / "dismapi.dll", system32 / "sfc.exe"):
            planted.unlink(missing_ok=True)
        for name in ("dism.txt", "sfc.txt"):
            (standin_dir() / name).unlink(missing_ok=True)
        if saved_log is None:
            cbs.unlink(missing_ok=True)
        else:
            cbs.write_bytes(saved_log)


def standin_record(name: str) -> str:
    path = standin_dir() / name
    return path.read_text(errors="replace") if path.exists() else ""


SFC_REPAIRS_A_FILE = ("percents=0,20,40,60,80,100\nstep_ms=300\n"
                      "sr=Repairing corrupted file \\??\\C:\\Windows\\System32\\\\wuaueng.dll from store\n"
                      "sr=Repair complete\n"
                      "final=Windows Resource Protection found corrupt files and successfully repaired them.\n")


def open_repair_confirmation(app: App) -> dict:
    app.click("repair-system")
    frame = app.wait(lambda p: app.find(p, "confirm-yes") is not None and app.find(p, "confirm-no") is not None,
                     "the Repair Windows files confirmation")
    question = frame["texts"].get("confirm-question", "")
    check("administrator" in question and "SFC cannot be stopped safely" in question and "half an hour" in question,
          f"the confirmation says how long, that it needs rights and that SFC cannot be cancelled: {question!r}")
    for button in ("confirm-yes", "confirm-no"):
        item = app.find(frame, button)
        check(item["shown"]["h"] >= item["h"] - 0.5 and item["y"] + item["h"] <= frame["window"]["height"] + 0.5,
              f"the confirmation shows {button} whole: {item}")
    return frame


def watch_meter(app: App, until, what: str, timeout: float = 90) -> tuple[dict, set[int]]:
    """Waits for `until`, collecting every percentage the progress bar showed meanwhile."""
    seen: set[int] = set()

    def look_at(frame: dict) -> bool:
        if frame["texts"].get("meter-percent"):
            seen.add(int(frame["texts"]["meter-percent"]))
        return until(frame)
    return app.wait(look_at, what, timeout=timeout), seen


def test_repair_system() -> None:
    """Repair Windows files with the stand-in DISM (damage it repairs) and SFC (repairs wuaueng.dll): the confirmation,
    a progress bar that moves through DISM's and SFC's percentages while the window answers, and the result naming the
    file — checked against what the stand-ins recorded and CBS.log."""
    with standin_repair("health=repairable\nsteps=10\nstep_ms=150\nrestore_steps=20\nrestore_step_ms=150\n",
                        SFC_REPAIRS_A_FILE), App("repair_system") as app:
        open_repair_confirmation(app)
        app.screenshot("repair_system_confirm")
        app.click("confirm-yes")
        running = app.wait(lambda p: p["texts"].get("meter-elapsed"), "the progress panel")
        check(running["texts"]["meter-elapsed"] == "less than a minute",
              f"the clock speaks in minutes: {running['texts']['meter-elapsed']!r}")
        frame, seen = watch_meter(app, lambda p: p["texts"]["operation-phase"] == "finished", "the repair to finish")
        log(f"percentages the bar showed: {sorted(seen)}")
        check(len(seen) >= 4, f"the progress bar moved (it showed {sorted(seen)})")
        app.scroll_to("dismiss")
        app.screenshot("repair_system_done")
        texts = frame["texts"]
        check(texts["operation-ok"] == "true", f"result: {texts['operation-message']!r}")
        check("repaired" in texts["operation-message"], f"plain words: {texts['operation-message']!r}")
        check("repaired: C:\\Windows\\System32\\wuaueng.dll" in texts["operation-details"],
              f"the file is named: {texts['operation-details']!r}")
        dism = standin_record("dism-record.txt")
        check("DismRestoreImageHealth" in dism and "progress restore 20" in dism, f"DISM repaired: {dism!r}")
        check("/scannow" in standin_record("sfc-record.txt"), "then SFC ran /scannow")
        check(app.find(frame, "check-updates-after") is not None, "the result offers Check for updates now")
        log_text = (app.dir / "wudoctor-logs" / "wudoctor.log").read_text(errors="replace")
        check("repair-system file repaired C:\\Windows\\System32\\wuaueng.dll" in log_text, "the log names the file")


def test_repair_system_cancel() -> None:
    """Cancel while DISM repairs: the stand-in sees its cancel event at once, SFC never starts, the result says
    Cancelled in plain words."""
    with standin_repair("health=repairable\nsteps=2\nrestore_steps=1000\nrestore_step_ms=100\ncancel=honour\n",
                        SFC_REPAIRS_A_FILE), App("repair_system_cancel") as app:
        open_repair_confirmation(app)
        app.click("confirm-yes")
        wait_for(lambda: "progress restore 3" in standin_record("dism-record.txt"), "DISM to be repairing", timeout=60)
        app.wait(lambda p: p["texts"].get("meter-cancellable") == "true", "Cancel on the progress panel")
        app.click("cancel-operation")
        frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the cancelled repair to end")
        check(frame["texts"]["operation-ok"] == "false", "a cancelled repair is not 'ok'")
        check("Cancelled" in frame["texts"]["operation-message"], f"result: {frame['texts']['operation-message']!r}")
        check("cancel-seen restore" in standin_record("dism-record.txt"), "DISM saw the cancel")
        check(standin_record("sfc-record.txt") == "", "SFC never started after a Cancel")


def test_repair_system_elevated_copy() -> None:
    """As a standard user's window (WUD_UI_AS_STANDARD_USER: Wine runs every process elevated): the repair runs in the
    elevated copy (`wudoctor.exe repair-system --progress-pipe`), whose progress shows live through the pipe it makes,
    and whose result names the file. A second run: Cancel reaches the copy through its cancel event, as Ctrl+C would."""
    with standin_repair("health=repairable\nsteps=10\nstep_ms=100\nrestore_steps=40\nrestore_step_ms=100\n",
                        SFC_REPAIRS_A_FILE), App("repair_system_elevated_copy", WUD_UI_AS_STANDARD_USER="1") as app:
        open_repair_confirmation(app)
        app.click("confirm-yes")
        # Live: the bar moves while the copy's DISM is still repairing (its record not yet at the end).
        frame, seen = watch_meter(app, lambda p: p["texts"]["meter-step"].startswith("Repairing")
                                  and int(p["texts"].get("meter-percent") or 0) >= 10, "live progress from the copy")
        check("progress restore 40" not in standin_record("dism-record.txt"),
              "the bar moved while DISM was still at work in the copy")
        frame, more = watch_meter(app, lambda p: p["texts"]["operation-phase"] == "finished", "the copy's result")
        seen |= more
        log(f"percentages the bar showed: {sorted(seen)}")
        check(len(seen) >= 4, f"the bar moved with the copy's progress: {sorted(seen)}")
        texts = frame["texts"]
        check(texts["operation-ok"] == "true", f"result: {texts['operation-message']!r}")
        check("repaired: C:\\Windows\\System32\\wuaueng.dll" in texts["operation-details"],
              f"the copy's result names the file: {texts['operation-details']!r}")
        log_text = (app.dir / "wudoctor-logs" / "wudoctor.log").read_text(errors="replace")
        check("'repair-system' '--progress-pipe'" in log_text and "progress pipe served for the window" in log_text,
              "the elevated copy ran repair-system --progress-pipe and served its pipe")
        check("reading the elevated copy's progress" in log_text, "the window read the copy's pipe")
    with standin_repair("health=repairable\nsteps=2\nrestore_steps=1000\nrestore_step_ms=60\ncancel=ignore\n",
                        SFC_REPAIRS_A_FILE), App("repair_system_elevated_cancel", WUD_UI_AS_STANDARD_USER="1") as app:
        open_repair_confirmation(app)
        app.click("confirm-yes")
        app.wait(lambda p: p["texts"].get("meter-step", "").startswith("Repairing")
                 and p["texts"].get("meter-cancellable") == "true", "the copy's DISM repairing, Cancel offered")
        app.click("cancel-operation")
        frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the copy's result", timeout=90)
        texts = frame["texts"]
        check("cancel-seen restore" in standin_record("dism-record.txt"), "the copy's DISM saw the window's Cancel")
        # cancel=ignore: DISM had gone too far and finished its step; SFC was not started after the Cancel.
        check("had gone too far to stop" in texts["operation-details"], f"details: {texts['operation-details']!r}")
        check("SFC did not run" in texts["operation-details"], f"details: {texts['operation-details']!r}")
        check(standin_record("sfc-record.txt") == "", "SFC never started in the copy")
        log_text = (app.dir / "wudoctor-logs" / "wudoctor.log").read_text(errors="replace")
        check("repair-system cancel asked by the window" in log_text, "the copy logged the window's Cancel")


# ------------------------------------------------------------------------------------------------ check for updates

SESSION_CLSID, AUTO_UPDATE_CLSID = "{4CB43D7F-7EEE-4906-8698-60DA1C38F2FE}", "{BFE18E9C-6D87-4450-B37C-E02F0B373803}"


@contextlib.contextmanager
def standin_agent():
    """The stand-in Windows Update Agent (tests/fixtures/standin_wua.cpp) registered for Microsoft.Update.Session and
    .AutoUpdate in place of Wine's wuapi.dll, put back afterwards. Scripted per run through WUD_STANDIN_WUA."""
    dll = subprocess.run(["winepath", "-w", os.environ["WUD_STANDIN_WUA_DLL"]], capture_output=True, text=True,
                         env=wud_gui.wine_env(), check=True).stdout.strip()
    keys = [rf"HKLM\SOFTWARE\Classes\CLSID\{clsid}\InprocServer32" for clsid in (SESSION_CLSID, AUTO_UPDATE_CLSID)]
    for key in keys:
        wine("reg", "add", key, "/ve", "/d", dll, "/f", check_rc=True)
        wine("reg", "add", key, "/v", "ThreadingModel", "/d", "Both", "/f", check_rc=True)
    try:
        yield
    finally:
        for key in keys:
            wine("reg", "add", key, "/ve", "/d", "C:\\windows\\system32\\wuapi.dll", "/f")


def agent_script(how: str, record: Path, **more: str) -> str:
    extra = "".join(f";{k.replace('_', '-')}={v}" for k, v in more.items())
    return f"search={how}{extra};record={PREFIX_TOOLS}\\tmp\\{record.name}"


def agent_record(record: Path) -> list[str]:
    return record.read_text(errors="replace").splitlines() if record.exists() else []


def test_scan() -> None:
    """Check for updates now (the Windows Update card) with a stand-in agent that finds 2 updates: the answer in the
    verdict area in the issue's words, the updates listed, Open Windows Update opens ms-settings:windowsupdate-action,
    the result is kept beside the log; Windows' last successful check 40 days ago is the last-check finding."""
    record = prefix_tools() / "tmp" / "wua-scan.txt"
    record.unlink(missing_ok=True)
    (prefix_tools() / "tmp").mkdir(exist_ok=True)
    with standin_agent(), recording_protocol("ms-settings") as launches, \
            App("scan", WUD_STANDIN_WUA=agent_script("updates", record, last_search_days="40")) as app:
        frame = app.wait(lambda p: "last-check|warning" in p["texts"].get("findings", ""), "the last-check finding")
        app.click("check-updates")
        frame = app.wait(lambda p: p["texts"].get("scan-outcome") == "succeeded", "Windows Update's answer", timeout=60)
        check(frame["texts"]["verdict"] == "Windows Update works: 2 updates are waiting — open Windows Update to install "
              "them", f"verdict: {frame['texts']['verdict']!r}")
        check(frame["texts"]["verdict-level"] == "good", "a good verdict")
        check("KB" in frame["texts"]["scan-updates"], f"the updates listed: {frame['texts']['scan-updates']!r}")
        app.screenshot("scan_answer")
        events = agent_record(record)
        check(any(e.startswith("begin-search") for e in events) and "cleanup in-callback=0" in events,
              f"searched through BeginSearch, CleanUp outside the callback: {events}")
        kept = app.dir / "wudoctor-logs" / "wudoctor-last-scan.json"
        check(kept.exists() and '"succeeded"' in kept.read_text(errors="replace"), f"the scan is kept in {kept}")
        app.click("scan-dismiss")
        app.wait(lambda p: "scan-outcome" not in p["texts"], "the answer dismissed")
        # Asked again, then Open Windows Update — last, as the launched handler may take the focus from the window.
        app.click("check-updates")
        app.wait(lambda p: p["texts"].get("scan-outcome") == "succeeded", "Windows Update's second answer", timeout=60)
        app.click("open-windows-update")
        wait_for(lambda: launches.exists() and launches.read_text(errors="replace").strip(), "the Settings launch")
        uri = launches.read_text(errors="replace").strip()
        check(uri == "ms-settings:windowsupdate-action", f"Open Windows Update opened {uri!r}")


def test_scan_fails_and_cancel() -> None:
    """A search that fails with 0x8024402C: 'Windows Update still fails: 0x8024402C'. Then a search that never
    answers and whose callback comes only after WU Doctor let go: Cancel says so, the job is aborted, and the window
    goes on answering (Refresh)."""
    record = prefix_tools() / "tmp" / "wua-fail.txt"
    record.unlink(missing_ok=True)
    (prefix_tools() / "tmp").mkdir(exist_ok=True)
    with standin_agent():
        with App("scan_fails", WUD_STANDIN_WUA=agent_script("fail:0x8024402C", record)) as app:
            app.click("check-updates")
            frame = app.wait(lambda p: p["texts"].get("scan-outcome") == "failed", "the failed answer", timeout=60)
            check(frame["texts"]["verdict"].startswith("Windows Update still fails: 0x8024402C"),
                  f"verdict: {frame['texts']['verdict']!r}")
            check(frame["texts"]["verdict-level"] == "problem", "a problem verdict")
        record = prefix_tools() / "tmp" / "wua-late.txt"
        record.unlink(missing_ok=True)
        with App("scan_cancel", WUD_STANDIN_WUA=agent_script("late-callback", record)) as app:
            app.click("check-updates")
            app.wait(lambda p: p["texts"].get("meter-step", "").startswith("Asking Windows Update"), "the search")
            app.click("cancel-operation")
            frame = app.wait(lambda p: p["texts"].get("scan-outcome") == "cancelled", "the cancelled answer", timeout=30)
            check(frame["texts"]["verdict"] == "Check for updates cancelled", f"verdict: {frame['texts']['verdict']!r}")
            wait_for(lambda: "request-abort" in agent_record(record), "RequestAbort")
            wait_for(lambda: any(e.startswith("late-callback") for e in agent_record(record)),
                     "the agent's late callback", timeout=30)
            seen = frame["frame"]
            app.click("refresh")
            app.wait(lambda p: p["frame"] > seen and "Refreshed." in p["texts"].get("log", ""),
                     "the window to answer after the late callback")
            check(app.process.poll() is None, "still running")


@contextlib.contextmanager
def stock_windows(os_name: str):
    """The test prefix made to look like a stock Windows 10 22H2 / 11 23H2 (tests/wine/prefix.sh stock: the catalog's
    start types, an antivirus's rename list, BITS' ESE queue...), with the services a stock PC runs running; put back
    afterwards (prefix.sh unstock), whatever happens."""
    tool = os.environ["WUD_SCQ_EXE"]
    running_before = {name: s for name, s in scq("UsoSvc", "CryptSvc", "DoSvc", "BITS").items()}
    prefix_sh("stock", os_name, tool)
    try:
        for name in ("UsoSvc", "CryptSvc", "DoSvc", "BITS"):  # Automatic: running on a PC that has started
            ensure_state(name, RUNNING)
        yield
    finally:
        prefix_sh("unstock", tool, check_rc=False)
        for name, (state, _pid, _type) in running_before.items():
            if state in (RUNNING, STOPPED):
                ensure_state(name, state)


def little_disk_space() -> bool:
    """The machine the tests run on has under 20 GB free on the prefix's drive: then the disk-space warning is true."""
    return shutil.disk_usage(os.environ["WINEPREFIX"]).free < 20 * 1024 ** 3


def stock_is_healthy(os_name: str) -> None:
    """A stock PC is not a patient: through the real `wudoctor.com check --json` and the window, zero problems and zero
    warnings; the antivirus's rename list is information and "restart first" never shows."""
    test = f"stock_{os_name}"
    with stock_windows(os_name):
        result = wine(os.environ["WUD_CLI_EXE"], "check", "--json", timeout=120)
        doc = json.loads(result.stdout.decode("utf-8"))
        findings = {f["id"]: f["severity"] for f in doc["findings"]}
        log(f"{os_name}: check --json exit {result.returncode}: {findings}")
        alarms = {i: s for i, s in findings.items() if s != "info" and not (i == "disk-space" and little_disk_space())}
        check(alarms == {}, f"problems or warnings on a stock {os_name}: {alarms}")
        check(result.returncode == 0 and doc["problems"] == 0, f"exit {result.returncode}, problems {doc['problems']}")
        check(findings.get("pending-file-renames") == "info", f"the rename list is information: {findings}")
        check("restart-pending" not in findings, "an antivirus's rename list is no pending restart")
        with App(test) as app:
            frame = app.wait(lambda p: p["texts"].get("checks-ran") == "true", "the checks to run", timeout=60)
            texts = frame["texts"]
            app.screenshot("stock")
            log(f"verdict: {texts['verdict']!r} ({texts['verdict-level']}); {texts['checks-label']!r}")
            if not little_disk_space():
                check(texts["verdict-level"] == "good", f"the verdict on a stock {os_name}: {texts['verdict']!r}")
                check(texts["checks-label"] == "Checks: no problems found", f"Checks: {texts['checks-label']!r}")
            check(not texts["verdict"].startswith("Restart first"), f"no 'restart first': {texts['verdict']!r}")


TESTS = {
    "first_frame": test_first_frame,
    "restart_windows_update": test_restart_windows_update,
    "start_update_orchestrator": test_start_update_orchestrator,
    "fix_hung_stop": test_fix_hung_stop,
    "open_troubleshooter": test_open_troubleshooter,
    "repair_disabled_start_type": test_repair_disabled_start_type,
    "keyboard": test_keyboard,
    "log_shared_with_cli": test_log_shared_with_cli,
    "get_help_on_windows11": test_get_help_on_windows11,
    "close_during_fix": test_close_during_fix,
    "layout_100": lambda: layout_at(96),
    "layout_150": lambda: layout_at(144),
    "layout_200": lambda: layout_at(192),
    "checks_repair_undo": test_checks_repair_undo,
    "restart_first": test_restart_first,
    "explain_error_code": test_explain_error_code,
    "reset_cache_undo": test_reset_cache_undo,
    "repair_system": test_repair_system,
    "repair_system_cancel": test_repair_system_cancel,
    "repair_system_elevated_copy": test_repair_system_elevated_copy,
    "scan": test_scan,
    "scan_fails_and_cancel": test_scan_fails_and_cancel,
    "stock_win10": lambda: stock_is_healthy("win10"),
    "stock_win11": lambda: stock_is_healthy("win11"),
}


def rows_of(namespace: dict) -> dict:
    """A test file's rows: its test_* functions, named without the prefix, in the order the file defines them."""
    return {name.removeprefix("test_"): f for name, f in namespace.items() if name.startswith("test_") and callable(f)}


def run_rows(namespace: dict, argv: list[str]) -> int:
    """main() over another test file's rows (renderer_e2e.py, accessibility_e2e.py): pass it globals()."""
    global TESTS
    TESTS = rows_of(namespace)
    return main(argv)


def main(argv: list[str]) -> int:
    if len(argv) != 2 or (argv[1] not in TESTS and argv[1] != "--list"):
        print(f"usage: e2e.py TEST|--list   (tests: {', '.join(TESTS)})", file=sys.stderr)
        return 2
    if argv[1] == "--list":
        print("\n".join(TESTS))
        return 0
    started = time.monotonic()
    try:
        TESTS[argv[1]]()
    except TestFailure as failure:
        log(f"FAILED: {failure}")
        return 1
    log(f"passed in {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

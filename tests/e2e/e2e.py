#!/usr/bin/env python3
"""End-to-end tests of the WU Doctor window: the real exe under Wine + Xvfb, clicked with xdotool.

    e2e.py TEST            run one test (CTest runs each as its own test; names below)
    e2e.py --list          list the tests

The app writes each drawn frame's interactive items and a few texts to the file named by WUD_UI_PROBE (see
app/src/ui_probe.hpp); tests find widgets there and click the centre of their rectangle. Outcomes are checked
through the Service Control Manager (wud_e2e_scq.exe; `wine sc` to start and stop), never through the app alone.

Environment (set by tests/e2e/CMakeLists.txt): WINEPREFIX (the test prefix, persistent wineserver),
WUD_APP_EXE, WUD_SCQ_EXE, WUD_FIXTURE_EXE, WUD_RECORDER_EXE (optional), WUD_E2E_DISPLAY_STATE (written by
xvfb.sh), WUD_E2E_ARTIFACTS (screenshots, probe files, app logs).
Standard library only.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

STOPPED, START_PENDING, STOP_PENDING, RUNNING = 1, 2, 3, 4
DEMAND_START, DISABLED = 3, 4
STATE_IDS = {STOPPED: "stopped", START_PENDING: "start_pending", STOP_PENDING: "stop_pending", RUNNING: "running"}


class TestFailure(Exception):
    pass


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise TestFailure(message)


def win_path(path: Path) -> str:
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


# ------------------------------------------------------------------------------------------------ environment

def display() -> str:
    state = Path(os.environ["WUD_E2E_DISPLAY_STATE"]).read_text().split()
    return state[0]


def wine_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("WINEDEBUG", "-all")
    env.setdefault("WINEDLLOVERRIDES", "mscoree,mshtml=")
    env["DISPLAY"] = display()
    env.update(extra)
    return env


def wine(*args: str, check_rc: bool = False, timeout: float = 60) -> subprocess.CompletedProcess:
    result = subprocess.run(["wine", *args], env=wine_env(), capture_output=True, timeout=timeout)
    if check_rc and result.returncode != 0:
        raise TestFailure(f"wine {' '.join(args)} failed ({result.returncode}): {result.stdout!r} {result.stderr!r}")
    return result


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


def ensure_state(name: str, state: int) -> tuple[int, int, int]:
    current = scq(name)[name]
    if current[0] == state:
        return current
    if state == RUNNING:
        wine("sc", "start", name)
    else:
        wine("sc", "stop", name)
    return wait_scm(name, lambda s: s[0] == state, f"reaching {STATE_IDS[state]}")


def fixture_binpath(*flags: str) -> str:
    prefix = Path(os.environ["WINEPREFIX"])
    exe = win_path(Path(os.environ["WUD_FIXTURE_EXE"]))
    records = win_path(prefix) + "\\fixture-records.txt"
    return " ".join([f'"{exe}"', "--record", f'"{records}"', *flags])


def set_binpath(name: str, binpath: str) -> None:
    wine(os.environ["WUD_SCQ_EXE"], "--binpath", name, binpath, check_rc=True)


def set_start_type(name: str, start_type: int) -> None:
    wine(os.environ["WUD_SCQ_EXE"], "--start-type", name, str(start_type), check_rc=True)


# ------------------------------------------------------------------------------------------------ the app

class App:
    """One run of the window, with its own folder (its log lands beside the exe) and probe file."""

    def __init__(self, test: str):
        self.test = test
        self.dir = Path(os.environ["WUD_E2E_ARTIFACTS"]) / test
        shutil.rmtree(self.dir, ignore_errors=True)
        self.dir.mkdir(parents=True)
        self.exe = self.dir / "wudoctor.exe"
        shutil.copy2(os.environ["WUD_APP_EXE"], self.exe)
        self.probe_file = self.dir / "probe.json"
        self.process: subprocess.Popen | None = None
        self.stderr = open(self.dir / "wine-stderr.txt", "wb")

    def __enter__(self) -> "App":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self) -> None:
        self.started = time.monotonic()
        self.process = subprocess.Popen(["wine", str(self.exe)], env=wine_env(WUD_UI_PROBE=win_path(self.probe_file)),
                                        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.stderr)
        self.wait(lambda p: p["texts"].get("state:wuauserv"), "the first frame with status", timeout=30)
        log(f"first status frame after {time.monotonic() - self.started:.2f} s")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.stderr.close()

    def probe(self) -> dict | None:
        try:
            return json.loads(self.probe_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def wait(self, predicate, what: str, timeout: float = 20) -> dict:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise TestFailure(f"the app exited ({self.process.returncode}) while waiting for {what}")
            frame = self.probe()
            if frame is not None:
                last = frame
                try:
                    if predicate(frame):
                        return frame
                except (KeyError, TypeError):
                    pass
            time.sleep(0.05)
        self.screenshot("timeout")
        texts = json.dumps(last.get("texts"), indent=1) if last else "no frame"
        raise TestFailure(f"timed out after {timeout:.0f} s waiting for {what}; last texts: {texts}")

    def text(self, key: str) -> str:
        frame = self.probe() or {}
        return frame.get("texts", {}).get(key, "")

    @staticmethod
    def find(frame: dict, item_id: str) -> dict | None:
        return next((i for i in frame["items"] if i["id"] == item_id), None)

    def click(self, item_id: str, timeout: float = 20, double: bool = False) -> None:
        frame = self.wait(lambda p: (self.find(p, item_id) or {}).get("enabled"), f"'{item_id}' to be clickable",
                          timeout=timeout)
        item, window = self.find(frame, item_id), frame["window"]
        x = round(window["x"] + item["x"] + item["w"] / 2)
        y = round(window["y"] + item["y"] + item["h"] / 2)
        log(f"click '{item['label']}' ({item_id}) at {x},{y}")
        self.xdotool("mousemove", str(x), str(y))
        time.sleep(0.15)  # a frame with the pointer over the button first, as a real hand would
        if double:
            self.xdotool("click", "--repeat", "2", "--delay", "60", "1")
        else:
            self.xdotool("click", "1")

    def move_mouse(self, x: int, y: int) -> None:
        frame = self.probe()
        self.xdotool("mousemove", str(frame["window"]["x"] + x), str(frame["window"]["y"] + y))

    @staticmethod
    def xdotool(*args: str) -> None:
        subprocess.run(["xdotool", *args], env=wine_env(), check=True, timeout=10)

    def screenshot(self, name: str) -> Path | None:
        frame = self.probe()
        shot = self.dir / f"{name}.png"
        args = ["import", "-window", "root"]
        if frame:
            w = frame["window"]
            args += ["-crop", f"{w['width']}x{w['height']}+{w['x']}+{w['y']}", "+repage"]
        try:
            subprocess.run([*args, str(shot)], env=wine_env(), check=True, timeout=20, capture_output=True)
            log(f"screenshot: {shot}")
            return shot
        except (subprocess.SubprocessError, OSError) as error:
            log(f"screenshot failed: {error}")
            return None


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
    records = Path(os.environ["WINEPREFIX"]) / "fixture-records.txt"
    if not records.exists():
        return 0
    count = 0
    for line in records.read_text(encoding="utf-8", errors="replace").splitlines():
        parts = line.split()
        if len(parts) >= 3 and parts[1] == name and parts[2] == event and int(parts[0]) >= since_ms:
            count += 1
    return count


def test_start_update_orchestrator() -> None:
    """Start on a stopped Update Orchestrator fixture makes it RUNNING; a double click starts it once."""
    ensure_state("UsoSvc", STOPPED)
    try:
        with App("start_update_orchestrator") as app:
            since = int(time.time() * 1000)
            app.click("start:UsoSvc", double=True)
            wait_scm("UsoSvc", lambda s: s[0] == RUNNING, "UsoSvc RUNNING")
            app.wait(lambda p: p["texts"]["state:UsoSvc"] == "running", "the badge to show Running")
            app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the operation to finish")
            check(app.text("operation-ok") == "true", f"result: {app.text('operation-message')!r}")
            starts = fixture_events("UsoSvc", "start-begin", since)
            check(starts == 1, f"the double click started the service once, not {starts} times")
            app.screenshot("start_update_orchestrator")
    finally:
        ensure_state("UsoSvc", STOPPED)


@contextlib.contextmanager
def hanging_update_orchestrator(hang_limit_ms: int = 6000):
    """UsoSvc running as a fixture that hangs in STOP_PENDING when stopped; restored (STOPPED, plain flags) after.

    Yields a list: append time.monotonic() when the stop is requested, so the restore waits out the hang."""
    set_binpath("UsoSvc", fixture_binpath("--hang-stop", "--hang-limit", str(hang_limit_ms)))
    stop_began: list[float] = []
    try:
        ensure_state("UsoSvc", RUNNING)
        yield stop_began
    finally:
        # Wine does not notice the hung process exiting at --hang-limit (the SCM keeps STOP_PENDING), but
        # StartService does start a fresh process: use that to get back to a clean STOPPED.
        set_binpath("UsoSvc", fixture_binpath())
        if stop_began:
            time.sleep(max(0.0, hang_limit_ms / 1000 + 0.5 - (time.monotonic() - stop_began[0])))
        if scq("UsoSvc")["UsoSvc"][0] != STOPPED:
            wine("sc", "start", "UsoSvc")
            wait_scm("UsoSvc", lambda s: s[0] in (RUNNING, STOPPED), "UsoSvc to settle")
        ensure_state("UsoSvc", STOPPED)


def poke_while_running(app: "App", times: int = 3) -> list[float]:
    """Moves the mouse while the operation runs; returns how long each move took to produce a frame."""
    answered = []
    for i in range(times):
        if app.text("operation-phase") == "finished":
            break
        before = app.probe()["frame"]
        t0 = time.monotonic()
        app.move_mouse(40 + 60 * i, 300 + 10 * i)
        app.wait(lambda p: p["frame"] > before, "a frame after a mouse move", timeout=2)
        answered.append(time.monotonic() - t0)
        time.sleep(0.2)
    return answered


def test_fix_hung_stop() -> None:
    """Fix with an Update Orchestrator that hangs in STOP_PENDING: the window keeps answering, then says why."""
    with hanging_update_orchestrator() as stop_began, App("fix_hung_stop") as app:
        app.click("fix")
        stop_began.append(time.monotonic())
        app.wait(lambda p: p["texts"]["state:UsoSvc"] == "stop_pending" or p["texts"]["operation-phase"] == "finished",
                 "Update Orchestrator to show Stopping")
        # While the operation waits on the hung service, a mouse move must produce a frame quickly.
        answered = poke_while_running(app)
        check(bool(answered), "the operation ended before the window could be poked")
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
        check(time.monotonic() - stop_began[0] < 60 + 5, "ended within the timeout")
        app.screenshot("fix_hung_stop")


def test_open_troubleshooter() -> None:
    """Open troubleshooter launches the URI its label promises, through a recording protocol handler."""
    recorder = os.environ.get("WUD_RECORDER_EXE")
    check(bool(recorder), "WUD_RECORDER_EXE is set (tests/integration's wud_test_recorder)")
    out = Path(os.environ["WUD_E2E_ARTIFACTS"]) / "troubleshooter-launches.txt"
    out.unlink(missing_ok=True)
    key = r"HKCR\ms-settings"
    command = f'"{win_path(Path(recorder))}" --out "{win_path(out)}" "%1"'
    wine("reg", "add", key, "/ve", "/d", "URL:ms-settings", "/f", check_rc=True)
    wine("reg", "add", key, "/v", "URL Protocol", "/d", "", "/f", check_rc=True)
    wine("reg", "add", key + r"\shell\open\command", "/ve", "/d", command, "/f", check_rc=True)
    try:
        with App("open_troubleshooter") as app:
            label = app.text("troubleshooter-label")
            log(f"troubleshooter button: {label!r}")
            # The test prefix is Windows 10 without msdt.exe: Settings > Troubleshoot is the right target.
            check("Settings" in label, f"label names what it opens: {label!r}")
            app.click("troubleshooter")
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not out.exists():
                time.sleep(0.1)
            check(out.exists(), "the protocol handler was launched")
            launched = out.read_text(encoding="utf-8").strip()
            log(f"launched: {launched!r}")
            check(launched == "ms-settings:troubleshoot", f"launched URI: {launched!r}")
            app.screenshot("open_troubleshooter")
    finally:
        wine("reg", "delete", key, "/f")


def test_repair_disabled_start_type() -> None:
    """A Disabled service -> Set to Manual (confirmed) -> the SCM shows Manual; the log keeps the old value."""
    name = "TrustedInstaller"
    set_start_type(name, DISABLED)
    try:
        check(scq(name)[name][2] == DISABLED, "the fixture is disabled")
        with App("repair_disabled_start_type") as app:
            frame = app.wait(lambda p: p["texts"].get(f"start-type:{name}") == "disabled", "the row to show Disabled")
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
    with App("keyboard") as app:
        frame = app.probe()
        # Give the window the keyboard: without a window manager, a click inside it does that.
        app.xdotool("mousemove", str(frame["window"]["x"] + 300), str(frame["window"]["y"] + 8), "click", "1")
        time.sleep(0.3)
        app.xdotool("key", "Tab")
        app.wait(lambda p: p["texts"].get("focus") == "refresh", "Tab to focus Refresh")
        app.xdotool("key", "Tab")
        app.wait(lambda p: p["texts"].get("focus") == "restart:wuauserv", "a second Tab to focus Restart")
        app.screenshot("keyboard_focus")
        app.xdotool("key", "Return")
        after = wait_scm("wuauserv", lambda s: s[0] == RUNNING and s[1] not in (0, before[1]), "a restart by Enter")
        log(f"Enter restarted wuauserv: PID {before[1]} -> {after[1]}")
        app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the restart to finish")
        app.xdotool("key", "F5")
        app.wait(lambda p: "Refreshed." in p["texts"]["log"], "F5 to refresh")
        app.xdotool("key", "ctrl+c")
        app.wait(lambda p: "Report copied" in p["texts"]["log"], "Ctrl+C to copy the report")


TESTS = {
    "first_frame": test_first_frame,
    "restart_windows_update": test_restart_windows_update,
    "start_update_orchestrator": test_start_update_orchestrator,
    "fix_hung_stop": test_fix_hung_stop,
    "open_troubleshooter": test_open_troubleshooter,
    "repair_disabled_start_type": test_repair_disabled_start_type,
    "keyboard": test_keyboard,
}


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

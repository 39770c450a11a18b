#!/usr/bin/env python3
"""The one harness that drives the real WU Doctor window under Wine: start it on the test prefix's Xvfb, read
the frames it writes to the WUD_UI_PROBE file, click widgets by id with xdotool, take screenshots, close it.

A frame the probe wrote has been presented, not necessarily seen: under Wine + Xvfb the pixels reach the X screen
later (the first frame up to a second later, black until then). So the first status frame, and every screenshot,
count only once the screen shows the frame: its marks (pixels it paints in a known colour: the background, each
service badge's dot) in their colours, and the window's region not one flat colour (x_screen.py reads the pixels).

Used by tests/e2e/e2e.py (the GUI tests), tests/security/*.sh (through the `drive` command below) and
scripts/run-app.sh. Standard library only.

    wud_gui.py drive EXE PROBE_FILE [ITEM_ID...]   start the window, wait for the first status frame on screen, click
                                                   each item in turn (waiting for the window to settle after
                                                   each), close it with Alt+F4; exit 0 when all of that worked.
                                                   The item "screen-reader" is no click: an MSAA and a UI
                                                   Automation client (WUD_A11Y_CLIENT_EXE) read the window once
    wud_gui.py screenshot EXE PNG                  start the window, wait for the first status frame on screen,
                                                   save a screenshot of it, close it

WINEPREFIX must be set (the test prefix, see prefix.sh); the display is the prefix's own Xvfb
($WINEPREFIX/.wud-display): Wine's desktop process picks its display when the prefix's first program starts.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from x_screen import Pixels, Screen, XError


class TestFailure(Exception):
    pass


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise TestFailure(message)


def win_path(path: Path) -> str:
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


def display() -> str:
    state = Path(os.environ["WINEPREFIX"]) / ".wud-display"
    if not state.exists():
        raise TestFailure(f"the test prefix has no display ({state}): run the tests through ctest")
    return state.read_text().strip()


# How far a mark's pixel may be from its colour, per channel. Colours travel as 8-bit values from ImGui to the X
# screen and arrive exact; the slack is for a renderer that rounds differently.
MARK_TOLERANCE = 4


def hex_colour(rgb: tuple[int, int, int] | None) -> str:
    return "nothing (off the screen)" if rgb is None else "#{:02x}{:02x}{:02x}".format(*rgb)


def look(frame: dict) -> Pixels:
    """The window's client area as the X screen shows it now."""
    w = frame["window"]
    return Screen.of(display()).grab(w["x"], w["y"], w["width"], w["height"])


def unseen(frame: dict) -> str:
    """Why the X screen does not show this probe-shaped frame yet, or "" once it does: each of its marks shows its
    colour, and the window's region is not one flat colour (what an unpainted window is)."""
    screen, window = Screen.of(display()), frame["window"]
    colours = set()
    for mark in frame.get("marks", []):
        want = tuple(bytes.fromhex(mark["rgb"][1:]))
        got = screen.pixel(window["x"] + mark["x"], window["y"] + mark["y"])
        if got is None or any(abs(a - b) > MARK_TOLERANCE for a, b in zip(got, want)):
            return f"{mark['id']} at {mark['x']},{mark['y']} shows {hex_colour(got)}, the frame paints {mark['rgb']}"
        colours.add(want)
    if len(colours) < 2:  # two different colours seen already say the region is not flat
        pixels = look(frame)
        if pixels.uniform():
            return f"the window's region is one flat colour, {hex_colour(pixels.at(pixels.x, pixels.y))}"
    return ""


def wine_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("WINEDEBUG", "-all")
    env.setdefault("WINEDLLOVERRIDES", "mscoree,mshtml=")
    # Wine names files in the locale's encoding: without UTF-8, non-ASCII paths cannot be created.
    env.setdefault("LANG", "C.UTF-8")
    env["DISPLAY"] = display()
    env.update(extra)
    return env


def wine(*args: str, check_rc: bool = False, timeout: float = 60, **extra_env: str) -> subprocess.CompletedProcess:
    def run() -> subprocess.CompletedProcess:
        return subprocess.run(["wine", *args], env=wine_env(**extra_env), capture_output=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    result = run()
    if check_rc and result.returncode != 0 and not result.stdout and not result.stderr:
        # Failed without a word: on a loaded machine Wine now and then fails to start the program at all (seen for
        # wud_e2e_scq, which always prints; the C++ tests' runner retries Wine's ERROR_INTERNAL_ERROR likewise).
        log(f"wine {' '.join(args)} failed ({result.returncode}) without output: once more")
        result = run()
    if check_rc and result.returncode != 0:
        raise TestFailure(f"wine {' '.join(args)} failed ({result.returncode}): {result.stdout!r} {result.stderr!r}")
    return result


def wait_for(predicate, what: str, timeout: float = 20, every: float = 0.1):
    """Polls predicate() until it returns something true, and returns that."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise TestFailure(f"timed out after {timeout:.0f} s waiting for {what}")


class App:
    """One run of the window. `exe` is a Unix path (Wine maps it); its log lands beside it."""

    def __init__(self, exe: Path, probe_file: Path, artifacts: Path | None = None, **extra_env: str):
        self.exe = Path(exe)
        self.probe_file = Path(probe_file)
        self.artifacts = Path(artifacts) if artifacts else self.probe_file.parent
        self.extra_env = extra_env
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.stderr = None
        self.stderr_from = 0

    def __enter__(self) -> "App":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def start(self, wait_for_status: bool = True) -> None:
        self.probe_file.unlink(missing_ok=True)
        self.artifacts.mkdir(parents=True, exist_ok=True)
        stderr_path = self.artifacts / "wine-stderr.txt"
        self.stderr_from = stderr_path.stat().st_size if stderr_path.exists() else 0  # earlier runs' lines stay
        self.stderr = open(stderr_path, "ab")
        self.started = time.monotonic()
        env = wine_env(WUD_UI_PROBE=win_path(self.probe_file), **self.extra_env)
        self.process = subprocess.Popen(["wine", str(self.exe)], env=env, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=self.stderr)
        if wait_for_status:
            self.wait(lambda p: p["texts"].get("state:wuauserv"), "the first frame with status", timeout=60)
            written = time.monotonic() - self.started
            self.wait_on_screen("the first frame with status")
            log(f"first status frame written after {written:.2f} s, on screen after "
                f"{time.monotonic() - self.started:.2f} s")

    def close(self, timeout: float = 10) -> int:
        """Closes the window as a user does (Alt+F4); returns the exit code."""
        self.xdotool("key", "alt+F4")
        try:
            return self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise TestFailure(f"the window did not close within {timeout:.0f} s of Alt+F4")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.stderr:
            self.stderr.close()
            self.stderr = None

    def wine_complaints(self) -> str:
        """Wine's word on a crash (an unhandled exception, the fault address) from this run's stderr, if any."""
        if self.stderr:
            self.stderr.flush()
        try:
            with open(self.artifacts / "wine-stderr.txt", "rb") as f:
                f.seek(self.stderr_from)
                lines = f.read().decode(errors="replace").splitlines()
        except OSError:
            return ""
        faults = [line for line in lines if "Unhandled" in line or "page fault" in line]
        return "; wine: " + " | ".join(faults[-3:]) if faults else ""

    def probe(self) -> dict | None:
        try:
            return json.loads(self.probe_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def poll_frames(self, what: str, timeout: float, every: float, take):
        """Reads the probe's latest frame every `every` s until take(frame) gives something other than None, and
        returns that; None when `timeout` passes first. Fails at once if the app exits meanwhile."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process and self.process.poll() is not None:
                raise TestFailure(f"the app exited ({self.process.returncode}) while waiting for {what}"
                                  f"{self.wine_complaints()}")
            frame = self.probe()
            if frame is not None:
                got = take(frame)
                if got is not None:
                    return got
            time.sleep(every)
        return None

    def wait(self, predicate, what: str, timeout: float = 30) -> dict:
        last = None

        def matching(frame: dict) -> dict | None:
            nonlocal last
            last = frame
            try:
                return frame if predicate(frame) else None
            except (KeyError, TypeError):
                return None

        found = self.poll_frames(what, timeout, 0.05, matching)
        if found is not None:
            return found
        self.screenshot("timeout", seen=False)
        texts = json.dumps(last.get("texts"), indent=1) if last else "no frame"
        raise TestFailure(f"timed out after {timeout:.0f} s waiting for {what}; last texts: {texts}"
                          f"{self.wine_complaints()}")

    def wait_on_screen(self, what: str, timeout: float = 30) -> tuple[dict, Pixels]:
        """Waits until the X screen shows the latest frame the probe wrote (see unseen()); returns that frame and
        the window's pixels as they showed it."""
        why = "no frame written"

        def shown(frame: dict) -> tuple[dict, Pixels] | None:
            nonlocal why
            why = unseen(frame)
            if why:
                return None
            pixels = look(frame)
            return (frame, pixels) if not pixels.uniform() else None  # still so now that the whole region is read

        found = self.poll_frames(f"{what} to show on screen", timeout, 0.02, shown)
        if found is not None:
            return found
        self.screenshot("not_on_screen", seen=False)
        raise TestFailure(f"timed out after {timeout:.0f} s waiting for {what} to show on the screen: {why}")

    def text(self, key: str) -> str:
        frame = self.probe() or {}
        return frame.get("texts", {}).get(key, "")

    @staticmethod
    def find(frame: dict, item_id: str) -> dict | None:
        return next((i for i in frame["items"] if i["id"] == item_id), None)

    def scroll_into_view(self, item_id: str, frame: dict, timeout: float = 30) -> dict:
        """Turns the mouse wheel over the window's scrolling middle, as a user would, until the item shows whole."""
        deadline = time.monotonic() + timeout
        while True:
            item = self.find(frame, item_id)
            if item is None or item["shown"]["h"] >= item["h"] - 0.5:
                return frame
            if time.monotonic() > deadline:
                raise TestFailure(f"'{item_id}' did not scroll into view within {timeout:.0f} s")
            ax, ay, aw, ah = (float(v) for v in frame["texts"]["scroll-area"].split())
            window = frame["window"]
            self.xdotool("mousemove", str(round(window["x"] + ax + aw / 2)), str(round(window["y"] + ay + ah / 2)))
            scrolled = frame["texts"]["scroll-y"]
            self.xdotool("click", "5" if item["y"] > ay else "4")  # X's wheel: 5 down, 4 up
            # One notch at a time, each seen to land before the next: notches in flight would scroll past.
            frame = self.wait(lambda p: p["texts"]["scroll-y"] != scrolled, f"the wheel to scroll towards '{item_id}'",
                              timeout=10)

    def scroll_to(self, item_id: str, timeout: float = 30) -> dict:
        """Waits for the item to be drawn, then scrolls it into view; returns the frame that shows it whole."""
        frame = self.wait(lambda p: self.find(p, item_id) is not None, f"'{item_id}' to be drawn", timeout=timeout)
        return self.scroll_into_view(item_id, frame, timeout)

    def click(self, item_id: str, timeout: float = 30, at: tuple[float, float] = (0.5, 0.5)) -> dict:
        """Clicks an enabled item (scrolled into view first), at its centre unless `at` gives another point as
        fractions of its width and height; returns the frame it was found in."""
        frame = self.wait(lambda p: (self.find(p, item_id) or {}).get("enabled"), f"'{item_id}' to be clickable",
                          timeout=timeout)
        frame = self.scroll_into_view(item_id, frame, timeout)
        item, window = self.find(frame, item_id), frame["window"]
        x = round(window["x"] + item["x"] + item["w"] * at[0])
        y = round(window["y"] + item["y"] + item["h"] * at[1])
        log(f"click '{item['label']}' ({item_id}) at {x},{y}")
        self.xdotool("mousemove", str(x), str(y))
        time.sleep(0.15)  # the pointer rests on the button a moment, as a real hand's does
        self.xdotool("click", "1")
        return frame

    def click_and_settle(self, item_id: str) -> None:
        """Clicks an item, waits for the frame that answers it, then for the window to be idle again."""
        seen = self.click(item_id)["frame"]
        self.wait(lambda f: f["frame"] > seen, f"a frame after clicking '{item_id}'")
        self.wait(lambda f: f["texts"].get("operation-phase", "idle") in ("idle", "finished"), "the window to settle")

    def move_mouse(self, x: int, y: int) -> None:
        frame = self.probe()
        self.xdotool("mousemove", str(frame["window"]["x"] + x), str(frame["window"]["y"] + y))

    @staticmethod
    def xdotool(*args: str) -> str:
        return subprocess.run(["xdotool", *args], env=wine_env(), check=True, timeout=10, capture_output=True,
                              text=True).stdout

    def screenshot(self, name: str, seen: bool = True) -> Path | None:
        """Saves the window as the screen shows it, once the screen shows the probe's latest frame (`seen`); with
        seen=False, whatever is there now (the record of a test that timed out) — best effort, never raising."""
        shot = Path(name if name.endswith(".png") else self.artifacts / f"{name}.png")
        if seen:
            _, pixels = self.wait_on_screen(f"the frame for {shot.name}")
        else:
            try:
                frame = self.probe()
                screen = Screen.of(display())
                pixels = look(frame) if frame else screen.grab(0, 0, screen.width, screen.height)
            except (OSError, XError, TestFailure) as error:
                log(f"screenshot failed: {error}")
                return None
        pixels.save_png(shot)
        log(f"screenshot: {shot}")
        return shot


def clipboard() -> str:
    """The X clipboard's text (Wine hands the Windows clipboard to the X CLIPBOARD selection)."""
    result = subprocess.run(["xclip", "-o", "-selection", "clipboard"], env=wine_env(), capture_output=True,
                            timeout=10)
    return result.stdout.decode("utf-8", errors="replace") if result.returncode == 0 else ""


def read_as_screen_reader() -> None:
    """An MSAA and a UI Automation client (tests/fixtures/a11y_client.cpp) each read the window once, from their own
    process: the window loads oleacc.dll and uiautomationcore.dll to answer them, as it does for a screen reader."""
    for how in ("msaa", "uia"):
        result = wine(os.environ["WUD_A11Y_CLIENT_EXE"], how, timeout=60)
        lines = result.stdout.decode("utf-8", errors="replace").splitlines()
        check(result.returncode == 0 and len(lines) > 1, f"the {how} screen reader read nothing: {lines}")
        log(f"ok: a {how} screen reader read {len(lines)} lines")


def main(argv: list[str]) -> int:
    if len(argv) >= 4 and argv[1] == "drive":
        exe, probe_file, clicks = Path(argv[2]), Path(argv[3]), argv[4:]
        app = App(exe, probe_file)
        try:
            app.start()
            frame = app.probe()
            log(f"ok: the window shows (frame {frame['frame']}, wuauserv {frame['texts']['state:wuauserv']})")
            for item_id in clicks:
                if item_id == "screen-reader":
                    read_as_screen_reader()
                    continue
                app.click_and_settle(item_id)
                log(f"ok: clicked '{item_id}'")
            code = app.close()
            log(f"ok: the window closed on Alt+F4 (exit code {code})")
            return 0 if code == 0 else 1
        except (TestFailure, subprocess.SubprocessError) as error:
            log(f"FAIL: {error}")
            return 1
        finally:
            app.stop()
    if len(argv) == 4 and argv[1] == "screenshot":
        exe, shot = Path(argv[2]), Path(argv[3])
        app = App(exe, shot.with_suffix(".probe.json"), shot.parent)
        try:
            app.start()
            return 0 if app.screenshot(str(shot)) else 1
        except TestFailure as error:
            log(f"FAIL: {error}")
            return 1
        finally:
            app.stop()
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

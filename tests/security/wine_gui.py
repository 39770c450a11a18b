#!/usr/bin/env python3
"""Runs the WU Doctor window under Wine for the security tests: start it, wait until it shows the services,
click some buttons through xdotool (found by id in the WUD_UI_PROBE file), close it the way a user does
(Alt+F4, so GLFW undoes its session-wide settings), and report.

Usage: wine_gui.py EXE_WINDOWS_PATH PROBE_FILE [ITEM_ID...]
WINEPREFIX must be set; the window goes to the prefix's Xvfb ($WINEPREFIX/.wud-display). Exit code 0 when the
window showed, every click landed and it closed by itself; prints one line per step."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path


def win_path(path: Path) -> str:
    return "Z:" + str(path.resolve()).replace("/", "\\")


def main() -> int:
    exe, probe_file, clicks = sys.argv[1], Path(sys.argv[2]), sys.argv[3:]
    env = dict(os.environ)
    env["DISPLAY"] = (Path(env["WINEPREFIX"]) / ".wud-display").read_text().strip()
    env["WUD_UI_PROBE"] = win_path(probe_file)
    probe_file.unlink(missing_ok=True)

    def probe() -> dict | None:
        try:
            return json.loads(probe_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def wait(predicate, what: str, timeout: float = 30) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if app.poll() is not None:
                raise RuntimeError(f"the window exited ({app.returncode}) while waiting for {what}")
            frame = probe()
            try:
                if frame is not None and predicate(frame):
                    return frame
            except (KeyError, TypeError):
                pass
            time.sleep(0.05)
        raise RuntimeError(f"timed out waiting for {what}")

    def xdotool(*args: str) -> str:
        return subprocess.run(["xdotool", *args], env=env, check=True, timeout=10, capture_output=True,
                              text=True).stdout

    def find(frame: dict, item_id: str) -> dict | None:
        return next((i for i in frame["items"] if i["id"] == item_id), None)

    app = subprocess.Popen(["wine", exe], env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    try:
        frame = wait(lambda f: f["texts"].get("state:wuauserv"), "the first frame with the services")
        windows = xdotool("search", "--name", "^WU Doctor$").split()
        if not windows:
            raise RuntimeError("no X window titled 'WU Doctor'")
        print(f"ok: the window shows (frame {frame['frame']}, wuauserv {frame['texts']['state:wuauserv']})")
        for item_id in clicks:
            frame = wait(lambda f: (find(f, item_id) or {}).get("enabled"), f"'{item_id}' to be clickable")
            item, window = find(frame, item_id), frame["window"]
            x = round(window["x"] + item["x"] + item["w"] / 2)
            y = round(window["y"] + item["y"] + item["h"] / 2)
            xdotool("mousemove", str(x), str(y))
            time.sleep(0.15)  # a frame with the pointer over the button first
            xdotool("click", "1")
            seen = frame["frame"]
            # The window redraws only when something changes: one new frame is the answer to the click.
            wait(lambda f: f["frame"] > seen, f"a frame after clicking '{item_id}'")
            time.sleep(0.3)
            wait(lambda f: f["texts"].get("operation-phase", "idle") == "idle", f"the window to settle")
            print(f"ok: clicked '{item['label']}' ({item_id})")
        xdotool("key", "alt+F4")
        try:
            code = app.wait(10)
        except subprocess.TimeoutExpired:
            raise RuntimeError("the window did not close on Alt+F4")
        print(f"ok: the window closed on Alt+F4 (exit code {code})")
        return 0 if code == 0 else 1
    except (RuntimeError, subprocess.SubprocessError) as error:
        print(f"FAIL: {error}")
        return 1
    finally:
        if app.poll() is None:
            app.terminate()
            try:
                app.wait(10)
            except subprocess.TimeoutExpired:
                app.kill()


if __name__ == "__main__":
    sys.exit(main())

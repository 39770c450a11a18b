#!/usr/bin/env python3
"""End-to-end tests of the renderer chain: the real wudoctor.exe under Wine + Xvfb, one row per
graphics situation, each asserting which renderer drew the window (probe text "renderer" and the log line
"renderer=..."), then using the window for real (Refresh; on the Direct3D row a Restart checked through the SCM).
The last row leaves Wine nothing to draw with and presses the last-resort dialog's Fix button.

    renderer_e2e.py ROW     run one row (CTest runs each as its own test)
    renderer_e2e.py --list  list the rows

Builds on the harness in e2e.py (App, the SCM helpers, fixture records). Extra environment: WUD_CLICK_EXE
(wud_e2e_click.exe, presses a native button).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import e2e  # noqa: E402
from e2e import RUNNING, App, TestFailure, check, ensure_state, log, scq, wait_scm  # noqa: E402

BASE_OVERRIDES = "mscoree,mshtml="


class RendererApp(App):
    """The window started with extra environment (DLL overrides, Mesa limits, WUD_RENDERER), and its log."""

    def log_text(self) -> str:
        return "\n".join(p.read_text(encoding="utf-8", errors="replace")
                         for p in sorted((self.dir / "wudoctor-logs").glob("*.log")))

    def wait_log(self, pattern: str, what: str, timeout: float = 10) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = re.search(pattern, self.log_text())
            if match:
                return match
            time.sleep(0.1)
        raise TestFailure(f"the log never said {what} (/{pattern}/):\n{self.log_text()}")


def expect_renderer(app: RendererApp, renderer: str, failed: tuple[str, ...] = ()) -> None:
    """The probe and the log agree on the chosen renderer; each step in `failed` was logged with a reason."""
    shown = app.text("renderer")
    log(f"renderer: {shown}")
    check(shown == renderer, f"renderer {shown!r}, expected {renderer!r}")
    app.wait_log(rf"renderer={re.escape(renderer)} window drawn with", f"renderer={renderer}")
    for step in failed:
        line = app.wait_log(rf"renderer failed: {re.escape(step)}: (.+)", f"why {step} failed")
        log(f"logged: {step}: {line.group(1).strip()}")


def refresh(app: RendererApp) -> None:
    """Refresh redraws with a fresh poll: the activity panel says so, and the badges still match the SCM."""
    app.click("refresh")
    app.wait(lambda p: "Refreshed." in p["texts"]["log"], "Refresh to answer")
    wu = scq("wuauserv")["wuauserv"]
    frame = app.wait(lambda p: p["texts"]["pid:wuauserv"] == str(wu[1]), "the Windows Update card to match the SCM")
    check(frame["texts"]["state:wuauserv"] == e2e.state_id(wu[0]), f"badge {frame['texts']['state:wuauserv']!r}")


def window_row(test: str, renderer: str, failed: tuple[str, ...] = (), **env: str) -> RendererApp:
    ensure_state("wuauserv", RUNNING)
    with RendererApp(test, **env) as app:
        expect_renderer(app, renderer, failed)
        refresh(app)
        app.screenshot(test)
    return app


def test_default_dx11() -> None:
    """Default: Direct3D 11 (wined3d); Restart gives wuauserv a new PID, read back from the SCM."""
    before = ensure_state("wuauserv", RUNNING)
    with RendererApp("renderer_default_dx11") as app:
        expect_renderer(app, "dx11")
        refresh(app)
        app.click("restart:wuauserv")
        after = wait_scm("wuauserv", lambda s: s[0] == RUNNING and s[1] not in (0, before[1]), "a restart (new PID)")
        log(f"wuauserv PID {before[1]} -> {after[1]}")
        app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the restart to finish")
        check(app.text("operation-ok") == "true", f"result: {app.text('operation-message')!r}")
        app.wait(lambda p: p["texts"]["pid:wuauserv"] == str(after[1]), "the card to show the new PID")
        app.screenshot("renderer_default_dx11")


def test_warp() -> None:
    """WUD_RENDERER=warp: the software Direct3D device (Wine accepts WARP like hardware) draws the window."""
    window_row("renderer_warp", "warp", WUD_RENDERER="warp")


def test_no_direct3d_gl3() -> None:
    """d3d11.dll disabled: both Direct3D steps fail with a reason, OpenGL 3 draws the window."""
    window_row("renderer_no_direct3d_gl3", "gl3", ("Direct3D 11 (hardware)", "Direct3D 11 (WARP, software)"),
               WINEDLLOVERRIDES=f"{BASE_OVERRIDES};d3d11=d")


def test_opengl21_gl2() -> None:
    """Only OpenGL 2.1 (Mesa limited; Wine's Direct3D runs on OpenGL and fails too): OpenGL 2 draws the window."""
    window_row("renderer_opengl21_gl2", "gl2",
               ("Direct3D 11 (hardware)", "Direct3D 11 (WARP, software)", "OpenGL 3"),
               MESA_GL_VERSION_OVERRIDE="2.1", MESA_GLSL_VERSION_OVERRIDE="120")


def test_vulkan_only_dx11() -> None:
    """Direct3D on Vulkan (lavapipe), OpenGL limited to 1.1: the nearest Wine gets to a Basic Display Adapter."""
    window_row("renderer_vulkan_only_dx11", "dx11", WINE_D3D_CONFIG="renderer=vulkan", MESA_GL_VERSION_OVERRIDE="1.1")


def test_unknown_value() -> None:
    """WUD_RENDERER=fast is not understood: a plain warning in the log, and the usual chain (Direct3D 11)."""
    app = window_row("renderer_unknown_value", "dx11", WUD_RENDERER="fast")
    app.wait_log(r'WUD_RENDERER="fast" is not one of dx11, warp, gl3, gl2, none', "the warning")


def press(title: str, prefix: str, timeout: float = 20) -> None:
    """Presses a native button through wud_e2e_click.exe, once it exists and is enabled."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = e2e.wine(os.environ["WUD_CLICK_EXE"], title, prefix)
        if result.returncode == 0:
            log(result.stdout.decode(errors="replace").strip())
            return
        time.sleep(0.2)
    listing = e2e.wine(os.environ["WUD_CLICK_EXE"], "--list", title).stdout.decode(errors="replace")
    raise TestFailure(f"no enabled button '{prefix}…' in '{title}' within {timeout:.0f} s; controls:\n{listing}")


def test_nothing_last_resort() -> None:
    """opengl32 disabled: nothing can draw, the last-resort dialog opens; its Fix restarts Update Orchestrator,
    then Windows Update (both fixtures here, so their records show the order)."""
    wine_wuauserv = r"C:\windows\system32\wuauserv.exe"
    ensure_state("wuauserv", e2e.STOPPED)
    e2e.set_binpath("wuauserv", e2e.fixture_binpath())
    try:
        before = {name: ensure_state(name, RUNNING) for name in ("UsoSvc", "wuauserv")}
        since = int(time.time() * 1000)
        with RendererApp("renderer_nothing_last_resort", WINEDLLOVERRIDES=f"{BASE_OVERRIDES};opengl32=d") as app:
            frame = app.wait(lambda p: p["texts"]["state:UsoSvc"] == "running", "the dialog to show both services")
            check(frame["texts"]["renderer"] == "none", f"renderer {frame['texts']['renderer']!r}")
            failures = frame["texts"]["renderer-failures"]
            log(f"the dialog says what failed:\n{failures}")
            for step in ("Direct3D 11 (hardware)", "Direct3D 11 (WARP, software)", "OpenGL 3", "OpenGL 2"):
                check(step + ":" in failures, f"{step} is named among the failures")
            check("process " + str(before["wuauserv"][1]) in frame["texts"]["content"],
                  f"the dialog shows Windows Update's process: {frame['texts']['content']!r}")
            app.wait_log(r"no renderer could draw the window", "the last resort")
            app.wait(lambda p: (App.find(p, "fix") or {}).get("enabled"), "Fix to be enabled")
            app.screenshot("last_resort")
            press("WU Doctor", "Fix Windows Update")
            after = {name: wait_scm(name, lambda s, b=before[name]: s[0] == RUNNING and s[1] not in (0, b[1]),
                                    f"{name} restarted (new PID)") for name in ("UsoSvc", "wuauserv")}
            frame = app.wait(lambda p: p["texts"]["operation-phase"] == "finished", "the Fix to finish", timeout=60)
            check(frame["texts"]["operation-ok"] == "true", f"result: {frame['texts']['operation-message']!r}")
            log(f"{frame['texts']['operation-message']} PIDs: " +
                ", ".join(f"{n} {before[n][1]} -> {after[n][1]}" for n in after))
            app.wait(lambda p: "process " + str(after["wuauserv"][1]) in p["texts"]["content"],
                     "the dialog to show the new process")
            app.screenshot("last_resort_fixed")
        e2e.check_fix_order(since)
    finally:
        ensure_state("wuauserv", e2e.STOPPED)
        e2e.set_binpath("wuauserv", wine_wuauserv)
        ensure_state("wuauserv", RUNNING)


if __name__ == "__main__":
    sys.exit(e2e.run_rows(globals(), sys.argv))

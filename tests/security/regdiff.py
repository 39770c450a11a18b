#!/usr/bin/env python3
"""Compares two registry exports (`wine regedit /E`, UTF-16) for the stray-writes test.

Usage: regdiff.py BEFORE.reg AFTER.reg [--expect KEY NAME OLD NEW]... [--wine-noise]
Every difference must be either an expected value change (--expect; OLD/NEW as regedit writes the data, e.g.
dword:00000003, or - for absent) or, with --wine-noise, one of the narrowly described Wine artefacts below.
Prints every difference with its verdict; exit 1 if any is unexplained or an expected change is missing."""
import re
import sys

# Differences Wine makes by itself while our programs run. Each is a key prefix (case-insensitive) and why.
WINE_NOISE = [
    # services.exe counts service starts in this volatile value (Windows' SCM does too): it moves with every
    # start the test asks for, whoever asks.
    (r"HKEY_LOCAL_MACHINE\System\CurrentControlSet\Control\ServiceCurrent",
     "the SCM's volatile start counter, bumped by the service starts the test asked for"),
    # Wine's X11 driver registers the display adapter under a new GUID-named volatile key each time a windowed
    # program starts (notepad does the same); on Windows the graphics stack owns these keys, not the app.
    (r"HKEY_LOCAL_MACHINE\System\CurrentControlSet\Control\Video\{",
     "Wine's X11 driver registering the display adapter for a new windowed process"),
    # Wine mirrors session-only SystemParametersInfo changes (no SPIF_UPDATEINIFILE) into this volatile key;
    # Windows keeps them in memory. GLFW sets ForegroundLockTimeout to 0 when it starts and puts it back when
    # it ends; Wine also creates empty WindowMetrics / Mouse / Colors subkeys there.
    (r"HKEY_CURRENT_USER\Software\Wine\Temporary System Parameters",
     "Wine's volatile mirror of session-only SystemParametersInfo changes (GLFW's ForegroundLockTimeout)"),
]

VALUE = re.compile(r'^(@|"(?:[^"\\]|\\.)*")=(.*)$', re.S)


def load(path: str) -> dict[str, dict[str, str]]:
    raw = open(path, "rb").read()
    text = raw.decode("utf-16") if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else raw.decode("utf-8")
    keys: dict[str, dict[str, str]] = {}
    current = None
    pending = ""
    for line in text.replace("\r\n", "\n").split("\n"):
        if pending:
            line = pending + line.lstrip()
            pending = ""
        if line.endswith("\\") and current is not None and not line.startswith("["):
            pending = line[:-1]
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            keys.setdefault(current, {})
        elif current is not None and line:
            match = VALUE.match(line)
            if match:
                keys[current][match.group(1)] = match.group(2)
    return keys


def main() -> int:
    args = sys.argv[1:]
    before, after = load(args[0]), load(args[1])
    expected: dict[tuple[str, str], tuple[str, str]] = {}
    noise = False
    i = 2
    while i < len(args):
        if args[i] == "--expect":
            key, name, old, new = args[i + 1:i + 5]
            expected[(key.lower(), f'"{name}"' if name != "@" else "@")] = (old, new)
            i += 5
        elif args[i] == "--wine-noise":
            noise = True
            i += 1
        else:
            print(f"regdiff.py: unknown argument {args[i]}")
            return 2

    def wine_noise(key: str) -> str | None:
        if noise:
            k = key.lower()
            for prefix, why in WINE_NOISE:
                p = prefix.lower()
                # "...\{" matches any GUID-named subkey; otherwise the key itself or its subkeys only.
                if (k.startswith(p) if p.endswith("{") else (k == p or k.startswith(p + "\\"))):
                    return why
        return None

    unexplained = 0
    seen_expected = set()

    def report(key: str, what: str, name: str | None = None, old: str = "-", new: str = "-") -> None:
        nonlocal unexplained
        where = f"[{key}]" + (f" {name}" if name else "")
        exp = expected.get((key.lower(), name)) if name else None
        if exp is not None and exp == (old, new):
            seen_expected.add((key.lower(), name))
            print(f"expected  {where}: {old} -> {new}")
            return
        why = wine_noise(key)
        if why:
            print(f"wine      {where} {what} ({why})")
            return
        unexplained += 1
        print(f"STRAY     {where} {what}: {old} -> {new}")

    for key in sorted(set(before) | set(after), key=str.lower):
        if key not in before:
            report(key, "key added")
            for name, data in after[key].items():
                report(key, "value added", name, "-", data)
        elif key not in after:
            report(key, "key removed")
        else:
            b, a = before[key], after[key]
            for name in sorted(set(b) | set(a)):
                if b.get(name) != a.get(name):
                    what = "value added" if name not in b else "value removed" if name not in a else "value changed"
                    report(key, what, name, b.get(name, "-"), a.get(name, "-"))

    for (key, name), (old, new) in expected.items():
        if (key, name) not in seen_expected:
            unexplained += 1
            print(f"MISSING   [{key}] {name}: expected {old} -> {new}, not seen")
    print(f"registry: {unexplained} unexplained difference(s)")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())

"""What the X screen shows: a region's pixels read straight from the display with Xlib's XGetImage (through
ctypes, so a look costs a few milliseconds and no process), and a PNG writer for them.

The GUI harness (wud_gui.py) and the window benchmark take a frame for seen only once these pixels show it:
"the program presented a frame" is not "the frame is on the screen" under Wine + Xvfb.

Standard library only; libX11 is there wherever Xvfb and xdotool are.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import struct
import zlib
from pathlib import Path

_Z_PIXMAP = 2
_ALL_PLANES = 0xFFFFFFFFFFFFFFFF
_LSB_FIRST = 0


class _XImage(ctypes.Structure):
    # The leading fields of Xlib's XImage (X11/Xlib.h), enough to read the pixels it returns.
    _fields_ = [("width", ctypes.c_int), ("height", ctypes.c_int), ("xoffset", ctypes.c_int),
                ("format", ctypes.c_int), ("data", ctypes.POINTER(ctypes.c_char)), ("byte_order", ctypes.c_int),
                ("bitmap_unit", ctypes.c_int), ("bitmap_bit_order", ctypes.c_int), ("bitmap_pad", ctypes.c_int),
                ("depth", ctypes.c_int), ("bytes_per_line", ctypes.c_int), ("bits_per_pixel", ctypes.c_int),
                ("red_mask", ctypes.c_ulong), ("green_mask", ctypes.c_ulong), ("blue_mask", ctypes.c_ulong)]


_ErrorHandler = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p)


class XError(Exception):
    pass


def _xlib() -> ctypes.CDLL:
    name = ctypes.util.find_library("X11") or "libX11.so.6"
    try:
        lib = ctypes.CDLL(name)
    except OSError as error:
        raise XError(f"cannot load {name} to read the screen ({error}): apt-get install libx11-6") from None
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XDefaultScreen.argtypes = [ctypes.c_void_p]
    lib.XDisplayWidth.argtypes = lib.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    lib.XGetImage.restype = ctypes.POINTER(_XImage)
    lib.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                              ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    lib.XDestroyImage.argtypes = [ctypes.POINTER(_XImage)]
    lib.XSetErrorHandler.argtypes = [_ErrorHandler]
    lib.XSetErrorHandler.restype = ctypes.c_void_p
    return lib


class Pixels:
    """A region of the screen as it was looked at: `rgb` holds width x height pixels, 3 bytes each, row by row."""

    def __init__(self, x: int, y: int, width: int, height: int, rgb: bytes):
        self.x, self.y, self.width, self.height, self.rgb = x, y, width, height, rgb

    def at(self, x: int, y: int) -> tuple[int, int, int] | None:
        """The colour at screen position (x, y), None outside the region."""
        x, y = x - self.x, y - self.y
        if not (0 <= x < self.width and 0 <= y < self.height):
            return None
        i = (y * self.width + x) * 3
        return self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]

    def uniform(self) -> bool:
        """One colour everywhere (nothing drawn on it, or the region is empty)."""
        return not self.rgb or self.rgb == self.rgb[:3] * (self.width * self.height)

    def mean(self) -> float:
        return sum(self.rgb) / len(self.rgb) if self.rgb else 0.0

    def save_png(self, path: Path) -> Path:
        """Writes the pixels as an 8-bit RGB PNG (zlib + the PNG chunk layout; no ImageMagick needed)."""
        row = self.width * 3
        raw = b"".join(b"\x00" + self.rgb[y * row:(y + 1) * row] for y in range(self.height))

        def chunk(tag: bytes, data: bytes) -> bytes:
            return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)  # 8 bits, truecolour
        Path(path).write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 6))
                               + chunk(b"IEND", b""))
        return Path(path)


class Screen:
    """One connection to an X display (e.g. ":5"), kept for the life of the process."""

    _open: dict[str, "Screen"] = {}

    @classmethod
    def of(cls, display: str) -> "Screen":
        if display not in cls._open:
            cls._open[display] = cls(display)
        return cls._open[display]

    def __init__(self, display: str):
        self._x = _xlib()
        self._error: int | None = None

        def on_error(_display, event) -> int:
            # XErrorEvent: type, display, resourceid, serial, error_code (unsigned char)...
            self._error = ctypes.cast(event, ctypes.POINTER(ctypes.c_ubyte))[8 + 8 + 8 + 8]
            return 0  # Xlib's default handler would end this process

        self._on_error = _ErrorHandler(on_error)  # kept: Xlib calls it for as long as the connection lives
        self._x.XSetErrorHandler(self._on_error)
        self._display = self._x.XOpenDisplay(display.encode())
        if not self._display:
            raise XError(f"cannot open the X display {display}")
        self._root = self._x.XDefaultRootWindow(self._display)
        screen = self._x.XDefaultScreen(self._display)
        self.width = self._x.XDisplayWidth(self._display, screen)
        self.height = self._x.XDisplayHeight(self._display, screen)

    def pixel(self, x: int, y: int) -> tuple[int, int, int] | None:
        """One pixel's colour (a fraction of a millisecond), None off the screen."""
        return self.grab(x, y, 1, 1).at(x, y)

    def grab(self, x: int, y: int, width: int, height: int) -> Pixels:
        """The region's pixels as the screen shows them now, clipped to the screen."""
        x0, y0 = max(0, x), max(0, y)
        x1, y1 = min(self.width, x + width), min(self.height, y + height)
        if x1 <= x0 or y1 <= y0:
            return Pixels(x0, y0, 0, 0, b"")
        self._error = None
        image = self._x.XGetImage(self._display, self._root, x0, y0, x1 - x0, y1 - y0, _ALL_PLANES, _Z_PIXMAP)
        if not image:
            raise XError(f"XGetImage {x1 - x0}x{y1 - y0}+{x0}+{y0} failed (X error {self._error})")
        try:
            img = image.contents
            if (img.bits_per_pixel != 32 or img.byte_order != _LSB_FIRST or
                    (img.red_mask, img.green_mask, img.blue_mask) != (0xFF0000, 0xFF00, 0xFF)):
                raise XError(f"unexpected X image format: {img.bits_per_pixel} bits per pixel, byte order "
                             f"{img.byte_order}, masks {img.red_mask:#x} {img.green_mask:#x} {img.blue_mask:#x}")
            w, h = img.width, img.height
            data = ctypes.string_at(img.data, img.bytes_per_line * h)
            if img.bytes_per_line != w * 4:
                data = b"".join(data[r * img.bytes_per_line:r * img.bytes_per_line + w * 4] for r in range(h))
            rgb = bytearray(w * h * 3)  # X's BGRX, little-endian, to RGB
            rgb[0::3], rgb[1::3], rgb[2::3] = data[2::4], data[1::4], data[0::4]
            return Pixels(x0, y0, w, h, bytes(rgb))
        finally:
            self._x.XDestroyImage(image)

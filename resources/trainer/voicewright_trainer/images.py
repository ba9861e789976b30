"""Tiny PNG writer (zlib + struct only): alignment and mel images without matplotlib."""
from __future__ import annotations

import os
import struct
import zlib

import numpy as np


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def write_png_gray(path: str, img: np.ndarray) -> None:
    """img: 2-D uint8 array, row 0 at the top. Written atomically."""
    img = np.ascontiguousarray(img, dtype=np.uint8)
    h, w = img.shape
    raw = b"".join(b"\x00" + img[y].tobytes() for y in range(h))
    data = (b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b""))
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def matrix_image(m: np.ndarray, lo=None, hi=None) -> np.ndarray:
    """[rows, cols] values → uint8 image with row 0 at the bottom (the way alignments and mels are drawn)."""
    m = np.asarray(m, dtype=np.float64)
    lo = float(m.min()) if lo is None else lo
    hi = float(m.max()) if hi is None else hi
    scaled = (m - lo) / (hi - lo) if hi > lo else np.zeros_like(m)
    return (np.clip(scaled, 0, 1) * 255).round().astype(np.uint8)[::-1]

"""Diffuse colours of Wavefront MTL materials, for colouring sampled points.

A material with a `map_Kd` texture takes the texture's mean colour (the texture is what a viewer
shows, and its Kd is often a neutral placeholder); without PIL, or where the image is missing,
the Kd colour stands in.
"""
from __future__ import annotations

import io
import posixpath
import zipfile

import numpy as np

try:
    from PIL import Image
except ImportError:  # colours then come from Kd alone
    Image = None

NEUTRAL = (0.7, 0.7, 0.7)


def parse_mtl(text: str) -> dict[str, tuple[tuple[float, float, float], str | None]]:
    """Material name -> (Kd, map_Kd file or None)."""
    out: dict[str, tuple[tuple[float, float, float], str | None]] = {}
    name, kd, tex = None, NEUTRAL, None
    for raw in text.splitlines() + ["newmtl"]:
        parts = raw.strip().split()
        if not parts:
            continue
        key = parts[0]
        if key == "newmtl":
            if name is not None:
                out[name] = (kd, tex)
            name, kd, tex = " ".join(parts[1:]), NEUTRAL, None
        elif key == "Kd" and len(parts) >= 4:
            kd = tuple(float(v) for v in parts[1:4])
        elif key == "map_Kd" and len(parts) >= 2:
            tex = parts[-1]  # options such as -s u v come before the file name
    return out


def _texture_mean(z: zipfile.ZipFile, listing: set[str], path: str) -> tuple[float, float, float] | None:
    if Image is None or path not in listing:
        return None
    try:
        with Image.open(io.BytesIO(z.read(path))) as im:
            rgb = np.asarray(im.convert("RGB").resize((16, 16)), dtype=np.float64) / 255
    except OSError:
        return None
    return tuple(rgb.reshape(-1, 3).mean(0))


def material_colours(z: zipfile.ZipFile, model: str, libraries: list[str], names: list[str]) -> np.ndarray:
    """(M, 3) float64 in [0, 1], one diffuse colour per material name of an OBJ inside the zip."""
    folder = posixpath.dirname(model)
    known: dict[str, tuple[tuple[float, float, float], str | None]] = {}
    listing = set(z.namelist())
    for lib in libraries:
        path = posixpath.normpath(posixpath.join(folder, lib))
        if path in listing:
            known.update(parse_mtl(z.read(path).decode("latin-1")))
    out = np.empty((len(names), 3))
    for i, name in enumerate(names):
        kd, tex = known.get(name, (NEUTRAL, None))
        mean = _texture_mean(z, listing, posixpath.normpath(posixpath.join(folder, tex))) if tex else None
        out[i] = mean if mean is not None else kd
    return np.clip(out, 0, 1)

"""What a handheld RGB-D scan of a synthetic room keeps: the points seen from a few standing
viewpoints, found with a panoramic z-buffer of splatted points (numpy only).

Each point is splatted over the pixels its surface patch covers at its distance (so a near
surface has no gaps for farther points to leak through) and is kept where its own pixel's
nearest depth is within a tolerance of its depth, for at least one viewpoint. Undersides,
backs against walls and insides of furniture are thereby dropped, as in a real scan.
"""
from __future__ import annotations

import numpy as np

RES = np.radians(0.3)  # panorama pixel, about 1.6 cm at 3 m
MAX_SPLAT = (12, 6)  # pixels in azimuth, elevation


def _pixels(xyz: np.ndarray, eye: np.ndarray):
    d = xyz - eye
    r = np.linalg.norm(d, axis=1)
    el = np.arcsin(np.clip(d[:, 2] / np.maximum(r, 1e-9), -1, 1))
    az = np.arctan2(d[:, 1], d[:, 0])
    width, height = int(np.ceil(2 * np.pi / RES)), int(np.ceil(np.pi / RES)) + 1
    u = np.floor((az + np.pi) / RES).astype(np.int64) % width
    v = np.clip(np.floor((el + np.pi / 2) / RES).astype(np.int64), 0, height - 1)
    return r, el, u, v, width, height


def seen_from(xyz: np.ndarray, eye: np.ndarray, spacing: float, tolerance: float = 0.01) -> np.ndarray:
    """(P,) bool: points not hidden behind nearer surfaces, seen from `eye`."""
    r, el, u, v, width, height = _pixels(xyz, eye)
    half = 0.6 * spacing / (np.maximum(r, 0.05) * RES)
    ry = np.minimum(np.floor(half + 0.5), MAX_SPLAT[1]).astype(np.int64)
    rx = np.minimum(np.floor(half / np.maximum(np.cos(el), 0.1) + 0.5), MAX_SPLAT[0]).astype(np.int64)
    pix, depth = [], []
    groups = rx * (MAX_SPLAT[1] + 1) + ry
    for g in np.unique(groups):
        sel = np.nonzero(groups == g)[0]
        a, b = divmod(int(g), MAX_SPLAT[1] + 1)
        for dx in range(-a, a + 1):
            for dy in range(-b, b + 1):
                pix.append(np.clip(v[sel] + dy, 0, height - 1) * width + (u[sel] + dx) % width)
                depth.append(r[sel])
    pix, depth = np.concatenate(pix), np.concatenate(depth)
    order = np.argsort(pix, kind="stable")
    pix, depth = pix[order], depth[order]
    starts = np.r_[0, np.nonzero(np.diff(pix))[0] + 1]
    zbuf = np.full(width * height, np.inf)
    zbuf[pix[starts]] = np.minimum.reduceat(depth, starts)
    return r <= zbuf[v * width + u] + tolerance + 0.012 * r


def visible(xyz: np.ndarray, eyes: np.ndarray, spacing: float) -> np.ndarray:
    keep = np.zeros(len(xyz), dtype=bool)
    for eye in eyes:
        keep |= seen_from(xyz, eye, spacing)
    return keep

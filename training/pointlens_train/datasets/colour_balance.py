"""Colour made comparable across scans: each channel scaled so that its mean over the scan is mid-grey.

One room's camera and light make its walls yellow and dim, another's blue and bright, and a network
trained on eight rooms learns their colours. Scaled so, a scan keeps what sets its surfaces apart
(a door darker or redder than the wall it is in) and loses its white balance and exposure (the
grey-world assumption of colour constancy).
"""
from __future__ import annotations

import numpy as np

MID_GREY = 128.0
MAX_GAIN = 4.0


def balanced(rgb: np.ndarray | None) -> np.ndarray | None:
    """(P, 3) uint8 colours, each channel times MID_GREY / its mean (at most MAX_GAIN, at least its
    inverse), rounded and clipped; None and empty scans stay as they are."""
    if rgb is None or len(rgb) == 0:
        return rgb
    mean = rgb.astype(np.float64).mean(0)
    gain = np.clip(MID_GREY / np.maximum(mean, 1e-9), 1 / MAX_GAIN, MAX_GAIN)
    return np.clip(np.rint(rgb.astype(np.float64) * gain), 0, 255).astype(np.uint8)

"""The learning-rate schedule both trainings share: a cosine over a wall-clock budget rather than
over a fixed epoch count, so a slow epoch (the machine is shared) shortens training instead of
leaving it unannealed."""
from __future__ import annotations

import math


def cosine_lr(base: float, fraction: float, floor: float = 0.02) -> float:
    """`base` at the start, `floor * base` when `fraction` of the budget has passed (clamped to 1)."""
    f = min(1.0, max(0.0, fraction))
    return base * (floor + (1 - floor) * 0.5 * (1 + math.cos(math.pi * f)))

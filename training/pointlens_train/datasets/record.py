"""What every object reader yields: a labelled shape from one source, loaded on demand."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np


@dataclass(frozen=True)
class Mesh:
    vertices: np.ndarray  # (V, 3) float64
    faces: np.ndarray  # (F, 3) int64 triangles


@dataclass(frozen=True)
class ObjectRecord:
    source: str  # "modelnet40", "shapenetcore", "sweethome3d", "cc-object-models"
    key: str  # unique within the source, e.g. "chair/chair_0001"
    label: str  # a ModelNet40 class name, or one of mappings.OPEN_SET_CLASSES
    # a surface point set (N, 3) or a Mesh, y up
    load: Callable[[], "np.ndarray | Mesh"]
    # "train"/"test" where the source has an official split, else None (split by geometry hash)
    split: str | None = None

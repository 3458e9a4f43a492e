"""Deterministic train/test assignment for sources without an official split.

Shapes are ranked by a salted hash of their model key (the geometry hash, so one mesh in two
catalogues is one model and lands on one side). Per class, the lowest-ranked shapes go to test:
a fraction of them, raised to `min_test` where the class still keeps `min_train` for training,
so that thin classes can be measured at all.
"""
from __future__ import annotations

import hashlib
import math
from collections import defaultdict


def hash_rank(model_key: str, salt: str = "pointlens") -> float:
    """A number in [0, 1), the same on every machine and run."""
    return int.from_bytes(hashlib.sha1(f"{salt}:{model_key}".encode()).digest()[:8], "big") / 2**64


def held_out_count(n: int, fraction: float, min_test: int, min_train: int) -> int:
    k = math.ceil(fraction * n)
    return max(k, min_test) if n - min_test >= min_train else k


def stratified_hash_split(
    items: list[tuple[str, str]], fraction: float, min_test: int, min_train: int, salt: str = "pointlens"
) -> dict[str, str]:
    """items: (model_key, label) pairs with unique keys -> {model_key: "train" | "test"}."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for key, label in items:
        by_label[label].append(key)
    out = {}
    for keys in by_label.values():
        ranked = sorted(keys, key=lambda k: (hash_rank(k, salt), k))
        k = held_out_count(len(ranked), fraction, min_test, min_train)
        for i, key in enumerate(ranked):
            out[key] = "test" if i < k else "train"
    return out

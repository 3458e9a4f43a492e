"""Levelling: gravity from a scan's flat surfaces, on a room built here and on a real leaning scan."""
import math
from pathlib import Path

import numpy as np
import pytest

from pointlens_train.datasets.levelling import MAX_LEAN, estimate_levelling, lean_turn, leaning, level, turn_onto_z
from pointlens_train.datasets.scenes import read_scannet

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not present")


def room(rng: np.random.Generator) -> np.ndarray:
    """A 4 x 3 m room, 2.5 m high, without a ceiling, with a table: surfaces sampled at random."""
    def plane(origin, u, v, count):
        a, b = rng.random((count, 1)), rng.random((count, 1))
        return np.asarray(origin) + a * np.asarray(u) + b * np.asarray(v)

    parts = [
        plane((0, 0, 0), (4, 0, 0), (0, 3, 0), 12000),
        plane((0, 0, 0), (4, 0, 0), (0, 0, 2.5), 5000),
        plane((0, 3, 0), (4, 0, 0), (0, 0, 2.5), 5000),
        plane((0, 0, 0), (0, 3, 0), (0, 0, 2.5), 4000),
        plane((4, 0, 0), (0, 3, 0), (0, 0, 2.5), 4000),
        plane((1.5, 1, 0.75), (1.2, 0, 0), (0, 0.8, 0), 2000),
    ]
    xyz = np.concatenate(parts)
    return (xyz + rng.normal(0, 0.005, xyz.shape)).astype(np.float32)


def leaning_room(xyz: np.ndarray, degrees: float, heading: float) -> tuple[np.ndarray, np.ndarray]:
    """The cloud leaning, and where its up then points."""
    return leaning(xyz, degrees, heading), lean_turn(degrees, heading) @ np.array([0.0, 0.0, 1.0])


def angle(a: np.ndarray, b: np.ndarray) -> float:
    return math.degrees(math.acos(min(1.0, abs(float(np.dot(a, b)) / np.linalg.norm(a) / np.linalg.norm(b)))))


@pytest.mark.parametrize("degrees,heading", [(0.0, 0.0), (6.0, 0.4), (15.0, 2.5)])
def test_a_leaning_room_is_found_and_levelled(degrees, heading):
    xyz, up = leaning_room(room(np.random.default_rng(1)), degrees, heading)
    got = estimate_levelling(xyz)
    assert angle(got.up, up) < 0.3
    assert abs(got.lean - degrees) < 0.3 and got.levelled
    flat = level(xyz)
    floor = flat[:12000, 2]
    assert floor.std() < 0.01  # the floor lies flat again: 1 cm of noise, where the lean spread it over metres
    assert np.allclose(np.linalg.norm(flat, axis=1), np.linalg.norm(xyz, axis=1), atol=1e-4)  # a turn, nothing else


def test_a_lean_past_the_limit_is_left_alone():
    xyz, _ = leaning_room(room(np.random.default_rng(2)), MAX_LEAN + 3, 1.0)
    got = estimate_levelling(xyz)
    assert got.lean > MAX_LEAN and not got.levelled
    assert np.array_equal(got.rotation, np.eye(3))
    assert np.array_equal(level(xyz), xyz)


def test_too_few_flat_cells_leave_the_scan_alone():
    line = np.stack([np.linspace(0, 3, 400), np.zeros(400), np.zeros(400)], 1).astype(np.float32)
    got = estimate_levelling(line)
    assert got.cells < 50 and not got.levelled and np.array_equal(got.rotation, np.eye(3))


def test_turn_onto_z_takes_up_onto_z():
    up = np.array([0.1, -0.2, 0.97])
    up /= np.linalg.norm(up)
    r = turn_onto_z(up)
    assert np.allclose(r @ up, [0, 0, 1], atol=1e-12)
    assert np.allclose(r @ r.T, np.eye(3), atol=1e-12)


@needs_data
def test_scene0004_leans_15_degrees_as_its_floor_says():
    scene = read_scannet(DATA, "scene0004_00")
    p = scene.xyz.astype(np.float64)
    floor = scene.labels == 1
    # the floor's own plane, from its labels: the check, not the method
    a = np.c_[p[floor, :2], np.ones(floor.sum())]
    (gx, gy, _), *_ = np.linalg.lstsq(a, p[floor, 2], rcond=None)
    truth = np.array([-gx, -gy, 1.0])
    got = estimate_levelling(scene.xyz)
    assert angle(got.up, truth) < 1.0
    assert 14 < got.lean < 17
    z = level(scene.xyz)[floor, 2]
    assert np.ptp(np.percentile(z, [5, 95])) < 0.3  # 0.72 m before levelling

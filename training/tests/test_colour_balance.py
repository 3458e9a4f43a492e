"""Colour balance: each scan's channels scaled to a mid-grey mean, on colours made here and on a real scan."""
from pathlib import Path

import numpy as np
import pytest

from pointlens_train.datasets.colour_balance import MAX_GAIN, MID_GREY, balanced
from pointlens_train.datasets.scenes import read_scannet

DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not present")


def test_a_tinted_dim_scan_and_the_same_scan_lit_white_come_out_alike():
    rng = np.random.default_rng(0)
    white = rng.integers(40, 220, (5000, 3)).astype(np.float64)
    tinted = np.rint(white * [0.5, 0.4, 0.3]).astype(np.uint8)
    a, b = balanced(white.astype(np.uint8)), balanced(tinted)
    assert a.dtype == np.uint8 and a.shape == white.shape
    assert np.allclose(a.astype(np.float64).mean(0), MID_GREY, atol=1.0)
    assert np.allclose(b.astype(np.float64).mean(0), MID_GREY, atol=1.0)
    # what sets one point apart from the others is kept: the same order of brightness, within rounding
    assert np.abs(a.astype(int) - b.astype(int)).max() <= 4


def test_leaves_no_colour_alone_and_bounds_the_gain_of_a_black_scan():
    assert balanced(None) is None
    empty = np.zeros((0, 3), np.uint8)
    assert balanced(empty) is empty
    dark = np.full((10, 3), 2, np.uint8)
    assert np.all(balanced(dark) == round(2 * MAX_GAIN))


@needs_data
def test_a_real_scan_keeps_its_points_and_gets_a_grey_mean():
    scene = read_scannet(DATA, "scene0000_00")
    out = balanced(scene.rgb)
    assert out.shape == scene.rgb.shape
    assert np.all(np.abs(out.astype(np.float64).mean(0) - MID_GREY) < 3)

"""Synthetic training rooms from the Sweet Home 3D catalogs: the class table, and what a composed
room holds (structure, labels, boxes, determinism, what the simulated scanner cannot see)."""
import numpy as np
import pytest
from cls_paths import SH3D_ROOT, needs_sh3d

from pointlens_train.datasets.sh3d import find_catalogs, read_catalog
from pointlens_train.datasets.mappings import sweethome3d_scannet20_map
from pointlens_train.datasets.scene_labels import NAMES, NYU40_IDS
from pointlens_train.datasets.synth_scan import visible


def test_scannet20_table_names_only_scannet_classes():
    table = sweethome3d_scannet20_map()
    assert set(table.values()) <= set(NAMES) | {"ignore"}
    for cls in ("chair", "sofa", "table", "door", "window", "sink", "toilet", "bed", "cabinet", "otherfurniture"):
        assert cls in table.values(), cls


@needs_sh3d
def test_every_mapped_entry_is_in_the_catalogs():
    present = {(e.category, e.name) for p in find_catalogs(SH3D_ROOT) for e in read_catalog(p)}
    assert set(sweethome3d_scannet20_map()) <= present


def test_scanner_does_not_see_undersides_or_insides():
    rng = np.random.default_rng(0)
    n = 20000
    top = np.c_[rng.uniform(-0.5, 0.5, (n, 2)), np.full(n, 0.75)]
    under = np.c_[rng.uniform(-0.5, 0.5, (n, 2)), np.full(n, 0.73)]
    # a closed 0.6 m cube standing on the floor elsewhere, with points inside it
    faces = rng.uniform(-0.3, 0.3, (6 * n, 3))
    faces[np.arange(6 * n), np.arange(6 * n) % 3] = np.where(np.arange(6 * n) % 6 < 3, -0.3, 0.3)
    inside = rng.uniform(-0.25, 0.25, (n, 3))
    shift = np.array([2.0, 2.0, 0.3])
    xyz = np.concatenate([top, under, faces + shift, inside + shift])
    seen = visible(xyz, np.array([[1.5, 0.2, 1.6], [-1.2, -1.0, 1.4]]), spacing=0.01)
    centre = np.all(np.abs(under[:, :2]) < 0.45, axis=1)  # a rim shows at grazing angles, as in real scans
    assert seen[:n].mean() > 0.5 and seen[n:2 * n][centre].mean() < 0.001
    assert seen[2 * n:8 * n].mean() > 0.2 and not seen[8 * n:].any()


@pytest.fixture(scope="module")
def rooms():
    from pointlens_train.datasets.synth_catalog import FurnitureCatalog
    from pointlens_train.datasets.synth_rooms import make_room

    catalog = FurnitureCatalog(SH3D_ROOT)
    return [make_room(catalog, 0, i, 20000) for i in (0, 1)], make_room(catalog, 0, 0, 20000)


@needs_sh3d
def test_a_room_is_deterministic_for_its_seed(rooms):
    (first, second), again = rooms
    assert np.array_equal(first.xyz, again.xyz) and np.array_equal(first.labels, again.labels)
    assert np.array_equal(first.rgb, again.rgb) and np.array_equal(first.boxes, again.boxes)
    assert not np.array_equal(first.xyz[:100], second.xyz[:100])


@needs_sh3d
def test_room_contents(rooms):
    for s in rooms[0]:
        assert s.source == "sh3d_room" and s.xyz.dtype == np.float32 and s.rgb.shape == s.xyz.shape
        assert len(s.xyz) == 20000
        assert (s.labels == NAMES.index("floor")).sum() > 1000 and (s.labels == NAMES.index("wall")).sum() > 1000
        assert s.labels.min() >= -1 and s.labels.max() < len(NAMES)
        lo, hi = s.xyz.min(0), s.xyz.max(0)
        assert lo[2] > -0.05 and hi[2] < 3.05 and np.all(hi[:2] - lo[:2] < 8.1)
        assert np.all(s.xyz[s.labels == NAMES.index("floor"), 2] < 0.05)
        assert len(s.boxes) >= 3 and set(s.boxes[:, 6].astype(int)) <= set(NYU40_IDS)
        for i in np.unique(s.instances[s.instances > 0]):
            member = s.instances == i
            lab = s.labels[member]
            assert np.all(lab == lab[0])
            if lab[0] < 0 or member.sum() < 10:
                continue
            pts = s.xyz[member]
            assert any(b[6] == NYU40_IDS[lab[0]] and np.all(np.abs(pts - b[:3]) <= b[3:6] / 2 + 1e-4) for b in s.boxes)

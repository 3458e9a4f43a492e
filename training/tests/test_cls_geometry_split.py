import numpy as np

from cls_paths import DATA, needs_data
from pointlens_train.datasets.cc_objects import cc_object_records
from pointlens_train.datasets.record import Mesh
from pointlens_train.geometry import farthest_point_sample, geometry_hash, normalize_unit_sphere, sample_surface, z_up_to_y_up
from pointlens_train.pipelines.prepare_cls import dedupe_and_split
from pointlens_train.datasets.splits import stratified_hash_split, held_out_count


def test_surface_samples_follow_area():
    # triangles of area 0.5 and 1.5 in the z = 0 plane
    mesh = Mesh(np.array([[0, 0, 0], [1, 0, 0], [0, 1, 0], [2, 0, 0], [5, 0, 0], [2, 1, 0]], float), np.array([[0, 1, 2], [3, 4, 5]]))
    pts = sample_surface(mesh, 20000, np.random.default_rng(0))
    assert np.all(pts[:, 2] == 0)
    share = (pts[:, 0] >= 2).mean()
    assert 0.73 < share < 0.77


def test_unit_sphere_and_up_axis():
    rng = np.random.default_rng(1)
    p = rng.normal(size=(500, 3)).astype(np.float32) * [1, 2, 3] + 7
    out, center, radius = normalize_unit_sphere(p)
    assert np.allclose(out.mean(0), 0, atol=1e-6)
    assert np.isclose(np.linalg.norm(out, axis=1).max(), 1, atol=1e-6)
    assert z_up_to_y_up(np.array([[1.0, 2.0, 3.0]])).tolist() == [[1.0, 3.0, -2.0]]


def test_fps_spreads_points():
    rng = np.random.default_rng(2)
    p = rng.random((300, 3))
    idx = farthest_point_sample(p, 10)
    assert len(set(idx.tolist())) == 10 and idx[0] == 0
    assert idx[1] == np.argmax(((p - p[0]) ** 2).sum(1))


def test_geometry_hash_ignores_scale_and_vertex_order():
    v = np.random.default_rng(3).random((50, 3))
    assert geometry_hash(v) == geometry_hash(v[::-1] * [100, 90, 40])
    assert geometry_hash(v) != geometry_hash(v + np.random.default_rng(4).random((50, 3)) * 0.1)


def test_stratified_split_is_deterministic_and_measures_thin_classes():
    items = [(f"k{i}", "a" if i < 13 else "b") for i in range(60)]
    one = stratified_hash_split(items, 0.3, 5, 6)
    assert one == stratified_hash_split(list(reversed(items)), 0.3, 5, 6)
    tests = {lab: sum(one[k] == "test" for k, l in items if l == lab) for lab in "ab"}
    assert tests == {"a": held_out_count(13, 0.3, 5, 6), "b": held_out_count(47, 0.3, 5, 6)} == {"a": 5, "b": 15}


@needs_data
def test_split_keeps_models_and_geometries_on_one_side():
    # real meshes, each also "shipped by a second catalogue" at another size: one model, one side
    records = cc_object_records(DATA / "cc-object-models")
    index = []
    for r in records:
        h = geometry_hash(r.load().vertices)
        index.append({"source": r.source, "key": r.key, "label": r.label, "split": None, "hash": h})
    meshes = {r.key: r.load() for r in records[:20]}
    for r in records[:20]:
        h = geometry_hash(meshes[r.key].vertices * [2.0, 0.5, 3.0])
        index.append({"source": "sweethome3d", "key": "copy/" + r.key, "label": r.label, "split": None, "hash": h})
    keep = dedupe_and_split(index, 0.3, 5, 6)
    kept = [index[i] for i in keep]
    assert not any(r["key"].startswith("copy/") for r in kept)
    train = {r["hash"] for r in kept if r["split"] == "train"}
    test = {r["hash"] for r in kept if r["split"] == "test"}
    assert train and test and not train & test
    assert len({r["key"] for r in kept}) == len(kept)
    # the same answer again
    again = [dict(r, split=None) for r in index]
    dedupe_and_split(again, 0.3, 5, 6)
    assert [again[i]["split"] for i in keep] == [r["split"] for r in kept]

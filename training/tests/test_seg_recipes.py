"""Training recipes of the segmenter: strong augmentation, scene mixing, pasting real instances or
scanned models, the instance and model banks, and the folds of the leave-rooms-out cross-validation."""
import json
from pathlib import Path

import numpy as np
import pytest

from pointlens_train.datasets import seg_augment as augment
from pointlens_train.datasets.scenes import read_scene
from pointlens_train.datasets.instance_bank import PASTED, InstanceBank, components_as_instances
from pointlens_train.datasets.block_cache import BlockCache, prepare_split
from pointlens_train.datasets.scene_blocks import GREY, input_features
from pointlens_train.datasets.scene_labels import NAMES
from pointlens_train.pipelines.seg_cv import record, summarise
from pointlens_train.seg_folds import fold_refs, merged
from pointlens_train.seg_evaluation import keep_earlier_candidates, recipe_of
from pointlens_train.models.seg_model import ROOM, ROOM_CONSTANT
from pointlens_train.datasets.seg_split import room_of_ref
from pointlens_train.datasets.local_shape import local_shape
from pointlens_train.instance_classifier import BOXED, ModelView
from pointlens_train.model_bank import ModelBank
from pointlens_train.models.seg_training import class_weights, train

TRAINING = Path(__file__).resolve().parents[1]
DATA = TRAINING.parent.parent / "shared" / "data"
CONFIG = json.loads((TRAINING / "configs" / "seg.json").read_text())
CANDIDATES = json.loads((TRAINING / "configs" / "seg_candidates.json").read_text())
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not present")
CHAIR, TABLE, FLOOR, WALL = (NAMES.index(n) for n in ("chair", "table", "floor", "wall"))


def _block(rng, n=4000, grey=False):
    """A 1.5 m block: floor (z 0), a wall band at x = 0.7, labels by height band."""
    f = np.empty((n, 9), dtype=np.float64)
    f[:, 0:2] = rng.uniform(-0.75, 0.75, (n, 2))
    f[:, 2] = rng.choice([0.0, 1.0, 2.0], n)
    f[:, 3:6] = GREY if grey else rng.uniform(0, 1, (n, 3))
    f[:, 6:9] = rng.uniform(0, 1, (n, 3))
    y = (f[:, 2]).astype(np.int64)  # 0, 1, 2 by height
    return f, y


def test_strong_augmentation_keeps_the_block_square_and_labels_on_their_points():
    rng = np.random.default_rng(0)
    for _ in range(20):
        f, y = _block(rng)
        g, yy = augment.strong(f, y, rng, grey_p=0.0, half=0.75)
        assert 0.5 * len(f) < len(g) <= len(f)
        assert np.abs(g[:, 0:2]).max() <= 0.75
        # height bands 1 m apart stay apart and in order (scale 0.8-1.2, elastic a few cm)
        tops = [g[yy == k, 2].max() for k in range(3)]
        bottoms = [g[yy == k, 2].min() for k in range(3)]
        assert tops[0] < bottoms[1] and tops[1] < bottoms[2]
        assert np.all(g[:, ROOM] == ROOM_CONSTANT)
        assert g[:, 3:6].min() >= 0 and g[:, 3:6].max() <= 1


def test_strong_augmentation_turns_blocks_by_any_angle():
    rng = np.random.default_rng(1)
    f = np.zeros((1, 9))
    f[0, 0] = 0.5
    angles = []
    for _ in range(200):
        g, _ = augment.strong(f, np.zeros(1, dtype=np.int64), rng, 0.0, half=10)
        angles.append(np.arctan2(g[0, 1], g[0, 0]))
    counts, _ = np.histogram(angles, bins=8, range=(-np.pi, np.pi))
    assert counts.min() > 5  # not just quarter turns


def test_colour_drop_gives_the_apps_grey_and_grey_rooms_stay_grey():
    rng = np.random.default_rng(2)
    f, _ = _block(rng)
    assert np.all(augment.colour(f[:, 3:6], rng, grey_p=1.0) == GREY)
    g, _ = _block(rng, grey=True)
    assert np.all(augment.colour(g[:, 3:6], rng, grey_p=0.0) == GREY)
    moved = augment.colour(f[:, 3:6], rng, grey_p=0.0)
    assert not np.allclose(moved, f[:, 3:6]) and moved.min() >= 0 and moved.max() <= 1


def test_mix_keeps_both_blocks_and_their_labels():
    rng = np.random.default_rng(3)
    a, b = _block(rng, 100), _block(rng, 50)
    f, y = augment.mix(a, b, rng)
    assert len(f) == 150 and np.array_equal(y, np.concatenate([a[1], b[1]]))
    assert np.array_equal(f[:100], a[0]) and np.allclose(f[100:, 2], b[0][:, 2])


class _OneChair:
    """A bank with one 0.5 m chair-sized box of points, base at z = 0."""

    def __init__(self, rng, n=3000):
        g = np.zeros((n, 9), dtype=np.float32)
        g[:, 0:2] = rng.uniform(-0.25, 0.25, (n, 2))
        g[:, 2] = rng.uniform(0, 0.9, n)
        g[:, 3:6] = 0.2
        self.g = g

    def draw(self, rng):
        return self.g, CHAIR


def test_paste_stands_an_instance_on_the_floor_and_clears_its_footprint():
    rng = np.random.default_rng(4)
    n = 6000
    f = np.zeros((n, 9))
    f[:, 0:2] = rng.uniform(-0.75, 0.75, (n, 2))
    f[:, 2] = np.where(np.arange(n) % 2 == 0, 0.1, rng.uniform(0.2, 1.0, n))  # floor at 0.1, a table above
    y = np.where(f[:, 2] == 0.1, FLOOR, TABLE)
    g, yy = augment.paste(f, y, _OneChair(rng), rng, half=0.75)
    pasted = g[yy == CHAIR]
    assert len(pasted) > 0
    assert pasted[:, 2].min() == pytest.approx(0.1, abs=0.01)
    lo, hi = pasted[:, 0:2].min(0), pasted[:, 0:2].max(0)
    tables = g[yy == TABLE]
    inside = np.all((tables[:, 0:2] >= lo) & (tables[:, 0:2] <= hi), axis=1)
    assert not inside.any()
    assert (yy == FLOOR).sum() == (y == FLOOR).sum()  # the real floor stays


def test_paste_places_the_object_in_the_room_as_the_block_is():
    # the host's room position is linear in its coordinates (a 6 x 5 x 3 m room), as scene_blocks writes it
    rng = np.random.default_rng(6)
    n = 5000
    f = np.zeros((n, 9))
    f[:, 0:2] = rng.uniform(-0.75, 0.75, (n, 2))
    f[:, 2] = np.where(np.arange(n) % 2 == 0, 0.0, rng.uniform(0.2, 2.5, n))
    f[:, 6], f[:, 7], f[:, 8] = (f[:, 0] + 3.2) / 6, (f[:, 1] + 1.1) / 5, f[:, 2] / 3
    g, yy = augment.paste(f, np.full(n, FLOOR), _OneChair(rng), rng, half=0.75)
    pasted = g[yy == CHAIR]
    assert len(pasted) > 0
    np.testing.assert_allclose(pasted[:, 6], (pasted[:, 0] + 3.2) / 6, atol=1e-5)
    np.testing.assert_allclose(pasted[:, 7], (pasted[:, 1] + 1.1) / 5, atol=1e-5)
    np.testing.assert_allclose(pasted[:, 8], pasted[:, 2] / 3, atol=1e-5)


def _panel_view(label: str, rng) -> ModelView:
    """A 0.8 m wide, 1 m high vertical panel standing on z = 0 at x 2..2.8, y 1 (a cabinet front seen from the front)."""
    xz = rng.uniform([2.0, 0.0], [2.8, 1.0], (800, 2))
    xyz = np.stack([xz[:, 0], np.full(800, 1.0), xz[:, 1]], 1).astype(np.float32)
    return ModelView(xyz, np.full((800, 3), 204, np.uint8), BOXED.index(NAMES.index(label)))


def test_model_bank_holds_floor_standing_classes_in_their_own_frame_with_the_floor_under_them():
    rng = np.random.default_rng(7)
    view = _panel_view("cabinet", rng)
    bank = ModelBank([view, _panel_view("door", rng)], 12)
    assert bank.counts() == {"cabinet": 1}  # a door is not pasted onto a floor
    g, label = bank.draw(rng)
    assert label == NAMES.index("cabinet") and g.shape == (800, 12)
    assert g[:, 2].min() == pytest.approx(0) and np.abs(g[:, 0:2].max(0) + g[:, 0:2].min(0)).max() < 1e-5
    np.testing.assert_allclose(g[:, 3:6], 0.8, atol=1e-6)
    np.testing.assert_array_equal(g[:, ROOM], ROOM_CONSTANT)  # filled in where it is pasted
    inner, base = (g[:, 2] > 0.3) & (g[:, 2] < 0.7) & (np.abs(g[:, 0]) < 0.2), g[:, 2] < 0.1
    assert np.all(g[inner, 9] < 0.1) and np.all(g[inner, 11] > 0.5)  # a vertical plane: horizontal normal, planar
    # the base sees the floor it stands on, which the panel alone would not show
    alone = local_shape(g[:, 0:3].astype(np.float64), g[:, 0:3].min(0).astype(np.float64))
    assert np.abs(g[base, 9:12] - alone[base]).max() > 0.1
    assert ModelBank([view], 9).draw(rng)[0].shape == (800, 9)


def test_class_weights_favour_rare_classes_more_under_sqrt_and_skip_absent_ones():
    # wall 900 points, chair 90, sofa 9, some ignored, no table
    labels = np.concatenate([np.full(900, WALL), np.full(90, CHAIR), np.full(9, NAMES.index("sofa")), np.full(5, -1)])
    log, sqrt = (class_weights(labels, len(NAMES), k).numpy() for k in ("log", "sqrt"))
    sofa = NAMES.index("sofa")
    assert log[sofa] / log[WALL] == pytest.approx(np.log(1.2 + 900 / 999) / np.log(1.2 + 9 / 999))
    assert sqrt[sofa] / sqrt[WALL] == pytest.approx(10.0)  # 100 times rarer
    assert sqrt[TABLE] == 0 and sqrt[sofa] / sqrt[WALL] > 2 * log[sofa] / log[WALL]
    with pytest.raises(SystemExit):
        class_weights(labels, len(NAMES), "median")


def test_components_split_separate_objects_of_a_class():
    rng = np.random.default_rng(5)
    a = rng.uniform(0, 0.5, (300, 3))
    b = rng.uniform(0, 0.5, (300, 3)) + [2, 0, 0]
    xyz = np.concatenate([a, b]).astype(np.float32)
    labels = np.full(600, CHAIR)
    ins = components_as_instances(xyz, labels)
    assert set(ins[:300]) == {1} and set(ins[300:]) == {2}
    assert np.all(components_as_instances(xyz, np.full(600, WALL)) == 0)  # walls are not pasted


@needs_data
def test_bank_of_a_real_scan_holds_floor_standing_objects_in_their_own_frame(tmp_path):
    prepare_split(lambda kind, name: read_scene(DATA, kind, name), [("scannet", "scene0000_00"), ("s3dis", "Area_6_office_1")],
                  tmp_path, 1.5, 0.75, 64)
    bank = BlockCache(tmp_path).instance_bank()
    counts = bank.counts()
    assert set(counts) <= set(PASTED) and sum(counts.values()) >= 5 and "chair" in counts and "toilet" in counts
    for items in bank.items.values():
        for g in items:
            assert g[:, 2].min() == pytest.approx(0, abs=1e-5)
            assert np.abs(g[:, 0:2].max(0) + g[:, 0:2].min(0)).max() < 1e-4


@needs_data
def test_a_few_training_steps_of_each_candidate_run(tmp_path):
    prepare_split(lambda kind, name: read_scene(DATA, kind, name), [("scannet", "scene0001_00")], tmp_path, 1.5, 0.75, 64)
    for name, candidate in CANDIDATES.items():
        cfg = merged(CONFIG, candidate["overrides"])
        cfg = merged(cfg, {"points": 128, "model": {"local": 8, "glob": 16, "head": 8}, "train": {"batch": 2}})
        width = len(input_features(cfg))
        models = ModelBank([_panel_view("cabinet", np.random.default_rng(8))], width)
        model = train(cfg, BlockCache(tmp_path, width), steps=2, log=lambda m: None, models=models)
        assert model.head[-1].out_channels == len(NAMES), name


@needs_data
def test_a_paste_source_that_is_not_known_or_a_missing_model_bank_is_refused(tmp_path):
    prepare_split(lambda kind, name: read_scene(DATA, kind, name), [("scannet", "scene0001_00")], tmp_path, 1.5, 0.75, 64)
    cfg = merged(CONFIG, {"points": 128, "model": {"local": 8, "glob": 16, "head": 8}, "train": {"batch": 2, "paste": 0.5}})
    cache = BlockCache(tmp_path, len(input_features(cfg)))
    with pytest.raises(SystemExit, match="not one of: real, models"):
        train(merged(cfg, {"train": {"paste_from": "catalog"}}), cache, steps=1, log=lambda m: None)
    with pytest.raises(SystemExit, match="needs the model bank"):
        train(merged(cfg, {"train": {"paste_from": "models"}}), cache, steps=1, log=lambda m: None)


@needs_data
def test_folds_hold_out_whole_rooms_and_never_train_on_s3dis_validation_or_test():
    folds = CONFIG["cv"]["folds"]
    rooms = [r for fold in folds for r in fold]
    assert sorted(rooms) == [f"scene{i:04d}" for i in range(10)]
    s3dis_out = set(CONFIG["split"]["s3dis_val_rooms"]) | set(CONFIG["split"]["s3dis_test_rooms"])
    for fold in folds:
        train_refs, test_refs = fold_refs(DATA, CONFIG, fold)
        trained = {room_of_ref(r) for r in train_refs}
        assert not trained & set(fold) and not trained & s3dis_out
        assert {room_of_ref(r) for r in test_refs} == set(fold)
        assert all(kind == "scannet" for kind, _ in test_refs)
        assert len(trained & {f"scene{i:04d}" for i in range(10)}) == 8


def test_summary_gives_mean_and_sample_spread():
    cm = np.eye(20, dtype=int).tolist()
    folds = [{"miou": m, "ap25": 0.1, "oa": 0.5, "s3dis_miou": 0.4, "minutes": 3, "scannet": {"confusion": cm}}
             for m in (0.2, 0.4)]
    s = summarise(folds)
    assert s["miou"]["mean"] == pytest.approx(0.3) and s["miou"]["std"] == pytest.approx(np.std([0.2, 0.4], ddof=1), abs=1e-4)
    assert s["pooled_per_class_iou"]["wall"] == 1.0


def test_record_adds_every_scored_recipe_to_the_segmenter_entry_only(tmp_path):
    manifest = tmp_path / "manifest.json"
    before = json.loads((TRAINING.parent / "models" / "manifest.json").read_text())
    seg = next(m for m in before["models"] if m["id"] == "segmenter")
    seg["metrics"]["cross_validation"] = {"candidates": {"earlier": {"miou": {"mean": 0.1}}, "first": {"miou": {"mean": 0.9}}}}
    seg["metrics"]["cross_validation_400_steps"] = {"steps": 400, "recipe": "old", "candidates": {"earlier": {"miou": {"mean": 0.2}}}}
    seg["metrics"].pop("cross_validation_1000_steps", None)  # the test's own work folder is the only source of this budget
    manifest.write_text(json.dumps(before))
    cm = np.eye(20, dtype=int).tolist()
    for name, m in (("first", 0.2), ("strong", 0.3)):
        folds = [{"miou": m, "ap25": 0.1, "oa": 0.5, "s3dis_miou": 0.4, "minutes": 3, "scannet": {"confusion": cm}}] * 2
        for root in ("cv", "cv_1000_steps"):
            (tmp_path / root / name).mkdir(parents=True)
            (tmp_path / root / name / "summary.json").write_text(json.dumps(
                {"candidate": name, "description": CANDIDATES[name]["description"], "overrides": CANDIDATES[name]["overrides"],
                 **summarise(folds)}))
    record(manifest, tmp_path, CONFIG, "first")
    after = json.loads(manifest.read_text())
    metrics = next(m for m in after["models"] if m["id"] == "segmenter")["metrics"]
    cv = metrics["cross_validation"]
    assert "scene0007" in metrics["protocol"]
    assert cv["recipe"] == "first" and set(cv["candidates"]) == {"earlier", "first", "strong"}
    assert cv["candidates"]["strong"]["miou"]["mean"] == pytest.approx(0.3) and "cross-validation" in cv["protocol"]
    # a recipe scored again replaces its row; one scored only earlier keeps it
    assert cv["candidates"]["first"]["miou"]["mean"] == pytest.approx(0.2) and cv["candidates"]["earlier"]["miou"]["mean"] == 0.1
    assert "for 200 optimiser steps" in cv["protocol"] and cv["steps"] == 200
    longer = metrics["cross_validation_1000_steps"]
    assert longer["steps"] == 1000 and "for 1000 optimiser steps" in longer["protocol"] and set(longer["candidates"]) == {"first", "strong"}
    # a budget scored only earlier keeps its table, naming the recipe recorded now
    assert metrics["cross_validation_400_steps"] == {"steps": 400, "recipe": "first", "candidates": {"earlier": {"miou": {"mean": 0.2}}}}
    assert [m for m in after["models"] if m["id"] != "segmenter"] == [m for m in before["models"] if m["id"] != "segmenter"]


def test_a_checkpoint_is_named_by_the_recipe_its_config_holds(tmp_path):
    for name in ("first", "shape", "shape_local"):
        (tmp_path / "cv" / name).mkdir(parents=True)
        (tmp_path / "cv" / name / "summary.json").write_text(json.dumps({"candidate": name, "overrides": CANDIDATES[name]["overrides"]}))
    earlier = merged(CONFIG, {"train": CANDIDATES["first"]["overrides"]["train"]})
    earlier.pop("input_features")  # checkpoints from before the local shape name neither
    earlier["model"] = {k: v for k, v in earlier["model"].items() if k not in ("scales", "scale_channels", "anchors")}
    assert recipe_of(tmp_path, earlier) == "first"
    assert recipe_of(tmp_path, merged(CONFIG, CANDIDATES["shape"]["overrides"])) == "shape"
    assert recipe_of(tmp_path, merged(CONFIG, CANDIDATES["shape_local"]["overrides"])) == "shape_local"
    assert recipe_of(tmp_path, merged(CONFIG, CANDIDATES["strong"]["overrides"])) is None


def test_keep_earlier_candidates_keeps_earlier_rows_and_tables_under_the_new_recipe():
    earlier = {"oa": 0.7, "cross_validation": {"recipe": "a", "candidates": {"a": 1, "b": 2}},
               "cross_validation_400_steps": {"recipe": "a", "candidates": {"a": 3}}}
    cv = {"cross_validation": {"recipe": "c", "candidates": {"b": 20, "c": 30}}}
    kept = keep_earlier_candidates(cv, earlier, "c")
    assert kept == {"cross_validation": {"recipe": "c", "candidates": {"a": 1, "b": 20, "c": 30}},
                    "cross_validation_400_steps": {"recipe": "c", "candidates": {"a": 3}}}
    assert earlier["cross_validation"]["candidates"] == {"a": 1, "b": 2} and cv["cross_validation"]["candidates"] == {"b": 20, "c": 30}

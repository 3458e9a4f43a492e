"""Which part of the classifier's data a bundled object sample is (sample_splits.py)."""
import numpy as np
import pytest

from pointlens_train import open_set as osd
from pointlens_train.datasets.cls_data import ClsCache, train_val_split
from pointlens_train.sample_splits import classifier_key, classifier_splits


def test_sources_map_to_the_cache_keys_they_are():
    assert classifier_key("modelnet40_normal_resampled/table/table_0053.txt") == ("modelnet40", "table/table_0053")
    assert classifier_key("modelnet-format-samples/ModelNet10/bathtub/train/bathtub_0002.off") == ("modelnet40", "bathtub/bathtub_0002")
    assert classifier_key("shapenetcore/aeroplane/4de5861211ad5b95e7ef9fff09638f8e/model_normalized.obj") == ("shapenetcore", "aeroplane/4de5861211ad5b95e7ef9fff09638f8e")
    assert classifier_key("cc-object-models/kenney-furniture-kit/obj__toilet.obj") == ("cc-object-models", "kenney-furniture-kit/obj__toilet.obj")
    # a 2,048-point copy names a class, not a shape of the cache
    assert classifier_key("modelnet-format-samples/ModelNet40_2048pts/flower_pot.ply") is None


def _cache(unknown: list[str]) -> ClsCache:
    rows = [{"source": "modelnet40", "key": f"chair/chair_{i:04d}", "label": "chair", "split": "train", "hash": f"h{i}"} for i in range(40)]
    rows.append({"source": "modelnet40", "key": "chair/chair_0900", "label": "chair", "split": "test", "hash": "t0"})
    rows += [{"source": "modelnet40", "key": f"{c}/{c}_0001", "label": c, "split": "train", "hash": c} for c in unknown]
    return ClsCache(np.zeros((0, 3)), np.zeros(len(rows) + 1, dtype=np.int64), rows, [{"name": "chair"}])


def _sample(id_, label, source, kind="object"):
    return {"id": id_, "label": label, "source": source, "kind": kind}


def test_each_object_sample_gets_its_part_and_scenes_none():
    unknown = ["guitar", "piano", "flower_pot", "tent"]
    cache = _cache(unknown)
    train, _, val, _ = train_val_split(cache, 0.25)
    assert train and val
    val_unknown, test_unknown = osd.split_unknown_classes(unknown)
    assert val_unknown and test_unknown
    samples = [
        _sample("trained", "chair", f"modelnet40_normal_resampled/{cache.index[train[0]]['key']}.txt"),
        _sample("chose", "chair", f"modelnet40_normal_resampled/{cache.index[val[0]]['key']}.txt"),
        _sample("held", "chair", "modelnet40_normal_resampled/chair/chair_0900.txt"),
        _sample("seen-unknown", val_unknown[0], f"modelnet40_normal_resampled/{val_unknown[0]}/{val_unknown[0]}_0001.txt"),
        _sample("unseen-unknown", test_unknown[0], "modelnet-format-samples/ModelNet40_2048pts/whatever.ply"),
        _sample("room", "scene", "scannet/scene0007_00.npy", kind="scene"),
    ]
    assert classifier_splits(samples, cache, 0.25) == {
        "trained": "train", "chose": "validation", "held": "test", "seen-unknown": "validation-unknown", "unseen-unknown": "test-unknown",
    }


def test_a_served_sample_the_cache_does_not_hold_is_refused():
    with pytest.raises(ValueError, match="no shape of the prepared classifier cache"):
        classifier_splits([_sample("lost", "chair", "modelnet40_normal_resampled/chair/chair_0999.txt")], _cache([]), 0.25)


def test_a_scan_is_split_by_its_room_and_a_room_the_scene_model_never_had_is_held_out():
    from pointlens_train.sample_splits import segmenter_split

    split = {"scannet_test_rooms": ["scene0007"], "scannet_val_rooms": ["scene0006"], "s3dis_test_rooms": ["Area_6_office_2"], "s3dis_val_rooms": []}
    rooms = {"scene0000", "scene0006", "scene0007", "Area_6_office_2", "Area_6_pantry_1"}
    assert [segmenter_split(r, split, rooms) for r in ("scene0007", "Area_6_office_2", "scene0006", "scene0000", "Area_6_pantry_1", "scene0706")] == [
        "test", "test", "validation", "train", "train", "test",
    ]

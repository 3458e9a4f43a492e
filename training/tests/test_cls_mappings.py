from collections import Counter

from cls_paths import SH3D_ROOT, needs_sh3d
from pointlens_train.datasets.sh3d import find_catalogs, read_catalog
from pointlens_train.datasets.mappings import (
    MODELNET40_CLASSES, OPEN_SET_CLASSES, OUTLIER_PREFIX, read_tsv, shapenet_map, sweethome3d_map, sweethome3d_outlier_map,
)


def test_modelnet40_has_forty_classes():
    assert len(MODELNET40_CLASSES) == len(set(MODELNET40_CLASSES)) == 40


def test_every_target_is_a_modelnet40_class_or_an_open_set_class():
    assert set(sweethome3d_map().values()) <= set(MODELNET40_CLASSES)
    assert set(shapenet_map().values()) <= set(MODELNET40_CLASSES) | set(OPEN_SET_CLASSES)
    assert not set(OPEN_SET_CLASSES) & set(MODELNET40_CLASSES)


def test_tables_have_no_repeated_keys():
    sh3d = Counter((r["category"], r["name"]) for r in read_tsv("sweethome3d_to_modelnet40.tsv"))
    assert max(sh3d.values()) == 1
    shapenet = Counter(r["shapenet"] for r in read_tsv("shapenet_to_modelnet40.tsv"))
    assert max(shapenet.values()) == 1
    outliers = Counter((r["category"], r["name"]) for r in read_tsv("sweethome3d_outliers.tsv"))
    assert max(outliers.values()) == 1


def test_outlier_entries_are_no_class_of_the_classifier_or_the_open_set_protocol():
    outliers = sweethome3d_outlier_map()
    assert not set(outliers) & set(sweethome3d_map()), "an entry mapped to a class cannot be an outlier"
    groups = {label[len(OUTLIER_PREFIX):] for label in outliers.values()}
    assert all(label.startswith(OUTLIER_PREFIX) for label in outliers.values())
    assert not groups & (set(MODELNET40_CLASSES) | set(OPEN_SET_CLASSES))
    # entries like the protocol's unknown classes stay out (curtain, stairs, glass_box, piano, ...)
    for near in [("Bathroom", "Shower curtain"), ("Staircases", "Escalator"), ("Living room", "Aquarium"), ("Miscellaneous", "Step ladder")]:
        assert near not in outliers


def test_examples_from_the_issue():
    m = sweethome3d_map()
    assert m[("Living room", "Armchair")] == "chair"
    assert m[("Bedroom", "Bedside table")] == "night_stand"


@needs_sh3d
def test_every_sh3d_row_names_a_catalog_entry():
    entries = {(e.category, e.name) for c in find_catalogs(SH3D_ROOT) for e in read_catalog(c)}
    assert set(sweethome3d_map()) <= entries


@needs_sh3d
def test_every_outlier_row_names_a_catalog_entry():
    entries = {(e.category, e.name) for c in find_catalogs(SH3D_ROOT) for e in read_catalog(c)}
    assert set(sweethome3d_outlier_map()) <= entries

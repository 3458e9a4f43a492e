import shutil
import zipfile

import numpy as np
import pytest

from cls_paths import DATA, SH3D_ROOT, needs_data, needs_sh3d
from pointlens_train.datasets.cc_objects import cc_object_records
from pointlens_train.datasets.modelnet import modelnet40_records
from pointlens_train.datasets.obj_mesh import parse_obj
from pointlens_train.datasets.record import Mesh
from pointlens_train.datasets.sh3d import catalog_entries, load_entry_mesh, parse_properties, read_catalog, sweethome3d_records
from pointlens_train.datasets.shapenet import shapenet_records
from pointlens_train.datasets.mappings import MODELNET40_CLASSES, OPEN_SET_CLASSES, shapenet_map, sweethome3d_map


@needs_data
def test_modelnet_reads_only_existing_files_with_official_split():
    root = DATA / "modelnet40_normal_resampled"
    records = modelnet40_records(root)
    assert len(records) == sum(1 for _ in root.glob("*/*.txt"))
    test_names = set((root / "modelnet40_test.txt").read_text().split())
    for r in records[:: max(1, len(records) // 50)]:
        assert r.label in MODELNET40_CLASSES
        assert r.split == ("test" if r.key.split("/")[1] in test_names else "train")
    pts = records[0].load()
    assert pts.shape == (1024, 3) and pts.dtype == np.float32


@needs_data
def test_shapenet_reads_flattened_and_official_layouts(tmp_path):
    flat = shapenet_records(DATA / "shapenetcore", shapenet_map())
    assert {r.label for r in flat} <= set(MODELNET40_CLASSES) | set(OPEN_SET_CLASSES)
    rifles = [r for r in flat if r.key.startswith("rifle/")]
    assert rifles and {r.label for r in rifles} == {"rifle"}, "rifle has no ModelNet40 class: kept as an open-set class"
    mesh = flat[0].load()
    assert isinstance(mesh, Mesh) and mesh.faces.max() < len(mesh.vertices)
    # the release layout: <synset>/<id>/models/model_normalized.obj
    chair = next(r for r in flat if r.label == "chair")
    model_id = chair.key.split("/")[1]
    target = tmp_path / "03001627" / model_id / "models"
    target.mkdir(parents=True)
    shutil.copy(DATA / "shapenetcore" / chair.key / "model_normalized.obj", target)
    official = shapenet_records(tmp_path, shapenet_map())
    assert [(r.key, r.label) for r in official] == [(f"03001627/{model_id}", "chair")]
    assert np.array_equal(official[0].load().vertices, chair.load().vertices)


@needs_data
def test_cc_object_models_index():
    records = cc_object_records(DATA / "cc-object-models")
    assert len(records) == 177
    assert {r.label for r in records} <= set(MODELNET40_CLASSES)
    mesh = records[0].load()
    assert mesh.faces.shape[1] == 3 and len(mesh.vertices) > 3


def test_obj_parser_triangulates_and_resolves_negative_indices():
    mesh = parse_obj("v 0 0 0\nv 1 0 0\nv 1 1 0\nv 0 1 0\nvn 0 0 1\nf 1//1 2//1 3//1 4//1\nf -4 -3 -1\n")
    assert mesh.faces.tolist() == [[0, 1, 2], [0, 2, 3], [0, 1, 3]]


PROPERTIES = (
    "# a catalog written by the test\n"
    "id=Test#Catalog\n"
    "name#1=Caf\\u00e9 chair\n"
    "category#1=Living room\n"
    "model#1=/test/chair.obj\n"
    "width#1=50\n"
    "depth#1=40\n"
    "height#1=\\\n"
    "   90\n"
    "modelRotation#1=1 0 0 0 0 1 0 -1 0\n"
    "name#2=Armchair\u00e9\n"
    "category#2=Living room\n"
    "model#2=/test/chair.obj\n"
    "width#2=100\n"
    "depth#2=100\n"
    "height#2=100\n"
)


def test_sh3d_properties_parser():
    props = parse_properties(PROPERTIES.encode("latin-1"))
    assert props["name#1"] == "Café chair"
    assert props["name#2"] == "Armchairé"  # a raw Latin-1 byte
    assert props["height#1"] == "90"
    entries = catalog_entries(props, "test.sh3f")
    assert [(e.index, e.name, e.model, e.size) for e in entries] == [
        (1, "Café chair", "test/chair.obj", (50.0, 90.0, 40.0)),
        (2, "Armchairé", "test/chair.obj", (100.0, 100.0, 100.0)),
    ]
    assert entries[0].rotation.tolist() == [[1, 0, 0], [0, 0, 1], [0, -1, 0]]
    assert entries[1].rotation is None


def test_sh3d_entry_mesh_is_rotated_then_scaled_to_its_size(tmp_path):
    path = tmp_path / "test.sh3f"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("PluginFurnitureCatalog.properties", PROPERTIES.encode("latin-1"))
        # a model lying on its side: long along z, which the rotation turns to y
        z.writestr("test/chair.obj", "v 0 0 0\nv 1 0 0\nv 0 2 0\nv 0 0 3\nf 1 2 3\nf 1 2 4\nf 1 3 4\nf 2 3 4\n")
    entry = read_catalog(path)[0]
    mesh = load_entry_mesh(path, entry)
    extent = mesh.vertices.max(0) - mesh.vertices.min(0)
    assert np.allclose(extent, [50, 90, 40])


@needs_sh3d
def test_sh3d_packages_give_mapped_models():
    records = sweethome3d_records(SH3D_ROOT, sweethome3d_map())
    assert len(records) > 300
    assert {r.label for r in records} <= set(MODELNET40_CLASSES)
    bed = next(r for r in records if r.label == "bed")
    mesh = bed.load()
    extent = mesh.vertices.max(0) - mesh.vertices.min(0)
    assert extent[1] < extent[0] and extent[1] < extent[2], "a bed is lower than it is long or wide (y up)"

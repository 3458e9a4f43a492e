"""The classifier's `bank_similarity` output and the file that names each bank row."""
import json

import numpy as np
import onnx
import pytest
import torch

from pointlens_train import open_set as osd
from pointlens_train.models.bank_output import (
    BANK_FILE, BANK_SIMILARITY, add_bank_similarity_output, add_nearest_to_fixture, bank_matrix, bank_rows, export_bank, nearest,
)
from pointlens_train.models.onnx_export import export_onnx
from pointlens_train.models.pointnet_cls import MahalanobisDistance, NearestNeighbourDistance, OpenSetClassifier, PointNetCls, fold_batchnorm


def _export(tmp_path, kind="knn"):
    torch.manual_seed(0)
    model = fold_batchnorm(PointNetCls(5, widths=(16, 32), head=(16,)).eval())
    with torch.no_grad():
        measured = model.penultimate(model.embed(torch.randn(12, 3, 64))).double().numpy()
    if kind == "knn":
        bank = osd.unit_rows(measured)
        distance = NearestNeighbourDistance(torch.from_numpy(bank))
    else:
        bank = None
        w, wm = osd.whitening(osd.fit_gaussian(measured, np.arange(12) % 5, 5, shrinkage=0.3))
        distance = MahalanobisDistance(torch.from_numpy(w), torch.from_numpy(wm))
    path = tmp_path / "classifier.onnx"
    export_onnx(OpenSetClassifier(model, "penultimate", distance).eval(), torch.zeros(1, 3, 64), path,
                "points", "logits", extra_outputs=("feature", "ood_distance"))
    return model, bank, path


def test_the_similarities_become_an_output_the_distance_still_reads(tmp_path):
    _, bank, path = _export(tmp_path)
    np.testing.assert_allclose(bank_matrix(onnx.load(path), "ood_distance"), bank, atol=1e-6)
    model = add_bank_similarity_output(onnx.load(path), "ood_distance")
    graph = model.graph
    assert [o.name for o in graph.output] == ["logits", "feature", "ood_distance", BANK_SIMILARITY]
    dims = graph.output[-1].type.tensor_type.shape.dim
    assert (dims[0].dim_param, dims[1].dim_value) == ("batch", 12)
    assert [n.op_type for n in graph.node if BANK_SIMILARITY in n.output] == ["MatMul"]
    assert [n.op_type for n in graph.node if BANK_SIMILARITY in n.input] == ["ReduceMax"]
    # a second pass changes nothing
    again = add_bank_similarity_output(model, "ood_distance")
    assert again.SerializeToString() == model.SerializeToString()


def test_a_class_means_distance_has_no_bank_to_name(tmp_path):
    _, _, path = _export(tmp_path, "mahalanobis")
    with pytest.raises(ValueError, match="nearest-neighbour"):
        add_bank_similarity_output(onnx.load(path), "ood_distance")


def test_rows_are_named_view_major_as_the_bank_is_flattened():
    index = [{"label": c, "source": "modelnet40", "key": f"{c}/{c}_{i:04d}"} for i, c in enumerate(["chair", "sofa", "lamp", "bed"])]
    rows = bank_rows(index, [3, 0, 2], views=2)
    assert [(r["class"], r["view"]) for r in rows] == [("bed", 0), ("chair", 0), ("lamp", 0), ("bed", 1), ("chair", 1), ("lamp", 1)]
    assert rows[1] == {"class": "chair", "source": "modelnet40", "shape": "chair/chair_0000", "view": 0}


def test_export_writes_the_rows_beside_the_model_and_refuses_a_wrong_count(tmp_path):
    _, _, path = _export(tmp_path)
    index = [{"label": "chair", "source": "cc-object-models", "key": f"k{i}"} for i in range(12)]
    with pytest.raises(ValueError, match="12 rows but 11"):
        export_bank(path, "ood_distance", bank_rows(index, list(range(11)), 1), 1)
    block = export_bank(path, "ood_distance", bank_rows(index, list(range(12)), 1), 1)
    written = json.loads((tmp_path / BANK_FILE).read_text())
    assert block == {"outputName": BANK_SIMILARITY, "file": BANK_FILE, "bytes": (tmp_path / BANK_FILE).stat().st_size, "rows": 12}
    assert len(written["rows"]) == 12 and written["views"] == 1
    assert BANK_SIMILARITY in [o.name for o in onnx.load(path).graph.output]


def test_each_fixture_case_gets_its_nearest_rows_whose_first_is_the_graph_distance(tmp_path):
    model, bank, path = _export(tmp_path)
    cloud = torch.randn(64, 3)
    exported = OpenSetClassifier(model, "penultimate", NearestNeighbourDistance(torch.from_numpy(bank))).eval()
    with torch.no_grad():
        distance = float(exported(cloud.T[None].contiguous())[2][0])
    fixture = tmp_path / "parity.json"
    fixture.write_text(json.dumps({"cases": [{"points": cloud.tolist()}]}))
    add_nearest_to_fixture(fixture, model, bank, k=3)
    found = json.loads(fixture.read_text())["cases"][0]["nearest"]
    assert len(found) == 3 and [f["distance"] for f in found] == sorted(f["distance"] for f in found)
    assert found[0]["distance"] == pytest.approx(distance, abs=1e-5)


def test_nearest_ranks_rows_by_cosine_distance():
    bank = osd.unit_rows(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
    assert [r for r, _ in nearest(np.array([2.0, 0.1]), bank, 3)] == [0, 2, 1]
    assert nearest(np.array([0.0, 3.0]), bank, 1)[0] == (1, pytest.approx(0.0))

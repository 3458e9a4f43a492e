"""Which training shapes a classified shape is nearest to: the evidence behind the open-set score.

The nearest-neighbour open-set score (`ood_distance`) is 1 minus the largest cosine similarity of
a view's penultimate activations to the bank's rows, one row a view of a training shape. The score
alone says how far the nearest one is, not which it is; a person judging an "unknown" (or a
confident name) wants to see what the model compared the shape with. So this step

- names the similarities (the MatMul the distance's ReduceMax reads) `bank_similarity`
  [batch, rows] and makes them an output of the graph (renamed rather than copied, as WebGPU has
  no Identity kernel), so the app reads every row's similarity from the same run;
- writes `classifier_bank.json` beside the model: for each row, the class, source and key of the
  training shape it was computed from, and the turn about up (the view) it was seen at.

It edits the graph, as `critical_output` does, so that it applies to the shipped model without
its checkpoint and to every later export alike.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

BANK_SIMILARITY = "bank_similarity"
BANK_FILE = "classifier_bank.json"


def _producers(graph: onnx.GraphProto) -> dict[str, onnx.NodeProto]:
    return {o: n for n in graph.node for o in n.output}


def similarity_matmul(graph: onnx.GraphProto, distance: str) -> onnx.NodeProto:
    """The MatMul of unit activations and bank rows under `distance` = c - ReduceMax(MatMul(...))."""
    producer = _producers(graph)
    sub = producer.get(distance)
    pool = producer.get(sub.input[1]) if sub is not None and sub.op_type == "Sub" else None
    matmul = producer.get(pool.input[0]) if pool is not None and pool.op_type == "ReduceMax" else None
    if matmul is None or matmul.op_type != "MatMul":
        raise ValueError(f"{distance!r} is not 1 - ReduceMax(MatMul(activations, bank)): is this a nearest-neighbour classifier export?")
    return matmul


def bank_matrix(model: onnx.ModelProto, distance: str) -> np.ndarray:
    """The bank's unit rows [rows, width], as the graph holds them (transposed, [width, rows])."""
    matmul = similarity_matmul(model.graph, distance)
    init = next((i for i in model.graph.initializer if i.name == matmul.input[1]), None)
    if init is None:
        raise ValueError("the similarity MatMul's bank is not a constant of the graph")
    return numpy_helper.to_array(init).T


def add_bank_similarity_output(model: onnx.ModelProto, distance: str) -> onnx.ModelProto:
    """Returns `model` with the `bank_similarity` output; a model that has it is returned as it is."""
    graph = model.graph
    if any(o.name == BANK_SIMILARITY for o in graph.output):
        return model
    matmul = similarity_matmul(graph, distance)
    rows = bank_matrix(model, distance).shape[0]
    old = matmul.output[0]
    for node in graph.node:
        node.input[:] = [BANK_SIMILARITY if i == old else i for i in node.input]
        node.output[:] = [BANK_SIMILARITY if o == old else o for o in node.output]
    graph.output.append(helper.make_tensor_value_info(BANK_SIMILARITY, onnx.TensorProto.FLOAT, ["batch", rows]))
    onnx.checker.check_model(model)
    return model


def bank_rows(index: list[dict], rows: list[int], views: int) -> list[dict]:
    """What each bank row is, in the bank's order: every view of every training shape, view-major
    (`open_set_protocol.training_bank` flattens activations [views, shapes, width])."""
    return [
        {"class": index[i]["label"], "source": index[i]["source"], "shape": index[i]["key"], "view": v}
        for v in range(views) for i in rows
    ]


def write_bank(path: Path, entries: list[dict], views: int) -> dict:
    """Writes the rows' file at `path`; returns the manifest block that names it and the output."""
    path.write_text(json.dumps({
        "note": "one row a column of the classifier's bank_similarity output: the training shape (class, source, key) "
        f"and its turn about up (view k of {views}: 2*pi*k/{views}) whose penultimate activations the row holds",
        "views": views,
        "rows": entries,
    }, separators=(",", ":")) + "\n")
    return {"outputName": BANK_SIMILARITY, "file": path.name, "bytes": path.stat().st_size, "rows": len(entries)}


def nearest(activations: np.ndarray, bank: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k rows nearest one view's activations [width] by cosine distance, nearest first."""
    unit = activations / max(float(np.linalg.norm(activations)), 1e-12)
    distance = 1.0 - bank @ unit
    order = np.argsort(distance, kind="stable")[:k]
    return [(int(r), float(distance[r])) for r in order]


def export_bank(onnx_path: Path, distance: str, entries: list[dict], views: int) -> dict:
    """Adds the output to the ONNX file at `onnx_path` in place and writes the rows' file beside it;
    returns the manifest block (`openSet.neighbours`)."""
    model = onnx.load(str(onnx_path))
    rows = bank_matrix(model, distance).shape[0]
    if rows != len(entries):
        raise ValueError(f"the bank has {rows} rows but {len(entries)} training views were named")
    onnx.save(add_bank_similarity_output(model, distance), str(onnx_path))
    return write_bank(onnx_path.with_name(BANK_FILE), entries, views)


def add_nearest_to_fixture(path: Path, model, bank: np.ndarray, k: int = 3) -> None:
    """Gives each case of the classifier's parity fixture the k bank rows nearest its cloud as it is
    (one view), computed by the torch network `model`, for the app's test to find in the ONNX output."""
    import torch

    fixture = json.loads(path.read_text())
    for case in fixture["cases"]:
        cloud = torch.tensor(case["points"], dtype=torch.float32).T[None].contiguous()
        with torch.no_grad():
            activations = model.penultimate(model.embed(cloud)).numpy()[0].astype(np.float64)
        case["nearest"] = [{"row": r, "distance": d} for r, d in nearest(activations, bank.astype(np.float64), k)]
    path.write_text(json.dumps(fixture) + "\n")

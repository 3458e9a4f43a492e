"""Adds what the app needs to look inside the exported PointNet classifier, by editing its ONNX graph.

PointNet's global feature is a max over the points (Qi et al., CVPR 2017, section 4.3): the point
that wins a channel is one of the *critical points*, and the prediction depends on those alone.
The export only gives the max, so this step adds

- `critical` [batch, channels], int64: for each channel of the global feature, the index of the
  point that wins it (ArgMax over the points of the ReduceMax's input; the first one on a tie, as
  ONNX says). Left int64: onnxruntime-web's WebGPU provider has no Cast from int64;
- `point_features` [batch, channels, points]: every point's own features before the pool (the
  pool's input tensor itself, renamed, as WebGPU has no Identity kernel either), which the
  upper-bound shape (the points that do not change the global feature) is computed from. It is
  large (channels floats a point), so the app fetches it only when it asks for that shape;
- beside the model, its head alone (`head_model`): global feature in, logits out, so that the class
  scores of the global feature left when some points are dropped cost one small run (saliency);
- a symbolic points axis on the input, so that any number of points can be asked about at once.

It edits the graph rather than the torch module so that it applies to the shipped model as it is
(the training checkpoints need not exist) and to every future export the same way.
"""
from __future__ import annotations

from pathlib import Path

import onnx
from onnx import TensorProto, helper

CRITICAL = "critical"
POINT_FEATURES = "point_features"
FEATURE = "feature"
POINTS_AXIS = "points"


def _pool_node(graph: onnx.GraphProto, feature: str) -> onnx.NodeProto:
    for node in graph.node:
        if node.op_type == "ReduceMax" and node.output[0] == feature:
            return node
    raise ValueError(f"no ReduceMax node makes the output {feature!r}; is this the PointNet classifier export?")


def _channels(graph: onnx.GraphProto, feature: str) -> int | str:
    for out in graph.output:
        if out.name == feature:
            dim = out.type.tensor_type.shape.dim[1]
            return dim.dim_value or dim.dim_param
    raise ValueError(f"the graph has no output named {feature!r}")


def add_critical_output(model: onnx.ModelProto, feature: str = FEATURE) -> onnx.ModelProto:
    """Returns `model` with the `critical` and `point_features` outputs and a symbolic points axis; a
    model that has them already is returned as it is."""
    graph = model.graph
    if any(o.name == CRITICAL for o in graph.output):
        return model
    pool = _pool_node(graph, feature)
    axes = [a.ints for a in pool.attribute if a.name == "axes"]
    if not axes or list(axes[0]) != [2]:
        raise ValueError("the global pool must reduce axis 2 (the points of a [batch, channels, points] tensor)")
    pre_pool = pool.input[0]
    for node in graph.node:
        node.input[:] = [POINT_FEATURES if i == pre_pool else i for i in node.input]
        node.output[:] = [POINT_FEATURES if o == pre_pool else o for o in node.output]
    graph.node.append(helper.make_node("ArgMax", [POINT_FEATURES], [CRITICAL], name="critical_argmax", axis=2, keepdims=0))
    channels = _channels(graph, feature)
    graph.output.extend([
        helper.make_tensor_value_info(CRITICAL, TensorProto.INT64, ["batch", channels]),
        helper.make_tensor_value_info(POINT_FEATURES, TensorProto.FLOAT, ["batch", channels, POINTS_AXIS]),
    ])
    points = graph.input[0].type.tensor_type.shape.dim[2]
    points.Clear()
    points.dim_param = POINTS_AXIS
    onnx.checker.check_model(model)
    return model


def head_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}_head.onnx")


def manifest_explain(path: Path) -> dict:
    """The classifier's manifest block that names these outputs, and its head model, for the app."""
    head = head_path(path)
    return {
        "feature": FEATURE,
        "critical": CRITICAL,
        "pointFeatures": POINT_FEATURES,
        "head": {"file": head.name, "bytes": head.stat().st_size, "inputName": FEATURE, "outputName": "logits"},
    }


def add_explain_outputs_file(path: Path) -> list[str]:
    """Edits the ONNX file at `path` in place and writes its head model beside it (`<name>_head.onnx`);
    returns the sorted op types of the edited graph, as `export_onnx` does."""
    from .onnx_export import check_ops

    model = add_critical_output(onnx.load(str(path)))
    onnx.save(model, str(path))
    onnx.save(head_model(model), str(head_path(path)))
    return check_ops(model, ("ReduceMax", "ArgMax"))


def critical_winners(model, cloud):
    """What the `critical` output must hold, from the torch network itself: for one cloud [N, 3]
    (float32), the index of the point that wins each channel of the global feature (the first
    one on a tie, as ONNX's ArgMax), and the gap between that point's value and the runner-up's
    (a small gap could go either way in another runtime's arithmetic)."""
    import numpy as np
    import torch

    with torch.no_grad():
        per_point = model.per_point(torch.from_numpy(np.ascontiguousarray(cloud.T[None]))).numpy()[0]  # [C, N]
    winners = per_point.argmax(axis=1)
    top2 = np.sort(per_point, axis=1)[:, -2:]
    return winners, top2[:, 1] - top2[:, 0]


def head_model(model: onnx.ModelProto, feature: str = FEATURE, logits: str = "logits") -> onnx.ModelProto:
    """The part of the classifier after the global pool, as a model of its own: global feature
    [batch, channels] in, logits out. With it, the class scores of any global feature (e.g. the one
    left after some points are dropped, computed from `point_features`) cost one small run."""
    graph = model.graph
    producer = {o: n for n in graph.node for o in n.output}
    needed, stack = [], [logits]
    seen = set()
    while stack:
        name = stack.pop()
        if name == feature or name in seen or name not in producer:
            continue
        seen.add(name)
        node = producer[name]
        needed.append(node)
        stack.extend(node.input)
    nodes = [n for n in graph.node if n in needed]  # graph order is a topological order
    used = {i for n in nodes for i in n.input}
    inits = [i for i in graph.initializer if i.name in used]
    feature_info = next(o for o in graph.output if o.name == feature)
    logits_info = next(o for o in graph.output if o.name == logits)
    head = helper.make_model(
        helper.make_graph(nodes, "pointnet_head", [feature_info], [logits_info], inits),
        opset_imports=list(model.opset_import),
        producer_name="pointlens critical_output.head_model",
    )
    head.ir_version = model.ir_version
    onnx.checker.check_model(head)
    return head

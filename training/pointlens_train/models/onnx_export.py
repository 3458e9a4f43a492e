"""Export a torch module to ONNX the way onnxruntime-web's WebGPU and WASM providers take it.

Opset 17, fp32, a dynamic batch axis. Global pooling must come out as ReduceMax: the WebGPU
provider fails on MaxPool (see DESIGN.md), so `check_ops` refuses a graph that contains one.
"""
from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import onnx
import torch

OPSET = 17
FORBIDDEN_OPS = ("MaxPool",)


def export_onnx(
    module: torch.nn.Module,
    example: torch.Tensor,
    path: str | Path,
    input_name: str,
    output_name: str,
    required_ops: tuple[str, ...] = ("ReduceMax",),
    extra_outputs: tuple[str, ...] = (),
    points_axis: int | None = None,
) -> list[str]:
    """Writes `path` and returns the sorted list of op types in its graph. `output_name` is the
    module's first output; `extra_outputs` name the rest of a module that returns a tuple;
    `points_axis`, where given, is an input axis left free (named "points") as well as the batch."""
    outputs = [output_name, *extra_outputs]
    free = {0: "batch"} if points_axis is None else {0: "batch", points_axis: "points"}
    module = module.eval()
    buf = io.BytesIO()
    with torch.no_grad():
        torch.onnx.export(
            module,
            example,
            buf,
            opset_version=OPSET,
            input_names=[input_name],
            output_names=outputs,
            dynamic_axes={input_name: free, **{o: {0: "batch"} for o in outputs}},
            do_constant_folding=True,
        )
    model = onnx.load_from_string(buf.getvalue())
    onnx.checker.check_model(model)
    ops = check_ops(model, required_ops)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    Path(path).write_bytes(buf.getvalue())
    return ops


def op_types(model: onnx.ModelProto) -> Counter:
    return Counter(node.op_type for node in model.graph.node)


def check_ops(model: onnx.ModelProto, required_ops: tuple[str, ...]) -> list[str]:
    ops = op_types(model)
    bad = [op for op in FORBIDDEN_OPS if op in ops]
    if bad:
        raise ValueError(f"graph contains {bad}; use torch.amax for pooling")
    missing = [op for op in required_ops if op not in ops]
    if missing:
        raise ValueError(f"graph lacks {missing}")
    if model.opset_import[0].version != OPSET:
        raise ValueError(f"opset {model.opset_import[0].version}, expected {OPSET}")
    return sorted(ops)


def batch_dim_is_dynamic(model: onnx.ModelProto) -> bool:
    """True when the first axis of every graph input and output is symbolic."""
    for value in list(model.graph.input) + list(model.graph.output):
        dim = value.type.tensor_type.shape.dim[0]
        if not dim.dim_param or dim.dim_value:
            return False
    return True

"""Adds the critical-point winners to tests/fixtures/ml/classifier_parity.json, so that the app's
tests check the `critical` output of classifier.onnx against the torch network."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .models.critical_output import critical_winners


def add_critical_to_fixture(path: Path, model) -> float:
    """Adds `critical` (one winning point index per channel) to every case of the parity fixture;
    returns the smallest gap between a winner and its runner-up over all cases."""
    fixture = json.loads(path.read_text())
    gaps = []
    for case in fixture["cases"]:
        winners, gap = critical_winners(model, np.asarray(case["points"], dtype=np.float32))
        case["critical"] = winners.tolist()
        gaps.append(gap[gap > 0].min())
    fixture["note"] = fixture["note"].split("; critical =")[0] + (
        "; critical = for each channel of the global feature, the index of the point that wins it (first on a tie), "
        "from the torch network's per-point features")
    path.write_text(json.dumps(fixture) + "\n")
    return float(min(gaps))

"""The unknown-object decision and the calibration, measured on the classifier's data.

Protocol:
- knowns: the served classes. The Gaussian of the Mahalanobis score, and the bank of the nearest-
  neighbour score, come from the training part of TRAIN; temperature, score and threshold are chosen on the validation part of TRAIN
  (validation knowns) and on the validation-unknown classes.
- unknowns: every cached shape whose class is not served (ModelNet40 classes too thin to serve,
  ShapeNetCore's rifle) and that is not an outlier-exposure shape (`ClsCache.unknown_classes`),
  split by whole CLASS into validation-unknown and test-unknown classes
  (`open_set.split_unknown_classes`); no shape of a test-unknown class is looked at before the
  one test report.
- test: the held-out test shapes of the served classes and all shapes of the test-unknown classes.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from . import open_set as osd
from .datasets.cls_data import ClsCache, eval_points, train_val_split, view_turns
from .models.pointnet_cls import OPEN_SET_LAYERS, MahalanobisDistance, NearestNeighbourDistance

SHRINKAGE_CHOICES = (0.01, 0.05, 0.1, 0.3, 0.6)
# The operating point: the threshold accepts 92% of the validation knowns, so that the bar of at
# most 10% of known shapes flagged keeps a margin for the sampling error of 170 validation shapes.
KNOWN_ACCEPTED = 0.92


@dataclass
class ViewOutputs:
    logits: np.ndarray  # [V, S, C]
    features: np.ndarray  # [V, S, D]: the global feature
    penultimate: np.ndarray  # [V, S, H]: the input of the head's last layer

    def layer(self, name: str) -> np.ndarray:
        return self.features if name == "global" else self.penultimate


@torch.no_grad()
def view_outputs(model: torch.nn.Module, clouds: np.ndarray, views: int, batch: int = 64) -> ViewOutputs:
    """Logits and global features of each turn about the up axis, as the app runs them."""
    model.eval()
    logits, feats, pens = [], [], []
    for turned in view_turns(clouds, views):
        lv, fv, pv = [], [], []
        for i in range(0, len(turned), batch):
            x = torch.from_numpy(turned[i : i + batch]).transpose(1, 2).contiguous()
            f = model.embed(x)
            p = model.penultimate(f)
            fv.append(f.numpy())
            pv.append(p.numpy())
            lv.append(model.head[-1](p).numpy())
        logits.append(np.concatenate(lv))
        feats.append(np.concatenate(fv))
        pens.append(np.concatenate(pv))
    return ViewOutputs(*(np.stack(a).astype(np.float64) for a in (logits, feats, pens)))


@dataclass
class Mahalanobis:
    layer: str  # one of OPEN_SET_LAYERS
    shrinkage: float
    gaussian: osd.Gaussian

    name = "mahalanobis"

    def key(self) -> str:
        return f"mahalanobis/{self.layer}/{self.shrinkage}"

    def scores(self, out: ViewOutputs) -> np.ndarray:
        return osd.mahalanobis_score(out.layer(self.layer), self.gaussian)

    def module(self) -> torch.nn.Module:
        whiten, whitened_means = osd.whitening(self.gaussian)
        return MahalanobisDistance(torch.from_numpy(whiten), torch.from_numpy(whitened_means))

    def contract(self) -> dict:
        return {"layer": self.layer, "shrinkage": self.shrinkage}


@dataclass
class NearestNeighbour:
    layer: str  # one of OPEN_SET_LAYERS
    bank: np.ndarray  # [N, D]: every view of every training shape, unit rows

    name = "knn"

    def key(self) -> str:
        return f"knn/{self.layer}"

    def scores(self, out: ViewOutputs) -> np.ndarray:
        return osd.nearest_neighbour_score(out.layer(self.layer), self.bank)

    def module(self) -> torch.nn.Module:
        return NearestNeighbourDistance(torch.from_numpy(self.bank))

    def contract(self) -> dict:
        return {"layer": self.layer, "bankRows": int(len(self.bank))}


# the scores the exported graph computes itself (from activations the app does not read)
GraphScore = Mahalanobis | NearestNeighbour


def score(name: str, out: ViewOutputs, graph: GraphScore | None) -> np.ndarray:
    """One OOD score per shape: the mean over the views of each view's score."""
    if name == "max_softmax":
        per_view = osd.max_softmax_score(out.logits)
    elif name == "max_logit":
        per_view = osd.max_logit_score(out.logits)
    elif name == "energy":
        per_view = osd.energy_score(out.logits)
    elif graph is not None and name == graph.name:
        per_view = graph.scores(out)
    else:
        raise ValueError(f"unknown OOD score {name}")
    return per_view.mean(axis=0)


LOGIT_SCORES = ("max_softmax", "max_logit", "energy")


@dataclass
class OpenSetData:
    train: ViewOutputs
    train_y: np.ndarray
    train_rows: list[int]  # the cache rows of `train`, the order of the bank's shapes
    val: ViewOutputs
    val_y: np.ndarray
    val_unknown: ViewOutputs
    val_unknown_classes: list[str]
    test_unknown_rows: list[int]
    test_unknown_classes: list[str]


def unknown_rows(cache: ClsCache, classes: list[str]) -> list[int]:
    return [i for i, r in enumerate(cache.index) if r["label"] in classes]


def validation_data(model: torch.nn.Module, cache: ClsCache, cfg: dict, views: int) -> OpenSetData:
    n = cfg["points"]
    val_classes, test_classes = osd.split_unknown_classes(cache.unknown_classes())
    tr_rows, tr_y, va_rows, va_y = train_val_split(cache, cfg["val_fraction"])

    def outputs(rows: list[int]) -> ViewOutputs:
        return view_outputs(model, np.stack([eval_points(cache.shape(i), n) for i in rows]), views)

    return OpenSetData(
        outputs(tr_rows), tr_y, tr_rows, outputs(va_rows), va_y,
        outputs(unknown_rows(cache, val_classes)), val_classes,
        unknown_rows(cache, test_classes), test_classes,
    )


def training_mahalanobis(d: OpenSetData, classes: int, layer: str, shrinkage: float) -> Mahalanobis:
    """Class means and shared covariance of the training shapes' activations in `layer`, every view counted."""
    acts = d.train.layer(layer)
    g = osd.fit_gaussian(acts.reshape(-1, acts.shape[-1]), np.tile(d.train_y, acts.shape[0]), classes, shrinkage)
    return Mahalanobis(layer, shrinkage, g)


def training_bank(d: OpenSetData, layer: str) -> NearestNeighbour:
    """The training shapes' activations in `layer`, every view, as unit rows."""
    acts = d.train.layer(layer)
    return NearestNeighbour(layer, osd.unit_rows(acts.reshape(-1, acts.shape[-1])))


def graph_scores(d: OpenSetData, classes: int) -> list[GraphScore]:
    return [training_mahalanobis(d, classes, layer, s) for layer in OPEN_SET_LAYERS for s in SHRINKAGE_CHOICES] + [
        training_bank(d, layer) for layer in OPEN_SET_LAYERS
    ]


def compare_on_validation(d: OpenSetData, classes: int) -> tuple[dict, dict[str, GraphScore]]:
    """AUROC and FPR at 95% TPR of every score (every layer and shrinkage of the graph's scores)
    with validation knowns against validation-unknown classes, and the graph scores by key."""
    graphs = {g.key(): g for g in graph_scores(d, classes)}
    table = {}
    for key in [*LOGIT_SCORES, *graphs]:
        graph = graphs.get(key)
        name = graph.name if graph else key
        known, unknown = score(name, d.val, graph), score(name, d.val_unknown, graph)
        table[key] = {"auroc": round(osd.auroc(known, unknown), 4), "fpr95": round(osd.fpr_at_tpr(known, unknown), 4)}
    return table, graphs


@dataclass
class OpenSetChoice:
    score: str
    # the distance the exported graph computes: the chosen score's, or the best graph score on
    # validation where a score of the logits was chosen
    graph: GraphScore
    threshold: float
    temperature: float


def choose(d: OpenSetData, table: dict, graphs: dict[str, GraphScore]) -> OpenSetChoice:
    """The score (and its layer, shrinkage) with the best validation AUROC (then the lowest FPR at
    95% TPR), the threshold that accepts KNOWN_ACCEPTED of the validation knowns, and the
    temperature fitted on the validation knowns."""
    best = lambda keys: max(keys, key=lambda k: (table[k]["auroc"], -table[k]["fpr95"]))
    key = best(table)
    graph = graphs[key] if key in graphs else graphs[best(graphs)]
    name = graph.name if key in graphs else key
    threshold = osd.threshold_at_known_rate(score(name, d.val, graph), KNOWN_ACCEPTED)
    return OpenSetChoice(name, graph, threshold, osd.fit_temperature(d.val.logits, d.val_y))


def _class_accuracy(pred: np.ndarray, labels: np.ndarray) -> float:
    return float(np.mean([(pred[labels == c] == c).mean() for c in np.unique(labels)]))


def report(choice: OpenSetChoice, known: ViewOutputs, known_y: np.ndarray, unknown: ViewOutputs) -> dict:
    """AUROC, FPR at 95% TPR, flag rates at the chosen threshold and accuracy on accepted knowns."""
    ks, us = score(choice.score, known, choice.graph), score(choice.score, unknown, choice.graph)
    pred = osd.voted_probabilities(known.logits, choice.temperature).argmax(1)
    accepted = ks <= choice.threshold
    return {
        "known_shapes": int(len(ks)),
        "unknown_shapes": int(len(us)),
        "auroc": round(osd.auroc(ks, us), 4),
        "fpr_at_95_tpr": round(osd.fpr_at_tpr(ks, us), 4),
        **{k: round(v, 4) for k, v in osd.flag_rates(ks, us, choice.threshold).items()},
        "accuracy_on_accepted_known": round(float((pred[accepted] == known_y[accepted]).mean()), 4),
        "oa": round(float((pred == known_y).mean()), 4),
        "macc": round(_class_accuracy(pred, known_y), 4),
    }


def calibration_report(temperature: float, logits: np.ndarray, labels: np.ndarray) -> dict:
    before, after = osd.voted_probabilities(logits), osd.voted_probabilities(logits, temperature)
    return {
        "ece_before": round(osd.expected_calibration_error(before, labels), 4),
        "ece_after": round(osd.expected_calibration_error(after, labels), 4),
        "bins_before": osd.reliability_bins(before, labels),
        "bins_after": osd.reliability_bins(after, labels),
    }

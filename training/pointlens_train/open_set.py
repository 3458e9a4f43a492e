"""Open-set scores and calibration for the classifier: how unlike the served classes a shape is,
and probabilities whose confidence means what it says.

Every OOD score here is oriented so that larger means less like the training classes. The
scores are those compared in the literature on post-hoc detectors:
- max softmax probability (Hendrycks & Gimpel 2017, https://arxiv.org/abs/1610.02136), negated;
- max logit (Hendrycks et al. 2022, https://arxiv.org/abs/1911.11132), negated;
- energy, -T logsumexp(logits / T) (Liu et al. 2020, https://arxiv.org/abs/2010.03759);
- Mahalanobis distance of the global feature to the nearest class mean under one shared
  covariance (Lee et al. 2018, https://arxiv.org/abs/1807.03888), without input preprocessing;
- the cosine distance to the nearest training activation (deep nearest neighbours, Sun et al.
  2022, https://arxiv.org/abs/2204.06507) with k = 1, which an exported graph computes as one
  MatMul and a ReduceMax.
Temperature scaling and the expected calibration error follow Guo et al. 2017
(https://arxiv.org/abs/1706.04599).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .datasets.splits import hash_rank


def log_softmax(logits: np.ndarray) -> np.ndarray:
    z = logits - logits.max(axis=-1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=-1, keepdims=True))


def logsumexp(logits: np.ndarray) -> np.ndarray:
    m = logits.max(axis=-1)
    return m + np.log(np.exp(logits - m[..., None]).sum(axis=-1))


def max_softmax_score(logits: np.ndarray) -> np.ndarray:
    return -np.exp(log_softmax(logits)).max(axis=-1)


def max_logit_score(logits: np.ndarray) -> np.ndarray:
    return -logits.max(axis=-1)


def energy_score(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    return -temperature * logsumexp(logits / temperature)


@dataclass
class Gaussian:
    """Class means [C, D] and the precision [D, D] of one covariance shared by all classes."""

    means: np.ndarray
    precision: np.ndarray


def fit_gaussian(features: np.ndarray, labels: np.ndarray, classes: int, shrinkage: float) -> Gaussian:
    """Class means and the pooled within-class covariance, shrunk towards its mean variance
    (a multiple of the identity) so that it can be inverted with fewer shapes than dimensions."""
    features = features.astype(np.float64)
    missing = [c for c in range(classes) if not (labels == c).any()]
    if missing:
        raise ValueError(f"no training features for classes {missing}")
    means = np.stack([features[labels == c].mean(axis=0) for c in range(classes)])
    centred = features - means[labels]
    cov = centred.T @ centred / len(features)
    target = np.eye(cov.shape[0]) * np.trace(cov) / cov.shape[0]
    cov = (1 - shrinkage) * cov + shrinkage * target
    return Gaussian(means, np.linalg.inv(cov))


def mahalanobis_distances(features: np.ndarray, g: Gaussian) -> np.ndarray:
    """Squared Mahalanobis distance of each feature [..., D] to each class mean -> [..., C]."""
    diff = features.astype(np.float64)[..., None, :] - g.means
    return np.einsum("...cd,de,...ce->...c", diff, g.precision, diff)


def mahalanobis_score(features: np.ndarray, g: Gaussian) -> np.ndarray:
    return mahalanobis_distances(features, g).min(axis=-1)


def unit_rows(x: np.ndarray) -> np.ndarray:
    x = x.astype(np.float64)
    return x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)


def nearest_neighbour_score(features: np.ndarray, bank: np.ndarray) -> np.ndarray:
    """1 - the cosine similarity of each feature [..., D] to its nearest row of `bank` [N, D] (unit rows)."""
    return 1.0 - (unit_rows(features) @ bank.T).max(axis=-1)


def auroc(known: np.ndarray, unknown: np.ndarray) -> float:
    """Probability that an unknown shape scores higher than a known one (ties count half)."""
    scores = np.concatenate([known, unknown])
    order = scores.argsort(kind="mergesort")
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    for value in np.unique(scores):  # average ranks over ties
        tied = scores == value
        ranks[tied] = ranks[tied].mean()
    u = ranks[len(known):].sum() - len(unknown) * (len(unknown) + 1) / 2
    return float(u / (len(known) * len(unknown)))


def threshold_at_known_rate(known: np.ndarray, accepted: float) -> float:
    """The smallest score that still accepts `accepted` of the known shapes (score <= threshold)."""
    return float(np.quantile(known, accepted, method="higher"))


def fpr_at_tpr(known: np.ndarray, unknown: np.ndarray, tpr: float = 0.95) -> float:
    """Share of unknowns accepted as known at the threshold that accepts `tpr` of the knowns."""
    return float((unknown <= threshold_at_known_rate(known, tpr)).mean())


def flag_rates(known: np.ndarray, unknown: np.ndarray, threshold: float) -> dict:
    return {"unknown_flagged": float((unknown > threshold).mean()), "known_flagged": float((known > threshold).mean())}


def voted_probabilities(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """logits [V, S, C] (one row per turn about the up axis) -> mean softmax(logits / T) [S, C]."""
    return np.exp(log_softmax(logits / temperature)).mean(axis=0)


def fit_temperature(logits: np.ndarray, labels: np.ndarray, low: float = 0.05, high: float = 20.0) -> float:
    """The T minimising the negative log-likelihood of the voted probabilities, by golden-section
    search on log T (the NLL of temperature scaling is unimodal in practice)."""

    def nll(log_t: float) -> float:
        p = voted_probabilities(logits, float(np.exp(log_t)))
        return float(-np.log(np.maximum(p[np.arange(len(labels)), labels], 1e-12)).mean())

    a, b = np.log(low), np.log(high)
    ratio = (np.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    fc, fd = nll(c), nll(d)
    for _ in range(80):
        if fc < fd:
            b, d, fd = d, c, fc
            c = b - ratio * (b - a)
            fc = nll(c)
        else:
            a, c, fc = c, d, fd
            d = a + ratio * (b - a)
            fd = nll(d)
    return float(np.exp((a + b) / 2))


def _binned(probs: np.ndarray, labels: np.ndarray, bins: int) -> list[tuple[float, float, int, float, float]]:
    """Top-1 confidence in equal-width bins (a confidence on an edge goes to the lower bin):
    (low, high, count, mean confidence, accuracy) per bin, NaN where a bin is empty."""
    return binned_confidence(probs.max(axis=1), probs.argmax(axis=1) == labels, bins)


def binned_confidence(conf: np.ndarray, right: np.ndarray, bins: int) -> list[tuple[float, float, int, float, float]]:
    """`_binned` for predictions given as their confidence and whether they were right."""
    edges = np.linspace(0, 1, bins + 1)
    which = np.clip(np.searchsorted(edges, conf, side="left") - 1, 0, bins - 1)
    out = []
    for b in range(bins):
        m = which == b
        mean_conf, acc = (float(conf[m].mean()), float(right[m].mean())) if m.any() else (np.nan, np.nan)
        out.append((float(edges[b]), float(edges[b + 1]), int(m.sum()), mean_conf, acc))
    return out


def reliability_bins(probs: np.ndarray, labels: np.ndarray, bins: int = 10) -> list[dict]:
    """The reliability diagram: per bin its edges, count, mean confidence and accuracy (None when empty)."""
    return bins_as_rows(_binned(probs, labels, bins))


def bins_as_rows(binned: list[tuple[float, float, int, float, float]]) -> list[dict]:
    """Bins as the manifest's reliability rows."""
    return [
        {
            "low": round(low, 4),
            "high": round(high, 4),
            "count": count,
            "confidence": None if count == 0 else round(conf, 4),
            "accuracy": None if count == 0 else round(acc, 4),
        }
        for low, high, count, conf, acc in binned
    ]


def expected_calibration_error(probs: np.ndarray, labels: np.ndarray, bins: int = 10) -> float:
    """Sum over bins of |accuracy - confidence| weighted by the bin's share of shapes."""
    return float(sum(count / len(labels) * abs(acc - conf) for _, _, count, conf, acc in _binned(probs, labels, bins) if count))


def split_unknown_classes(classes: list[str], salt: str = "open-set") -> tuple[list[str], list[str]]:
    """Whole classes to validation or test by a hash of the class name alone, so that the side of
    a class depends on nothing measured and stays put when other classes come or go."""
    validation = sorted(c for c in classes if hash_rank(c, salt) < 0.5)
    return validation, sorted(c for c in classes if c not in validation)


def whitening(g: Gaussian) -> tuple[np.ndarray, np.ndarray]:
    """W with W^T W = precision (from its Cholesky factor), and the class means times W: then the
    squared Mahalanobis distance is |W f - W mu_c|^2, which an ONNX graph computes with a MatMul."""
    w = np.linalg.cholesky(g.precision).T
    return w, g.means @ w.T

"""The checked-in class tables in training/mappings/ (TSV, `#` comments, a header row)."""
from __future__ import annotations

from pathlib import Path

MAPPINGS_DIR = Path(__file__).resolve().parents[2] / "mappings"

MODELNET40_CLASSES = (
    "airplane bathtub bed bench bookshelf bottle bowl car chair cone cup curtain desk door dresser "
    "flower_pot glass_box guitar keyboard lamp laptop mantel monitor night_stand person piano plant "
    "radio range_hood sink sofa stairs stool table tent toilet tv_stand vase wardrobe xbox"
).split()

# Classes outside ModelNet40 whose shapes are kept only as unknowns for the open-set evaluation.
OPEN_SET_CLASSES = ("rifle",)

# Shapes of classes that are neither served nor unknowns of the open-set protocol, cached only for
# outlier exposure (training pushes their probabilities towards uniform); their label is this
# prefix and a group name, their split OUTLIER_SPLIT, so no evaluation ever sees them.
OUTLIER_PREFIX = "outlier:"
OUTLIER_SPLIT = "outlier"


def read_tsv(name: str) -> list[dict[str, str]]:
    lines = [l for l in (MAPPINGS_DIR / name).read_text(encoding="utf-8").splitlines() if l and not l.startswith("#")]
    header = lines[0].split("\t")
    return [dict(zip(header, l.split("\t"))) for l in lines[1:]]


def sweethome3d_map() -> dict[tuple[str, str], str]:
    return {(r["category"], r["name"]): r["modelnet40"] for r in read_tsv("sweethome3d_to_modelnet40.tsv")}


def shapenet_map() -> dict[str, str]:
    return {r["shapenet"]: r["modelnet40"] for r in read_tsv("shapenet_to_modelnet40.tsv")}


def sweethome3d_outlier_map() -> dict[tuple[str, str], str]:
    """(category, name) -> the outlier label (OUTLIER_PREFIX + group) of the entries used for outlier exposure."""
    return {(r["category"], r["name"]): OUTLIER_PREFIX + r["group"] for r in read_tsv("sweethome3d_outliers.tsv")}


def sweethome3d_scannet20_map() -> dict[tuple[str, str], str]:
    """(category, name) -> a ScanNet-20 class name or "ignore" (placed as clutter, labelled -1)."""
    return {(r["category"], r["name"]): r["scannet20"] for r in read_tsv("sweethome3d_to_scannet20.tsv")}

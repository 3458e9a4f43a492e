"""The package's layout rule: a step (a module under pipelines/) never imports another step; what two
steps share lives in datasets/, models/ or a shared module."""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "pointlens_train"
PIPELINES = PACKAGE / "pipelines"


def imported_modules(source: str, package: str) -> set[str]:
    """Absolute dotted names a module's source imports, relative imports resolved against `package`;
    `from x import y` also yields x.y, since y may be a module."""
    parts = package.split(".")
    out = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = parts[: len(parts) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            out.add(module)
            out.update(f"{module}.{a.name}" for a in node.names)
    return out


def steps() -> dict[str, Path]:
    return {f"pointlens_train.pipelines.{p.stem}": p for p in PIPELINES.glob("*.py") if p.stem != "__init__"}


def test_steps_do_not_import_each_other():
    found = steps()
    assert "pointlens_train.pipelines.train_seg" in found and len(found) >= 10
    crossing = {}
    for name, path in found.items():
        others = imported_modules(path.read_text(), "pointlens_train.pipelines") & (set(found) - {name})
        if others:
            crossing[name] = sorted(others)
    assert crossing == {}


def test_import_reading_resolves_relative_and_absolute_forms():
    source = ("from .prepare_cls import x\nfrom . import evaluate_cls\nimport pointlens_train.pipelines.seg_cv\n"
              "from ..datasets.scenes import read_scene\n")
    names = imported_modules(source, "pointlens_train.pipelines")
    assert {"pointlens_train.pipelines.prepare_cls", "pointlens_train.pipelines.evaluate_cls",
            "pointlens_train.pipelines.seg_cv", "pointlens_train.datasets.scenes"} <= names
    assert not any(n.startswith("pointlens_train.pipelines.read_scene") for n in names)

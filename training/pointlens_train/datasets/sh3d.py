"""Sweet Home 3D furniture catalogs (Debian's sweethome3d / sweethome3d-furniture packages).

Each catalog is a zip (`*.sh3f`, or `sweethome3d.jar` for the default catalog) holding a Java
properties file that lists entries `name#N`, `category#N`, `model#N`, `width#N`, `depth#N`,
`height#N` and sometimes `modelRotation#N`, with the OBJ models inside the same zip.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .mtl import material_colours
from .obj_mesh import parse_obj, parse_obj_with_materials
from .record import Mesh, ObjectRecord

DEFAULT_CATALOG = "com/eteks/sweethome3d/io/DefaultFurnitureCatalog.properties"
PLUGIN_CATALOG = "PluginFurnitureCatalog.properties"
_UNICODE_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


def parse_properties(data: bytes) -> dict[str, str]:
    """Java .properties: Latin-1, `\\uXXXX` escapes, `#`/`!` comments, `\\` line continuations."""
    text = data.decode("latin-1")
    out: dict[str, str] = {}
    logical = ""
    for raw in text.splitlines():
        line = raw.lstrip()
        if not logical and (not line or line[0] in "#!"):
            continue
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2 == 1:
            logical += line[:-1]
            continue
        logical += line
        m = re.match(r"((?:\\.|[^=:\s\\])*)\s*[=:\s]\s*(.*)$", logical, re.S)
        key, value = (m.group(1), m.group(2)) if m else (logical, "")
        out[_unescape(key)] = _unescape(value)
        logical = ""
    return out


def _unescape(s: str) -> str:
    s = _UNICODE_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), s)
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(m.group(1), m.group(1)), s)


@dataclass(frozen=True)
class CatalogEntry:
    catalog: str  # file name of the zip
    index: int
    name: str
    category: str
    model: str  # path inside the zip
    size: tuple[float, float, float]  # width (x), height (y), depth (z) in cm
    rotation: np.ndarray | None  # 3x3, applied to the model before scaling


def catalog_entries(props: dict[str, str], catalog: str) -> list[CatalogEntry]:
    entries = []
    indices = sorted(int(k.split("#", 1)[1]) for k in props if k.startswith("name#"))
    for i in indices:
        model = props.get(f"model#{i}")
        if not model:
            continue
        rot = props.get(f"modelRotation#{i}")
        rotation = np.array([float(v) for v in rot.split()]).reshape(3, 3) if rot else None
        try:
            size = tuple(float(props[f"{k}#{i}"]) for k in ("width", "height", "depth"))
        except KeyError:
            continue
        entries.append(
            CatalogEntry(catalog, i, props[f"name#{i}"], props.get(f"category#{i}", ""), model.lstrip("/"), size, rotation)
        )
    return entries


def find_catalogs(root: Path) -> list[Path]:
    """Catalog zips under an extracted package tree (`dpkg -x` target)."""
    share = root / "usr/share/sweethome3d"
    return sorted(share.glob("furniture/*.sh3f")) + sorted(share.glob("*.jar"))


def read_catalog(path: Path) -> list[CatalogEntry]:
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        props_name = PLUGIN_CATALOG if PLUGIN_CATALOG in names else DEFAULT_CATALOG
        if props_name not in names:
            return []
        return catalog_entries(parse_properties(z.read(props_name)), path.name)


def _as_placed(mesh: Mesh, entry: CatalogEntry) -> Mesh:
    v = mesh.vertices
    if entry.rotation is not None:
        # Sweet Home 3D stores the matrix row-major and applies it to column vectors.
        v = v @ entry.rotation.T
    extent = v.max(0) - v.min(0)
    scale = np.where(extent > 0, np.asarray(entry.size) / np.maximum(extent, 1e-12), 1.0)
    return Mesh(v * scale, mesh.faces)


def load_entry_mesh(path: Path, entry: CatalogEntry) -> Mesh:
    """The entry's model as the catalog places it: rotated, then scaled to its size (y up)."""
    with zipfile.ZipFile(path) as z:
        return _as_placed(parse_obj(z.read(entry.model).decode("latin-1")), entry)


def load_entry_coloured(path: Path, entry: CatalogEntry) -> tuple[Mesh, np.ndarray]:
    """The placed model (as `load_entry_mesh`) and each triangle's diffuse colour, (F, 3) in [0, 1]."""
    with zipfile.ZipFile(path) as z:
        mesh, mats = parse_obj_with_materials(z.read(entry.model).decode("latin-1"))
        colours = material_colours(z, entry.model, mats.libraries, mats.names)
    return _as_placed(mesh, entry), colours[mats.face_material]


def sweethome3d_records(root: Path, class_map: dict[tuple[str, str], str]) -> list[ObjectRecord]:
    records = []
    for path in find_catalogs(root):
        for entry in read_catalog(path):
            label = class_map.get((entry.category, entry.name))
            if label is not None:
                records.append(
                    ObjectRecord(
                        "sweethome3d",
                        f"{entry.catalog}#{entry.index}",
                        label,
                        lambda p=path, e=entry: load_entry_mesh(p, e),
                    )
                )
    return records

"""Where a source's files are: under the data folder, or (`work:` specs) under the work folder, where
the Sweet Home 3D catalogs are fetched as Debian packages."""
from __future__ import annotations

import subprocess
from pathlib import Path


def fetch_sweethome3d(target: Path, packages: list[str]) -> Path:
    """apt-get download + dpkg -x into `target` (skipped when already unpacked)."""
    if (target / "usr/share/sweethome3d").exists():
        return target
    debs = target.parent / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    subprocess.run(["apt-get", "download", *packages], cwd=debs, check=True)
    for deb in sorted(debs.glob("*.deb")):
        subprocess.run(["dpkg", "-x", str(deb), str(target)], check=True)
    return target


def resolve_source(spec: str, data: Path, work: Path) -> Path:
    return work / spec[len("work:"):] if spec.startswith("work:") else data / spec

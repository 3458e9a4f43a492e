"""Where the classifier tests find the shared datasets and the unpacked Sweet Home 3D packages."""
from pathlib import Path

import pytest

TRAINING = Path(__file__).resolve().parents[1]
DATA = TRAINING.parent.parent / "shared/data"
SH3D_ROOT = TRAINING / "work/sh3d/root"

needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not present")
needs_sh3d = pytest.mark.skipif(
    not (SH3D_ROOT / "usr/share/sweethome3d").exists(), reason="Sweet Home 3D packages not unpacked (make cls-data)"
)

"""`make seg-synth-preview`: writes a few synthetic rooms (datasets.synth_rooms) as PLY (x y z red green
blue label instance; label as in the ScanNet samples: NYU40 id, 0 = none) to look at in the app."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..datasets.scan_ply import write_scan_ply
from ..datasets.scene_labels import NYU40_IDS
from ..datasets.synth_rooms import make_room, open_catalog
from ..step_args import step_args


def main() -> None:
    args, cfg = step_args("data", "work", out="work/synth_preview", count="3")
    spec = cfg["synthetic_rooms"]
    catalog = open_catalog(spec, Path(args.data), Path(args.work))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    nyu = np.array((0,) + NYU40_IDS, dtype=np.int32)
    for i in range(int(args.count)):
        s = make_room(catalog, spec["seed"], i, spec["points"])
        write_scan_ply(out / f"{s.name}.ply", s.xyz, s.rgb, nyu[s.labels + 1], s.instances.astype(np.int32),
                       [f"synthetic room from Sweet Home 3D furniture, seed {spec['seed']}, z up, metres",
                        "label: NYU40 id (0 = unannotated); instance: instance id"])
        print(s.name, len(s.xyz), "points", len(s.boxes), "boxes", flush=True)


if __name__ == "__main__":
    main()

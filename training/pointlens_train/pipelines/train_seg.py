"""Trains the scene segmenter on the cached blocks of <work>/seg (see prepare_seg) with
models.seg_training, keeping the best checkpoint on the validation rooms."""
from __future__ import annotations

from pathlib import Path

from ..datasets.block_cache import BlockCache
from ..datasets.scene_blocks import input_features
from ..model_bank import pasted_models
from ..models.seg_training import train
from ..step_args import step_args


def main() -> None:
    args, cfg = step_args("work", data="../../shared/data")
    work, width = Path(args.work) / "seg", len(input_features(cfg))
    train(cfg, BlockCache(work / "train", width), cfg["train"]["minutes"], BlockCache(work / "val", width), work,
          log=lambda m: print(m, flush=True), models=pasted_models(cfg, Path(args.data), Path(args.work)))


if __name__ == "__main__":
    main()

"""The command line every pipeline step shares: a JSON config plus the folders the step reads and writes."""
import argparse
import json
from pathlib import Path


def step_args(*folders: str, **defaults: str) -> tuple[argparse.Namespace, dict]:
    """Parses --config and one required --<name> per folder (others take their defaults); returns the args and the config."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True)
    for name in folders:
        ap.add_argument(f"--{name}", required=True)
    for name, value in defaults.items():
        ap.add_argument(f"--{name}", default=value)
    args = ap.parse_args()
    return args, json.loads(Path(args.config).read_text())

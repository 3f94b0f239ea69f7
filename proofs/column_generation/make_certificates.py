"""Regenerate this folder's certificates: ``python -m proofs.column_generation.make_certificates``."""

from __future__ import annotations

import json
import pathlib

from commlb.files import write_atomically
from commlb.ic.colgen import information_complexity_colgen
from commlb.problems import get

HERE = pathlib.Path(__file__).resolve().parent / "certificates"

RUNS = [
    ("augmented-index-d8-external", "augmented-index", {"d": 8}, "1/10", "external", False),
    ("augmented-index-d12-external", "augmented-index", {"d": 12}, "1/10", "external", False),
    ("augmented-index-d16-external", "augmented-index", {"d": 16}, "1/10", "external", False),
    ("noisy-augmented-index-d16-external", "noisy-augmented-index", {"d": 16, "delta": "1/10"},
     "1/5", "external", False),
    ("index-d12-external", "index", {"d": 12}, "1/10", "external", False),
    ("augmented-index-d10-internal", "augmented-index", {"d": 10}, "1/10", "internal", False),
    ("augmented-index-d16-internal", "augmented-index", {"d": 16}, "1/10", "internal", False),
    ("augmented-index-d20-internal", "augmented-index", {"d": 20}, "1/10", "internal", False),
    ("augmented-index-d5-external-loop", "augmented-index", {"d": 5}, "1/10", "external", True),
    ("gap-hamming-d4-external-loop", "gap-hamming", {"d": 4, "rho": "1/2"}, "2/5", "external", True),
]


def main() -> None:
    HERE.mkdir(exist_ok=True)
    for stem, name, params, error, objective, built in RUNS:
        if built:
            result = information_complexity_colgen(get(name, **params), error, objective,
                                                   symmetric=False)
        else:
            result = information_complexity_colgen(name, error, objective, params=params)
        write_atomically(HERE / f"{stem}.json", json.dumps(result.certificate, indent=1) + "\n")
        print(stem, result.lower, result.upper)


if __name__ == "__main__":
    main()

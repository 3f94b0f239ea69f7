"""Regenerate this folder's certificates: ``python -m proofs.column_generation.make_certificates``.

Pass words to regenerate only the certificates whose names contain one of them
(``... make_certificates gap-hamming-d6``).
"""

from __future__ import annotations

import json
import pathlib
import sys

from commlb.files import write_atomically
from commlb.ic import information_complexity
from commlb.problems import get

HERE = pathlib.Path(__file__).resolve().parent / "certificates"

# (file stem, family, parameters, error, objective, method): "orbit" and "chain-rule" write
# the closed-form certificates (rd-dual-pricing + product-flip / orbit channels;
# chain-rule + product-flips), "colgen" the general loop's (rd-dual-pricing + channel-columns)
RUNS = [
    ("augmented-index-d8-external", "augmented-index", {"d": 8}, "1/10", "external", "orbit"),
    ("augmented-index-d12-external", "augmented-index", {"d": 12}, "1/10", "external", "orbit"),
    ("augmented-index-d16-external", "augmented-index", {"d": 16}, "1/10", "external", "orbit"),
    ("noisy-augmented-index-d16-external", "noisy-augmented-index", {"d": 16, "delta": "1/10"},
     "1/5", "external", "orbit"),
    ("index-d12-external", "index", {"d": 12}, "1/10", "external", "orbit"),
    ("augmented-index-d10-internal", "augmented-index", {"d": 10}, "1/10", "internal", "chain-rule"),
    ("augmented-index-d16-internal", "augmented-index", {"d": 16}, "1/10", "internal", "chain-rule"),
    ("augmented-index-d20-internal", "augmented-index", {"d": 20}, "1/10", "internal", "chain-rule"),
    ("augmented-index-d5-external-loop", "augmented-index", {"d": 5}, "1/10", "external", "colgen"),
    ("gap-hamming-d4-external-loop", "gap-hamming", {"d": 4, "rho": "1/2"}, "2/5", "external",
     "colgen"),
    # the orbit reduction: exact pricing at d = 5, the coordinate-Hölder bound at d = 6
    ("gap-hamming-d5-external-2-5", "gap-hamming", {"d": 5, "rho": "1/2"}, "2/5", "external", "orbit"),
    ("gap-hamming-d5-external-3-10", "gap-hamming", {"d": 5, "rho": "1/2"}, "3/10", "external",
     "orbit"),
    ("gap-hamming-d6-external-2-5", "gap-hamming", {"d": 6, "rho": "1/2"}, "2/5", "external", "orbit"),
    ("gap-hamming-d6-external-3-10", "gap-hamming", {"d": 6, "rho": "1/2"}, "3/10", "external",
     "orbit"),
]


def main(only: list[str] | None = None) -> None:
    HERE.mkdir(exist_ok=True)
    for stem, name, params, error, objective, method in RUNS:
        if only and not any(word in stem for word in only):
            continue
        result = information_complexity(get(name, **params), error, objective, method=method)
        write_atomically(HERE / f"{stem}.json", json.dumps(result.certificate, indent=1) + "\n")
        print(stem, result.lower, result.upper)


if __name__ == "__main__":
    main(sys.argv[1:])

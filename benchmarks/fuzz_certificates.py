"""Hostile certificates in bulk: corrupt every kind of certificate, count the checker's answers.

    .venv/bin/python benchmarks/fuzz_certificates.py                 # 10^4 corruptions
    .venv/bin/python benchmarks/fuzz_certificates.py --count 100000 --budget 5 --json

The certificates corrupted are every stored one under ``proofs/`` plus fresh ones of
each method (enumerate external and internal, orbit on declared and found symmetry,
Gap-Hamming orbits, column generation, the chain rule, conditional column
generation, a problem built by hand).  The corruptions are those of
:mod:`commlb.testing.certificates` (semantic: nudged numbers, raised claims, dropped
items; structural: deleted keys, floats for integers, NaN, huge integers, deep
nesting, huge sizes).  One table: per kind, tried / rejected / accepted / accepted
false / crashed / timed out.  Exit status 0 when nothing was accepted falsely,
crashed or timed out, 1 otherwise, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from fractions import Fraction as F
from pathlib import Path

from tqdm import tqdm

import commlb
from commlb.certificates import FORMAT, load
from commlb.problems import OneWayProblem, get
from commlb.testing.certificates import KINDS, fuzz

ROOT = Path(__file__).resolve().parent.parent
BAD = ("accepted false", "crashed", "timed out")


def fresh_certificates() -> list[dict]:
    """One certificate of each method on a small instance."""
    runs = [(get("index", d=3), "1/10", "external", "enumerate"),
            (get("augmented-index", d=2), "1/10", "internal", "enumerate"),
            (get("index", d=3), "1/10", "external", "orbit"),
            (get("equality", d=2), "1/10", "external", "orbit"),
            (get("gap-hamming", d=2, rho="1/2"), "2/5", "external", "orbit"),
            (get("augmented-index", d=3), "1/10", "external", "colgen"),
            (get("augmented-index", d=4), "1/10", "internal", "chain-rule"),
            (get("augmented-index", d=2), "1/10", "internal", "conditional-colgen"),
            (OneWayProblem.from_function(lambda x, y: int(x == y), {x: F(1, 3) for x in range(3)},
                                         lambda x: {y: F(1, 3) for y in range(3)}, name="mine"),
             "1/5", "external", "auto")]
    return [commlb.information_complexity(p, e, o, method=m).certificate for p, e, o, m in runs]


def stored_certificates() -> list[dict]:
    """Every certificate stored under proofs/ (the envelopes among its JSON files)."""
    out = []
    for path in sorted(ROOT.glob("proofs/**/*.json")):
        data = load(path)
        if isinstance(data, dict) and data.get("format") == FORMAT:
            out.append(data)
    if not out:
        raise SystemExit("fuzz_certificates: no stored certificate under proofs/ is an envelope; "
                         "regenerate them (python -m proofs.column_generation.make_certificates)")
    return out


def table(report: dict) -> str:
    answers = ["rejected", "accepted", *BAD]
    crashed = sorted({a for c in report["by_kind"].values() for a in c if a.startswith("crashed")})
    answers = answers[:3] + crashed + ["timed out"] if crashed else answers
    lines = ["| kind | tried | " + " | ".join(answers) + " |",
             "|---" * (len(answers) + 2) + "|"]
    total: Counter = Counter()
    for kind in KINDS:
        c = report["by_kind"][kind]
        total.update(c)
        lines.append(f"| {kind} | {sum(c.values())} | " + " | ".join(str(c[a]) for a in answers) + " |")
    lines.append(f"| all | {sum(total.values())} | " + " | ".join(str(total[a]) for a in answers) + " |")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000, help="corruptions (default 10^4)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per check")
    parser.add_argument("--json", action="store_true", help="print the counts as JSON")
    args = parser.parse_args(argv)
    certificates = fresh_certificates() + stored_certificates()
    try:
        with tqdm(total=args.count, disable=not sys.stderr.isatty(), unit="check") as bar:
            report = fuzz(certificates, args.count, seed=args.seed, budget=args.budget,
                          progress=bar.update)
    except KeyboardInterrupt:
        print("fuzz_certificates: interrupted; nothing kept", file=sys.stderr)
        return 130
    if args.json:
        print(json.dumps({"certificates": len(certificates),
                          "by_kind": {k: dict(v) for k, v in report["by_kind"].items()},
                          "examples": {k: v[:20] for k, v in report["examples"].items()}}))
    else:
        print(f"{args.count} corruptions of {len(certificates)} certificates "
              f"(seed {args.seed}, budget {args.budget} s per check)\n")
        print(table(report))
        for answer, where in report["examples"].items():
            print(f"\n{answer}: {len(where)}, e.g. " + "; ".join(where[:8]))
    bad = sum(n for c in report["by_kind"].values() for a, n in c.items()
              if a.startswith(("accepted false", "crashed", "timed out")))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""``commlb memorization``: exact error and memorization ``I(X; M | P)`` of a learner."""

from __future__ import annotations

import argparse
import json
from fractions import Fraction

from commlb.cli._params import add_param_option, parse_params, parse_value

__all__ = ["register", "run", "task_from_args"]


def _list_values(params: dict) -> dict:
    """``prior=1/2,1/2`` and ``positions=...`` given as comma lists become sequences."""
    out = dict(params)
    for key in ("prior", "positions"):
        value = out.get(key)
        if isinstance(value, str) and "," in value:
            out[key] = [parse_value(v) for v in value.split(",")]
    return out


def task_from_args(args: argparse.Namespace):
    """The task named on the command line with its ``-p`` parameters."""
    from commlb.learning import get_task

    return get_task(args.task, **_list_values(parse_params(args.params)))


def register(subparsers) -> None:
    """Add the ``memorization`` sub-command."""
    parser = subparsers.add_parser(
        "memorization", help="exact error and memorization I(X;M|P) of a learner on a task",
        description="Exact (rational parameters) error, optimal error, memorization I(X;M|P), "
        "H(X|P), singleton memorization I(X_S;M|P,S) and per-example I(Z_i;M|P) of a learner "
        "on a tiny learning task; --estimate K samples P instead (Monte Carlo, with CIs).",
    )
    parser.add_argument("task", metavar="TASK", help="next-symbol or cluster-labeling")
    add_param_option(parser)
    parser.add_argument("--learner", default="bayes-optimal",
                        help="bayes-optimal, nearest-neighbour, constant, forgetful(B), "
                        "noisy-memorizer(ETA) (default bayes-optimal)")
    parser.add_argument("--estimate", type=int, default=0, metavar="K",
                        help="Monte Carlo over K sampled P (exact sums over X given P)")
    parser.add_argument("--seed", type=int, default=0, help="seed for --estimate")
    parser.add_argument("--no-singletons", action="store_true",
                        help="skip the singleton form (faster)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def _show(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, Fraction):
        return f"{float(value):.6g} (exact {value})"
    if hasattr(value, "interval"):
        return f"{float(value):.6g} (exact)"
    return f"{value}"


def run(args: argparse.Namespace) -> int:
    """Compute and print; returns 0."""
    task = task_from_args(args)
    if args.estimate:
        from commlb.learning import estimate_memorization

        est = estimate_memorization(task, args.learner, samples=args.estimate, seed=args.seed)
        if args.json:
            print(json.dumps(est.to_json()))
        else:
            print(f"{task!r}, learner {est.learner}, {est.samples} sampled P (seed {est.seed})")
            for key in ("error", "memorization_bits", "entropy_bits"):
                print(f"  {key}: {getattr(est, key)}")
        return 0
    from commlb.learning import memorization

    result = memorization(task, args.learner, singletons=not args.no_singletons)
    if args.json:
        print(json.dumps(result.to_json()))
        return 0
    print(f"{task!r}, learner {result.learner}")
    rows = [("error", result.error), ("optimal error", result.optimal_error),
            ("excess error", result.excess_error),
            ("I(X;M|P) bits", result.memorization_bits), ("H(X|P) bits", result.entropy_bits),
            ("I(X_S;M|P,S) bits", result.singleton_memorization_bits),
            ("H(X_S|P,S) bits", result.singleton_entropy_bits)]
    for name, value in rows:
        print(f"  {name:18} {_show(value)}")
    print("  I(Z_i;M|P) bits   " + ", ".join(f"{float(v):.6g}" for v in result.per_example_bits))
    return 0

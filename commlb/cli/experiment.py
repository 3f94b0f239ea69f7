"""``commlb experiment``: the memorization experiments at the paper's scale.

``commlb experiment cluster-labeling -p n=500 -p d=1000 --model logistic [--json] [--plot F]``
and ``commlb experiment next-symbol -p n=100 -p d=1000 -p delta=1/4``.
"""

from __future__ import annotations

import json
import sys
from fractions import Fraction

from commlb.cli._params import add_param_option, parse_params
from commlb.errors import InvalidParameterError

_CLUSTER_KEYS = {
    "n": int, "d": int, "N": int, "rho": float, "prior": str, "zipf_exponent": float,
    "n_labels": int, "steps": int, "learning_rate": float, "momentum": float, "hidden": int,
    "checkpoints": int, "checkpoint_targets": int, "sweeps": int, "n_test": int,
    "per_cluster": int,
}
_NEXT_SYMBOL_KEYS = {
    "n": int, "d": int, "N": int, "delta": float, "prior": str, "zipf_exponent": float,
    "steps": int, "learning_rate": float, "momentum": float, "checkpoints": int,
    "checkpoint_targets": int, "n_test": int, "per_cluster": int,
}


def _convert(params: dict, keys: dict, experiment: str) -> dict:
    out = {}
    for key, value in params.items():
        if key not in keys:
            raise InvalidParameterError(
                f"unknown parameter {key!r} for {experiment}; known: {', '.join(sorted(keys))}"
            )
        kind = keys[key]
        if kind is str:
            out[key] = str(value)
            continue
        if isinstance(value, bool) or not isinstance(value, int | Fraction | float):
            raise InvalidParameterError(f"parameter {key} must be a number (got {value!r})")
        if kind is int:
            if Fraction(value).denominator != 1:
                raise InvalidParameterError(f"parameter {key} must be an integer (got {value})")
            out[key] = int(value)
        else:
            out[key] = float(value)
    return out


def _finish(result, args) -> int:
    if args.plot:
        from commlb.learning.experiments.plot import plot_experiment

        plot_experiment(result, args.plot)
    if args.json:
        print(json.dumps(result.to_json()))
    else:
        print(result)
        if args.plot:
            print(f"figure written to {args.plot}")
    return 0


def _progress(args) -> bool | None:
    return False if args.no_progress else None


def _cluster_labeling(args) -> int:
    from commlb.learning.experiments.cluster_experiment import ATTACKS, run_cluster_labeling

    params = _convert(parse_params(args.params), _CLUSTER_KEYS, "cluster-labeling")
    attacks = tuple(a for a in args.attacks.split(",") if a) if args.attacks else ATTACKS
    result = run_cluster_labeling(
        model=args.model, seed=args.seed, attacks=attacks, primary_attack=args.primary_attack,
        progress=_progress(args), **params,
    )
    return _finish(result, args)


def _next_symbol(args) -> int:
    from commlb.learning.experiments.next_symbol_experiment import run_next_symbol

    params = _convert(parse_params(args.params), _NEXT_SYMBOL_KEYS, "next-symbol")
    result = run_next_symbol(seed=args.seed, progress=_progress(args), **params)
    return _finish(result, args)


def _common(parser) -> None:
    add_param_option(parser)
    parser.add_argument("--seed", type=int, default=0, help="seed of every random choice")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--plot", metavar="FILE", help="write a PNG of the metrics over training")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")


def register(subparsers) -> None:
    """Add ``experiment cluster-labeling`` and ``experiment next-symbol``."""
    parser = subparsers.add_parser(
        "experiment", help="memorization experiments at scale (Brown et al., STOC 2021)",
        description="Train a numpy model and recover singleton training examples with "
                    "black-box attacks (Brown et al., STOC 2021).",
    )
    inner = parser.add_subparsers(dest="experiment", metavar="EXPERIMENT")
    cluster = inner.add_parser(
        "cluster-labeling", help="hypercube cluster labeling, logistic regression or MLP",
        description="Keys for -p: " + ", ".join(_CLUSTER_KEYS),
    )
    _common(cluster)
    cluster.add_argument("--model", choices=("logistic", "mlp"), default="logistic")
    cluster.add_argument(
        "--attacks", metavar="A,B",
        help="comma-separated attacks on the trained model (default: all of sign, "
             "sign-informed, coordinate-ascent, coordinate-ascent-informed)",
    )
    cluster.add_argument("--primary-attack", metavar="A",
                         help="the attack reported as recovery_accuracy "
                              "(default: coordinate-ascent if run, else the first)")
    cluster.set_defaults(handler=_cluster_labeling)
    nxt = inner.add_parser(
        "next-symbol", help="next-symbol prediction, causal model, noise-bit recovery",
        description="Keys for -p: " + ", ".join(_NEXT_SYMBOL_KEYS),
    )
    _common(nxt)
    nxt.set_defaults(handler=_next_symbol)

    def _usage(_args) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(handler=_usage)

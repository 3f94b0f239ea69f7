"""``commlb experiment``: the memorization experiments at the paper's scale.

``commlb experiment cluster-labeling -p n=500 -p d=1000 --model logistic
[--procedure authors|fast] [--seeds K] [--json] [--plot F]``
and ``commlb experiment next-symbol [--procedure paper|follow-up] [-p n=100 -p d=1000]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from fractions import Fraction

from commlb.cli._params import add_param_option, add_progress_option, parse_params
from commlb.errors import InvalidParameterError

_CLUSTER_KEYS = {
    "n": int, "d": int, "N": int, "rho": float, "prior": str, "zipf_exponent": float,
    "labels": str, "hidden": int, "n_test": int, "per_cluster": int,
}
_NEXT_SYMBOL_KEYS = {
    "n": int, "d": int, "N": int, "delta": float, "positions": str, "prior": str,
    "zipf_exponent": float, "n_test": int, "per_cluster": int,
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


def _check_plot(args) -> None:
    """Refuse a ``--plot`` path that cannot be written, before anything runs."""
    if args.plot:
        from pathlib import Path

        parent = Path(args.plot).expanduser().resolve().parent
        if not parent.is_dir():
            raise InvalidParameterError(f"--plot {args.plot}: the directory {parent} does not "
                                        "exist; create it or give another path")


def _progress(args) -> bool | None:
    return args.progress


def _count(text: str) -> int | str:
    if text == "all":
        return text
    try:
        value = int(text)
    except ValueError:
        raise InvalidParameterError(f"{text!r} is not a count or 'all'") from None
    return value


def _schedule(text: str) -> tuple[tuple[int, float], ...]:
    if text in ("", "none", "constant"):
        return ()
    try:
        return tuple((int(step), float(factor)) for step, factor in
                     (entry.split(":") for entry in text.split(",")))
    except ValueError:
        raise InvalidParameterError(
            f"schedule {text!r} is not STEP:FACTOR[,STEP:FACTOR...] or 'none'") from None


def _attacks(text: str) -> tuple[str, ...]:
    return tuple(a for a in text.split(",") if a)


#: (option, Procedure setting, argparse type, help); every setting of a procedure.
_SETTINGS = (
    ("--init", "init", str, "initialisation: uniform (U(±1/√fan_in)) or zeros"),
    ("--learning-rate", "learning_rate", float, "SGD learning rate"),
    ("--momentum", "momentum", float, "Nesterov momentum in [0, 1)"),
    ("--schedule", "schedule", _schedule, "rate drops STEP:FACTOR[,...] or 'none'"),
    ("--steps", "steps", int, "full-batch training steps"),
    ("--attack", "attack", str, "the reported attack (sign, sign-informed, coordinate-ascent, "
                                "coordinate-ascent-informed)"),
    ("--extra-attacks", "extra_attacks", _attacks, "further attacks on the trained model, A,B"),
    ("--curve-attack", "curve_attack", str, "the attack recorded along the curve"),
    ("--attack-start", "attack_start", str, "random (uniform ±1) or zero"),
    ("--repeats", "repeats", int, "sign attack: backgrounds per coordinate, majority vote"),
    ("--ties", "ties", int, "sign attack: the vote on equal scores, -1 or 1"),
    ("--max-sweeps", "max_sweeps", int, "coordinate ascent: at most this many sweeps"),
    ("--targets", "targets", _count, "attack the first K singleton rows (or 'all')"),
    ("--curve-targets", "curve_targets", _count, "targets along the curve (or 'all')"),
    ("--record-every", "record_every", int, "steps between records of the curve"),
)


#: (option, NextSymbolProcedure setting, argparse type, help).
_NEXT_SYMBOL_SETTINGS = (
    ("--truncation", "truncation", str, "none (whole strings) or uniform (length uniform "
                                        "on 2..d)"),
    ("--train-positions", "train_positions", str, "train on prefix positions from 0 (all) "
                                                  "or 1 (nonempty)"),
    ("--learning-rate", "learning_rate", float, "learning rate"),
    ("--momentum", "momentum", float, "Nesterov momentum in [0, 1)"),
    ("--steps", "steps", int, "full-batch training steps"),
    ("--attack", "attack", str, "prefix-reference or fresh-prefixes"),
    ("--attack-samples", "attack_samples", int, "fresh-prefixes: noisy strings per target"),
    ("--checkpoints", "checkpoints", int, "intermediate records of the curve"),
    ("--curve-targets", "curve_targets", int, "singletons attacked along the curve"),
)


def _cluster_labeling(args) -> int:
    from commlb.learning.experiments.cluster_experiment import run_cluster_labeling

    _check_plot(args)
    params = _convert(parse_params(args.params), _CLUSTER_KEYS, "cluster-labeling")
    settings = {name: None if getattr(args, name) is None else kind(getattr(args, name))
                for _, name, kind, _ in _SETTINGS}
    settings["duplicate_singletons"] = args.duplicate_singletons
    result = run_cluster_labeling(
        model=args.model, procedure=args.procedure, seed=args.seed, seeds=args.seeds,
        progress=_progress(args), **params, **settings,
    )
    return _finish(result, args)


def _next_symbol(args) -> int:
    from commlb.learning.experiments.next_symbol_experiment import run_next_symbol

    _check_plot(args)
    params = _convert(parse_params(args.params), _NEXT_SYMBOL_KEYS, "next-symbol")
    settings = {name: getattr(args, name) for _, name, _, _ in _NEXT_SYMBOL_SETTINGS}
    result = run_next_symbol(procedure=args.procedure, seed=args.seed, seeds=args.seeds,
                             progress=_progress(args), **params, **settings)
    return _finish(result, args)


def _common(parser) -> None:
    add_param_option(parser)
    parser.add_argument("--seed", type=int, default=0, help="the first seed")
    parser.add_argument("--seeds", type=int, default=1, metavar="K",
                        help="independent runs (seeds SEED..SEED+K-1); means over them with "
                             "95%% intervals in [0, 1]")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--plot", metavar="FILE", help="write a PNG of the metrics over training")
    add_progress_option(parser)


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
    cluster.add_argument("--procedure", choices=("authors", "fast"), default="authors",
                         help="the preset of every setting below (default: authors, the "
                              "authors' released procedure); an option replaces one value")
    group = cluster.add_argument_group("procedure settings (default: the preset's)")
    for option, name, kind, text in _SETTINGS:
        group.add_argument(option, dest=name, type=kind if kind in (int, float, str) else str,
                           default=None, help=text)
    group.add_argument("--duplicate-singletons", action=argparse.BooleanOptionalAction,
                       default=None, help="singleton rows appear twice in training")
    cluster.set_defaults(handler=_cluster_labeling)
    nxt = inner.add_parser(
        "next-symbol", help="next-symbol prediction, causal model, noise-bit recovery",
        description="Keys for -p: " + ", ".join(_NEXT_SYMBOL_KEYS),
    )
    _common(nxt)
    nxt.add_argument("--procedure", choices=("paper", "follow-up"), default="paper",
                     help="the preset of the size and every setting below (paper: whole "
                          "strings, d=1000, n=N=100, delta=1/4; follow-up: truncated strings, "
                          "d=500, n=N=100, delta=0.05, fresh-prefix attack)")
    group = nxt.add_argument_group("procedure settings (default: the preset's)")
    for option, name, kind, text in _NEXT_SYMBOL_SETTINGS:
        group.add_argument(option, dest=name, type=kind, default=None, help=text)
    nxt.set_defaults(handler=_next_symbol)

    def _usage(_args) -> int:
        parser.print_help(sys.stderr)
        return 2

    parser.set_defaults(handler=_usage)

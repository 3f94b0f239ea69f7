"""``commlb privacy``: the least excess error of differentially private learners, certified."""

from __future__ import annotations

import argparse
import json

from commlb.cli._params import add_param_option, parse_value
from commlb.cli.memorization import task_from_args
from commlb.errors import InvalidParameterError

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``privacy`` sub-command."""
    parser = subparsers.add_parser(
        "privacy", help="certified least excess error of (epsilon, delta)-DP learners",
        description="The least excess error err(A) - err* over (epsilon, delta)-differentially "
        "private learners A of a tiny task: a linear program over channels from training sets "
        "to prediction functions, certified exactly (Lagrange multipliers below, a private "
        "channel above; S13 of proofs/INDEX.md). With --levels, also the lower bound that "
        "memorization gives (pure DP: I(X; M | P) <= n*epsilon*log2(e)).",
    )
    parser.add_argument("task", metavar="TASK", help="next-symbol or cluster-labeling")
    add_param_option(parser)
    parser.add_argument("--epsilon", metavar="E", required=True, help="epsilon >= 0 (exact)")
    parser.add_argument("--delta", metavar="D", default="0", help="delta in [0, 1] (default 0)")
    parser.add_argument("--levels", metavar="L,L,...",
                        help="excess-error levels of the memorization frontier for the "
                             "memorization-implied bound (pure DP only)")
    parser.add_argument("--certificate", metavar="FILE", help="write the certificate here")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def _number(text: str, what: str):
    value = parse_value(text)
    if isinstance(value, (str, bool)):
        raise InvalidParameterError(f"{what} must be a number, got {text!r}")
    return value


def run(args: argparse.Namespace) -> int:
    """Solve, print (or JSON), write the certificate; returns 0."""
    from commlb.learning.privacy import memorization_privacy_bound, private_excess_error

    epsilon, delta = _number(args.epsilon, "--epsilon"), _number(args.delta, "--delta")
    levels = None
    if args.levels:
        if delta != 0:
            raise InvalidParameterError("--levels needs pure DP (--delta 0): the memorization "
                                        "budget n*epsilon*log2(e) holds for delta = 0 only")
        levels = [_number(v, "a --levels entry") for v in args.levels.split(",") if v.strip()]
    task = task_from_args(args)
    result = private_excess_error(task, epsilon, delta)
    if args.certificate:
        from commlb.files import write_atomically

        write_atomically(args.certificate, json.dumps(result.certificate))
    implied = memorization_privacy_bound(task, epsilon, levels) if levels else None
    if args.json:
        out = result.to_json()
        if implied is not None:
            out["memorization_bound"] = implied
        print(json.dumps(out))
        return 0
    print(f"{args.task} {task.params}: least excess error of ({result.epsilon}, {result.delta})"
          f"-DP learners")
    print(f"  certified [{float(result.lower):.12g}, {float(result.upper):.12g}] "
          f"(width {float(result.width):.1e}; exact ends in --json)")
    print(f"  optimal error err* = {result.optimal_error} (non-private); a private learner "
          f"attains {float(result.error_upper):.12g}")
    if implied is not None:
        above = implied["excess_error_above"]
        print(f"  memorization: a ({result.epsilon}, 0)-DP learner has I(X; M | P) <= "
              f"{implied['budget_bits']:.4f} bits; "
              + (f"the frontier exceeds it at excess error {above}, so every private learner "
                 f"has excess error > {above}" if above is not None else
                 "the frontier never exceeds it at the given levels (no bound)"))
    if args.certificate:
        print(f"  certificate written to {args.certificate}")
    return 0

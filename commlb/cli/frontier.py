"""``commlb frontier``: the least memorization of any learner with bounded excess error."""

from __future__ import annotations

import argparse
import json
import sys

from commlb.cli._params import add_param_option, add_progress_option, parse_value, progress_flag
from commlb.cli.memorization import task_from_args
from commlb.errors import InvalidParameterError

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``frontier`` sub-command."""
    parser = subparsers.add_parser(
        "frontier", help="certified least I(X;M|P) of learners with error <= err* + E",
        description="The memorization frontier: a bracket on min I(X;M|P) over all learners "
        "whose error is at most the optimal error plus --excess-error, via the information "
        "program of commlb.ic (classes P, inputs = training multisets, decisions = prediction "
        "functions).",
    )
    parser.add_argument("task", metavar="TASK", help="next-symbol or cluster-labeling")
    add_param_option(parser)
    parser.add_argument("--excess-error", metavar="E",
                        help="allowed excess error (exact: 0.05 is 1/20)")
    parser.add_argument("--gap", type=float, default=1e-6, help="target bracket width (bits)")
    parser.add_argument("--method", default="auto",
                        help="auto (default), enumerate (every prediction function) or "
                        "conditional-colgen (column generation, sizes beyond enumeration)")
    parser.add_argument("--list-methods", action="store_true",
                        help="list the methods of the frontier program and why each applies or not")
    parser.add_argument("--certificate", metavar="FILE", help="write the certificate here")
    add_progress_option(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def _list_methods(task, as_json: bool) -> int:
    from fractions import Fraction

    from commlb.ic.registry import applicable
    from commlb.ic.statement import Statement
    from commlb.learning.frontier import FrontierProblem

    rows = [r for r in applicable(Statement(FrontierProblem(task), "conditional", Fraction(0)))
            if r["serves"]]
    if as_json:
        print(json.dumps([{k: r[k] for k in ("name", "applies", "reason")} for r in rows]))
        return 0
    for r in rows:
        print(f"{r['name']:<20} {'applies' if r['applies'] else 'no     '}  "
              f"{r['reason'] or r['summary']}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Solve and print; returns 0."""
    from commlb.learning import memorization_frontier

    if args.list_methods:
        return _list_methods(task_from_args(args), args.json)
    if args.excess_error is None:
        raise InvalidParameterError("--excess-error is required (e.g. --excess-error 0.05)")
    excess = parse_value(args.excess_error)
    if isinstance(excess, (str, bool)):
        raise InvalidParameterError(f"--excess-error must be a number, got {args.excess_error!r}")
    task = task_from_args(args)
    result = memorization_frontier(task, excess, gap=args.gap, progress=progress_flag(args),
                                   method=args.method)
    if args.certificate:
        if result.certificate is None:
            raise InvalidParameterError(
                "no certificate is available for this bracket (the solver could not certify it)")
        from commlb.files import write_atomically

        write_atomically(args.certificate, json.dumps(result.certificate))
    interrupted = "interrupted" in str(result.status)
    if args.json:
        print(json.dumps(result.to_json()))
        return 130 if interrupted else 0
    kind = "certified" if result.certified else "float, not certified"
    if result.certified and not result.upper_certified:
        kind = "lower certified, upper float"
    print(f"{task!r}: error <= err* + {result.excess_error} = {float(result.error_bound):.6g}")
    print(f"  min I(X;M|P) in [{result.lower:.6g}, {result.upper:.6g}] bits ({kind})")
    print(f"  program: {result.sizes}; {result.seconds:.2f} s; {result.status}")
    if interrupted:
        print("commlb frontier: interrupted; the bracket above is the best so far"
              + (" (certified" + (", certificate written)" if args.certificate else ")")
                 if result.certified else ""), file=sys.stderr)
        return 130
    return 0

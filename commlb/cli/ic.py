"""``commlb ic``: certified one-way information complexity by the registered methods."""

from __future__ import annotations

import argparse
import json
import sys

from commlb.cli._params import (
    add_param_option,
    add_progress_option,
    parse_params,
    progress_flag,
)

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``ic`` sub-command."""
    parser = subparsers.add_parser(
        "ic", help="certified bracket on the information complexity of a problem",
        description="Compute lower <= IC(error) <= upper (bits), both certified, by the first "
        "registered method that applies (or --method NAME); optionally save a certificate "
        "that `commlb verify` checks independently.  --list-methods shows which methods "
        "can take the instance and why the others cannot.",
    )
    parser.add_argument("problem", help="catalogue name, e.g. augmented-index")
    add_param_option(parser)
    parser.add_argument("--error", help="error level in [0, 1], e.g. 0.1 or 1/10")
    parser.add_argument("--internal", action="store_true",
                        help="internal information I(X; M | Y) instead of external I(X; M)")
    parser.add_argument("--gap", type=float, default=1e-6, help="target bracket width (bits)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--certificate", metavar="FILE",
                        help="write the certificate here (atomically)")
    parser.add_argument("--method", default="auto",
                        help="auto (default: the first method that applies, then the next while "
                             "the gap is not reached) or a method name from --list-methods")
    parser.add_argument("--list-methods", action="store_true",
                        help="list the methods, whether each applies and why not")
    add_progress_option(parser)
    parser.set_defaults(handler=run)


def _list_methods(problem, objective: str, error, as_json: bool) -> int:
    from commlb.ic import methods

    rows = methods(problem, objective, error)
    if as_json:
        print(json.dumps([{k: r[k] for k in ("name", "applies", "reason")} for r in rows]))
        return 0
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        mark = "applies" if r["applies"] else "no     "
        print(f"{r['name']:<{width}}  {mark}  {r['reason'] or r['summary']}")
    return 0


def run(args: argparse.Namespace) -> int:
    """Solve, print the bracket, save the certificate; returns the exit code."""
    from commlb.certificates import save
    from commlb.errors import InvalidParameterError
    from commlb.ic import SolveInterrupted, information_complexity
    from commlb.problems import get

    objective = "internal" if args.internal else "external"
    problem = get(args.problem, **parse_params(args.params))
    if args.list_methods:
        return _list_methods(problem, objective, args.error, args.json)
    if args.error is None:
        raise InvalidParameterError("--error is required (e.g. --error 0.1), unless --list-methods")
    progress = progress_flag(args)
    try:
        result = information_complexity(problem, args.error, objective, method=args.method,
                                        gap=args.gap, progress=progress)
    except SolveInterrupted as stop:
        partial = stop.partial
        print(f"commlb ic: interrupted; best float bracket so far (not certified): "
              f"[{partial.lower:.10g}, {partial.upper:.10g}]; no certificate written",
              file=sys.stderr)
        return 130
    path = str(save(result.certificate, args.certificate)) if args.certificate else None
    if args.json:
        print(json.dumps({**result.to_json(), "certificate": path}))
        return 0
    print(result)
    stats = ", ".join(f"{k} {v:.3g}" if isinstance(v, float) else f"{k} {v}"
                      for k, v in result.stats.items())
    print(f"status: {result.status}; {stats}")
    if path:
        print(f"certificate: {path} (check with: commlb verify {path})")
    return 0

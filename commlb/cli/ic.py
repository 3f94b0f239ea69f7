"""``commlb ic``: certified one-way information complexity of a catalogue problem."""

from __future__ import annotations

import argparse
import json
import sys

from commlb.cli._params import add_param_option, parse_params

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``ic`` sub-command."""
    parser = subparsers.add_parser(
        "ic", help="certified bracket on the information complexity of a problem",
        description="Compute lower <= IC(error) <= upper (bits), both certified; optionally "
        "save a certificate that `commlb verify` checks independently.",
    )
    parser.add_argument("problem", help="catalogue name, e.g. augmented-index")
    add_param_option(parser)
    parser.add_argument("--error", required=True, help="error level in [0, 1], e.g. 0.1 or 1/10")
    parser.add_argument("--internal", action="store_true",
                        help="internal information I(X; M | Y) instead of external I(X; M)")
    parser.add_argument("--gap", type=float, default=1e-6, help="target bracket width (bits)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--certificate", metavar="FILE",
                        help="write the certificate here (atomically)")
    parser.add_argument("--method", choices=("enumerate", "colgen"), default="enumerate",
                        help="enumerate every decision function (default), or column generation "
                             "with exact pricing for alphabets far beyond enumeration")
    parser.set_defaults(handler=run)


def _size(n: int) -> str:
    """A count that may have millions of digits: exact when small, else as a power."""
    if n < 10**15:
        return str(n)
    if n & (n - 1) == 0:
        return f"2^{n.bit_length() - 1}"
    return f"about 2^{n.bit_length() - 1}"


def _bound_json(value) -> dict:
    from commlb.info import Exact

    if isinstance(value, Exact):
        interval = value.interval()
        return {"value": float(value), "exact": str(value), "interval": [interval.lo, interval.hi]}
    return {"value": value.mid, "exact": None, "interval": [value.lo, value.hi]}


def _run_colgen(args: argparse.Namespace, objective: str, error) -> int:
    """``--method colgen``: the problem is passed by name, so it is never enumerated."""
    from commlb.certificates import save
    from commlb.ic.colgen import information_complexity_colgen

    params = parse_params(args.params)
    progress = sys.stderr.isatty() and not args.json
    result = information_complexity_colgen(args.problem, error, objective, args.gap,
                                           params=params, progress=progress)
    path = str(save(result.certificate, args.certificate)) if args.certificate else None
    lower, upper = _bound_json(result.lower), _bound_json(result.upper)
    upper_certified = getattr(result.upper, "certified", True)
    if args.json:
        print(json.dumps({
            "problem": args.problem, "params": {k: str(v) for k, v in params.items()},
            "objective": objective, "error": str(error), "method": "colgen",
            "lower": lower["interval"][0], "upper": upper["interval"][1],
            "exact": lower["exact"] if lower["exact"] and lower["exact"] == upper["exact"] else None,
            "columns": result.columns, "decision_functions": _size(result.decision_functions),
            "rounds": result.rounds, "status": result.status, "seconds": result.seconds,
            "upper_certified": upper_certified, "certificate": path,
        }))
        return 0
    kind = "certified" if upper_certified else "lower certified, upper a float value"
    print(f"{objective} IC of {args.problem} at error {error}: {kind} "
          f"[{lower['interval'][0]:.10g}, {upper['interval'][1]:.10g}] bits")
    if lower["exact"] and lower["exact"] == upper["exact"]:
        print(f"exact value: {lower['exact']}")
    print(f"status: {result.status}; {result.columns} columns of {_size(result.decision_functions)} "
          f"decision functions, {result.rounds} rounds, {result.seconds:.3f} s")
    if path:
        print(f"certificate: {path} (check with: commlb verify {path})")
    return 0


def run(args: argparse.Namespace) -> int:
    """Solve, print the bracket, save the certificate; returns the exit code."""
    from commlb.certificates import save
    from commlb.cli._params import parse_value
    from commlb.ic import SolveInterrupted, information_complexity
    from commlb.problems import get

    objective = "internal" if args.internal else "external"
    error = parse_value(args.error)
    if args.method == "colgen":
        return _run_colgen(args, objective, error)
    problem = get(args.problem, **parse_params(args.params))
    progress = sys.stderr.isatty() and not args.json
    try:
        result = information_complexity(problem, error, objective, args.gap, progress=progress)
    except SolveInterrupted as stop:
        partial = stop.partial
        print(f"commlb ic: interrupted; best float bracket so far (not certified): "
              f"[{partial.lower:.10g}, {partial.upper:.10g}]; no certificate written",
              file=sys.stderr)
        return 130
    path = None
    if args.certificate:
        path = str(save(result.certificate, args.certificate))
    if args.json:
        out = result.to_json()
        out["certificate"] = path
        print(json.dumps(out))
        return 0
    print(result)
    print(f"status: {result.status}; {result.iterations} iterations, {result.seconds:.3f} s")
    if path:
        print(f"certificate: {path} (check with: commlb verify {path})")
    return 0

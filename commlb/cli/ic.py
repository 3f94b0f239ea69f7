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
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Solve, print the bracket, save the certificate; returns the exit code."""
    from commlb.certificates import save
    from commlb.cli._params import parse_value
    from commlb.ic import SolveInterrupted, information_complexity
    from commlb.problems import get

    problem = get(args.problem, **parse_params(args.params))
    objective = "internal" if args.internal else "external"
    error = parse_value(args.error)
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

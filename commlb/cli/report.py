"""``commlb report [--out DIR] [--quick]``: the main job."""

from __future__ import annotations

import argparse


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="run the curated computations and write report.md/.html with figures",
        description="Run every curated result (certified IC against closed forms, memorization "
                    "of learners, frontiers, reduction checks) and write DIR/report.md, "
                    "DIR/report.html and PNG figures.",
    )
    parser.add_argument("--out", default="report", metavar="DIR",
                        help="output directory (default: ./report)")
    parser.add_argument("--quick", action="store_true", help="smaller instances (under a minute)")
    parser.add_argument("--no-plots", action="store_true", help="skip the figures (no matplotlib)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from commlb.report import build_report

    summary = build_report(args.out, quick=args.quick, plots=not args.no_plots,
                           progress=False if args.no_progress else None)
    for name, seconds in summary.sections:
        failed = any(f[0] == name for f in summary.failures)
        print(f"{'FAILED' if failed else 'ok    '} {name:<16} {seconds:6.1f} s")
    print(f"wrote {summary.markdown} and {summary.html} in {summary.seconds:.1f} s")
    for name, message in summary.failures:
        print(f"section {name} failed: {message}")
    return 1 if summary.failures else 0

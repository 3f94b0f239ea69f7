"""``commlb report [--out DIR] [--quick] [--json]``: the main job."""

from __future__ import annotations

import argparse
import json
import sys

from commlb.cli._params import add_progress_option


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="run the curated computations and write report.md/.html with figures",
        description="Run every curated result (certified IC against closed forms, memorization "
                    "of learners, frontiers, reduction checks, private learners, experiments) "
                    "and write DIR/report.md, DIR/report.html and PNG figures. The files are "
                    "staged and moved into place at the end: an interrupted run changes "
                    "nothing in DIR.",
    )
    parser.add_argument("--out", default="report", metavar="DIR",
                        help="output directory (default: ./report)")
    parser.add_argument("--quick", action="store_true", help="smaller instances (under a minute)")
    parser.add_argument("--no-plots", action="store_true", help="skip the figures (no matplotlib)")
    add_progress_option(parser)
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object: files written, sections with seconds, "
                             "failures")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from commlb.report import build_report

    try:
        summary = build_report(args.out, quick=args.quick, plots=not args.no_plots,
                               progress=args.progress)
    except KeyboardInterrupt:
        print(f"commlb report: interrupted; nothing in {args.out} was changed (the previous "
              "report, if any, is kept)", file=sys.stderr)
        return 130
    failed = {name for name, _ in summary.failures}
    if args.json:
        print(json.dumps({
            "markdown": str(summary.markdown), "html": str(summary.html),
            "seconds": summary.seconds,
            "sections": [{"name": name, "seconds": seconds, "ok": name not in failed}
                         for name, seconds in summary.sections],
            "failures": [{"name": name, "error": message} for name, message in summary.failures]}))
        return 1 if summary.failures else 0
    for name, seconds in summary.sections:
        print(f"{'FAILED' if name in failed else 'ok    '} {name:<16} {seconds:6.1f} s")
    print(f"wrote {summary.markdown} and {summary.html} in {summary.seconds:.1f} s")
    for name, message in summary.failures:
        print(f"section {name} failed: {message}")
    return 1 if summary.failures else 0

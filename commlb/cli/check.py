"""``commlb check REDUCTION -p ... [--learner NAME] [--json]``: check a reduction's inequalities exactly.

Exit code 0 if every inequality holds, 1 if one fails (named on stderr and in
the JSON ``failing`` list), 2 on bad input.
"""

from __future__ import annotations

import argparse
import json
import sys

from commlb.cli._params import add_param_option, parse_params

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``check`` sub-command."""
    from commlb.reductions import REDUCTIONS

    parser = subparsers.add_parser(
        "check", help="check every inequality of a reduction exactly on a tiny instance",
        description="Build the source protocol from a target solution exactly as the reduction "
        "prescribes and compute both sides of each inequality exactly. Reductions: "
        + "; ".join(f"{k}: {v}" for k, v in REDUCTIONS.items()),
    )
    parser.add_argument("reduction", metavar="REDUCTION", help="reduction name (see description)")
    add_param_option(parser)
    parser.add_argument("--learner", default=None,
                        help="learner for singletons-to-* reductions (default bayes-optimal), e.g. "
                        "nearest-neighbour, constant, forgetful(1), noisy-memorizer(1/4)")
    parser.add_argument("--protocol", default=None,
                        help="k-fold protocol for component-to-singletons (default send-everything)")
    parser.add_argument("-q", "--protocol-param", dest="protocol_params", action="append", default=[],
                        metavar="KEY=VALUE", help="a parameter of --protocol, e.g. -q eps=1/8 (repeatable)")
    parser.add_argument("--optimal", default=None, metavar="EPS,EPS,...",
                        help="singletons-to-* only: also compare the task's frontier at these excess "
                        "errors with the source's certified conditional IC at the translated error")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the reduction; 0 if all inequalities hold, else 1."""
    from commlb.reductions import get

    reduction = get(args.reduction, **parse_params(args.params))
    if reduction.solution == "protocol":
        from commlb.protocols import get_protocol

        protocol = get_protocol(args.protocol or "send-everything", reduction.target,
                                **parse_params(args.protocol_params))
        result = reduction.check(protocol)
    else:
        result = reduction.check(learner=args.learner or "bayes-optimal")
    table = None
    if args.optimal is not None:
        from commlb.cli._params import parse_value
        from commlb.errors import InvalidParameterError
        from commlb.reductions import compare_optimal_values

        levels = [parse_value(text) for text in args.optimal.split(",") if text.strip()]
        if hasattr(reduction, "optimal_values"):
            table = reduction.optimal_values(levels)
        elif reduction.solution == "learner":
            table = compare_optimal_values(reduction, levels)
        else:
            raise InvalidParameterError(f"--optimal does not apply to {reduction.name}")
    if args.json:
        out = result.to_json()
        if table is not None:
            out["optimal_values"] = [{k: (str(v) if k.endswith("error") else v) for k, v in row.items()}
                                     for row in table]
        print(json.dumps(out))
    else:
        print(result)
        for key, value in result.details.items():
            print(f"  {key}: {value}")
        if table is not None and hasattr(reduction, "optimal_values"):
            print("optimal values: IC_Singletons(k)(ε) >= k·IC_GH(ε/2 + 1/(2k)) (certified brackets)")
            for row in table:
                print(f"  ε = {row['error']}: τ = {row['translated_error']}, Singletons "
                      f"[{row['singletons'][0]:.6g}, {row['singletons'][1]:.6g}], k·GH "
                      f"[{row['k_times_gap_hamming'][0]:.6g}, {row['k_times_gap_hamming'][1]:.6g}]"
                      f", consistent {row['consistent']}")
        elif table is not None:
            print("optimal values: F(ε) >= IC_C(τ(ε)) (brackets in bits; slack = F.lower − IC.upper)")
            for row in table:
                print(f"  ε = {row['excess_error']}: τ = {row['translated_error']}, frontier "
                      f"[{row['frontier'][0]:.6g}, {row['frontier'][1]:.6g}], source "
                      f"[{row['source'][0]:.6g}, {row['source'][1]:.6g}], slack {row['slack']:.3g}, "
                      f"certified {row['frontier_certified'] and row['source_certified']}")
    if not result.holds:
        print(f"commlb check: inequality fails: {'; '.join(result.failing)}", file=sys.stderr)
        return 1
    return 0

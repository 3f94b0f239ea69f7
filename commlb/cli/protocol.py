"""``commlb protocol``: evaluate a standard one-way protocol on a catalogue problem.

Prints the distributional and worst-case error, the communication cost
``ceil(log2 |M|)`` and the external ``I(X; M | R)`` and internal
``I(X; M | Y, R)`` information costs, each exact (expression) and as a float.
"""

from __future__ import annotations

import argparse
import json
from fractions import Fraction

from commlb.cli._params import add_param_option, parse_params
from commlb.problems import get
from commlb.protocols import (
    communication_cost,
    distributional_error,
    external_information_cost,
    get_protocol,
    internal_information_cost,
    protocol_names,
    worst_case_error,
)

__all__ = ["register", "run", "evaluate"]


def register(subparsers) -> None:
    """Add the ``protocol`` sub-command."""
    parser = subparsers.add_parser(
        "protocol", help="evaluate a standard protocol on a problem (exactly)",
        description="Evaluate a standard one-way protocol on a catalogue problem: error, "
        "communication, external and internal information cost (bits).",
    )
    parser.add_argument("problem", help="catalogue name, see `commlb problems`")
    add_param_option(parser)
    parser.add_argument("--protocol", required=True, choices=protocol_names(),
                        help="the protocol to evaluate")
    parser.add_argument(
        "-q", "--protocol-param", dest="protocol_params", action="append", default=[],
        metavar="KEY=VALUE", help="a protocol parameter, e.g. -q eps=1/10 (repeatable)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def _number(value) -> dict[str, object]:
    """``{"exact": str or None, "float": ...}``; Exact values add sympy text and an interval."""
    exact = isinstance(value, Fraction) or hasattr(value, "expr")
    out: dict[str, object] = {"exact": str(value) if exact else None, "float": float(value)}
    if hasattr(value, "expr"):
        box = value.interval()
        out["sympy"] = str(value.expr)
        out["interval"] = [box.lo, box.hi]
    return out


def evaluate(problem_name: str, params: dict, protocol_name: str,
             protocol_params: dict) -> dict[str, object]:
    """The JSON-able evaluation of a protocol on a problem (see the module docstring)."""
    problem = get(problem_name, **params)
    protocol = get_protocol(protocol_name, problem, **protocol_params)
    return {
        "problem": problem.name,
        "params": problem.params_json(),
        "protocol": protocol_name,
        "protocol_params": {k: str(v) for k, v in protocol_params.items()},
        "exact": problem.exact,
        "error": _number(distributional_error(protocol, problem)),
        "worst_case_error": _number(worst_case_error(protocol, problem)),
        "optimal_error": _number(problem.optimal_error()),
        "communication_bits": communication_cost(protocol, problem),
        "external_information_bits": _number(external_information_cost(protocol, problem)),
        "internal_information_bits": _number(internal_information_cost(protocol, problem)),
    }


def run(args: argparse.Namespace) -> int:
    """Evaluate and print; returns 0."""
    result = evaluate(args.problem, parse_params(args.params), args.protocol,
                      parse_params(args.protocol_params))
    if args.json:
        print(json.dumps(result))
        return 0
    params = ", ".join(f"{k}={v}" for k, v in result["params"].items())
    print(f"{result['problem']}({params}) with {result['protocol']}")
    for key, label in (("error", "error (distributional)"),
                       ("worst_case_error", "error (worst case)"),
                       ("optimal_error", "optimal error (Bob knows x)")):
        value = result[key]
        print(f"  {label:34s} {value['exact'] or ''} = {value['float']:.6g}")
    print(f"  {'communication ceil(log2 |M|)':34s} {result['communication_bits']} bits")
    for key, label in (("external_information_bits", "external I(X; M | R)"),
                       ("internal_information_bits", "internal I(X; M | Y, R)")):
        value = result[key]
        print(f"  {label:34s} {value['exact'] or ''} = {value['float']:.6g} bits")
    return 0

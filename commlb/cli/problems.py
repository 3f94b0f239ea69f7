"""``commlb problems``: list the catalogue of one-way problems and their parameters."""

from __future__ import annotations

import argparse
import json

from commlb.problems import catalogue, get

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``problems`` sub-command."""
    parser = subparsers.add_parser(
        "problems", help="list the catalogue of one-way problems",
        description="List every catalogue problem: name, parameters, one line on its law.",
    )
    parser.add_argument("--json", action="store_true",
                        help="print one JSON object {'problems': [...]} instead of text")
    parser.add_argument("--sizes", action="store_true",
                        help="also build each problem at its example parameters and show "
                        "|X|, |Y|, |O| and the number of decision functions")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the catalogue; returns 0."""
    entries = []
    for entry in catalogue():
        row = entry.as_json()
        if args.sizes:
            row["example_sizes"] = get(entry.name, **entry.example).sizes()
        entries.append(row)
    if args.json:
        print(json.dumps({"problems": entries}))
        return 0
    for row in entries:
        params = ", ".join(row["parameters"])
        print(f"{row['name']}({params})")
        print(f"    {row['description']}")
        for key, doc in row["parameters"].items():
            print(f"    {key}: {doc}")
        example = " ".join(f"-p {k}={v}" for k, v in row["example"].items())
        print(f"    example: commlb protocol {row['name']} {example} --protocol send-everything")
        if "example_sizes" in row:
            print("    sizes at the example: " + ", ".join(
                f"{k}={v}" for k, v in row["example_sizes"].items()))
    return 0

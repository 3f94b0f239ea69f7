"""``commlb verify``: check an information-complexity certificate independently."""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["register", "run"]


def register(subparsers) -> None:
    """Add the ``verify`` sub-command."""
    parser = subparsers.add_parser(
        "verify", help="check a certificate (exit 0 valid, 1 invalid, 2 unreadable)",
        description="Rebuild the program from the certificate's statement, verify both "
        "witnesses with their plug-ins in exact / outward-rounded arithmetic, and the claim "
        "by the kernel's one rule.",
    )
    parser.add_argument("file", help="certificate file (JSON) written by `commlb ic`")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """0 if the certificate is valid, 1 if invalid (with the reason), 2 if unreadable."""
    from commlb.certificates import check, load
    from commlb.errors import CertificateError

    try:
        result = check(load(args.file))
    except CertificateError as error:
        print(f"commlb verify: {error}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"valid": result.valid, "reason": result.reason,
                          "lower": None if result.lower is None else result.lower.lo,
                          "upper": None if result.upper is None else result.upper.hi,
                          "trusted": list(result.trusted), "grounds": list(result.grounds)}))
    else:
        print(("valid: " if result.valid else "invalid: ") + result.reason)
        if result.valid:
            print(f"checked by {', '.join(result.trusted)}; rests on {', '.join(result.grounds)} "
                  "(the statements of proofs/INDEX.md)")
    return 0 if result.valid else 1

"""The ``commlb`` command.

Each command family lives in its own module of this package and defines
``register(subparsers)``, which adds its sub-commands; modules are discovered
here, so adding a command never edits this file.  A handler returns the exit
code.  Bad input surfaces as one line on stderr (exit 2), never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from commlb import __version__
from commlb.errors import CommlbError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every discovered sub-command."""
    parser = argparse.ArgumentParser(
        prog="commlb",
        description="Certified one-way information complexity and memorization of learners.",
    )
    parser.add_argument("--version", action="version", version=f"commlb {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module.name.startswith("_"):
            continue
        register = getattr(importlib.import_module(f"{__name__}.{module.name}"), "register", None)
        if register is not None:
            register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except CommlbError as error:
        print(f"commlb {args.command}: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"commlb {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (e.g. `| head`): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

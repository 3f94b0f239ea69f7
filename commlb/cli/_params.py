"""Parsing of ``-p key=value`` parameters shared by the sub-commands."""

from __future__ import annotations

from fractions import Fraction

from commlb.errors import InvalidParameterError


def parse_value(text: str) -> int | Fraction | float | str | bool:
    """``3`` -> int, ``1/4`` -> Fraction, ``0.1`` -> Fraction (exact decimal), else str.

    Decimals are read exactly (``0.1`` is ``1/10``): commlb computes exactly
    whenever its input is rational.
    """
    lowered = text.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return text


def parse_params(pairs: list[str] | None) -> dict[str, object]:
    """Turn ``["d=3", "delta=1/4"]`` into ``{"d": 3, "delta": Fraction(1, 4)}``."""
    params: dict[str, object] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InvalidParameterError(
                f"parameter {pair!r} is not of the form key=value (e.g. -p d=3)"
            )
        params[key.strip()] = parse_value(value)
    return params


def add_param_option(parser) -> None:
    """Add the repeatable ``-p key=value`` option to a sub-command parser."""
    parser.add_argument(
        "-p", "--param", dest="params", action="append", default=[], metavar="KEY=VALUE",
        help="a parameter of the problem or task, e.g. -p d=3 -p delta=1/4 (repeatable)",
    )


def add_progress_option(parser) -> None:
    """Add ``--progress`` / ``--no-progress`` (default: a bar when stderr is a terminal)."""
    import argparse

    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar (default: when stderr is a terminal and "
                             "--json is not given)")


def progress_flag(args) -> bool:
    """Whether to show progress: the option when given, else a terminal without ``--json``."""
    import sys

    if getattr(args, "progress", None) is not None:
        return bool(args.progress)
    return sys.stderr.isatty() and not getattr(args, "json", False)

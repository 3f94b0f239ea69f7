"""Validation at the boundary of :class:`~commlb.info.distribution.Distribution`.

Each check raises :class:`~commlb.errors.InvalidDistributionError` with a
message that says what is wrong and where.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from fractions import Fraction
from numbers import Integral, Real
from typing import Any

import numpy as np

from commlb.errors import InvalidDistributionError


def sorted_alphabet(values: Iterable[Any]) -> tuple:
    distinct = list(dict.fromkeys(values))
    try:
        return tuple(sorted(distinct))
    except TypeError:
        return tuple(distinct)


def check_names(names: Sequence[str]) -> tuple[str, ...]:
    if isinstance(names, str):
        names = (names,)
    names = tuple(names)
    if not names:
        raise InvalidDistributionError("a law needs at least one variable name")
    for name in names:
        if not isinstance(name, str) or not name:
            raise InvalidDistributionError(f"variable names must be non-empty strings, got {name!r}")
    if len(set(names)) != len(names):
        raise InvalidDistributionError(f"variable names must be distinct, got {names}")
    return names


def checked_mass(value: Any, where: str) -> Fraction | float:
    if isinstance(value, (bool, np.bool_)):
        raise InvalidDistributionError(f"probability of {where} is a boolean ({value}), not a number")
    if isinstance(value, (Fraction, Integral)):
        f = Fraction(int(value)) if isinstance(value, Integral) else value
        if f < 0:
            raise InvalidDistributionError(f"probability of {where} is negative ({f})")
        return f
    if isinstance(value, Real):
        x = float(value)
        if math.isnan(x) or math.isinf(x):
            raise InvalidDistributionError(f"probability of {where} is {x}; it must be finite")
        if x < 0:
            raise InvalidDistributionError(f"probability of {where} is negative ({x})")
        return x
    raise InvalidDistributionError(
        f"probability of {where} is {value!r} of type {type(value).__name__}; "
        "use an int, a fractions.Fraction (exact) or a float"
    )

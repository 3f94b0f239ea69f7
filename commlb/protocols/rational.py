"""Exact arithmetic on probability tables as integers over one common denominator.

Sums of products of Fractions are slow; the same sums of integer numerators
(int64 when every partial sum provably fits, Python ints otherwise) are fast and
exact.  ``integer_form`` turns a table of rationals into ``(numerators, scale)``;
``entropy_of_numerators`` gives ``Σ -p log2 p`` for ``p = n / scale`` exactly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from fractions import Fraction

import numpy as np

__all__ = ["integer_form", "fits", "as_object", "entropy_of_numerators"]

_INT64_SAFE = 2**62


def fits(bound: int) -> bool:
    """True when non-negative sums bounded by ``bound`` fit in int64."""
    return bound < _INT64_SAFE


def as_object(*arrays: np.ndarray) -> tuple[np.ndarray, ...]:
    """The arrays as object arrays of Python ints (no overflow)."""
    return tuple(np.asarray(a).astype(object) for a in arrays)


def integer_form(values: np.ndarray) -> tuple[np.ndarray, int]:
    """``(numerators, scale)`` with ``values = numerators / scale`` for rationals in [0, 1].

    The numerators are int64 when ``scale < 2^62``, else Python ints (object).

    Examples
    --------
    >>> from fractions import Fraction
    >>> n, s = integer_form(np.array([Fraction(1, 2), Fraction(1, 3), 0], dtype=object))
    >>> n.tolist(), s
    ([3, 2, 0], 6)
    """
    array = np.asarray(values, dtype=object)
    flat = [Fraction(v) for v in array.flat]
    scale = math.lcm(*{v.denominator for v in flat}) if flat else 1
    numerators = [v.numerator * (scale // v.denominator) for v in flat]
    dtype = np.int64 if fits(scale) and all(abs(n) < _INT64_SAFE for n in numerators) else object
    out = np.array(numerators, dtype=dtype).reshape(array.shape)
    return out, scale


def entropy_of_numerators(numerators: np.ndarray, scale: int, exact: bool):
    """``Σ -p log2 p`` over the entries ``p = n / scale`` (exact -> ``Exact``; else float).

    Equal masses are grouped first, so tables with few distinct values are fast.

    Examples
    --------
    >>> float(entropy_of_numerators(np.array([1, 1, 2]), 4, True))
    1.5
    """
    if not exact:
        values = np.asarray(numerators, dtype=np.float64).ravel() / float(scale)
        values = values[values > 0]
        return float(-(values * np.log2(values)).sum()) if values.size else 0.0
    from commlb.info import Exact, exact_sum_plogp

    counts: dict[int, int] = defaultdict(int)
    for n in np.asarray(numerators).ravel().tolist():
        if n:
            counts[int(n)] += 1
    by_count: dict[int, list[Fraction]] = defaultdict(list)
    for n, c in counts.items():
        by_count[c].append(Fraction(n, scale))
    total = Exact(0)
    for c, masses in by_count.items():
        total = total + exact_sum_plogp(masses) * c
    return total

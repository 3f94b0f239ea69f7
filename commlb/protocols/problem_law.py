"""Reading a one-way problem's law and loss: alphabets, the law array, the 0-1 loss.

The boundary of :class:`commlb.protocols.problem.OneWayProblem`: every check of the
input happens here, with a message that says what is wrong and what to change.

References
----------
docs/architecture.md, "Numbers" (bad input is refused at the boundary).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from commlb.errors import InvalidDistributionError, InvalidParameterError

__all__ = ["alphabet", "is_exact_number", "law_array", "loss_matrix"]

_FLOAT_TOLERANCE = 1e-9


def is_exact_number(value: object) -> bool:
    """True when ``value`` is an int or a Fraction (not a bool, not a float).

    Examples
    --------
    >>> is_exact_number(Fraction(1, 3)), is_exact_number(0.5), is_exact_number(True)
    (True, False, False)
    """
    return isinstance(value, (int, Fraction)) and not isinstance(value, bool)


def alphabet(symbols: Sequence[Hashable], what: str) -> tuple:
    """``symbols`` as a tuple, refused when empty or repeating a symbol (``what`` names it)."""
    symbols = tuple(symbols)
    if not symbols:
        raise InvalidParameterError(f"{what} is empty; give at least one symbol")
    if len(set(symbols)) != len(symbols):
        raise InvalidParameterError(f"{what} repeats a symbol; give each symbol once")
    return symbols


def loss_matrix(target_alphabet: tuple, output_alphabet: tuple,
                relation: Mapping[Hashable, frozenset] | None) -> np.ndarray:
    """The 0-1 loss ``loss[t, o]``: 0 when ``o`` is acceptable for ``t``, else 1.

    Acceptable means ``o = t`` (``relation`` None) or ``o in relation[t]`` (promise
    problems: targets absent from ``relation`` accept nothing).

    Raises
    ------
    InvalidParameterError
        ``relation`` names a target or an output outside the alphabets.

    Examples
    --------
    >>> loss_matrix((0, 1), (0, 1), None).tolist()
    [[0, 1], [1, 0]]
    >>> loss_matrix(("t",), (0, 1), {"t": frozenset({0, 1})}).tolist()
    [[0, 0]]
    """
    out_index = {o: k for k, o in enumerate(output_alphabet)}
    loss = np.ones((len(target_alphabet), len(output_alphabet)), dtype=np.int64)
    if relation is None:
        for a, t in enumerate(target_alphabet):
            if t in out_index:
                loss[a, out_index[t]] = 0
        return loss
    unknown = set(relation) - set(target_alphabet)
    if unknown:
        raise InvalidParameterError(
            f"relation names targets {sorted(map(repr, unknown))} outside the target "
            "alphabet; give acceptable outputs only for targets in target_alphabet"
        )
    for a, t in enumerate(target_alphabet):
        for o in relation.get(t, ()):
            if o not in out_index:
                raise InvalidParameterError(
                    f"relation allows output {o!r} for target {t!r}, but it is not in the "
                    "output alphabet; add it to output_alphabet or drop it"
                )
            loss[a, out_index[o]] = 0
    return loss


def law_array(joint: Mapping[tuple, Any] | np.ndarray,
              alphabets: tuple[tuple, tuple, tuple]) -> tuple[np.ndarray, bool]:
    """The law μ(x, y, t) as an array over ``alphabets`` and whether it is exact.

    ``joint`` maps ``(x, y, t)`` triples to probabilities (repeated keys add up) or is an
    array of shape ``(|X|, |Y|, |T|)``.  All entries int or Fraction: an object array of
    Fractions (exact); otherwise float64.  The law is checked: no negative or non-finite
    entry, total 1 (exactly, or within 1e-9 for floats).

    Raises
    ------
    InvalidDistributionError
        Outcomes outside the alphabets, a wrong shape, non-numbers, or not a law.

    Examples
    --------
    >>> array, exact = law_array({(0, 0, 0): Fraction(1, 2), (1, 0, 1): Fraction(1, 2)},
    ...                          ((0, 1), (0,), (0, 1)))
    >>> exact, array[1, 0, 1]
    (True, Fraction(1, 2))
    """
    shape = tuple(len(a) for a in alphabets)
    if isinstance(joint, Mapping):
        values = list(joint.values())
        exact = all(is_exact_number(v) for v in values)
        array = np.zeros(shape, dtype=object) if exact else np.zeros(shape)
        if exact:
            array[...] = Fraction(0)
        index = [
            {v: k for k, v in enumerate(a)}
            for a in alphabets
        ]
        for key, p in joint.items():
            try:
                i, j, t = (index[n][key[n]] for n in range(3))
            except (KeyError, IndexError, TypeError):
                raise InvalidDistributionError(
                    f"outcome {key!r} is not an (x, y, t) triple over the problem's "
                    "alphabets; fix the outcome or the alphabets"
                ) from None
            array[i, j, t] += Fraction(p) if exact else float(p)
    else:
        array = np.asarray(joint)
        if array.shape != shape:
            raise InvalidDistributionError(
                f"law array has shape {array.shape}, expected (|X|, |Y|, |T|) = {shape}"
            )
        exact = array.dtype == object and all(is_exact_number(v) for v in array.flat)
        if exact:
            array = np.vectorize(Fraction, otypes=[object])(array) if array.size else array
        else:
            try:
                array = array.astype(np.float64)
            except (TypeError, ValueError):
                raise InvalidDistributionError(
                    "law array holds entries that are not numbers; give ints, Fractions "
                    "or floats"
                ) from None
    _check_law(array, exact)
    return array, exact


def _check_law(array: np.ndarray, exact: bool) -> None:
    if exact:
        if any(v < 0 for v in array.flat):
            raise InvalidDistributionError("the law has a negative probability; fix the law")
        total = sum(array.flat, Fraction(0))
        if total != 1:
            raise InvalidDistributionError(
                f"the law sums to {total}, not 1; normalise the probabilities"
            )
        return
    if not np.all(np.isfinite(array)):
        raise InvalidDistributionError("the law has a NaN or infinite probability; fix the law")
    if np.any(array < 0):
        raise InvalidDistributionError("the law has a negative probability; fix the law")
    total = float(array.sum())
    if not math.isclose(total, 1.0, abs_tol=_FLOAT_TOLERANCE):
        raise InvalidDistributionError(
            f"the law sums to {total!r}, not 1; normalise the probabilities"
        )

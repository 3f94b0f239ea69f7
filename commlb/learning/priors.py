"""Frequency priors: the weights ``w_1..w_N`` of the N subpopulations of a mixture.

Brown et al., STOC 2021: a data distribution ``P`` is a mixture of N subpopulations
with weights ``w`` and components drawn i.i.d. from a component law.  The
paper's main case is uniform weights with ``N = n``; Feldman's long-tail model
asks for heavy-tailed weights [ours].  Here the weights are a fixed vector
(they are part of the task, not random): ``uniform``, ``zipf(s)``
(``w_j ∝ j^{-s}``, ``j = 1..N``) or explicit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral, Rational, Real

from commlb.errors import InvalidParameterError

__all__ = ["Zipf", "prior_weights"]

Number = Fraction | float


@dataclass(frozen=True)
class Zipf:
    """The Zipf frequency prior ``w_j = j^{-s} / Σ_{k<=N} k^{-s}`` (``j = 1..N``).

    Parameters
    ----------
    s : int, Fraction or float
        The exponent, ``s >= 0`` (``s = 0`` is uniform).  Integer ``s`` gives
        rational (exact) weights; other exponents give float weights.

    Examples
    --------
    >>> Zipf(1).weights(3)
    (Fraction(6, 11), Fraction(3, 11), Fraction(2, 11))

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 2 (long-tailed mixtures).
    """

    s: Number

    def weights(self, N: int) -> tuple[Number, ...]:
        """The N weights, exact when ``s`` is an integer."""
        s = self.s
        if isinstance(s, Rational) and Fraction(s).denominator == 1:
            raw = [Fraction(1, (j + 1) ** int(s)) for j in range(N)]
            total = sum(raw)
            return tuple(r / total for r in raw)
        raw_f = [(j + 1) ** (-float(s)) for j in range(N)]
        total_f = math.fsum(raw_f)
        return tuple(r / total_f for r in raw_f)


def _exact_or_float(value: object, what: str) -> Number:
    if isinstance(value, bool):
        raise InvalidParameterError(f"{what} must be a number, not a boolean")
    if isinstance(value, Integral):
        return Fraction(int(value))
    if isinstance(value, Rational):
        return Fraction(value)
    if isinstance(value, Real) and math.isfinite(float(value)):
        return float(value)
    raise InvalidParameterError(f"{what} must be a finite number, got {value!r}")


def prior_weights(prior: object, N: int) -> tuple[Number, ...]:
    """The subpopulation weights ``w_1..w_N`` named by ``prior``.

    Parameters
    ----------
    prior : str, Zipf or sequence of numbers
        ``"uniform"``, ``"zipf:S"`` (e.g. ``"zipf:1.5"``), a :class:`Zipf`, or
        N explicit non-negative weights summing to one.
    N : int
        The number of subpopulations.

    Returns
    -------
    tuple
        Fractions when every weight is rational, else floats.

    Raises
    ------
    InvalidParameterError
        Unknown prior, wrong length, negative weights or a sum other than one.

    Examples
    --------
    >>> prior_weights("uniform", 2)
    (Fraction(1, 2), Fraction(1, 2))
    >>> prior_weights("zipf:2", 2)
    (Fraction(4, 5), Fraction(1, 5))

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 2.
    """
    if not isinstance(N, Integral) or isinstance(N, bool) or N < 1:
        raise InvalidParameterError(f"the number of subpopulations N must be an integer >= 1, got {N!r}")
    if isinstance(prior, str):
        name, _, arg = prior.strip().lower().partition(":")
        if name == "uniform" and not arg:
            return tuple(Fraction(1, N) for _ in range(N))
        if name == "zipf" and arg:
            try:
                s = Fraction(arg)
            except (ValueError, ZeroDivisionError):
                raise InvalidParameterError(f"zipf exponent {arg!r} is not a number") from None
            prior = Zipf(int(s) if s.denominator == 1 else float(s))
        else:
            raise InvalidParameterError(
                f"unknown prior {prior!r}; use 'uniform', 'zipf:S' (e.g. 'zipf:1.5') or weights"
            )
    if isinstance(prior, Zipf):
        if float(prior.s) < 0:
            raise InvalidParameterError(f"the zipf exponent must be >= 0, got {prior.s}")
        return prior.weights(N)
    if isinstance(prior, Sequence):
        weights = [_exact_or_float(w, "a prior weight") for w in prior]
        if len(weights) != N:
            raise InvalidParameterError(f"the prior has {len(weights)} weights but N = {N}")
        if any(w < 0 for w in weights):
            raise InvalidParameterError(f"prior weights must be non-negative, got {list(prior)}")
        if all(isinstance(w, Fraction) for w in weights):
            if sum(weights) != 1:
                raise InvalidParameterError(f"prior weights must sum to 1, they sum to {sum(weights)}")
            return tuple(weights)
        total = math.fsum(float(w) for w in weights)
        if abs(total - 1) > 1e-9:
            raise InvalidParameterError(f"prior weights must sum to 1, they sum to {total}")
        return tuple(float(w) for w in weights)
    raise InvalidParameterError(
        f"prior {prior!r} is not understood; use 'uniform', 'zipf:S', Zipf(s) or N weights"
    )

"""Pricing for Gap-Hamming(d, ρ) with uniform weights: symmetry and meet in the middle.

With ``ρ = r/q``, ``P_ρ(y | x)·(2q)^d = (q + r)^a (q - r)^{d - a}`` (``a`` the number of
agreeing coordinates), and the decision distortion is separable with

    L = 2 (2q)^d,   C_int[x, y, 0] = (q + r)^a (q - r)^{d - a},   C_int[x, y, 1] = q^d

(output 0, "independent", errs on the correlated mass; output 1 on the independent
mass ``2^{-d}/2``).  The law is invariant under XOR shifts and coordinate
permutations acting on both inputs.  The subgroup fixing the first coordinate
(``(d-1)!·2^{d-1}`` elements) maps Bob's first half ``{y_1 = -1}`` to itself, so
with uniform weights the first half's partial functions can be restricted to
orbit representatives (``proofs/column_generation/gap_hamming.md``).

At ``d = 6`` the first half has ``2^32`` partial functions;
:mod:`commlb.ic.pricing.hamming_bounds` gives admissible bounds instead.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import numpy as np

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.ic.pricing.separable import SeparableOracle, partial_functions

__all__ = ["gap_hamming_costs", "GapHammingOracle", "half_orbit_representatives",
           "subcube_orbit_representatives", "incumbents",
           "gap_hamming_optimal_error", "round_up", "MAX_EXACT_D"]

MAX_EXACT_D = 5


def _check(d: object, rho: object) -> tuple[int, Fraction]:
    if not isinstance(d, int) or isinstance(d, bool) or not 1 <= d <= 6:
        raise InvalidParameterError(f"gap-hamming pricing needs an integer d in 1..6, got {d!r}")
    try:
        rho = Fraction(str(rho))
    except (ValueError, ZeroDivisionError):
        raise InvalidParameterError(f"rho {rho!r} is not a rational number; give e.g. 1/2") from None
    if not 0 <= rho <= 1:
        raise InvalidParameterError(f"rho = {rho} must lie in [0, 1]")
    return d, rho


def gap_hamming_costs(d: int, rho) -> tuple[np.ndarray, int]:
    """``(C_int, L)``: the integer separable cost of Gap-Hamming(d, ρ), shape ``(2^d, 2^d, 2)``.

    Strings are indexed as in :func:`commlb.problems.gap_hamming` (``-1 -> 0``,
    ``+1 -> 1``, first coordinate most significant).

    Examples
    --------
    >>> cost, scale = gap_hamming_costs(2, "1/2")
    >>> scale, cost[0, :, 0].tolist(), cost[0, 0, 1]
    (32, [9, 3, 3, 1], np.int64(4))

    References
    ----------
    Brown et al., STOC 2021, sec. 4; ``proofs/column_generation/gap_hamming.md``.
    """
    d, rho = _check(d, rho)
    r, q = rho.numerator, rho.denominator
    n = 2**d
    idx = np.arange(n)
    agree = d - np.array([bin(int(v)).count("1") for v in range(n)])[idx[:, None] ^ idx[None, :]]
    cost = np.empty((n, n, 2), dtype=np.int64)
    cost[:, :, 0] = (q + r) ** agree * (q - r) ** (d - agree)
    cost[:, :, 1] = q**d
    return cost, 2 * (2 * q) ** d


def _signed_permutations(m: int):
    """Every map ``y -> π(y) ⊕ a`` of ``{0,1}^m`` as an index permutation."""
    idx = np.arange(2**m)
    bits = (idx[:, None] >> np.arange(m - 1, -1, -1)[None, :]) & 1
    weights = 2 ** np.arange(m - 1, -1, -1)
    for perm in itertools.permutations(range(m)):
        moved = bits[:, list(perm)] @ weights
        for a in range(2**m):
            yield moved ^ a


def subcube_orbit_representatives(m: int) -> np.ndarray:
    """Rows (in :func:`partial_functions` order) of one function ``{0,1}^m -> {0,1}`` per orbit.

    The group: permutations and XOR shifts of the ``m`` coordinates (acting on both
    inputs, so every partial function on a sub-cube that fixes the other coordinates).

    Examples
    --------
    >>> len(subcube_orbit_representatives(2))  # Boolean functions of 2 bits up to symmetry
    6
    """
    if m > 4:
        raise InstanceTooLargeError(f"a sub-cube of dimension {m} has 2^{2**m} partial functions; "
                                    "orbit representatives are listed for m <= 4")
    table = partial_functions(2, 2**m).astype(np.int64)
    powers = 2 ** np.arange(2**m - 1, -1, -1, dtype=np.int64)
    canon = np.arange(table.shape[0], dtype=np.int64)
    for moved in _signed_permutations(m):
        # (γg)(y) = g(γ^{-1} y): entry moved[y] of the image is g(y)
        image = np.empty_like(table)
        image[:, moved] = table
        np.minimum(canon, image @ powers, out=canon)
    return np.unique(canon)


def half_orbit_representatives(d: int) -> np.ndarray:
    """One partial function per orbit on the half cube ``{y_1 = -1}`` (coordinates ``2..d``).

    Examples
    --------
    >>> len(half_orbit_representatives(3))
    6
    """
    if d - 1 > 4:
        raise InstanceTooLargeError(f"the half cube of d = {d} has 2^{2**(d - 1)} partial functions; "
                                    "orbit representatives are listed for d <= 5")
    return subcube_orbit_representatives(d - 1)


class GapHammingOracle(SeparableOracle):
    """Exact pricing for Gap-Hamming(d, ρ), ``d <= 5``, orbit-reduced for uniform weights.

    Parameters
    ----------
    d : int
        Dimension, ``1 <= d <= 5``.
    rho : number
        Correlation (rational).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.problems import get
    >>> from commlb.ic.pricing import EnumerationOracle
    >>> oracle = GapHammingOracle(3, "1/2")
    >>> w = oracle.p_x_exact
    >>> plain = EnumerationOracle(get("gap-hamming", d=3, rho="1/2"))
    >>> oracle.price_exact(w, Fraction(9, 10)) == plain.price_exact(w, Fraction(9, 10))
    True

    References
    ----------
    ``proofs/column_generation/gap_hamming.md``; ``proofs/column_generation/symmetry.md``.
    """

    def __init__(self, d: int, rho) -> None:
        d, rho = _check(d, rho)
        if d > MAX_EXACT_D:
            raise InstanceTooLargeError(f"exact gap-hamming pricing reaches d = {MAX_EXACT_D}; "
                                        "use commlb.ic.pricing.hamming_bounds for d = 6")
        cost, scale = gap_hamming_costs(d, rho)
        n = 2**d
        super().__init__(cost, scale, [Fraction(1, n)] * n, name="gap-hamming-orbits")
        self.d, self.rho = d, rho
        self.representatives = half_orbit_representatives(d) if d >= 2 else None

    def describe(self) -> dict:
        """JSON description of the oracle (for certificates)."""
        return {"oracle": self.name, "d": self.d, "rho": str(self.rho)}

    def _screen(self, w, beta, top, margin):
        uniform = np.all(np.asarray(w) == np.asarray(w).flat[0])
        self.rows = self.representatives if uniform else None
        try:
            return super()._screen(w, beta, top, margin)
        finally:
            self.rows = None


def _quarter_representatives(d: int) -> np.ndarray | None:
    """Orbit representatives of the quarter ``{y_1 = y_2 = -1}`` under coordinates ``3..d``."""
    return subcube_orbit_representatives(d - 2) if d >= 3 else None


def incumbents(d: int) -> list[np.ndarray]:
    """Structured columns: ``g(y) = 1`` iff at most ``r`` of the first ``k`` coordinates of ``y``
    are ``+1`` (Hamming balls on ``k`` coordinates; ``r = 0``: subcubes, ``k = 1``: dictators).

    Examples
    --------
    >>> [g.tolist() for g in incumbents(1)]
    [[1, 0], [1, 1]]
    """
    n = 2**d
    out = []
    for k in range(1, d + 1):
        weight = np.array([bin(v >> (d - k)).count("1") for v in range(n)])
        for radius in range(k + 1):
            out.append((weight <= radius).astype(np.int8))
    return out


def gap_hamming_optimal_error(d: int, rho) -> Fraction:
    """``1/2 - (1/2) Σ_y max(0, P_ρ(y | x) - 2^{-d})``: Bob's error knowing ``x`` (exact).

    Examples
    --------
    >>> gap_hamming_optimal_error(1, "1/2")
    Fraction(3, 8)
    """
    cost, L = gap_hamming_costs(d, rho)
    # L·P_ρ(y|x)/2 = C[x, y, 0] and L·2^{-d}/2 = C[x, y, 1]
    excess = np.maximum(cost[0, :, 0] - cost[0, :, 1], 0).sum()
    return Fraction(1, 2) - Fraction(int(excess), L)


def round_up(value: Fraction, bits: int = 64) -> Fraction:
    """The least ``k / 2^e >= value`` with ``k < 2^bits``: a short claim, valid for any larger ``M``.

    Examples
    --------
    >>> round_up(Fraction(1, 3), 4)
    Fraction(3, 8)
    """
    value = Fraction(value)
    e = bits - (value.numerator.bit_length() - value.denominator.bit_length()) - 1
    scaled = value * 2**e if e >= 0 else value / 2**-e
    k = -(-scaled.numerator // scaled.denominator)
    return Fraction(k, 2**e) if e >= 0 else Fraction(k * 2**-e)

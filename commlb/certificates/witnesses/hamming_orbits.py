"""Gap-Hamming's closed form and its orbit pricing.

Gap-Hamming(d, ρ = r/q) is checked from its closed form (``L = 2(2q)^d``,
``C[x, y, 0] = (q+r)^a (q-r)^{d-a}``, ``C[x, y, 1] = q^d``, ``a`` agreements), with the
first part of Bob's alphabet restricted to orbit representatives under the coordinate
maps that fix the cut (the weights are invariant), by the meet in the middle of
:func:`commlb.certificates.witnesses.meet_in_middle.separable_max`.  The Hölder bounds
(:mod:`~commlb.certificates.witnesses.holder`) and the orbit channels
(:mod:`~commlb.certificates.witnesses.orbit_channel`) use the same closed form.
Proofs: ``proofs/column_generation/gap_hamming.md`` (S7, S8 of ``proofs/INDEX.md``).
"""

from __future__ import annotations

import functools
import itertools
from fractions import Fraction

import numpy as np

from commlb.certificates import statements
from commlb.certificates.witnesses.meet_in_middle import separable_max
from commlb.errors import CertificateError

__all__ = ["gap_hamming_cost", "orbit_rows", "hamming_params", "orbit_pricing_max"]


def gap_hamming_cost(d: int, rho: Fraction) -> tuple[np.ndarray, int]:
    """``(C, L)`` of Gap-Hamming(d, ρ) from its closed form (strings ``-1 -> 0``, first bit high).

    Examples
    --------
    >>> cost, scale = gap_hamming_cost(1, Fraction(1, 2))
    >>> cost[0].tolist(), scale  # y = x: 3/8 if Bob says "independent", 2/8 if "correlated"
    ([[3, 2], [1, 2]], 8)
    """
    r, q = rho.numerator, rho.denominator
    n = 2**d
    if (q + r) ** d * n >= 2**62:  # every entry, and every sum over y, must fit int64
        raise CertificateError(f"Gap-Hamming(d = {d}, ρ = {rho}) has cost entries of "
                               f"{((q + r) ** d).bit_length()} bits; the checker's meet in the "
                               "middle needs sums below 2^62")
    power = [(q + r) ** a * (q - r) ** (d - a) for a in range(d + 1)]  # exact Python ints
    cost = np.zeros((n, n, 2), dtype=np.int64)
    for x in range(n):
        for y in range(n):
            cost[x, y, 0] = power[d - bin(x ^ y).count("1")]
    cost[:, :, 1] = q**d
    return cost, 2 * (2 * q) ** d


@functools.lru_cache(maxsize=8)
def orbit_rows(m: int) -> np.ndarray:
    """One Boolean function on ``{0,1}^m`` per orbit of ``y -> π(y) ⊕ a`` (lexicographic index).

    A truth table's index has bit ``size - 1 - y`` for the point ``y``; a point map moves
    those bits, computed byte by byte through 256-entry tables.

    Examples
    --------
    >>> orbit_rows(1).tolist()  # 0, y, 1 - y, 1 -> three orbits: 0, y, 1
    [0, 1, 3]
    """
    size = 2**m
    points = np.arange(size)
    index = np.arange(2**size, dtype=np.int64)
    smallest = index.copy()
    width = min(8, size)
    byte = np.arange(2**width, dtype=np.int64)
    for perm in itertools.permutations(range(m)):
        permuted = np.zeros(size, dtype=np.int64)
        for src, dst in enumerate(perm):
            permuted |= ((points >> (m - 1 - src)) & 1) << (m - 1 - dst)
        for shift in range(size):
            target = permuted ^ shift  # the image h has h(target[y]) = g(y)
            image = np.zeros_like(index)
            for first in range(0, size, width):
                table = np.zeros(2**width, dtype=np.int64)
                for j in range(width):
                    table |= ((byte >> (width - 1 - j)) & 1) << (size - 1 - target[first + j])
                image |= table[(index >> (size - first - width)) & (2**width - 1)]
            np.minimum(smallest, image, out=smallest)
    return np.unique(smallest)


def hamming_params(s: statements.Statement) -> tuple[int, Fraction]:
    """``(d, ρ)`` of a statement with Gap-Hamming's closed form, ``d <= 6`` and ``ρ < 1``."""
    if not s.family.hamming:
        raise CertificateError(f"Gap-Hamming witnesses are checked for Gap-Hamming, not {s.name}")
    d, rho = statements.hamming_form(s)
    if d > 6 or not rho < 1:
        raise CertificateError(f"Gap-Hamming witnesses are checked for d in 1..6 and ρ < 1, got "
                               f"d = {d}, ρ = {rho}")
    return d, rho


def orbit_pricing_max(s: statements.Statement, weights: list[Fraction],
                      beta: Fraction) -> tuple[Fraction, int]:
    """Exact ``max_g Σ_x w β^{D_int}`` for Gap-Hamming, ``d <= 5``, uniform weights; and ``L``.

    Examples
    --------
    >>> s = statements.statement("gap-hamming", {"d": 2, "rho": "1/2"})
    >>> orbit_pricing_max(s, [Fraction(1, 4)] * 4, Fraction(1))
    (Fraction(1, 1), 32)
    """
    d, rho = hamming_params(s)
    if d > 5 or len(set(weights)) != 1 or len(weights) != 2**d:
        raise CertificateError("orbit pricing is checked for d <= 5 and a constant λ only")
    cost, scale = gap_hamming_cost(d, rho)
    return separable_max(cost, weights, beta, 2 ** (d - 1), orbit_rows(d - 1)), scale

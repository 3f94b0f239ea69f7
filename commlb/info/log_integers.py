"""Logarithms of integers as exact combinations: the arithmetic behind :class:`Exact`.

``log2`` of a positive integer is split into a rational part (powers of two),
small primes (trial division below 1000) and unfactored large cofactors.  A
*coprime basis* (gcds only) refines large cofactors when two values must be
compared; proofs/exact_values/ proves why that decides equality.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache

__all__ = ["log2_terms_of_integers", "reduce_to_basis", "factored"]

_SMALL_PRIMES = tuple(p for p in range(3, 1000) if all(p % q for q in range(2, int(p**0.5) + 1)))


@lru_cache(maxsize=65536)
def _split_integer(n: int) -> tuple[int, tuple[tuple[int, int], ...]]:
    """``n = 2^k · Π b^e``: returns ``k`` and the odd factors ``(b, e)``.

    Primes below 1000 are divided out; a larger cofactor is returned unfactored.
    """
    if n <= 0:
        raise ValueError(f"log2 of a non-positive number ({n}) is not a real number")
    k = (n & -n).bit_length() - 1
    n >>= k
    factors: list[tuple[int, int]] = []
    for p in _SMALL_PRIMES:
        if n == 1 or p * p > n:
            break
        if n % p == 0:
            e = 0
            while n % p == 0:
                n //= p
                e += 1
            factors.append((p, e))
    if n > 1:
        factors.append((n, 1))
    return k, tuple(factors)


def log2_terms_of_integers(
    coefficients: dict[int, Fraction],
) -> tuple[Fraction, dict[int, Fraction]]:
    """Rewrite ``Σ c_n·log2(n)`` over positive integers ``n`` as ``r0 + Σ c_b·log2(b)``.

    The bases ``b`` are odd and > 1: small primes, or unfactored large cofactors.
    Integer coefficients give integer results (no Fraction arithmetic).
    """
    const = 0
    terms: dict[int, Fraction] = {}
    for n, c in coefficients.items():
        if not c or n == 1:
            continue
        k, factors = _split_integer(int(n))
        const += c * k
        for b, e in factors:
            terms[b] = terms.get(b, 0) + c * e
    return const, {b: c for b, c in terms.items() if c}


def _coprime_basis(numbers: Iterable[int]) -> list[int]:
    """A list of pairwise coprime integers > 1 that generates every input by products."""
    basis: list[int] = []
    todo = [n for n in numbers if n > 1]
    while todo:
        n = todo.pop()
        if n == 1:
            continue
        for i, b in enumerate(basis):
            g = math.gcd(n, b)
            if g > 1:
                basis.pop(i)
                todo.extend(x for x in (g, b // g, n // g) if x > 1)
                break
        else:
            basis.append(n)
    return basis


def reduce_to_basis(terms: dict[int, Fraction]) -> dict[int, Fraction]:
    """Express ``Σ c_b log2 b`` over a coprime basis; zero coefficients dropped.

    Keys below 1000 are primes (trial division); keys from 1000 to 10^6 are
    primes too (no factor below 1000), but a larger key may share prime
    factors with any other key >= 1000, so all of those are refined together.
    """
    if not any(b >= 1000 * 1000 for b in terms):
        return {b: c for b, c in terms.items() if c}
    large = [b for b in terms if b >= 1000]
    basis = _coprime_basis(large)
    out = {b: c for b, c in terms.items() if b < 1000 and c}
    for b in large:
        c = terms[b]
        rest = b
        for q in basis:
            e = 0
            while rest % q == 0:
                rest //= q
                e += 1
            if e:
                out[q] = out.get(q, Fraction(0)) + c * e
        if rest != 1:  # cannot happen for a coprime basis generated from the keys
            raise ArithmeticError(f"coprime basis does not generate {b}")
    return {b: c for b, c in out.items() if c}


def factored(terms: dict[int, Fraction]) -> dict[int, Fraction]:
    """Fully factored canonical form (slow for huge keys; a last resort and for hashing)."""
    import sympy

    full: dict[int, Fraction] = {}
    for b, c in terms.items():
        for p, e in sympy.factorint(b).items():
            full[p] = full.get(p, Fraction(0)) + c * e
    return {p: c for p, c in full.items() if c}

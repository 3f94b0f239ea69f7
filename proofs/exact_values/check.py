"""Exact's equality decisions agree with sympy's on identities and near misses."""

from __future__ import annotations

import random
from fractions import Fraction

import sympy

from commlb.info import Exact


def _random_rational(rng: random.Random) -> Fraction:
    return Fraction(rng.randint(1, 10**7), rng.randint(1, 10**7))


def check() -> list[str]:
    rng = random.Random(2021)
    steps = []
    for _ in range(25):
        a, b = _random_rational(rng), _random_rational(rng)
        lhs = Exact.log2(a * b)
        rhs = Exact.log2(a) + Exact.log2(b)
        assert lhs == rhs, (a, b)
        assert sympy.simplify(sympy.expand_log(lhs.expr - rhs.expr, force=True)) == 0
    steps.append("log2(ab) = log2 a + log2 b for 25 random rational pairs (Exact and sympy agree)")
    for _ in range(25):
        a = _random_rational(rng)
        near = a + Fraction(1, 10**12)
        assert Exact.log2(a) != Exact.log2(near)
        assert (Exact.log2(near) > Exact.log2(a)) is True
    steps.append("log2 is strictly increasing on 25 random pairs 10^-12 apart, decided exactly")
    p, q = 1_000_003, 1_000_033
    assert Exact.log2(p**3 * q) - 3 * Exact.log2(p) == Exact.log2(q)
    steps.append("coprime-basis reduction identifies log2(p^3 q) - 3 log2 p with log2 q (large primes)")
    return steps

"""The checker's own closed-form laws of the catalogue families (no solver code).

Each builder returns a :class:`Law`: Alice's, Bob's, the output and the target
alphabets (in the SAME orders as :mod:`commlb.problems`, so a decision function's
index means the same thing to the solver and to the checker), the joint law
``μ(x, y, t)`` as a dict of Fractions, and the loss (0-1, or a relation).
:mod:`commlb.certificates.statements` maps family names to these builders and
refuses sizes before any of them runs; nothing here reads a family name.

>>> law = index_law(2)
>>> law.alice, law.bob, law.outputs
([(0, 0), (0, 1), (1, 0), (1, 1)], [0, 1], (0, 1))
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

__all__ = ["Law", "cube", "correlated", "index_law", "augmented_index_law",
           "noisy_augmented_index_law", "gap_hamming_law", "gap_hamming_promise_law",
           "equality_law", "multi_sample_law", "singletons_law", "cluster_component",
           "next_symbol_component", "prefixes"]

BITS = (0, 1)
SIGNS = (-1, 1)


@dataclass
class Law:
    """Alphabets, the joint ``μ(x, y, t)`` (dict of Fractions) and the loss."""

    alice: list
    bob: list
    outputs: tuple
    targets: tuple
    joint: dict
    relation: dict | None = field(default=None)

    def loss(self, t, o) -> int:
        """0 if ``o`` is acceptable for target ``t``, else 1."""
        return int(o not in self.relation[t]) if self.relation is not None else int(o != t)


def cube(d: int, symbols: tuple = BITS) -> list[tuple]:
    """All strings of length ``d`` over ``symbols``, lexicographic.

    >>> cube(1, SIGNS)
    [(-1,), (1,)]
    """
    return list(itertools.product(symbols, repeat=d))


def prefixes(d: int) -> list[tuple]:
    """Bob's symbols of Augmented Index: ``(i, x_<i)`` by ``i``, then prefix.

    >>> prefixes(2)
    [(0, ()), (1, (0,)), (1, (1,))]
    """
    return [(i, p) for i in range(d) for p in cube(i)]


def correlated(x: tuple, y: tuple, rho: Fraction) -> Fraction:
    """``Π_j ((1+ρ)/2 if y_j = x_j else (1-ρ)/2)``.

    >>> correlated((1, -1), (1, 1), Fraction(1, 2))
    Fraction(3, 16)
    """
    agree = sum(a == b for a, b in zip(x, y, strict=True))
    return ((1 + rho) / 2) ** agree * ((1 - rho) / 2) ** (len(x) - agree)


def index_law(d: int) -> Law:
    """Index(d): ``μ(x, i, t) = 2^{-d}/d [t = x_i]``."""
    mass = Fraction(1, 2**d * d)
    return Law(cube(d), list(range(d)), BITS, BITS,
               {(x, i, x[i]): mass for x in cube(d) for i in range(d)})


def augmented_index_law(d: int) -> Law:
    """Augmented Index(d): ``μ(x, (i, p), t) = 2^{-d}/d [p = x_<i][t = x_i]``."""
    mass = Fraction(1, 2**d * d)
    return Law(cube(d), prefixes(d), BITS, BITS,
               {(x, (i, x[:i]), x[i]): mass for x in cube(d) for i in range(d)})


def noisy_augmented_index_law(d: int, delta: Fraction) -> Law:
    """Noisy Augmented Index(d, δ): Bob's copy differs bitwise w.p. ``q = δ - δ²/2``."""
    q = delta - delta * delta / 2
    flip = (1 - q, q)
    base = Fraction(1, 2**d * d)
    joint = {}
    for x in cube(d):
        for i in range(d):
            for z in cube(i + 1):
                mass = base
                for j in range(i + 1):
                    mass *= flip[z[j] != x[j]]
                joint[(x, (i, z[:i]), z[i])] = mass
    return Law(cube(d), prefixes(d), BITS, BITS, joint)


def gap_hamming_law(d: int, rho: Fraction) -> Law:
    """Gap-Hamming(d, ρ): ``μ(x, y, 1) = 2^{-d} P_ρ(y|x)/2``, ``μ(x, y, 0) = 4^{-d}/2``."""
    strings = cube(d, SIGNS)
    base = Fraction(1, 2 * 2**d)
    joint = {}
    for x in strings:
        for y in strings:
            joint[(x, y, 1)] = base * correlated(x, y, rho)
            joint[(x, y, 0)] = base / 2**d
    return Law(strings, strings, (0, 1), (0, 1), joint)


def gap_hamming_promise_law(d: int, g: int, uniform: bool) -> Law:
    """Sign of ``<x, y>`` when ``|<x, y>| >= g`` (relation loss off the promise)."""
    strings = cube(d, SIGNS)
    pairs = []
    for x in strings:
        for y in strings:
            inner = sum(a * b for a, b in zip(x, y, strict=True))
            target = (inner > 0) - (inner < 0) if abs(inner) >= g else 0
            if uniform or target != 0:
                pairs.append((x, y, target))
    mass = Fraction(1, len(pairs))
    return Law(strings, strings, SIGNS, (-1, 0, 1), {key: mass for key in pairs},
               {-1: {-1}, 0: {-1, 1}, 1: {1}})


def equality_law(d: int) -> Law:
    """Equality(d): y = x w.p. 1/2, else uniform; ``T = [x = y]``."""
    strings = cube(d)
    size = 2**d
    joint = {(x, y, int(x == y)): Fraction(1, 2 * size * size) + (Fraction(1, 2 * size) if x == y else 0)
             for x in strings for y in strings}
    return Law(strings, strings, BITS, BITS, joint)


def multi_sample_law(k: int, d: int, rho: Fraction, identify: bool) -> Law:
    """Multi-sample Gap-Hamming(k, d, ρ): decide (T in {0, 1}) or identify (T = J)."""
    strings = cube(d, SIGNS)
    alice = cube(k, strings)
    base = Fraction(1, len(alice))
    joint = {}
    for x in alice:
        for y in strings:
            likes = [correlated(xj, y, rho) for xj in x]
            if not identify:
                joint[(x, y, 1)] = base * sum(likes) / (2 * k)
                joint[(x, y, 0)] = base / (2 * len(strings))
            else:
                for j, like in enumerate(likes):
                    joint[(x, y, j)] = base * like / k
    outputs = tuple(range(k)) if identify else (0, 1)
    return Law(alice, strings, outputs, outputs, joint)


def cluster_component(k: int, d: int, rho: Fraction, labels: int | None):
    """Slots, Bob's alphabet, targets, prior and fresh law of the cluster component."""
    strings = cube(d, SIGNS)
    if labels is None:  # cluster j labelled j
        label_sets, targets = [(j,) for j in range(k)], tuple(range(k))
    else:
        label_sets, targets = [tuple(range(labels))] * k, tuple(range(labels))
    slots = [[(s, label) for s in strings for label in label_sets[j]] for j in range(k)]
    prior = Fraction(1, len(strings) * (1 if labels is None else labels))

    def fresh(a, y, t) -> Fraction:
        return correlated(a[0], y, rho) if a[1] == t else Fraction(0)

    return slots, strings, targets, (lambda a: prior), fresh


def next_symbol_component(k: int, d: int, delta: Fraction, whole: bool):
    """Slots, Bob's alphabet, targets, prior and fresh law of the next-symbol component."""
    q = delta - delta * delta / 2
    flip = (1 - q, q)
    alice = cube(d) if whole else [(z[:u], z[u]) for u in range(d) for z in cube(u + 1)]

    def prior(a) -> Fraction:
        return Fraction(1, 2**d) if whole else Fraction(1, d * 2 ** (len(a[0]) + 1))

    def fresh(a, y, t) -> Fraction:
        known = a if whole else a[0] + (a[1],)
        mass = Fraction(1, d)
        for j, bit in enumerate(y[1] + (t,)):
            mass *= flip[bit != known[j]] if j < len(known) else Fraction(1, 2)
        return mass

    return [alice] * k, prefixes(d), BITS, prior, fresh


def singletons_law(k: int, component) -> Law:
    """``μ(x, y, t) = Π_i P_A(a_i) (1/k) Σ_j P(y, t | a_j)`` for a component's parts."""
    slots, bob, targets, prior, fresh = component
    alice = list(itertools.product(*slots))
    priors = [{a: prior(a) for a in slot} for slot in slots]
    fresh_of = [{a: {(y, t): fresh(a, y, t) for y in bob for t in targets} for a in slot}
                for slot in slots]
    joint = {}
    for x in alice:
        weight = Fraction(1)
        for j, a in enumerate(x):
            weight *= priors[j][a]
        for y in bob:
            for t in targets:
                mass = sum((fresh_of[j][a][(y, t)] for j, a in enumerate(x)), Fraction(0))
                if mass:
                    joint[(x, y, t)] = weight * mass / k
    return Law(alice, bob, targets, targets, joint)

"""Lagrange multipliers of the privacy constraints (``"type": "dp-dual"``): a lower witness.

For the program of :class:`~commlb.certificates.programs.PrivateProgram` (S13 of
``proofs/INDEX.md``): a channel ``Q`` is (ε, δ)-private when for every neighbouring pair
``p = (x_p, x'_p)`` and every set S of prediction functions
``Σ_{g ∈ S} (Q(g | x_p) − e^ε Q(g | x'_p)) <= δ``.  Multipliers ``y[p, g] >= 0`` give, for
every private channel,

    err(Q) >= Σ_x min_g [cost[x, g]/den + Σ_{p: x_p = x} y[p, g] − e^ε Σ_{p: x'_p = x} y[p, g]]
              − δ·Σ_p max_g y[p, g],

(weak duality: with ``a_g = Q(g|x_p) − e^ε Q(g|x'_p)``,
``Σ_g y[p, g]·a_g <= max_g y[p, g]·Σ_g max(0, a_g) <= δ·max_g y[p, g]``; add the
nonpositive ``Σ_g y[p, g]·a_g − δ·max_g y[p, g]`` to the error and minimise each row of
``Q`` over the simplex).  Replacing ``e^ε`` by an upper bound ``E >= e^ε`` only lowers
the right side, so the check is exact in rationals.  The certified value is that bound
minus the optimal error ``err*`` (floored at 0: no learner beats ``err*``).

``{"type": "dp-dual", "scale": S, "multipliers": [[p, g, n], ...]}`` means
``y[p, g] = n / S``.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.programs import private_program
from commlb.certificates.schema import integer, keys, table
from commlb.errors import CertificateError
from commlb.info.exact import Exact

__all__ = ["lower", "dual_bound"]

MAX_SCALE = 2**128


def lower(stated, wit: dict) -> Bound:
    """The Lagrangian bound on the least private excess error (S13)."""
    if stated.objective != "private-excess-error":
        raise CertificateError("a dp-dual witness bounds the private-excess-error objective only")
    program = private_program(stated)
    value = dual_bound(program, wit) - program.optimal_error
    if value < 0:
        value = Fraction(0)
    return Bound.exact_value(Exact(value), "the Lagrangian bound recomputed exactly", ("S13",))


def dual_bound(program, wit: dict) -> Fraction:
    """``min err`` of private channels is at least this (an exact rational)."""
    keys(wit, {"type", "scale", "multipliers"}, "the dp-dual witness", ("scale", "multipliers"))
    scale = integer(wit["scale"], "the multipliers' scale", 1, MAX_SCALE)
    n_x, n_g = program.cost.shape
    pairs = program.neighbours
    out = np.zeros((n_x, n_g), dtype=object)
    into = np.zeros((n_x, n_g), dtype=object)
    top: dict[int, int] = {}
    seen = set()
    for entry in table(wit["multipliers"], "the multipliers", 3, limit=len(pairs) * n_g):
        p = integer(entry[0], "a pair index", 0, len(pairs) - 1)
        g = integer(entry[1], "a prediction function", 0, n_g - 1)
        n = integer(entry[2], "a multiplier numerator", 0, MAX_SCALE)
        if (p, g) in seen:
            raise Refuted(f"the multiplier of pair {p}, function {g} is listed twice")
        seen.add((p, g))
        x, x2 = pairs[p]
        out[x, g] += n
        into[x2, g] += n
        top[p] = max(top.get(p, 0), n)
    e = program.e_upper
    den, delta = program.denominator, program.delta
    # every term over the common denominator den·S·e.den·δ.den, in integers
    common = den * scale * e.denominator * delta.denominator
    coef = (program.cost * (scale * e.denominator * delta.denominator)
            + out * (den * e.denominator * delta.denominator)
            - into * (den * e.numerator * delta.denominator))
    best = sum(int(min(row)) for row in coef)
    return Fraction(best - sum(top.values()) * den * e.denominator * delta.numerator, common)

"""Integer costs of decision functions, shared by the pricing plug-ins.

A statement's cost table ``C[x, y, o]`` (the error of answering ``o`` to ``y`` when Alice
holds ``x``) scaled by its common denominator ``L``; the distortion of a decision
function ``g`` is ``D_int[x, g] = Σ_y C_int[x, y, g(y)]``, its error ``D_int / L``.
Tables are built from the checker's own statements (:mod:`commlb.certificates.statements`),
never by the solver.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.certificates import statements
from commlb.certificates.schema import integer
from commlb.errors import CertificateError

__all__ = ["ENUMERATION_LIMIT", "integer_d", "prefix_errors", "enumerated", "integer_costs",
           "common_numerators", "separable_costs", "levels", "integral", "SLACK", "MAX_L", "round_up"]

ENUMERATION_LIMIT = 2**21
SLACK = 2.0**-36  # relative margin of the float paths (numpy's exp2/log2/power within 2^-40)
MAX_L = 2**40  # the integer scale L of rd-dual and tilted witnesses


def integer_d(params: dict, limit: int) -> int:
    """The length parameter ``d`` as an int in ``1..limit``.

    >>> integer_d({"d": 3}, 20)
    3
    """
    return integer(params.get("d"), "the certificate's d", 1, limit)


def prefix_errors(d: int, table: list[int]) -> list[int]:
    """Levels where the node table errs along each path (recursive walk)."""
    out = []

    def walk(level: int, prefix: int, errs: int) -> None:
        if level == d:
            out.append(errs)
            return
        guess = table[(1 << level) - 1 + prefix]
        for bit in (0, 1):
            walk(level + 1, 2 * prefix + bit, errs + (guess != bit))

    walk(0, 0, 0)
    return out


def enumerated(s: statements.Statement):
    """Integer distortion ``D_int[x, g]`` of every decision function of a statement."""
    nx, ny, no = s.sizes
    if s.log2_functions + math.log2(nx) > math.log2(ENUMERATION_LIMIT):
        raise CertificateError(f"{s.name} has |X|·|O|^|Y| = {nx}·2^{s.log2_functions:.4g} pairs, "
                               f"above the checker's enumeration limit {ENUMERATION_LIMIT}; certify "
                               "with a structured oracle")
    p_x, scale, ints = integer_costs(s)
    table = ints[:, 0, :]  # (x, functions of the first j symbols), lexicographic in g
    for j in range(1, ny):
        table = (table[:, :, None] + ints[:, j, None, :]).reshape(nx, -1)
    return p_x, scale, table


def integer_costs(s: statements.Statement):
    cost = statements.cost_table(s)
    p_x = statements.alice_law(s)
    scale = math.lcm(*(Fraction(c).denominator for c in cost.flat))
    ints = np.array([[[int(Fraction(c) * scale) for c in row] for row in plane] for plane in cost],
                    dtype=object)
    if max(int(v) for v in ints.flat) * cost.shape[1] < 2**62:
        ints = ints.astype(np.int64)
    return p_x, scale, ints


def common_numerators(weights, limit_bits: int = 2**20) -> tuple[int, list[int]]:
    """``(den, [w·den])`` for Fractions ``w``; refused if ``den`` passes ``limit_bits`` bits.

    >>> common_numerators([Fraction(1, 2), Fraction(1, 3)])
    (6, [3, 2])
    """
    weights = [Fraction(w) for w in weights]
    den = 1
    for v in {w.denominator for w in weights}:
        den = math.lcm(den, v)
        if den.bit_length() > limit_bits:
            raise CertificateError(f"the weights' common denominator passes {limit_bits} bits")
    return den, [w.numerator * (den // w.denominator) for w in weights]


def separable_costs(s: statements.Statement):
    """``(p_x, L, C_int)``: a statement's cost table in integers, ``D_int = Σ_y C_int``."""
    _, ny, no = s.sizes
    if ((ny + 1) // 2) * math.log2(max(no, 1)) > 20:
        raise CertificateError(f"{s.name} has too many partial decision functions for the "
                               "checker's meet in the middle")
    p_x, scale, ints = integer_costs(s)
    if ints.dtype == object:
        raise CertificateError(f"{s.name}: its integer costs pass 2^62; the checker refuses them")
    return p_x, scale, ints


def integral(d_int, L: int, scale: int) -> bool:
    """Whether ``L·D_int/scale`` is integral everywhere (exact integers)."""
    return not any(int(v) * L % scale for v in np.unique(np.asarray(d_int).ravel()))


def levels(d_int, L: int, scale: int) -> np.ndarray:
    """``L·D_int/scale - min_g`` per row as int64, refused if an entry reaches ``2^40``."""
    k = np.asarray(d_int, dtype=object) * L // scale
    e = k - k.min(axis=1)[:, None]
    if int(e.max()) >= 2**40:
        raise CertificateError("L·D spans more than 2^40 levels; the checker refuses that scale")
    return e.astype(np.int64), k.min(axis=1)


def round_up(x: float) -> float:
    """The next float above ``x`` (one ulp outward)."""
    return math.nextafter(x, math.inf)

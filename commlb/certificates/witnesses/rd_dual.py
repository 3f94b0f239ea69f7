"""The rate–distortion dual over an enumerated distortion matrix (``"type": "rd-dual"``).

``{"type": "rd-dual", "beta": β, "L": L, "lambda": [λ(x), ...]}``: if
``Σ_x p(x) λ(x) β^{L·D[x, g] - L·m_x} <= 1`` for every decision function ``g`` of the
statement's distortion matrix (``m_x = min_g D[x, g]``), then
``IC(δ) >= Σ_x p(x) log2 λ(x) + L(δ - ε*) log2 β`` with ``ε* = Σ_x p(x) m_x``
(Blahut 1972; S4 of ``proofs/INDEX.md``, ``proofs/information_complexity/``).  The
maximum over ``g`` is taken here over every column, in Python integers when the
powers are small and in outward-rounded floats otherwise.
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import Bound, Refuted, log2_sum
from commlb.certificates.schema import integer, keys, rational, table
from commlb.certificates.witnesses.costs import MAX_L, SLACK, integral, levels, round_up
from commlb.errors import CertificateError

__all__ = ["lower", "constraint_max"]

NOTE = "the dual condition holds for every decision function"


def constraint_max(w, beta: Fraction, e: np.ndarray):
    """Upper bound on ``max_g Σ_x w(x) β^{e[x, g]}`` (Fraction if exact, else float).

    >>> constraint_max([Fraction(1, 2)] * 2, Fraction(1, 3), np.array([[0, 1], [1, 0]]))
    Fraction(2, 3)
    """
    E = int(e.max())
    a, b = beta.numerator, beta.denominator
    den = math.lcm(*[v.denominator for v in w])
    W = [int(v * den) for v in w]
    if E * (a.bit_length() + b.bit_length()) <= 4000:
        T = np.array([[Wx * a**k * b ** (E - k) for k in range(E + 1)] for Wx in W], dtype=object)
        sums = T[np.arange(len(W))[:, None], e].sum(axis=0)  # Python ints: exact
        return Fraction(int(max(sums)), den * b**E)
    if E > 2**24:
        raise CertificateError(f"the dual condition spans {E} levels; the checker refuses that many")
    powers = np.array([round_up(float(beta**k)) if k < 64 else float(np.power(round_up(float(beta)), k))
                       for k in range(E + 1)]) * (1 + SLACK)
    wf = np.array([round_up(float(v)) for v in w])
    sums = (wf[:, None] * powers[e]).sum(axis=0)
    return float(sums.max()) * (1 + (len(w) + 4) * 2.0**-52) + len(w) * 2.0**-1070


def lower(stated, wit: dict) -> Bound:
    """Rate–distortion dual bound ``Σ p log2 λ + L(δ - ε*) log2 β`` of the external objective."""
    keys(wit, {"type", "beta", "L", "lambda"}, "the rd-dual witness", ("beta", "L", "lambda"))
    p_cx, d_int, scale, _ = stated.distortion()
    if stated.objective != "external" and p_cx.shape[0] != 1:
        raise Refuted("an rd-dual witness bounds only the external objective")
    p_x, delta = p_cx.sum(axis=0), stated.error
    beta = rational(wit["beta"], "the rd-dual beta", 0, 1)
    L = integer(wit["L"], "the rd-dual L", 1, MAX_L)
    lam = [rational(v, "λ(x)") for v in table(wit["lambda"], "the rd-dual lambda")]
    if len(lam) != len(p_x) or min(lam) <= 0:
        raise Refuted("the rd-dual witness needs one positive lambda per x")
    if not integral(d_int, L, scale):
        raise Refuted(f"L = {L} does not make L·D integral")
    e, m = levels(d_int, L, scale)
    excess = delta - sum(p * Fraction(int(mi), L) for p, mi in zip(p_x, m, strict=True))
    w = [p * v for p, v in zip(p_x, lam, strict=True)]
    if constraint_max(w, beta, e) > 1:
        raise Refuted("the rd-dual witness violates Σ_x p(x)λ(x)β^(L·D[x,g]) <= 1 for some g")
    pairs = [(p, v) for p, v in zip(p_x, lam, strict=True) if p]
    if beta == 0:
        if excess != 0:
            raise Refuted("β = 0 certifies only at the optimal error")
        return replace(log2_sum(pairs), note=NOTE, grounds=("S4",))
    return replace(log2_sum(pairs + [(L * excess, beta)]), note=NOTE, grounds=("S4",))

"""The upper witness of the column-generation loop: an exact rational channel.

The float channel ``Q(g|x)`` over the generated columns (a mixture of the two
slope solutions that bracket ``δ``) is rounded to rationals with rows summing to
one, its error is checked exactly against ``δ`` (the mixture weight is moved
towards the low-error channel until it holds), and its information
``I(X; G) = Σ_x p(x) Σ_g Q log2 Q - Σ_g q(g) log2 q(g)`` is enclosed in a certified
interval.  Any channel over decision functions is a protocol (the message is
``g``), so this is an upper bound on ``IC(δ)``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import channel_information
from commlb.info import Exact, Interval
from commlb.numbers import interval_context

__all__ = ["rational_channel", "channel_information_interval", "channel_witness", "rational_text",
           "certified_dual_lower"]

GRID = 2**48


def rational_text(value: Fraction) -> str:
    """``"n/d"`` for a certificate, without Python's 4300-digit cap on int-to-str conversion.

    Examples
    --------
    >>> len(rational_text(Fraction(10**5000, 3)))
    5003
    """
    import sys

    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        return str(Fraction(value))
    finally:
        sys.set_int_max_str_digits(old)


def rational_channel(Q: np.ndarray) -> list[list[Fraction]]:
    """Rows of ``Q`` rounded to multiples of ``2^-48``, each adjusted to sum to exactly one."""
    rows = []
    for row in Q:
        ints = [int(round(v * GRID)) for v in np.maximum(row, 0)]
        ints[int(np.argmax(row))] += GRID - sum(ints)
        rows.append([Fraction(n, GRID) for n in ints])
    return rows


def channel_information_interval(p_x: list[Fraction], rows: list[list[Fraction]]) -> Interval:
    """Certified ``I(X; G)`` in bits for an exact channel: the checker kernel's own enclosure.

    Outward floats (:func:`commlb.certificates.kernel.channel_information`), so the
    value the method claims is the one the checker recomputes.

    >>> half = Fraction(1, 2)
    >>> channel_information_interval([half, half], [[Fraction(1), Fraction(0)],
    ...                                             [Fraction(0), Fraction(1)]]).contains(1.0)
    True
    """
    table = [{g: v for g, v in enumerate(row) if v} for row in rows]
    return channel_information([list(p_x)], table, exact_terms=0)[0]


def channel_witness(oracle, Q_lo, Q_hi, theta: float, columns: np.ndarray, delta: Fraction):
    """Exact witness ``θ Q_lo + (1 - θ) Q_hi`` with error at most δ, and its certified information.

    Returns ``(witness dict, Interval)`` or ``(None, None)`` if no mixture meets δ.
    """
    D = oracle.distortion(columns)
    D_exact = [[Fraction(int(round(v * oracle.scale)), oracle.scale) for v in row] for row in D]
    for shrink in (0.0, 1e-12, 1e-9, 1e-6, 1.0):
        t = max(0.0, theta - shrink) if Q_lo is not None else 0.0
        Q = Q_hi if Q_lo is None else t * Q_lo + (1 - t) * Q_hi
        rows = rational_channel(Q)
        error = sum((p * sum((q * d for q, d in zip(row, drow, strict=True)), Fraction(0))
                     for p, row, drow in zip(oracle.p_x_exact, rows, D_exact, strict=True)),
                    Fraction(0))
        if error <= delta:
            witness = {"type": "channel-columns", "columns": [[int(v) for v in g] for g in columns],
                       "rows": [[str(q) for q in row] for row in rows]}
            return witness, channel_information_interval(oracle.p_x_exact, rows)
    return None, None


def certified_dual_lower(p_x, lam, M, beta, L, delta):
    """The rate–distortion dual bound ``Σ_x p(x) log2 λ(x) - log2 M + L δ log2 β`` (bits).

    ``M`` is the exact pricing maximum at the rational base ``β = 2^{-s/L}``.  Exact when
    ``λ`` is constant and the integers are small, else a certified Interval (mpmath).

    Examples
    --------
    >>> certified_dual_lower([Fraction(1, 2)] * 2, [Fraction(1)] * 2, Fraction(1), Fraction(1), 1, 0)
    Exact(0)
    """
    grouped: dict[Fraction, Fraction] = {}
    for p, v in zip(p_x, lam, strict=True):
        grouped[v] = grouped.get(v, Fraction(0)) + p
    small = max(beta.numerator, beta.denominator, M.numerator, M.denominator) < 2**64
    if len(grouped) == 1 and small:
        (v, p), = grouped.items()
        return Exact.log2(beta) * (L * delta) - Exact.log2(M) + Exact.log2(v) * p
    iv = interval_context(128)  # a private context: no global precision
    terms = [(p, v) for v, p in grouped.items()] + [(Fraction(-1), M), (L * delta, beta)]
    s = iv.mpf(0)
    for a, b in terms:
        if a:
            s += iv.mpf(a.numerator) / a.denominator * iv.log(iv.mpf(b.numerator) / b.denominator)
    s /= iv.log(iv.mpf(2))
    return Interval(math.nextafter(float(s.a), -math.inf), math.nextafter(float(s.b), math.inf))

"""Independent check of the upper witness of a conditional column-generation certificate.

The witness is an explicit rational channel ``Q(g|x)`` over listed decision
functions (``{"type": "channel-columns", "columns": [...], "rows": [...]}``, one row
per Alice input of positive probability, in the program's order).  Any such channel
is a learner / protocol (the message is ``g``), so if its error is at most δ,

    min Σ_c p(c) I(X; G | C = c)  <=  Σ_x p(x) Σ_g Q log2 Q  -  Σ_c p(c) Σ_g q_c log2 q_c,

``q_c(g) = Σ_x p(x|c) Q(g|x)``.  The error ``Σ_x p(x) Σ_g Q(g|x) D[x, g]`` is checked
in exact rational arithmetic with ``D[x, g] = off(x) + Σ_u C[x, u, g(u)]`` rebuilt from
the certificate's source; the information is enclosed with ``mpmath.iv`` (outward
rounding, a private context).  Never imports ``commlb.ic``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.certificates.schema import integer, keys, rational, table
from commlb.errors import CertificateError
from commlb.info import Interval
from commlb.numbers import interval_context

__all__ = ["evaluate_upper"]


def evaluate_upper(certificate: dict, program, invalid) -> Interval | None:
    """Certified upper bound (bits) from the certificate's ``upper_witness``, or None if it has none.

    Parameters
    ----------
    certificate : dict
        A conditional column-generation certificate.
    program : tuple
        ``(p_cx, cost, offset)`` as rebuilt by
        :func:`commlb.certificates.conditional.rebuild_program`.
    invalid : type
        The exception to raise when the witness does not certify its claim.

    Returns
    -------
    Interval or None

    Examples
    --------
    >>> import numpy as np
    >>> p_cx = np.array([[Fraction(1, 2), Fraction(1, 2)]], dtype=object)
    >>> cost = np.array([[[Fraction(0), Fraction(1)]], [[Fraction(1), Fraction(0)]]], dtype=object)
    >>> cert = {"error": "1/2", "upper_witness": {"type": "channel-columns", "columns": [[0]],
    ...                                           "rows": [["1"], ["1"]]}}
    >>> upper = evaluate_upper(cert, (p_cx, cost, [Fraction(0)] * 2), ValueError)  # no message
    >>> upper.lo <= 0.0 <= upper.hi < 1e-300, upper.certified
    (True, True)
    >>> evaluate_upper({**cert, "error": "1/4"}, (p_cx, cost, [Fraction(0)] * 2), ValueError)
    Traceback (most recent call last):
    ...
    ValueError: the upper-witness channel has error 1/2 > 1/4

    References
    ----------
    ``proofs/column_generation/conditional_dual.md``; docs/architecture.md, "One program".
    """
    witness = certificate.get("upper_witness")
    if witness is None:
        return None
    keys(witness, {"type", "columns", "rows"}, "the upper witness", ("type", "columns", "rows"))
    if witness["type"] != "channel-columns":
        raise CertificateError(f"unknown upper witness type {str(witness['type'])[:40]!r}")
    p_cx, cost, offset = program
    n_x, n_u, n_o = cost.shape
    delta = rational(certificate["error"], "the error level", 0, 1)
    K = np.array([[integer(v, "a column entry", 0, n_o - 1) for v in g]
                  for g in table(witness["columns"], "the columns", n_u)], dtype=np.int64).reshape(-1, n_u)
    rows = [[rational(v, "Q(g|x)") for v in table(row, "a channel row", limit=len(K))]
            for row in table(witness["rows"], "the channel rows", limit=n_x)]
    if len(K) == 0 or len({g.tobytes() for g in K}) != len(K):
        raise invalid("an upper-witness column is out of range or repeated")
    if len(rows) != n_x or any(len(row) != len(K) for row in rows):
        raise invalid(f"the upper witness needs {n_x} rows of {len(K)} entries")
    if any(v < 0 for row in rows for v in row) or any(sum(row) != 1 for row in rows):
        raise invalid("a row of the upper-witness channel is not a probability law")
    p_x = p_cx.sum(axis=0)
    positions = np.arange(n_u)
    error = Fraction(0)
    for x in range(n_x):
        costs = cost[x][positions[None, :], K].sum(axis=1)  # Σ_u C[x, u, g(u)] for g in K
        error += p_x[x] * (offset[x] + sum((q * c for q, c in zip(rows[x], costs, strict=True)),
                                           Fraction(0)))
    if error > delta:
        raise invalid(f"the upper-witness channel has error {error} > {delta}")
    return _information(p_cx, p_x, rows)


def _information(p_cx, p_x, rows) -> Interval:
    """``Σ_x p(x) Σ_g Q log2 Q - Σ_c p(c) Σ_g q_c log2 q_c`` enclosed in mpmath intervals."""
    iv = interval_context(80)

    def xlogx(r: Fraction):
        if r == 0:
            return iv.mpf(0)
        v = iv.mpf(r.numerator) / r.denominator
        return v * iv.log(v)

    total = iv.mpf(0)
    for p, row in zip(p_x, rows, strict=True):
        total += iv.mpf(p.numerator) / p.denominator * sum((xlogx(q) for q in row), iv.mpf(0))
    for weights in p_cx:
        p_c = sum(weights, Fraction(0))
        if p_c == 0:
            continue
        q = [Fraction(0)] * len(rows[0])
        for w, row in zip(weights, rows, strict=True):
            if w:
                q = [a + w * b for a, b in zip(q, row, strict=True)]
        total -= iv.mpf(p_c.numerator) / p_c.denominator * sum((xlogx(v / p_c) for v in q), iv.mpf(0))
    value = total / iv.log(iv.mpf(2))
    return Interval(math.nextafter(float(value.a), -math.inf), math.nextafter(float(value.b), math.inf))

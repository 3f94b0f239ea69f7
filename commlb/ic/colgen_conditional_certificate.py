"""Write the lower witness of conditional column generation and have it certified.

The witness is the data of bound (*) of ``proofs/column_generation/conditional_dual.md``:
the rational slope ``s``, the columns ``K``, the values
``r̂_c(g)`` on ``K`` (floats, read as the exact binary rationals they are) and one
claimed pricing maximum per class.  :mod:`commlb.certificates.conditional`
recomputes every term with outward rounding and re-runs the pricing; the lower
bound returned here is the one it certifies.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.info import Interval

__all__ = ["certify_lower", "MARGIN"]

MARGIN = 1e-9  # relative room added to each claimed pricing maximum (costs < 1.5e-9 bits)


def certify_lower(program, cert: dict, delta: Fraction, data) -> Interval:
    """Fill ``cert["lower_witness"]`` and ``cert["lower"]``; returns the certified lower bound.

    ``data`` is ``(columns, ln r̂, slope, maxima, targets, iterations)`` (the last two
    steer the checker's own direction search) from the loop, or None for the
    trivial bound 0.

    Raises
    ------
    RuntimeError
        If the independent checker rejects the witness (a bug, never bad input).
    """
    from commlb.certificates.conditional import evaluate_lower

    if data is None:
        cert["lower_witness"] = {"type": "none"}
        cert["lower"] = 0.0
        return Interval(0.0, 0.0)
    columns, log_r, slope, maxima, targets, iterations = data
    r_hat = np.minimum(np.maximum(np.exp(log_r), np.finfo(float).tiny), 1.0)
    cert["lower_witness"] = {
        "type": "conditional-dual",
        "slope": str(Fraction(slope)),
        "columns": [[int(v) for v in g] for g in columns],
        "r_hat": [[float(v) for v in row] for row in r_hat],
        "claimed_maxima": [float(v) * (1 + MARGIN) + 1e-300 for v in maxima],
        "targets": [float(v) for v in targets],
        "iterations": int(iterations),
    }
    lower = evaluate_lower(cert)
    cert["lower"] = lower.lo - 1e-12 * max(1.0, abs(lower.lo))
    return lower

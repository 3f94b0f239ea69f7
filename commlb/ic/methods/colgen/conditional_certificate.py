"""Write the lower witness of conditional column generation and have it certified.

The witness is the data of bound (*) of ``proofs/column_generation/conditional_dual.md``:
the rational slope ``s``, the columns ``K``, the values
``r̂_c(g)`` on ``K`` (floats, read as the exact binary rationals they are) and one
claimed pricing maximum per class.  The checker's plug-in
(:mod:`commlb.certificates.witnesses.conditional`) recomputes every term with outward
rounding and re-runs the pricing; the lower bound returned here is the one it certifies.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import Refuted
from commlb.info import Interval

__all__ = ["certify_lower", "certify_upper", "MARGIN"]

MARGIN = 1e-9  # relative room added to each claimed pricing maximum (costs < 1.5e-9 bits)


def certify_lower(program, cert: dict, delta: Fraction, data) -> Interval:
    """Fill the lower witness and the claimed lower of ``cert``; returns the certified lower bound.

    ``data`` is ``(columns, ln r̂, slope, maxima, targets, iterations)`` (the last two
    steer the checker's own direction search) from the loop, or None for the
    trivial bound 0.

    Raises
    ------
    RuntimeError
        If the independent checker rejects the witness (a bug, never bad input).
    """
    from commlb.certificates.programs import read_statement  # the checker, on first use
    from commlb.certificates.witnesses import conditional

    if data is None:
        cert["lower_witness"] = {"type": "none"}
        cert["claim"]["lower"] = 0.0
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
    try:
        lower = conditional.lower(read_statement(cert["statement"]), cert["lower_witness"]).interval
    except Refuted as exc:
        raise RuntimeError(f"commlb bug: the checker rejects the conditional witness: {exc}") from None
    cert["claim"]["lower"] = lower.lo - 1e-12 * max(1.0, abs(lower.lo))
    return lower


def certify_upper(program, cert: dict, columns: np.ndarray, Q: np.ndarray) -> Interval | None:
    """Turn the float channel ``Q`` over ``columns`` into a checked rational upper witness.

    The rows (Alice inputs of positive probability) are rounded to rationals that sum
    to one; if rounding pushes the exact error above δ, the channel is mixed with the
    one that sends each ``x`` its best listed column (weight ``η`` = 1e-12, ..., 1).
    The checker's plug-in (:mod:`commlb.certificates.witnesses.channel`) evaluates the
    exact error and encloses the information; its interval is returned and the claimed
    upper set just above it.  None (and no witness) if no mixture meets δ.
    """
    from commlb.certificates.programs import read_statement  # the checker, on first use
    from commlb.certificates.witnesses import channel
    from commlb.ic.methods.colgen.witness import rational_channel

    stated = read_statement(cert["statement"])
    keep = [x for x in range(Q.shape[0]) if sum(program.p_cx[:, x], Fraction(0)) > 0]
    D = program.shifted_distortion(columns)
    best = np.zeros_like(Q)
    best[np.arange(Q.shape[0]), np.argmin(D, axis=1)] = 1.0
    listed = [[int(v) for v in g] for g in columns]
    for eta in (0.0, 1e-12, 1e-9, 1e-6, 1e-3, 1.0):
        rows = rational_channel(((1 - eta) * Q + eta * best)[keep])
        witness = {"type": "channel-columns", "columns": listed,
                   "rows": [[str(q) for q in row] for row in rows]}
        try:
            upper = channel.columns(stated, witness).interval
        except Refuted:
            continue
        cert["upper_witness"] = witness
        cert["claim"]["upper"] = upper.hi + 1e-12 * max(1.0, abs(upper.hi))
        return upper
    return None

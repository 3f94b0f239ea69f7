"""A private learner's channel (``"type": "dp-channel"``): an upper witness.

``{"type": "dp-channel", "rows": [[n_g, ...], ...], "mix": "t"}`` is the channel
``Q(g | x) = (1 − t)·n[x, g] / Σ_g n[x, g] + t/|G|`` from training sets to prediction
functions.  If for every neighbouring pair of the program
``Σ_g max(0, Q(g | x) − E·Q(g | x')) <= δ`` with a lower bound ``E <= e^ε`` (the
largest privacy loss over sets of prediction functions), it is (ε, δ)-differentially
private, so its excess error ``err(Q) − err*`` bounds the least private excess error
from above (S13 of ``proofs/INDEX.md``).  Exact in rationals.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.programs import private_program
from commlb.certificates.schema import integer, keys, rational, table
from commlb.errors import CertificateError
from commlb.info.exact import Exact

__all__ = ["upper", "channel_excess"]

MAX_COUNT = 2**64


def upper(stated, wit: dict) -> Bound:
    """The private channel's exact excess error, its privacy checked exactly (S13)."""
    if stated.objective != "private-excess-error":
        raise CertificateError("a dp-channel witness bounds the private-excess-error objective "
                               "only")
    value = channel_excess(private_program(stated), wit)
    return Bound.exact_value(Exact(value), "the channel is private and its error recomputed",
                             ("S13",))


def channel_excess(program, wit: dict) -> Fraction:
    """``err(Q) − err*`` of the witness channel, after checking every privacy constraint."""
    keys(wit, {"type", "rows", "mix"}, "the dp-channel witness", ("rows", "mix"))
    n_x, n_g = program.cost.shape
    rows = table(wit["rows"], "the channel rows", n_g, limit=n_x)  # each a list of |G|
    if len(rows) != n_x:
        raise CertificateError(f"the channel has {len(rows)} rows; the program has {n_x} "
                               "training sets")
    t = rational(wit["mix"], "the mixing weight", 0, 1)
    counts = [[integer(v, "a channel count", 0, MAX_COUNT) for v in row] for row in rows]
    q = np.empty((n_x, n_g), dtype=object)
    for x, row in enumerate(counts):
        total = sum(row)
        if total == 0:
            raise Refuted(f"row {x} of the channel is all zero")
        for g, v in enumerate(row):
            q[x, g] = (1 - t) * Fraction(v, total) + t / n_g
    e, delta = program.e_lower, program.delta
    for x, x2 in program.neighbours:
        loss = sum((v for v in q[x] - e * q[x2] if v > 0), Fraction(0))
        if loss > delta:
            raise Refuted(f"the channel is not private: Σ_g max(0, Q(g | x) − e^ε·Q(g | x')) = "
                          f"{float(loss):.3g} > δ at training sets {x}, {x2}")
    error = sum((Fraction(int(c)) * v for c, v in zip(program.cost.flat, q.flat, strict=True)),
                Fraction(0)) / program.denominator
    return error - program.optimal_error

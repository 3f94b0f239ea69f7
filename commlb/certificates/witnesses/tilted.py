"""Tilted channels (``"type": "tilted"``): a compact upper witness for large alphabets.

``{"type": "tilted", "beta": β, "L": L, "weights": [[g, n_g], ...]}`` is the channel
``Q(g|x) ∝ n_g β^{L(D[x, g] - m_x)}``; its information is at most
``Σ_x p(x) D(Q(.|x) || n/Σn)`` and bounds IC from above when its error is at most δ
(S3 of ``proofs/INDEX.md``).  Exact in integers when the powers are small; outward
floats otherwise.
"""

from __future__ import annotations

import math
from dataclasses import replace
from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.schema import integer, keys, power_fits, rational, table
from commlb.certificates.witnesses.costs import MAX_L, SLACK, integral, levels, round_up
from commlb.errors import CertificateError
from commlb.info.exact import Exact

__all__ = ["upper", "tilted_channel"]

NOTE = "the tilted channel's error is at most δ and its divergence bound recomputed"


def upper(stated, wit: dict) -> Bound:
    """The tilted channel's divergence bound, its error at most δ (S3)."""
    p_cx, d_int, scale, _ = stated.distortion()
    error, bound = tilted_channel(p_cx, d_int, scale, wit)
    if error > stated.error:
        raise Refuted(f"the upper witness has error {float(error):.12g} > {float(stated.error):.12g}")
    return replace(bound, grounds=("S3",))


def tilted_channel(p_cx, d_int, scale: int, wit: dict) -> tuple[Fraction, Bound]:
    """Exact error and certified upper bound of ``Q(g|x) ∝ q(g) β^{L(D[x,g] - m_x)}``.

    ``I(X; G) <= Σ_x p(x) D(Q(.|x) || q/Σq) = log2 β·E[e] - Σ_x p(x) log2 Z(x) + log2 Σq``
    (also an upper bound on every conditional objective); its error must be at most δ,
    exactly, or by a certified float upper bound on the float path.  Returns
    ``(error, Bound)``.
    """
    keys(wit, {"type", "beta", "L", "weights"}, "the tilted witness", ("beta", "L", "weights"))
    beta = rational(wit["beta"], "the tilted beta", 0, 1)
    L = integer(wit["L"], "the tilted L", 1, MAX_L)
    n_x, n_g = d_int.shape
    pairs = [(integer(g, "a tilted column", 0, n_g - 1), integer(n, "a tilted weight", 1, 2**40 - 1))
             for g, n in table(wit["weights"], "the tilted weights", 2)]
    if not pairs or len({g for g, _ in pairs}) != len(pairs):
        raise Refuted("the tilted channel needs 0 <= beta <= 1, L > 0, distinct columns, "
                      "positive weights below 2^40")
    if not integral(d_int, L, scale):
        raise Refuted(f"L = {L} does not make L·D integral")
    gs = np.array([g for g, _ in pairs], dtype=np.int64)
    ns = [n for _, n in pairs]
    e = levels(d_int, L, scale)[0][:, gs]
    D = np.asarray(d_int, dtype=object)[:, gs]
    E = int(e.max())
    p_x = p_cx.sum(axis=0)
    live = [x for x in range(n_x) if p_x[x]]
    S = sum(ns)
    a, b = beta.numerator, beta.denominator
    if E * (a.bit_length() + b.bit_length()) <= 4000:
        power_fits(beta, E, "the tilted beta")
        T = [a**j * b ** (E - j) for j in range(E + 1)]  # β^j · b^E
        Z, ZD, ZE = {}, {}, {}
        for x in live:
            row_e, row_d = e[x].tolist(), D[x].tolist()
            Z[x] = sum(n * T[j] for n, j in zip(ns, row_e, strict=True))
            ZD[x] = sum(n * int(dv) * T[j] for n, j, dv in zip(ns, row_e, row_d, strict=True))
            ZE[x] = sum(n * j * T[j] for n, j in zip(ns, row_e, strict=True))
        if any(Z[x] == 0 for x in live):
            raise Refuted("the tilted channel has no mass on some input")
        error = sum(p_x[x] * Fraction(ZD[x], Z[x]) for x in live) / scale
        mean_e = sum(p_x[x] * Fraction(ZE[x], Z[x]) for x in live)
        value = Exact.log2(S) - sum((Exact.log2(Fraction(Z[x], b**E)) * p_x[x] for x in live),
                                    Exact(0))
        if mean_e:
            value += Exact.log2(beta) * mean_e
        return error, Bound(value.interval(), value, True, NOTE)
    if E > 2**24 or scale.bit_length() > 900 or max(int(v) for v in D.flat).bit_length() > 900:
        raise CertificateError("the tilted channel's float path refuses more than 2^24 levels or "
                               "numbers above 2^900")
    up = np.array([round_up(float(beta**j)) if j < 64 else float(np.power(round_up(float(beta)), j))
                   for j in range(E + 1)]) * (1 + SLACK)
    lo = np.array([float(beta**j) if j < 64 else float(np.power(float(beta), j))
                   for j in range(E + 1)]) * (1 - SLACK)
    nf = np.array(ns, dtype=float)
    pf = np.array([float(v) for v in p_x])
    Df = np.array(D, dtype=float)
    z_lo = np.array([(nf * lo[e[x]]).sum() for x in range(n_x)]) * (1 - SLACK)
    z_hi = np.array([(nf * up[e[x]]).sum() for x in range(n_x)]) * (1 + SLACK)
    if (z_lo[live] <= 0).any():
        raise Refuted("the tilted channel has no mass on some input")
    wd = np.array([(nf * Df[x] * up[e[x]]).sum() for x in range(n_x)])
    we = np.array([(nf * e[x] * lo[e[x]]).sum() for x in range(n_x)])
    error_up = float((pf[live] * wd[live] / z_lo[live]).sum()) / float(scale) * (1 + SLACK)
    mean_lo = float((pf[live] * we[live] / z_hi[live]).sum())
    log_beta = math.log2(beta) if beta else 0.0
    terms = pf[live] * np.log2(z_lo[live])
    hi = log_beta * mean_lo - float(terms.sum()) + math.log2(S)
    hi += SLACK * (abs(log_beta * mean_lo) + float(np.abs(terms).sum()) + math.log2(S) + 1)
    return Fraction(error_up), Bound.enclosed(0.0, max(hi, 0.0), NOTE)

"""The conditional Frank–Wolfe dual (``"type": "frank-wolfe"``), for any objective.

``{"type": "frank-wolfe", "s": slope or "inf", "columns": [g, ...], "log2_shape":
[[ℓ(x, j), ...], ...], "alias": [[g, g'], ...]}``: a positive matrix ``2^ℓ`` over the
listed columns (every other decision function aliased to a listed one) gives the
lower bound ``Σ_x min_g [G(x, g) + s p(x) (D[x, g] - m_x)] - s (δ - ε*)`` of
``proofs/information_complexity/`` (S5 of ``proofs/INDEX.md``), evaluated here in
floats with an explicit outward margin.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.schema import integer, keys, rational, real, table
from commlb.certificates.witnesses.costs import SLACK

__all__ = ["lower"]


def lower(stated, wit: dict) -> Bound:
    """Certified (outward-rounded) Frank–Wolfe bound of a positive matrix ``2^ℓ``."""
    keys(wit, {"type", "s", "columns", "log2_shape", "alias"}, "the frank-wolfe witness",
         ("s", "columns", "log2_shape"))
    p_cx, d_int, scale, _ = stated.distortion()
    delta = stated.error
    n_x, n_g = d_int.shape
    cols = [integer(g, "a frank-wolfe column", 0, n_g - 1) for g in table(wit["columns"], "columns")]
    shape = table(wit["log2_shape"], "the frank-wolfe shape", limit=n_x)
    ell = np.array([[real(v, "a log2 shape entry") for v in table(row, "a shape row", limit=len(cols))]
                    for row in shape], dtype=float).reshape(len(shape), -1)
    if ell.shape != (n_x, len(cols)) or not np.isfinite(ell).all() or np.abs(ell).max(initial=0) > 1e6:
        raise Refuted("the frank-wolfe shape must be a finite |X| x len(columns) array")
    sigma = np.full(n_g, -1)
    sigma[cols] = np.arange(len(cols))
    for pair in table(wit.get("alias", []), "the aliases", 2):
        g, h = (integer(v, "an alias", 0, n_g - 1) for v in pair)
        sigma[g] = sigma[h]
    if (sigma < 0).any() or p_cx.shape[0] + n_x > 4096:
        raise Refuted("some decision function has no shape (list it or alias it)")
    p_x = p_cx.sum(axis=0)
    eps = sum(p * Fraction(int(mi), scale) for p, mi in zip(p_x, d_int.min(axis=1), strict=True))
    pcx = np.array(p_cx, dtype=float)
    pxf = pcx.sum(axis=0)
    with np.errstate(divide="ignore"):
        logw = np.log2(pcx / pcx.sum(axis=1, keepdims=True))  # (C, X)
    z = logw[:, :, None] + ell[None, :, :]  # (C, X, J)
    M = z.max(axis=1)
    log_q = M + np.log2(np.exp2(z - M[:, None, :]).sum(axis=1))  # (C, J)
    G = pxf[:, None] * ell - np.einsum("cx,cj->xj", pcx, log_q)
    Dm = np.array((d_int - d_int.min(axis=1)[:, None]).astype(object) / scale, dtype=float)
    mag = float((pxf * np.abs(ell).max(axis=1)).sum() + (pcx.sum(axis=1) * np.abs(log_q).max(axis=1)).sum())
    if wit["s"] == "inf":
        if delta != eps:
            raise Refuted("a slope s = inf certifies only at the optimal error")
        value = float(np.where(Dm == 0, G[:, sigma], np.inf).min(axis=1).sum())
    else:
        s = rational(wit["s"], "the frank-wolfe slope s", 0, 2**60)
        T = G[:, sigma] + float(s) * pxf[:, None] * Dm
        value = float(T.min(axis=1).sum()) - float(s * (delta - eps))
        mag += float(np.abs(T).max(axis=1).sum()) + float(abs(s * (delta - eps)))
    value -= SLACK * (mag + 1.0)
    return Bound.enclosed(value, value, "the Frank–Wolfe dual evaluated at every decision function",
                          ("S5",))

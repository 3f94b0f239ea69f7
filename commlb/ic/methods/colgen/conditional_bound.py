"""The float value of the conditional column-generation dual bound.

For a slope ``s``, positive values ``r̂_c(g)`` on the generated columns ``K`` and
``A(x, g) = 2^{-s(D[x, g] - m(x))}``, let ``ρ(x, g) = Π_c r̂_c(g)^{p(c|x)}``,
``Z_x = Σ_{g ∈ K} ρ(x, g) A(x, g)``, ``V_c(g) = Σ_x (p(c, x)/Z_x) ρ(x, g) A(x, g) / r̂_c(g)``
on ``K`` and, outside ``K``, ``V_c(g) = Σ_x (p(c, x)/Z_x) A(x, g) Π_c' κ_c'(g)^{p(c'|x)} / κ_c(g)``
for any direction ``κ(g) > 0``.  Then (``proofs/column_generation/conditional_dual.md``)

    IC(δ) >= -Σ_x p(x) log2 Z_x - log2 Σ_c max_g V_c(g) - s (δ - ε*),

and the maximum outside ``K`` is a pricing problem with one direction per function.  All in floats here;
:mod:`commlb.certificates.witnesses.conditional` re-derives it with outward rounding.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["BoundParts", "bound_parts", "polished_log_marginals"]

LN2 = math.log(2.0)


class BoundParts:
    """Everything the bound needs at one ``(s, r̂)``, in floats.

    Attributes
    ----------
    value : float
        The bound (bits) with the given pricing maxima (or without them).
    weights : numpy.ndarray
        ``λ[c, x] = p(c, x) / Z_x``, shape ``(|C|, |X|)``.
    restricted_max : numpy.ndarray
        ``R_c = max_{g ∈ K} V_c(g)`` per class.
    Z : numpy.ndarray
        ``Z_x = Σ_{g ∈ K} ρ(x, g) 2^{-s(D - m)}``.
    """

    def __init__(self, value, weights, restricted_max, Z) -> None:
        self.value, self.weights, self.restricted_max, self.Z = value, weights, restricted_max, Z


def bound_parts(p_cx: np.ndarray, D: np.ndarray, log_r_hat: np.ndarray, slope: float,
                excess: float, maxima: np.ndarray | None) -> BoundParts:
    """Evaluate the bound of ``conditional_dual.md`` at one point (floats).

    Parameters
    ----------
    p_cx : numpy.ndarray
        ``p(c, x)``, shape ``(|C|, |X|)``, every ``p(x) > 0``.
    D : numpy.ndarray
        ``D[x, g] - m(x)`` on the generated columns ``K``.
    log_r_hat : numpy.ndarray
        ``ln r̂_c(g)`` on ``K`` (any finite values; see :func:`polished_log_marginals`).
    slope : float
        ``s``.
    excess : float
        ``δ - ε*``.
    maxima : numpy.ndarray or None
        Upper bounds on the pricing maxima ``M_c = max_{g ∉ K} V_c(g)``; None gives the
        value over ``K`` alone.

    Returns
    -------
    BoundParts
    """
    p_x = p_cx.sum(axis=0)
    cond = (p_cx / p_x[None, :]).T  # p(c|x), (X, C)
    B = np.exp(cond @ log_r_hat - slope * LN2 * D)  # ρ̂(x, g) A(x, g)
    Z = B.sum(axis=1)
    lam = p_cx / Z[None, :]
    with np.errstate(over="ignore", divide="ignore"):
        restricted_max = np.exp(np.log(lam @ B) - log_r_hat).max(axis=1)
    weights = lam
    top = restricted_max if maxima is None else np.maximum(restricted_max, maxima)
    value = -float(p_x @ np.log2(Z)) - math.log2(float(top.sum())) - slope * excess
    return BoundParts(value, weights, restricted_max, Z)


def log_class_sums(cond_xc: np.ndarray, log_q: np.ndarray, block: int = 16) -> np.ndarray:
    """``ln Σ_x p(x|c) exp(log_q[x, g])`` for every class and column, without underflow."""
    n_c = cond_xc.shape[0]
    out = np.empty((n_c, log_q.shape[1]))
    with np.errstate(divide="ignore"):
        log_w = np.log(cond_xc)  # (C, X)
    for start in range(0, n_c, block):
        t = log_w[start:start + block, :, None] + log_q[None, :, :]  # (b, X, K)
        m = t.max(axis=1)
        out[start:start + block] = m + np.log(np.exp(t - m[:, None, :]).sum(axis=1))
    return out


def polished_log_marginals(p_cx: np.ndarray, D: np.ndarray, r: np.ndarray, slope: float,
                           iterations: int = 60, start: float = 1e-9) -> np.ndarray:
    """``ln r̂`` on ``K``: alternating-minimisation steps in the log domain from ``(1-ε₀) r + ε₀/K``.

    Columns outside the optimal support decay, but along the direction (across classes)
    in which the linearised bound is tight, and never reach zero (logs stay finite).
    """
    p_x = p_cx.sum(axis=0)
    cond = (p_cx / p_x[None, :]).T  # (X, C)
    p_xc = p_cx / p_cx.sum(axis=1, keepdims=True)  # p(x|c), (C, X)
    log_r = np.log((1 - start) * r + start / r.shape[1])
    penalty = slope * LN2 * D
    for _ in range(iterations):
        a = cond @ log_r - penalty
        m = a.max(axis=1, keepdims=True)
        log_q = a - (m + np.log(np.exp(a - m).sum(axis=1, keepdims=True)))
        log_r = log_class_sums(p_xc, log_q)
    return np.maximum(log_r, -700.0)



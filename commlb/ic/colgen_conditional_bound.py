"""The float value of the conditional column-generation dual bound, and its certificate data.

For a slope ``s``, restricted marginals ``r_c`` over the generated columns ``K``, a
product law ``u`` and ``ε > 0``, let ``r̂_c = (1 - ε) r_c + ε u``.  Then
(``proofs/column_generation/conditional_dual.md``, bound (*))

    IC(δ) >= Φ(r̂) + 1/ln 2 - (1/ln 2) Σ_c max(R_c, M_c) - s (δ - ε*),

with ``Φ(r̂) = -Σ_x p(x) log2 Z_x(r̂)``, ``R_c = max_{g ∈ K} Σ_x w_c(x) ρ(x, g) A(x, g) / r̂_c(g)``
(``ρ(x, g) = Π_c r̂_c(g)^{p(c|x)}``, ``A = 2^{-s(D - m)}``) and ``M_c`` at least the
pricing maximum ``max_g Σ_x w_c(x) A(x, g)``, ``w_c(x) = p(c, x) / Z_x(r̂)``.  All in
floats here; :mod:`commlb.certificates.conditional` re-derives it with outward rounding.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["BoundParts", "bound_parts", "polished_log_marginals", "EPSILONS"]

LN2 = math.log(2.0)
EPSILONS = tuple(10.0 ** -k for k in range(1, 15))


def outside_direction(p_cx: np.ndarray, cost: np.ndarray, columns: np.ndarray, D: np.ndarray,
                      log_r_hat: np.ndarray, slope: float, law: np.ndarray,
                      iterations: int = 60) -> np.ndarray:
    """``ln d_c`` (max 0): the class direction in which the mass outside ``K`` decays.

    The fixed direction of ``d_c <- Σ_x p(x|c) e_d(x) out(x)/Z_x`` (normalised), with
    ``e_d(x) = Π_c d_c^{p(c|x)}`` and ``out(x) = Σ_{g ∉ K} u(g) 2^{-s(D - m)}``: the
    alternating minimisation applied to all outside columns pooled into one.
    """
    p_x = p_cx.sum(axis=0)
    cond = (p_cx / p_x[None, :]).T
    p_xc = p_cx / p_cx.sum(axis=1, keepdims=True)
    base = bound_parts(p_cx, cost, columns, D, log_r_hat, slope, np.full(p_cx.shape[0], -700.0),
                       law, 0.0, None)
    log_u = _log_product_law(law, columns)
    full = np.prod((law[None, :, :] * np.exp2(-slope * cost)).sum(axis=2), axis=1)
    with np.errstate(divide="ignore"):
        log_out = np.log(np.maximum(full - np.exp2(-slope * D) @ np.exp(log_u), 0.0)) \
            - np.log(base.Z)
    log_d = np.zeros(p_cx.shape[0])
    if not np.isfinite(log_out).any():
        return log_d
    log_out = np.maximum(log_out, -1e300)
    with np.errstate(divide="ignore"):
        log_w = np.log(p_xc)
    for _ in range(iterations):
        t = log_w + (cond @ log_d + log_out)[None, :]
        m = t.max(axis=1, keepdims=True)
        log_d = (m + np.log(np.exp(t - m).sum(axis=1, keepdims=True)))[:, 0]
        log_d = np.maximum(log_d - log_d.max(), -600.0)
    return log_d


class BoundParts:
    """Everything the bound needs at one ``(s, r, ε)``, in floats.

    Attributes
    ----------
    value : float
        The bound (bits) with the given (or estimated) pricing maxima.
    weights : numpy.ndarray
        The pricing weights ``w_c(x) = p(c, x) e(x) / (Z_x ε_c)``, shape ``(|C|, |X|)``.
    restricted_max : numpy.ndarray
        ``R_c`` per class.
    r_hat : numpy.ndarray
        ``r̂_c(g)`` on ``K``, shape ``(|C|, K)``.
    """

    def __init__(self, value, weights, restricted_max, r_hat, Z, epsilon) -> None:
        self.value, self.weights, self.restricted_max = value, weights, restricted_max
        self.r_hat, self.Z, self.epsilon = r_hat, Z, epsilon


def _log_product_law(law: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``ln u(g) = Σ_u ln u_u(g(u))`` for each column."""
    positions = np.arange(law.shape[0])
    return np.log(law)[positions[None, :], columns].sum(axis=1)


def bound_parts(p_cx: np.ndarray, cost: np.ndarray, columns: np.ndarray, D: np.ndarray,
                log_r_hat: np.ndarray, slope: float, log_eps: np.ndarray, law: np.ndarray,
                excess: float, maxima: np.ndarray | None) -> BoundParts:
    """Evaluate the bound (*) at one point (floats).

    Parameters
    ----------
    p_cx : numpy.ndarray
        ``p(c, x)``, shape ``(|C|, |X|)``, every ``p(x) > 0``.
    cost : numpy.ndarray
        Shifted separable cost ``C[x, u, o]``.
    columns : numpy.ndarray
        The generated columns ``K`` (rows of outputs).
    D : numpy.ndarray
        ``D[x, g] - m(x)`` on ``K``.
    log_r_hat : numpy.ndarray
        ``ln r̂_c(g)`` on ``K`` (any finite values; see :func:`polished_log_marginals`).
    slope : float
        ``s``.
    log_eps : numpy.ndarray
        ``ln ε_c`` per class: outside ``K``, ``r̂_c(g) = ε_c u(g)``.
    law : numpy.ndarray
        The product law, ``law[u, o] = u_u(o)``.
    excess : float
        ``δ - ε*``.
    maxima : numpy.ndarray or None
        Upper bounds on the pricing maxima ``M_c``; None gives the value without them.

    Returns
    -------
    BoundParts
    """
    p_x = p_cx.sum(axis=0)
    cond = (p_cx / p_x[None, :]).T  # p(c|x), (X, C)
    log_u = _log_product_law(law, columns)  # (K,)
    r_hat = np.exp(log_r_hat)
    log_rho = cond @ log_r_hat  # (X, K)
    B = np.exp(log_rho - slope * LN2 * D)
    A_K = np.exp2(-slope * D)
    full = np.prod((law[None, :, :] * np.exp2(-slope * cost)).sum(axis=2), axis=1)
    outside = np.maximum(full - A_K @ np.exp(log_u), 0.0)
    log_e = cond @ log_eps  # ln e(x) = Σ_c p(c|x) ln ε_c
    Z = B.sum(axis=1) + np.exp(log_e) * outside
    weights = p_cx * np.exp(log_e[None, :] - log_eps[:, None]) / Z[None, :]
    with np.errstate(over="ignore", divide="ignore"):
        restricted_max = np.exp(np.log((p_cx / Z[None, :]) @ B) - log_r_hat).max(axis=1)
    top = restricted_max if maxima is None else np.maximum(restricted_max, maxima)
    value = -float(p_x @ np.log2(Z)) + (1.0 - float(top.sum())) / LN2 - slope * excess
    return BoundParts(value, weights, restricted_max, r_hat, Z, log_eps)


def _log_class_sums(cond_xc: np.ndarray, log_q: np.ndarray, block: int = 16) -> np.ndarray:
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
                           iterations: int = 40, start: float = 1e-3) -> np.ndarray:
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
        log_r = _log_class_sums(p_xc, log_q)
    return np.maximum(log_r, -700.0)

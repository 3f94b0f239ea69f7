"""Float evaluation of the two dual lower bounds (certified versions: ``certify``).

Both bounds are written in the *shifted* form, with ``m_x = min_g D[x, g]`` and the
optimal error ``ε* = Σ_x p(x) m_x``, so that the infinite slope (``δ = ε*``) is a
limit that makes sense:

* rate–distortion dual (one class): for ``s >= 0`` and ``λ(x) > 0`` with
  ``Σ_x p(x) λ(x) 2^{-s(D[x,g] - m_x)} <= 1`` for all ``g``,
  ``IC(δ) >= Σ_x p(x) log2 λ(x) - s(δ - ε*)``;
* Frank–Wolfe bound (any classes): for every positive matrix ``Q`` and ``s >= 0``,
  ``IC(δ) >= Σ_x min_g (G[x,g] + s p(x)(D[x,g] - m_x)) - s(δ - ε*)`` with
  ``G = ∇f(Q)``.

Proofs: ``proofs/information_complexity/external_dual.md`` and
``proofs/information_complexity/conditional_dual.md``.
"""

from __future__ import annotations

import numpy as np

from commlb.ic.slopes import frank_wolfe_gradient

__all__ = ["rd_dual_bound", "rd_dual_lambda", "best_frank_wolfe_bound", "frank_wolfe_value"]


def rd_dual_lambda(p_x: np.ndarray, D: np.ndarray, slope: float, output: np.ndarray):
    """The Blahut dual point: ``λ(x) = 1/Σ_g q(g) 2^{-s(D[x,g]-m_x)}`` scaled to feasibility.

    Returns ``(log2 λ, A)`` where ``A = 2^{-s(D - m)}`` (``[D = m]`` at ``s = inf``).
    """
    m = D.min(axis=1, keepdims=True)
    if np.isinf(slope):
        A = (D <= m).astype(float)
    else:
        A = np.exp2(-slope * (D - m))
    Z = np.einsum("xg,g->x", A, output)
    log_lam = -np.log2(Z)
    c = np.einsum("xg,x->g", A, p_x * np.exp2(log_lam))
    return log_lam - np.log2(c.max()), A


def rd_dual_bound(p_x: np.ndarray, D: np.ndarray, slope: float, output: np.ndarray,
                  delta: float) -> float:
    """Float value of the rate–distortion dual bound at slope ``s`` from output law ``q``.

    Examples
    --------
    >>> import numpy as np
    >>> D = np.array([[0., 1.], [1., 0.]])
    >>> b = rd_dual_bound(np.array([.5, .5]), D, np.log2(9), np.array([.5, .5]), 0.1)
    >>> bool(round(b, 12) == round(1 + 0.9 * np.log2(0.9) + 0.1 * np.log2(0.1), 12))
    True
    """
    if output is None:
        return 0.0
    log_lam, _ = rd_dual_lambda(p_x, D, slope, output)
    finite = np.where(np.isinf(D), 0.0, D)
    eps_star = float(p_x @ finite.min(axis=1))
    excess = delta - eps_star
    if np.isinf(slope):
        return float(p_x @ log_lam) if excess <= 1e-12 else -np.inf
    return float(p_x @ log_lam) - slope * excess


def frank_wolfe_value(G: np.ndarray, p_x: np.ndarray, D: np.ndarray, slope: float,
                      excess: float) -> tuple[float, float]:
    """``Σ_x min_g (G + s p (D - m)) - s·excess`` and its slope derivative (a supergradient)."""
    m = D.min(axis=1, keepdims=True)
    W = p_x[:, None] * (D - m)
    if np.isinf(slope):
        masked = np.where(W <= 0, G, np.inf)
        return float(masked.min(axis=1).sum()) if excess <= 1e-12 else -np.inf, 0.0
    T = G + slope * W
    arg = T.argmin(axis=1)
    rows = np.arange(T.shape[0])
    return float(T[rows, arg].sum()) - slope * excess, float(W[rows, arg].sum()) - excess


def best_frank_wolfe_bound(p_cx: np.ndarray, D: np.ndarray, log_channel: np.ndarray,
                           delta: float) -> tuple[float, float]:
    """Maximise the Frank–Wolfe bound of a channel over the slope; returns (bound, slope).

    Examples
    --------
    >>> import numpy as np
    >>> D = np.array([[0., 1.], [1., 0.]])
    >>> Q = np.log(np.array([[.9, .1], [.1, .9]]))
    >>> b, s = best_frank_wolfe_bound(np.array([[.5, .5]]), D, Q, 0.1)
    >>> bool(abs(b - (1 + 0.9 * np.log2(0.9) + 0.1 * np.log2(0.1))) < 1e-9)
    True
    """
    p_x = p_cx.sum(axis=0)
    G = frank_wolfe_gradient(p_cx, log_channel)
    finite = np.where(np.isinf(D), 0.0, D)
    m = finite.min(axis=1)
    excess = delta - float(p_x @ m)
    if np.isinf(D).any():
        Dm = np.where(np.isinf(D), 1.0, 0.0)
        return frank_wolfe_value(G, p_x, Dm, np.inf, excess)[0], np.inf
    G = np.where(np.isfinite(G), G, -1e300)
    value0, slope0 = frank_wolfe_value(G, p_x, D, 0.0, excess)
    if slope0 <= 0:
        return value0, 0.0
    W = p_x[:, None] * (D - m[:, None])
    positive = W[W > 0]
    if positive.size == 0:
        return value0, 0.0
    spread = float(G.max() - G.min()) if np.isfinite(G).all() else 1e6
    lo, hi = 0.0, 2.0 * spread / float(positive.min()) + 1.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if frank_wolfe_value(G, p_x, D, mid, excess)[1] > 0:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * hi:
            break
    best = max((frank_wolfe_value(G, p_x, D, s, excess)[0], s) for s in (lo, hi))
    return best

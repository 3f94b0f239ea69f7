"""The restricted problem of column generation at a fixed slope (external objective).

Over the current columns, ``min_q -Σ_x p(x) log2 Σ_g q(g) 2^{-s D[x, g]}`` is the
Lagrangian of the restricted program (Blahut 1972); its minimiser ``q`` gives the
channel ``Q(g|x) ∝ q(g) 2^{-s D[x, g]}`` and the dual point ``λ = 1/(A q)`` that
the pricing oracle then tests against all columns.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["restricted_slope", "channel_terms", "mixed_information"]


def restricted_slope(p: np.ndarray, A: np.ndarray, q: np.ndarray, tol: float = 1e-11,
                     max_iter: int = 20_000) -> tuple[np.ndarray, float]:
    """Maximise ``Σ_x p(x) log2 (A q)(x)`` over output laws ``q`` (Blahut–Arimoto, SQUAREM).

    Parameters
    ----------
    p : numpy.ndarray
        Input law ``p(x)``.
    A : numpy.ndarray
        ``A[x, g] = 2^{-s D[x, g]}`` over the restricted columns.
    q : numpy.ndarray
        Starting output law (warm start); mixed with 0.1% uniform so no column is stuck at 0.
    tol : float
        Stop when ``log2 max_g c_g <= tol`` (``c = Aᵀ(p/Aq)``), Blahut's bound on the gap.
    max_iter : int
        Iteration cap.

    Returns
    -------
    (numpy.ndarray, float)
        The output law and the remaining gap bound (bits).

    Examples
    --------
    One bit, Hamming distortion, slope ``log2 9``: the uniform output law is optimal.

    >>> import numpy as np
    >>> A = np.exp2(-np.log2(9) * np.array([[0., 1.], [1., 0.]]))
    >>> q, gap = restricted_slope(np.array([.5, .5]), A, np.array([.9, .1]))
    >>> np.allclose(q, [.5, .5]) and gap <= 1e-11
    True

    References
    ----------
    Blahut 1972 (the map ``q <- q c``); Varadhan and Roland, Scand. J. Statist. 35 (2008)
    (squared extrapolation, SQUAREM), kept only when it raises the objective.
    """
    def step(q):
        c = A.T @ (p / (A @ q))
        out = q * c
        return out / out.sum(), c

    def value(q):
        return float(p @ np.log2(A @ q))

    q = np.maximum(q, 0)
    q = 0.999 * q / q.sum() + 0.001 / q.size  # no column starts at zero (multiplicative map)
    gap = math.inf
    for _ in range(max_iter):
        q1, c = step(q)
        gap = float(np.log2(c.max()))
        if gap <= tol:
            return q, gap
        q2, _ = step(q1)
        r, v = q1 - q, q2 - 2 * q1 + q
        nv = float(np.linalg.norm(v))
        if nv > 0:
            alpha = -float(np.linalg.norm(r)) / nv
            cand = np.maximum(q - 2 * alpha * r + alpha * alpha * v, 0)
            cand = step(cand / cand.sum())[0]
            q = cand if value(cand) >= value(q2) else q2
        else:
            q = q2
    return q, gap


def mixed_information(lo_pt, hi_pt, dlt: float) -> float:
    """Information of the mixture of the two bracketing channels with error ``δ`` (convexity)."""
    if lo_pt is None or lo_pt[0] <= hi_pt[0]:
        return hi_pt[1]
    theta = (dlt - hi_pt[0]) / (lo_pt[0] - hi_pt[0])
    return theta * lo_pt[1] + (1 - theta) * hi_pt[1]


def channel_terms(p, D, A, q):
    """Error and information ``I(X; G)`` (bits) of ``Q(g|x) ∝ q(g) A[x, g]``."""
    Z = A @ q
    Q = A * q[None, :] / Z[:, None]
    error = float(p @ (Q * D).sum(axis=1))
    out = p @ Q
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(Q > 0, Q / out[None, :], 1.0)
        info = float(p @ (Q * np.log2(ratio)).sum(axis=1))
    return error, max(info, 0.0), Q

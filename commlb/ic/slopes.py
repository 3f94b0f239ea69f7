"""Blahut–Arimoto at a fixed Lagrange slope, for external and conditional objectives.

For a slope ``s >= 0`` the Lagrangian of the program of :mod:`commlb.ic.program` is

    F_s(Q) = Σ_c p(c) I_{p(x|c)}(X; G) + s · Σ_x p(x) Σ_g Q(g|x) D[x, g]     (bits).

Writing each conditional information in its variational form
``I_{p(x|c)}(X; G) = min_{r_c} Σ_x p(x|c) D(Q(.|x) || r_c)`` turns ``F_s`` into a
jointly convex function of ``(Q, r)``; minimising alternately in ``r``
(``r_c(g) = Σ_x p(x|c) Q(g|x)``) and in ``Q``
(``Q(g|x) ∝ exp(Σ_c p(c|x) ln r_c(g) - s·ln2·D[x, g])``) converges to the minimum
(Csiszár and Tusnády 1984; Blahut 1972 and Arimoto 1972 for one class).  See
``proofs/information_complexity/solver.md``.

Everything here is floating point; certified numbers come from
:mod:`commlb.ic.certify`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["SlopeSolution", "solve_external_slope", "solve_conditional_slope"]

LN2 = float(np.log(2.0))

# The external solver's products use np.einsum, not `@`: the multithreaded BLAS behind
# `@` can be far slower on its short-and-wide matrices when the machine is
# oversubscribed.  The conditional solver's (C, X) x (X, G) products are real matrix
# products, where BLAS is about 5x faster than einsum on an idle machine (CI's case).


@dataclass
class SlopeSolution:
    """A float solution of the Lagrangian problem at one slope.

    Attributes
    ----------
    slope : float
        The Lagrange slope ``s`` (bits per unit of error).
    log_channel : numpy.ndarray
        ``ln Q(g|x)``, shape ``(|X|, |G|)``; rows are normalised.
    error : float
        ``Σ_x p(x) Σ_g Q(g|x) D[x, g]`` of this channel.
    information : float
        ``Σ_c p(c) I(X; G | C = c)`` of this channel (bits).
    lagrangian_lower : float
        A lower bound on ``min_Q F_s(Q)`` (float, not certified).
    iterations : int
        Blahut–Arimoto iterations spent.
    output : numpy.ndarray or None
        For the external objective, the output law ``q(g)``.
    """

    slope: float
    log_channel: np.ndarray | None
    error: float
    information: float
    lagrangian_lower: float
    iterations: int
    output: np.ndarray | None = None
    _external: tuple | None = None

    @property
    def channel(self) -> np.ndarray:
        """``Q(g|x)`` as floats."""
        if self.log_channel is None:
            A, Z = self._external
            return A * self.output[None, :] / Z[:, None]
        return np.exp(self.log_channel)

    @property
    def lagrangian_upper(self) -> float:
        """``F_s`` at this channel: an upper bound on ``min_Q F_s``."""
        return self.information + self.slope * self.error


def _logsumexp_rows(a: np.ndarray) -> np.ndarray:
    m = a.max(axis=1, keepdims=True)
    return (m + np.log(np.exp(a - m).sum(axis=1, keepdims=True)))[:, 0]


def solve_external_slope(
    p_x: np.ndarray, D: np.ndarray, slope: float, *, output: np.ndarray | None = None,
    tol: float = 1e-10, max_iter: int = 100_000, shifted: bool = False,
) -> SlopeSolution:
    """Minimise ``I(X; G) + s·E[D]`` by Blahut–Arimoto iterations on the output law.

    Parameters
    ----------
    p_x : numpy.ndarray
        Input law ``p(x) > 0``, shape ``(|X|,)``.
    D : numpy.ndarray
        Distortion ``D[x, g]``, shape ``(|X|, |G|)``.
    slope : float
        Lagrange slope ``s >= 0``.
    output : numpy.ndarray, optional
        Starting output law ``q(g)`` (warm start); uniform by default.
    tol : float
        Stop when the Lagrangian bracket is narrower than ``tol`` bits.
    max_iter : int
        Iteration cap.
    shifted : bool
        True when every row of ``D`` already has minimum 0 (saves a pass).

    Returns
    -------
    SlopeSolution
        The channel ``Q(g|x) ∝ q(g) 2^{-s D[x, g]}`` and its bracket.  Its
        ``information`` is ``Σ_x p(x) Σ_g Q log2(Q/q)``, an upper bound on
        ``I(X; G)`` (equal at the fixed point), and ``lagrangian_lower`` is
        Blahut's dual bound ``-Σ_x p(x) log2 Z(x) - log2 max_g c(g)``.

    Examples
    --------
    >>> import numpy as np
    >>> sol = solve_external_slope(np.array([0.5, 0.5]), np.array([[0., 1.], [1., 0.]]), 0.0)
    >>> round(sol.information, 9)
    0.0

    References
    ----------
    R. Blahut, "Computation of channel capacity and rate-distortion functions",
    IEEE Trans. Inf. Theory 18 (1972), sec. III.
    """
    n_g = D.shape[1]
    q = np.full(n_g, 1.0 / n_g) if output is None else np.maximum(output, 1e-300)
    q = q / q.sum()
    if shifted:
        shift = np.zeros(D.shape[0])
        Dm = D
    else:
        shift = D.min(axis=1)
        Dm = D - shift[:, None]
    A = np.exp2(-slope * Dm) if slope > 0 else np.ones_like(Dm)
    iterations = 0
    lower = -np.inf
    best_upper = np.inf
    omega = 2.0  # over-relaxed update q <- q·c^2 (any q gives valid bounds)
    base_shift = slope * float(p_x @ shift)
    while True:
        Z = np.einsum("xg,g->x", A, q)
        c = np.einsum("xg,x->g", A, p_x / Z)
        iterations += 1
        q_new = q * c
        total = float(q_new.sum())
        step = q * c**omega if omega != 1.0 else q_new
        # Blahut's bracket on min F_s: -Σp log Z - log max c <= F* <= -Σp log Z - Σ q' log c.
        base = base_shift - float(p_x @ np.log2(Z))
        positive = q_new > 0
        upper_l = base - float(np.einsum("g,g->", q_new[positive], np.log2(c[positive]))) / total
        lower = max(lower, base - float(np.log2(c.max())))
        if upper_l > best_upper + 1e-14:
            omega = 1.0  # over-relaxation stopped helping: plain Blahut–Arimoto steps
        best_upper = min(best_upper, upper_l)
        q = step / float(step.sum())
        if upper_l - lower <= tol or iterations >= max_iter:
            break
    Z = np.einsum("xg,g->x", A, q)
    error_shifted = float(np.einsum("x,x->", p_x / Z, np.einsum("xg,g->x", A * Dm, q)))
    error = error_shifted + float(p_x @ shift)
    information = max(0.0, -slope * error_shifted - float(p_x @ np.log2(Z)))
    sol = SlopeSolution(slope, None, error, information, lower, iterations, q)
    sol._external = (A, Z)
    return sol


def _information(p_cx: np.ndarray, log_channel: np.ndarray) -> float:
    """``Σ_c p(c) I_{p(x|c)}(X; G)`` in bits for a channel given by its logarithm."""
    Q = np.exp(log_channel)
    p_c = p_cx.sum(axis=1)
    p_x_given_c = p_cx / p_c[:, None]
    R = np.einsum("cx,xg->cg", p_x_given_c, Q)  # r_c(g)
    with np.errstate(divide="ignore", invalid="ignore"):
        first = np.where(Q > 0, Q * log_channel, 0.0).sum(axis=1) @ p_cx.sum(axis=0)
        second = (p_c[:, None] * np.where(R > 0, R * np.log(R), 0.0)).sum()
    return float(max(first - second, 0.0) / LN2)


def log_marginals(p_cx: np.ndarray, log_channel: np.ndarray) -> np.ndarray:
    """``ln r_c(g) = ln Σ_x p(x|c) Q(g|x)``, computed stably in the log domain."""
    w = p_cx / p_cx.sum(axis=1, keepdims=True)  # p(x | c), (C, X)
    m = log_channel.max(axis=0)  # (G,)
    scaled = np.exp(log_channel - m[None, :])
    with np.errstate(divide="ignore"):
        return np.log(w @ scaled) + m[None, :]


def _finite(log_values: np.ndarray) -> np.ndarray:
    """``ln 0 = −inf`` replaced by −1e300, so that a zero weight times it is 0, not NaN."""
    return np.where(np.isfinite(log_values), log_values, -1e300)


def frank_wolfe_gradient(p_cx: np.ndarray, log_channel: np.ndarray) -> np.ndarray:
    """``G[x, g] = Σ_c p(c, x) log2(Q(g|x) / q_c(g))``, the gradient of the objective (bits)."""
    log_r = log_marginals(p_cx, log_channel)
    p_x = p_cx.sum(axis=0)
    return (p_x[:, None] * log_channel - p_cx.T @ _finite(log_r)) / LN2


def solve_conditional_slope(
    p_cx: np.ndarray, D: np.ndarray, slope: float, *, log_channel: np.ndarray | None = None,
    tol: float = 1e-10, max_iter: int = 20_000, check_every: int = 10,
) -> SlopeSolution:
    """Minimise ``Σ_c p(c) I(X; G | C = c) + s·E[D]`` by generalised Blahut–Arimoto.

    Parameters
    ----------
    p_cx : numpy.ndarray
        Joint weights ``p(c, x)``, shape ``(|C|, |X|)``, every ``p(x) > 0``.
    D : numpy.ndarray
        Distortion ``D[x, g]``.
    slope : float
        Lagrange slope ``s >= 0``.
    log_channel : numpy.ndarray, optional
        Warm start ``ln Q``; uniform by default.
    tol : float
        Stop when the Frank–Wolfe bracket of the Lagrangian is below ``tol`` bits.
    max_iter, check_every : int
        Iteration cap, and how often the bracket is evaluated.

    Returns
    -------
    SlopeSolution

    Examples
    --------
    >>> import numpy as np
    >>> p_cx = np.array([[0.25, 0.25], [0.25, 0.25]])
    >>> sol = solve_conditional_slope(p_cx, np.array([[0., 1.], [1., 0.]]), 0.0)
    >>> round(sol.information, 9)
    0.0

    References
    ----------
    I. Csiszár and G. Tusnády, "Information geometry and alternating minimization
    procedures", Statistics & Decisions, Suppl. 1 (1984).
    """
    n_x, n_g = D.shape
    p_x = p_cx.sum(axis=0)
    p_c_given_x = (p_cx / p_x[None, :]).T  # (X, C)
    if log_channel is None:
        log_channel = np.full((n_x, n_g), -np.log(n_g))
    penalty = slope * LN2 * D
    lower = -np.inf
    iterations = 0
    while True:
        log_r = log_marginals(p_cx, log_channel)
        with np.errstate(invalid="ignore"):
            a = p_c_given_x @ _finite(log_r) - penalty
        log_channel = a - _logsumexp_rows(a)[:, None]
        iterations += 1
        if iterations % check_every == 0 or iterations >= max_iter:
            G = frank_wolfe_gradient(p_cx, log_channel)
            lower = max(lower, float((G + slope * p_x[:, None] * D).min(axis=1).sum()))
            Q = np.exp(log_channel)
            value = float((Q * G).sum()) + slope * float(p_x @ (Q * D).sum(axis=1))
            if value - lower <= tol or iterations >= max_iter:
                break
    Q = np.exp(log_channel)
    error = float(p_x @ (Q * D).sum(axis=1))
    information = _information(p_cx, log_channel)
    return SlopeSolution(slope, log_channel, error, information, lower, iterations)

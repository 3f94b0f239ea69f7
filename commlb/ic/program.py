"""The information program and its float solver (stable API, also used by learning/).

Given joint weights ``p(c, x)`` (classes ``c``: one class for external information,
``c = y`` for internal information, ``c = P`` for the memorization frontier) and a
distortion ``D[x, g]`` over decision functions ``g``, the program is

    minimise  f(Q) = Σ_c p(c) I_{p(x|c)}(X; G)   over channels Q(g|x)
    subject to     Σ_x p(x) Σ_g Q(g|x) D[x, g] <= δ.

:func:`minimize_information` solves it in floating point and returns a bracket
with the dual data needed for certification; :mod:`commlb.ic.certify` turns that
into exact, checkable numbers.  Derivations: ``proofs/information_complexity/``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from commlb.errors import InvalidDistributionError, InvalidParameterError
from commlb.ic.dual import best_frank_wolfe_bound
from commlb.ic.reduction import undominated_columns
from commlb.ic.slopes import SlopeSolution, solve_conditional_slope, solve_external_slope

__all__ = ["ProgramResult", "SolveInterrupted", "minimize_information", "validate_program"]


class SolveInterrupted(KeyboardInterrupt):
    """Ctrl-C during a solve; ``partial`` holds the best result so far."""

    def __init__(self, partial):
        super().__init__("interrupted")
        self.partial = partial


@dataclass
class ProgramResult:
    """Float solution of the information program (not certified; see ``certify``).

    Attributes
    ----------
    lower, upper : float
        Float bracket on the optimum (bits).
    channel : numpy.ndarray
        Witness ``Q(g|x)`` over the kept columns, shape ``(|X|, len(columns))``.
    channel_error : float
        Its error ``Σ p(x) Q D``.
    columns : numpy.ndarray
        Indices (into the original ``D``) of the kept, undominated columns.
    slope : float
        Slope ``s`` of the best lower bound (``inf`` at the optimal error).
    output : numpy.ndarray or None
        External objective: output law ``q(g)`` at that slope (rd dual).
    dual_log_channel : numpy.ndarray or None
        Conditional objective: ``ln Q`` whose gradient gives the Frank–Wolfe bound.
    trivial : bool
        True when ``δ`` is at least the trivial error (value 0).
    iterations : int
        Total Blahut–Arimoto iterations.
    seconds : float
        Wall time.
    status : str
        ``"converged"``, ``"gap not reached: ..."`` or ``"interrupted"``.
    """

    lower: float
    upper: float
    channel: np.ndarray
    channel_error: float
    columns: np.ndarray
    slope: float
    output: np.ndarray | None
    dual_log_channel: np.ndarray | None
    trivial: bool
    iterations: int
    seconds: float
    status: str
    rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=int))

    @property
    def gap(self) -> float:
        """``upper - lower``."""
        return self.upper - self.lower


def validate_program(p_cx, D, error) -> tuple[np.ndarray, np.ndarray, float]:
    """Check shapes and values of a program; returns float arrays and the error level."""
    try:
        p_cx = np.asarray(p_cx, dtype=float)
        D = np.asarray(D, dtype=float)
        delta = float(error)
    except (TypeError, ValueError) as exc:
        raise InvalidParameterError(
            f"the program needs numeric arrays p_cx, D and a numeric error ({exc})"
        ) from None
    if p_cx.ndim == 1:
        p_cx = p_cx[None, :]
    if p_cx.ndim != 2 or D.ndim != 2 or p_cx.shape[1] != D.shape[0] or D.shape[1] == 0:
        raise InvalidParameterError(
            f"p_cx has shape {p_cx.shape} and D has shape {D.shape}; need p_cx (classes, |X|) "
            "and D (|X|, |G|) with |G| >= 1"
        )
    if not np.all(np.isfinite(p_cx)) or np.any(p_cx < 0):
        raise InvalidDistributionError("p_cx has a negative or non-finite weight; fix the law")
    if abs(p_cx.sum() - 1.0) > 1e-9:
        raise InvalidDistributionError(f"p_cx sums to {p_cx.sum()!r}, not 1; normalise it")
    if not np.all(np.isfinite(D)) or np.any(D < 0):
        raise InvalidParameterError("D has a negative or non-finite entry; distortions are >= 0")
    if not 0.0 <= delta <= 1.0 and not (delta >= 0 and np.isfinite(delta)):
        raise InvalidParameterError(f"error {error!r} must be a number in [0, 1]")
    return p_cx, D, delta


def minimize_information(
    p_cx, D, error, *, gap: float = 1e-6, max_iter: int = 80, progress: bool = False,
) -> ProgramResult:
    """Minimise ``Σ_c p(c) I(X; G | C = c)`` over channels ``Q(g|x)`` with ``E[D] <= δ``.

    Parameters
    ----------
    p_cx : array_like
        Joint weights ``p(c, x)``, shape ``(|C|, |X|)`` (a 1-d array means one class:
        the external objective ``I(X; G)``).
    D : array_like
        Distortion ``D[x, g] >= 0``, shape ``(|X|, |G|)``.
    error : float
        The error budget ``δ``.
    gap : float
        Target width of the float bracket (bits); certification widens it slightly.
    max_iter : int
        Cap on slope-search steps (each a warm-started Blahut–Arimoto solve).
    progress : bool
        Show a tqdm bar of the bracket width.

    Returns
    -------
    ProgramResult
        Float bracket, witness channel and dual data.

    Raises
    ------
    InvalidParameterError
        Bad shapes, or ``δ`` below the optimal error ``Σ_x p(x) min_g D[x, g]``.
    InvalidDistributionError
        ``p_cx`` is not a probability law.
    SolveInterrupted
        On Ctrl-C, carrying the best bracket so far in ``.partial``.

    Examples
    --------
    One bit through a binary symmetric test channel: ``R(δ) = 1 - h(δ)``.

    >>> import numpy as np
    >>> r = minimize_information(np.array([0.5, 0.5]), np.array([[0., 1.], [1., 0.]]), 0.1)
    >>> abs(r.upper - 0.5310044064107188) < 1e-6 and r.upper - r.lower <= 1e-6
    True

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021 (arXiv:2012.06421), sec. 4
    (information complexity of one-way problems); docs/architecture.md, "One program".
    """
    started = time.perf_counter()
    p_cx, D, delta = validate_program(p_cx, D, error)
    p_x_all = p_cx.sum(axis=0)
    rows = np.flatnonzero(p_x_all > 0)
    p_cx = p_cx[:, rows]
    p_cx = p_cx[p_cx.sum(axis=1) > 0]
    D_rows = D[rows]
    p_x = p_cx.sum(axis=0)
    columns = undominated_columns(D_rows)
    Dk = D_rows[:, columns]
    optimal_error = float(p_x @ Dk.min(axis=1))
    column_errors = np.einsum("x,xg->g", p_x, Dk)
    trivial_error = float(column_errors.min())
    tiny = 1e-12
    if delta < optimal_error - tiny:
        raise InvalidParameterError(
            f"error {delta!r} is below the optimal error {optimal_error:.6g} of this problem; "
            "no protocol achieves it, so raise the error"
        )
    if delta >= trivial_error - tiny * 0 and delta >= trivial_error:
        g0 = int(np.argmin(column_errors))
        Q = np.zeros((len(rows), len(columns)))
        Q[:, g0] = 1.0
        return ProgramResult(0.0, 0.0, Q, trivial_error, columns, 0.0, None, None, True, 0,
                             time.perf_counter() - started, "converged", rows)
    external = p_cx.shape[0] == 1
    if delta <= optimal_error + tiny:
        # Only the per-x optimal decisions are allowed: infinite slope.
        Dk = np.where(Dk <= Dk.min(axis=1, keepdims=True) + tiny, 0.0, np.inf)
        sol = _solve(p_cx, p_x, Dk, np.inf, None, gap, external)
        return _finish(p_cx, p_x, Dk, delta - optimal_error, sol, sol, 1.0, [sol], columns,
                       rows, external, started, sol.iterations, gap, "")
    return _slope_search(p_cx, p_x, Dk, delta, columns, rows, external, gap, max_iter,
                         progress, started, trivial_error, column_errors)


def _solve(p_cx, p_x, D, slope, warm, gap, external) -> SlopeSolution:
    tol = max(gap * 1e-3, 1e-13)
    if np.isinf(slope):
        Dz = np.where(np.isinf(D), 1.0, 0.0)
        big = 800.0  # 2^-800 underflows: non-optimal decisions get no mass
        if external:
            sol = solve_external_slope(p_x, Dz, big, tol=tol)
        else:
            sol = solve_conditional_slope(p_cx, Dz, big, tol=tol)
        sol.slope = np.inf
        sol.error = 0.0
        return sol
    # Iteration caps: near a kink of the curve Blahut–Arimoto converges slowly, but
    # every iterate still gives valid bounds, and the slope search moves on.
    cap = int(min(5_000, max(1_000, 2e7 / D.size)))
    if external:
        return solve_external_slope(p_x, D, slope, output=None if warm is None else warm.output,
                                    tol=tol, max_iter=cap)
    return solve_conditional_slope(p_cx, D, slope, tol=tol, max_iter=cap // 2,
                                   log_channel=None if warm is None else warm.log_channel)


def _trivial_solution(p_cx, p_x, D, column_errors) -> SlopeSolution:
    g0 = int(np.argmin(column_errors))
    log_q = np.full(D.shape, -np.inf)
    log_q[:, g0] = 0.0
    out = np.zeros(D.shape[1])
    out[g0] = 1.0
    return SlopeSolution(0.0, log_q, float(column_errors[g0]), 0.0, 0.0, 0, out)


def _lower_bound(p_cx, p_x, D, delta, sol, external) -> float:
    """Float dual bound at ``δ`` from one slope solution (rd dual or Frank–Wolfe)."""
    if external:
        if np.isinf(sol.slope):
            return sol.lagrangian_lower if delta <= 1e-12 else -np.inf
        return sol.lagrangian_lower - sol.slope * delta
    return best_frank_wolfe_bound(p_cx, D, sol.log_channel, delta)[0]


def _slope_search(p_cx, p_x, D, delta, columns, rows, external, gap, max_iter, progress,
                  started, trivial_error, column_errors) -> ProgramResult:
    lo = _trivial_solution(p_cx, p_x, D, column_errors)  # error > δ, slope 0
    hi = None
    solved: list[SlopeSolution] = []
    iterations = 0
    slope = 1.0
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=None, desc="IC slope search", unit="step", leave=False)
    best_lower, best_sol = 0.0, None
    status = ""
    budget = int(min(20_000, max(5_000, 3e9 / D.size)))  # total Blahut–Arimoto iterations
    try:
        for _step in range(max_iter):
            sol = _solve(p_cx, p_x, D, slope, hi or (solved[-1] if solved else None), gap,
                         external)
            iterations += sol.iterations
            solved.append(sol)
            bound = _lower_bound(p_cx, p_x, D, delta, sol, external)
            if bound > best_lower:
                best_lower, best_sol = bound, sol
            if iterations > budget:
                status = f"gap not reached: iteration budget {budget} spent"
                if sol.error > delta:
                    lo = sol
                else:
                    hi = sol
                break
            if sol.error > delta:
                lo = sol
            else:
                hi = sol
            if hi is not None:
                theta = _weight(lo, hi, delta)
                upper = theta * lo.information + (1 - theta) * hi.information
                if bar is not None:
                    bar.set_postfix(width=f"{upper - best_lower:.2e}")
                    bar.update()
                if upper - best_lower <= 0.5 * gap or hi.slope - lo.slope <= 1e-13 * hi.slope:
                    break
                slope = _next_slope(lo, hi, delta, _step)
            else:
                slope *= 4.0
                if slope > 1e8:
                    break
        else:
            status = f"gap not reached after {max_iter} slope steps"
    except KeyboardInterrupt:
        status = "interrupted"
    finally:
        if bar is not None:
            bar.close()
    if hi is None:
        # Error still above δ at the steepest slope tried: use the exact-error channel.
        hi = _solve(p_cx, p_x, np.where(D <= D.min(axis=1, keepdims=True), 0.0, np.inf),
                    np.inf, None, gap, external)
        hi.error = float(p_x @ (hi.channel * D).sum(axis=1))
    theta = _weight(lo, hi, delta)
    result = _finish(p_cx, p_x, D, delta, lo, hi, theta, [best_sol] if best_sol else [],
                     columns, rows, external, started, iterations, gap, status)
    if status == "interrupted":
        raise SolveInterrupted(result)
    return result


def _next_slope(lo: SlopeSolution, hi: SlopeSolution, delta: float, step: int) -> float:
    """Regula falsi on ``e(s) = δ`` in the bracket, with bisection every third step."""
    width = hi.slope - lo.slope
    if step % 3 == 2 or lo.error <= hi.error:
        return lo.slope + 0.5 * width
    t = (lo.error - delta) / (lo.error - hi.error)
    return lo.slope + min(0.9, max(0.1, t)) * width


def _weight(lo: SlopeSolution, hi: SlopeSolution, delta: float) -> float:
    """``θ`` with ``θ·e_lo + (1 - θ)·e_hi = δ`` (``e_lo > δ >= e_hi``)."""
    if lo.error <= hi.error:
        return 0.0
    return float(min(1.0, max(0.0, (delta - hi.error) / (lo.error - hi.error))))


def _finish(p_cx, p_x, D, delta, lo, hi, theta, duals, columns, rows, external, started,
            iterations, gap, status) -> ProgramResult:
    from commlb.ic.slopes import _information

    Q = theta * lo.channel + (1 - theta) * hi.channel
    finite_D = np.where(np.isinf(D), 0.0, D)
    channel_error = float(p_x @ (Q * finite_D).sum(axis=1))
    with np.errstate(divide="ignore"):
        upper = _information(p_cx, np.log(Q))
    lower, slope, output, dual_log = 0.0, 0.0, None, None
    candidates = list(duals) + [hi]
    for sol in candidates:
        if sol is None:
            continue
        bound = _lower_bound(p_cx, p_x, D, delta, sol, external)
        if bound >= lower:
            lower, slope = bound, sol.slope
            output, dual_log = sol.output, (None if external else sol.log_channel)
    if not status:
        status = "converged" if upper - lower <= gap else \
            f"gap not reached: float bracket width {upper - lower:.3g} > {gap:g}"
    return ProgramResult(lower, upper, Q, channel_error, columns, slope, output, dual_log,
                         False, iterations, time.perf_counter() - started, status, rows)

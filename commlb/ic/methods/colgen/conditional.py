"""Column generation for conditional objectives: ``Σ_c p(c) I(X; G | C = c)`` (issue 9, point 3).

Internal information (``c = y``) and the memorization frontier (``c = P``) share
the program of :mod:`commlb.ic.program`; when the distortion is separable
(:class:`commlb.ic.methods.colgen.separable.SeparableProgram`) the decision functions never
need listing.  Each round

1. solves the restricted program over the generated columns ``K`` (first with
   :func:`commlb.ic.program.minimize_information`, then warm-started at a fixed slope
   or by a slope bracket around δ), which gives a channel over ``K`` feasible for the
   full program;
2. takes the restricted marginals ``r̂_c`` at the slope ``s`` (polished, positive on
   ``K``), sets ``λ_x = 1/Z_x`` and bounds every class's maximum over *all* decision
   functions, with one AM–GM direction searched per function outside ``K``: the
   lower bound (*) of ``proofs/column_generation/conditional_dual.md``;
3. adds the functions that exceed the bound on ``K`` to the columns;

until ``upper - lower <= gap`` or no new column appears.  The lower bound is then
certified by :mod:`commlb.certificates.witnesses.conditional` (outward-rounded arithmetic, its
own pricing) and the best channel, rounded to rationals, by
:mod:`commlb.certificates.witnesses.channel` (exact error, interval information).
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np

from commlb.certificates import envelope
from commlb.errors import InvalidParameterError
from commlb.ic.methods.bracket import Bracket, to_result
from commlb.ic.methods.colgen.conditional_bound import bound_parts, polished_log_marginals
from commlb.ic.methods.colgen.conditional_certificate import certify_lower, certify_upper
from commlb.ic.methods.colgen.separable import (
    MAX_PRICED,
    ChunkedPricing,
    SeparableProgram,
    program_source,
)
from commlb.info import Interval

__all__ = ["can_run", "run", "conditional_column_generation", "program_source"]


def _fraction(value, name: str) -> Fraction:
    try:
        return Fraction(str(value)) if not isinstance(value, Fraction) else value
    except (ValueError, ZeroDivisionError):
        raise InvalidParameterError(f"{name} {value!r} is not a number; give e.g. 0.1") from None


def _initial_columns(cost: np.ndarray, p_x: np.ndarray) -> dict[bytes, np.ndarray]:
    """The best function of every ``x`` (keeps the restricted program feasible at δ = ε*)
    and the best constant-message function."""
    cols: dict[bytes, np.ndarray] = {}
    for g in list(cost.argmin(axis=2)) + [np.einsum("x,xuo->uo", p_x, cost).argmin(axis=1)]:
        g = np.asarray(g, dtype=np.int64)
        cols.setdefault(g.tobytes(), g)
    return cols


def _log_channel(p_cx: np.ndarray, D: np.ndarray, result, slope: float) -> np.ndarray:
    """``ln Q(g|x)`` of a restricted solution on all columns (``-700`` for unused ones)."""
    if result.dual_log_channel is None:  # one class: Q(g|x) ∝ q(g) 2^{-s D[x, g]}
        q = np.zeros(D.shape[1])
        q[result.columns] = result.output
        with np.errstate(divide="ignore"):
            a = np.log(np.maximum(q, 1e-300))[None, :] - slope * np.log(2.0) * D
    else:
        a = np.full(D.shape, -700.0)
        a[np.ix_(result.rows, result.columns)] = np.maximum(result.dual_log_channel, -700.0)
    m = a.max(axis=1, keepdims=True)
    return a - (m + np.log(np.exp(a - m).sum(axis=1, keepdims=True)))


def _log_marginals(p_cx: np.ndarray, log_q: np.ndarray) -> np.ndarray:
    """``ln r_c(g) = ln Σ_x p(x|c) Q(g|x)``."""
    from commlb.ic.methods.colgen.conditional_bound import log_class_sums

    return log_class_sums(p_cx / p_cx.sum(axis=1, keepdims=True), log_q)


def _warm_solve(p_cx: np.ndarray, D: np.ndarray, slope: float, log_q: np.ndarray,
                tol: float, full: bool = False):
    """Alternating minimisation at a fixed slope, warm-started; new columns start small."""
    from commlb.ic.slopes import solve_conditional_slope

    extra = D.shape[1] - log_q.shape[1]
    warm = np.concatenate([log_q, np.full((log_q.shape[0], extra), np.log(1e-6))], axis=1)
    warm = warm - np.log(np.exp(warm).sum(axis=1, keepdims=True))
    sol = solve_conditional_slope(p_cx, D, slope, log_channel=warm, tol=tol, max_iter=3000)
    sol.log_channel = np.maximum(sol.log_channel, -700.0)
    return sol if full else sol.log_channel


def _bracketing_upper(p_cx, D, slope, log_q, excess, tol):
    """Upper bound from two warm-started slope solutions on either side of ``δ``.

    Returns ``(upper, slope near e(s) = δ, ln Q there, the mixture channel)``: the mixture
    of the two channels has error ``δ`` and information at most the mixture of theirs
    (convexity).
    """
    one = _warm_solve(p_cx, D, slope, log_q, tol, full=True)
    factor = 1.02 if one.error > excess else 1 / 1.02
    two = one
    for _ in range(60):
        if (two.error - excess) * (one.error - excess) <= 0 and two is not one:
            break
        one, s2 = two, two.slope * factor
        two = _warm_solve(p_cx, D, s2, one.log_channel, tol, full=True)
        factor = factor**1.5
    lo, hi = (one, two) if one.error > two.error else (two, one)
    if not lo.error > excess >= hi.error:
        return math.inf, slope, log_q, None
    theta = (excess - hi.error) / (lo.error - hi.error)
    upper = theta * lo.information + (1 - theta) * hi.information
    mixture = theta * np.exp(lo.log_channel) + (1 - theta) * np.exp(hi.log_channel)
    s_mid = lo.slope + (hi.slope - lo.slope) * (lo.error - excess) / (lo.error - hi.error)
    mid = _warm_solve(p_cx, D, s_mid, hi.log_channel, tol, full=True)
    return upper, s_mid, mid.log_channel, mixture


def conditional_column_generation(program: SeparableProgram, error, gap: float = 1e-6, *,
                                  pricing=None, top: int = 16, max_rounds: int = 60,
                                  source: dict | None = None, objective: str = "conditional",
                                  progress: bool = False) -> Bracket:
    """Certified bracket on ``min_Q Σ_c p(c) I(X; G | C = c)`` s.t. ``E[D] <= δ`` by column generation.

    Parameters
    ----------
    program : SeparableProgram
        Exact classes ``p(c, x)`` and separable distortion.
    error : number
        ``δ`` (read exactly: ``0.1 -> 1/10``); at least the optimal error ``ε*``.
    gap : float
        Target width (bits).
    pricing : object, optional
        Pricing over all decision functions with ``directional_maxima``; default
        :class:`ChunkedPricing`.
    top : int
        Columns added per round (largest violation first).
    max_rounds : int
        Cap on rounds.
    source : dict, optional
        Certificate source; default: the program itself.
    objective : str
        Label written into the certificate.
    progress : bool
        tqdm bar; Ctrl-C returns the best certified bracket so far.

    Returns
    -------
    Bracket

    Raises
    ------
    InvalidParameterError
        δ not a number, or below the optimal error.

    Examples
    --------
    One fair bit, Hamming distortion, one class: ``1 - h(1/10)`` bits.

    >>> from fractions import Fraction as F
    >>> prog = SeparableProgram.from_costs([[F(1, 2), F(1, 2)]], [[[0, 1]], [[1, 0]]])
    >>> r = conditional_column_generation(prog, "1/10")
    >>> r.lower.lo <= 0.5310044064107 <= r.upper.hi and r.gap <= 1e-6
    True

    References
    ----------
    ``proofs/column_generation/conditional_dual.md``; Dantzig and Wolfe 1960;
    Csiszár and Tusnády 1984 (the restricted solver).
    """
    from commlb.ic.program import SolveInterrupted, minimize_information

    started = time.perf_counter()
    delta = _fraction(error, "error")
    excess_exact = delta - program.optimal_error
    if excess_exact < 0 or delta > 1:
        raise InvalidParameterError(
            f"error {delta} is outside [optimal error {program.optimal_error}, 1]; raise or lower it")
    pricing = ChunkedPricing(program) if pricing is None else pricing
    p_cx, cost = program.floats()
    p_x = p_cx.sum(axis=0)
    excess = float(excess_exact)
    cols = _initial_columns(cost, p_x)
    statement = dict(source if source is not None else program_source(program),
                     objective=objective, error=str(delta))
    cert = envelope(statement, {"type": "none"}, {"type": "none"}, None, None)
    best = None  # (value, data for the certificate)
    upper, rounds, status = math.inf, 0, f"max_rounds {max_rounds} reached"
    refine, polish = False, 0
    channel = None
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=None, desc="conditional column generation", unit="round", leave=False)
    search, log_q, slope = True, None, 1.0
    try:
        while rounds < max_rounds:
            rounds += 1
            K = np.stack(list(cols.values()))
            D = program.shifted_distortion(K)
            width = upper - best[0] if best is not None else math.inf
            inner = gap * 0.1 if refine else max(gap * 0.1, min(1e-3, width / 20))
            if search and log_q is None:  # slope search and upper bound on the restricted program
                try:
                    res = minimize_information(p_cx, D, excess, gap=inner)
                except SolveInterrupted:
                    raise KeyboardInterrupt from None
                if res.upper < upper:
                    upper = res.upper
                    channel = (K, _full_channel(res, D))
                if res.trivial:
                    best = (0.0, None)
                    status = "converged (trivial: a constant message meets the error)"
                    break
                slope = res.slope
                if not math.isfinite(slope):
                    slope = 64.0 / max(float(cost[cost > 0].min()), 1e-12) if (cost > 0).any() else 1.0
                slope = float(Fraction(slope).limit_denominator(10**9))
                log_q = _log_channel(p_cx, D, res, slope)
            elif search and excess > 0:  # warm slope bracket: a tighter upper bound, a better slope
                value, s_new, q_new, mixture = _bracketing_upper(p_cx, D, slope, log_q, excess, inner)
                if value < upper:
                    upper, channel = value, (K, mixture)
                slope, log_q = float(Fraction(s_new).limit_denominator(10**9)), q_new
            else:  # same slope, warm start with the new columns
                log_q = _warm_solve(p_cx, D, slope, log_q, inner)
            r = np.exp(_log_marginals(p_cx, log_q))
            log_r = polished_log_marginals(p_cx, D, r / r.sum(axis=1, keepdims=True), slope)
            probe = bound_parts(p_cx, D, log_r, slope, excess, None)
            cond = (p_cx / p_x[None, :]).T
            close = upper - (best[0] if best is not None else -math.inf) <= 100 * gap
            steps = 400 if close or refine else 100
            values, found, ratios = pricing.directional_maxima(probe.weights, cond, probe.restricted_max,
                                                          slope, top=top, exclude=K, iterations=steps)
            values = values * (1 + 1e-12)
            part = bound_parts(p_cx, D, log_r, slope, excess, values)
            if best is None or part.value > best[0]:
                best = (part.value, (K, log_r, slope, values, probe.restricted_max, steps))
            # a column whose ratio ν is within gap/4 of 1 can raise the bound by at most ~gap/4
            fresh = {g.tobytes(): g for g, v in zip(found, ratios, strict=True)
                     if v > 1 + gap / 4 and g.tobytes() not in cols}
            if bar is not None:
                bar.set_postfix(width=f"{upper - best[0]:.2e}", columns=len(cols))
                bar.update()
            if upper - best[0] <= gap:
                status = "converged"
                break
            if not fresh:
                if not (search and refine) or polish < 3:  # nothing to add: refine the slope
                    polish = polish + 1 if search and refine else 0
                    search = refine = True
                    continue
                status = f"stalled: no new column (float width {upper - best[0]:.3g})"
                break
            cols.update(fresh)
            search = False
    except KeyboardInterrupt:
        if best is None:
            raise
        status = "interrupted (best bracket so far, still certified)"
    finally:
        if bar is not None:
            bar.close()
    lower = certify_lower(program, cert, delta, best[1])
    Q, upper_value = None, Interval(upper, upper, certified=False)
    cert["claim"]["upper"] = upper + 1e-12 * max(1.0, abs(upper))  # a float value unless the
    # rounded channel below is certified (it then replaces the claim)
    if channel is not None and channel[1] is not None:
        Q = channel[1]
        certified = certify_upper(program, cert, channel[0], Q)
        if certified is not None:
            upper_value = certified
    return Bracket(lower, upper_value, cert, len(cols), rounds, time.perf_counter() - started,
                   status, Q)


def _full_channel(res, D: np.ndarray) -> np.ndarray:
    """The solver's channel over all of ``K`` (rows it dropped send their best column)."""
    Q = np.zeros(D.shape)
    Q[np.ix_(res.rows, res.columns)] = res.channel
    empty = Q.sum(axis=1) == 0
    Q[empty, np.argmin(D[empty], axis=1)] = 1.0
    return Q


def internal_program(problem) -> SeparableProgram:
    """The separable program of ``I(X; G | Y)``: classes ``c = y``, ``p(c, x) = μ(x, y)``.

    ``D[x, g] = Σ_y C[x, y, g(y)]`` with ``C`` the problem's cost table.

    Examples
    --------
    >>> from commlb.problems import get
    >>> internal_program(get("index", d=1)).shape
    (2, 1, 2)
    """
    if not problem.exact:
        raise InvalidParameterError(f"{problem.name} has a float law; certification needs an exact one")
    xy = problem.xy_matrix(exact=True)
    return SeparableProgram.from_costs(xy.T, problem.cost_table(exact=True))


def _program(statement) -> SeparableProgram:
    problem = statement.problem
    if statement.objective == "conditional":  # the frontier: the problem offers its program
        return problem.separable_program()
    if not problem.exact:
        raise InvalidParameterError(f"{problem.name} has a float law; certification needs an "
                                    "exact one")
    xy = problem.xy_matrix(exact=True)
    classes = xy.T if statement.objective == "internal" else xy.sum(axis=1)[None, :]
    return SeparableProgram.from_costs(classes, problem.cost_table(exact=True))


def can_run(statement) -> tuple[bool, str]:
    """Whether this method takes ``statement``: a decision-function set chunked pricing can cover.

    Returns ``(True, "")`` or ``(False, reason)``, from sizes and declared structure only.
    """
    if statement.objective == "conditional":
        functions = statement.problem.num_functions
        if functions > MAX_PRICED:
            return False, f"{functions} decision functions, above the {MAX_PRICED} of chunked pricing"
        return True, ""
    if statement.log2_functions > math.log2(MAX_PRICED):
        return False, (f"2^{statement.log2_functions:.4g} decision functions, above the "
                       f"2^{round(math.log2(MAX_PRICED))} that chunked pricing covers")
    return True, ""


def run(statement, gap: float = 1e-6, progress: bool = False, top: int = 16,
         max_rounds: int = 60):
    """Run the method on ``statement``: the conditional column-generation bracket.

    Returns an :class:`~commlb.ic.result.ICResult` with its certificate.
    """
    program = _program(statement)
    s = statement.structure
    if statement.objective == "conditional":
        source, delta = None, min(Fraction(1), program.optimal_error + statement.error)
    else:
        delta = statement.error
        source = program_source(program)  # a family source would mean classes c = y
        if s is not None and statement.objective == "internal":
            source = {"problem": {"name": s.family, "params": {
                k: (str(v) if isinstance(v, Fraction) else v) for k, v in s.params.items()}}}
    bracket = conditional_column_generation(
        program, delta, gap, top=top, max_rounds=max_rounds, source=source,
        objective=statement.objective, progress=progress)
    return to_result(bracket, statement, "conditional-colgen", gap)

"""Certified external information complexity by column generation with exact pricing.

The restricted problem over the current columns (decision functions) is solved by
the alternating minimisation of :func:`commlb.ic.program.minimize_information`;
its output law ``q`` at the best slope ``s`` gives the dual point
``λ(x) = 1/Σ_g q(g) 2^{-s D[x, g]}``.  A pricing oracle then maximises
``Σ_x p(x) λ(x) 2^{-s D[x, g]}`` over *all* decision functions; scaling ``λ`` by
that exact maximum ``M`` makes it dual feasible, so

    IC(δ) >= Σ_x p(x) log2 λ(x) - log2 M - s δ

holds whatever columns were generated.  The maximisers join the column set and
the loop repeats until the bracket is below the requested gap (Dantzig and Wolfe
1960; the bound: ``proofs/column_generation/pricing.md``).  The certificate names
the catalogue family, whose program the checker builds itself, so the method
serves problems with a declared structure.
"""

from __future__ import annotations

import math
import time
from fractions import Fraction

import numpy as np

from commlb.certificates import envelope
from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.ic.methods.bracket import Bracket, to_result
from commlb.ic.methods.colgen.restricted import channel_terms, mixed_information, restricted_slope
from commlb.ic.methods.colgen.separable import SeparableProgram, program_source
from commlb.ic.methods.colgen.witness import certified_dual_lower, channel_witness, rational_text
from commlb.ic.pricing import MAX_PRICED_LOG2, oracle_for
from commlb.ic.pricing.separable import SeparableOracle
from commlb.ic.registry import NotApplicable
from commlb.info import Exact, Interval

__all__ = ["can_run", "run", "column_generation", "statement_certificate", "pricing_oracle",
           "on_support", "MAX_COST_TABLE"]

MAX_SCALE = 1024
MAX_COST_TABLE = 2**22  # |X|·|Y|·|O| of the cost table a problem built by hand embeds


def statement_certificate(statement) -> dict:
    """The certificate skeleton: a declared family by name, any other problem by its program.

    A problem built by hand is embedded as the separable program
    ``D[x, g] = Σ_y C[x, y, g(y)]`` of its exact cost table (one class: the external
    objective), so the checker prices exactly what was solved.
    """
    s = statement.structure
    if s is not None:
        params = {k: (str(v) if isinstance(v, Fraction) else v) for k, v in s.params.items()}
        source = {"problem": {"name": s.family, "params": params}}
    else:
        problem = statement.problem
        p_x = problem.alice_marginal(exact=True)
        source = program_source(SeparableProgram.from_costs([list(p_x)],
                                                            problem.cost_table(exact=True)))
    return envelope(dict(source, objective=statement.objective, error=str(statement.error)),
                    {"type": "none"}, {"type": "none"}, None, None)


def pricing_oracle(statement):
    """The exact pricing oracle: a declared form, else meet in the middle over the cost table.

    A problem built by hand is priced over its cost table (scale ``L`` the common
    denominator of ``C``), the form its embedded program gives the checker.
    """
    if statement.structure is None:
        return SeparableOracle.from_problem(statement.problem)
    return oracle_for(statement.problem)


def on_support(cert: dict, p_x) -> dict:
    """An embedded program lists only inputs of positive probability: drop the others' rows."""
    if "program" not in cert["statement"] or all(v > 0 for v in p_x):
        return cert
    keep = [x for x, v in enumerate(p_x) if v > 0]
    lower, upper = cert["lower_witness"], cert["upper_witness"]
    if isinstance(lower.get("lambda"), list):
        lower["lambda"] = [lower["lambda"][x] for x in keep]
    if upper.get("type") == "channel-columns":
        upper["rows"] = [upper["rows"][x] for x in keep]
    return cert


def can_run(statement) -> tuple[bool, str]:
    """Whether this method takes ``statement``: an exact law and a pricing oracle of feasible size.

    Returns ``(True, "")`` or ``(False, reason)``, from sizes and declared structure only.
    """
    s = statement.structure
    if s is None:
        x, y, o = statement.sizes
        if not statement.problem.exact:
            return False, "its law is not exact (floats); certification needs exact rationals"
        if x * y * o > MAX_COST_TABLE:
            return False, (f"its cost table has |X|·|Y|·|O| = {x * y * o} entries, above the "
                           f"{MAX_COST_TABLE} a certificate embeds")
    if (s is None or s.pricing is None) and statement.log2_functions > MAX_PRICED_LOG2:
        return False, (f"no structured pricing form and 2^{statement.log2_functions:.4g} decision "
                       f"functions, above the 2^{MAX_PRICED_LOG2} that meet-in-the-middle pricing "
                       "covers")
    floor = statement.declared_optimal_error
    if floor is not None and statement.error <= floor:
        return False, (f"its rate–distortion dual needs δ above the optimal error {floor} "
                       "(the slope is infinite there)")
    return True, ""


def run(statement, gap: float = 1e-6, progress: bool = False, top: int = 4,
         max_rounds: int = 200) -> object:
    """Run the method on ``statement``: the column-generation bracket of the external IC.

    Returns an :class:`~commlb.ic.result.ICResult` with its certificate.
    """
    started = time.perf_counter()
    problem, delta = statement.problem, statement.error
    optimal = statement.optimal_error()
    if delta < optimal:
        raise InvalidParameterError(f"error {delta} is below the optimal error {optimal} of "
                                    f"{problem.name}; raise the error")
    if delta == optimal:
        raise NotApplicable("its rate–distortion dual needs δ above the optimal error "
                            f"{optimal} (the slope is infinite there)")
    try:
        oracle = pricing_oracle(statement)
        bracket = column_generation(oracle, delta, gap, statement_certificate(statement), top,
                                    max_rounds, started, progress)
        on_support(bracket.certificate, oracle.p_x_exact)
    except InstanceTooLargeError as exc:
        raise NotApplicable(str(exc)) from None
    return to_result(bracket, statement, "colgen", gap)



def _initial_columns(oracle) -> dict[bytes, np.ndarray]:
    cols: dict[bytes, np.ndarray] = {}
    n = oracle.num_x
    for beta in (0.999, 0.5, 0.1):
        for g in oracle.price(oracle.p_x, beta, top=2)[1]:
            cols.setdefault(g.tobytes(), g)
    for x in range(n):  # a best column for each x keeps the restricted problem feasible
        w = np.zeros(n)
        w[x] = 1.0
        g = oracle.price(w, 1e-6)[1][0]
        cols.setdefault(g.tobytes(), g)
    return cols


def _rational_lambda(lam: np.ndarray) -> list[Fraction]:
    scale = 2**40
    return [Fraction(max(1, round(v * scale)), scale) for v in lam / lam.max()]


def column_generation(oracle, delta: Fraction, gap: float, cert: dict, top: int = 4,
                      max_rounds: int = 200, started: float | None = None,
                      progress: bool = False) -> Bracket:
    """The column-generation loop over an exact pricing oracle (external objective).

    An outer bisection on the slope ``s`` (in bits per unit of error); at each
    slope, restricted Blahut–Arimoto and pricing alternate until no column
    violates the dual condition; the upper bound mixes the two channels that
    bracket ``δ`` (mutual information is convex in the channel).
    """
    started = time.perf_counter() if started is None else started
    p, L, dlt = oracle.p_x, oracle.scale, float(delta)
    if L > MAX_SCALE:
        raise InstanceTooLargeError(
            f"the distortion's common denominator L = {L} is above {MAX_SCALE}; the exact rational "
            "base β = 2^(-s/L) would need huge integers; use a structured oracle or coarser parameters"
        )
    cols = _initial_columns(oracle)
    D = oracle.distortion(np.stack(list(cols.values())))
    errors = p @ D
    if errors.min() <= dlt:  # one column meets δ with no message: IC = 0
        g = int(np.argmin(errors))
        cert["lower_witness"] = {"type": "rd-dual-pricing", "pricing": oracle.name, "base": "1", "scale": L,
                         "lambda": "1", "claimed_max": "1"}
        Q = np.zeros((len(p), D.shape[1]))
        Q[:, g] = 1.0
        column = list(cols.values())[g]
        cert["upper_witness"] = {"type": "channel-columns", "columns": [[int(v) for v in column]],
                                 "rows": [["1"] for _ in range(len(p))]}
        return Bracket(Exact(0), Exact(0), cert, len(cols), 0, time.perf_counter() - started,
                       "converged (trivial)", Q)
    q = np.full(D.shape[1], 1.0 / D.shape[1])
    s, s_lo, s_hi = float(L), 0.0, math.inf
    lo_pt = hi_pt = None
    best, rounds, status, upper = (-math.inf, None), 0, "max_rounds reached", math.inf
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=None, desc="column generation", unit="slope", leave=False)
    try:
        while rounds < max_rounds:
            beta = Fraction(2.0 ** (-s / L)).limit_denominator(10**9)
            slope = -L * math.log2(beta)
            while rounds < max_rounds:  # pricing rounds at this slope
                rounds += 1
                A = np.exp2(-slope * D)
                q, _ = restricted_slope(p, A, q, tol=gap * 1e-3)
                with np.errstate(over="ignore", divide="ignore"):
                    lam = 1.0 / (A @ q)
                if not np.all(np.isfinite(lam)):
                    break
                M, new = oracle.price(p * lam, float(beta), top=top)
                fresh = [g for g in new if g.tobytes() not in cols]
                if math.log2(M) <= gap * 1e-2 or not fresh:
                    break
                for g in fresh:
                    cols[g.tobytes()] = g
                D = np.concatenate([D, oracle.distortion(np.stack(fresh))], axis=1)
                q = np.concatenate([q, np.full(len(fresh), 1e-3 / len(fresh))])
                q /= q.sum()
            lower = float(p @ np.log2(lam)) - math.log2(M) - slope * dlt
            if lower > best[0]:
                best = (lower, (lam, beta))
            err, info, Q = channel_terms(p, D, A, q)
            if err > dlt:
                lo_pt, s_lo = (err, info, Q), slope
            else:
                hi_pt, s_hi = (err, info, Q), slope
            if hi_pt is not None:
                upper = mixed_information(lo_pt, hi_pt, dlt)
            if bar is not None:
                bar.set_postfix(width=f"{upper - best[0]:.2e}", columns=len(cols))
                bar.update()
            if upper - best[0] <= gap:
                status = "converged"
                break
            if (math.isfinite(s_hi) and s_hi - s_lo <= 1e-12 * s_hi) or s_lo > 1e6:
                status = f"slope search stalled at s = {s:.6g}"
                break
            s = 2 * s if math.isinf(s_hi) else 0.5 * (s_lo + s_hi)
    except KeyboardInterrupt:
        if best[1] is None:
            raise
        status = "interrupted (best bracket so far, still certified)"
    finally:
        if bar is not None:
            bar.close()
    columns = np.stack(list(cols.values()))

    def pad(Q):
        return np.pad(Q, ((0, 0), (0, D.shape[1] - Q.shape[1])))

    channel, upper_value = None, Interval(math.inf, math.inf, certified=False)
    if hi_pt is not None:
        Q_lo = None if lo_pt is None else pad(lo_pt[2])
        theta = 0.0 if lo_pt is None or lo_pt[0] <= hi_pt[0] else \
            (dlt - hi_pt[0]) / (lo_pt[0] - hi_pt[0])
        witness, certified = channel_witness(oracle, Q_lo, pad(hi_pt[2]), theta, columns, delta)
        if witness is not None:
            cert["upper_witness"] = witness
            upper_value = certified
            channel = np.array([[float(Fraction(v)) for v in row] for row in witness["rows"]])
    lam, beta = best[1]
    lam_r = _rational_lambda(lam)
    w = [a * b for a, b in zip(oracle.p_x_exact, lam_r, strict=True)]
    M_exact = oracle.price_exact(w, beta)
    cert["lower_witness"] = {"type": "rd-dual-pricing", "pricing": oracle.name, "base": str(beta), "scale": L,
                     "lambda": [str(v) for v in lam_r], "claimed_max": rational_text(M_exact)}
    lower = certified_dual_lower(oracle.p_x_exact, lam_r, M_exact, beta, L, delta)
    return Bracket(lower, upper_value, cert, len(cols), rounds, time.perf_counter() - started,
                   status, channel)

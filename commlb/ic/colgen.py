"""Certified information complexity by column generation with exact pricing (issue 9).

The restricted problem over the current columns (decision functions) is solved by
the alternating minimisation of :func:`commlb.ic.program.minimize_information`;
its output law ``q`` at the best slope ``s`` gives the dual point
``λ(x) = 1/Σ_g q(g) 2^{-s D[x, g]}``.  A pricing oracle then maximises
``Σ_x p(x) λ(x) 2^{-s D[x, g]}`` over *all* decision functions; scaling ``λ`` by
that exact maximum ``M`` makes it dual feasible, so

    IC(δ) >= Σ_x p(x) log2 λ(x) - log2 M - s δ

holds whatever columns were generated.  The maximisers join the column set and
the loop repeats until the bracket is below the requested gap.  For the
XOR-symmetric problems (the indexing problems, Gap-Hamming) the orbit reduction
of :mod:`commlb.ic.colgen_symmetric` replaces the loop.  Proofs:
``proofs/column_generation/``.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.ic.colgen_orbit import orbit_external_bracket
from commlb.ic.colgen_restricted import channel_terms, mixed_information, restricted_slope
from commlb.ic.colgen_symmetric import SYMMETRIC_PROBLEMS, symmetric_external_bracket
from commlb.ic.colgen_witness import certified_dual_lower, channel_witness, rational_text
from commlb.ic.pricing import oracle_for
from commlb.info import Exact, Interval

__all__ = ["ColgenResult", "information_complexity_colgen", "column_generation"]

MAX_SCALE = 1024
SYMMETRY_SEARCH_LIMIT = 50_000  # |X|·|Y|·|O|: gap-hamming d = 5 (6144) takes 0.7 s


@dataclass
class ColgenResult:
    """A bracket on the information complexity from column generation.

    Attributes
    ----------
    lower : Exact or Interval
        Certified lower bound (bits), backed by ``certificate``.
    upper : Exact or Interval
        Upper bound (bits): Exact or a certified Interval (an explicit rational channel
        evaluated with outward rounding); on the conditional loop (internal information,
        the frontier) a float value with ``certified=False`` only when no rational
        rounding of its channel meets δ.
    certificate : dict
        JSON-able certificate, checked by ``commlb.certificates.check``.
    columns : int
        Columns generated (for the orbit reduction: orbit representatives).
    decision_functions : int
        ``|O|^|Y|``, the size of the full column set.
    rounds : int
        Pricing rounds.
    seconds : float
        Wall time.
    status : str
        ``"converged"`` or why not.
    channel : numpy.ndarray or None
        Witness channel over the generated columns (general loop only).
    """

    lower: object
    upper: object
    certificate: dict
    columns: int
    decision_functions: int
    rounds: int
    seconds: float
    status: str
    channel: np.ndarray | None = field(default=None, repr=False)

    @property
    def gap(self) -> float:
        """Width ``upper - lower`` (float)."""
        lo = self.lower.lo if isinstance(self.lower, Interval) else float(self.lower)
        hi = self.upper.hi if isinstance(self.upper, Interval) else float(self.upper)
        return hi - lo


def _spec(problem, params) -> tuple[str, dict, object]:
    if isinstance(problem, str):
        return problem, dict(params or {}), None
    return problem.name, dict(problem.params), problem


def _json_params(params: dict) -> dict:
    return {k: (str(v) if isinstance(v, Fraction) else v) for k, v in params.items()}


def _num_functions(name: str, params: dict, built) -> int:
    if built is not None:
        return built.num_decision_functions
    d = int(params["d"])
    if name == "gap-hamming":  # g: {±1}^d -> {0, 1}
        return 2 ** (2**d)
    return 2 ** (d if name == "index" else 2**d - 1)


def information_complexity_colgen(problem, error, objective: str = "external",
                                  gap: float = 1e-6, *, params: dict | None = None,
                                  symmetric: bool = True, top: int = 4,
                                  max_rounds: int = 200, progress: bool = False) -> ColgenResult:
    """Certified bracket on ``IC(δ)`` without listing the decision functions.

    Parameters
    ----------
    problem : OneWayProblem or str
        A problem, or a catalogue name (with ``params``) for sizes too large to build.
    error : number
        The error budget δ (read exactly: ``0.1 -> 1/10``).
    objective : {"external", "internal"}
        ``I(X; G)``, or ``I(X; G | Y)`` (Augmented Index: the chain-rule bound of
        :mod:`commlb.ic.colgen_internal`; any other exact problem: the conditional
        loop of :mod:`commlb.ic.colgen_conditional`).
    gap : float
        Target bracket width (bits).
    params : dict, optional
        Parameters when ``problem`` is a name.
    symmetric : bool
        Use the orbit reduction: on the XOR-symmetric catalogue problems by their
        structure (the indexing problems and gap-hamming,
        :func:`commlb.ic.colgen_symmetric.gap_hamming_bracket`); on any other problem
        whose symmetry group, found on its coloured graph
        (:func:`commlb.problems.symmetry.alice_transitive_symmetries`), is transitive
        on Alice's inputs, by :func:`commlb.ic.colgen_orbit.orbit_external_bracket`.
        Otherwise, or with ``symmetric=False``, the general loop.
    top : int
        Columns added per pricing round.
    max_rounds : int
        Cap on pricing rounds.
    progress : bool
        Show a tqdm bar: the bracket width (general loop; Ctrl-C stops the loop and
        returns the best bracket so far, still certified) or the stages of the
        gap-hamming orbit bracket.

    Returns
    -------
    ColgenResult

    Raises
    ------
    InvalidParameterError
        Unknown objective, δ outside [0, 1] or below the optimal error.
    InstanceTooLargeError
        No structured oracle and too many decision functions to enumerate.

    Examples
    --------
    >>> r = information_complexity_colgen("augmented-index", "1/10", params={"d": 16})
    >>> r.lower == r.upper, round(float(r.lower), 6)
    (True, 8.496071)

    References
    ----------
    Brown et al., STOC 2021 (arXiv:2012.06421), sec. 4; Blahut 1972; Dantzig and
    Wolfe 1960 (column generation); ``proofs/column_generation/``.
    """
    started = time.perf_counter()
    name, params, built = _spec(problem, params)
    try:
        delta = Fraction(str(error))
    except (ValueError, ZeroDivisionError):
        raise InvalidParameterError(f"error {error!r} is not a number; give e.g. 0.1") from None
    if not 0 <= delta <= 1:
        raise InvalidParameterError(f"error {error!r} must lie in [0, 1]")
    if objective == "internal":
        if name == "augmented-index":  # closed form by the chain rule, to d = 20
            from commlb.ic.colgen_internal import internal_augmented_index

            return _claim(internal_augmented_index(name, params, delta, gap=gap, started=started))
        from commlb.ic.colgen_conditional import internal_information_complexity_colgen

        if built is None:
            from commlb.problems import get

            built = get(name, **params)
        # its certificate already holds the claims
        return internal_information_complexity_colgen(built, delta, gap=gap, progress=progress)
    if objective != "external":
        raise InvalidParameterError(f"objective {objective!r} must be 'external' or 'internal'")
    total = _num_functions(name, params, built)
    cert = {"type": "column-generation", "objective": "external", "error": str(delta),
            "problem": {"name": name, "params": _json_params(params)}}
    if symmetric and name in SYMMETRIC_PROBLEMS:
        out = symmetric_external_bracket(name, params, delta, progress=progress)
        cert["lower_witness"] = out["lower_witness"]
        if out["upper"] is not None:
            cert["upper_witness"] = out["upper_witness"]
        upper = out["upper"] if out["upper"] is not None else Interval(math.inf, math.inf, False)
        return _claim(ColgenResult(out["lower"], upper, cert, 1, total, 1,
                                   time.perf_counter() - started,
                                   out.get("status", "converged (orbit reduction)")))
    if built is None:
        from commlb.problems import get

        built = get(name, **params)
    optimal = Fraction(built.optimal_error())
    if delta < optimal:
        raise InvalidParameterError(f"error {delta} is below the optimal error {optimal} of "
                                    f"{built.name}; raise the error")
    oracle = oracle_for(built)
    # the orbit bracket needs δ above the optimal error (its Gibbs channels have β > 0)
    generators = _transitive_symmetries(built) if symmetric and delta > optimal else None
    if generators is not None:
        out = orbit_external_bracket(oracle, generators, delta)
        cert["lower_witness"] = out["lower_witness"]
        if out["upper_witness"] is not None:
            cert["upper_witness"] = out["upper_witness"]
        return _claim(ColgenResult(out["lower"], out["upper"], cert, out["columns"], total, 1,
                                   time.perf_counter() - started, out["status"]))
    return _claim(column_generation(oracle, delta, gap, cert, total, top, max_rounds, started,
                                    progress))


def _transitive_symmetries(problem):
    """Generators of a symmetry group transitive on X (found on the problem's graph), or None."""
    from commlb.problems.symmetry import alice_transitive_symmetries

    sizes = len(problem.alice_alphabet) * len(problem.bob_alphabet) * len(problem.output_alphabet)
    if sizes > SYMMETRY_SEARCH_LIMIT:
        return None
    return alice_transitive_symmetries(problem)


def _claim(result: ColgenResult) -> ColgenResult:
    """Write the claimed bracket (floats, bits) into the certificate."""
    lo = result.lower.lo if isinstance(result.lower, Interval) else float(result.lower)
    hi = result.upper.hi if isinstance(result.upper, Interval) else float(result.upper)
    result.certificate["lower"] = lo - 1e-12 * max(1.0, abs(lo))  # claims leave room for rounding
    if math.isfinite(hi) and "upper_witness" in result.certificate:
        result.certificate["upper"] = hi + 1e-12 * max(1.0, abs(hi))
    return result


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


def column_generation(oracle, delta: Fraction, gap: float, cert: dict, total: int,
                      top: int = 4, max_rounds: int = 200, started: float | None = None,
                      progress: bool = False) -> ColgenResult:
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
        return ColgenResult(Exact(0), Exact(0), cert, len(cols), total, 0,
                            time.perf_counter() - started, "converged (trivial)", Q)
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
    return ColgenResult(lower, upper_value, cert, len(cols), total, rounds,
                        time.perf_counter() - started, status, channel)

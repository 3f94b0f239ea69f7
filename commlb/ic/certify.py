"""From a float solution to a checked certificate: rational witnesses, exact values.

The upper witness is the float channel rounded to rationals (small denominators
first, so that closed forms are recovered exactly; else a dyadic grid), rows fixed
to sum to one exactly, and mixed with the least-error channel by an exact weight
if rounding pushed its error above ``δ``.  The lower witness is the rd dual
(external objective; base ``β = 2^{-s/L}`` rational, so the constraint is checked
in rational arithmetic) or the Frank–Wolfe bound (conditional objectives).  The
certificate is sealed by :func:`commlb.certificates.seal`: the claimed bracket is what
the checker certifies, and the verdict is the checker's.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.certificates import envelope, seal
from commlb.ic.program import ProgramResult

__all__ = ["certify"]

LADDER = (10, 100, 1000, 10**4, 10**5, 10**6, 10**7, 10**8, 10**9)


def _row_fix(Qn: np.ndarray, den: int) -> np.ndarray | None:
    """Add each row's deficit to its largest entry; None if that goes negative."""
    deficit = den - Qn.sum(axis=1)
    arg = Qn.argmax(axis=1)
    Qn = Qn.copy()
    Qn[np.arange(len(Qn)), arg] += deficit
    return None if (Qn < 0).any() else Qn


def _error_numerator(p_x, Qn, D) -> Fraction:
    """``Σ_x p(x) Σ_g Qn[x, g]·D_int[x, g]`` exactly."""
    total = Fraction(0)
    for x in range(len(p_x)):
        if p_x[x]:
            if Qn.dtype == object or D.dtype == object:
                row = int((Qn[x].astype(object) * D[x].astype(object)).sum())
            else:
                row = int(np.einsum("g,g->", Qn[x], D[x]))
            total += p_x[x] * row
    return total


def _rational_channel(Q: np.ndarray, p_x, D: np.ndarray, delta: Fraction, scale: int, gap: float,
                      dyadic: bool = True):
    """(numerators, denominator) of a rational channel with exact error <= δ.

    With ``dyadic=False`` only small-denominator roundings are tried, and None is
    returned if none of them is feasible.
    """
    candidates = []
    values, inverse = np.unique(Q, return_inverse=True)
    inverse = inverse.reshape(Q.shape)
    safe = np.abs(D).max() * Q.shape[1] < 2**20
    if len(values) <= 2000 and safe:
        for N in LADDER:
            fr = [Fraction(float(v)).limit_denominator(N) for v in values]
            den = math.lcm(*[f.denominator for f in fr])
            if den >= 2**40:
                continue
            ints = np.array([int(f * den) for f in fr], dtype=np.int64)
            candidates.append((ints[inverse], den))
    if dyadic:
        candidates.append((np.floor(Q * 2**40).astype(np.int64), 2**40))
    best = None
    for Qn, den in candidates:
        Qn = _row_fix(Qn, den)
        if Qn is None:
            continue
        error = _error_numerator(p_x, Qn, D) / (den * scale)
        drift = float(np.abs(Qn / den - Q).max())
        if error <= delta and drift <= max(gap, 1e-12) * 1e-3:
            return Qn, den
        if best is None or drift < best[3]:  # mix the closest rounding, not the coarsest
            best = (Qn, den, error, drift)
    if not dyadic:
        return None
    Qn, den, error, _ = best
    if error <= delta:
        return Qn, den
    # Mix with the least-error channel (argmin_g D[x, g]) by an exact weight θ.
    least = D.argmin(axis=1)
    e0 = sum(p * Fraction(int(D[x, least[x]]), scale) for x, p in enumerate(p_x))
    theta = (error - delta) / (error - e0)
    a, b = theta.numerator, theta.denominator
    mixed = Qn.astype(object) * (b - a)
    mixed[np.arange(len(Qn)), least] += a * den
    return mixed, den * b


def _zero_slope_output(pf, allowed, q, iterations: int = 5000) -> np.ndarray:
    """The output law of the rate–distortion dual at infinite slope (error = ``ε*``).

    Blahut–Arimoto restricted to each ``x``'s zero-excess columns: ``Q(g|x) ∝ q(g)`` on
    ``allowed[x]``, ``q <- Σ_x p(x) Q(·|x)``; its fixed point maximises
    ``Σ_x p(x) log2 λ(x)`` with ``λ(x) = 1/Σ_{g allowed} q(g)`` (Blahut 1972).  The
    float solver's own ``q`` at an infinite slope need not be that point.
    """
    A = allowed.astype(float)
    q = np.where(A.any(axis=0), np.maximum(q, 1e-12), 0.0)
    q = q / q.sum()
    for _ in range(iterations):
        Z = A @ q
        new = q * (A.T @ np.where(Z > 0, pf / np.where(Z > 0, Z, 1), 0.0))
        new /= new.sum()
        if np.abs(new - q).max() < 1e-15:
            return new
        q = new
    return q


def _rd_witness(p_x, D, scale, delta, eps, result: ProgramResult, kept) -> dict:
    """Rational ``β``, ``λ`` for the rd dual, feasibility certified by the checker routine."""
    # the checker's plug-ins load on first use: commlb.ic imports without them
    from commlb.certificates.witnesses.rd_dual import constraint_max
    # ``e`` over the solver's columns (for λ) and over every column (for the scaling):
    # both shifted by the same ``m_x = min_g D[x, g]``, so λ is feasible for all g
    shift = D.min(axis=1, keepdims=True)
    e = (D[:, kept] - shift).astype(np.int64)
    e_all = (D - shift).astype(np.int64)
    q = result.output
    pf = np.array([float(p) for p in p_x])
    live = pf > 0
    excess = float(delta - eps)
    betas = {Fraction(0)} if np.isinf(result.slope) else set()
    if np.isinf(result.slope) and excess > 0:  # δ just above ε*: steep but finite slopes
        betas |= {Fraction(1, 2**k) for k in (8, 16, 32, 64)}
    if not np.isinf(result.slope):
        beta_f = 2.0 ** (-result.slope / scale)
        betas |= {Fraction(beta_f).limit_denominator(N) for N in LADDER + (10**9,)}
        betas.add(Fraction(beta_f))
    if Fraction(0) in betas and q is not None:
        q = _zero_slope_output(pf, e == 0, q)
    scored = []
    for beta in betas:
        if not 0 <= beta <= 1 or (beta == 0 and excess > 0):
            continue
        powers = np.array([float(beta) ** k for k in range(int(e_all.max()) + 1)])
        Z = np.einsum("xg,g->x", powers[e], q)
        lam = np.where(live, 1.0 / np.maximum(Z, 1e-300), 1.0)
        M = float(np.max(np.einsum("x,xg->g", pf * lam, powers[e_all])))
        lam = lam / M
        part = float(pf[live] @ np.log2(lam[live]))
        bound = part + (float(scale * excess * math.log2(beta)) if beta > 0 else 0.0)
        scored.append((bound, beta.denominator, beta, lam, part))
    top = max(s[0] for s in scored)
    _, _, beta, lam_f, bound = min((s for s in scored if s[0] >= top - 1e-11), key=lambda s: s[1])
    best = None
    for N in LADDER + (10**9, 10**12):
        lam = [Fraction(float(v)).limit_denominator(N) for v in lam_f]
        w = [p * v for p, v in zip(p_x, lam, strict=True)]
        M = constraint_max(w, beta, e_all)
        scaled = M > 1
        if scaled:  # extra 2^-40: the float path's margin must not push it back above 1
            M = Fraction(M) * (1 + Fraction(1, 2**40))
            lam = [Fraction(math.floor(v / M * 2**60), 2**60) for v in lam]
        value = float(sum(p * math.log2(v) for p, v in zip(p_x, lam, strict=True) if p))
        if best is None or value > best[0] + 1e-13:
            best = (value, lam)
        if not scaled and value >= bound - 1e-12:
            best = (value, lam)
            break
    lam = best[1]
    return {"type": "rd-dual", "beta": str(beta), "L": scale,
            "lambda": [str(v if v > 0 else Fraction(1)) for v in lam]}


def _fw_witness(D, scale, p_cx_f, delta_f, result: ProgramResult, kept, n_x) -> dict:
    from commlb.ic.dual import best_frank_wolfe_bound

    log_channel = result.dual_log_channel
    Dk = D[np.ix_(result.rows, kept)].astype(float) / scale
    if np.isinf(result.slope):
        s_text = "inf"
    else:
        _, s = best_frank_wolfe_bound(p_cx_f[:, result.rows], Dk, log_channel, delta_f)
        s_text = str(Fraction(float(s)))
    shape = np.zeros((n_x, len(kept)))
    shape[result.rows] = log_channel / math.log(2.0)
    # The bound holds for ANY channel of full support, so entries that underflowed
    # (Q = 0, or the solver's -1e300 stand-in) are raised to 2^-1000 of their row's
    # largest: this keeps the witness finite without changing the mass it describes.
    with np.errstate(invalid="ignore"):
        shape = np.where(np.isfinite(shape), shape, -np.inf)
        shape = np.maximum(shape, shape.max(axis=1, keepdims=True) - 1000.0)
    others = np.setdiff1d(np.arange(D.shape[1]), kept)
    alias = []
    Dk_all = D[:, kept]
    for g in others:
        over = (Dk_all - D[:, [g]]).max(axis=0)
        alias.append([int(g), int(kept[int(np.argmin(over))])])
    return {"type": "frank-wolfe", "s": s_text, "columns": [int(g) for g in kept],
            "log2_shape": shape.tolist(), "alias": alias}


def _beta_channel(beta: Fraction, Dk, result: ProgramResult, Qf) -> np.ndarray | None:
    """``Q(g|x) ∝ q(g) β^{L·(D[x,g] - m_x)}``: the channel of the dual's slope."""
    if result.output is None:
        return None
    e = (Dk - Dk.min(axis=1, keepdims=True)).astype(np.int64)
    q = np.round(result.output / result.output.max(), 10)  # merge float noise in q
    A = np.array([float(beta) ** k for k in range(int(e.max()) + 1)])[e] * q
    Z = A.sum(axis=1, keepdims=True)
    return np.where(Z > 0, A / np.where(Z > 0, Z, 1), Qf)


def _info(p_cx, Q) -> float:
    from commlb.ic.slopes import _information

    with np.errstate(divide="ignore"):
        return _information(np.asarray(p_cx, dtype=float), np.log(Q))


def certify(result: ProgramResult, p_cx, D_int, scale: int, delta: Fraction, *, source: dict,
            objective: str, functions=None, gap: float = 1e-6) -> tuple[dict, object]:
    """Build and check the certificate of a float solution.

    Parameters
    ----------
    result : ProgramResult
        Output of :func:`commlb.ic.minimize_information` on the float view of the program.
    p_cx : numpy.ndarray
        Exact joint weights (object array of Fractions), shape ``(|C|, |X|)``.
    D_int : numpy.ndarray
        Integer distortions, ``D = D_int / scale``.
    scale : int
        Common denominator ``L``.
    delta : Fraction
        Exact error level.
    source, objective : dict, str
        Certificate fields (see :mod:`commlb.certificates`).
    functions : Sequence, optional
        Decision functions (output tuples) to record next to their indices.
    gap : float
        Requested bracket width (guides rounding).

    Returns
    -------
    (dict, CheckResult)
        The certificate (claims set to the certified values) and its check.

    Examples
    --------
    >>> import numpy as np
    >>> from fractions import Fraction
    >>> from commlb.ic.program import minimize_information
    >>> p = np.array([[Fraction(1, 2), Fraction(1, 2)]], dtype=object)
    >>> D = np.array([[0, 1], [1, 0]])
    >>> r = minimize_information(p.astype(float), D.astype(float), 0.1)
    >>> cert, res = certify(r, p, D, 1, Fraction(1, 10), objective="external",
    ...                     source={"program": {"p_cx": [["1/2", "1/2"]], "D": [[0, 1], [1, 0]]}})
    >>> res.valid, res.lower_exact == res.upper_exact
    (True, True)

    References
    ----------
    proofs/information_complexity/ (external_dual.md, conditional_dual.md).
    """
    p_cx = np.asarray(p_cx, dtype=object)
    p_cx = p_cx[[c for c in range(p_cx.shape[0]) if any(p_cx[c])]]  # empty classes add nothing
    D = np.asarray(D_int)
    n_x = D.shape[0]
    p_x = p_cx.sum(axis=0)
    kept = result.columns
    Qf = np.zeros((n_x, len(kept)))
    Qf[result.rows] = result.channel
    for x in np.setdiff1d(np.arange(n_x), result.rows):
        Qf[x, int(np.argmin(D[x, kept]))] = 1.0
    Dk = D[:, kept]
    eps = sum(p * Fraction(int(m), scale) for p, m in zip(p_x, D.min(axis=1), strict=True))
    if result.trivial or result.lower <= 0:
        lower = {"type": "none"}
    elif p_cx.shape[0] == 1:
        lower = _rd_witness(p_x, D, scale, delta, eps, result, kept)
    else:
        lower = _fw_witness(D, scale, p_cx.astype(float), float(delta), result, kept, n_x)
    rounded = None
    if result.trivial:
        Qn = np.zeros_like(Qf, dtype=np.int64)
        Qn[:, int(np.argmax(Qf[result.rows[0]] if len(result.rows) else Qf[0]))] = 1
        rounded = (Qn, 1)
    elif lower["type"] == "rd-dual" and p_cx.shape[0] == 1 and result.output is not None:
        tilted = _tilted_witness(Fraction(lower["beta"]), scale, result, kept, p_cx, D, delta,
                                 result.upper + gap / 4)
        if tilted is not None:
            rounded = tilted
    if rounded is None and lower["type"] == "rd-dual":
        Qb = _beta_channel(Fraction(lower["beta"]), Dk, result, Qf)
        if Qb is not None and _info(p_cx, Qb) <= _info(p_cx, Qf) + 1e-10:
            rounded = _rational_channel(Qb, p_x, Dk, delta, scale, gap, dyadic=False)
    if isinstance(rounded, dict):
        upper = rounded
    else:
        upper = _channel_witness(rounded or _rational_channel(Qf, p_x, Dk, delta, scale, gap),
                                 kept, functions)
    statement = dict(source, objective=objective, error=str(delta))
    return _claim(envelope(statement, lower, upper, 0.0, 0.0))


def _channel_witness(rounded, kept, functions) -> dict:
    Qn, den = rounded
    xs, js = np.nonzero(Qn != 0)
    numbers = Qn[xs, js]
    if numbers.dtype == object:
        entries = [[int(x), int(kept[j]), int(n)] for x, j, n in zip(xs, js, numbers, strict=True)]
    else:
        entries = np.stack([xs, kept[js], numbers], axis=1).astype(np.int64).tolist()
    upper = {"type": "channel", "denominator": int(den), "entries": entries}
    if functions is not None:
        used = np.unique(kept[js])
        table, outputs = functions
        upper["functions"] = {str(int(g)): [outputs[i] for i in row]
                              for g, row in zip(used, table[used].tolist(), strict=True)}
    return upper


def _tilted_witness(beta, scale, result, kept, p_cx, D, delta, limit) -> dict | None:
    """The tilted channel ``∝ q β^{L(D - m)}`` with error <= δ and upper bound <= limit."""
    from commlb.certificates.witnesses.tilted import tilted_channel
    q = result.output
    n = np.round(q / q.max() * 2**30).astype(np.int64)
    live = np.flatnonzero(n > 0)
    weights = np.stack([kept[live], n[live]], axis=1).tolist()
    candidates = [beta] + [Fraction(float(beta) * (1 - t)).limit_denominator(10**12)
                           for t in (1e-10, 1e-8, 1e-6)] if beta > 0 else [beta]
    for b in candidates:
        wit = {"type": "tilted", "beta": str(b), "L": scale, "weights": weights}
        error, bound = tilted_channel(p_cx, D, scale, wit)
        if error <= delta:
            return wit if bound.interval.hi <= limit else None
    return None


def _claim(cert: dict):
    """Seal the certificate: the claim is what the checker certifies (one evaluation)."""
    verdict = seal(cert)
    if not verdict.valid:  # the lower witness failed: the information is still >= 0
        cert["lower_witness"] = {"type": "none"}
        verdict = seal(cert)
        if not verdict.valid:
            raise RuntimeError(f"commlb bug: the upper witness failed its check: {verdict.reason}")
    elif verdict.lower.lo < 0 and cert["lower_witness"]["type"] != "none":
        cert["lower_witness"] = {"type": "none"}  # information is nonnegative: 0 says more
        verdict = seal(cert)
    return cert, verdict

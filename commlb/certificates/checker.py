"""The independent checker: rebuilds the program and verifies both witnesses.

Imports only ``commlb.info``, ``commlb.problems``, ``commlb.errors``, numpy and the
standard library (never ``commlb.ic``).  Exact rational arithmetic where it is
cheap; otherwise float64 with explicit outward error margins.  The float paths
assume numpy's ``exp2``/``log2``/``power`` are accurate to ``2^-40`` relative
(IEEE libm implementations are within a few ulp, i.e. ``2^-50``).  Bounds:
``proofs/information_complexity/``.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from functools import lru_cache

import numpy as np

from commlb.errors import CertificateError
from commlb.info import Exact, Interval, exact_sum_plogp

SLACK = 2.0**-36  # relative margin of the float paths (see module docstring)
EXACT_ENTRIES = 3000  # exact information of the upper witness up to this many entries
EXACT_WORK = 200_000  # ... and up to this many (class, entry) pairs of Fraction arithmetic


class Invalid(Exception):
    """A certificate that is well formed but wrong; the message is one sentence."""


def frac(text) -> Fraction:
    """An exact rational from ``"a/b"``, an int, or a decimal string; floats refused."""
    if isinstance(text, bool) or isinstance(text, float):
        raise CertificateError(f"{text!r} is not an exact rational; write it as 'a/b'")
    try:
        return Fraction(text)
    except (TypeError, ValueError, ZeroDivisionError):
        raise CertificateError(f"{text!r} is not a rational number") from None


def rebuild(source: dict, objective: str):
    """``(p_cx, D_int, L, functions)`` of the certified program (Fractions, integers).

    Cached per (source, objective): checking many certificates of one program
    rebuilds it once.  The returned arrays are never modified.
    """
    try:
        key = json.dumps(source, sort_keys=True)
    except (TypeError, ValueError):
        raise CertificateError("the source is not JSON data") from None
    return _rebuild(key, objective)


@lru_cache(maxsize=8)
def _rebuild(key: str, objective: str):
    source = json.loads(key)
    if "problem" in source:
        from commlb.problems import get

        problem = get(source["problem"], **source.get("params", {}))
        p_x, d_int, scale = problem.decision_distortion_scaled()
        functions = (problem.decision_function_table(), list(problem.output_alphabet))
        if objective == "internal":
            p_cx = problem.xy_matrix(exact=True).T
        elif objective == "external":
            p_cx = p_x[None, :]
        else:
            raise CertificateError(f"objective {objective!r} needs a 'program' source")
        p_cx = np.asarray(p_cx, dtype=object)
        p_cx = p_cx[[c for c in range(p_cx.shape[0]) if any(p_cx[c])]]  # drop empty classes
        return p_cx, np.asarray(d_int), int(scale), functions
    if "program" not in source:
        raise CertificateError("source must hold 'problem' or 'program'")
    program = source["program"]
    p_cx = np.array([[frac(v) for v in row] for row in program["p_cx"]], dtype=object)
    D = [[frac(v) for v in row] for row in program["D"]]
    scale = math.lcm(*[v.denominator for row in D for v in row])
    d_int = np.array([[int(v * scale) for v in row] for row in D], dtype=object)
    if objective == "external":
        p_cx = p_cx.sum(axis=0)[None, :]
    elif objective not in ("internal", "conditional"):
        raise CertificateError(f"unknown objective {objective!r}")
    if p_cx.shape[1] != d_int.shape[0] or sum(p_cx.flat) != 1 or min(p_cx.flat) < 0:
        raise Invalid("the program's p_cx is not a probability law matching D")
    p_cx = p_cx[[c for c in range(p_cx.shape[0]) if any(p_cx[c])]]  # drop empty classes
    if d_int.size and (d_int < 0).any():
        raise Invalid("the program's distortion has a negative entry")
    return p_cx, d_int.astype(np.int64) if scale < 2**40 else d_int, scale, None


def integral(d_int, L: int, scale: int) -> bool:
    """Whether ``L·D_int/scale`` is integral everywhere."""
    if d_int.dtype != object and int(d_int.max()) * L < 2**62:
        return not np.any((d_int * L) % scale)
    return not any(int(v) * L % scale for v in np.unique(d_int))


def _up(x: float) -> float:
    return math.nextafter(x, math.inf)


def constraint_max(w, beta: Fraction, e: np.ndarray):
    """Upper bound on ``max_g Σ_x w(x) β^{e[x, g]}`` (Fraction if exact, else float)."""
    E = int(e.max())
    a, b = beta.numerator, beta.denominator
    den = math.lcm(*[v.denominator for v in w])
    W = [int(v * den) for v in w]
    if E * (a.bit_length() + b.bit_length()) <= 4000:
        table = [[Wx * a**k * b ** (E - k) for k in range(E + 1)] for Wx in W]
        big = max(max(row) for row in table) >= 2**62 // max(1, len(W))
        T = np.array(table, dtype=object if big else np.int64)
        sums = T[np.arange(len(W))[:, None], e].sum(axis=0)
        return Fraction(int(max(sums)), den * b**E)
    powers = np.array([_up(float(beta**k)) if k < 64 else float(np.power(_up(float(beta)), k))
                       for k in range(E + 1)]) * (1 + SLACK)
    wf = np.array([_up(float(v)) for v in w])
    sums = (wf[:, None] * powers[e]).sum(axis=0)
    return float(sums.max()) * (1 + (len(w) + 4) * 2.0**-52) + len(w) * 2.0**-1070


def rd_dual(p_x, d_int, scale, delta, wit) -> Exact | None:
    """Rate–distortion dual bound ``Σ p log2 λ + L(δ - ε*) log2 β``, or None if infeasible."""
    beta, L = frac(wit["beta"]), int(wit["L"])
    lam = [frac(v) for v in wit["lambda"]]
    if not 0 <= beta <= 1 or L <= 0 or len(lam) != len(p_x) or min(lam) <= 0:
        raise Invalid("the rd-dual witness needs 0 <= beta <= 1, L > 0 and one positive lambda per x")
    if not integral(d_int, L, scale):
        raise Invalid(f"L = {L} does not make L·D integral")
    k = d_int * L // scale
    m = k.min(axis=1)
    excess = delta - sum(p * Fraction(int(mi), L) for p, mi in zip(p_x, m, strict=True))
    w = [p * v for p, v in zip(p_x, lam, strict=True)]
    e = np.asarray(k - m[:, None], dtype=np.int64)
    if constraint_max(w, beta, e) > 1:
        raise Invalid("the rd-dual witness violates Σ_x p(x)λ(x)β^(L·D[x,g]) <= 1 for some g")
    bound = sum((Exact.log2(v) * p for p, v in zip(p_x, lam, strict=True) if p), Exact(0))
    if beta == 0:
        return bound if excess == 0 else None
    return bound + Exact.log2(beta) * (L * excess)


def frank_wolfe(p_cx, d_int, scale, delta, wit) -> float:
    """Certified (outward-rounded) Frank–Wolfe bound of a positive matrix ``2^ℓ``."""
    n_x, n_g = d_int.shape
    cols = [int(g) for g in wit["columns"]]
    ell = np.array(wit["log2_shape"], dtype=float)
    if ell.shape != (n_x, len(cols)) or not np.isfinite(ell).all():
        raise Invalid("the frank-wolfe shape must be a finite |X| x len(columns) array")
    sigma = np.full(n_g, -1)
    sigma[cols] = np.arange(len(cols))
    for g, h in wit.get("alias", []):
        sigma[int(g)] = sigma[int(h)]
    if (sigma < 0).any() or p_cx.shape[0] + n_x > 4096:
        raise Invalid("some decision function has no shape (list it or alias it)")
    p_x = p_cx.sum(axis=0)
    eps = sum(p * Fraction(int(mi), scale) for p, mi in zip(p_x, d_int.min(axis=1), strict=True))
    pcx = np.array(p_cx, dtype=float)
    pxf = pcx.sum(axis=0)
    with np.errstate(divide="ignore"):
        logw = np.log2(pcx / pcx.sum(axis=1, keepdims=True))  # (C, X)
    z = logw[:, :, None] + ell[None, :, :]  # (C, X, J)
    M = z.max(axis=1)
    log_q = M + np.log2(np.exp2(z - M[:, None, :]).sum(axis=1))  # (C, J)
    G = pxf[:, None] * ell - np.einsum("cx,cj->xj", pcx, log_q)
    Dm = np.array(d_int - d_int.min(axis=1)[:, None], dtype=float) / scale
    s_text = str(wit["s"])
    mag = float((pxf * np.abs(ell).max(axis=1)).sum() + (pcx.sum(axis=1) * np.abs(log_q).max(axis=1)).sum())
    if s_text == "inf":
        if delta != eps:
            return -math.inf
        value = float(np.where(Dm == 0, G[:, sigma], np.inf).min(axis=1).sum())
    else:
        s = frac(s_text)
        if s < 0:
            raise Invalid("the frank-wolfe slope s must be >= 0")
        T = G[:, sigma] + float(s) * pxf[:, None] * Dm
        value = float(T.min(axis=1).sum()) - float(s * (delta - eps))
        mag += float(np.abs(T).max(axis=1).sum()) + float(abs(s * (delta - eps)))
    return value - SLACK * (mag + 1.0)


def _entropy_interval(masses: np.ndarray) -> tuple[float, float]:
    v = masses[masses > 0]
    terms = -v * np.log2(v)
    total = float(terms.sum())
    margin = SLACK * float(np.abs(terms).sum() + 2 * v.sum()) + 1e-300
    return total - margin, total + margin


def channel(p_cx, d_int, scale, functions, wit):
    """Exact error (Fraction) and certified information interval (plus Exact if small)."""
    den = int(wit["denominator"])
    try:
        arr = np.array(wit["entries"], dtype=np.int64).reshape(-1, 3)
    except OverflowError:
        arr = np.array(wit["entries"], dtype=object).reshape(-1, 3)
    n_x, n_g = d_int.shape
    xs, gs, ns = arr[:, 0].astype(np.int64), arr[:, 1].astype(np.int64), arr[:, 2]
    if den <= 0 or len(arr) == 0 or xs.min() < 0 or xs.max() >= n_x or gs.min() < 0 \
            or gs.max() >= n_g or min(ns) <= 0:
        raise Invalid("the channel needs a positive denominator and positive entries in range")
    named = wit.get("functions", {})
    if functions is not None and named:
        table, outputs = functions
        keys = np.array([int(g) for g in named], dtype=np.int64)
        claimed = list(named.values())
        if keys.min() < 0 or keys.max() >= n_g or any(len(v) != table.shape[1] for v in claimed):
            raise Invalid("a decision function index does not match its output tuple")
        values = np.empty((len(keys), table.shape[1]), dtype=object)
        values[:] = claimed
        if not (np.array(outputs, dtype=object)[table[keys]] == values).all():
            raise Invalid("a decision function index does not match its output tuple")
    p_x = p_cx.sum(axis=0)
    small = den < 2**62 and len(arr) < 2**20 and ns.dtype != object and int(ns.max()) < 2**40
    ns = ns.astype(np.int64 if small else object)
    sums = np.zeros(n_x, dtype=ns.dtype)
    np.add.at(sums, xs, ns)
    for x in range(n_x):
        if p_x[x] and int(sums[x]) != den:
            raise Invalid(f"row {x} of the channel does not sum to 1")
    if small and d_int.dtype != object and int(d_int.max()) < 2**22:
        per_row = np.zeros(n_x, dtype=object)
        costs = ns * d_int[xs, gs]
        for x in range(n_x):
            per_row[x] = int(costs[xs == x].sum())
    else:
        costs = ns.astype(object) * d_int[xs, gs].astype(object)
        per_row = [0] * n_x
        for x, c in zip(xs.tolist(), costs.tolist(), strict=True):
            per_row[x] += c
    error = sum(p_x[x] * per_row[x] for x in range(n_x)) / (den * scale)
    rows: dict[int, dict[int, int]] = {}
    if len(arr) <= EXACT_ENTRIES and p_cx.shape[0] * len(arr) <= EXACT_WORK:
        for x, g, n in zip(xs.tolist(), gs.tolist(), ns.tolist(), strict=True):
            rows.setdefault(x, {})
            rows[x][g] = rows[x].get(g, 0) + n
        value = Exact(0)
        for c in range(p_cx.shape[0]):
            pc = sum(p_cx[c])
            q: dict[int, Fraction] = {}
            for x in rows:
                for g, n in rows[x].items():
                    q[g] = q.get(g, 0) + p_cx[c][x] / pc * Fraction(n, den)
            value += exact_sum_plogp(q.values()) * pc
        for x in rows:
            value -= exact_sum_plogp(Fraction(n, den) for n in rows[x].values()) * p_x[x]
        return error, value.interval(), value
    Q = np.zeros((n_x, n_g))
    np.add.at(Q, (xs, gs), np.array([n / den for n in ns.tolist()]))
    pcx = np.array(p_cx, dtype=float)
    pc = pcx.sum(axis=1)
    outer = [_entropy_interval(np.einsum("x,xg->g", pcx[c] / pc[c], Q)) for c in range(len(pc))]
    inner = [_entropy_interval(Q[x]) for x in range(n_x)]
    pxf = pcx.sum(axis=0)
    hi = sum(pc[c] * outer[c][1] for c in range(len(pc))) - sum(pxf * [i[0] for i in inner])
    lo = sum(pc[c] * outer[c][0] for c in range(len(pc))) - sum(pxf * [i[1] for i in inner])
    pad = SLACK * (abs(hi) + abs(lo) + 1)
    return error, Interval(max(0.0, lo - pad), hi + pad), None


def tilted(p_cx, d_int, scale, wit):
    """Exact error and certified upper bound of ``Q(g|x) ∝ q(g) β^{L(D[x,g] - m_x)}``.

    ``I(X; G) <= Σ_x p(x) D(Q(.|x) || q/Σq) = log2 β·E[e] - Σ_x p(x) log2 Z(x) + log2 Σq``
    (also an upper bound on every conditional objective).  Returns
    ``(error, Interval, Exact or None)``; the error is a Fraction, or a certified
    float upper bound on the float path.
    """
    beta, L = frac(wit["beta"]), int(wit["L"])
    pairs = np.array(wit["weights"], dtype=np.int64).reshape(-1, 2)
    gs, ns = pairs[:, 0], pairs[:, 1]
    n_x, n_g = d_int.shape
    if not 0 <= beta <= 1 or L <= 0 or len(gs) == 0 or gs.min() < 0 or gs.max() >= n_g \
            or ns.min() <= 0 or ns.max() >= 2**40 or len(set(gs.tolist())) != len(gs):
        raise Invalid("the tilted channel needs 0 <= beta <= 1, L > 0, distinct columns, "
                      "positive weights below 2^40")
    if not integral(d_int, L, scale):
        raise Invalid(f"L = {L} does not make L·D integral")
    k = np.asarray(d_int * L // scale, dtype=np.int64)
    e = (k - k.min(axis=1)[:, None])[:, gs]
    D = np.asarray(d_int, dtype=np.int64)[:, gs]
    E = int(e.max())
    p_x = p_cx.sum(axis=0)
    live = [x for x in range(n_x) if p_x[x]]
    S = int(ns.sum())
    a, b = beta.numerator, beta.denominator
    w = np.zeros((n_x, E + 1), dtype=np.int64)  # w[x, j] = Σ_{g: e = j} q(g)
    if E <= 64:
        for j in range(E + 1):
            w[:, j] = np.where(e == j, ns[None, :], 0).sum(axis=1)
    else:
        np.add.at(w, (np.repeat(np.arange(n_x), len(gs)), e.ravel()), np.tile(ns, n_x))
    if E * (a.bit_length() + b.bit_length()) <= 4000 and int(D.max()) < 2**20:
        wide = int(ns.max()) * max(1, int(D.max())) * len(gs) >= 2**62
        wd = np.zeros((n_x, E + 1), dtype=object if wide else np.int64)  # Σ_{e = j} q·D_int
        for x in live:
            if E <= 64 and not wide:
                wd[x] = [int(np.where(e[x] == j, ns * D[x], 0).sum()) for j in range(E + 1)]
            else:
                np.add.at(wd[x], e[x], ns.astype(object) * D[x] if wide else ns * D[x])
        T = [a**j * b ** (E - j) for j in range(E + 1)]  # β^j · b^E
        Z = {x: sum(int(w[x, j]) * T[j] for j in range(E + 1)) for x in live}
        if any(Z[x] == 0 for x in live):
            raise Invalid("the tilted channel has no mass on some input")
        error = sum(p_x[x] * Fraction(sum(int(wd[x, j]) * T[j] for j in range(E + 1)), Z[x])
                    for x in live) / scale
        mean_e = sum(p_x[x] * Fraction(sum(int(w[x, j]) * j * T[j] for j in range(E + 1)), Z[x])
                     for x in live)
        value = Exact.log2(S) - sum((Exact.log2(Fraction(Z[x], b**E)) * p_x[x] for x in live),
                                    Exact(0))
        if mean_e:
            value += Exact.log2(beta) * mean_e
        return error, value.interval(), value
    up = np.array([_up(float(beta**j)) if j < 64 else float(np.power(_up(float(beta)), j))
                   for j in range(E + 1)]) * (1 + SLACK)
    lo = np.array([float(beta**j) if j < 64 else float(np.power(float(beta), j))
                   for j in range(E + 1)]) * (1 - SLACK)
    wf = w.astype(float)
    pf = np.array([float(v) for v in p_x])
    wdf = np.zeros((n_x, E + 1))
    for x in live:
        np.add.at(wdf[x], e[x], ns * D[x].astype(float))
    z_lo, z_hi = (wf @ lo) * (1 - SLACK), (wf @ up) * (1 + SLACK)
    if (z_lo[live] <= 0).any():
        raise Invalid("the tilted channel has no mass on some input")
    error_up = float((pf[live] * (wdf[live] @ up) / z_lo[live]).sum()) / scale * (1 + SLACK)
    mean_lo = float((pf[live] * (wf[live] @ (np.arange(E + 1) * lo)) / z_hi[live]).sum())
    log_beta = math.log2(beta) if beta else 0.0
    terms = pf[live] * np.log2(z_lo[live])
    hi = log_beta * mean_lo - float(terms.sum()) + math.log2(S)
    hi += SLACK * (abs(log_beta * mean_lo) + float(np.abs(terms).sum()) + math.log2(S) + 1)
    return Fraction(error_up), Interval(0.0, max(hi, 0.0)), None

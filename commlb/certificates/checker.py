"""The independent checker of ``commlb-ic-certificate`` documents: program and both witnesses.

Imports only ``commlb.info``, numpy, the standard library and the checker's own
statements (:mod:`commlb.certificates.statements`), never the solver.  Every sum of
integers is exact (Python ints); float64 is used only for information values, with
explicit outward error margins.  The float paths assume numpy's ``exp2``/``log2``/
``power`` are accurate to ``2^-40`` relative (IEEE libm implementations are within a
few ulp, i.e. ``2^-50``).  Bounds: ``proofs/information_complexity/``.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from functools import lru_cache

import numpy as np

from commlb.certificates import statements
from commlb.certificates.schema import Invalid, integer, keys, power_fits, rational, real, table
from commlb.errors import CertificateError
from commlb.info import Exact, Interval, exact_sum_plogp

__all__ = ["Invalid", "frac", "rebuild", "integral", "constraint_max", "rd_dual", "frank_wolfe",
           "channel", "tilted"]

SLACK = 2.0**-36  # relative margin of the float paths (see module docstring)
EXACT_ENTRIES = 3000  # exact information of the upper witness up to this many entries
EXACT_WORK = 200_000  # ... and up to this many (class, entry) pairs of Fraction arithmetic
MAX_SCALE_BITS = 2**14  # the common denominator of an embedded program's distortion
MAX_L = 2**40  # the integer scale L of rd-dual and tilted witnesses
OBJECTIVES = ("external", "internal", "conditional")


def frac(text) -> Fraction:
    """An exact rational from ``"a/b"``, an int, or a decimal string; floats refused.

    >>> frac("3/4")
    Fraction(3, 4)
    """
    return rational(text, "a number")


def rebuild(source: dict, objective: str):
    """``(p_cx, D_int, L, functions)`` of the certified program (Fractions, integers).

    A ``problem`` source is rebuilt from the checker's own statement of the family;
    a ``program`` source is read exactly.  Cached per (source, objective): checking
    many certificates of one program rebuilds it once.  The returned arrays are never
    modified.

    Examples
    --------
    >>> p_cx, d_int, scale, _ = rebuild({"problem": "index", "params": {"d": 1}}, "external")
    >>> p_cx.tolist(), d_int.tolist(), scale
    ([[Fraction(1, 2), Fraction(1, 2)]], [[0, 1], [1, 0]], 1)
    """
    if objective not in OBJECTIVES:
        raise CertificateError(f"unknown objective {objective!r}; one of {', '.join(OBJECTIVES)}")
    try:
        key = json.dumps(source, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        raise CertificateError("the source is not JSON data") from None
    return _rebuild(key, objective)


@lru_cache(maxsize=8)
def _rebuild(key: str, objective: str):
    source = json.loads(key)
    if isinstance(source, dict) and "problem" in source:
        keys(source, {"problem", "params"}, "the source", ("problem",))
        if objective == "conditional":
            raise CertificateError("the conditional objective needs a 'program' source")
        s = statements.statement(source["problem"], source.get("params", {}))
        p_x, d_int, scale = statements.distortion_scaled(s)
        functions = (statements.function_table(s), list(statements.output_alphabet(s)))
        if objective == "internal":
            p_cx = np.asarray(statements.xy_matrix(s).T, dtype=object)
        else:
            p_cx = np.array([p_x], dtype=object)
        p_cx = p_cx[[c for c in range(p_cx.shape[0]) if any(p_cx[c])]]  # drop empty classes
        return p_cx, d_int, int(scale), functions
    program = keys(keys(source, {"program"}, "the source (problem or program)", ("program",))
                   ["program"], {"p_cx", "D"}, "the program", ("p_cx", "D"))
    rows = table(program["p_cx"], "the program's p_cx")
    D = [[rational(v, "D[x, g]", lo=0) for v in table(row, "a row of D")]
         for row in table(program["D"], "the program's D")]
    if not rows or not D or any(len(row) != len(D[0]) for row in D) or not D[0] \
            or any(not isinstance(row, list) or len(row) != len(D) for row in rows):
        raise Invalid("the program's p_cx is not a probability law matching D")
    p_cx = np.array([[rational(v, "p(c, x)", lo=0) for v in row] for row in rows], dtype=object)
    scale = 1
    for v in {v.denominator for row in D for v in row}:
        scale = math.lcm(scale, v)
        if scale.bit_length() > MAX_SCALE_BITS:
            raise CertificateError("the program's distortion has a common denominator of more than "
                                   f"{MAX_SCALE_BITS} bits")
    d_int = np.array([[int(v * scale) for v in row] for row in D], dtype=object)
    if objective == "external":
        p_cx = p_cx.sum(axis=0)[None, :]
    if sum(p_cx.flat) != 1:
        raise Invalid("the program's p_cx is not a probability law matching D")
    p_cx = p_cx[[c for c in range(p_cx.shape[0]) if any(p_cx[c])]]  # drop empty classes
    top = max(int(v) for v in d_int.flat)
    return p_cx, d_int.astype(np.int64) if top * d_int.shape[0] < 2**62 else d_int, scale, None


def integral(d_int, L: int, scale: int) -> bool:
    """Whether ``L·D_int/scale`` is integral everywhere (exact integers)."""
    return not any(int(v) * L % scale for v in np.unique(np.asarray(d_int).ravel()))


def _levels(d_int, L: int, scale: int) -> np.ndarray:
    """``L·D_int/scale - min_g`` per row as int64, refused if an entry reaches ``2^40``."""
    k = np.asarray(d_int, dtype=object) * L // scale
    e = k - k.min(axis=1)[:, None]
    if int(e.max()) >= 2**40:
        raise CertificateError("L·D spans more than 2^40 levels; the checker refuses that scale")
    return e.astype(np.int64), k.min(axis=1)


def _up(x: float) -> float:
    return math.nextafter(x, math.inf)


def constraint_max(w, beta: Fraction, e: np.ndarray):
    """Upper bound on ``max_g Σ_x w(x) β^{e[x, g]}`` (Fraction if exact, else float).

    >>> constraint_max([Fraction(1, 2)] * 2, Fraction(1, 3), np.array([[0, 1], [1, 0]]))
    Fraction(2, 3)
    """
    E = int(e.max())
    a, b = beta.numerator, beta.denominator
    den = math.lcm(*[v.denominator for v in w])
    W = [int(v * den) for v in w]
    if E * (a.bit_length() + b.bit_length()) <= 4000:
        T = np.array([[Wx * a**k * b ** (E - k) for k in range(E + 1)] for Wx in W], dtype=object)
        sums = T[np.arange(len(W))[:, None], e].sum(axis=0)  # Python ints: exact
        return Fraction(int(max(sums)), den * b**E)
    if E > 2**24:
        raise CertificateError(f"the dual condition spans {E} levels; the checker refuses that many")
    powers = np.array([_up(float(beta**k)) if k < 64 else float(np.power(_up(float(beta)), k))
                       for k in range(E + 1)]) * (1 + SLACK)
    wf = np.array([_up(float(v)) for v in w])
    sums = (wf[:, None] * powers[e]).sum(axis=0)
    return float(sums.max()) * (1 + (len(w) + 4) * 2.0**-52) + len(w) * 2.0**-1070


def rd_dual(p_x, d_int, scale, delta, wit) -> Exact | None:
    """Rate–distortion dual bound ``Σ p log2 λ + L(δ - ε*) log2 β``, or None if infeasible."""
    keys(wit, {"type", "beta", "L", "lambda"}, "the rd-dual witness", ("beta", "L", "lambda"))
    beta = rational(wit["beta"], "the rd-dual beta", 0, 1)
    L = integer(wit["L"], "the rd-dual L", 1, MAX_L)
    lam = [rational(v, "λ(x)") for v in table(wit["lambda"], "the rd-dual lambda")]
    if len(lam) != len(p_x) or min(lam) <= 0:
        raise Invalid("the rd-dual witness needs one positive lambda per x")
    if not integral(d_int, L, scale):
        raise Invalid(f"L = {L} does not make L·D integral")
    e, m = _levels(d_int, L, scale)
    excess = delta - sum(p * Fraction(int(mi), L) for p, mi in zip(p_x, m, strict=True))
    w = [p * v for p, v in zip(p_x, lam, strict=True)]
    if constraint_max(w, beta, e) > 1:
        raise Invalid("the rd-dual witness violates Σ_x p(x)λ(x)β^(L·D[x,g]) <= 1 for some g")
    bound = sum((Exact.log2(v) * p for p, v in zip(p_x, lam, strict=True) if p), Exact(0))
    if beta == 0:
        return bound if excess == 0 else None
    return bound + Exact.log2(beta) * (L * excess)


def frank_wolfe(p_cx, d_int, scale, delta, wit) -> float:
    """Certified (outward-rounded) Frank–Wolfe bound of a positive matrix ``2^ℓ``."""
    keys(wit, {"type", "s", "columns", "log2_shape", "alias"}, "the frank-wolfe witness",
         ("s", "columns", "log2_shape"))
    n_x, n_g = d_int.shape
    cols = [integer(g, "a frank-wolfe column", 0, n_g - 1) for g in table(wit["columns"], "columns")]
    shape = table(wit["log2_shape"], "the frank-wolfe shape", limit=n_x)
    ell = np.array([[real(v, "a log2 shape entry") for v in table(row, "a shape row", limit=len(cols))]
                    for row in shape], dtype=float).reshape(len(shape), -1)
    if ell.shape != (n_x, len(cols)) or not np.isfinite(ell).all() or np.abs(ell).max(initial=0) > 1e6:
        raise Invalid("the frank-wolfe shape must be a finite |X| x len(columns) array")
    sigma = np.full(n_g, -1)
    sigma[cols] = np.arange(len(cols))
    for pair in table(wit.get("alias", []), "the aliases", 2):
        g, h = (integer(v, "an alias", 0, n_g - 1) for v in pair)
        sigma[g] = sigma[h]
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
    Dm = np.array((d_int - d_int.min(axis=1)[:, None]).astype(object) / scale, dtype=float)
    mag = float((pxf * np.abs(ell).max(axis=1)).sum() + (pcx.sum(axis=1) * np.abs(log_q).max(axis=1)).sum())
    if wit["s"] == "inf":
        if delta != eps:
            return -math.inf
        value = float(np.where(Dm == 0, G[:, sigma], np.inf).min(axis=1).sum())
    else:
        s = rational(wit["s"], "the frank-wolfe slope s", 0, 2**60)
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


def _named_functions(named, functions, n_g: int) -> None:
    """The optional ``functions`` map ``{g: output tuple}`` must match the statement's order."""
    if not named:
        return
    if functions is None or not isinstance(named, dict):
        raise CertificateError("'functions' names decision functions of a problem source only")
    function_table, outputs = functions
    for g, claimed in named.items():
        index = integer(g, "a decision function index", 0, n_g - 1)
        if not isinstance(claimed, list) or claimed != [outputs[i] for i in function_table[index]]:
            raise Invalid("a decision function index does not match its output tuple")


def channel(p_cx, d_int, scale, functions, wit):
    """Exact error (Fraction) and certified information interval (plus Exact if small).

    Every sum of integers here is a Python int sum: exact at any size.
    """
    keys(wit, {"type", "denominator", "entries", "functions"}, "the channel witness",
         ("denominator", "entries"))
    den = integer(wit["denominator"], "the channel denominator", 1)
    n_x, n_g = d_int.shape
    entries = [(integer(x, "an entry's x", 0, n_x - 1), integer(g, "an entry's g", 0, n_g - 1),
                integer(n, "an entry's numerator", 1))
               for x, g, n in table(wit["entries"], "the channel entries", 3)]
    if not entries:
        raise Invalid("the channel needs a positive denominator and positive entries in range")
    _named_functions(wit.get("functions"), functions, n_g)
    p_x = p_cx.sum(axis=0)
    sums, per_row = [0] * n_x, [0] * n_x
    for x, g, n in entries:
        sums[x] += n
        per_row[x] += n * int(d_int[x, g])
    for x in range(n_x):
        if p_x[x] and sums[x] != den:
            raise Invalid(f"row {x} of the channel does not sum to 1")
    error = sum(p_x[x] * per_row[x] for x in range(n_x)) / (den * scale)
    if len(entries) <= EXACT_ENTRIES and p_cx.shape[0] * len(entries) <= EXACT_WORK:
        rows: dict[int, dict[int, int]] = {}
        for x, g, n in entries:
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
    for x, g, n in entries:
        Q[x, g] += float(Fraction(n, den))
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
    keys(wit, {"type", "beta", "L", "weights"}, "the tilted witness", ("beta", "L", "weights"))
    beta = rational(wit["beta"], "the tilted beta", 0, 1)
    L = integer(wit["L"], "the tilted L", 1, MAX_L)
    n_x, n_g = d_int.shape
    pairs = [(integer(g, "a tilted column", 0, n_g - 1), integer(n, "a tilted weight", 1, 2**40 - 1))
             for g, n in table(wit["weights"], "the tilted weights", 2)]
    if not pairs or len({g for g, _ in pairs}) != len(pairs):
        raise Invalid("the tilted channel needs 0 <= beta <= 1, L > 0, distinct columns, "
                      "positive weights below 2^40")
    if not integral(d_int, L, scale):
        raise Invalid(f"L = {L} does not make L·D integral")
    gs = np.array([g for g, _ in pairs], dtype=np.int64)
    ns = [n for _, n in pairs]
    e = _levels(d_int, L, scale)[0][:, gs]
    D = np.asarray(d_int, dtype=object)[:, gs]
    E = int(e.max())
    p_x = p_cx.sum(axis=0)
    live = [x for x in range(n_x) if p_x[x]]
    S = sum(ns)
    a, b = beta.numerator, beta.denominator
    if E * (a.bit_length() + b.bit_length()) <= 4000:
        power_fits(beta, E, "the tilted beta")
        T = [a**j * b ** (E - j) for j in range(E + 1)]  # β^j · b^E
        Z, ZD, ZE = {}, {}, {}
        for x in live:
            row_e, row_d = e[x].tolist(), D[x].tolist()
            Z[x] = sum(n * T[j] for n, j in zip(ns, row_e, strict=True))
            ZD[x] = sum(n * int(dv) * T[j] for n, j, dv in zip(ns, row_e, row_d, strict=True))
            ZE[x] = sum(n * j * T[j] for n, j in zip(ns, row_e, strict=True))
        if any(Z[x] == 0 for x in live):
            raise Invalid("the tilted channel has no mass on some input")
        error = sum(p_x[x] * Fraction(ZD[x], Z[x]) for x in live) / scale
        mean_e = sum(p_x[x] * Fraction(ZE[x], Z[x]) for x in live)
        value = Exact.log2(S) - sum((Exact.log2(Fraction(Z[x], b**E)) * p_x[x] for x in live),
                                    Exact(0))
        if mean_e:
            value += Exact.log2(beta) * mean_e
        return error, value.interval(), value
    if E > 2**24 or scale.bit_length() > 900 or max(int(v) for v in D.flat).bit_length() > 900:
        raise CertificateError("the tilted channel's float path refuses more than 2^24 levels or "
                               "numbers above 2^900")
    up = np.array([_up(float(beta**j)) if j < 64 else float(np.power(_up(float(beta)), j))
                   for j in range(E + 1)]) * (1 + SLACK)
    lo = np.array([float(beta**j) if j < 64 else float(np.power(float(beta), j))
                   for j in range(E + 1)]) * (1 - SLACK)
    nf = np.array(ns, dtype=float)
    pf = np.array([float(v) for v in p_x])
    Df = np.array(D, dtype=float)
    z_lo = np.array([(nf * lo[e[x]]).sum() for x in range(n_x)]) * (1 - SLACK)
    z_hi = np.array([(nf * up[e[x]]).sum() for x in range(n_x)]) * (1 + SLACK)
    if (z_lo[live] <= 0).any():
        raise Invalid("the tilted channel has no mass on some input")
    wd = np.array([(nf * Df[x] * up[e[x]]).sum() for x in range(n_x)])
    we = np.array([(nf * e[x] * lo[e[x]]).sum() for x in range(n_x)])
    error_up = float((pf[live] * wd[live] / z_lo[live]).sum()) / float(scale) * (1 + SLACK)
    mean_lo = float((pf[live] * we[live] / z_hi[live]).sum())
    log_beta = math.log2(beta) if beta else 0.0
    terms = pf[live] * np.log2(z_lo[live])
    hi = log_beta * mean_lo - float(terms.sum()) + math.log2(S)
    hi += SLACK * (abs(log_beta * mean_lo) + float(np.abs(terms).sum()) + math.log2(S) + 1)
    return Fraction(error_up), Interval(0.0, max(hi, 0.0)), None

"""Gap-Hamming's external IC by the orbit reduction: certified brackets at d <= 6.

The law is invariant under XOR shifts and coordinate permutations acting on both
inputs (``proofs/column_generation/gap_hamming.md``), so a constant dual is optimal
and ``IC(δ) = max_s [-log2 M(s) - s δ]`` (``symmetry.md``, Lemma 1).  The lower bound
uses the exact maximum ``M`` (:class:`commlb.ic.pricing.hamming.GapHammingOracle`,
``d <= 5``) or an admissible bound ``M̄ >= M`` (:mod:`commlb.ic.pricing.hamming_bounds`,
``d = 6``); the upper bound is a mixture of orbit channels (Lemma 2), certified exactly.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.ic.methods.colgen.witness import rational_text
from commlb.ic.methods.orbit.xor import unimodal_argmax
from commlb.numbers import interval_context

__all__ = ["gap_hamming_bracket", "gibbs_exact"]


def _gibbs_float(d_int: np.ndarray, beta: float, scale: int, d: int) -> tuple[float, float]:
    """Error and ``I(X; A)`` (bits) of the orbit channel ``A = X ⊕ Z``, ``r(z) ∝ β^{D_int[z, g]}``."""
    logs = d_int * math.log(beta)
    r = np.exp(logs - logs.max())
    r /= r.sum()
    entropy = -float(np.sum(r[r > 0] * np.log2(r[r > 0])))
    return float(r @ d_int) / scale, d - entropy


def gibbs_exact(d_int: list[int], beta: Fraction, scale: int, d: int):
    """Exact error and certified ``I(X; A) = d - H(r)`` of the orbit channel of one column.

    ``r(z) = β^{k_z}/Z`` with ``Z = Σ_z β^{k_z}``; ``H(r) = log2 Z - E_r[k] log2 β``.

    Parameters
    ----------
    d_int : list of int
        ``D_int[z, g]`` for the ``2^d`` shifts ``z``.
    beta : Fraction
        The Gibbs base.
    scale : int
        ``L`` (``D = D_int / L``).
    d : int
        Dimension (``H(A) = d`` bits).

    Returns
    -------
    (Fraction, Interval)
        The exact error ``E_r D[Z, g]`` and ``I(X; A)`` in bits, certified.

    Examples
    --------
    >>> error, info = gibbs_exact([0, 1], Fraction(1), 1, 1)  # β = 1: A uniform, no information
    >>> error, info.lo <= 0 <= info.hi
    (Fraction(1, 2), True)

    References
    ----------
    ``proofs/column_generation/symmetry.md`` (Lemma 2), ``gap_hamming.md`` section 4.
    """
    from commlb.info import Interval

    n, m = beta.numerator, beta.denominator
    top = max(d_int)
    terms = [n**k * m ** (top - k) for k in d_int]
    Z = sum(terms)
    mean = Fraction(sum(t * k for t, k in zip(terms, d_int, strict=True)), Z)
    iv = interval_context(160)  # a private context: no global precision
    ln2 = iv.log(iv.mpf(2))

    def log2(a: int, b: int):
        return (iv.log(iv.mpf(a)) - iv.log(iv.mpf(b))) / ln2

    # Z/m^top is the partition function; log2 of it = log2 Z - top log2 m
    entropy = log2(Z, m**top) - (iv.mpf(mean.numerator) / mean.denominator) * log2(n, m)
    info = d - entropy
    return mean / scale, Interval(math.nextafter(float(info.a), -math.inf),
                                  math.nextafter(float(info.b), math.inf))


def _climb(cost: np.ndarray, beta: float, g: np.ndarray, rounds: int = 200) -> np.ndarray:
    """Greedy single-flip ascent of ``Σ_x β^{D_int[x, g]}`` from ``g`` (an incumbent for the upper side)."""
    g = np.asarray(g, dtype=np.int64).copy()
    ny = np.arange(cost.shape[1])
    logb = math.log(beta)
    for _ in range(rounds):
        k = cost[:, ny, g].sum(axis=1)
        # flipping y changes D_int[x] by cost[x, y, 1 - g(y)] - cost[x, y, g(y)]
        delta = cost[:, ny, 1 - g] - cost[:, ny, g]
        values = np.exp((k[:, None] + delta - k.min()) * logb).sum(axis=0)
        best = int(values.argmax())
        if values[best] <= np.exp((k - k.min()) * logb).sum() * (1 + 1e-12):
            break
        g[best] = 1 - g[best]
    return g.astype(np.int8)


def _base_for_error(k: np.ndarray, L: int, d: int, error: float) -> float | None:
    """The base at which the orbit channel of a column errs exactly δ (bisection on ln β)."""
    lo, hi = -2000.0 / L, -1e-9  # ln β; the error decreases as β decreases
    if not _gibbs_float(k, math.exp(lo), L, d)[0] <= error <= _gibbs_float(k, math.exp(hi), L, d)[0]:
        return None
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        if _gibbs_float(k, math.exp(mid), L, d)[0] > error:
            hi = mid
        else:
            lo = mid
    return math.exp(lo)


def _mixture(components: list, delta: Fraction):
    """Best pair of orbit channels whose mixture errs exactly ``<= δ``: ``(θ, a, b)`` or None."""
    best = None
    for a in components:
        for b in components:
            ea, ia, eb, ib = a[2], a[3], b[2], b[3]
            if ea < float(delta) or eb > float(delta) * (1 - 1e-9):  # room for rounding β
                continue
            theta = 0.0 if ea == eb else (float(delta) - eb) / (ea - eb)
            value = theta * ia + (1 - theta) * ib
            if best is None or value < best[0]:
                best = (value, a, b)
    return best


def gap_hamming_bracket(params: dict, error: Fraction, progress: bool = False,
                        bound: str | None = None) -> dict:
    """Certified bracket on the external IC of Gap-Hamming(d, ρ) by the orbit reduction.

    Lower: ``-log2 M̄ + L δ log2 β`` with ``M̄`` the exact uniform-weight pricing
    maximum (``d <= 5``) or an admissible bound ``M̄ >= M``: at ``d = 6`` the
    coordinate-Hölder bound from the exact ``(d-1)``-dimensional maxima by weight.
    Upper: a mixture of two orbit channels ``A = X ⊕ Z``, ``r(z) ∝ β^{D_int[z, g]}``
    (Lemma 2 of ``symmetry.md``), whose error is at most δ exactly.

    Parameters
    ----------
    params : dict
        ``d`` (1..6) and ``rho``.
    error : Fraction
        The error budget δ.
    progress : bool
        Show a tqdm bar of the three stages (slope search, certified pricing bound,
        upper witness); about 25 s at ``d = 5, 6``.  Ctrl-C raises KeyboardInterrupt
        (no partial bracket: each stage needs the one before).
    bound : {None, "holder", "half"}
        None: exact pricing for ``d <= 5``, the coordinate-Hölder bound at ``d = 6``;
        or force an admissible bound (``"half"``: Cauchy–Schwarz over the halves).

    Returns
    -------
    dict
        As :func:`symmetric_external_bracket`: ``lower`` and ``upper``
        (:class:`commlb.info.Interval`, certified) and the two witnesses.

    Raises
    ------
    InvalidParameterError
        δ outside ``[0, 1/2)`` where the bracket is non-trivial, or bad parameters.

    Examples
    --------
    >>> from fractions import Fraction
    >>> out = gap_hamming_bracket({"d": 2, "rho": "1/2"}, Fraction(2, 5))
    >>> out["lower"].lo <= out["upper"].hi and out["upper"].hi - out["lower"].lo < 1e-6
    True

    References
    ----------
    ``proofs/column_generation/gap_hamming.md``; Blahut 1972.
    """
    from tqdm import tqdm

    from commlb.ic.pricing.hamming import GapHammingOracle, gap_hamming_costs, gap_hamming_optimal_error

    d = params.get("d")
    rho = params.get("rho", "1/2")
    floor = gap_hamming_optimal_error(d, rho)
    if not floor < error < Fraction(1, 2):
        raise InvalidParameterError(
            f"gap-hamming's orbit bracket needs {floor} < δ < 1/2 (the optimal error and the "
            f"error of no message), got {error}; choose δ in between")
    method = bound or ("exact" if isinstance(d, int) and d <= 5 else "holder")
    if method not in ("exact", "holder", "half"):
        raise InvalidParameterError(f"bound {bound!r} must be 'holder' or 'half'")
    oracle = GapHammingOracle(d, rho) if method == "exact" else None
    cost, L = gap_hamming_costs(d, rho)
    ny = np.arange(2**d)

    def column_d_int(g: np.ndarray) -> np.ndarray:
        return cost[:, ny, g].sum(axis=1)

    def dual(value) -> object:
        return lambda s: -math.log2(value(2.0 ** (-s / L))) - s * float(error)

    bar = tqdm(total=3, desc=f"gap-hamming d = {d}", unit="stage", leave=False, disable=not progress)
    try:
        return _bracket_stages(d, rho, error, method, oracle, cost, L, column_d_int, dual, bar)
    finally:
        bar.close()


def _bracket_stages(d, rho, error, method, oracle, cost, L, column_d_int, dual, bar) -> dict:
    """The three stages of :func:`gap_hamming_bracket`: slope, certified lower bound, upper witness."""
    from commlb.ic.pricing.hamming import GapHammingOracle, incumbents
    from commlb.ic.pricing.hamming_bounds import (
        best_phi,
        coordinate_holder_float,
        half_cauchy_schwarz,
        weight_maxima,
    )
    from commlb.info import Interval

    exact, n = method == "exact", 2**d
    bar.set_postfix_str("slope search")
    phi = None
    if exact:
        s = unimodal_argmax(dual(lambda b: oracle.value(oracle.p_x, b)), 0.0, 8.0 * L / n)
    else:  # the incumbents' slope, then the slope of the bound near it
        tables = [column_d_int(g) for g in incumbents(d)]
        s = unimodal_argmax(dual(lambda b: max(float(np.mean(b**k)) for k in tables)), 0.0, 8.0 * L / n)
        if method == "half":
            phi = best_phi(d, rho, 2.0 ** (-s / L), evaluations=60)

            def upper_bound(b: float) -> float:
                t0, t1 = half_cauchy_schwarz(d, rho, b, phi, exact=False)
                return math.sqrt(t0 * t1)

            s = unimodal_argmax(dual(upper_bound), 0.8 * s, 1.2 * s, iterations=16)
        else:
            smaller = GapHammingOracle(d - 1, rho)
            ratio = 2 * Fraction(str(rho)).denominator  # β_{d-1} = β^{2q}

            def upper_bound(b: float) -> float:
                maxima = weight_maxima(smaller, Fraction(b) ** ratio, exact=False)
                return 2.0 ** coordinate_holder_float(d, rho, b, maxima)

            s = unimodal_argmax(dual(upper_bound), 0.97 * s, 1.03 * s, iterations=14)
    beta = Fraction(2.0 ** (-s / L)).limit_denominator(10**9)
    bar.update()
    bar.set_postfix_str("certified pricing bound")
    lower, claimed = _gap_hamming_lower(d, rho, beta, L, error, method, oracle, phi)
    bar.update()
    bar.set_postfix_str("upper witness")
    # upper: orbit channels of good columns (d = 6: incumbents improved by single flips)
    if exact:
        columns = [g for f in (1.0, 0.97, 1.03, 0.995, 1.005, 0.9995, 1.0005)
                   for g in oracle.price(oracle.p_x, float(beta) ** f, top=4)[1]]
    else:
        columns = [_climb(cost, float(beta), g) for g in incumbents(d)] + list(incumbents(d))
    seen, components = set(), []
    for g in columns:
        key = g.astype(np.int8).tobytes()
        if key in seen:
            continue
        seen.add(key)
        k = column_d_int(np.asarray(g, dtype=np.int64))
        bases = [float(beta) ** f for f in (1.0, 0.9, 1.1, 0.99, 1.01, 0.999, 1.001, 0.9999, 1.0001)]
        own = _base_for_error(k, L, d, float(error))  # this column's channel erring exactly δ
        if own is not None:
            bases += [own ** f for f in (1.0, 0.9999, 1.0001, 0.999999, 1.000001)]
        components.extend((g, base, *_gibbs_float(k, base, L, d), k) for base in bases)
    best = _mixture(components, error)
    bar.update()
    upper, witness = Interval(math.inf, math.inf, certified=False), None
    if best is not None:
        upper, witness = _certified_mixture(best[1], best[2], error, L, d)
    status = "converged (orbit reduction)"
    if upper.hi - lower.lo > 1e-6:
        status = f"orbit reduction with the {method} bound: the bracket is not closed"
    return {"lower": lower, "upper": upper, "base": beta, "oracle": "gap-hamming", "status": status,
            "scale": L, "claimed_max": claimed,
            "lower_witness": _lower_witness(beta, L, claimed, phi),
            "upper_witness": witness}


def _lower_witness(beta: Fraction, L: int, claimed, phi) -> dict:
    out = {"type": "rd-dual-pricing", "base": str(beta), "scale": L, "lambda": "1"}
    if isinstance(claimed, dict):
        return {**out, "pricing": "gap-hamming-coordinate-holder",
                "bases": [str(b) for b in claimed["bases"]],
                "pairs": [[str(m), j1, j2] for m, j1, j2 in claimed["pairs"]],
                "claimed_weight_maxima": [[rational_text(v) for v in row] for row in claimed["maxima"]]}
    if phi is None:
        return {**out, "pricing": "gap-hamming-orbits", "claimed_max": rational_text(claimed)}
    return {**out, "pricing": "gap-hamming-half-cauchy-schwarz", "phi": [str(v) for v in phi],
            "claimed_halves": [rational_text(v) for v in claimed]}




def _gap_hamming_lower(d, rho, beta: Fraction, L: int, error: Fraction, method: str, oracle, phi):
    """Certified ``-log2 M̄ + L δ log2 β`` and the claim behind ``M̄`` (rounded up)."""
    from commlb.ic.pricing.hamming import GapHammingOracle, round_up
    from commlb.ic.pricing.hamming_bounds import (
        coordinate_holder_log2,
        half_cauchy_schwarz,
        holder_plan,
        weight_maxima,
    )
    from commlb.info import Interval

    iv = interval_context(160)  # a private context: no global precision
    ln2 = iv.log(iv.mpf(2))

    def ln(r: Fraction):
        return iv.log(iv.mpf(r.numerator)) - iv.log(iv.mpf(r.denominator))

    if method == "exact":
        claimed = round_up(oracle.price_exact(oracle.p_x_exact, beta))
        log2_m = ln(claimed) / ln2
    elif method == "half":
        claimed = tuple(round_up(t) for t in half_cauchy_schwarz(d, rho, beta, phi))
        log2_m = (ln(claimed[0]) + ln(claimed[1])) / 2 / ln2
    else:
        bases, pairs = holder_plan(d, rho, beta)
        smaller = GapHammingOracle(d - 1, rho)
        # claims padded by 2^-28 (5e-9 bits): the checker then settles each class in floats
        pad = 1 + Fraction(1, 2**28)
        maxima = [[round_up(v * pad) for v in weight_maxima(smaller, b)] for b in bases]
        claimed = {"bases": bases, "pairs": pairs, "maxima": maxima}
        log2_m = iv.mpf(coordinate_holder_log2(d, rho, beta, bases, maxima, pairs))
    value = -log2_m + (iv.mpf(L * error.numerator) / error.denominator) * ln(beta) / ln2
    return Interval(math.nextafter(float(value.a), -math.inf),
                    math.nextafter(float(value.b), math.inf)), claimed


def _certified_mixture(a, b, error: Fraction, L: int, d: int):
    """Exact error and certified information of ``θ·a + (1 - θ)·b``, ``θ`` rational, error <= δ."""
    from commlb.info import Interval

    parts = []
    for g, base, _, _, k in (a, b):
        beta = Fraction(base).limit_denominator(10**9)
        e, info = gibbs_exact([int(v) for v in k], beta, L, d)
        parts.append((g, beta, e, info))
    (ga, ba, ea, ia), (gb, bb, eb, ib) = parts
    options = [t for t, e in ((Fraction(1), ea), (Fraction(0), eb)) if e <= error]  # one alone
    if ea > error >= eb:
        theta = (error - eb) / (ea - eb)
        small = Fraction(float(theta)).limit_denominator(10**12)
        options.append(small if ea * small + eb * (1 - small) <= error else Fraction(
            math.floor(float(theta) * 2**40), 2**40))
    options = [t for t in options if 0 <= t <= 1 and ea * t + eb * (1 - t) <= error]
    if not options:
        return Interval(math.inf, math.inf, certified=False), None
    theta = min(options, key=lambda t: float(t) * ia.hi + float(1 - t) * ib.hi)
    iv = interval_context(160)  # a private context: no global precision
    t = iv.mpf(theta.numerator) / theta.denominator
    total = t * iv.mpf([ia.lo, ia.hi]) + (1 - t) * iv.mpf([ib.lo, ib.hi])
    upper = Interval(math.nextafter(float(total.a), -math.inf), math.nextafter(float(total.b), math.inf))
    witness = {"type": "orbit-gibbs", "components": [
        {"column": [int(v) for v in g], "base": str(beta), "weight": str(w)}
        for g, beta, w in ((ga, ba, theta), (gb, bb, 1 - theta)) if w]}
    return upper, witness

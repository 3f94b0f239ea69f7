"""The checker's Gap-Hamming witnesses: orbit pricing, admissible bounds, orbit channels.

Gap-Hamming(d, ρ = r/q) is checked from its closed form (``L = 2(2q)^d``,
``C[x, y, 0] = (q+r)^a (q-r)^{d-a}``, ``C[x, y, 1] = q^d``, ``a`` agreements), with the
first part of Bob's alphabet restricted to orbit representatives under the coordinate
maps that fix the cut (the weights are invariant), by the meet in the middle of
:func:`commlb.certificates.separable_pricing.separable_max`.  Never imports
:mod:`commlb.ic`.  Proofs: ``proofs/column_generation/gap_hamming.md``.
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction

import numpy as np

from commlb.certificates import statements
from commlb.certificates.schema import integer, keys, power_fits, rational, table
from commlb.certificates.separable_pricing import separable_max
from commlb.errors import CertificateError
from commlb.info import Interval
from commlb.numbers import interval_context

__all__ = ["gap_hamming_cost", "orbit_rows", "gap_hamming_pricing_max", "half_cauchy_schwarz",
           "coordinate_holder", "bounded_lower", "orbit_gibbs_upper"]


def gap_hamming_cost(d: int, rho: Fraction) -> tuple[np.ndarray, int]:
    """``(C, L)`` of Gap-Hamming(d, ρ) from its closed form (strings ``-1 -> 0``, first bit high).

    Examples
    --------
    >>> cost, scale = gap_hamming_cost(1, Fraction(1, 2))
    >>> cost[0].tolist(), scale  # y = x: 3/8 if Bob says "independent", 2/8 if "correlated"
    ([[3, 2], [1, 2]], 8)
    """
    r, q = rho.numerator, rho.denominator
    n = 2**d
    if (q + r) ** d * n >= 2**62:  # every entry, and every sum over y, must fit int64
        raise CertificateError(f"Gap-Hamming(d = {d}, ρ = {rho}) has cost entries of "
                               f"{((q + r) ** d).bit_length()} bits; the checker's meet in the "
                               "middle needs sums below 2^62")
    power = [(q + r) ** a * (q - r) ** (d - a) for a in range(d + 1)]  # exact Python ints
    cost = np.zeros((n, n, 2), dtype=np.int64)
    for x in range(n):
        for y in range(n):
            cost[x, y, 0] = power[d - bin(x ^ y).count("1")]
    cost[:, :, 1] = q**d
    return cost, 2 * (2 * q) ** d


@functools.lru_cache(maxsize=8)
def orbit_rows(m: int) -> np.ndarray:
    """One Boolean function on ``{0,1}^m`` per orbit of ``y -> π(y) ⊕ a`` (lexicographic index).

    A truth table's index has bit ``size - 1 - y`` for the point ``y``; a point map moves
    those bits, computed byte by byte through 256-entry tables.

    Examples
    --------
    >>> orbit_rows(1).tolist()  # 0, y, 1 - y, 1 -> three orbits: 0, y, 1
    [0, 1, 3]
    """
    size = 2**m
    points = np.arange(size)
    index = np.arange(2**size, dtype=np.int64)
    smallest = index.copy()
    width = min(8, size)
    byte = np.arange(2**width, dtype=np.int64)
    for perm in itertools.permutations(range(m)):
        permuted = np.zeros(size, dtype=np.int64)
        for src, dst in enumerate(perm):
            permuted |= ((points >> (m - 1 - src)) & 1) << (m - 1 - dst)
        for shift in range(size):
            target = permuted ^ shift  # the image h has h(target[y]) = g(y)
            image = np.zeros_like(index)
            for first in range(0, size, width):
                table = np.zeros(2**width, dtype=np.int64)
                for j in range(width):
                    table |= ((byte >> (width - 1 - j)) & 1) << (size - 1 - target[first + j])
                image |= table[(index >> (size - first - width)) & (2**width - 1)]
            np.minimum(smallest, image, out=smallest)
    return np.unique(smallest)


def _params(params: dict) -> tuple[int, Fraction]:
    """``(d, ρ)`` of a Gap-Hamming statement, ``d <= 6`` and ``ρ < 1``, from the statements."""
    d, rho = statements.hamming_form(statements.statement(_family(params), params))
    if d > 6 or not rho < 1:
        raise CertificateError(f"Gap-Hamming witnesses are checked for d in 1..6 and ρ < 1, got "
                               f"d = {d}, ρ = {rho}")
    return d, rho


def _family(params: dict) -> str:
    """The one family with Gap-Hamming's closed form (asked of the statements, not named here)."""
    return statements.hamming_family()


def gap_hamming_pricing_max(params: dict, weights: list[Fraction], beta: Fraction) -> tuple[Fraction, int]:
    """Exact ``max_g Σ_x w β^{D_int}`` for Gap-Hamming, ``d <= 5``, uniform weights; and ``L``.

    Examples
    --------
    >>> gap_hamming_pricing_max({"d": 2, "rho": "1/2"}, [Fraction(1, 4)] * 4, Fraction(1))
    (Fraction(1, 1), 32)
    """
    d, rho = _params(params)
    if d > 5 or len(set(weights)) != 1 or len(weights) != 2**d:
        raise CertificateError("orbit pricing is checked for d <= 5 and a constant λ only")
    cost, scale = gap_hamming_cost(d, rho)
    return separable_max(cost, weights, beta, 2 ** (d - 1), orbit_rows(d - 1)), scale


def half_cauchy_schwarz(params: dict, beta: Fraction, phi: list[Fraction]) -> tuple[Fraction, Fraction, int]:
    """Exact ``T_0, T_1`` with ``M <= (T_0 T_1)^{1/2}``, and ``L`` (``gap_hamming.md``).

    ``T_0 = max_{g_0} 2^{-d} Σ_x φ(x) (β^2)^{P_0(x, g_0)}`` over functions on
    ``{y_1 = -1}``, ``T_1`` likewise on ``{y_1 = +1}`` with ``1/φ``; ``φ`` depends on
    ``(x_1, x_2)`` only (four positive rationals, index ``2 x_1 + x_2``).

    Examples
    --------
    >>> t0, t1, scale = half_cauchy_schwarz({"d": 3, "rho": "1/2"}, Fraction(1), [Fraction(1)] * 4)
    >>> (t0, t1, scale)  # β = 1: every function has value 1
    (Fraction(1, 1), Fraction(1, 1), 128)
    """
    d, rho = _params(params)
    if d < 2:
        raise CertificateError("the half Cauchy–Schwarz bound needs d >= 2")
    if len(phi) != 4 or any(v <= 0 for v in phi):
        raise CertificateError("φ must be four positive rationals, one per (x_1, x_2)")
    cost, scale = gap_hamming_cost(d, rho)
    n = 2**d
    rows = orbit_rows(d - 2)
    cls = [(x >> (d - 2)) & 3 for x in range(n)]
    out = []
    for part, w in ((slice(0, n // 2), [phi[c] / n for c in cls]),
                    (slice(n // 2, n), [1 / (phi[c] * n) for c in cls])):
        out.append(separable_max(cost[:, part, :], w, Fraction(beta) ** 2, n // 4, rows))
    return out[0], out[1], scale


def coordinate_holder(params: dict, beta: Fraction, bases: list[Fraction], pairs: list,
                      claimed: list[list[Fraction]]):
    """Check a coordinate-Hölder witness and enclose ``log2 M̄_d`` (``gap_hamming.md``, section 5a).

    ``V_j(k)`` = max over ``h: {±1}^{d-1} -> {0,1}`` with ``k`` ones of
    ``2^{1-d} Σ_x' b_j^{D'_int[x', h]}``, recomputed here and compared with the claims.  A
    pair ``(m, j_1, j_2)`` needs ``m > a_+ = (1+ρ)/2``, ``b_{j_1} <= β^{2q m}`` and
    ``b_{j_2} <= β^{2q μ}``, ``μ = m a_-/(m - a_+)``.  With ``ln W_j = ln V_j - (L'/2) ln b_j``,
    ``τ = -(L/2) ln β``, ``ln c = τρ/2^d`` and ``A(k, l) = min over pairs of
    (a_+/m) ln W_{j_1}(k) + (1 - a_+/m) ln W_{j_2}(l)``:
    ``M_d <= e^{-τ} max_{k,l} (1/2)[e^{A(k,l) + (k-l) ln c} + e^{A(l,k) + (l-k) ln c}]``.

    Returns
    -------
    (mpmath interval of log2 M̄, L); raises CertificateError naming what fails.
    """
    d, rho = _params(params)
    if d < 2:
        raise CertificateError("the coordinate-Hölder bound needs d >= 2")
    r, q = rho.numerator, rho.denominator
    n = 2 ** (d - 1)
    if not bases or len(claimed) != len(bases) or not pairs:
        raise CertificateError("the coordinate-Hölder witness lists bases, pairs and one row of "
                               "maxima per base")
    if any(len(row) != n + 1 or min(row) <= 0 for row in claimed):
        raise CertificateError(f"each row of the witness lists {n + 1} positive maxima V(0..{n})")
    iv = interval_context(160)

    def ln(v: Fraction):
        return iv.log(iv.mpf(v.numerator)) - iv.log(iv.mpf(v.denominator))

    heavy, light = (1 + rho) / 2, (1 - rho) / 2
    terms = []
    for m, j1, j2 in table(pairs, "the Hölder pairs", 3, limit=64):
        m = rational(m, "a Hölder exponent m")
        j1, j2 = (integer(j, "a base index", 0, len(bases) - 1) for j in (j1, j2))
        if not m > heavy or not (0 <= j1 < len(bases) and 0 <= j2 < len(bases)):
            raise CertificateError(f"the Hölder pair ({m}, {j1}, {j2}) needs m > {heavy} and listed bases")
        for j, mu in ((j1, m), (j2, m * light / (m - heavy))):
            e = 2 * q * mu
            if e.denominator == 1:
                power_fits(beta, int(e), "the base β")
            ok = (bases[j] <= beta ** int(e)) if e.denominator == 1 else \
                (ln(bases[j]).b < (e.numerator * ln(beta) / e.denominator).a)
            if not 0 < bases[j] <= 1 or not ok:
                raise CertificateError(f"base {j} must lie in (0, β^(2q·{mu})] for the pair m = {m}")
        terms.append((heavy / m, j1, j2))
    cost, _ = gap_hamming_cost(d - 1, rho)
    rows = orbit_rows(d - 2) if d >= 3 else None
    for j, base in enumerate(bases):
        true = separable_max(cost, [Fraction(1, n)] * n, base, n // 2, rows, by_ones=True,
                             claims=claimed[j])
        if any(t > c for t, c in zip(true, claimed[j], strict=True)):
            raise CertificateError(f"a decision function violates the dual condition: a maximum "
                                   f"at base {j} exceeds its claim")
    small, big = 2 * (2 * q) ** (d - 1), 2 * (2 * q) ** d
    ln_w = [[ln(v) - small * ln(b) / 2 for v in row] for b, row in zip(bases, claimed, strict=True)]
    tau = -big * ln(beta) / 2
    ln_c = -r * q ** (d - 1) * ln(beta)

    def exponent(k: int, l: int):
        values = [iv.mpf(t.numerator) / t.denominator * ln_w[j1][k]
                  + (1 - iv.mpf(t.numerator) / t.denominator) * ln_w[j2][l] for t, j1, j2 in terms]
        return iv.mpf([min(v.a for v in values), min(v.b for v in values)])

    grid = [[exponent(k, l) for l in range(n + 1)] for k in range(n + 1)]
    top = None
    for k in range(n + 1):
        for l in range(k, n + 1):
            term = iv.log((iv.exp(grid[k][l] + (k - l) * ln_c) + iv.exp(grid[l][k] + (l - k) * ln_c)) / 2)
            top = term if top is None else iv.mpf([max(top.a, term.a), max(top.b, term.b)])
    return (top - tau) / iv.log(iv.mpf(2)), big


def bounded_lower(certificate: dict):
    """Certified ``-log2 M̄ + L δ log2 β`` of a Gap-Hamming certificate whose claim is a bound.

    ``"gap-hamming-coordinate-holder"``: :func:`coordinate_holder`;
    ``"gap-hamming-half-cauchy-schwarz"``: ``M̄ = (T_0 T_1)^{1/2}``, both half maxima
    recomputed (:func:`half_cauchy_schwarz`).  Raises CertificateError if a claim fails.

    Returns
    -------
    commlb.info.Interval
    """
    problem = keys(certificate["problem"], {"name", "params"}, "the problem", ("name", "params"))
    params = problem["params"]
    lower = certificate["lower_witness"]
    if problem["name"] != _family(params) or lower.get("lambda") != "1":
        raise CertificateError("admissible pricing bounds are checked for Gap-Hamming with λ = 1")
    common = {"type", "pricing", "base", "scale", "lambda"}
    extra = {"bases", "pairs", "claimed_weight_maxima"} \
        if lower["pricing"] == "gap-hamming-coordinate-holder" else {"phi", "claimed_halves"}
    keys(lower, common | extra, "the lower witness", tuple(sorted(common | extra)))
    beta = rational(lower["base"], "base")
    if not 0 < beta <= 1:
        raise CertificateError(f"the base β = {beta} must lie in (0, 1]")
    error = rational(certificate["error"], "error")
    iv = interval_context(160)

    def log2(v: Fraction):
        return (iv.log(iv.mpf(v.numerator)) - iv.log(iv.mpf(v.denominator))) / iv.log(iv.mpf(2))

    if lower["pricing"] == "gap-hamming-coordinate-holder":
        claimed = [[rational(v, "claimed maximum") for v in table(row, "a row of maxima")]
                   for row in table(lower["claimed_weight_maxima"], "the claimed maxima", limit=64)]
        bases = [rational(v, "base") for v in table(lower["bases"], "the bases", limit=64)]
        log2_m, scale = coordinate_holder(params, beta, bases, lower["pairs"], claimed)
    else:
        phi = [rational(v, "φ") for v in table(lower["phi"], "φ", limit=4)]
        claimed = [rational(v, "claimed half maximum") for v in table(lower["claimed_halves"], "the halves")]
        t0, t1, scale = half_cauchy_schwarz(params, beta, phi)
        if len(claimed) != 2 or t0 > claimed[0] or t1 > claimed[1]:
            raise CertificateError("a decision function violates the dual condition: a half maximum "
                                   "exceeds its claim")
        log2_m = (log2(claimed[0]) + log2(claimed[1])) / 2
    if integer(lower["scale"], "the scale L") != scale:
        raise CertificateError(f"the scale L is {scale}, not {lower.get('scale')}")
    value = -log2_m + (iv.mpf(scale * error.numerator) / error.denominator) * log2(beta)
    return Interval(math.nextafter(float(value.a), -math.inf), math.nextafter(float(value.b), math.inf))


def orbit_gibbs_upper(params: dict, witness: dict, error: Fraction):
    """Certified ``I(X; K, A)`` of a mixture of orbit channels whose error is ``<= δ``.

    Component ``k`` (weight ``θ_k``, column ``g_k``, base ``β_k``): ``A = X ⊕ Z``,
    ``r(z) ∝ β_k^{D_int[z, g_k]}``, Bob answers ``g_k(y ⊕ A)``; its error is
    ``E_r D[Z, g_k]`` and ``I(X; A) = d - H(r)``.

    Returns
    -------
    commlb.info.Interval
    """
    d, rho = _params(params)
    cost, scale = gap_hamming_cost(d, rho)
    n = 2**d
    keys(witness, {"type", "components"}, "the orbit-gibbs witness", ("type", "components"))
    comps = table(witness["components"], "the components", limit=64)
    if not comps:
        raise CertificateError("an orbit-gibbs witness lists one or more components")
    comps = [keys(c, {"weight", "column", "base"}, "a component", ("weight", "column", "base"))
             for c in comps]
    thetas = [rational(c["weight"], "a component weight") for c in comps]
    if any(t < 0 for t in thetas) or sum(thetas) != 1:
        raise CertificateError("the component weights must be a probability law")
    iv = interval_context(160)
    ln2 = iv.log(iv.mpf(2))
    achieved, info = Fraction(0), iv.mpf(0)
    for c, theta in zip(comps, thetas, strict=True):
        g = [integer(v, "a column entry", 0, 1) for v in table(c["column"], "a column", limit=n)]
        beta = rational(c["base"], "a component base")
        if len(g) != n or not 0 < beta <= 1:
            raise CertificateError(f"a component needs a 0/1 column of length {n} and a base in (0, 1]")
        k = [sum(int(cost[z, y, g[y]]) for y in range(n)) for z in range(n)]
        top = max(k)
        power_fits(beta, top, "a component base")
        terms = [beta.numerator**v * beta.denominator ** (top - v) for v in k]
        partition = sum(terms)
        mean = Fraction(sum(t * v for t, v in zip(terms, k, strict=True)), partition)
        achieved += theta * mean / scale
        log2_z = (iv.log(iv.mpf(partition)) - top * iv.log(iv.mpf(beta.denominator))) / ln2
        log2_b = (iv.log(iv.mpf(beta.numerator)) - iv.log(iv.mpf(beta.denominator))) / ln2
        entropy = log2_z - (iv.mpf(mean.numerator) / mean.denominator) * log2_b
        info += (iv.mpf(theta.numerator) / theta.denominator) * (d - entropy)
    if achieved > error:
        raise CertificateError(f"the orbit channels err with probability {float(achieved):.12g} > δ")
    return Interval(math.nextafter(float(info.a), -math.inf), math.nextafter(float(info.b), math.inf))

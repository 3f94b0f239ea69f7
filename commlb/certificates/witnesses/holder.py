"""Admissible pricing bounds for Gap-Hamming: ``M̄ >= M`` by Hölder and half Cauchy–Schwarz.

Where exact orbit pricing is out of reach (d = 6), a lower witness may claim an upper
bound ``M̄`` on the pricing maximum instead of ``M`` itself; the rate–distortion dual
bound then holds with ``M̄`` (``proofs/column_generation/gap_hamming.md``, S8 of
``proofs/INDEX.md``).  Every partial maximum the bound is built from is re-priced here
by meet in the middle on orbit representatives.
"""

from __future__ import annotations

import math
from fractions import Fraction

from commlb.certificates import statements
from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.schema import integer, keys, power_fits, rational, table
from commlb.certificates.witnesses.hamming_orbits import gap_hamming_cost, hamming_params, orbit_rows
from commlb.certificates.witnesses.meet_in_middle import separable_max
from commlb.errors import CertificateError
from commlb.numbers import interval_context

__all__ = ["BOUNDS", "FIELDS", "lower", "half_cauchy_schwarz", "coordinate_holder"]

BOUNDS = ("gap-hamming-coordinate-holder", "gap-hamming-half-cauchy-schwarz")
FIELDS_HOLDER = {"bases", "pairs", "claimed_weight_maxima"}
FIELDS_HALVES = {"phi", "claimed_halves"}
FIELDS = FIELDS_HOLDER | FIELDS_HALVES


def half_cauchy_schwarz(s: statements.Statement, beta: Fraction,
                        phi: list[Fraction]) -> tuple[Fraction, Fraction, int]:
    """Exact ``T_0, T_1`` with ``M <= (T_0 T_1)^{1/2}``, and ``L`` (``gap_hamming.md``).

    ``T_0 = max_{g_0} 2^{-d} Σ_x φ(x) (β^2)^{P_0(x, g_0)}`` over functions on
    ``{y_1 = -1}``, ``T_1`` likewise on ``{y_1 = +1}`` with ``1/φ``; ``φ`` depends on
    ``(x_1, x_2)`` only (four positive rationals, index ``2 x_1 + x_2``).

    Examples
    --------
    >>> s = statements.statement("gap-hamming", {"d": 3, "rho": "1/2"})
    >>> t0, t1, scale = half_cauchy_schwarz(s, Fraction(1), [Fraction(1)] * 4)
    >>> (t0, t1, scale)  # β = 1: every function has value 1
    (Fraction(1, 1), Fraction(1, 1), 128)
    """
    d, rho = hamming_params(s)
    if d < 2:
        raise CertificateError("the half Cauchy–Schwarz bound needs d >= 2")
    if len(phi) != 4 or any(v <= 0 for v in phi):
        raise Refuted("φ must be four positive rationals, one per (x_1, x_2)")
    cost, scale = gap_hamming_cost(d, rho)
    n = 2**d
    rows = orbit_rows(d - 2)
    cls = [(x >> (d - 2)) & 3 for x in range(n)]
    out = []
    for part, w in ((slice(0, n // 2), [phi[c] / n for c in cls]),
                    (slice(n // 2, n), [1 / (phi[c] * n) for c in cls])):
        out.append(separable_max(cost[:, part, :], w, Fraction(beta) ** 2, n // 4, rows))
    return out[0], out[1], scale


def coordinate_holder(s: statements.Statement, beta: Fraction, bases: list[Fraction], pairs: list,
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
    d, rho = hamming_params(s)
    if d < 2:
        raise CertificateError("the coordinate-Hölder bound needs d >= 2")
    r, q = rho.numerator, rho.denominator
    n = 2 ** (d - 1)
    if not bases or len(claimed) != len(bases) or not pairs:
        raise CertificateError("the coordinate-Hölder witness lists bases, pairs and one row of "
                               "maxima per base")
    if any(len(row) != n + 1 or min(row) <= 0 for row in claimed):
        raise Refuted(f"each row of the witness lists {n + 1} positive maxima V(0..{n})")
    iv = interval_context(160)

    def ln(v: Fraction):
        return iv.log(iv.mpf(v.numerator)) - iv.log(iv.mpf(v.denominator))

    heavy, light = (1 + rho) / 2, (1 - rho) / 2
    terms = []
    for m, j1, j2 in table(pairs, "the Hölder pairs", 3, limit=64):
        m = rational(m, "a Hölder exponent m")
        j1, j2 = (integer(j, "a base index", 0, len(bases) - 1) for j in (j1, j2))
        if not m > heavy or not (0 <= j1 < len(bases) and 0 <= j2 < len(bases)):
            raise Refuted(f"the Hölder pair ({m}, {j1}, {j2}) needs m > {heavy} and listed bases")
        for j, mu in ((j1, m), (j2, m * light / (m - heavy))):
            e = 2 * q * mu
            if e.denominator == 1:
                power_fits(beta, int(e), "the base β")
            ok = (bases[j] <= beta ** int(e)) if e.denominator == 1 else \
                (ln(bases[j]).b < (e.numerator * ln(beta) / e.denominator).a)
            if not 0 < bases[j] <= 1 or not ok:
                raise Refuted(f"base {j} must lie in (0, β^(2q·{mu})] for the pair m = {m}")
        terms.append((heavy / m, j1, j2))
    cost, _ = gap_hamming_cost(d - 1, rho)
    rows = orbit_rows(d - 2) if d >= 3 else None
    for j, base in enumerate(bases):
        true = separable_max(cost, [Fraction(1, n)] * n, base, n // 2, rows, by_ones=True,
                             claims=claimed[j])
        if any(t > c for t, c in zip(true, claimed[j], strict=True)):
            raise Refuted(f"a decision function violates the dual condition: a maximum at base {j} "
                          "exceeds its claim")
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


def lower(s: statements.Statement, error: Fraction, lower: dict) -> Bound:
    """Certified ``-log2 M̄ + L δ log2 β`` of a Gap-Hamming witness whose claim is a bound.

    ``"gap-hamming-coordinate-holder"``: :func:`coordinate_holder`;
    ``"gap-hamming-half-cauchy-schwarz"``: ``M̄ = (T_0 T_1)^{1/2}``, both half maxima
    recomputed (:func:`half_cauchy_schwarz`).  Raises :class:`Refuted` if a claim fails.
    """
    hamming_params(s)
    if lower.get("lambda") != "1":
        raise CertificateError("admissible pricing bounds are checked for Gap-Hamming with λ = 1")
    common = {"type", "pricing", "base", "scale", "lambda"}
    extra = FIELDS_HOLDER if lower["pricing"] == "gap-hamming-coordinate-holder" else FIELDS_HALVES
    keys(lower, common | extra, "the lower witness", tuple(sorted(common | extra)))
    beta = rational(lower["base"], "base")
    if not 0 < beta <= 1:
        raise CertificateError(f"the base β = {beta} must lie in (0, 1]")
    iv = interval_context(160)

    def log2(v: Fraction):
        return (iv.log(iv.mpf(v.numerator)) - iv.log(iv.mpf(v.denominator))) / iv.log(iv.mpf(2))

    if lower["pricing"] == "gap-hamming-coordinate-holder":
        claimed = [[rational(v, "claimed maximum") for v in table(row, "a row of maxima")]
                   for row in table(lower["claimed_weight_maxima"], "the claimed maxima", limit=64)]
        bases = [rational(v, "base") for v in table(lower["bases"], "the bases", limit=64)]
        log2_m, scale = coordinate_holder(s, beta, bases, lower["pairs"], claimed)
    else:
        phi = [rational(v, "φ") for v in table(lower["phi"], "φ", limit=4)]
        claimed = [rational(v, "claimed half maximum") for v in table(lower["claimed_halves"], "the halves")]
        t0, t1, scale = half_cauchy_schwarz(s, beta, phi)
        if len(claimed) != 2 or t0 > claimed[0] or t1 > claimed[1]:
            raise Refuted("a decision function violates the dual condition: a half maximum exceeds "
                          "its claim")
        log2_m = (log2(claimed[0]) + log2(claimed[1])) / 2
    if integer(lower["scale"], "the scale L") != scale:
        raise Refuted(f"the scale L is {scale}, not {lower.get('scale')}")
    value = -log2_m + (iv.mpf(scale * error.numerator) / error.denominator) * log2(beta)
    return Bound.enclosed(math.nextafter(float(value.a), -math.inf),
                          math.nextafter(float(value.b), math.inf),
                          "the admissible pricing bound recomputed (every half maximum re-priced)")

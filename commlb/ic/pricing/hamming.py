"""Pricing for Gap-Hamming(d, ρ) with uniform weights: symmetry and meet in the middle.

With ``ρ = r/q``, ``P_ρ(y | x)·(2q)^d = (q + r)^a (q - r)^{d - a}`` (``a`` the number of
agreeing coordinates), and the decision distortion is separable with

    L = 2 (2q)^d,   C_int[x, y, 0] = (q + r)^a (q - r)^{d - a},   C_int[x, y, 1] = q^d

(output 0, "independent", errs on the correlated mass; output 1 on the independent
mass ``2^{-d}/2``).  The law is invariant under XOR shifts and coordinate
permutations acting on both inputs.  The subgroup fixing the first coordinate
(``(d-1)!·2^{d-1}`` elements) maps Bob's first half ``{y_1 = -1}`` to itself, so
with uniform weights the first half's partial functions can be restricted to
orbit representatives (``proofs/column_generation/gap_hamming.md``).

At ``d = 6`` the first half has ``2^32`` partial functions; :func:`half_cauchy_schwarz`
gives an admissible bound instead (weighted Cauchy–Schwarz
over the two halves).
"""

from __future__ import annotations

import functools
import itertools
import math
from fractions import Fraction

import numpy as np

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.ic.pricing.separable import SCREEN, SeparableOracle, exact_maximum, partial_functions

__all__ = ["gap_hamming_costs", "GapHammingOracle", "half_orbit_representatives",
           "half_cauchy_schwarz", "best_phi", "incumbents", "gap_hamming_optimal_error", "round_up",
           "weight_maxima", "coordinate_holder_log2", "coordinate_holder_float",
           "MAX_EXACT_D"]

MAX_EXACT_D = 5


def _check(d: object, rho: object) -> tuple[int, Fraction]:
    if not isinstance(d, int) or isinstance(d, bool) or not 1 <= d <= 6:
        raise InvalidParameterError(f"gap-hamming pricing needs an integer d in 1..6, got {d!r}")
    try:
        rho = Fraction(str(rho))
    except (ValueError, ZeroDivisionError):
        raise InvalidParameterError(f"rho {rho!r} is not a rational number; give e.g. 1/2") from None
    if not 0 <= rho <= 1:
        raise InvalidParameterError(f"rho = {rho} must lie in [0, 1]")
    return d, rho


def gap_hamming_costs(d: int, rho) -> tuple[np.ndarray, int]:
    """``(C_int, L)``: the integer separable cost of Gap-Hamming(d, ρ), shape ``(2^d, 2^d, 2)``.

    Strings are indexed as in :func:`commlb.problems.gap_hamming` (``-1 -> 0``,
    ``+1 -> 1``, first coordinate most significant).

    Examples
    --------
    >>> cost, scale = gap_hamming_costs(2, "1/2")
    >>> scale, cost[0, :, 0].tolist(), cost[0, 0, 1]
    (32, [9, 3, 3, 1], np.int64(4))

    References
    ----------
    Brown et al., STOC 2021, sec. 4; ``proofs/column_generation/gap_hamming.md``.
    """
    d, rho = _check(d, rho)
    r, q = rho.numerator, rho.denominator
    n = 2**d
    idx = np.arange(n)
    agree = d - np.array([bin(int(v)).count("1") for v in range(n)])[idx[:, None] ^ idx[None, :]]
    cost = np.empty((n, n, 2), dtype=np.int64)
    cost[:, :, 0] = (q + r) ** agree * (q - r) ** (d - agree)
    cost[:, :, 1] = q**d
    return cost, 2 * (2 * q) ** d


def _signed_permutations(m: int):
    """Every map ``y -> π(y) ⊕ a`` of ``{0,1}^m`` as an index permutation."""
    idx = np.arange(2**m)
    bits = (idx[:, None] >> np.arange(m - 1, -1, -1)[None, :]) & 1
    weights = 2 ** np.arange(m - 1, -1, -1)
    for perm in itertools.permutations(range(m)):
        moved = bits[:, list(perm)] @ weights
        for a in range(2**m):
            yield moved ^ a


def half_orbit_representatives(d: int) -> np.ndarray:
    """Rows (in :func:`partial_functions` order) of one partial function per orbit on ``{y_1 = -1}``.

    The group: permutations and XOR shifts of coordinates ``2..d`` (on both inputs).

    Examples
    --------
    >>> len(half_orbit_representatives(3))  # Boolean functions of 2 bits up to symmetry
    6
    """
    m = d - 1
    if m > 4:
        raise InstanceTooLargeError(f"the half cube of d = {d} has 2^{2**m} partial functions; "
                                    "orbit representatives are listed for d <= 5")
    table = partial_functions(2, 2**m).astype(np.int64)
    powers = 2 ** np.arange(2**m - 1, -1, -1, dtype=np.int64)
    canon = np.arange(table.shape[0], dtype=np.int64)
    for moved in _signed_permutations(m):
        # (γg)(y) = g(γ^{-1} y): entry moved[y] of the image is g(y)
        image = np.empty_like(table)
        image[:, moved] = table
        np.minimum(canon, image @ powers, out=canon)
    return np.unique(canon)


class GapHammingOracle(SeparableOracle):
    """Exact pricing for Gap-Hamming(d, ρ), ``d <= 5``, orbit-reduced for uniform weights.

    Parameters
    ----------
    d : int
        Dimension, ``1 <= d <= 5``.
    rho : number
        Correlation (rational).

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.problems import get
    >>> from commlb.ic.pricing import EnumerationOracle
    >>> oracle = GapHammingOracle(3, "1/2")
    >>> w = oracle.p_x_exact
    >>> plain = EnumerationOracle(get("gap-hamming", d=3, rho="1/2"))
    >>> oracle.price_exact(w, Fraction(9, 10)) == plain.price_exact(w, Fraction(9, 10))
    True

    References
    ----------
    ``proofs/column_generation/gap_hamming.md``; ``proofs/column_generation/symmetry.md``.
    """

    def __init__(self, d: int, rho) -> None:
        d, rho = _check(d, rho)
        if d > MAX_EXACT_D:
            raise InstanceTooLargeError(f"exact gap-hamming pricing reaches d = {MAX_EXACT_D}; "
                                        "use half_cauchy_schwarz for d = 6")
        cost, scale = gap_hamming_costs(d, rho)
        n = 2**d
        super().__init__(cost, scale, [Fraction(1, n)] * n, name="gap-hamming-orbits")
        self.d, self.rho = d, rho
        self.representatives = half_orbit_representatives(d) if d >= 2 else None

    def describe(self) -> dict:
        """JSON description of the oracle (for certificates)."""
        return {"oracle": self.name, "d": self.d, "rho": str(self.rho)}

    def _screen(self, w, beta, top, margin):
        uniform = np.all(np.asarray(w) == np.asarray(w).flat[0])
        self.rows = self.representatives if uniform else None
        try:
            return super()._screen(w, beta, top, margin)
        finally:
            self.rows = None


def half_cauchy_schwarz(d: int, rho, beta: Fraction, phi, exact: bool = True) -> tuple:
    """``(T_0, T_1)`` with ``max_g 2^{-d} Σ_x β^{D_int[x, g]} <= (T_0 T_1)^{1/2}``.

    With ``D_int = P_0(x) + P_1(x)`` (Bob's halves ``y_1 = -1`` and ``y_1 = +1``) and any
    positive ``φ``, Cauchy–Schwarz gives
    ``Σ_x β^{P_0} β^{P_1} <= (Σ_x φ β^{2P_0})^{1/2} (Σ_x β^{2P_1}/φ)^{1/2}``, so
    ``M <= (T_0 T_1)^{1/2}`` with ``T_0 = max_{g_0} 2^{-d} Σ_x φ(x) (β^2)^{P_0(x, g_0)}``
    and ``T_1`` likewise with ``1/φ``: two pricing problems over one half, each solved
    exactly by meet in the middle over its quarters.  ``φ`` depends on ``(x_1, x_2)``
    only, so the quarter's functions reduce to orbit representatives.

    Parameters
    ----------
    d : int
        Dimension, ``3 <= d <= 6``.
    rho : number
        Correlation.
    beta : Fraction
        Base ``β`` in (0, 1].
    phi : sequence of 4 positive numbers
        ``φ`` at ``(x_1, x_2) = (-,-), (-,+), (+,-), (+,+)``.
    exact : bool
        Exact rationals (else floats).

    Returns
    -------
    (Fraction, Fraction) or (float, float)

    Examples
    --------
    >>> from fractions import Fraction
    >>> exact = GapHammingOracle(3, "1/2").price_exact([Fraction(1, 8)] * 8, Fraction(9, 10))
    >>> t0, t1 = half_cauchy_schwarz(3, "1/2", Fraction(9, 10), [Fraction(1)] * 4)
    >>> t0 * t1 >= exact**2
    True

    References
    ----------
    ``proofs/column_generation/gap_hamming.md``.
    """
    d, rho = _check(d, rho)
    if d < 3:
        raise InvalidParameterError("the half Cauchy–Schwarz bound needs d >= 3")
    n = 2**d
    cls = (np.arange(n) >> (d - 2)) & 3
    out = []
    for half, weight in zip(_halves(d, rho), ([Fraction(phi[c]) / n for c in cls],
                                              [1 / (Fraction(phi[c]) * n) for c in cls]), strict=True):
        if exact:
            out.append(half.price_exact(weight, Fraction(beta) ** 2))
        else:
            out.append(half.value(np.array([float(v) for v in weight]), float(beta) ** 2))
    return tuple(out)


@functools.lru_cache(maxsize=4)
def _halves(d: int, rho: Fraction) -> tuple[SeparableOracle, SeparableOracle]:
    """The pricing oracles of the halves ``y_1 = -1`` and ``y_1 = +1`` (quarters reduced)."""
    cost, scale = gap_hamming_costs(d, rho)
    n = 2**d
    rows = _quarter_representatives(d)
    return tuple(SeparableOracle(cost[:, part, :], scale, [Fraction(1, n)] * n, first_rows=rows,
                                 name="half") for part in (slice(0, n // 2), slice(n // 2, n)))


def best_phi(d: int, rho, beta: float, start=(-1.0, 0.0, 0.0), evaluations: int = 60) -> list[Fraction]:
    """Rational ``φ = exp(c_1 x_1 + c_2 x_2 + c_3 x_1 x_2)`` minimising ``T_0 T_1`` (Nelder–Mead)."""
    from scipy.optimize import minimize

    signs = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]])

    def phi_of(c) -> np.ndarray:
        return np.exp(c[0] * signs[:, 0] + c[1] * signs[:, 1] + c[2] * signs[:, 0] * signs[:, 1])

    def objective(c) -> float:
        t0, t1 = half_cauchy_schwarz(d, rho, beta, phi_of(c), exact=False)
        return math.log(t0) + math.log(t1)

    found = minimize(objective, np.array(start, dtype=float), method="Nelder-Mead",
                     options={"maxfev": evaluations, "xatol": 1e-4, "fatol": 1e-10})
    return [Fraction(float(v)).limit_denominator(10**6) for v in phi_of(found.x)]


def _quarter_representatives(d: int) -> np.ndarray | None:
    """Orbit representatives of the quarter ``{y_1 = y_2 = -1}`` under coordinates ``3..d``."""
    m = d - 2
    if m < 1:
        return None
    table = partial_functions(2, 2**m).astype(np.int64)
    powers = 2 ** np.arange(2**m - 1, -1, -1, dtype=np.int64)
    canon = np.arange(table.shape[0], dtype=np.int64)
    for moved in _signed_permutations(m):
        image = np.empty_like(table)
        image[:, moved] = table
        np.minimum(canon, image @ powers, out=canon)
    return np.unique(canon)


def incumbents(d: int) -> list[np.ndarray]:
    """Structured columns: ``g(y) = 1`` iff at most ``r`` of the first ``k`` coordinates of ``y``
    are ``+1`` (Hamming balls on ``k`` coordinates; ``r = 0``: subcubes, ``k = 1``: dictators).

    Examples
    --------
    >>> [g.tolist() for g in incumbents(1)]
    [[1, 0], [1, 1]]
    """
    n = 2**d
    out = []
    for k in range(1, d + 1):
        weight = np.array([bin(v >> (d - k)).count("1") for v in range(n)])
        for radius in range(k + 1):
            out.append((weight <= radius).astype(np.int8))
    return out


def gap_hamming_optimal_error(d: int, rho) -> Fraction:
    """``1/2 - (1/2) Σ_y max(0, P_ρ(y | x) - 2^{-d})``: Bob's error knowing ``x`` (exact).

    Examples
    --------
    >>> gap_hamming_optimal_error(1, "1/2")
    Fraction(3, 8)
    """
    cost, L = gap_hamming_costs(d, rho)
    # L·P_ρ(y|x)/2 = C[x, y, 0] and L·2^{-d}/2 = C[x, y, 1]
    excess = np.maximum(cost[0, :, 0] - cost[0, :, 1], 0).sum()
    return Fraction(1, 2) - Fraction(int(excess), L)


def round_up(value: Fraction, bits: int = 64) -> Fraction:
    """The least ``k / 2^e >= value`` with ``k < 2^bits``: a short claim, valid for any larger ``M``.

    Examples
    --------
    >>> round_up(Fraction(1, 3), 4)
    Fraction(3, 8)
    """
    value = Fraction(value)
    e = bits - (value.numerator.bit_length() - value.denominator.bit_length()) - 1
    scaled = value * 2**e if e >= 0 else value / 2**-e
    k = -(-scaled.numerator // scaled.denominator)
    return Fraction(k, 2**e) if e >= 0 else Fraction(k * 2**-e)


def weight_maxima(oracle: GapHammingOracle, beta, exact: bool = True) -> list:
    """``V(k) = max over g with |g^{-1}(1)| = k of 2^{-d} Σ_x β^{D_int[x, g]}``, ``k = 0..2^d``.

    The meet in the middle of :class:`GapHammingOracle` with Bob's second half sorted by
    the number of ones; the orbit reduction stays valid because the group permutes
    Bob's inputs and so keeps ``|g^{-1}(1)|``.  Exact values by screening per class.

    Examples
    --------
    >>> from fractions import Fraction
    >>> oracle = GapHammingOracle(2, "1/2")
    >>> V = weight_maxima(oracle, Fraction(9, 10))
    >>> max(V) == oracle.price_exact(oracle.p_x_exact, Fraction(9, 10))
    True
    >>> V[0] == V[4] == Fraction(9, 10) ** 16  # g constant: D = 1/2 = 16/L
    True
    """
    (t1, p1), (t2, p2) = oracle.halves
    oracle.rows = oracle.representatives
    try:
        A, B, rows, shift = oracle._tables(oracle.p_x, float(beta))
    finally:
        oracle.rows = None
    order = np.argsort(t2.sum(axis=1), kind="stable")
    B, second = B[order], order
    ones2 = t2.sum(axis=1)[order]
    cuts = np.searchsorted(ones2, np.arange(t2.shape[1] + 2))
    ones1 = t1[rows].sum(axis=1)
    size = t1.shape[1] + t2.shape[1]
    best = np.full(size + 1, -np.inf)
    found: list[list[np.ndarray]] = [[] for _ in range(size + 1)]
    step = max(1, 2**22 // B.shape[0])
    for rounds in ((False, True) if exact else (False,)):
        for start in range(0, A.shape[0], step):
            V = A[start:start + step] @ B.T
            k1 = ones1[start:start + step]
            for c in range(t2.shape[1] + 1):
                block = V[:, cuts[c]:cuts[c + 1]]
                if block.shape[1] == 0:
                    continue
                if not rounds:
                    np.maximum.at(best, k1 + c, block.max(axis=1))
                    continue
                i, j = np.nonzero(block >= (best[k1 + c] * (1 - SCREEN))[:, None])
                for k in np.unique(k1[i] + c):
                    sel = k1[i] + c == k
                    found[k].append(p1[rows[start + i[sel]]] + p2[second[cuts[c] + j[sel]]])
    if not exact:
        return [float(v) * math.exp(shift) for v in best]
    return [exact_maximum(oracle.p_x_exact, Fraction(beta), np.unique(np.concatenate(f), axis=0))
            for f in found]


def coordinate_holder_log2(d: int, rho, beta, maxima: list) -> tuple[float, float]:
    """Certified enclosure of ``log2 M̄_d``, the coordinate-Hölder bound from ``(d-1)``'s ``V(k)``.

    Split on Bob's first coordinate: ``T_ρ g(x) = a_+ T' g_{x_1}(x') + a_- T' g_{-x_1}(x')``
    (``a_± = (1 ± ρ)/2``), and Hölder with exponents ``1/a_+, 1/a_-`` gives

        M_d <= max_{k_-, k_+} (1/2) [V(k_-)^{a_+} V(k_+)^{a_-} c^{k_- - k_+}
                                     + V(k_-)^{a_-} V(k_+)^{a_+} c^{k_+ - k_-}],

    ``c = β^{-r q^{d-1}}`` for ``ρ = r/q`` and ``V`` the maxima of the ``(d-1)``-dimensional
    problem at base ``β^{2q}`` by number of ones (``proofs/column_generation/gap_hamming.md``).

    Examples
    --------
    >>> from fractions import Fraction
    >>> beta = Fraction(9, 10)
    >>> V = weight_maxima(GapHammingOracle(2, "1/2"), beta**4)
    >>> lo, hi = coordinate_holder_log2(3, "1/2", beta, V)
    >>> exact = GapHammingOracle(3, "1/2").price_exact([Fraction(1, 8)] * 8, beta)
    >>> hi >= math.log2(exact)
    True
    """
    from mpmath import iv

    d, rho = _check(d, rho)
    r, q = rho.numerator, rho.denominator
    iv.prec = 160
    beta = Fraction(beta)
    ln_beta = iv.log(iv.mpf(beta.numerator)) - iv.log(iv.mpf(beta.denominator))
    ln_c = -r * q ** (d - 1) * ln_beta
    a_plus = iv.mpf(q + r) / (2 * q)
    a_minus = iv.mpf(q - r) / (2 * q)
    logs = [iv.log(iv.mpf(Fraction(v).numerator)) - iv.log(iv.mpf(Fraction(v).denominator))
            for v in maxima]
    lo = hi = -math.inf
    for i, li in enumerate(logs):
        for j, lj in enumerate(logs):
            term = (iv.exp(a_plus * li + a_minus * lj + (i - j) * ln_c)
                    + iv.exp(a_minus * li + a_plus * lj + (j - i) * ln_c)) / 2
            value = iv.log(term) / iv.log(iv.mpf(2))
            lo, hi = max(lo, float(value.a)), max(hi, float(value.b))
    return math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)


def coordinate_holder_float(d: int, rho, beta: float, maxima: list) -> float:
    """Float ``log2 M̄_d`` of :func:`coordinate_holder_log2` (for the slope search)."""
    d, rho = _check(d, rho)
    a_plus, a_minus = float(1 + rho) / 2, float(1 - rho) / 2
    ln_c = -rho.numerator * rho.denominator ** (d - 1) * math.log(beta)
    logs = np.log(np.asarray(maxima, dtype=float))
    k = np.arange(len(logs))
    e1 = a_plus * logs[:, None] + a_minus * logs[None, :] + (k[:, None] - k[None, :]) * ln_c
    e2 = a_minus * logs[:, None] + a_plus * logs[None, :] - (k[:, None] - k[None, :]) * ln_c
    top = np.maximum(e1, e2)
    return float(np.max(top + np.log((np.exp(e1 - top) + np.exp(e2 - top)) / 2))) / math.log(2)

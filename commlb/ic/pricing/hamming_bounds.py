"""Admissible bounds on Gap-Hamming's pricing maximum where it is not computed (d = 6).

Two bounds ``M̄ >= M(β) = max_g 2^{-d} Σ_x β^{D_int[x, g]}``, each from exact
meet-in-the-middle maxima of smaller problems (``proofs/column_generation/gap_hamming.md``,
section 5):

* :func:`coordinate_holder_log2` — split ``g`` on Bob's first coordinate; Hölder on the
  noise operator gives ``M_d`` from the ``(d-1)``-dimensional maxima ``V(k)`` by number of
  ones (:func:`weight_maxima`), at the same slope (exponents ``1/a_±``) and at the nearby
  slopes of a grid of exponents (:func:`holder_plan`);
* :func:`half_cauchy_schwarz` — weighted Cauchy–Schwarz over Bob's two halves (weaker).
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.ic.pricing.hamming import (
    GapHammingOracle,
    _check,
    _quarter_representatives,
    gap_hamming_costs,
)
from commlb.ic.pricing.separable import SCREEN, SeparableOracle, exact_maximum
from commlb.numbers import interval_context

__all__ = ["half_cauchy_schwarz", "best_phi", "weight_maxima", "holder_plan", "coordinate_holder_log2",
           "coordinate_holder_float", "HOLDER_GRID"]

HOLDER_GRID = (Fraction(9, 10), Fraction(1), Fraction(11, 10))


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
    """Rational ``φ = exp(c_1 x_1 + c_2 x_2 + c_3 x_1 x_2)`` minimising ``T_0 T_1`` (Nelder–Mead).

    Any positive ``φ`` gives a valid bound (:func:`half_cauchy_schwarz`); this only picks
    a good one, as four rationals in the order ``(x_1, x_2) = (-,-), (-,+), (+,-), (+,+)``.

    Examples
    --------
    >>> phi = best_phi(3, "1/2", 0.9, evaluations=8)
    >>> len(phi), all(v > 0 for v in phi)
    (4, True)
    """
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


def coordinate_holder_float(d: int, rho, beta: float, maxima: list) -> float:
    """Float ``log2 M̄_d`` of :func:`coordinate_holder_log2` at ``m = 1`` (for the slope search).

    Examples
    --------
    >>> V = weight_maxima(GapHammingOracle(2, "1/2"), 0.9**4, exact=False)
    >>> exact = GapHammingOracle(3, "1/2").value(np.full(8, 1 / 8), 0.9)
    >>> coordinate_holder_float(3, "1/2", 0.9, V) >= math.log2(exact) - 1e-12
    True
    """
    d, rho = _check(d, rho)
    a_plus, a_minus = float(1 + rho) / 2, float(1 - rho) / 2
    ln_c = -rho.numerator * rho.denominator ** (d - 1) * math.log(beta)
    logs = np.log(np.asarray(maxima, dtype=float))
    k = np.arange(len(logs))
    e1 = a_plus * logs[:, None] + a_minus * logs[None, :] + (k[:, None] - k[None, :]) * ln_c
    e2 = a_minus * logs[:, None] + a_plus * logs[None, :] - (k[:, None] - k[None, :]) * ln_c
    top = np.maximum(e1, e2)
    return float(np.max(top + np.log((np.exp(e1 - top) + np.exp(e2 - top)) / 2))) / math.log(2)


def _slopes(rho: Fraction, m: Fraction) -> tuple[Fraction, Fraction]:
    """Relative slopes ``(m, m a_-/(m - a_+))`` of Hölder with exponents ``m/a_+`` and its conjugate."""
    a_plus, a_minus = (1 + rho) / 2, (1 - rho) / 2
    if not m > a_plus:
        raise InvalidParameterError(f"the Hölder parameter m = {m} must exceed a_+ = {a_plus}")
    return m, m * a_minus / (m - a_plus)


def _base_below(beta: Fraction, exponent: Fraction) -> Fraction:
    """A short rational ``<= β^exponent`` (exact when the exponent is an integer)."""
    if exponent.denominator == 1:
        return beta ** int(exponent)
    iv = interval_context(160)  # a private context: no global precision
    target = (iv.mpf(exponent.numerator) / exponent.denominator) * (
        iv.log(iv.mpf(beta.numerator)) - iv.log(iv.mpf(beta.denominator)))
    x = math.exp(float(target.a)) * (1 - 1e-12)
    while True:
        base = Fraction(x).limit_denominator(10**12)
        if (iv.log(iv.mpf(base.numerator)) - iv.log(iv.mpf(base.denominator))).b <= target.a:
            return base
        x *= 1 - 1e-12


def holder_plan(d: int, rho, beta: Fraction, grid=HOLDER_GRID) -> tuple[list, list]:
    """``(bases, pairs)``: rational bases of the ``(d-1)`` problem and Hölder pairs ``(m, j_1, j_2)``.

    Base ``j`` is at most ``β^{2q μ}`` for the relative slope ``μ`` it serves, so its maxima
    bound ``W`` at slope ``μ s`` from above (``E e^{σZ}`` increases with ``σ`` when ``E Z = 0``).

    Examples
    --------
    >>> bases, pairs = holder_plan(3, "1/2", Fraction(9, 10), grid=(Fraction(1),))
    >>> bases == [Fraction(9, 10) ** 4], pairs
    (True, [(Fraction(1, 1), 0, 0)])
    """
    d, rho = _check(d, rho)
    beta, q = Fraction(beta), rho.denominator
    bases, pairs = [], []
    for m in grid:
        index = []
        for mu in _slopes(rho, Fraction(m)):
            base = _base_below(beta, 2 * q * mu)
            if base not in bases:
                bases.append(base)
            index.append(bases.index(base))
        pairs.append((Fraction(m), index[0], index[1]))
    return bases, pairs


def coordinate_holder_log2(d: int, rho, beta, bases: list, maxima: list, pairs: list) -> tuple[float, float]:
    """Certified enclosure of ``log2 M̄_d`` from the ``(d-1)``-dimensional maxima by weight.

    With ``τ = -(L/2) ln β``, ``ln W_j(k) = ln V_j(k) - (L'/2) ln b_j`` (``V_j`` at base
    ``b_j``, ``L'`` the smaller scale), ``ln c = τρ/2^d`` and, for a pair ``(m, j_1, j_2)``,
    ``A(k, l) = (a_+/m) ln W_{j_1}(k) + (1 - a_+/m) ln W_{j_2}(l)``:

        M_d <= e^{-τ} max_{k,l} (1/2) [ e^{min A(k,l) + (k-l) ln c} + e^{min A(l,k) + (l-k) ln c} ].

    At ``m = 1`` and ``b = β^{2q}`` this is the bound of ``gap_hamming.md`` section 5a.

    Examples
    --------
    >>> beta = Fraction(9, 10)
    >>> bases, pairs = holder_plan(3, "1/2", beta)
    >>> V = [weight_maxima(GapHammingOracle(2, "1/2"), b) for b in bases]
    >>> lo, hi = coordinate_holder_log2(3, "1/2", beta, bases, V, pairs)
    >>> exact = GapHammingOracle(3, "1/2").price_exact([Fraction(1, 8)] * 8, beta)
    >>> hi >= math.log2(exact)
    True
    """
    d, rho = _check(d, rho)
    r, q = rho.numerator, rho.denominator
    iv = interval_context(160)  # a private context: no global precision

    def ln(v) -> object:
        v = Fraction(v)
        return iv.log(iv.mpf(v.numerator)) - iv.log(iv.mpf(v.denominator))

    small = 2 * (2 * q) ** (d - 1)  # L' of the (d-1)-dimensional problem
    ln_beta = ln(beta)
    tau = -(2 * (2 * q) ** d) * ln_beta / 2
    ln_c = -r * q ** (d - 1) * ln_beta
    ln_w = [[ln(v) - small * ln(b) / 2 for v in row] for b, row in zip(bases, maxima, strict=True)]
    a_plus = iv.mpf(q + r) / (2 * q)
    size = len(maxima[0])

    def exponent(k: int, l: int):
        best = None
        for m, j1, j2 in pairs:
            t = a_plus / (iv.mpf(Fraction(m).numerator) / Fraction(m).denominator)
            value = t * ln_w[j1][k] + (1 - t) * ln_w[j2][l]
            best = value if best is None else iv.mpf([min(best.a, value.a), min(best.b, value.b)])
        return best

    table = [[exponent(k, l) for l in range(size)] for k in range(size)]
    lo = hi = -math.inf
    for k in range(size):
        for l in range(k, size):
            term = (iv.exp(table[k][l] + (k - l) * ln_c) + iv.exp(table[l][k] + (l - k) * ln_c)) / 2
            value = (iv.log(term) - tau) / iv.log(iv.mpf(2))
            lo, hi = max(lo, float(value.a)), max(hi, float(value.b))
    return math.nextafter(lo, -math.inf), math.nextafter(hi, math.inf)

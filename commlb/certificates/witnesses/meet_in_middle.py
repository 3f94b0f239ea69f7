"""The checker's own meet-in-the-middle pricing for separable distortions.

For a separable integer distortion ``D_int[x, g] = Σ_y C[x, y, g(y)]`` the value
``Σ_x w(x) β^{D_int[x, g]}`` of ``g = (g1, g2)`` (Bob's alphabet cut in two) is
``Σ_x w(x) A[g1, x] B[g2, x]``: one entry of a matrix product.  Entries are sums
of positive terms, so their float values are within a relative
``(|X| + |Y| + 8)·2^-40`` of the exact ones (the libm accuracy assumed in
:mod:`commlb.certificates.kernel`); every entry within ``SCREEN`` of the float
maximum is re-evaluated in integers, and the largest is the exact maximum.

Gap-Hamming's orbit pricing runs the same search on orbit representatives
(:mod:`commlb.certificates.witnesses.hamming_orbits`).  Proofs:
``proofs/column_generation/pricing.md`` (S6 of ``proofs/INDEX.md``).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.certificates import statements
from commlb.certificates.schema import power_fits
from commlb.certificates.witnesses.costs import separable_costs
from commlb.errors import CertificateError

__all__ = ["separable_max", "meet_in_middle_max", "SCREEN"]

SCREEN = 2.0**-30
MAX_PAIRS = 2**33


def separable_max(cost: np.ndarray, weights: list[Fraction], beta: Fraction, cut: int,
                  rows: np.ndarray | None = None, by_ones: bool = False, claims: list | None = None):
    """Exact ``max over g of Σ_x w(x) β^{Σ_y cost[x, y, g(y)]}``, Bob's alphabet cut at ``cut``.

    Parameters
    ----------
    cost : numpy.ndarray
        Non-negative integers, shape ``(|X|, |Y|, |O|)``.
    weights : list of Fraction
        ``w(x) >= 0``.
    beta : Fraction
        Base in (0, 1].
    cut : int
        The first part is ``y < cut``.
    rows : numpy.ndarray, optional
        Only these functions of the first part (lexicographic index); the caller
        guarantees that a symmetry maps every first part onto one of them.
    by_ones : bool
        Return the maxima over ``g`` with exactly ``k`` symbols ``y`` where ``g(y) != 0``,
        for ``k = 0..|Y|`` (a list), instead of the overall maximum.
    claims : list of Fraction, optional
        Upper claims per class (with ``by_ones``).  A class whose float maximum is below
        its claim by more than a relative ``2^-29`` (far above the float error
        ``(|X| + |Y| + 8)·2^-40``) is settled without exact arithmetic: its claim is
        returned in place of the maximum.

    Returns
    -------
    Fraction or list of Fraction

    Raises
    ------
    CertificateError
        Too large, or a base outside (0, 1].

    Examples
    --------
    >>> import numpy as np
    >>> cost = np.array([[[0, 1]], [[1, 0]]])  # one y; D = [g != x]
    >>> separable_max(cost, [Fraction(1, 2)] * 2, Fraction(1, 3), 1)
    Fraction(2, 3)
    >>> separable_max(cost, [Fraction(1, 2)] * 2, Fraction(1, 3), 1, by_ones=True)
    [Fraction(2, 3), Fraction(2, 3)]
    """
    if not 0 < beta <= 1:
        raise CertificateError(f"the base β = {beta} must lie in (0, 1]")
    nx, ny, no = cost.shape
    if cost.dtype == object or cost.size == 0 or int(cost.min()) < 0 or int(cost.max()) * max(ny, 1) >= 2**62:
        raise CertificateError("the separable costs must be nonnegative integers whose sums stay "
                               "below 2^62")
    power_fits(beta, int(cost.max()) * ny, "the base β")
    parts, ones = [], []
    for lo, hi in ((0, cut), (cut, ny)):
        k = np.arange(no ** (hi - lo), dtype=np.int64)
        digits = (k[:, None] // no ** np.arange(hi - lo - 1, -1, -1, dtype=np.int64)) % no
        total = np.zeros((k.size, nx), dtype=np.int64)
        for j in range(hi - lo):
            total += cost[:, lo + j, :].T[digits[:, j]]
        parts.append(total)
        ones.append((digits != 0).sum(axis=1) if by_ones else np.zeros(k.size, dtype=np.int64))
    first = parts[0] if rows is None else parts[0][rows]
    ones_first = ones[0] if rows is None else ones[0][rows]
    second = parts[1]
    if first.shape[0] * second.shape[0] > MAX_PAIRS:
        raise CertificateError("too many decision functions for the checker's meet in the middle")
    logb = math.log(float(beta))
    # per x, divide by the smallest possible term; the weights by the largest product
    # (the maximum entry is then >= 1, and terms that underflow are below 2^-1000 of it)
    with np.errstate(divide="ignore"):
        logw = np.log(np.array([float(a) for a in weights])) + (first.min(axis=0) + second.min(axis=0)) * logb
    if not np.isfinite(logw.max()):
        raise CertificateError("the pricing weights are all zero")
    wf = np.exp(logw - logw.max())
    A = np.exp((first - first.min(axis=0)) * logb) * wf
    B = np.exp((second - second.min(axis=0)) * logb)
    order = np.argsort(ones[1], kind="stable")  # the second part grouped by its ones
    B, second, ones_second = B[order], second[order], ones[1][order]
    bounds = np.searchsorted(ones_second, np.arange(ny + 2))
    best = np.zeros(ny + 1)
    found: list[list[np.ndarray]] = [[] for _ in range(ny + 1)]
    step = max(1, 2**22 // B.shape[0])
    settled: dict[int, Fraction] = {}
    for screening in (False, True):  # the class maxima, then every entry near its class maximum
        if screening and claims is not None:
            shift = float(logw.max())
            for k, c in enumerate(claims):
                if best[k] > 0 and math.log(best[k]) + shift + 2.0**-29 <= (
                        math.log(c.numerator) - math.log(c.denominator)):
                    settled[k] = c
                    best[k] = math.inf  # nothing to screen in a settled class
            if len(settled) == len(claims):
                break
        for start in range(0, A.shape[0], step):
            V = A[start:start + step] @ B.T
            label = ones_first[start:start + step]
            for c in range(ny + 1):
                block = V[:, bounds[c]:bounds[c + 1]]
                if block.shape[1] == 0:
                    continue
                if not screening:
                    np.maximum.at(best, label + c, block.max(axis=1))
                    continue
                i, j = np.nonzero(block >= (best[label + c] * (1 - SCREEN))[:, None])
                for k in np.unique(label[i] + c):
                    pick = label[i] + c == k
                    found[k].append(first[start + i[pick]] + second[bounds[c] + j[pick]])
    exact = [_exact_best(weights, beta, np.unique(np.concatenate(f), axis=0)) if f else None
             for f in found]
    for k, c in settled.items():
        exact[k] = c
    return exact if by_ones else exact[0]


def _exact_best(weights: list[Fraction], beta: Fraction, rows: np.ndarray) -> Fraction:
    den = math.lcm(*(w.denominator for w in weights))
    num = [int(w * den) for w in weights]
    n, m = beta.numerator, beta.denominator
    top = int(rows.max())
    term = {k: n**k * m ** (top - k) for k in np.unique(rows).tolist()}  # each power once
    best = 0
    for row in rows.tolist():
        best = max(best, sum(a * term[k] for a, k in zip(num, row, strict=True) if a))
    return Fraction(best, den * m**top)


def meet_in_middle_max(s: statements.Statement, weights: list[Fraction],
                       beta: Fraction) -> tuple[Fraction, int]:
    """Exact maximum over every decision function of a separable statement, and ``L``.

    >>> meet_in_middle_max(statements.statement("index", {"d": 1}), [Fraction(1, 2)] * 2,
    ...                    Fraction(1, 3))
    (Fraction(2, 3), 1)
    """
    _, scale, cost = separable_costs(s)
    return separable_max(cost, weights, beta, (cost.shape[1] + 1) // 2), scale

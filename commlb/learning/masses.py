"""Probability masses as arrays, exact or float, and sums of ``m·log2 m``.

The hot paths of exact memorization work on **integer numerators over one
common denominator** (numpy object arrays of Python ints): sums of masses are
integer sums, and ``Σ m log2 m`` needs the logarithm of each *distinct* integer
once.  In float mode the same code runs on float64 arrays (denominator 1).

:class:`EntropySum` accumulates ``±Σ −m·log2 m`` over several mass arrays and
returns :class:`commlb.info.Exact` (exact mode) or a float.
"""

from __future__ import annotations

import math
from collections import Counter
from fractions import Fraction

import numpy as np

from commlb.info import Exact
from commlb.info.log_integers import log2_terms_of_integers

__all__ = ["to_numerators", "EntropySum", "grouped_columns", "keyed_product"]


def to_numerators(values: np.ndarray) -> tuple[np.ndarray, int]:
    """Write an object array of Fractions as integer numerators over one denominator.

    Returns ``(numerators, D)`` with ``values == numerators / D`` elementwise.

    >>> from fractions import Fraction
    >>> a, D = to_numerators(np.array([Fraction(1, 2), Fraction(1, 3)], dtype=object))
    >>> list(a), D
    ([3, 2], 6)
    """
    flat = [v if isinstance(v, (int, Fraction)) else Fraction(v) for v in values.ravel()]
    D = math.lcm(*{v.denominator for v in flat}) if flat else 1
    out = np.empty(values.shape, dtype=object)
    out.ravel()[:] = [v.numerator * (D // v.denominator) for v in flat]
    return out, D


def grouped_columns(masses: np.ndarray, keys: np.ndarray, nkeys: int) -> np.ndarray:
    """Sum the columns of ``masses`` (shape ``(rows, cols)``) that share a key.

    ``out[:, k] = Σ_{c: keys[c] = k} masses[:, c]``; works for int objects and floats.
    """
    if masses.dtype.kind == "f":
        out = np.zeros((masses.shape[0], nkeys))
        for r in range(masses.shape[0]):
            out[r] = np.bincount(keys, weights=masses[r], minlength=nkeys)
        return out
    if masses.dtype.kind in "iu":  # exact integer sums (callers rule out overflow)
        out = np.zeros((masses.shape[0], nkeys), dtype=np.int64)
        if len(keys):
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            starts = np.concatenate([[0], np.flatnonzero(np.diff(sorted_keys)) + 1])
            out[:, sorted_keys[starts]] = np.add.reduceat(masses[:, order], starts, axis=1)
        return out
    out = np.empty((masses.shape[0], nkeys), dtype=object)
    out[...] = 0
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    bounds = np.flatnonzero(np.diff(sorted_keys)) + 1
    for block in np.split(order, bounds):
        if len(block):
            out[:, keys[block[0]]] = masses[:, block].sum(axis=1)
    return out


def keyed_product(W: np.ndarray, rows: np.ndarray, keys: np.ndarray, vals: np.ndarray,
                  nkeys: int) -> np.ndarray:
    """``out[P, k] = Σ_{i: keys[i] = k} W[P, rows[i]]·vals[i]`` (exact ints or floats).

    Exact inputs are multiplied and summed in int64 when a bound shows no
    overflow is possible (``max|W|·Σ|vals| < 2^62``), else with Python integers.
    """
    if W.dtype != object:
        from scipy import sparse

        B = sparse.csr_matrix((np.asarray(vals, dtype=float), (rows, keys)),
                              shape=(W.shape[1], nkeys))
        return np.asarray((B.T @ W.T).T)
    try:
        W64 = W.astype(np.int64)
        v64 = np.asarray(vals).astype(np.int64)
        fits = int(np.abs(W64).max(initial=0)) * max(int(np.abs(v64).sum()), 1) < 2**62
    except OverflowError:
        fits = False
    if not fits:
        return grouped_columns(W[:, rows] * np.asarray(vals, dtype=object)[None, :], keys, nkeys)
    out = np.zeros((W.shape[0], nkeys), dtype=np.int64)
    if len(rows):
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.concatenate([[0], np.flatnonzero(np.diff(sorted_keys)) + 1])
        products = W64[:, rows[order]] * v64[order][None, :]
        out[:, sorted_keys[starts]] = np.add.reduceat(products, starts, axis=1)
    return out.astype(object)


class EntropySum:
    """An accumulator of signed entropies ``Σ_k s_k · Σ_i −m_{k,i} log2 m_{k,i}`` (bits).

    Parameters
    ----------
    exact : bool
        Exact mode takes integer numerator arrays with their denominator and
        returns :class:`commlb.info.Exact`; float mode takes float masses.

    Examples
    --------
    >>> acc = EntropySum(exact=True)
    >>> acc.add(np.array([1, 1, 2], dtype=object), 4)
    >>> acc.value()
    Exact(3/2)
    """

    def __init__(self, exact: bool) -> None:
        self.exact = exact
        self._coef: dict[int, dict[int, int]] = {}  # denominator -> {integer: coefficient}
        self._float = 0.0

    def add(self, masses: np.ndarray, denominator: int = 1, sign: int = 1) -> None:
        """Add ``sign · Σ −(a/D) log2(a/D)`` over the entries ``a`` of ``masses``."""
        if not self.exact:
            m = np.asarray(masses, dtype=float).ravel()
            m = m[m > 0]
            self._float += sign * float(-(m * np.log2(m)).sum())
            return
        counts = Counter(int(a) for a in np.asarray(masses, dtype=object).ravel() if a)
        coef = self._coef.setdefault(int(denominator), {})
        total = 0
        for a, k in counts.items():
            coef[a] = coef.get(a, 0) - sign * k * a
            total += k * a
        coef[denominator] = coef.get(denominator, 0) + sign * total

    def value(self) -> Exact | float:
        """The accumulated sum (bits)."""
        if not self.exact:
            return self._float
        const = Fraction(0)
        terms: dict[int, Fraction] = {}
        for den, coef in self._coef.items():
            c0, t0 = log2_terms_of_integers(coef)
            const += Fraction(c0, den)
            for b, c in t0.items():
                terms[b] = terms.get(b, Fraction(0)) + Fraction(c, den)
        return Exact.from_log2_terms(const, terms)

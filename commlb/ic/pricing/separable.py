"""Exact pricing for separable distortions by meet in the middle.

When the distortion is a sum over Bob's symbols,

    D_int[x, g] = Σ_y C_int[x, y, g(y)]      (integers, D = D_int / L),

the pricing sum factorises over any split ``Y = Y1 ∪ Y2`` of Bob's alphabet:

    Σ_x w(x) β^{D_int[x, g]} = Σ_x w(x) A[g1, x] B[g2, x],
    A[g1, x] = Π_{y in Y1} β^{C_int[x, y, g1(y)]},   B likewise on Y2,

so the value of every ``g = (g1, g2)`` is an entry of the matrix product
``(A · diag(w)) Bᵀ``: ``|O|^|Y1| × |O|^|Y2|`` entries from two tables of
``|O|^{|Y|/2}`` rows.  Every term is positive, so the float value of each entry is
within a relative ``(2|Y| + |X| + 4)·2^-50`` of the exact one (``|Y| + 2`` factors
each within the libm accuracy ``2^-50`` assumed in ``commlb.certificates.kernel``,
and ``|X| + |Y|`` roundings of a positive sum in any order); entries within a
relative ``SCREEN = 1e-9`` of the float maximum are re-evaluated exactly in
integers, so no decision function can be missed (``proofs/column_generation/pricing.md``).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.errors import InstanceTooLargeError, InvalidParameterError

__all__ = ["SeparableOracle", "partial_functions", "exact_maximum", "SCREEN"]

SCREEN = 1e-9
MAX_HALF = 2**20  # partial functions per half
MAX_TABLE = 2**26  # entries of one half's table
CHUNK = 2**23  # entries of one block of the matrix product
MAX_CANDIDATES = 2**20  # screened entries re-evaluated exactly


def partial_functions(num_outputs: int, size: int) -> np.ndarray:
    """Every function ``{0..size-1} -> {0..num_outputs-1}``, rows in lexicographic order.

    Examples
    --------
    >>> partial_functions(2, 2).tolist()
    [[0, 0], [0, 1], [1, 0], [1, 1]]
    """
    k = np.arange(num_outputs**size, dtype=np.int64)
    powers = num_outputs ** np.arange(size - 1, -1, -1, dtype=np.int64)
    return ((k[:, None] // powers[None, :]) % num_outputs).astype(np.int8)


class SeparableOracle:
    """Exact ``max_g Σ_x w(x) β^{D_int[x, g]}`` for ``D_int = Σ_y C_int[x, y, g(y)]``.

    Parameters
    ----------
    cost_int : array_like of int, shape (|X|, |Y|, |O|)
        Non-negative integer costs, ``D[x, g] = Σ_y cost_int[x, y, g(y)] / scale``.
    scale : int
        The common denominator ``L``.
    p_x_exact : list of Fraction
        Alice's law.
    first_rows : array_like of int, optional
        Restrict the first half's partial functions to these rows (orbit
        representatives: valid only for weights invariant under a group that maps
        every first-half function onto one of them; see :mod:`commlb.ic.pricing.hamming`).
    name : str
        The oracle's name in certificates.

    Raises
    ------
    InstanceTooLargeError
        If a half has more than ``2^20`` partial functions.
    InvalidParameterError
        If costs are negative or shapes disagree.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.problems import get
    >>> oracle = SeparableOracle.from_problem(get("index", d=2))
    >>> oracle.price_exact([Fraction(1, 4)] * 4, Fraction(1, 3)) == Fraction(4, 9)
    True

    References
    ----------
    Horowitz and Sahni 1974 (meet in the middle); docs/architecture.md, "One program" (the decision
    distortion); ``proofs/column_generation/pricing.md``.
    """

    def __init__(self, cost_int, scale: int, p_x_exact, *, first_rows=None,
                 name: str = "separable") -> None:
        cost = np.asarray(cost_int, dtype=np.int64)
        if cost.ndim != 3 or cost.shape[0] != len(p_x_exact) or np.any(cost < 0):
            raise InvalidParameterError("cost_int must be non-negative integers of shape "
                                        "(|X|, |Y|, |O|) matching p_x; check the cost table")
        if not isinstance(scale, int) or scale < 1:
            raise InvalidParameterError(f"the scale L must be a positive integer, got {scale!r}")
        self.name = name
        self.cost = cost
        self.scale = scale
        self.p_x_exact = [Fraction(v) for v in p_x_exact]
        self.p_x = np.array([float(v) for v in self.p_x_exact])
        nx, ny, no = cost.shape
        self.split = (ny + 1) // 2
        self.halves = []
        for lo, hi in ((0, self.split), (self.split, ny)):
            if no ** (hi - lo) > MAX_HALF or no ** (hi - lo) * nx > MAX_TABLE:
                raise InstanceTooLargeError(
                    f"a half of Bob's alphabet has {no}^{hi - lo} partial functions, above "
                    f"{MAX_HALF}; use a structured oracle")
            table = partial_functions(no, hi - lo)
            # integer partial distortion of every partial function: (functions, |X|)
            part = np.zeros((table.shape[0], nx), dtype=np.int64)
            for j in range(hi - lo):
                part += cost[:, lo + j, :].T[table[:, j]]
            self.halves.append((table, part))
        self.rows = None if first_rows is None else np.asarray(first_rows, dtype=np.int64)

    @classmethod
    def from_problem(cls, problem) -> SeparableOracle:
        """The oracle of a catalogue problem (its exact cost table, scaled to integers)."""
        cost = problem.cost_table(exact=True)
        scale = math.lcm(*(Fraction(c).denominator for c in cost.flat))
        ints = np.array([[[int(Fraction(c) * scale) for c in row] for row in plane] for plane in cost],
                        dtype=np.int64)
        return cls(ints, scale, [Fraction(v) for v in problem.alice_marginal(exact=True)])

    @property
    def num_x(self) -> int:
        """``|X|``."""
        return self.cost.shape[0]

    def describe(self) -> dict:
        """JSON description of the oracle (for certificates)."""
        return {"oracle": self.name, "split": self.split}

    def distortion(self, columns: np.ndarray) -> np.ndarray:
        """Float ``D[x, g]`` for the given columns (rows of output indices), shape ``(|X|, K)``."""
        columns = np.atleast_2d(columns).astype(np.int64)
        ny = self.cost.shape[1]
        d_int = self.cost[:, np.arange(ny)[None, :], columns].sum(axis=2)  # (|X|, K)
        return d_int / self.scale

    def _index(self, half: int, columns: np.ndarray) -> np.ndarray:
        no = self.cost.shape[2]
        width = self.halves[half][0].shape[1]
        return columns.astype(np.int64) @ (no ** np.arange(width - 1, -1, -1, dtype=np.int64))

    def _tables(self, w: np.ndarray, beta: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
        """Float ``A·diag(w')``, ``B``, the row indices of A, and the log of the common factor.

        Each x's factors are divided by its smallest possible term and the weights by
        the largest product, so the maximum entry is at least 1: terms that underflow
        are below ``2^-1000`` of it and cannot move the screen.
        """
        if not 0 < beta <= 1:
            raise InvalidParameterError(f"the base β = {beta} must lie in (0, 1]")
        w = np.asarray(w, dtype=float)
        if np.any(w < 0) or not np.any(w > 0):
            raise InvalidParameterError("pricing weights must be non-negative and not all zero")
        (t1, p1), (t2, p2) = self.halves
        rows = np.arange(t1.shape[0]) if self.rows is None else self.rows
        lo1, lo2 = p1.min(axis=0), p2.min(axis=0)
        logb = math.log(beta)
        with np.errstate(divide="ignore"):
            logw = np.log(w) + (lo1 + lo2) * logb
        shift = float(logw.max())
        A = np.exp((p1[rows] - lo1) * logb) * np.exp(logw - shift)
        B = np.exp((p2 - lo2) * logb)
        return A, B, rows, shift

    def _screen(self, w: np.ndarray, beta: float, top: int, margin: float):
        """Float maximum, the ``top`` best pairs and every pair within ``margin`` of it."""
        A, B, rows, shift = self._tables(w, beta)
        step = max(1, CHUNK // B.shape[0])
        best, keep, pool = -math.inf, [], []
        for start in range(0, A.shape[0], step):
            V = A[start:start + step] @ B.T
            flat = V.ravel()
            m = float(flat.max())
            best = max(best, m)
            near = np.flatnonzero(flat >= best * (1 - margin))
            if near.size > MAX_CANDIDATES:
                raise InstanceTooLargeError(
                    f"{near.size} decision functions tie within {margin:g} of the maximum; "
                    "exact pricing needs a symmetry reduction or another base")
            keep.append((flat[near], np.stack([rows[start + near // B.shape[0]], near % B.shape[0]],
                                              axis=1)))
            k = min(top, flat.size)
            part = np.argpartition(-flat, k - 1)[:k] if k > 1 else np.array([int(flat.argmax())])
            pool.append((flat[part], rows[start + part // B.shape[0]], part % B.shape[0]))
        values = np.concatenate([v for v, _ in keep])
        pairs = np.concatenate([p for _, p in keep])[values >= best * (1 - margin)]
        values = np.concatenate([v for v, _, _ in pool])
        order = np.argsort(-values)[:top]
        firsts = np.concatenate([a for _, a, _ in pool])[order]
        seconds = np.concatenate([b for _, _, b in pool])[order]
        return best * math.exp(shift), np.stack([firsts, seconds], axis=1), pairs

    def _columns(self, pairs: np.ndarray) -> np.ndarray:
        (t1, _), (t2, _) = self.halves
        return np.concatenate([t1[pairs[:, 0]], t2[pairs[:, 1]]], axis=1)

    def value(self, w: np.ndarray, beta: float) -> float:
        """Float ``max_g Σ_x w(x) β^{D_int[x, g]}``."""
        return self._screen(w, beta, 1, 0.0)[0]

    def price(self, w: np.ndarray, beta: float, top: int = 1) -> tuple[float, np.ndarray]:
        """Float maximum and the ``top`` best columns (rows of output indices)."""
        best, tops, _ = self._screen(w, beta, max(1, top), 0.0)
        return best, self._columns(tops)

    def price_exact(self, w: list[Fraction], beta: Fraction) -> Fraction:
        """Exact ``max_g Σ_x w(x) β^{D_int[x, g]}`` for rational weights and base.

        The float screen keeps every pair within ``SCREEN`` of the float maximum;
        their integer distortion vectors (deduplicated) are evaluated as
        ``Σ_x a(x) n^{k_x} m^{K - k_x} / (W m^K)`` with ``w = a/W``, ``β = n/m``.
        """
        beta = Fraction(beta)
        w = [Fraction(a) for a in w]
        _, _, pairs = self._screen(np.array([float(a) for a in w]), float(beta), 1, SCREEN)
        d_int = self.halves[0][1][pairs[:, 0]] + self.halves[1][1][pairs[:, 1]]
        return exact_maximum(w, beta, np.unique(d_int, axis=0))


def exact_maximum(w: list[Fraction], beta: Fraction, d_int: np.ndarray) -> Fraction:
    """``max over rows k of Σ_x w(x) β^{d_int[k, x]}`` in integers (``β = n/m``, powers cached).

    Examples
    --------
    >>> exact_maximum([Fraction(1, 2)] * 2, Fraction(1, 3), np.array([[0, 1], [2, 2]]))
    Fraction(2, 3)
    """
    den = math.lcm(*(a.denominator for a in w))
    num = [int(a * den) for a in w]
    n, m = beta.numerator, beta.denominator
    top = int(d_int.max())
    powers: dict[int, int] = {}

    def power(k: int) -> int:
        if k not in powers:
            powers[k] = n**k * m ** (top - k)
        return powers[k]

    best = max(sum(a * power(int(k)) for a, k in zip(num, row, strict=True) if a) for row in d_int)
    return Fraction(best, den * m**top)

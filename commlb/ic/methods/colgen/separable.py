"""Conditional programs with a separable distortion, and their chunked pricing.

A *separable program* is the information program of :mod:`commlb.ic.program` whose
distortion never has to be stored: decision functions are ``g: [U] -> [O]`` and

    D[x, g] = m(x) + Σ_u C[x, u, g(u)],      C >= 0,  min_o C[x, u, o] = 0,

(``m(x) = min_g D[x, g]``, the shift that makes the optimal error explicit).  Both
conditional objectives of issue 9 have this form: internal information
(``C[x, y, o] = Σ_t μ(y, t | x) loss(t, o)``, shifted) and the memorization frontier
(``C[x, u, o]`` from the posterior-predictive table).

:class:`ChunkedPricing` answers, for every class ``c`` at once,
``max over ALL g of Σ_x w_c(x) 2^{-s (D[x, g] - m(x))}`` by enumerating the
``O^U`` functions in chunks: ``2^{-s(D - m)}`` is the product of a table over the
first positions and one over the last, so each chunk is one matrix product
``(|C| x |X|) @ (|X| x chunk)`` and memory stays bounded.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from commlb.errors import InstanceTooLargeError, InvalidDistributionError, InvalidParameterError

__all__ = ["SeparableProgram", "ChunkedPricing", "MAX_PRICED", "directional_values", "program_source"]

MAX_PRICED = 2**27  # decision functions the chunked pricing agrees to enumerate
CHUNK_ENTRIES = 2**22  # entries of one chunk of the |X| x chunk table


@dataclass
class SeparableProgram:
    """``min Σ_c p(c) I(X; G | C = c)`` s.t. ``E[D] <= δ`` with separable ``D`` (exact data).

    Attributes
    ----------
    p_cx : numpy.ndarray
        Object array of Fractions ``p(c, x)``, shape ``(|C|, |X|)``, summing to one,
        every ``p(x) > 0``.
    cost : numpy.ndarray
        Object array of Fractions ``C[x, u, o] >= 0`` with ``min_o C[x, u, o] = 0``,
        shape ``(|X|, |U|, |O|)``.
    offset : numpy.ndarray
        Object array of Fractions ``m(x) = min_g D[x, g]``.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> prog = SeparableProgram.from_costs([[F(1, 2), F(1, 2)]], [[[0, 1]], [[1, 0]]])
    >>> prog.optimal_error, prog.num_functions
    (Fraction(0, 1), 2)
    """

    p_cx: np.ndarray
    cost: np.ndarray
    offset: np.ndarray

    @classmethod
    def from_costs(cls, p_cx, cost, offset=None) -> SeparableProgram:
        """Build from ``p(c, x)`` and ``D[x, g] = offset(x) + Σ_u C[x, u, g(u)]`` (exact rationals).

        Rows ``x`` of zero probability are dropped; each ``C[x, u, :]`` is shifted to
        minimum 0, the shifts (plus ``offset``, default 0) summing to ``m(x)``.

        Raises
        ------
        InvalidDistributionError
            ``p_cx`` has a negative weight or does not sum to one.
        InvalidParameterError
            Shapes do not match, or an entry is not an exact rational.
        """
        try:
            p = np.array([[Fraction(v) for v in row] for row in p_cx], dtype=object)
            c = np.array([[[Fraction(v) for v in cell] for cell in row] for row in cost], dtype=object)
            off = np.array([Fraction(v) for v in (offset if offset is not None else [0] * len(c))],
                           dtype=object)
        except (TypeError, ValueError) as exc:
            raise InvalidParameterError(f"p_cx and cost must hold exact rationals ({exc})") from None
        if p.ndim != 2 or c.ndim != 3 or p.shape[1] != c.shape[0] or c.shape[1] == 0 \
                or c.shape[2] == 0:
            raise InvalidParameterError(
                f"p_cx has shape {p.shape} and cost {c.shape}; need (|C|, |X|) and (|X|, |U|, |O|)")
        if any(v < 0 for v in p.ravel()) or sum(p.ravel(), Fraction(0)) != 1:
            raise InvalidDistributionError("p_cx must be nonnegative and sum to one; fix the law")
        p_x = p.sum(axis=0)
        keep = [i for i, v in enumerate(p_x) if v > 0]
        p, c, off = p[:, keep], c[keep], off[keep]
        p = p[[k for k in range(p.shape[0]) if any(v > 0 for v in p[k])]]
        low = np.array([[min(cell) for cell in row] for row in c], dtype=object)
        return cls(p, c - low[:, :, None], off + low.sum(axis=1))

    @property
    def num_x(self) -> int:
        """``|X|``."""
        return self.p_cx.shape[1]

    @property
    def shape(self) -> tuple[int, int, int]:
        """``(|X|, |U|, |O|)``."""
        return self.cost.shape

    @property
    def num_functions(self) -> int:
        """``|O|^|U|``, the number of decision functions."""
        return self.cost.shape[2] ** self.cost.shape[1]

    @property
    def p_x_exact(self) -> np.ndarray:
        """``p(x)`` (Fractions)."""
        return self.p_cx.sum(axis=0)

    @property
    def optimal_error(self) -> Fraction:
        """``ε* = Σ_x p(x) m(x)``."""
        return sum((a * b for a, b in zip(self.p_x_exact, self.offset, strict=True)), Fraction(0))

    def floats(self) -> tuple[np.ndarray, np.ndarray]:
        """``(p_cx, C)`` as float arrays."""
        return self.p_cx.astype(float), self.cost.astype(float)

    def shifted_distortion(self, columns: np.ndarray) -> np.ndarray:
        """Float ``D[x, g] - m(x)`` for the given columns (rows of outputs), shape ``(|X|, K)``."""
        cost = self.cost.astype(float)
        columns = np.atleast_2d(columns)
        positions = np.arange(cost.shape[1])
        return cost[:, positions[None, :], columns].sum(axis=2)

    def exact_error(self, columns: np.ndarray, rows: list[list[Fraction]]) -> Fraction:
        """Exact ``Σ_x p(x) Σ_g Q(g|x) D[x, g]`` of a rational channel over ``columns``."""
        positions = range(self.cost.shape[1])
        total = Fraction(0)
        for x, (p, row) in enumerate(zip(self.p_x_exact, rows, strict=True)):
            inner = self.offset[x] * sum(row, Fraction(0))
            for g, q in zip(columns, row, strict=True):
                if q:
                    inner += q * sum((self.cost[x, u, g[u]] for u in positions), Fraction(0))
            total += p * inner
        return total


class ChunkedPricing:
    """Exact-enough pricing over every decision function of a separable program.

    Parameters
    ----------
    program : SeparableProgram
        At most ``MAX_PRICED`` decision functions.

    Raises
    ------
    InstanceTooLargeError
        More decision functions than that.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> prog = SeparableProgram.from_costs([[F(1, 2), F(1, 2)]], [[[0, 1]], [[1, 0]]])
    >>> M, top = ChunkedPricing(prog).maxima(np.array([[0.5, 0.5]]), 1.0, top=1)
    >>> float(M[0]), top[0].tolist()
    (0.75, [[0]])

    References
    ----------
    Dantzig and Wolfe 1960 (column generation); ``proofs/column_generation/conditional_dual.md``.
    """

    name = "chunked-enumeration"

    def __init__(self, program: SeparableProgram) -> None:
        if program.num_functions > MAX_PRICED:
            raise InstanceTooLargeError(
                f"{program.num_functions} decision functions are above {MAX_PRICED} for the chunked "
                "pricing; use a structured oracle or a smaller instance")
        self.program = program
        n_x, n_u, n_o = program.shape
        self.cost = program.cost.astype(float)
        # the last `tail` positions form the inner block of each chunk
        self.tail = int(min(n_u, max(0, np.floor(np.log(max(2, CHUNK_ENTRIES // max(1, n_x)))
                                                  / np.log(n_o)))))
        self.head = n_u - self.tail

    @staticmethod
    def _block(a: np.ndarray) -> np.ndarray:
        """``Π_u a[x, u, g(u)]`` for every ``g`` on these positions (big-endian order)."""
        out = np.ones((a.shape[0], 1))
        for u in range(a.shape[1]):
            out = (out[:, :, None] * a[:, u, None, :]).reshape(a.shape[0], -1)
        return out

    def _digits(self, index: np.ndarray) -> np.ndarray:
        n_u, n_o = self.cost.shape[1], self.cost.shape[2]
        powers = n_o ** np.arange(n_u - 1, -1, -1, dtype=np.int64)
        return (np.asarray(index, dtype=np.int64)[:, None] // powers[None, :]) % n_o

    def index(self, columns: np.ndarray) -> np.ndarray:
        """Positions of columns (rows of outputs) in the enumeration order (first position most
        significant)."""
        n_u, n_o = self.cost.shape[1], self.cost.shape[2]
        powers = n_o ** np.arange(n_u - 1, -1, -1, dtype=np.int64)
        return np.atleast_2d(np.asarray(columns, dtype=np.int64)).reshape(-1, n_u) @ powers

    def maxima(self, w: np.ndarray, slope: float, top: int = 1,
               exclude: np.ndarray | None = None, table: np.ndarray | None = None,
               divisor: np.ndarray | None = None) -> tuple[np.ndarray, list]:
        """Float ``max_{g ∉ K} Σ_x w[c, x] 2^{-s(D[x, g] - m(x))}`` per class, and the best columns.

        With ``table`` (``t[x, u, o]``) and ``divisor`` (``v[c, u, o]``) the value is
        ``Σ_x w[c, x] Π_u t[x, u, g(u)] / Π_u v[c, u, g(u)]`` instead.

        Parameters
        ----------
        w : numpy.ndarray
            Nonnegative weights, shape ``(|C|, |X|)``.
        slope : float
            ``s >= 0`` (bits per unit of error).
        top : int
            How many best columns to return per class.
        exclude : numpy.ndarray, optional
            Columns ``K`` (rows of outputs) left out of the maximum.

        Returns
        -------
        (numpy.ndarray, list of numpy.ndarray)
            The maxima, shape ``(|C|,)``, and per class an array ``(top, |U|)`` of columns.
        """
        a = np.exp2(-slope * self.cost) if table is None else table
        head, tail = self._block(a[:, :self.head]), self._block(a[:, self.head:])
        if divisor is not None:
            inv = 1.0 / divisor
            inv_head, inv_tail = self._block(inv[:, :self.head]), self._block(inv[:, self.head:])
        n_tail = tail.shape[1]
        step = max(1, CHUNK_ENTRIES // (w.shape[1] * n_tail))
        n_c = w.shape[0]
        best_v = np.full((n_c, 0), -np.inf)
        best_i = np.zeros((n_c, 0), dtype=np.int64)
        skip = np.sort(self.index(exclude)) if exclude is not None and len(exclude) else \
            np.zeros(0, dtype=np.int64)
        for start in range(0, head.shape[1], step):
            stop = min(head.shape[1], start + step)
            block = (head[:, start:stop, None] * tail[:, None, :]).reshape(w.shape[1], -1)
            values = w @ block
            if divisor is not None:
                values *= (inv_head[:, start:stop, None] * inv_tail[:, None, :]).reshape(n_c, -1)
            lo, hi = np.searchsorted(skip, [start * n_tail, stop * n_tail])
            values[:, skip[lo:hi] - start * n_tail] = -np.inf
            k = min(top, values.shape[1])
            part = np.argpartition(-values, k - 1, axis=1)[:, :k]
            v = np.take_along_axis(values, part, axis=1)
            best_v = np.concatenate([best_v, v], axis=1)
            best_i = np.concatenate([best_i, part + start * n_tail], axis=1)
            if best_v.shape[1] > top:
                keep = np.argsort(-best_v, axis=1)[:, :top]
                best_v = np.take_along_axis(best_v, keep, axis=1)
                best_i = np.take_along_axis(best_i, keep, axis=1)
        order = np.argsort(-best_v, axis=1)
        best_v = np.take_along_axis(best_v, order, axis=1)
        best_i = np.take_along_axis(best_i, order, axis=1)
        if not np.all(np.isfinite(best_v[:, 0])):  # every function is in K
            return np.zeros(n_c), [np.zeros((0, self.cost.shape[1]), dtype=np.int64)] * n_c
        return best_v[:, 0], [self._digits(row[np.isfinite(v)]) for row, v in zip(best_i, best_v,
                                                                                  strict=True)]

    def directional_maxima(self, lam: np.ndarray, cond: np.ndarray, mu: np.ndarray, slope: float,
                           top: int = 8, exclude: np.ndarray | None = None,
                           iterations: int = 400) -> tuple[np.ndarray, np.ndarray, float]:
        """Pricing with a direction per decision function (``conditional_dual.md``, step 4).

        For every ``g ∉ K`` and a direction ``κ(g) > 0`` over classes,
        ``V_c(g) = Σ_x lam[c, x] A(x, g) Π_c' κ_c'(g)^{p(c'|x)} / κ_c(g)``; ``κ(g)`` is moved
        by ``κ_c <- κ_c V_c / μ_c`` until ``V_c(g) <= μ_c`` for every class or
        ``iterations`` steps are spent.

        Returns
        -------
        (numpy.ndarray, numpy.ndarray, numpy.ndarray)
            ``M_c = max_{g ∉ K} V_c(g)`` at the final directions, the ``top`` columns of
            largest ``ν(g) = max_c V_c(g)/μ_c`` above 1, and their ``ν``.
        """
        a = np.exp2(-slope * self.cost)
        head, tail = self._block(a[:, :self.head]), self._block(a[:, self.head:])
        n_tail, n_x = tail.shape[1], lam.shape[1]
        step = max(1, CHUNK_ENTRIES // (n_x * n_tail))
        skip = np.sort(self.index(exclude)) if exclude is not None and len(exclude) else \
            np.zeros(0, dtype=np.int64)
        M = np.zeros(lam.shape[0])
        worst_v, worst_i = np.zeros(0), np.zeros(0, dtype=np.int64)
        for start in range(0, head.shape[1], step):
            stop = min(head.shape[1], start + step)
            block = (head[:, start:stop, None] * tail[:, None, :]).reshape(n_x, -1)
            keep = np.ones(block.shape[1], dtype=bool)
            lo, hi = np.searchsorted(skip, [start * n_tail, stop * n_tail])
            keep[skip[lo:hi] - start * n_tail] = False
            ids = np.flatnonzero(keep)
            V, nu = directional_values(lam, cond, mu, block[:, ids], iterations)
            M = np.maximum(M, V.max(axis=1, initial=0.0))
            bad = nu > 1
            worst_v = np.concatenate([worst_v, nu[bad]])
            worst_i = np.concatenate([worst_i, ids[bad] + start * n_tail])
            if worst_v.size > top:
                order = np.argsort(-worst_v)[:top]
                worst_v, worst_i = worst_v[order], worst_i[order]
        order = np.argsort(-worst_v)
        return M, self._digits(worst_i[order]), worst_v[order]


def directional_values(lam: np.ndarray, cond: np.ndarray, mu: np.ndarray, A: np.ndarray,
                       iterations: int) -> tuple[np.ndarray, np.ndarray]:
    """``V_c(g)`` at per-column directions improved by multiplicative steps, and ``ν(g)``.

    ``A`` holds ``2^{-s(D - m)}`` for a block of columns, ``lam[c, x] >= 0``,
    ``cond[x, c] = p(c|x)``; returns ``(V (C, n), ν (n,))``.
    """
    n = A.shape[1]
    V = lam @ A  # κ = 1
    log_k = np.zeros((lam.shape[0], n))
    nu = (V / mu[:, None]).max(axis=0, initial=0.0)
    active = np.flatnonzero(nu > 1)
    for _ in range(iterations):
        if active.size == 0:
            break
        with np.errstate(divide="ignore"):
            step = np.log(V[:, active] / mu[:, None])
        lk = log_k[:, active] + np.maximum(step, -50.0)
        lk -= lk.max(axis=0, keepdims=True)
        Va = (lam @ (np.exp(cond @ lk) * A[:, active])) / np.exp(lk)
        log_k[:, active], V[:, active] = lk, Va
        before = nu[active]
        nu[active] = (Va / mu[:, None]).max(axis=0)
        moving = before - nu[active] > 1e-11 * before
        active = active[(nu[active] > 1) & moving]
    return V, nu


def program_source(program: SeparableProgram) -> dict:
    """The certificate source of a separable program: common-denominator integers."""
    den = math.lcm(*[v.denominator for v in program.p_cx.ravel()])
    rows = []
    for x in range(program.num_x):
        cell = program.cost[x]
        d = math.lcm(*[v.denominator for v in cell.ravel()])
        rows.append((d, [[str(int(v * d)) for v in c] for c in cell], program.offset[x]))
    return {"program": {
        "p_cx": {"denominator": str(den),
                 "numerators": [[str(int(v * den)) for v in row] for row in program.p_cx]},
        "cost": {"denominators": [str(d) for d, _, _ in rows], "numerators": [n for _, n, _ in rows]},
        "offset": [str(m) for _, _, m in rows]}}

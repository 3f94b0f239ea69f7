"""Exact pricing over the prefix tree of Augmented Index (Bob's input is a tree node).

For Augmented Index(d), Bob holds ``(i, x_<i)``, a node of the binary prefix tree,
and ``C[x, (i, u), o] = [u = x_<i][o != x_i]/d``.  Writing ``β = 2^{-s/d}`` and
``k_x(g)`` for the number of levels at which ``g`` errs along the path of ``x``,
``2^{-s D[x, g]} = β^{k_x(g)}``, so the pricing problem

    max_g Σ_x w(x) β^{k_x(g)}

decouples bottom-up: with ``V(x) = w(x)`` at the leaves and, at a node ``v`` with
children ``v0, v1``, ``V(v) = max(V(v0) + β V(v1), β V(v0) + V(v1))`` (output 0 or
1), ``V(root)`` is the maximum and the choices give a maximiser.  The pass is
linear in the tree (``2^{d+1} - 1`` nodes).  Proof:
``proofs/column_generation/pricing.md``.

Layout: node ``(i, u)`` (``u`` read as a binary number, ``u_0`` most significant)
has index ``2^i - 1 + u``, the order of ``augmented_index(d).bob_alphabet``; Alice's
``x`` is the integer with ``x_0`` most significant (the order of ``cube(d)``).
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

__all__ = ["PrefixTree"]


class PrefixTree:
    """The binary prefix tree of depth ``d`` and its pricing dynamic programme.

    Parameters
    ----------
    d : int
        String length (``1 <= d <= 24``).

    Examples
    --------
    Uniform weights: every decision function gives ``((1 + β)/2)^d``.

    >>> from fractions import Fraction
    >>> tree = PrefixTree(3)
    >>> tree.price_exact([1] * 8, 8, Fraction(1, 9)) == (Fraction(10, 18)) ** 3
    True

    References
    ----------
    Brown et al., STOC 2021, sec. 4 (Augmented Index); Bellman, *Dynamic
    Programming*, 1957 (bottom-up maximisation over a tree).
    """

    def __init__(self, d: int) -> None:
        self.d = int(d)
        self.num_x = 2**self.d
        self.num_nodes = 2**self.d - 1

    # ------------------------------------------------------------ distortion
    def errors(self, g: np.ndarray) -> np.ndarray:
        """``k_x(g)`` for every ``x``: the levels where ``g`` (node table of bits) errs."""
        g = np.asarray(g, dtype=np.int8)
        x = np.arange(self.num_x, dtype=np.int64)
        k = np.zeros(self.num_x, dtype=np.int64)
        for i in range(self.d):
            prefix = x >> (self.d - i)
            bit = (x >> (self.d - 1 - i)) & 1
            k += g[2**i - 1 + prefix] != bit
        return k

    def error_matrix(self, columns: np.ndarray) -> np.ndarray:
        """``k_x(g)`` for a stack of columns, shape ``(2^d, K)``."""
        columns = np.atleast_2d(np.asarray(columns, dtype=np.int8))
        return np.stack([self.errors(g) for g in columns], axis=1)

    # --------------------------------------------------------------- pricing
    def price(self, w: np.ndarray, beta: float, prefer_one: bool = False) -> tuple[float, np.ndarray]:
        """Float ``max_g Σ_x w(x) β^{k_x(g)}`` and a maximiser (node table of bits)."""
        V = np.asarray(w, dtype=float).copy()
        g = np.zeros(self.num_nodes, dtype=np.int8)
        for i in range(self.d - 1, -1, -1):
            V0, V1 = V[0::2], V[1::2]
            a = V0 + beta * V1
            b = beta * V0 + V1
            choose = b >= a if prefer_one else b > a
            g[2**i - 1: 2**(i + 1) - 1] = choose
            V = np.where(choose, b, a)
        return float(V[0]), g

    def price_exact(self, numerators: list[int], denominator: int, beta: Fraction) -> Fraction:
        """Exact maximum for ``w(x) = numerators[x]/denominator`` and rational ``β``.

        Integer arithmetic: at height ``h`` the values are scaled by ``m^h`` where
        ``β = n/m``, so ``V(v) m^{h+1} = max(m V0 + n V1, n V0 + m V1)``.
        """
        beta = Fraction(beta)
        n, m = beta.numerator, beta.denominator
        V = [int(v) for v in numerators]
        for _ in range(self.d):
            V = [max(m * a + n * b, n * a + m * b) for a, b in zip(V[0::2], V[1::2], strict=True)]
        return Fraction(V[0], denominator * m**self.d)

    def random_columns(self, count: int, rng: np.random.Generator) -> np.ndarray:
        """``count`` uniformly random decision functions (node tables)."""
        return rng.integers(0, 2, size=(count, self.num_nodes), dtype=np.int8)

"""Structured pricing oracles: Augmented Index (prefix tree) and Index (codes).

Both are built from the problem's parameters alone, so they reach sizes whose
full law (``2^d × (2^d - 1)`` for Augmented Index) could not be stored.  Proofs:
``proofs/column_generation/pricing.md``.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.ic.pricing.enumeration import MAX_ENUMERATED, EnumerationOracle
from commlb.ic.pricing.prefix_tree import PrefixTree
from commlb.ic.pricing.separable import SeparableOracle

__all__ = ["PrefixTreeOracle", "IndexOracle", "oracle_for", "common_denominator", "MAX_PRICED_LOG2"]

MAX_D = 20
MAX_PRICED_LOG2 = 40  # meet in the middle: two halves of at most 2^20 partial functions


def common_denominator(w: list[Fraction]) -> tuple[list[int], int]:
    """``(numerators, W)`` with ``w[x] = numerators[x]/W`` (integer arithmetic only).

    >>> common_denominator([Fraction(1, 2), Fraction(1, 3), 1])
    ([3, 2, 6], 6)
    """
    w = [a if isinstance(a, Fraction) else Fraction(a) for a in w]
    den = math.lcm(*{a.denominator for a in w})
    return [a.numerator * (den // a.denominator) for a in w], den


def _check_d(d: object, name: str) -> int:
    if not isinstance(d, int) or isinstance(d, bool) or not 1 <= d <= MAX_D:
        raise InvalidParameterError(f"{name} needs an integer d in 1..{MAX_D}, got {d!r}")
    return d


class PrefixTreeOracle:
    """Exact pricing for Augmented Index(d) by the prefix-tree dynamic programme.

    Columns are node tables (``2^d - 1`` bits, node order of the problem's Bob
    alphabet); ``D[x, g] = k_x(g)/d`` so the scale is ``L = d``.

    Parameters
    ----------
    d : int
        String length, ``1 <= d <= 20``.

    Examples
    --------
    >>> import numpy as np
    >>> oracle = PrefixTreeOracle(2)
    >>> oracle.distortion(np.zeros((1, 3), dtype=np.int8))[:, 0].tolist()
    [0.0, 0.5, 0.5, 1.0]

    References
    ----------
    Brown et al., STOC 2021, sec. 4; ``proofs/column_generation/pricing.md``.
    """

    name = "prefix-tree"

    def __init__(self, d: int) -> None:
        self.d = _check_d(d, "augmented-index pricing")
        self.tree = PrefixTree(self.d)
        self.scale = self.d
        self.p_x = np.full(self.tree.num_x, 2.0**-self.d)
        self.p_x_exact = [Fraction(1, self.tree.num_x)] * self.tree.num_x

    @property
    def num_x(self) -> int:
        """``|X| = 2^d``."""
        return self.tree.num_x

    def describe(self) -> dict:
        """JSON description of the oracle (for certificates)."""
        return {"oracle": self.name}

    def distortion(self, columns: np.ndarray) -> np.ndarray:
        """Float ``D[x, g] = k_x(g)/d``, shape ``(2^d, K)``."""
        return self.tree.error_matrix(columns) / self.d

    def value(self, w: np.ndarray, beta: float) -> float:
        """Float ``max_g Σ_x w(x) β^{k_x(g)}`` (values only, no maximiser)."""
        V = np.asarray(w, dtype=float)
        for _ in range(self.d):
            V0, V1 = V[0::2], V[1::2]
            V = np.maximum(V0 + beta * V1, beta * V0 + V1)
        return float(V[0])

    def price(self, w: np.ndarray, beta: float, top: int = 1) -> tuple[float, np.ndarray]:
        """Float maximum and up to ``top`` good columns (the maximiser with both
        tie-breaks, and the maximisers at the neighbouring bases ``β^2``, ``√β``, ...)."""
        best, g = self.tree.price(w, beta)
        found = {g.tobytes(): g}
        if top > 1:
            for prefer_one, b in ((True, beta), (False, beta**2), (False, beta**0.5),
                                  (False, beta**4), (False, beta**0.25)):
                if len(found) >= top:
                    break
                h = self.tree.price(w, b, prefer_one=prefer_one)[1]
                found.setdefault(h.tobytes(), h)
        return best, np.stack(list(found.values()))

    def price_exact(self, w: list[Fraction], beta: Fraction) -> Fraction:
        """Exact ``max_g Σ_x w(x) β^{k_x(g)}``."""
        numerators, den = common_denominator(w)
        return self.tree.price_exact(numerators, den, Fraction(beta))


class IndexOracle:
    """Exact pricing for Index(d): ``g: [d] -> {0, 1}`` is a code ``c`` in ``{0,1}^d``.

    ``k_x(c) = |x ⊕ c|``, so ``Σ_x w(x) β^{|x ⊕ c|}`` is the XOR convolution of
    ``w`` with ``β^{|·|}``, computed for every ``c`` at once by a Walsh–Hadamard
    transform (``O(d 2^d)``); the exact maximum is taken over the screened codes.

    Examples
    --------
    >>> from fractions import Fraction
    >>> IndexOracle(3).price_exact([Fraction(1, 8)] * 8, Fraction(1, 2)) == Fraction(27, 64)
    True
    """

    name = "index-codes"

    def __init__(self, d: int) -> None:
        self.d = _check_d(d, "index pricing")
        self.scale = self.d
        self.num_x = 2**self.d
        self.p_x = np.full(self.num_x, 2.0**-self.d)
        self.p_x_exact = [Fraction(1, self.num_x)] * self.num_x
        x = np.arange(self.num_x)
        self.weight = np.array([bin(int(v)).count("1") for v in x])
        self._bits = ((x[:, None] >> np.arange(self.d - 1, -1, -1)[None, :]) & 1).astype(np.int8)

    def describe(self) -> dict:
        """JSON description of the oracle (for certificates)."""
        return {"oracle": self.name}

    def _code(self, columns: np.ndarray) -> np.ndarray:
        columns = np.atleast_2d(columns).astype(np.int64)
        return columns @ (2 ** np.arange(self.d - 1, -1, -1))

    def distortion(self, columns: np.ndarray) -> np.ndarray:
        """Float ``D[x, c] = |x ⊕ c|/d``."""
        x = np.arange(self.num_x)[:, None]
        return self.weight[x ^ self._code(columns)[None, :]] / self.d

    def values(self, w: np.ndarray, beta: float) -> np.ndarray:
        """``Σ_x w(x) β^{|x ⊕ c|}`` for every code ``c`` (float, Walsh–Hadamard)."""
        kernel_hat = (1 + beta) ** (self.d - self.weight) * (1 - beta) ** self.weight
        return _walsh(_walsh(np.asarray(w, dtype=float)) * kernel_hat) / self.num_x

    def price(self, w: np.ndarray, beta: float, top: int = 1) -> tuple[float, np.ndarray]:
        """Float maximum and the ``top`` best codes (rows of bits)."""
        v = self.values(w, beta)
        order = np.argsort(-v)[:top]
        return float(v[order[0]]), self._bits[order]

    def value(self, w: np.ndarray, beta: float) -> float:
        """Float maximum over all codes."""
        return float(self.values(w, beta).max())

    def price_exact(self, w: list[Fraction], beta: Fraction) -> Fraction:
        """Exact maximum over all ``2^d`` codes: the XOR convolution in integers.

        With ``w = a/W`` and ``β = n/m``, ``Σ_x a(x) n^{|x⊕c|} m^{d-|x⊕c|}`` is the
        convolution of two integer vectors; the Walsh–Hadamard transform computes
        it exactly (``H H = 2^d I``).
        """
        beta = Fraction(beta)
        numerators, den = common_denominator(w)
        n, m = beta.numerator, beta.denominator
        kernel = np.array([n**int(k) * m**int(self.d - k) for k in self.weight], dtype=object)
        a = np.array(numerators, dtype=object)
        conv = _walsh(_walsh(a) * _walsh(kernel))
        return Fraction(int(max(conv)), den * m**self.d * self.num_x)


def _walsh(a: np.ndarray) -> np.ndarray:
    a = a.copy()
    h = 1
    n = a.size
    while h < n:
        a = a.reshape(-1, 2, h)
        a = np.stack([a[:, 0] + a[:, 1], a[:, 0] - a[:, 1]], axis=1).reshape(n)
        h *= 2
    return a


def oracle_for(problem=None, *, structure=None):
    """The exact pricing oracle a problem's declared structure allows.

    Parameters
    ----------
    problem : OneWayProblem, optional
        A problem (enumeration or meet in the middle when no structured form is declared).
    structure : Structure, optional
        A declared structure, for sizes too large to build (``problem`` may then be None).

    Returns
    -------
    PrefixTreeOracle, IndexOracle, EnumerationOracle or SeparableOracle
        (:class:`commlb.ic.pricing.separable.SeparableOracle` above ``2^22`` decision
        functions: the distortion is a sum over Bob's symbols).

    Raises
    ------
    InstanceTooLargeError
        Problems whose halves of Bob's alphabet have more than ``2^20`` partial functions.

    Examples
    --------
    >>> from commlb.problems import get
    >>> oracle_for(get("augmented-index", d=12)).name
    'prefix-tree'
    """
    if structure is None:
        structure = getattr(problem, "structure", None)
    form = None if structure is None else structure.pricing
    if form == "prefix-tree":
        return PrefixTreeOracle(structure.d)
    if form == "index-codes":
        return IndexOracle(structure.d)
    if problem is None:
        raise InvalidParameterError("no structured pricing form is declared; pass the problem")
    if problem.num_decision_functions > MAX_ENUMERATED:  # meet in the middle over Bob's halves
        return SeparableOracle.from_problem(problem)
    return EnumerationOracle(problem)

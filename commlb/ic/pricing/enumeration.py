"""Exact pricing by enumerating every decision function (small alphabets).

The oracle keeps the integer distortion ``D[x, g] = D_int[x, g]/L`` of all
``|O|^|Y|`` decision functions and answers ``max_g Σ_x w(x) β^{D_int[x, g]}``
(``β = 2^{-s/L}``).  The float pass screens; the exact answer is the largest
exact value among the columns whose float value lies within a relative ``1e-9``
of the float maximum, a margin far above the rounding error of a sum of
``|X|`` positive terms (each off by a few units in the last place), so no
column can be missed.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.errors import InstanceTooLargeError

__all__ = ["EnumerationOracle"]

SCREEN = 1e-9
MAX_ENUMERATED = 2**22


class EnumerationOracle:
    """Pricing over all decision functions of a small exact problem.

    Parameters
    ----------
    problem : OneWayProblem
        An exact problem with at most ``2^22`` decision functions.

    Raises
    ------
    InstanceTooLargeError
        If the problem has more decision functions than that.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from commlb.problems import get
    >>> oracle = EnumerationOracle(get("index", d=2))
    >>> oracle.price_exact([Fraction(1, 4)] * 4, Fraction(1, 3)) == Fraction(4, 9)
    True

    References
    ----------
    docs/architecture.md, "One program" (the decision-function reformulation).
    """

    name = "enumeration"

    def __init__(self, problem) -> None:
        if problem.num_decision_functions > MAX_ENUMERATED:
            raise InstanceTooLargeError(
                f"{problem.name} has {problem.num_decision_functions} decision functions, above "
                f"{MAX_ENUMERATED} for enumerated pricing; use a structured oracle"
            )
        p_x, d_int, scale = problem.decision_distortion_scaled(max_functions=MAX_ENUMERATED)
        self.problem = problem
        self.scale = int(scale)
        self.p_x_exact = [Fraction(v) for v in p_x]
        self.p_x = np.array([float(v) for v in p_x])
        self.d_int = np.asarray(d_int, dtype=np.int64)
        self.table = problem.decision_function_table(max_functions=MAX_ENUMERATED).astype(np.int8)
        no = len(problem.output_alphabet)
        self._powers = no ** np.arange(self.table.shape[1] - 1, -1, -1, dtype=np.int64)

    @property
    def num_x(self) -> int:
        """``|X|``."""
        return self.d_int.shape[0]

    def describe(self) -> dict:
        """JSON description of the oracle (for certificates)."""
        return {"oracle": self.name}

    def index(self, columns: np.ndarray) -> np.ndarray:
        """Positions of decision functions (rows of output indices) in the enumeration."""
        return np.atleast_2d(columns).astype(np.int64) @ self._powers

    def distortion(self, columns: np.ndarray) -> np.ndarray:
        """Float ``D[x, g]`` for the given columns, shape ``(|X|, K)``."""
        return self.d_int[:, self.index(columns)] / self.scale

    def values(self, w: np.ndarray, beta: float) -> np.ndarray:
        """Float ``Σ_x w(x) β^{D_int[x, g]}`` for every ``g``."""
        return np.asarray(w, dtype=float) @ np.power(float(beta), self.d_int)

    def price(self, w: np.ndarray, beta: float, top: int = 1) -> tuple[float, np.ndarray]:
        """Float maximum and the ``top`` best columns (rows of output indices)."""
        v = self.values(w, beta)
        top = min(top, v.size)
        best = np.argpartition(-v, top - 1)[:top]
        best = best[np.argsort(-v[best])]
        return float(v[best[0]]), self.table[best]

    def price_exact(self, w: list[Fraction], beta: Fraction) -> Fraction:
        """Exact ``max_g Σ_x w(x) β^{D_int[x, g]}`` for rational weights and base."""
        beta = Fraction(beta)
        v = self.values(np.array([float(a) for a in w]), float(beta))
        candidates = np.flatnonzero(v >= v.max() * (1 - SCREEN))
        powers: dict[int, Fraction] = {}

        def power(k: int) -> Fraction:
            if k not in powers:
                powers[k] = beta**k
            return powers[k]

        return max(sum((a * power(int(k)) for a, k in zip(w, self.d_int[:, c], strict=True)
                        if a), Fraction(0)) for c in candidates)

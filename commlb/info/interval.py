"""The two non-exact kinds of number: certified intervals and estimates.

docs/architecture.md, "Numbers": every number is exact (:class:`~commlb.info.exact.Exact`),
*certified* (an :class:`Interval` proven to contain the value) or an *estimate*
(an :class:`Estimate` from sampling, with its sample size and confidence
interval).  The type says which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from statistics import NormalDist

from commlb.numbers import Interval

__all__ = ["Interval", "Estimate"]


@dataclass(frozen=True)
class Estimate:
    """A Monte Carlo estimate: ``value ± z·stderr`` from ``n`` samples.

    Parameters
    ----------
    value : float
        The point estimate.
    stderr : float
        Its standard error.
    n : int
        The number of samples it rests on.
    level : float
        The confidence level of :attr:`ci` (normal approximation).

    Examples
    --------
    >>> e = Estimate(0.5, 0.01, n=2500)
    >>> [round(x, 4) for x in e.ci]
    [0.4804, 0.5196]
    """

    value: float
    stderr: float
    n: int
    level: float = 0.95
    note: str = field(default="", compare=False)
    bounds: tuple[float, float] | None = field(default=None, compare=False)

    @classmethod
    def proportion(cls, successes: int, n: int, level: float = 0.95, note: str = "") -> Estimate:
        """A proportion ``successes / n`` with its Wilson score interval.

        Unlike the normal approximation, the Wilson interval stays inside
        [0, 1] and is not degenerate at 0 or 1 (E. B. Wilson, JASA 22, 1927).

        >>> e = Estimate.proportion(100, 100)
        >>> [round(x, 4) for x in e.ci]
        [0.963, 1.0]
        """
        if n < 1 or not 0 <= successes <= n:
            raise ValueError(f"a proportion needs 0 <= successes <= n and n >= 1, got {successes}/{n}")
        p = successes / n
        z = NormalDist().inv_cdf(0.5 + level / 2)
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
        return cls(p, math.sqrt(p * (1 - p) / n), n, level, note,
                   (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))))

    def __post_init__(self) -> None:
        if self.n < 1:
            raise ValueError(f"an estimate needs at least one sample, got n={self.n}")
        if not (0 < self.level < 1):
            raise ValueError(f"confidence level must lie in (0, 1), got {self.level}")
        if self.stderr < 0 or math.isnan(self.stderr):
            raise ValueError(f"standard error must be >= 0, got {self.stderr}")

    @property
    def ci(self) -> tuple[float, float]:
        """The two-sided confidence interval at :attr:`level` (Wilson for proportions)."""
        if self.bounds is not None:
            return self.bounds
        z = NormalDist().inv_cdf(0.5 + self.level / 2)
        return (self.value - z * self.stderr, self.value + z * self.stderr)

    def __float__(self) -> float:
        return float(self.value)

    def __str__(self) -> str:
        lo, hi = self.ci
        return (f"{self.value:.6g} (estimate, n={self.n}, "
                f"{round(100 * self.level)}% CI [{lo:.6g}, {hi:.6g}])")

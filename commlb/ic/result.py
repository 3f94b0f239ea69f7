"""One result type for every method: a certified bracket and how it was obtained."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from commlb.info import Exact
from commlb.numbers import Interval

__all__ = ["ICResult", "bracket_end"]


def bracket_end(value, side: str) -> tuple[float, Exact | None]:
    """``(float end rounded outward, exact value or None)`` of one side of a bracket.

    ``value`` is an :class:`~commlb.info.Exact`, an :class:`~commlb.numbers.Interval`
    or a float; ``side`` is ``"lower"`` (round down) or ``"upper"`` (round up).

    Examples
    --------
    >>> bracket_end(Exact(1) / 3, "lower")[0] < 1 / 3 < bracket_end(Exact(1) / 3, "upper")[0]
    True
    """
    if isinstance(value, Exact):
        if value.is_rational:  # a float that equals it exactly needs no widening
            q = value.rational
            f = float(q)
            if Fraction(f) == q:
                return f, value
        interval = value.interval()
        return (interval.lo if side == "lower" else interval.hi), value
    if isinstance(value, Interval):
        return (value.lo if side == "lower" else value.hi), None
    return float(value), None


@dataclass
class ICResult:
    """A certified bracket ``lower <= IC(δ) <= upper`` (bits) from one method.

    Every method of :mod:`commlb.ic.registry` returns this type, with the same
    meaning of every field.

    Attributes
    ----------
    lower, upper : float
        The bracket, rounded outward from what the certificate proves.
    lower_exact, upper_exact : Exact or None
        The exact values of the two witnesses, when the method has them.
    exact : Exact or None
        ``IC(δ)`` exactly, when both witnesses have the same exact value.
    method : str
        The registered method that produced it.
    certificate : dict
        Checkable by :func:`commlb.certificates.check` (``commlb verify``).
    status : str
        ``"exact"``, ``"converged"``, or why the requested gap was not reached.
    success : bool
        Whether ``upper - lower <= gap`` (or the value is exact).
    stats : dict
        ``iterations``, ``columns``, ``rounds``, ``seconds`` (what applies).
    problem, params, objective, error :
        What was solved (``error`` exact).
    upper_certified : bool
        False only when the upper end is a float value with no checkable witness.
    """

    lower: float
    upper: float
    lower_exact: Exact | None
    upper_exact: Exact | None
    exact: Exact | None
    method: str
    certificate: dict
    status: str
    success: bool
    stats: dict = field(default_factory=dict)
    problem: str = ""
    params: dict = field(default_factory=dict)
    objective: str = "external"
    error: Fraction = Fraction(0)
    upper_certified: bool = True

    @property
    def gap(self) -> float:
        """``upper - lower`` (bits)."""
        return self.upper - self.lower

    @property
    def seconds(self) -> float:
        """Wall time (``stats["seconds"]``)."""
        return float(self.stats.get("seconds", 0.0))

    @property
    def lower_interval(self) -> Interval:
        """The lower end as a certified interval (a point, or the exact value's enclosure)."""
        if self.lower_exact is not None:
            return self.lower_exact.interval()
        return Interval(self.lower, self.lower)

    @property
    def upper_interval(self) -> Interval:
        """The upper end as an interval (``certified=False`` when it is a float value)."""
        if self.upper_exact is not None:
            return self.upper_exact.interval()
        return Interval(self.upper, self.upper, self.upper_certified)

    def to_json(self) -> dict:
        """The one JSON contract of ``commlb ic --json`` and ``commlb frontier --json``.

        Parameters are written as in certificates (integers as numbers, other
        rationals as ``"p/q"`` strings); ``error`` is ``"p/q"``; ``seconds`` is the
        wall time of the whole call (every method ``auto`` tried).
        """
        return {"problem": self.problem, "params": _json_params(self.params),
                "objective": self.objective, "error": str(self.error),
                "lower": self.lower, "upper": self.upper,
                "exact": None if self.exact is None else str(self.exact.expr),
                "upper_certified": self.upper_certified,
                "method": self.method, "success": self.success, "status": self.status,
                "seconds": self.stats.get("seconds_total", self.stats.get("seconds")),
                "stats": dict(self.stats)}

    def __str__(self) -> str:
        value = f" = {self.exact.expr}" if self.exact is not None else ""
        kind = "certified" if self.upper_certified else "lower certified, upper a float value"
        return (f"{self.objective} IC of {self.problem} {_json_params(self.params)} at error "
                f"{self.error}: [{self.lower:.10g}, {self.upper:.10g}] bits ({kind}, "
                f"{self.method}){value}")


def _json_params(params: dict) -> dict:
    out = {}
    for key, value in params.items():
        if isinstance(value, Fraction):
            value = int(value) if value.denominator == 1 else str(value)
        elif isinstance(value, float):
            value = str(Fraction(repr(value))) if math.isfinite(value) else str(value)
        out[key] = value
    return out

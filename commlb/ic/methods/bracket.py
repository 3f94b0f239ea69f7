"""The raw bracket a method computes, and how it becomes the one :class:`ICResult`.

Methods compute ``lower`` and ``upper`` as :class:`~commlb.info.Exact` values or
certified :class:`~commlb.numbers.Interval` objects together with a certificate;
:func:`to_result` rounds them outward to floats, writes the claimed bracket into
the certificate (the checker compares claims with what the witnesses prove), and
says whether the requested gap was reached.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from commlb.ic.result import ICResult, bracket_end
from commlb.numbers import Interval

__all__ = ["Bracket", "to_result", "CLAIM_SLACK"]

CLAIM_SLACK = 1e-12  # relative room the claims leave below / above the certified ends


@dataclass
class Bracket:
    """``lower <= value <= upper`` as a method computed it (before :func:`to_result`).

    Attributes
    ----------
    lower, upper : Exact or Interval
        Certified ends (an upper ``Interval`` with ``certified=False`` is a float value).
    certificate : dict
        The certificate envelope; :func:`to_result` fills a claim left as None.
    columns, rounds : int
        Columns generated (orbit reduction: representatives) and pricing rounds.
    seconds : float
        Wall time.
    status : str
        ``"converged"`` or why not.
    channel : numpy.ndarray or None
        The witness channel over the generated columns (general loop only).
    """

    lower: object
    upper: object
    certificate: dict
    columns: int = 0
    rounds: int = 0
    seconds: float = 0.0
    status: str = "converged"
    channel: np.ndarray | None = field(default=None, repr=False)

    @property
    def gap(self) -> float:
        """Width ``upper - lower`` (float)."""
        return bracket_end(self.upper, "upper")[0] - bracket_end(self.lower, "lower")[0]


def to_result(bracket: Bracket, statement, method: str, gap: float,
              iterations: int = 0) -> ICResult:
    """The :class:`ICResult` of a bracket, its claims written into its certificate."""
    lower, lower_exact = bracket_end(bracket.lower, "lower")
    upper, upper_exact = bracket_end(bracket.upper, "upper")
    cert = bracket.certificate
    claim = cert["claim"]
    if claim["lower"] is None:
        claim["lower"] = lower - CLAIM_SLACK * max(1.0, abs(lower)) if lower != 0 else 0.0
    if lower < 0:  # information is nonnegative: a negative certified lower says only that
        lower, lower_exact = 0.0, None
    if claim["upper"] is None and math.isfinite(upper):
        claim["upper"] = upper + CLAIM_SLACK * max(1.0, abs(upper))
    upper_certified = not (isinstance(bracket.upper, Interval) and not bracket.upper.certified)
    exact = lower_exact if lower_exact is not None and lower_exact == upper_exact else None
    success = exact is not None or upper - lower <= gap
    status = "exact" if exact is not None else bracket.status
    if not success and "gap not reached" not in status:
        status = f"gap not reached: width {upper - lower:.3g} > {gap:g} ({status})"
    problem = statement.problem
    return ICResult(
        lower=lower, upper=upper, lower_exact=lower_exact, upper_exact=upper_exact, exact=exact,
        method=method, certificate=cert, status=status, success=success,
        stats={"iterations": iterations, "columns": bracket.columns, "rounds": bracket.rounds,
               "seconds": bracket.seconds},
        problem=str(getattr(problem, "name", "")), params=dict(getattr(problem, "params", {})),
        objective=statement.objective, error=statement.error, upper_certified=upper_certified)

"""What is to be solved: a problem (or a program), an objective and an error level.

A :class:`Statement` is the first stage of the pipeline *statement → method →
result → certificate → kernel*.  Methods read only what a statement offers:
the declared :class:`~commlb.problems.structure.Structure` of a catalogue family
(sizes and forms from its parameters, nothing built), or, for a problem the user
built, the sizes of its alphabets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from commlb.errors import InvalidParameterError
from commlb.numbers import as_probability

__all__ = ["Statement", "OBJECTIVES"]

OBJECTIVES = ("external", "internal", "conditional")


@dataclass(frozen=True)
class Statement:
    """``min I(X; G | C)`` at error at most ``δ``, for one problem and objective.

    Parameters
    ----------
    problem : OneWayProblem, Task or SeparableProgram
        What to solve: a one-way problem (objectives ``external``: ``I(X; M | R)``,
        ``internal``: ``I(X; M | Y, R)``), or, for the ``conditional`` objective
        ``Σ_c p(c) I(X; G | C = c)`` of the memorization frontier, a learning task.
    objective : str
        One of :data:`OBJECTIVES`.
    error : Fraction
        ``δ`` (for the frontier: the excess error ``ε`` over the optimal error).

    Examples
    --------
    >>> from commlb.problems import get
    >>> s = Statement.of(get("augmented-index", d=12), "0.1")
    >>> s.error, s.sizes, s.structure.pricing
    (Fraction(1, 10), (4096, 4095, 2), 'prefix-tree')
    """

    problem: object
    objective: str
    error: Fraction

    @classmethod
    def of(cls, problem, error, objective: str = "external") -> Statement:
        """Validate the parts (one-line errors) and build the statement."""
        if objective not in OBJECTIVES:
            raise InvalidParameterError(f"objective {objective!r} is unknown; use one of "
                                        f"{', '.join(OBJECTIVES[:2])}")
        what = "excess_error" if objective == "conditional" else "error"
        return cls(problem, objective, as_probability(error, what))

    @property
    def structure(self):
        """The declared structure, or None (a problem built by hand)."""
        return getattr(self.problem, "structure", None)

    @property
    def sizes(self) -> tuple[int, int, int]:
        """``(|X|, |Y|, |O|)`` from the declared structure, or from the alphabets."""
        if self.structure is not None:
            return self.structure.sizes
        p = self.problem
        return len(p.alice_alphabet), len(p.bob_alphabet), len(p.output_alphabet)

    @property
    def declared_optimal_error(self) -> Fraction | None:
        """The optimal error in closed form from the declared structure, or None."""
        s = self.structure
        return None if s is None else s.optimal_error

    def optimal_error(self) -> Fraction:
        """``min err`` over protocols: declared when known, else computed from the law."""
        declared = self.declared_optimal_error
        return declared if declared is not None else Fraction(self.problem.optimal_error())

    @property
    def log2_functions(self) -> float:
        """``log2 |O|^|Y|``: how many decision functions there are, in bits."""
        _, bob, outputs = self.sizes
        return bob * math.log2(outputs) if outputs > 1 else 0.0

    @property
    def name(self) -> str:
        """The problem's label (for messages only: no method reads it)."""
        return str(getattr(self.problem, "name", type(self.problem).__name__))

    def describe(self) -> str:
        """One phrase: the problem, its parameters and sizes."""
        params = getattr(self.problem, "params", {})
        shown = ", ".join(f"{k}={v}" for k, v in params.items())
        if self.objective == "conditional":
            return f"{self.name}({shown})"
        x, y, o = self.sizes
        return (f"{self.name}({shown}): |X| = {x}, |Y| = {y}, |O| = {o}, "
                f"2^{self.log2_functions:.4g} decision functions")

    def with_error(self, error: Fraction) -> Statement:
        """The same statement at another error level."""
        return Statement(self.problem, self.objective, Fraction(error))

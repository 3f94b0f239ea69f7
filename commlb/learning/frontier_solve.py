"""Hand the exact frontier program to :mod:`commlb.ic`: solve, certify, check.

Kept apart from :mod:`.frontier` (which builds the program) so the program can
be built, inspected and tested without the solver.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.learning.frontier import MemorizationProgram

__all__ = ["solve_program", "program_source"]


def program_source(program: MemorizationProgram) -> dict:
    """The statement's source ``{"program": {"p_cx": [...], "D": [...]}}`` (rationals "a/b")."""
    return {"program": {"p_cx": [[str(Fraction(v)) for v in row] for row in program.p_cx],
                        "D": [[str(Fraction(v)) for v in row] for row in program.D]}}


def solve_program(program: MemorizationProgram, bound: Fraction | float, gap: float = 1e-6,
                  progress: bool = False) -> tuple[float, float, bool, dict | None, str]:
    """Solve ``min Σ_P q(P) I(X; G | P)`` s.t. error ``<= bound``; returns a bracket.

    Returns ``(lower, upper, certified, certificate, status)``.  Exact programs
    are certified by :func:`commlb.ic.certify` (conditional objective, program
    source) and the certificate is verified by :func:`commlb.certificates.check`;
    float programs (irrational parameters) give the solver's float bracket,
    marked uncertified.
    """
    from commlb.ic import certify, minimize_information

    p_float = np.asarray(program.p_cx, dtype=float)
    D_float = np.asarray(program.D, dtype=float)
    result = minimize_information(p_float, D_float, float(bound), gap=gap, progress=progress)
    if not isinstance(bound, Fraction):
        return (float(result.lower), float(result.upper), False, None,
                f"{result.status}; float bracket (irrational parameters: not certified)")
    scale = math.lcm(*[Fraction(v).denominator for v in program.D.ravel()])
    D_int = np.array([[int(Fraction(v) * scale) for v in row] for row in program.D], dtype=object)
    if scale < 2**40:
        D_int = D_int.astype(np.int64)
    cert, checked = certify(result, program.p_cx, D_int, scale, bound,
                            source=program_source(program), objective="conditional", gap=gap)
    if not checked.valid:
        raise RuntimeError(f"commlb bug: a frontier certificate failed its check: {checked.reason}")
    status = result.status
    lower, upper = cert["claim"]["lower"], cert["claim"]["upper"]
    if upper - lower > gap:
        status = f"gap not reached: certified width {upper - lower:.3g} ({status})"
    return float(lower), float(upper), True, cert, status

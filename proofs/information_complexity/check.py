"""Exact checks of the steps in this folder's derivations (run by ``python -m proofs``)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy


def check() -> list[str]:
    from commlb.certificates.witnesses.rd_dual import constraint_max
    from commlb.problems import get

    steps = []
    d, delta = sympy.symbols("d delta", positive=True)
    beta = delta / (1 - delta)
    bound = d + d * sympy.log(1 - delta, 2) + d * delta * sympy.log(beta, 2)
    closed = d * (1 + delta * sympy.log(delta, 2) + (1 - delta) * sympy.log(1 - delta, 2))
    assert sympy.simplify(sympy.expand_log(bound - closed, force=True)) == 0
    steps.append("external_dual.md: Σ p log2 λ + L δ log2 β = d(1 − h(δ)) at β = δ/(1−δ), "
                 "λ = 2^d (1−δ)^d (sympy)")

    for name in ("index", "augmented-index"):
        for n in (1, 2, 3):
            p_x, d_int, scale = get(name, d=n).decision_distortion_scaled()
            for b in (Fraction(1, 9), Fraction(1, 3)):
                lam = (1 + b) ** -n * 2**n
                w = [p * lam for p in p_x]
                e = np.asarray(d_int * n // scale - (d_int * n // scale).min(axis=1)[:, None])
                assert constraint_max(w, b, e) == 1
    steps.append("external_dual.md: for index and augmented-index (d <= 3) every decision "
                 "function meets the dual constraint with equality (exact rationals)")

    problem = get("augmented-index", d=2)
    p_x, d_int, scale = problem.decision_distortion_scaled()
    D = d_int / scale
    dominated = np.hstack([D, D + 0.5])
    from commlb.ic.reduction import undominated_columns

    assert undominated_columns(dominated).tolist() == list(range(D.shape[1]))
    steps.append("reformulation.md: shifted copies of every column are recognised as dominated")
    return steps

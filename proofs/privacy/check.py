"""Checks of the private-learner program (run by ``python -m proofs``)."""

from __future__ import annotations

import math
from fractions import Fraction


def check() -> list[str]:
    from commlb.certificates import check as verify
    from commlb.learning import get_task
    from commlb.learning.privacy import private_excess_error

    steps = []
    one_bit = get_task("next-symbol", d=1, N=1, n=1, delta=0)
    for eps in (0, Fraction(1, 2), 1, 2):
        for delta in (0, Fraction(1, 10)):
            result = private_excess_error(one_bit, eps, delta)
            value = (1 - float(delta)) / (1 + math.exp(float(eps)))
            assert float(result.lower) - 1e-12 <= value <= float(result.upper) + 1e-12
            assert verify(result.certificate).valid
    steps.append("README.md: the one-bit task's certified bracket holds randomised response's "
                 "(1 − δ)/(1 + e^ε), ε in {0, 1/2, 1, 2}, δ in {0, 1/10}")
    tasks = [get_task("next-symbol", d=2, N=2, n=2, delta=Fraction(1, 4)),
             get_task("cluster-labeling", d=2, N=2, n=2, rho=Fraction(1, 2))]
    widths = []
    for task in tasks:
        for eps in (Fraction(1, 2), 1, 2):
            result = private_excess_error(task, eps)
            assert verify(result.certificate).valid and result.lower > 0
            widths.append(float(result.width))
    steps.append("README.md: next-symbol and cluster labeling at d = 2, N = n = 2 certified for "
                 f"ε in {{1/2, 1, 2}} (widest bracket {max(widths):.1e})")
    return steps

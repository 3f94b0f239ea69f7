"""Exact checks of the closed-form bounds (run by ``python -m proofs``)."""

from __future__ import annotations

from fractions import Fraction

import sympy

from commlb import bounds


def check() -> list[str]:
    from commlb.learning import get_task, memorization
    from commlb.problems import get
    from commlb.protocols import distributional_error, external_information_cost, get_protocol

    steps = []
    problem = get("augmented-index", d=2)
    for delta in (Fraction(1, 8), Fraction(1, 4)):
        protocol = get_protocol("noisy-send", problem, eps=delta)
        assert distributional_error(protocol, problem) == delta
        assert external_information_cost(protocol, problem) == bounds.index_ic().at(d=2, delta=delta)
    steps.append("index.md: noisy-send(δ) on augmented-index(2) attains d(1 − h(δ)) exactly, δ = 1/8, 1/4")

    task = get_task("next-symbol", d=1, N=1, n=1, delta=Fraction(1, 2), training="whole")
    for eta in ("1/8", "1/4"):
        result = memorization(task, f"noisy-memorizer({eta})", singletons=False)
        value = bounds.noisy_next_symbol_ic().at(d=1, delta=Fraction(1, 2), error=result.error)
        assert value == result.memorization_bits
    steps.append("noisy_next_symbol.md: noisy-memorizer(η) has I(X; M | P) = d[h(f) − h(η)] exactly, "
                 "η = 1/8, 1/4")

    d, delta, e = bounds.SYMBOLS["d"], bounds.SYMBOLS["delta"], bounds.SYMBOLS["error"]
    expr = bounds.noisy_next_symbol_ic().expression
    p = delta / 2
    at_floor = sympy.simplify(expr.subs(e, bounds.crossover(p, p)) - d * bounds.h(p))
    assert at_floor == 0 and sympy.simplify(expr.subs(e, sympy.Rational(1, 2))) == 0
    steps.append("noisy_next_symbol.md: the closed form is d·h(δ/2) at the least error p*p and 0 at 1/2 "
                 "(sympy)")

    from commlb.info import binary_entropy

    for pn in range(1, 8):
        for en in range(0, 9):
            pp, eta = Fraction(pn, 16), Fraction(en, 16)
            cross = pp * (1 - eta) + eta * (1 - pp)
            assert binary_entropy(pp) <= binary_entropy(cross)
    steps.append("noisy_augmented_index.md (B): h(p) <= h(p*η) for p in 1/16..7/16, η in 0..1/2 (exact)")

    assert bounds.fano_bound().at(H=3, K=8, error=0) == 3
    steps.append("fano.md: at error 0 the bound is H(X)")
    return steps

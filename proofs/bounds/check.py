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
    steps += _gap_hamming_steps()
    return steps


def _gap_hamming_steps() -> list[str]:
    """gap_hamming.md: the SDPI and Pinsker steps exactly, and the bound below stored values."""
    import itertools
    import json
    import random
    from pathlib import Path

    from commlb.info import Distribution, mutual_information

    steps = []
    rng = random.Random(0)
    checked = 0
    for d, rho in ((1, Fraction(1, 2)), (2, Fraction(1, 2)), (2, Fraction(3, 4))):
        cube = list(itertools.product((-1, 1), repeat=d))
        for _ in range(6):
            weights = {x: [Fraction(rng.randint(0, 6)) for _ in range(3)] for x in cube}
            law = {}
            for x in cube:
                total = sum(weights[x]) or Fraction(1)
                rows = weights[x] if sum(weights[x]) else [Fraction(1), 0, 0]
                for y in cube:
                    agree = sum(a == b for a, b in zip(x, y, strict=True))
                    channel = ((1 + rho) / 2) ** agree * ((1 - rho) / 2) ** (d - agree)
                    for m, w in enumerate(rows):
                        if w:
                            key = (x, y, m)
                            law[key] = law.get(key, 0) + Fraction(1, 2 ** d) * channel * w / total
            joint = Distribution(law, names=("X", "Y", "M"))
            i_y = mutual_information(joint, "M", "Y")
            i_x = mutual_information(joint, "M", "X")
            assert i_y <= i_x * rho ** 2, (d, rho, i_y, i_x)  # SDPI, tensorised
            p_my = joint.marginal("M", "Y")
            p_m, p_y = joint.marginal("M"), joint.marginal("Y")
            tv = sum(abs(p_my.prob((m, y)) - p_m.prob((m,)) * p_y.prob((y,)))
                     for m in range(3) for y in cube) / 2
            assert i_y >= 2 * Fraction(36, 25) * tv ** 2, (d, rho, i_y, tv)  # Pinsker, bits
            checked += 1
    steps.append(f"gap_hamming.md (3), (2): I(M; Y¹) <= ρ²·I(M; X) and I(M; Y¹) >= (72/25)·TV² "
                 f"exactly on {checked} random channels M | X, d = 1, 2")

    count = 0
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.glob("*/certificates/gap-hamming-*.json")):
        cert = json.loads(path.read_text(encoding="utf-8"))
        statement = cert["statement"]
        params = statement["problem"]["params"]
        bound = bounds.gap_hamming_ic(statement["objective"])
        value = bound.at(delta=Fraction(statement["error"]), rho=Fraction(params["rho"]))
        assert value.interval().hi <= cert["claim"]["lower"], (path.name, value)
        count += 1
    steps.append(f"gap_hamming.md: the bound lies below the certified lower end of all {count} "
                 "stored Gap-Hamming certificates (d = 1..6, both objectives)")
    return steps

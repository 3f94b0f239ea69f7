"""Exact checks of the reductions (run by ``python -m proofs``)."""

from __future__ import annotations

from fractions import Fraction


def check() -> list[str]:
    from commlb.protocols import OneWayProtocol
    from commlb.reductions import get

    steps = []
    red = get("singletons-to-next-symbol", d=1, N=2, n=2, delta="1/4")
    for learner in ("bayes-optimal", "nearest-neighbour", "constant", "noisy-memorizer(1/4)"):
        result = red.check(learner=learner)
        assert result.holds, str(result)
    steps.append("singletons_to_task.md: all five inequalities hold exactly for 4 built-in learners "
                 "(next-symbol d=1, N=2, n=2, δ=1/4)")
    red = get("singletons-to-cluster-labeling", d=1, N=3, n=2, k=2)
    result = red.check(learner="bayes-optimal")
    assert result.holds and result.details["factor"] == Fraction(3, 2)
    steps.append("singletons_to_task.md: cluster labeling, k = 2 of N = 3: factor N/k = 3/2, all hold")
    broken = get("singletons-to-next-symbol", d=1, N=2, n=2, delta="1/4", plant="non-singleton")
    assert broken.check().failing == ["simulation: TV(law of (P, X) under the reduction, task law) <= 0"]
    steps.append("singletons_to_task.md: planting into a non-singleton slot fails exactly the "
                 "simulation check")

    embed = get("component-to-singletons", k=2, component="next-symbol", d=1, delta="1/2")
    parity = OneWayProtocol((0, 1), lambda x, r: sum(a[0] for a in x) % 2, lambda m, y, r: 0)
    result = embed.check(parity)
    assert result.holds and all(i.slack == 0 for i in result.inequalities)
    leak = get("component-to-singletons", k=2, component="next-symbol", d=1, delta="1/2", leak=True)
    assert not leak.check(parity).holds
    steps.append("component_to_singletons.md: parity protocol: information exactly I/k, error equal; "
                 "leaking X_>J publicly breaks the information share (1 > 1/2)")
    from commlb.reductions.gap_hamming import GapHammingToSingletons

    for k, d in ((2, 1), (2, 2), (3, 1)):
        result = GapHammingToSingletons(k, d, "1/2").check("send-everything")
        assert result.holds and all(i.slack == 0 for i in result.inequalities)
    broken = GapHammingToSingletons(2, 1, "1/2", place="first").check("send-everything")
    assert "simulation: TV(strings and query when y is correlated, Singletons law) <= 0" in \
        broken.failing
    steps.append("gap_hamming_to_singletons.md: simulation, error ε/2 + 1/(2k) and the share "
                 "1/k hold with equality for (k, d) in {(2, 1), (2, 2), (3, 1)}; J = 0 fails "
                 "the simulation")
    return steps

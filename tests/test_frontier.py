"""The memorization frontier: its exact program, closed forms, and the lower bound property."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlb.certificates import check
from commlb.errors import InvalidParameterError
from commlb.info import binary_entropy
from commlb.learning import get_task, memorization, memorization_frontier, memorization_program
from commlb.testing import learners, tasks

F = Fraction


@pytest.mark.parametrize("task", [
    get_task("next-symbol", d=2, N=2, n=2, delta=F(1, 4)),
    get_task("cluster-labeling", d=2, N=2, n=1, rho=F(1, 2), labels=2),
])
def test_program_is_exact_and_consistent(task):
    prog = memorization_program(task)
    assert sum(prog.p_cx.ravel()) == 1
    assert all(0 <= v <= 1 for v in prog.D.ravel())
    p_x = prog.p_cx.sum(axis=0)
    assert sum(p * min(row) for p, row in zip(p_x, prog.D, strict=True)) == prog.optimal_error
    assert prog.optimal_error == memorization(task, "constant", singletons=False).optimal_error
    # the constant prediction function of the constant learner has the program's error
    const = memorization(task, "constant", singletons=False)
    column_errors = [sum(p * prog.D[x, g] for x, p in enumerate(p_x))
                     for g in range(prog.D.shape[1])]
    assert min(column_errors) == const.error
    assert prog.functions.shape == (len(task.labels) ** len(task.inputs), len(task.inputs))


@pytest.mark.parametrize("delta,eta", [(F(1, 2), F(1, 8)), (F(1, 4), F(1, 4))])
def test_one_bit_frontier_is_the_noisy_memorizer(delta, eta):
    """d = N = n = 1: by symmetry and convexity the optimal channel is a BSC(η).

    So the frontier at the noisy memorizer's excess error is h(e*η) − h(η), e = δ/2.
    """
    task = get_task("next-symbol", d=1, N=1, n=1, delta=delta)
    noisy = memorization(task, f"noisy-memorizer({eta})")
    e = delta / 2
    conv = e * (1 - eta) + eta * (1 - e)
    value = binary_entropy(conv) - binary_entropy(eta)
    assert noisy.memorization_bits == value
    r = memorization_frontier(task, noisy.excess_error)
    assert r.certified and check(r.certificate).valid
    hull = value.interval()
    assert r.lower <= hull.hi and hull.lo <= r.upper
    assert r.upper - r.lower <= 1e-5


def test_frontier_is_monotone_and_vanishes():
    task = get_task("next-symbol", d=2, N=1, n=1, delta=F(1, 4))
    levels = [F(0), F(1, 40), F(1, 10), F(1)]
    results = [memorization_frontier(task, e) for e in levels]
    for a, b in zip(results, results[1:], strict=False):
        assert b.lower <= a.upper
    assert results[-1].upper == 0
    bayes = memorization(task, "bayes-optimal", singletons=False)
    assert results[0].lower <= bayes.memorization_bits.interval().hi


@settings(max_examples=8)
@given(st.data())
def test_frontier_lower_bound_holds_for_random_learners(data):
    task = data.draw(tasks(max_d=1, max_N=2, max_n=2))
    learner = data.draw(learners(task))
    r = memorization(task, learner, singletons=False)
    frontier = memorization_frontier(task, r.excess_error, gap=1e-4)
    assert frontier.lower <= r.memorization_bits.interval().hi
    assert check(frontier.certificate).valid


def test_bad_excess_error():
    task = get_task("next-symbol", d=1, N=1, n=1, delta=0)
    with pytest.raises(InvalidParameterError):
        memorization_frontier(task, F(-1, 10))
    with pytest.raises(InvalidParameterError):
        memorization_frontier(task, "lots")


def test_program_refuses_large_instances():
    from commlb.errors import InstanceTooLargeError

    with pytest.raises(InstanceTooLargeError, match="prediction functions"):
        memorization_program(get_task("next-symbol", d=4, N=1, n=2, delta=F(1, 4)),
                             max_entries=10_000)
    assert np.isfinite(1.0)


def test_frontier_at_zero_excess_error_is_certified_on_cluster_labeling():
    # Regression: at infinite slope underflowed channel entries used to make the
    # Frank–Wolfe witness non-finite, leaving only the trivial lower bound 0.
    from fractions import Fraction

    from commlb.certificates import check
    from commlb.learning import get_task, memorization, memorization_frontier

    task = get_task("cluster-labeling", d=2, N=2, n=2, rho=Fraction(1, 2))
    frontier = memorization_frontier(task, 0)
    assert frontier.certified and frontier.upper - frontier.lower < 1e-6
    assert check(frontier.certificate).valid
    bayes = memorization(task, learner="bayes-optimal")
    assert bayes.excess_error == 0
    assert frontier.lower <= float(bayes.memorization_bits) + 1e-12


def test_cli_colgen_matches_enumeration(capsys, tmp_path):
    import json

    from commlb.cli import main

    args = ["frontier", "next-symbol", "-p", "d=2", "-p", "N=2", "-p", "n=2", "-p", "delta=1/4",
            "--excess-error", "1/20", "--json"]
    assert main(args) == 0
    enum = json.loads(capsys.readouterr().out)
    cert = tmp_path / "colgen.json"
    assert main(args + ["--method", "conditional-colgen", "--certificate", str(cert)]) == 0
    col = json.loads(capsys.readouterr().out)
    assert col["certified"] and col["lower"] <= enum["upper"] + 1e-9 and enum["lower"] <= col["upper"] + 1e-9
    assert abs(col["lower"] - enum["lower"]) <= 2e-6
    assert main(["verify", str(cert)]) == 0
    capsys.readouterr()


def test_colgen_frontier_at_zero_excess_error():
    # δ = err*: the slope is infinite for enumeration; column generation uses a large
    # finite slope, and its certified lower bound must stay below the enumerated value
    task = get_task("next-symbol", d=2, N=2, n=1, delta=F(1, 4))
    enum = memorization_frontier(task, 0)
    col = memorization_frontier(task, 0, method="conditional-colgen")
    assert col.certified and check(col.certificate).valid
    assert col.lower <= enum.upper + 1e-9 and enum.lower <= col.upper + 1e-9

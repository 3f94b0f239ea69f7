"""Reductions checked exactly: built-in and random learners/protocols, broken variants caught."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlb.errors import InvalidParameterError
from commlb.info import Exact
from commlb.learning import get_task, memorization
from commlb.protocols import OneWayProtocol, get_protocol
from commlb.reductions import ComponentToSingletons, SingletonsToTask, get, names
from commlb.testing import learner_channels, protocols

BUILT_IN = ["bayes-optimal", "nearest-neighbour", "constant", "forgetful(1)", "noisy-memorizer(1/4)"]

NEXT = get_task("next-symbol", d=1, N=2, n=2, delta=Fraction(1, 4), training="whole")
NEXT_CUT = get_task("next-symbol", d=2, N=2, n=1, delta=Fraction(1, 2))
CLUSTER = get_task("cluster-labeling", d=1, N=3, n=2, rho=Fraction(1, 2))
CLUSTER_LABELS = get_task("cluster-labeling", d=1, N=2, n=2, rho=Fraction(1, 2), labels=2)


@pytest.mark.parametrize("task,k", [(NEXT, 1), (NEXT_CUT, 1), (CLUSTER, 2), (CLUSTER_LABELS, 1)])
@pytest.mark.parametrize("learner", BUILT_IN)
def test_every_inequality_holds_for_built_in_learners(task, k, learner):
    result = SingletonsToTask(task, k=k).check(learner=learner)
    assert result.holds, str(result)
    assert [i.name.split(":")[0] for i in result.inequalities] == [
        "simulation", "source law", "information", "information", "error"]
    # the simulated training set has exactly the task's law, so I(X; M | P) computed on the
    # reduction's joint law equals the learning layer's memorization, exactly
    assert result.inequalities[0].lhs == 0 and result.inequalities[1].lhs == 0
    assert result.details["simulated_memorization"] == result.inequalities[2].lhs


@settings(max_examples=8, deadline=None)
@given(st.data())
def test_every_inequality_holds_for_random_learners(data):
    learner = data.draw(learner_channels(NEXT, max_models=3))
    result = SingletonsToTask(NEXT, k=1).check(learner)
    assert result.holds, str(result)


def test_single_subpopulation_makes_both_sides_equal():
    # N = n = k = 1: R is trivial, the training set is Alice's example, so
    # I(X; M | P) = I(X_A; M | P_A, R) and err(protocol) = err(A), exactly.
    task = get_task("next-symbol", d=2, N=1, n=1, delta=Fraction(1, 4), training="whole")
    result = SingletonsToTask(task).check("noisy-memorizer(1/4)")
    info, _, error = result.inequalities[2], result.inequalities[3], result.inequalities[4]
    assert info.lhs == info.rhs and info.slack == 0
    assert error.lhs == error.rhs == memorization(task, "noisy-memorizer(1/4)").error
    assert result.details["factor"] == 1 and result.details["rest_error"] == 0


def test_error_translation_factor_is_N_over_k():
    result = SingletonsToTask(CLUSTER, k=2).check("bayes-optimal")
    assert result.details["factor"] == Fraction(3, 2)
    bound = result.inequalities[4].rhs
    details = result.details
    assert bound == Fraction(3, 2) * details["learner_error"] - Fraction(1, 2) * details["rest_error"]
    assert result.details["offset"] >= 0


def test_planting_into_a_non_singleton_slot_is_caught():
    result = SingletonsToTask(NEXT, k=1, plant="non-singleton").check("bayes-optimal")
    assert not result.holds
    assert result.failing == ["simulation: TV(law of (P, X) under the reduction, task law) <= 0"]
    assert result.inequalities[0].lhs > 0


def _parity(problem) -> OneWayProtocol:
    """Alice sends the XOR of the first bit of each of her examples; Bob guesses 0."""
    def send(x, r):
        return sum(a[0] for a in x) % 2
    return OneWayProtocol((0, 1), send, lambda m, y, r: 0, name="parity")


def test_direct_sum_holds_with_equality_and_leak_is_caught():
    good = ComponentToSingletons(2, "next-symbol", d=1, delta=Fraction(1, 2))
    result = good.check(_parity(good.target))
    assert result.holds and result.inequalities[0].slack == 0  # chain rule: exactly I/k
    assert result.details["k_fold_information"] == Exact(1)
    leak = ComponentToSingletons(2, "next-symbol", leak=True, d=1, delta=Fraction(1, 2))
    broken = leak.check(_parity(leak.target))
    assert broken.failing == ["information: I(X_J; M | J, X_<J, R) <= I(X; M | R)/k"]
    assert broken.inequalities[0].lhs == 1 and broken.inequalities[0].rhs == Fraction(1, 2)


@pytest.mark.parametrize("protocol", ["send-everything", "silent"])
def test_direct_sum_standard_protocols(protocol):
    red = ComponentToSingletons(2, "cluster", d=1, rho=Fraction(1, 2), labels=2)
    result = red.check(protocol)
    assert result.holds and all(i.slack == 0 for i in result.inequalities)


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_direct_sum_random_protocols(data):
    red = ComponentToSingletons(2, "next-symbol", d=1, delta=Fraction(1, 4))
    protocol = data.draw(protocols(red.target, max_messages=3, max_coins=2))
    result = red.check(protocol)
    assert result.holds, str(result)
    assert all(i.slack == 0 for i in result.inequalities)
    noisy = red.check(get_protocol("send-everything", red.target))
    assert noisy.inequalities[0].lhs == 1


def test_get_and_names():
    assert names() == ["singletons-to-next-symbol", "singletons-to-cluster-labeling",
                       "component-to-singletons", "gap-hamming-to-singletons"]
    red = get("singletons-to-cluster-labeling", d=1, N=2, n=1)
    assert red.name == "singletons-to-cluster-labeling" and red.source.params["component"] == "cluster"
    with pytest.raises(InvalidParameterError, match="unknown reduction"):
        get("nope")
    with pytest.raises(InvalidParameterError, match="k = 2"):
        get("singletons-to-next-symbol", d=1, N=2, n=2, k=2)
    with pytest.raises(InvalidParameterError, match="uniform weights"):
        SingletonsToTask(get_task("next-symbol", d=1, N=2, n=1, delta=Fraction(1, 2),
                                  prior=[Fraction(1, 3), Fraction(2, 3)]))
    with pytest.raises(InvalidParameterError, match="labels=L"):
        get("component-to-singletons", k=2, component="cluster", d=1, rho="1/2")


def test_cli_check_json_and_exit_codes(capsys):
    from commlb.cli import main

    code = main(["check", "singletons-to-next-symbol", "-p", "d=1", "-p", "N=2", "-p", "n=1",
                 "--learner", "nearest-neighbour", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["holds"] is True
    assert {"name", "lhs", "rhs", "holds", "slack"} <= set(out["inequalities"][0])
    code = main(["check", "singletons-to-next-symbol", "-p", "d=1", "-p", "N=2", "-p", "n=2",
                 "-p", "plant=non-singleton", "--json"])
    captured = capsys.readouterr()
    assert code == 1 and json.loads(captured.out)["failing"][0].startswith("simulation")
    assert "simulation" in captured.err
    assert main(["check", "component-to-singletons", "-p", "k=2"]) == 2


@pytest.mark.parametrize("task", [NEXT, CLUSTER_LABELS])
def test_protocol_costs_agree_between_protocol_tables_and_reduction_joint(task, monkeypatch):
    from commlb.reductions import planting

    reduction = SingletonsToTask(task, k=1)
    monkeypatch.setattr(planting, "_DENSE_LIMIT", 10**12)
    dense = reduction.check("noisy-memorizer(1/4)")
    monkeypatch.setattr(planting, "_DENSE_LIMIT", 0)
    joint = reduction.check("noisy-memorizer(1/4)")
    assert dense.details["protocol_costs_from"] != joint.details["protocol_costs_from"]
    assert dense.details["protocol_error"] == joint.details["protocol_error"]
    assert dense.details["protocol_external_information"] == joint.details["protocol_external_information"]


@settings(max_examples=10, deadline=None)
@given(st.data())
def test_every_inequality_holds_on_random_tasks_and_learners(data):
    from hypothesis import assume

    from commlb.testing import learners, tasks

    task = data.draw(tasks(max_d=2, max_N=2, max_n=2))
    assume(task.N - task.n // 2 >= 1 and len(task.examples) ** task.n <= 64)
    learner = data.draw(learners(task, max_models=3))
    result = SingletonsToTask(task, k=1).check(learner)
    assert result.holds, str(result)


# -- Gap-Hamming -> Singletons(k, cluster) (proofs/reductions/gap_hamming_to_singletons.md) --


def _first_string_protocol(red):
    from commlb.protocols import OneWayProtocol

    strings = tuple(red.source.bob_alphabet)
    def decode(m, y, r):  # y near the first string: cluster 0
        return 0 if 2 * sum(a == b for a, b in zip(m, y, strict=True)) > len(y) else 1

    return OneWayProtocol(strings, lambda x, r: x[0][0], decode, name="first-string")


@pytest.mark.parametrize("k, d", [(2, 1), (2, 2), (3, 1)])
def test_gap_hamming_hidden_among_k_clusters_keeps_error_and_information_exactly(k, d):
    from commlb.reductions import get as get_reduction

    red = get_reduction("gap-hamming-to-singletons", k=k, d=d, rho="1/2")
    for solution in ("send-everything", "silent", _first_string_protocol(red)):
        result = red.check(solution)
        assert result.holds, str(result)
        # both promises are equalities for the correct embedding
        assert all(i.slack == 0 for i in result.inequalities), str(result)
    # the Gap-Hamming error of the hidden protocol is ε/2 + 1/(2k): at ε = err* of Singletons
    best = red.check("send-everything")
    assert best.details["gap_hamming_error"] == \
        Fraction(red.target.optimal_error()) / 2 + Fraction(1, 2 * k)


def test_gap_hamming_embedding_in_the_first_slot_fails_naming_the_inequality():
    from commlb.reductions import get as get_reduction

    broken = get_reduction("gap-hamming-to-singletons", k=2, d=1, rho="1/2", place="first")
    result = broken.check(_first_string_protocol(broken))
    assert not result.holds
    assert result.failing == [
        "simulation: TV(strings and query when y is correlated, Singletons law) <= 0",
        "information: I(X; M | J, X_<J, R) <= I(X_1..k; M | R)/k"]


def test_gap_hamming_reduction_at_the_level_of_optimal_values():
    from commlb.reductions import get as get_reduction

    red = get_reduction("gap-hamming-to-singletons", k=2, d=2, rho="1/2")
    rows = red.optimal_values([Fraction(3, 8), Fraction(7, 16)])
    for row in rows:
        assert row["consistent"]
        # IC_Singletons(2)(ε) >= 2·IC_GH(ε/2 + 1/4), certified on both sides
        assert row["singletons"][1] >= row["k_times_gap_hamming"][0] - 1e-9


def test_gap_hamming_reduction_refuses_one_cluster():
    from commlb.errors import InvalidParameterError
    from commlb.reductions import get as get_reduction

    with pytest.raises(InvalidParameterError, match="k must be an integer >= 2"):
        get_reduction("gap-hamming-to-singletons", k=1, d=1)

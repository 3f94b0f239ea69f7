"""The least excess error of differentially private learners (S13): closed forms, certificates."""

from __future__ import annotations

import copy
import itertools
import json
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlb.certificates import check
from commlb.certificates.programs import exp_bounds
from commlb.cli import main
from commlb.errors import CertificateError, InstanceTooLargeError, InvalidParameterError
from commlb.learning import get_task
from commlb.learning.privacy import (
    memorization_privacy_bound,
    private_excess_error,
    private_program,
    task_error_of_constant,
)
from commlb.testing import tasks as drawn_tasks

ONE_BIT = dict(d=1, N=1, n=1, delta=0)  # the learner sees the bit it must predict


def _within(result, value: float, tol: float = 1e-12) -> bool:
    return float(result.lower) - tol <= value <= float(result.upper) + tol


@pytest.mark.parametrize("epsilon", [0, Fraction(1, 2), 1, 2])
@pytest.mark.parametrize("delta", [0, Fraction(1, 10)])
def test_one_bit_is_randomised_response(epsilon, delta):
    # The best (ε, δ)-DP report of one bit keeps it w.p. (e^ε + δ)/(1 + e^ε): error (1 − δ)/(1 + e^ε).
    result = private_excess_error(get_task("next-symbol", **ONE_BIT), epsilon, delta)
    assert result.optimal_error == 0
    assert _within(result, (1 - float(delta)) / (1 + math.exp(float(epsilon))))
    assert result.width < Fraction(1, 10**9)
    assert check(result.certificate).valid


def test_exp_bounds_enclose_e_to_the_epsilon():
    for eps in (Fraction(0), Fraction(1, 3), Fraction(1), Fraction(7, 2), Fraction(20)):
        lo, hi = exp_bounds(eps)
        assert lo <= hi and float(hi - lo) <= 2 ** -60 * max(1.0, math.exp(float(eps)))
        assert float(lo) <= math.exp(float(eps)) * (1 + 1e-15)
        assert float(hi) >= math.exp(float(eps)) * (1 - 1e-15)
    assert exp_bounds(Fraction(0)) == (1, 1)


@pytest.fixture(scope="module")
def tasks():
    return {"next-symbol": get_task("next-symbol", d=2, N=2, n=2, delta=Fraction(1, 4)),
            "cluster-labeling": get_task("cluster-labeling", d=2, N=2, n=2, rho=Fraction(1, 2))}


@pytest.mark.parametrize("name", ["next-symbol", "cluster-labeling"])
def test_small_tasks_are_certified_and_privacy_costs_error(tasks, name):
    task = tasks[name]
    results = [private_excess_error(task, eps) for eps in (Fraction(1, 2), 1, 2)]
    for result in results:
        assert check(result.certificate).valid and result.width < Fraction(1, 10**8)
        assert 0 < result.lower <= result.upper
    # more privacy (smaller ε) costs more error: the brackets are ordered
    assert results[0].lower > results[1].upper and results[1].lower > results[2].upper
    # a δ > 0 allows more: the (1, 1/10)-DP value lies below the (1, 0)-DP one
    relaxed = private_excess_error(task, 1, Fraction(1, 10))
    assert check(relaxed.certificate).valid and relaxed.upper < results[1].lower
    # ε = 0: the model cannot depend on the data, so the best is the best constant learner
    zero = private_excess_error(task, 0)
    constant = task_error_of_constant(task) - zero.optimal_error
    assert zero.lower <= constant <= zero.upper and zero.width < Fraction(1, 10**9)


def test_the_program_lists_every_neighbouring_pair_once(tasks):
    task = tasks["next-symbol"]
    program = private_program(task, 1)
    size, n = len(task.examples), task.n
    sets = list(itertools.product(range(size), repeat=n))  # independent enumeration
    expected = {(sets.index(a), sets.index(b)) for a in sets for b in sets
                if sum(u != v for u, v in zip(a, b, strict=True)) == 1}
    assert {tuple(p) for p in program["neighbours"]} == expected
    assert len(program["neighbours"]) == len(expected)


def test_the_cost_is_the_error_mass_of_each_prediction_function():
    # d = 1, N = n = 1, δ = 0: x is the reference bit c, the test query is (empty prefix, c);
    # g is (g(empty) = 0) or 1: its error mass at x is Pr[x]·1[g != x] = 1/2 or 0.
    program = private_program(get_task("next-symbol", **ONE_BIT), 1)
    den = int(program["denominator"])
    cost = [[Fraction(int(v), den) for v in row] for row in program["cost"]]
    assert cost == [[0, Fraction(1, 2)], [Fraction(1, 2), 0]]


def _corrupt(cert, change):
    bad = copy.deepcopy(cert)
    change(bad)
    try:
        return check(bad).valid
    except CertificateError:
        return False


def test_corrupted_certificates_are_rejected(tasks):
    cert = private_excess_error(tasks["next-symbol"], 1).certificate

    def raise_lower(c):
        c["claim"]["lower"] = c["claim"]["upper"] + 1e-6

    def lower_upper(c):
        c["claim"]["upper"] = c["claim"]["lower"] - 1e-6

    def leak(c):  # one training set's row puts all its mass on one function: not private
        row = c["upper_witness"]["rows"][0]
        c["upper_witness"]["rows"][0] = [sum(row)] + [0] * (len(row) - 1)
        c["upper_witness"]["mix"] = "0"

    def less_privacy_budget(c):  # a smaller ε: the channel is no longer private
        c["statement"]["program"]["epsilon"] = "1/2"

    def more_privacy_budget(c):  # a larger ε: the claimed lower is no longer certified
        c["statement"]["program"]["epsilon"] = "2"

    def cheaper_cost(c):
        c["statement"]["program"]["cost"][0][0] = "0"

    def negative_multiplier(c):
        c["lower_witness"]["multipliers"][0][2] = -5

    for change in (raise_lower, lower_upper, leak, less_privacy_budget, more_privacy_budget,
                   cheaper_cost, negative_multiplier):
        assert not _corrupt(cert, change), change.__name__
    assert _corrupt(cert, lambda c: None)  # the unaltered certificate is accepted


def test_memorization_bound_is_below_the_private_excess_error(tasks):
    task = tasks["next-symbol"]
    eps = Fraction(1, 4)
    implied = memorization_privacy_bound(task, eps, levels=[0, "1/40"])
    assert implied["budget_bits"] >= task.n * float(eps) / math.log(2)
    assert implied["excess_error_above"] == "0"  # the frontier at 0 (1.35 bits) > 0.72 bits
    assert private_excess_error(task, eps).lower > 0


def test_bad_input_is_refused_in_one_line(tasks):
    with pytest.raises(InvalidParameterError, match="epsilon"):
        private_excess_error(tasks["next-symbol"], -1)
    with pytest.raises(InvalidParameterError, match="delta"):
        private_excess_error(tasks["next-symbol"], 1, 2)
    with pytest.raises(InstanceTooLargeError, match="prediction functions|variables"):
        private_excess_error(get_task("cluster-labeling", d=3, N=2, n=2, rho=Fraction(1, 2)), 1)


def test_cli_prints_a_certified_bracket_and_writes_the_certificate(tmp_path, capsys):
    out = tmp_path / "dp.json"
    code = main(["privacy", "next-symbol", "-p", "d=1", "-p", "N=1", "-p", "n=1", "-p",
                 "delta=0", "--epsilon", "1", "--json", "--certificate", str(out)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["kind"] == "certified" and data["epsilon"] == "1"
    assert data["lower"]["float"] <= 1 / (1 + math.e) <= data["upper"]["float"]
    assert check(json.loads(out.read_text())).valid
    code = main(["privacy", "next-symbol", "-p", "d=1", "-p", "N=1", "-p", "n=1", "-p",
                 "delta=0", "--epsilon", "1", "--delta", "1/10", "--levels", "0"])
    assert code != 0
    assert "pure DP" in capsys.readouterr().err


@settings(max_examples=12, deadline=None)
@given(task=drawn_tasks(), eps=st.sampled_from([Fraction(0), Fraction(1, 2), Fraction(2)]))
def test_on_drawn_tasks_the_bracket_lies_between_zero_and_the_constant_learner(task, eps):
    # every drawn task fits the program's limits; ε-DP costs at most the best data-blind learner
    result = private_excess_error(task, eps)
    constant = task_error_of_constant(task) - result.optimal_error
    assert 0 <= result.lower <= result.upper <= constant + Fraction(1, 10**9)
    assert result.width < Fraction(1, 10**8)
    assert check(result.certificate).valid

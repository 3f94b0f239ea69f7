"""The reduction graph: composed bounds equal the hand composition and are sound; optimal values."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from commlb import bounds
from commlb.learning import get_task, memorization
from commlb.learning.training import enumerate_task
from commlb.reductions import compare_optimal_values, get, graph, implied_bounds, to_dot
from commlb.reductions.network import EXCESS

LEARNERS = ["bayes-optimal", "nearest-neighbour", "constant", "forgetful(1)", "noisy-memorizer(1/8)",
            "noisy-memorizer(1/4)"]


def _hand(d, delta, N, n, k, eps):
    """k · L_1(τ(ε)), τ(ε) = (N/k)(err* + ε) − (N/k − 1)·e_rest, L_1 the one-component closed form."""
    task = get_task("next-symbol", d=d, N=N, n=n, delta=delta, training="whole")
    err_star = enumerate_task(task).optimal_error()
    e_rest = get("singletons-to-next-symbol", d=d, N=N, n=n, k=k, delta=delta).rest_error()
    tau = Fraction(N, k) * (err_star + eps) - (Fraction(N, k) - 1) * e_rest
    if tau >= Fraction(1, 2):
        return 0
    return k * bounds.noisy_next_symbol_ic().at(d=d, delta=delta, error=tau)


@pytest.mark.parametrize("d,delta,N,n,k", [(1, Fraction(1, 2), 1, 1, 1), (2, Fraction(1, 4), 1, 1, 1),
                                           (1, Fraction(1, 4), 2, 2, 1), (2, Fraction(1, 2), 3, 2, 2)])
@pytest.mark.parametrize("eps", [Fraction(0), Fraction(1, 32), Fraction(1, 16)])
def test_composed_bound_equals_hand_composition(d, delta, N, n, k, eps):
    G = graph(d=d, delta=delta, N=N, n=n, k=k)
    best = implied_bounds("next-symbol", G, error=eps)
    assert best.path == ["singletons(1, next-symbol)", "singletons(k, next-symbol)", "next-symbol"]
    assert best.reductions == ["component-to-singletons", "singletons-to-next-symbol"]
    assert bounds.to_exact(best.value) == _hand(d, delta, N, n, k, eps)


def test_composed_bound_is_nonzero_and_tight_for_one_subpopulation():
    G = graph(d=2, delta=Fraction(1, 4), N=1, n=1)
    best = implied_bounds("next-symbol", G, error=0)
    task = get_task("next-symbol", d=2, N=1, n=1, delta=Fraction(1, 4), training="whole")
    assert bounds.to_exact(best.value) == memorization(task, "bayes-optimal").memorization_bits


@pytest.mark.parametrize("d,N,n", [(2, 1, 1), (1, 2, 1), (1, 2, 2)])
def test_composed_bound_is_below_every_learner(d, N, n):
    delta = Fraction(1, 4)
    G = graph(d=d, delta=delta, N=N, n=n)
    expression = implied_bounds("next-symbol", G).expression
    task = get_task("next-symbol", d=d, N=N, n=n, delta=delta, training="whole")
    for learner in LEARNERS:
        result = memorization(task, learner, singletons=False)
        bound = bounds.to_exact(expression.subs(EXCESS, sympy.Rational(result.excess_error)))
        assert bound <= result.memorization_bits, learner


def test_index_nodes_and_dot():
    G = graph(d=2, delta=Fraction(1, 2), N=1, n=1)
    best = implied_bounds("index", G, error=Fraction(1, 4))
    assert bounds.to_exact(best.value) == bounds.index_ic().at(d=2, delta=Fraction(1, 4))
    assert implied_bounds("cluster-labeling", G).expression is None
    dot = to_dot(G)
    assert dot.startswith("digraph reductions {") and '"singletons(k, next-symbol)" -> "next-symbol"' in dot


def test_optimal_values_table():
    tight = compare_optimal_values(get("singletons-to-next-symbol", d=1, N=1, n=1, delta="1/2"),
                                   [0, Fraction(1, 16)])
    for row in tight:  # N = n = 1: the two programs coincide
        assert row["consistent"] and abs(row["slack"]) < 1e-6
        assert row["frontier"][0] == pytest.approx(row["source"][0], abs=1e-6)
    loose = compare_optimal_values(get("singletons-to-next-symbol", d=1, N=2, n=2, delta="1/4"), [0])
    assert loose[0]["translated_error"] == Fraction(19, 32)
    assert loose[0]["consistent"] and loose[0]["slack"] > 0.4


def test_cli_graph(capsys):
    from commlb.cli import main

    assert main(["graph", "-p", "d=1", "-p", "N=1", "-p", "n=1"]) == 0
    out = capsys.readouterr().out
    assert "next-symbol [I(X; M | P)]" in out and "via singletons(1, next-symbol)" in out
    assert main(["graph", "--dot"]) == 0
    assert capsys.readouterr().out.startswith("digraph")


def test_cli_graph_json_matches_the_composed_bounds(capsys):
    import json

    from commlb.cli import main
    from commlb.reductions import graph, implied_bounds

    assert main(["graph", "-p", "d=1", "-p", "N=1", "-p", "n=1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    nodes = {node["name"]: node for node in data["nodes"]}
    best = implied_bounds("next-symbol", graph(d=1, N=1, n=1), error=0)
    assert nodes["next-symbol"]["path"] == best.path
    assert nodes["next-symbol"]["value"] == float(best.value)
    assert set(nodes["index"]) == {"name", "kind", "quantity", "bound", "value",
                                   "exact_or_certified", "path"}
    assert {(e["source"], e["target"]) for e in data["edges"]} == set(graph(d=1, N=1, n=1).edges)


def test_cli_check_optimal_values_json(capsys):
    import json

    from commlb.cli import main

    code = main(["check", "singletons-to-next-symbol", "-p", "d=1", "-p", "N=1", "-p", "n=1",
                 "-p", "delta=1/2", "--optimal", "0", "--json"])
    row = json.loads(capsys.readouterr().out)["optimal_values"][0]
    assert code == 0 and row["translated_error"] == "3/8" and row["consistent"]
    assert row["frontier"][0] <= float(bounds.index_ic().at(d=1, delta=0))  # <= H(X_A | C_A) <= 1 bit
    assert row["frontier"][1] == pytest.approx(0.8112781244591328, abs=1e-6)  # h(1/4)

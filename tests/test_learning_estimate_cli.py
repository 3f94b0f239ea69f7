"""Monte Carlo estimates agree with exact values; the memorization and frontier commands."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from commlb.certificates import check
from commlb.cli import main
from commlb.errors import InvalidParameterError
from commlb.learning import estimate_memorization, get_task, memorization

F = Fraction


@pytest.mark.parametrize("task,learner", [
    (get_task("next-symbol", d=2, N=2, n=2, delta=F(1, 4)), "noisy-memorizer(1/8)"),
    (get_task("cluster-labeling", d=2, N=2, n=2, rho=F(1, 2)), "bayes-optimal"),
    (get_task("cluster-labeling", d=2, N=2, n=2, rho=F(1, 2)), "nearest-neighbour"),
    (get_task("next-symbol", d=2, N=2, n=2, delta=F(1, 2)), lambda X: (lambda u: X[0][1])),
])
def test_estimates_cover_exact_values(task, learner):
    exact = memorization(task, learner, singletons=False)
    est = estimate_memorization(task, learner, samples=300, seed=2024)
    for name in ("error", "memorization_bits", "entropy_bits"):
        lo, hi = getattr(est, name).ci
        assert lo <= float(getattr(exact, name)) <= hi, name
        assert getattr(est, name).n == 300


def test_estimate_rejects_too_few_samples():
    with pytest.raises(InvalidParameterError):
        estimate_memorization(get_task("next-symbol", d=1, N=1, n=1, delta=0), samples=1)


def test_memorization_command_json(capsys):
    code = main(["memorization", "next-symbol", "-p", "d=1", "-p", "N=1", "-p", "n=1",
                 "-p", "delta=1/2", "--learner", "bayes-optimal", "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    for key in ("error", "optimal_error", "excess_error", "memorization_bits", "entropy_bits",
                "singleton_memorization_bits"):
        assert isinstance(out[key], float)
    assert out["exact"]["optimal_error"] == "3/8" and out["excess_error"] == 0.0
    assert out["memorization_bits"] == pytest.approx(0.8112781244591328)  # h(1/4)


def test_frontier_command_json_and_certificate(capsys, tmp_path):
    path = tmp_path / "frontier.json"
    code = main(["frontier", "next-symbol", "-p", "d=1", "-p", "N=1", "-p", "n=1",
                 "-p", "delta=1/2", "--excess-error", "0.05", "--json",
                 "--certificate", str(path)])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["lower"] <= out["upper"] and out["certified"]
    assert out["error"] == pytest.approx(3 / 8 + 1 / 20)
    assert check(json.loads(path.read_text())).valid


def test_commands_refuse_bad_input(capsys):
    assert main(["memorization", "next-symbol", "-p", "d=1", "--learner", "bayes-optimal"]) == 2
    assert main(["memorization", "knapsack", "-p", "d=1"]) == 2
    assert main(["frontier", "next-symbol", "-p", "d=1", "-p", "N=1", "-p", "n=1",
                 "-p", "delta=0", "--excess-error", "much"]) == 2
    assert "commlb" in capsys.readouterr().err


def test_an_interrupted_frontier_exits_130_and_keeps_its_bracket(monkeypatch, capsys):
    import dataclasses

    import commlb.learning
    from commlb.cli import main
    from commlb.learning import get_task, memorization_frontier

    task = get_task("next-symbol", d=1, N=1, n=1, delta=0)
    stopped = dataclasses.replace(memorization_frontier(task, 0),
                                  status="interrupted (best bracket so far, still certified)")
    monkeypatch.setattr(commlb.learning, "memorization_frontier", lambda *a, **k: stopped)
    argv = ["frontier", "next-symbol", "-p", "d=1", "-p", "N=1", "-p", "n=1", "-p", "delta=0",
            "--excess-error", "0", "--no-progress"]
    assert main(argv) == 130
    captured = capsys.readouterr()
    assert "min I(X;M|P) in [" in captured.out and "interrupted" in captured.err


def test_every_long_command_takes_progress_and_no_progress():
    from commlb.cli import build_parser

    parser = build_parser()
    for argv in (["ic", "index", "-p", "d=1", "--error", "0.1"], ["frontier", "next-symbol"],
                 ["report"], ["experiment", "next-symbol"]):
        for flag, value in (("--progress", True), ("--no-progress", False)):
            assert parser.parse_args([*argv, flag]).progress is value
        assert parser.parse_args(argv).progress is None

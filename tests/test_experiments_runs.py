"""End-to-end experiments at n = 50, d = 100, the procedures, seeds and `commlb experiment`."""

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlb.cli import main
from commlb.errors import InvalidParameterError
from commlb.info import Estimate
from commlb.learning.experiments import (
    PROCEDURES,
    across_seeds,
    procedure,
    run_cluster_labeling,
)
from commlb.learning.experiments.next_symbol_experiment import run_next_symbol

SMALL = dict(n=50, d=100, seed=3, n_test=300, per_cluster=2)
ATTACKS = ("sign", "coordinate-ascent")


@pytest.fixture(scope="module")
def logistic():
    return run_cluster_labeling(model="logistic", procedure="fast", extra_attacks=ATTACKS,
                                record_every=25, **SMALL)


@pytest.fixture(scope="module")
def mlp():
    return run_cluster_labeling(model="mlp", procedure="fast", hidden=200, steps=300,
                                extra_attacks=ATTACKS, record_every=150, **SMALL)


@pytest.fixture(scope="module")
def authors():
    return run_cluster_labeling(model="logistic", procedure="authors", seeds=3, **SMALL)


@pytest.mark.parametrize("name", ["logistic", "mlp"])
def test_trained_models_fit_and_leak_their_singletons(name, request):
    result = request.getfixturevalue(name)
    assert result.train_accuracy.value == 1.0
    for attack in ATTACKS:
        assert result.final.recovery[attack].value >= 0.9, attack
    assert isinstance(result.recovery_accuracy, Estimate)
    assert result.final.pooled["recovery:coordinate-ascent"][1] == \
        result.runs[0].sizes["n_singletons"] * 100  # every singleton, every bit


@pytest.mark.parametrize("model", ["logistic", "mlp"])
@pytest.mark.parametrize("name", ["fast", "authors"])
def test_untrained_model_recovery_is_near_one_half(model, name):
    # steps = 0: with zero weights the score is the same for every x (fast); with random
    # weights it carries no information about the training set (authors); bits are coins.
    result = run_cluster_labeling(model=model, procedure=name, steps=0, hidden=50,
                                  targets="all", **SMALL)
    bits = result.final.pooled[f"recovery:{result.primary_attack}"][1]
    assert abs(result.recovery_accuracy.value - 0.5) <= 5 * 0.5 / math.sqrt(bits)


def test_checkpoints_cover_training_and_last_one_attacks_every_target(logistic):
    steps = [c.step for c in logistic.checkpoints]
    assert steps == [0, 25, 50]
    assert set(logistic.final.recovery) == {"coordinate-ascent", "sign"}
    assert set(logistic.final.accuracy) == {"train", "test", "represented", "singleton"}


def test_the_authors_preset_is_the_published_procedure():
    lr, mlp = PROCEDURES["authors", "logistic"], PROCEDURES["authors", "mlp"]
    assert (lr.init, lr.learning_rate, lr.momentum, lr.steps, lr.duplicate_singletons) == \
        ("uniform", 0.1, 0.99, 50, True)
    assert (lr.attack, lr.attack_start, lr.repeats, lr.ties, lr.targets, lr.record_every) == \
        ("sign", "random", 5, -1, 3, 2)
    assert (mlp.learning_rate, mlp.momentum, mlp.schedule, mlp.steps) == \
        (3e-4, 0.999, ((450, 0.3),), 2000)
    assert (mlp.attack, mlp.attack_start, mlp.max_sweeps, mlp.duplicate_singletons,
            mlp.record_every) == ("coordinate-ascent", "random", 10, False, 50)
    assert mlp.rate_at(449) == 3e-4 and math.isclose(mlp.rate_at(2000), 9e-5)


def test_authors_run_names_every_setting_and_stays_in_the_unit_interval(authors):
    data = authors.to_json()
    assert data["procedure"] == procedure("authors", "logistic").to_json()
    assert data["seeds"] == [3, 4, 5]
    for key in ("recovery", "singleton", "represented", "test", "train"):
        lo, hi = data[f"{key}_interval"]
        value = data["recovery_accuracy" if key == "recovery" else f"{key}_accuracy"]
        assert 0.0 <= lo <= value <= hi <= 1.0, key
    assert data["recovery_per_target"]["targets"] == 9  # 3 targets on each of 3 seeds
    assert [c["step"] for c in data["curve"]] == list(range(0, 51, 2))
    assert all(0 <= c["recovery_interval"][0] <= c["recovery_interval"][1] <= 1
               for c in data["curve"])
    assert authors.recovery_accuracy.value >= 0.9


def test_seeds_are_independent_runs_and_the_mean_is_over_them(authors):
    values = [run.final.recovery["sign"].value for run in authors.runs]
    assert math.isclose(authors.recovery_accuracy.value, sum(values) / 3)
    one = run_cluster_labeling(model="logistic", procedure="authors", **{**SMALL, "seed": 4})
    assert one.recovery_accuracy.value == values[1]  # seed 4 alone is the second run


@settings(max_examples=60, deadline=None)
@given(runs=st.lists(st.tuples(st.integers(1, 200), st.integers(0, 200)), min_size=1,
                     max_size=6))
def test_across_seeds_interval_holds_the_mean_inside_the_unit_interval(runs):
    pooled = [(min(s, t), t) for t, s in runs]
    estimates = [Estimate.proportion(s, t) for s, t in pooled]
    e = across_seeds(estimates, pooled)
    lo, hi = e.ci
    assert 0.0 <= lo <= e.value <= hi <= 1.0
    assert math.isclose(e.value, np.mean([s / t for s, t in pooled]))
    wilson = Estimate.proportion(sum(s for s, _ in pooled), sum(t for _, t in pooled)).ci
    assert lo <= wilson[0] + 1e-12 and hi >= wilson[1] - 1e-12  # never narrower than Wilson


def test_bad_procedure_settings_are_refused_in_one_line():
    with pytest.raises(InvalidParameterError, match="momentum"):
        procedure("authors", "mlp", momentum=1.5)
    with pytest.raises(InvalidParameterError, match="unknown setting"):
        procedure("authors", "mlp", sweeps=3)
    with pytest.raises(InvalidParameterError, match="no procedure"):
        procedure("paper", "mlp")


def test_next_symbol_attack_recovers_noise_bits():
    result = run_next_symbol(10, 300, steps=20, n_test=100, per_cluster=1, checkpoints=0)
    assert result.final.recovery_irrelevant["prefix-reference"].value >= 0.9
    untrained = run_next_symbol(10, 300, steps=0, n_test=100, per_cluster=1, checkpoints=0)
    # the zero model prefers symbol 1 at every position: noise bits found ~ half
    assert untrained.final.recovery_irrelevant["prefix-reference"].value < 0.75


def test_cli_json_and_plot(tmp_path, capsys):
    figure = tmp_path / "f.png"
    code = main(["experiment", "cluster-labeling", "-p", "n=30", "-p", "d=60", "-p",
                 "n_test=100", "--procedure", "fast", "--extra-attacks", "sign",
                 "--record-every", "25", "--seeds", "2", "--json", "--no-progress",
                 "--plot", str(figure)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("recovery_accuracy", "singleton_accuracy", "test_accuracy", "seconds"):
        assert isinstance(data[key], float)
    assert data["procedure"]["name"] == "fast" and data["procedure"]["record_every"] == 25
    assert data["procedure"]["extra_attacks"] == ["sign"] and data["seeds"] == [0, 1]
    assert all(s["n_singletons"] >= 1 for s in data["sizes"])
    assert figure.read_bytes()[:4] == b"\x89PNG"


def test_cli_options_replace_preset_values(capsys):
    code = main(["experiment", "cluster-labeling", "-p", "n=30", "-p", "d=60", "-p",
                 "n_test=100", "--steps", "10", "--schedule", "5:0.5", "--targets", "all",
                 "--no-duplicate-singletons", "--json", "--no-progress"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)["procedure"]
    assert (data["name"], data["steps"], data["schedule"], data["targets"],
            data["duplicate_singletons"]) == ("authors", 10, [[5, 0.5]], None, False)


@pytest.mark.parametrize(
    "argv",
    [["-p", "q=1"], ["-p", "n=1/2"], ["--attack", "guess"], ["-p", "rho=3"],
     ["--momentum", "1"], ["--schedule", "soon"]],
)
def test_cli_refuses_bad_input(argv, capsys):
    code = main(["experiment", "cluster-labeling", "--no-progress", *argv])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("commlb experiment") and len(err.strip().splitlines()) == 1

"""End-to-end experiments at n = 50, d = 100 and the `commlb experiment` command."""

import json
import math

import pytest

from commlb.cli import main
from commlb.info import Estimate
from commlb.learning.experiments import run_cluster_labeling
from commlb.learning.experiments.next_symbol_experiment import run_next_symbol

SMALL = dict(n=50, d=100, seed=3, n_test=300, per_cluster=2, checkpoints=1)
ATTACKS = ("sign", "coordinate-ascent")


@pytest.fixture(scope="module")
def logistic():
    return run_cluster_labeling(model="logistic", attacks=ATTACKS, **SMALL)


@pytest.fixture(scope="module")
def mlp():
    return run_cluster_labeling(model="mlp", hidden=200, steps=300, attacks=ATTACKS, **SMALL)


@pytest.mark.parametrize("name", ["logistic", "mlp"])
def test_trained_models_fit_and_leak_their_singletons(name, request):
    result = request.getfixturevalue(name)
    assert result.train_accuracy.value == 1.0
    for attack in ATTACKS:
        assert result.final.recovery[attack].value >= 0.9, attack
    assert isinstance(result.recovery_accuracy, Estimate)
    assert result.recovery_accuracy.n == result.sizes["n_singletons"]


@pytest.mark.parametrize("model", ["logistic", "mlp"])
def test_untrained_model_recovery_is_near_one_half(model):
    result = run_cluster_labeling(model=model, steps=0, hidden=50, attacks=("sign",), **SMALL)
    bits = result.sizes["n_singletons"] * 100
    # the untrained score is the same for every x: the guesses are fixed, the bits fair coins
    assert abs(result.recovery_accuracy.value - 0.5) <= 5 * 0.5 / math.sqrt(bits)


def test_checkpoints_cover_training_and_last_one_attacks_every_singleton(logistic):
    steps = [c.step for c in logistic.checkpoints]
    assert steps[0] == 0 and steps[-1] == 50 and steps == sorted(steps)
    assert set(logistic.final.recovery) == set(ATTACKS)
    assert set(logistic.final.accuracy) == {"train", "test", "represented", "singleton"}


def test_next_symbol_attack_recovers_noise_bits():
    result = run_next_symbol(10, 300, steps=20, n_test=100, per_cluster=1, checkpoints=0)
    assert result.final.recovery_irrelevant["prefix-reference"].value >= 0.9
    untrained = run_next_symbol(10, 300, steps=0, n_test=100, per_cluster=1, checkpoints=0)
    # the zero model prefers symbol 1 at every position: noise bits found ~ half
    assert untrained.final.recovery_irrelevant["prefix-reference"].value < 0.75


def test_cli_json_and_plot(tmp_path, capsys):
    figure = tmp_path / "f.png"
    code = main(["experiment", "cluster-labeling", "-p", "n=30", "-p", "d=60", "-p",
                 "checkpoints=1", "-p", "n_test=100", "--attacks", "sign", "--json",
                 "--no-progress", "--plot", str(figure)])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("recovery_accuracy", "singleton_accuracy", "test_accuracy", "seconds"):
        assert isinstance(data[key], float)
    assert data["sizes"]["n_singletons"] >= 1
    assert figure.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    "argv",
    [["-p", "q=1"], ["-p", "n=1/2"], ["--attacks", "guess"], ["-p", "rho=3"]],
)
def test_cli_refuses_bad_input(argv, capsys):
    assert main(["experiment", "cluster-labeling", "--no-progress", *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("commlb experiment:") and len(err.strip().splitlines()) == 1

"""The next-symbol follow-up setting: truncated strings, masked training, fresh-prefix attack."""

import json

import numpy as np
import pytest

from commlb.cli import main
from commlb.errors import InvalidParameterError
from commlb.learning.experiments.next_symbol import (
    CausalLogistic,
    fresh_prefix_attack,
    sample_next_symbol,
)
from commlb.learning.experiments.next_symbol_experiment import run_next_symbol
from commlb.learning.experiments.procedures import NEXT_SYMBOL_PROCEDURES, next_symbol_procedure
from commlb.learning.experiments.results import Checkpoint
from commlb.problems.training import DEFAULT_POSITIONS, DEFAULT_TRAINING


def test_the_follow_up_preset_is_the_restated_task():
    p = next_symbol_procedure("follow-up")
    assert (p.d, p.n, p.N, p.delta) == (500, 100, None, 0.05)  # N = n
    assert (p.truncation, p.train_positions, p.positions) == ("uniform", "nonempty", "nonempty")
    assert (p.attack, p.attack_samples) == ("fresh-prefixes", 100)
    paper = NEXT_SYMBOL_PROCEDURES["paper"]
    # the paper's preset is the one task definition of every layer
    assert paper.positions == DEFAULT_POSITIONS and DEFAULT_TRAINING == "whole"
    assert paper.truncation == "none" and paper.train_positions == "all"


def test_truncated_lengths_are_uniform_on_two_to_d():
    d = 9
    data = sample_next_symbol(20000, d, N=5, truncation="uniform", rng=np.random.default_rng(1))
    counts = np.bincount(data.lengths, minlength=d + 1)
    assert counts[:2].sum() == 0 and counts[2:].min() > 0
    # each of the d - 1 lengths has probability 1/8: 4 standard deviations of a binomial
    expected = 20000 / (d - 1)
    assert np.abs(counts[2:] - expected).max() < 4 * np.sqrt(expected)
    trained = data.trained(1)
    assert (trained.sum(axis=1) == data.lengths - 1).all() and not trained[:, 0].any()
    whole = sample_next_symbol(5, d, rng=np.random.default_rng(1))
    assert (whole.lengths == d).all() and whole.trained(0).all()


def _loss(model, z, trained):
    logits = model.logits(z).astype(np.float64)
    p = 1 / (1 + np.exp(-logits))
    terms = -(z * np.log(p) + (1 - z) * np.log(1 - p))
    return float((terms * trained).sum() / z.shape[0])


def test_masked_gradient_is_the_gradient_of_the_loss_on_trained_positions():
    rng = np.random.default_rng(0)
    d = 5
    model = CausalLogistic(d)
    model.parameters = [rng.normal(size=(d, d)).astype(np.float32) * model.mask,
                        rng.normal(size=d).astype(np.float32)]
    z = rng.integers(0, 2, size=(3, d)).astype(np.float32)
    trained = np.array([[0, 1, 1, 0, 0], [0, 1, 1, 1, 1], [0, 1, 0, 0, 0]], np.float32)
    grad_w, grad_b = model.gradients(z, trained)
    h = 1e-3
    for (s, t) in [(0, 1), (1, 2), (0, 4), (2, 3)]:
        up, down = [CausalLogistic(d) for _ in range(2)]
        for copy, sign in ((up, 1), (down, -1)):
            w, b = (x.astype(np.float64) for x in model.parameters)
            w[s, t] += sign * h
            copy.parameters = [w, b]
        numeric = (_loss(up, z, trained) - _loss(down, z, trained)) / (2 * h)
        assert grad_w[s, t] == pytest.approx(numeric, abs=1e-3)
    # a position nobody trains on gets no gradient
    assert grad_b[0] == 0 and grad_w[:, 0].sum() == 0


def test_fresh_prefix_attack_reads_a_memorised_string_and_not_the_reference():
    rng = np.random.default_rng(0)
    d = 12
    reference = rng.integers(0, 2, size=(1, d)).astype(np.uint8)
    secret = reference.copy()
    secret[0, [3, 7]] ^= 1  # two noise bits
    memoriser = lambda z: np.tile(secret.astype(float), (len(z), 1))  # noqa: E731
    assert (fresh_prefix_attack(memoriser, reference, 0.1, 10, rng) == secret).all()
    # a model that predicts each bit from the (noisy) previous one never shows the noise
    copy_previous = lambda z: np.concatenate(  # noqa: E731
        [np.full((len(z), 1), 0.5), z[:, :-1].astype(float)], axis=1)
    guess = fresh_prefix_attack(copy_previous, reference, 0.1, 200, rng)
    assert (guess[0, 1:] == reference[0, :-1]).all()


def test_recovery_counts_only_the_kept_bits():
    entry = Checkpoint(0, {})
    correct = np.array([[1, 1, 0, 0], [1, 0, 1, 1]], bool)
    noise = np.array([[0, 1, 1, 0], [1, 0, 0, 0]], bool)
    kept = np.array([[1, 1, 0, 0], [1, 1, 1, 1]], bool)
    entry.record_recovery("a", correct, noise, "", "", over=kept)
    assert entry.per_target["a"] == [1.0, 0.75]
    assert entry.pooled["recovery:a"] == (5, 6)
    # noise bits outside the kept part do not count: row 0 has one kept noise bit, found
    assert entry.pooled["recovery_irrelevant:a"] == (2, 2)


@pytest.fixture(scope="module")
def follow_up():
    return run_next_symbol(20, 60, procedure="follow-up", attack_samples=30, n_test=200,
                           per_cluster=2, checkpoints=1, seeds=2)


def test_follow_up_run_trains_on_kept_positions_and_recovers_their_noise(follow_up):
    result = follow_up
    assert result.params["truncation"] == "uniform" and result.params["positions"] == "nonempty"
    assert result.procedure["name"] == "follow-up" and result.procedure["attack_samples"] == 30
    for run in result.runs:
        assert 0 < run.sizes["trained_bits"] <= run.sizes["n_singletons"] * 59
    untrained = run_next_symbol(20, 60, procedure="follow-up", attack_samples=30, n_test=200,
                                per_cluster=2, checkpoints=0, seeds=2, steps=0)
    trained_noise = result.final.recovery_irrelevant["fresh-prefixes"].value
    assert trained_noise > untrained.final.recovery_irrelevant["fresh-prefixes"].value
    assert result.train_accuracy.value > 0.9
    for e in (result.recovery_accuracy, result.singleton_accuracy, result.test_accuracy):
        lo, hi = e.ci
        assert 0 <= lo <= e.value <= hi <= 1


def test_cli_follow_up_names_its_settings(capsys):
    code = main(["experiment", "next-symbol", "--procedure", "follow-up", "-p", "n=10",
                 "-p", "d=30", "-p", "n_test=50", "--attack-samples", "5", "--steps", "10",
                 "--json", "--no-progress"])
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    assert data["procedure"]["steps"] == 10 and data["procedure"]["truncation"] == "uniform"
    assert data["params"]["d"] == 30 and data["primary_attack"] == "fresh-prefixes"


def test_bad_follow_up_settings_are_refused():
    with pytest.raises(InvalidParameterError, match="truncation"):
        next_symbol_procedure("follow-up", truncation="half")
    with pytest.raises(InvalidParameterError, match="unknown setting"):
        next_symbol_procedure("paper", samples=3)
    with pytest.raises(InvalidParameterError, match="no next-symbol procedure"):
        next_symbol_procedure("authors")

"""Attacks see a score function only; models train; gradients are right (PAPER.md sec. 6)."""

import ast
import inspect
import math

import numpy as np
import pytest

from commlb.errors import InvalidParameterError
from commlb.learning.experiments import (
    MLP,
    LogisticRegression,
    coordinate_ascent,
    recovery_fractions,
    score_function,
    sign_attack,
)
from commlb.learning.experiments import attacks as attacks_module
from commlb.learning.experiments.models import label_log_odds, log_softmax


def test_attack_module_imports_nothing_that_could_reach_a_model():
    tree = ast.parse(inspect.getsource(attacks_module))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported <= {"__future__", "collections.abc", "numpy", "commlb.errors"}


class _OnlyCallable:
    """A score oracle with nothing but __call__; records every query."""

    __slots__ = ("secret", "queries")

    def __init__(self, secret):
        self.secret = secret
        self.queries = 0

    def __call__(self, x, labels):
        self.queries += len(x)
        return np.asarray(x, dtype=float) @ self.secret


def test_sign_attack_recovers_a_linear_secret_with_two_d_queries():
    rng = np.random.default_rng(0)
    secret = rng.choice([-1.0, 1.0], size=40)
    oracle = _OnlyCallable(secret)
    guess = sign_attack(oracle, 7, 40)
    assert (guess[0] == secret).all()
    assert oracle.queries == 2 * 40


def test_coordinate_ascent_maximises_a_separable_score():
    rng = np.random.default_rng(1)
    secret = rng.choice([-1.0, 1.0], size=(3, 25))
    score = lambda x, labels: np.sum(np.asarray(x) * secret[labels], axis=1)  # noqa: E731
    guess = coordinate_ascent(score, [0, 1, 2], 25, start=-secret)
    assert (guess == secret).all()


def test_informed_attacks_keep_the_known_coordinates():
    known = np.zeros((1, 6), np.int8)
    known[0, :3] = [1, -1, 1]
    score = lambda x, labels: -np.asarray(x).sum(axis=1)  # noqa: E731  prefers -1 everywhere
    for attack in (sign_attack, coordinate_ascent):
        guess = attack(score, 0, 6, known=known)
        assert guess[0].tolist() == [1, -1, 1, -1, -1, -1]


def test_attacks_refuse_malformed_knowledge():
    score = lambda x, labels: np.zeros(len(x))  # noqa: E731
    with pytest.raises(InvalidParameterError):
        sign_attack(score, [0, 1], 4, known=np.zeros((1, 4)))
    with pytest.raises(InvalidParameterError):
        coordinate_ascent(score, 0, 4, known=np.full((1, 4), 2))


def test_recovery_fractions_count_agreements():
    guess = np.array([[1, 1, 1, 1], [1, -1, 1, -1]])
    truth = np.array([[1, 1, -1, -1], [1, -1, 1, -1]])
    assert recovery_fractions(guess, truth).tolist() == [0.5, 1.0]
    mask = np.array([[True, False, True, False], [False] * 4])
    out = recovery_fractions(guess, truth, mask)
    assert out[0] == 0.5 and math.isnan(out[1])


def test_label_log_odds_is_log_p_over_one_minus_p():
    rng = np.random.default_rng(2)
    logits = rng.standard_normal((5, 4))
    labels = np.array([0, 3, 1, 2, 0])
    p = np.exp(log_softmax(logits))[np.arange(5), labels]
    assert np.allclose(label_log_odds(logits, labels), np.log(p / (1 - p)))


@pytest.mark.parametrize("model_kind", ["logistic", "mlp"])
def test_gradients_match_finite_differences(model_kind):
    rng = np.random.default_rng(3)
    x = rng.choice([-1.0, 1.0], size=(6, 5))
    y = rng.integers(0, 3, size=6)
    if model_kind == "logistic":
        model = LogisticRegression(5, 3)
        model.parameters = [rng.standard_normal(p.shape).astype(np.float32)
                            for p in model.parameters]
    else:
        model = MLP(5, 3, hidden=4, rng=rng)
        model.parameters[2] = rng.standard_normal((4, 3)).astype(np.float32)

    def loss():
        logp = model.log_probabilities(x).astype(np.float64)
        return -logp[np.arange(6), y].mean()

    grads = model.gradients(x, y)
    for parameter, grad in zip(model.parameters, grads, strict=True):
        flat, gflat = parameter.reshape(-1), grad.reshape(-1)
        for i in range(0, flat.size, max(1, flat.size // 5)):
            old = flat[i]
            flat[i] = old + 1e-2
            up = loss()
            flat[i] = old - 1e-2
            down = loss()
            flat[i] = old
            assert (up - down) / 2e-2 == pytest.approx(float(gflat[i]), abs=2e-3)


def test_an_untrained_model_gives_chance_recovery():
    # an MLP with random output weights: its score depends on x, but not on any sample
    rng = np.random.default_rng(4)
    k, d = 20, 100
    truth = rng.choice([-1, 1], size=(k, d))
    model = MLP(d, 10, hidden=50, rng=rng)
    model.parameters[2] = rng.standard_normal((50, 10)).astype(np.float32)
    guess = sign_attack(score_function(model), rng.integers(0, 10, k), d)
    recovered = recovery_fractions(guess, truth).mean()
    # guesses are independent of the uniform truth: k*d fair coins, 5 sd
    assert abs(recovered - 0.5) <= 5 * 0.5 / math.sqrt(k * d)

"""Tasks as meta-distributions: laws, priors, samplers (chi-square against exact laws)."""

from __future__ import annotations

import itertools
from collections import Counter
from fractions import Fraction

import numpy as np
import pytest
from scipy.stats import chisquare

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.learning import Zipf, get_task, prior_weights, singleton_slots
from commlb.learning.training import TrainingSets

F = Fraction


def test_priors():
    assert prior_weights("uniform", 3) == (F(1, 3),) * 3
    assert prior_weights("zipf:1", 2) == (F(2, 3), F(1, 3))
    assert prior_weights(Zipf(0), 2) == (F(1, 2), F(1, 2))
    w = prior_weights("zipf:1.5", 3)
    assert abs(sum(w) - 1) < 1e-12 and w[0] / w[1] == pytest.approx(2**1.5)
    assert prior_weights([F(1, 4), F(3, 4)], 2) == (F(1, 4), F(3, 4))
    for bad in ("pareto", [F(1, 2)], [F(1, 2), F(1, 3)], [F(-1), F(2)], "zipf:x"):
        with pytest.raises(InvalidParameterError):
            prior_weights(bad, 2)


@pytest.mark.parametrize("task", [
    get_task("next-symbol", d=2, N=2, n=1, delta=F(1, 3)),
    get_task("next-symbol", d=2, N=1, n=1, delta=F(1, 3), training="whole", alphabet=3),
    get_task("next-symbol", d=3, N=1, n=1, delta=F(1, 2), positions=[F(1, 2), 0, F(1, 2)]),
    get_task("cluster-labeling", d=2, N=2, n=1, rho=F(1, 3)),
    get_task("cluster-labeling", d=2, N=2, n=1, rho=F(1, 3), labels=3, prior=[F(1, 3), F(2, 3)]),
])
def test_laws_are_probability_laws(task):
    assert sum(task.component_probs) == 1
    for j in range(task.N):
        for c in task.components:
            assert sum(task.example_law(j, c)) == 1
            assert sum(sum(row) for row in task.test_law(j, c)) == 1
    laws = task.laws()
    assert sum(laws.prob) == 1
    assert all(sum(row) == 1 for row in laws.example)
    law = task.law(0)
    assert sum(p for _, p in law.items()) == 1 and law.names == ("input", "label")


def test_next_symbol_noise_is_delta_over_alphabet():
    """Each symbol keeps the reference with probability 1 − δ + δ/a."""
    task = get_task("next-symbol", d=1, N=1, n=1, delta=F(1, 2), alphabet=3)
    assert task.test_law(0, (2,)) == [[F(1, 6), F(1, 6), F(2, 3)]]


def test_cluster_examples_are_rho_correlated():
    """Two examples of one cluster agree on a coordinate with probability (1 + ρ)/2."""
    rho = F(2, 5)
    task = get_task("cluster-labeling", d=2, N=1, n=2, rho=rho)
    agree = F(0)
    for c, q in zip(task.components, task.component_probs, strict=True):
        law = task.example_law(0, c)
        for (a, za), (b, zb) in itertools.product(enumerate(task.examples), repeat=2):
            if za[0][0] == zb[0][0]:
                agree += q * law[a] * law[b]
    assert agree == (1 + rho) / 2


def test_singleton_slots():
    assert singleton_slots([0, 0]) == ()
    assert singleton_slots([3, 1, 3, 2]) == (1, 3)


def test_multisets_have_multinomial_weights():
    space = TrainingSets(3, 3, symmetric=True)
    assert len(space) == 10 and sum(space.multiplicity) == 27
    seqs = np.array(list(itertools.product(range(3), repeat=3)))
    counts = np.bincount(space.index_of(seqs), minlength=len(space))
    assert counts.tolist() == [int(m) for m in space.multiplicity]


def _chi_square(observed: Counter, expected: dict, samples: int) -> float:
    """p-value; categories with expected count < 5 are pooled into one."""
    obs, exp, pool_o, pool_e = [], [], 0, 0.0
    for key, p in expected.items():
        if p * samples < 5:
            pool_o += observed.get(key, 0)
            pool_e += p * samples
        else:
            obs.append(observed.get(key, 0))
            exp.append(p * samples)
    if pool_e:
        obs.append(pool_o)
        exp.append(pool_e)
    assert sum(observed.values()) == samples and set(observed) <= set(expected)
    return chisquare(obs, np.array(exp) * sum(obs) / sum(exp)).pvalue


@pytest.mark.parametrize("task", [
    get_task("next-symbol", d=2, N=2, n=2, delta=F(1, 3)),
    get_task("cluster-labeling", d=2, N=2, n=2, rho=F(1, 2)),
    get_task("cluster-labeling", d=2, N=2, n=2, rho=F(1, 2), labels=2, prior="zipf:1"),
])
def test_samplers_match_exact_laws(task):
    """Training pairs and test points sampled through P match Σ_P q(P) P(z1) P(z2) and Σ q P."""
    rng = np.random.default_rng(12345)
    samples = 2500
    pairs, tests = Counter(), Counter()
    for _ in range(samples):
        P = task.sample_distribution(rng)
        X, J = task.sample_training_set(rng, P)
        assert len(X) == task.n and len(J) == task.n
        pairs[tuple(X)] += 1
        tests[task.sample_test_points(rng, P, 1)[0]] += 1
    laws = task.laws()
    examples = task.examples
    pair_law = {}
    for a, b in itertools.product(range(len(examples)), repeat=2):
        p = sum(q * ex[a] * ex[b] for q, ex in zip(laws.prob, laws.example, strict=True))
        if p:
            pair_law[(examples[a], examples[b])] = float(p)
    test_law = {}
    for i, u in enumerate(task.inputs):
        for k, y in enumerate(task.labels):
            p = sum(q * te[i][k] for q, te in zip(laws.prob, laws.test, strict=True))
            if p:
                test_law[(u, y)] = float(p)
    assert _chi_square(pairs, pair_law, samples) > 1e-3
    assert _chi_square(tests, test_law, samples) > 1e-3


def test_singletons_are_sampled_at_the_right_rate():
    """N = n = 2, uniform: both slots are singletons with probability 1/2, else none."""
    task = get_task("next-symbol", d=1, N=2, n=2, delta=0)
    rng = np.random.default_rng(7)
    sizes = Counter(len(singleton_slots(task.sample_training_set(rng, (0, 1))[1]))
                    for _ in range(4000))
    assert set(sizes) == {0, 2}
    assert chisquare([sizes[0], sizes[2]]).pvalue > 1e-3


def test_bad_parameters_are_refused():
    for name, params in [
        ("next-symbol", dict(d=2, N=1, n=1, delta=F(3, 2))),
        ("next-symbol", dict(d=0, N=1, n=1, delta=0)),
        ("next-symbol", dict(d=2, N=1, n=1, delta=0, alphabet=1)),
        ("next-symbol", dict(d=2, N=1, n=1, delta=0, positions=[1])),
        ("next-symbol", dict(d=2, N=1, n=1)),
        ("cluster-labeling", dict(d=2, N=1, n=1, rho=-1)),
        ("cluster-labeling", dict(d=2, N=1, n=1, rho=0, labels="colour")),
        ("sorting", dict(n=2)),
    ]:
        with pytest.raises(InvalidParameterError):
            get_task(name, **params)


def test_large_instances_are_refused_with_a_size():
    task = get_task("next-symbol", d=12, N=2, n=2, delta=F(1, 4))
    with pytest.raises(InstanceTooLargeError, match="4096"):
        task.laws()
    # ... but sampling works at the paper's scale
    big = get_task("cluster-labeling", d=1000, N=500, n=500, rho=0.174)
    rng = np.random.default_rng(0)
    X, J = big.sample_training_set(rng, big.sample_distribution(rng))
    assert len(X) == 500 and len(X[0][0]) == 1000


def test_get_task_names_missing_and_unknown_parameters_in_one_line():
    import pytest

    from commlb.errors import InvalidParameterError
    from commlb.learning import get_task

    with pytest.raises(InvalidParameterError, match=r"missing parameter\(s\) N, n, delta; it takes d, N"):
        get_task("next-symbol", d=3)
    with pytest.raises(InvalidParameterError, match=r"unknown parameter\(s\) zeta"):
        get_task("cluster-labeling", d=1, N=1, n=1, rho=0, zeta=2)

"""Laws of the scaled experiment data against closed forms (PAPER.md sec. 3)."""

import math

import numpy as np
import pytest

from commlb.errors import InvalidParameterError
from commlb.learning.experiments import cluster_weights, paper_rho, sample_cluster_labeling
from commlb.learning.experiments.next_symbol import sample_next_symbol


def _tolerance(p: float, m: int, sigmas: float = 5.0) -> float:
    return sigmas * math.sqrt(p * (1 - p) / m)


def test_paper_rho_matches_the_formula_at_the_paper_setting():
    # sqrt((2 ln(50000 * 0.368 * 500) - ln ln 500) / 1000), evaluated by hand: 0.17390
    assert paper_rho(500, 1000) == pytest.approx(0.17390, abs=1e-5)
    assert paper_rho(500, 4000) == pytest.approx(paper_rho(500, 1000) / 2, rel=1e-12)


def test_two_examples_of_one_cluster_agree_with_probability_one_plus_rho_over_two():
    rng = np.random.default_rng(1)
    rho = 0.3
    data = sample_cluster_labeling(2000, 200, rho=rho, rng=rng)
    clusters = np.arange(data.N)
    a, b = data.examples(clusters, rng), data.examples(clusters, rng)
    agree = float((a == b).mean())
    p = rho + (1 - rho) / 2
    assert abs(agree - p) <= _tolerance(p, a.size)
    # examples of different clusters are independent uniform strings
    other = data.examples(np.roll(clusters, 1), rng)
    assert abs(float((a == other).mean()) - 0.5) <= _tolerance(0.5, a.size)


def test_clusters_fix_a_rho_fraction_and_examples_copy_the_fixed_signs():
    rng = np.random.default_rng(2)
    data = sample_cluster_labeling(1000, 300, rho=0.2, rng=rng)
    assert abs(float(data.fixed.mean()) - 0.2) <= _tolerance(0.2, data.fixed.size)
    mask = data.fixed[data.train_cluster]
    assert (data.train_x[mask] == data.signs[data.train_cluster][mask]).all()
    assert set(np.unique(data.train_x).tolist()) == {-1, 1}


def test_singletons_are_about_n_times_one_minus_one_over_n_to_the_n_minus_one():
    n, draws = 200, 40
    counts = [sample_cluster_labeling(n, 5, rho=0.5, rng=np.random.default_rng(s))
              .singleton_index.size for s in range(draws)]
    expected = n * (1 - 1 / n) ** (n - 1)  # E #examples alone in their cluster, ~ n/e
    # the count has variance below n, so the mean of `draws` counts is within 5 sd
    assert abs(np.mean(counts) - expected) <= 5 * math.sqrt(n / draws)


def test_singleton_index_lists_exactly_the_clusters_seen_once():
    data = sample_cluster_labeling(60, 10, rho=0.5, rng=np.random.default_rng(3))
    counts = np.bincount(data.train_cluster, minlength=data.N)
    expected = [i for i, c in enumerate(data.train_cluster) if counts[c] == 1]
    assert data.singleton_index.tolist() == expected


def test_random_labels_variant_draws_labels_from_the_label_set():
    data = sample_cluster_labeling(100, 10, rho=0.5, labels=3, rng=np.random.default_rng(4))
    assert data.n_labels == 3 and set(data.train_y.tolist()) <= {0, 1, 2}
    assert (data.train_y == data.cluster_label[data.train_cluster]).all()


def test_weights_uniform_and_zipf():
    assert np.allclose(cluster_weights(5), 0.2)
    w = cluster_weights(10, "zipf", 2.0)
    assert w.sum() == pytest.approx(1.0)
    assert w[0] / w[3] == pytest.approx(16.0)


def test_next_symbol_noise_flips_each_bit_with_probability_delta_over_two():
    data = sample_next_symbol(400, 300, delta=0.5, rng=np.random.default_rng(5))
    rate = float(data.train_noise.mean())
    assert abs(rate - 0.25) <= _tolerance(0.25, data.train_noise.size)
    assert ((data.references[data.train_cluster] ^ data.train_z) == data.train_noise).all()


@pytest.mark.parametrize(
    "kwargs",
    [dict(rho=1.5), dict(rho=-0.1), dict(labels=1), dict(prior="pareto"), dict(N=0)],
)
def test_bad_parameters_are_refused(kwargs):
    with pytest.raises(InvalidParameterError):
        sample_cluster_labeling(10, 10, rng=np.random.default_rng(0), **kwargs)


def test_bad_rho_formula_inputs_are_refused():
    with pytest.raises(InvalidParameterError):
        paper_rho(2, 100)
    with pytest.raises(InvalidParameterError):
        paper_rho(500, 10)  # rho^2 > 1: pass rho explicitly

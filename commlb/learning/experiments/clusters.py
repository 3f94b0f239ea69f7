"""Hypercube cluster-labeling data at the scale of the paper's experiment.

A draw of the task: N clusters (subpopulations) with weights ``w``; cluster j
fixes each coordinate independently with probability ``rho`` to a uniform
sign; an example of cluster j copies the fixed coordinates and fills every
other coordinate with a uniform sign.  The label is the cluster index (or, in
the random-label variant, a label drawn once per cluster from ``{0..L-1}``).
Two examples of one cluster agree on a coordinate with probability
``rho + (1 - rho)/2 = (1 + rho)/2``; examples of different clusters are
independent uniform strings.

References
----------
Brown, Bun, Feldman, Smith, Talwar, *When is memorization of irrelevant
training data necessary for high-accuracy learning?*, STOC 2021, sec. 3
(hypercube cluster labeling) and sec. 6 (experiments).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.problems.training import DEFAULT_LABELS, cluster_labels

__all__ = ["ClusterLabelingData", "paper_rho", "cluster_weights", "sample_cluster_labeling"]


def paper_rho(n: int, d: int, a: float = 50000.0) -> float:
    """The correlation the paper's experiment uses, ``sqrt((2 ln(a·0.368·n) - ln ln n)/d)``.

    Parameters
    ----------
    n : int
        Sample size (at least 3, so that ``ln ln n > 0``).
    d : int
        Dimension of the hypercube.
    a : float
        The constant inside the logarithm (50000 in the authors' code).

    Returns
    -------
    float
        ``rho`` in (0, 1].

    Raises
    ------
    InvalidParameterError
        If ``n < 3``, ``d < 1``, ``a <= 0`` or the formula leaves (0, 1].

    Examples
    --------
    >>> round(paper_rho(500, 1000), 3)
    0.174

    References
    ----------
    Brown et al., STOC 2021 (the authors' experiment, n = N = 500, d = 1000).
    """
    if n < 3 or d < 1 or not a > 0:
        raise InvalidParameterError(
            f"paper_rho needs n >= 3, d >= 1 and a > 0 (got n={n}, d={d}, a={a})"
        )
    value = (2.0 * math.log(a * 0.368 * n) - math.log(math.log(n))) / d
    if not 0.0 < value <= 1.0:
        raise InvalidParameterError(
            f"the paper's formula gives rho^2 = {value:.4g} outside (0, 1] for n={n}, d={d}; "
            "pass rho explicitly or take a larger d"
        )
    return math.sqrt(value)


def cluster_weights(N: int, prior: str = "uniform", zipf_exponent: float = 1.0) -> np.ndarray:
    """Mixture weights ``w_1..w_N`` of the subpopulations.

    Parameters
    ----------
    N : int
        Number of subpopulations.
    prior : {"uniform", "zipf"}
        ``uniform``: ``w_j = 1/N``; ``zipf``: ``w_j ∝ j^(-s)``.
    zipf_exponent : float
        The exponent ``s > 0`` of the Zipf prior.

    Returns
    -------
    numpy.ndarray
        float64 weights summing to one.

    Raises
    ------
    InvalidParameterError
        If ``N < 1``, the prior is unknown, or ``s <= 0``.

    Examples
    --------
    >>> cluster_weights(4).tolist()
    [0.25, 0.25, 0.25, 0.25]
    >>> w = cluster_weights(3, "zipf"); round(float(w[0] / w[2]), 6)
    3.0

    References
    ----------
    Brown et al., STOC 2021 (uniform weights, N = n; long-tailed priors after Feldman).
    """
    if N < 1:
        raise InvalidParameterError(f"the number of clusters N must be >= 1 (got {N})")
    if prior == "uniform":
        return np.full(N, 1.0 / N)
    if prior == "zipf":
        if not zipf_exponent > 0:
            raise InvalidParameterError(f"the Zipf exponent must be > 0 (got {zipf_exponent})")
        raw = np.arange(1, N + 1, dtype=np.float64) ** (-float(zipf_exponent))
        return raw / raw.sum()
    raise InvalidParameterError(f"unknown cluster prior {prior!r}; use 'uniform' or 'zipf'")


@dataclass(frozen=True)
class ClusterLabelingData:
    """One draw ``P ~ q`` of the cluster-labeling task and a training sample ``X ~ P^n``.

    Attributes
    ----------
    rho : float
        Probability that a cluster fixes a coordinate.
    weights : numpy.ndarray
        ``(N,)`` mixture weights.
    fixed : numpy.ndarray
        ``(N, d)`` bool, which coordinates each cluster fixes.
    signs : numpy.ndarray
        ``(N, d)`` int8 in {-1, +1}, the value of each fixed coordinate (ignored elsewhere).
    cluster_label : numpy.ndarray
        ``(N,)`` label of each cluster (its index unless random labels were asked for).
    n_labels : int
        Size of the label set.
    train_x : numpy.ndarray
        ``(n, d)`` int8 in {-1, +1}, the training examples.
    train_cluster : numpy.ndarray
        ``(n,)`` the cluster of each training example.
    """

    rho: float
    weights: np.ndarray
    fixed: np.ndarray
    signs: np.ndarray
    cluster_label: np.ndarray
    n_labels: int
    train_x: np.ndarray
    train_cluster: np.ndarray

    @property
    def n(self) -> int:
        """Sample size."""
        return int(self.train_x.shape[0])

    @property
    def d(self) -> int:
        """Dimension."""
        return int(self.train_x.shape[1])

    @property
    def N(self) -> int:
        """Number of clusters."""
        return int(self.weights.shape[0])

    @property
    def train_y(self) -> np.ndarray:
        """``(n,)`` labels of the training examples."""
        return self.cluster_label[self.train_cluster]

    @property
    def cluster_count(self) -> np.ndarray:
        """``(N,)`` how many training examples each cluster has."""
        return np.bincount(self.train_cluster, minlength=self.N)

    @property
    def singleton_index(self) -> np.ndarray:
        """Indices of the training examples whose cluster occurs exactly once."""
        return np.flatnonzero(self.cluster_count[self.train_cluster] == 1)

    def examples(self, clusters: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Fresh examples, one from each cluster listed in ``clusters`` (int8 ``(m, d)``)."""
        clusters = np.asarray(clusters, dtype=np.int64)
        noise = rng.integers(0, 2, size=(clusters.size, self.d), dtype=np.int8) * 2 - 1
        return np.where(self.fixed[clusters], self.signs[clusters], noise).astype(np.int8)

    def centers(self, clusters: np.ndarray) -> np.ndarray:
        """``(m, d)`` int8: the fixed signs of each listed cluster, 0 where it fixes nothing."""
        clusters = np.asarray(clusters, dtype=np.int64)
        return np.where(self.fixed[clusters], self.signs[clusters], 0).astype(np.int8)


def sample_cluster_labeling(
    n: int,
    d: int,
    *,
    N: int | None = None,
    rho: float | None = None,
    prior: str = "uniform",
    zipf_exponent: float = 1.0,
    labels: str | int = DEFAULT_LABELS,
    rng: np.random.Generator,
) -> ClusterLabelingData:
    """Draw ``P ~ q`` (clusters, weights, labels) and a training sample ``X ~ P^n``.

    Parameters
    ----------
    n, d : int
        Sample size and dimension.
    N : int, optional
        Number of clusters; ``n`` by default (the paper's setting N = n).
    rho : float, optional
        Fixing probability; :func:`paper_rho` of ``(n, d)`` by default.
    prior, zipf_exponent
        Mixture weights, see :func:`cluster_weights`.
    labels : "index" or int
        ``"index"``: the label of an example is its cluster index.  An integer
        ``L >= 2``: each cluster gets a uniform label from ``{0..L-1}`` (the
        random-label variant); :func:`commlb.problems.training.cluster_labels`.
    rng : numpy.random.Generator
        Source of randomness (the draw is a function of its state).

    Returns
    -------
    ClusterLabelingData

    Raises
    ------
    InvalidParameterError
        If a size is < 1, ``rho`` is outside [0, 1], or fewer than 2 labels.

    Examples
    --------
    >>> data = sample_cluster_labeling(50, 100, rng=np.random.default_rng(0))
    >>> data.train_x.shape, data.N, sorted(set(data.train_x.ravel().tolist()))
    ((50, 100), 50, [-1, 1])

    References
    ----------
    Brown et al., STOC 2021 (hypercube cluster labeling) and sec. 6.
    """
    if n < 1 or d < 1:
        raise InvalidParameterError(f"n and d must be >= 1 (got n={n}, d={d})")
    N = n if N is None else int(N)
    if rho is None:
        rho = paper_rho(max(n, 3), d)
    rho = float(rho)
    if not 0.0 <= rho <= 1.0:
        raise InvalidParameterError(f"rho must lie in [0, 1] (got {rho})")
    labels = cluster_labels(labels)
    if labels != "index" and labels < 2:
        raise InvalidParameterError(f"the label set needs at least 2 labels (got {labels})")
    weights = cluster_weights(N, prior, zipf_exponent)
    fixed = rng.random((N, d)) < rho
    signs = (rng.integers(0, 2, size=(N, d), dtype=np.int8) * 2 - 1).astype(np.int8)
    if labels == "index":
        cluster_label, n_labels = np.arange(N), N
    else:
        cluster_label, n_labels = rng.integers(0, labels, size=N), labels
    train_cluster = rng.choice(N, size=n, p=weights)
    data = ClusterLabelingData(
        rho=rho, weights=weights, fixed=fixed, signs=signs, cluster_label=cluster_label,
        n_labels=int(n_labels), train_x=np.empty((0, d), np.int8), train_cluster=train_cluster,
    )
    train_x = data.examples(train_cluster, rng)
    return ClusterLabelingData(
        rho=rho, weights=weights, fixed=fixed, signs=signs, cluster_label=cluster_label,
        n_labels=int(n_labels), train_x=train_x, train_cluster=train_cluster,
    )

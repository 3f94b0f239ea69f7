"""Hypercube cluster labeling (Brown et al., STOC 2021) as a mixture task.

Cluster j fixes each coordinate independently with probability ``ρ`` to a
uniform value; an example copies the fixed coordinates and fills the free ones
uniformly (so two examples of one cluster are ``ρ``-correlated uniform
strings).  The label is the cluster index (``labels="index"``) or, in the
variant, a label drawn uniformly from ``{0..L-1}`` with the cluster
(``labels=L``).  Inputs are bit strings in ``{0,1}^d`` (bit b stands for the
sign ``(-1)^b``).  A component is a pattern in ``{free, 0, 1}^d`` (coded
``0 = free, 1 = fixed to 0, 2 = fixed to 1``), plus the label in the variant.
[known from the authors' code]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from commlb.learning.priors import prior_weights
from commlb.learning.tasks import Task, as_count, as_probability
from commlb.problems.training import DEFAULT_LABELS, cluster_labels

__all__ = ["ClusterLabeling"]


class ClusterLabeling(Task):
    """The cluster-labeling task ``cluster-labeling(d, N, n, ρ)``.

    Parameters
    ----------
    d : int
        Dimension of the hypercube.
    N : int
        Number of clusters (subpopulations).
    n : int
        Training-set size.
    rho : Fraction or float
        Probability that a cluster fixes a coordinate, ``ρ ∈ [0, 1]``.
    labels : "index" or int
        Labels are the cluster index (default) or uniform from ``{0..L-1}``.
    prior : str, Zipf or weights
        Cluster weights (see :func:`commlb.learning.priors.prior_weights`).

    Examples
    --------
    >>> from fractions import Fraction
    >>> task = ClusterLabeling(d=1, N=2, n=1, rho=Fraction(1, 2))
    >>> task.component_probs
    (Fraction(1, 2), Fraction(1, 4), Fraction(1, 4))
    >>> [[int(p) for p in row] for row in task.test_law(1, (2,))]
    [[0, 0], [0, 1]]

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 3 (cluster labeling).
    """

    name = "cluster-labeling"

    def __init__(self, d: int, N: int, n: int, rho, labels: str | int = DEFAULT_LABELS,
                 prior: object = "uniform") -> None:
        self.d = as_count(d, "d")
        self.N = as_count(N, "N")
        self.n = as_count(n, "n")
        self.rho = as_probability(rho, "rho")
        labels = cluster_labels(labels)
        if labels == "index":
            self.label_count = self.N
            self._label_depends_on_index = True
        else:
            self.label_count = labels
        self.label_mode = labels
        self.weights = prior_weights(prior, self.N)
        self.exact = all(isinstance(x, Fraction) for x in (self.rho, *self.weights))
        if not self.exact:
            self.rho = float(self.rho)
            self.weights = tuple(float(w) for w in self.weights)
        self.params = dict(d=self.d, N=self.N, n=self.n, rho=self.rho, labels=labels,
                           prior=prior)

    # -- finite structure ----------------------------------------------------------
    @property
    def components(self) -> tuple:
        patterns = list(itertools.product(range(3), repeat=self.d))
        if self._label_depends_on_index:
            return tuple(patterns)
        return tuple((p, lab) for p in patterns for lab in range(self.label_count))

    def _pattern_prob(self, pattern: Sequence[int]):
        one = Fraction(1) if self.exact else 1.0
        p = one
        for s in pattern:
            p = p * ((one - self.rho) if s == 0 else self.rho / 2)
        return p

    @property
    def component_probs(self) -> tuple:
        if self._label_depends_on_index:
            return tuple(self._pattern_prob(p) for p in self.components)
        return tuple(self._pattern_prob(p) / self.label_count for p, _ in self.components)

    @property
    def inputs(self) -> tuple:
        return tuple(itertools.product((0, 1), repeat=self.d))

    @property
    def labels(self) -> tuple:
        return tuple(range(self.label_count))

    @property
    def examples(self) -> tuple:
        return tuple((u, y) for u in self.inputs for y in self.labels)

    def _split(self, j: int, component) -> tuple[tuple[int, ...], int]:
        return (component, j) if self._label_depends_on_index else component

    def test_law(self, j: int, component) -> list[list]:
        pattern, label = self._split(j, component)
        free = sum(1 for s in pattern if s == 0)
        mass = Fraction(1, 2**free) if self.exact else 0.5**free
        zero = Fraction(0) if self.exact else 0.0
        rows = []
        for u in self.inputs:
            inside = all(s == 0 or u[k] == s - 1 for k, s in enumerate(pattern))
            rows.append([mass if inside and y == label else zero for y in self.labels])
        return rows

    def example_law(self, j: int, component) -> list:
        return [p for row in self.test_law(j, component) for p in row]

    def example_encoding(self, z) -> tuple[object, tuple[int, ...], tuple[int, ...]]:
        """Symbols ``(y, x_0, .., x_{d-1})``: the label first, then the coordinates."""
        u, y = z
        return None, (y, *u), (self.label_count,) + (2,) * self.d

    # -- sampling ------------------------------------------------------------------
    def sample_component(self, rng: np.random.Generator):
        fixed = rng.random(self.d) < float(self.rho)
        value = rng.integers(2, size=self.d)
        pattern = tuple(int(s) for s in np.where(fixed, value + 1, 0))
        if self._label_depends_on_index:
            return pattern
        return pattern, int(rng.integers(self.label_count))

    def sample_test(self, rng: np.random.Generator, j: int, component):
        pattern, label = self._split(j, component)
        p = np.asarray(pattern)
        x = np.where(p == 0, rng.integers(2, size=self.d), p - 1)
        return tuple(int(b) for b in x), int(label)

    def sample_example(self, rng: np.random.Generator, j: int, component):
        return self.sample_test(rng, j, component)

    def nearest_neighbour(self, training: Sequence, u: tuple) -> int:
        """The label of the training input closest to ``u`` in Hamming distance.

        Ties go to the smallest label; an empty training set predicts 0.
        """
        best = min(((sum(a != b for a, b in zip(x, u, strict=True)), y) for x, y in training),
                   default=(0, 0))
        return best[1]

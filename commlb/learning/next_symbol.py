"""Next-symbol prediction (Brown et al., STOC 2021) as a mixture task.

Subpopulation j has a reference string ``c_j ~ Unif([a]^d)`` (``a`` = alphabet
size).  An example is a noisy copy ``z``: each symbol independently keeps
``c_{j,t}`` or, with probability ``δ``, is re-drawn uniformly from the alphabet
(for ``a = 2`` each bit flips with probability ``δ/2``).  A position ``T`` is
drawn from the position law (default uniform on ``0..d-1``); the input is the
prefix ``z_<T`` and the label is ``z_T``.  Training strings are given whole
(the default) or cut, by the one definition of :mod:`commlb.problems.training`;
the position law and the alphabet are parameters.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from commlb.learning.priors import prior_weights
from commlb.learning.tasks import Task, as_count, as_probability
from commlb.problems.training import DEFAULT_POSITIONS, DEFAULT_TRAINING, position_law, training_mode

__all__ = ["NextSymbol"]


class NextSymbol(Task):
    """The next-symbol prediction task ``next-symbol(d, N, n, δ)``.

    Parameters
    ----------
    d : int
        String length.
    N : int
        Number of subpopulations.
    n : int
        Training-set size.
    delta : Fraction or float
        Re-randomisation probability of each symbol (``δ ∈ [0, 1]``).
    training : {"whole", "cut"}
        Training strings given whole (the default, as in the paper) or cut like
        test queries (:mod:`commlb.problems.training`, the one definition).
    positions : "all", "nonempty" or sequence of d numbers
        The law of the cut position ``T ∈ {0..d-1}`` (prefix length) of test
        queries and cut training strings (:func:`commlb.problems.training.position_law`).
    alphabet : int
        Alphabet size ``a >= 2``.
    prior : str, Zipf or weights
        Subpopulation weights (see :func:`commlb.learning.priors.prior_weights`).

    Examples
    --------
    >>> from fractions import Fraction
    >>> task = NextSymbol(d=2, N=1, n=1, delta=Fraction(1, 2))
    >>> task.inputs, task.examples
    (((), (0,), (1,)), ((0, 0), (0, 1), (1, 0), (1, 1)))
    >>> sum(task.example_law(0, (0, 0)))
    Fraction(1, 1)

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 3 (next-symbol prediction).
    """

    name = "next-symbol"

    def __init__(self, d: int, N: int, n: int, delta, training: str = DEFAULT_TRAINING,
                 positions: str | Sequence = DEFAULT_POSITIONS, alphabet: int = 2,
                 prior: object = "uniform") -> None:
        self.d = as_count(d, "d")
        self.N = as_count(N, "N")
        self.n = as_count(n, "n")
        self.delta = as_probability(delta, "delta")
        self.alphabet = as_count(alphabet, "alphabet", minimum=2)
        self.training = training_mode(training)
        self.cut_training = self.training == "cut"
        self.position = position_law(self.d, positions)
        self.weights = prior_weights(prior, self.N)
        numbers = [self.delta, *self.position, *self.weights]
        self.exact = all(isinstance(x, Fraction) for x in numbers)
        if not self.exact:
            self.delta = float(self.delta)
            self.position = tuple(float(p) for p in self.position)
            self.weights = tuple(float(w) for w in self.weights)
        a = self.alphabet
        self._keep = 1 - self.delta + self.delta / a   # Pr[z_t = c_t]
        self._move = self.delta / a                    # Pr[z_t = s] for each s != c_t
        self.params = dict(d=self.d, N=self.N, n=self.n, delta=self.delta,
                           training=self.training, positions=positions,
                           alphabet=a, prior=prior)

    # -- finite structure ----------------------------------------------------------
    @property
    def components(self) -> tuple:
        return tuple(itertools.product(range(self.alphabet), repeat=self.d))

    @property
    def component_probs(self) -> tuple:
        q = Fraction(1, self.alphabet**self.d)
        return tuple([q if self.exact else float(q)] * len(self.components))

    @property
    def inputs(self) -> tuple:
        return tuple(u for t in range(self.d)
                     for u in itertools.product(range(self.alphabet), repeat=t))

    @property
    def labels(self) -> tuple:
        return tuple(range(self.alphabet))

    @property
    def examples(self) -> tuple:
        if self.cut_training:
            return tuple((u, y) for u in self.inputs for y in self.labels)
        return tuple(itertools.product(range(self.alphabet), repeat=self.d))

    def _symbol(self, s: int, c: int):
        return self._keep if s == c else self._move

    def _string_prob(self, z: Sequence[int], c: Sequence[int]):
        p = Fraction(1) if self.exact else 1.0
        for s, ct in zip(z, c, strict=False):
            p = p * self._symbol(s, ct)
        return p

    def test_law(self, j: int, component) -> list[list]:
        return [[self.position[len(u)] * self._string_prob((*u, y), component)
                 for y in self.labels] for u in self.inputs]

    def example_law(self, j: int, component) -> list:
        if self.cut_training:
            return [p for row in self.test_law(j, component) for p in row]
        return [self._string_prob(z, component) for z in self.examples]

    def example_encoding(self, z) -> tuple[object, tuple[int, ...], tuple[int, ...]]:
        """Cut example ``(u, y)``: shape = position, symbols = ``(y, u_{t-1}, .., u_0)``.

        Whole example: symbols ``z_0..z_{d-1}``.  Symbols nearest the label come first.
        """
        if self.cut_training:
            u, y = z
            symbols = (y, *reversed(u))
            return len(u), symbols, (self.alphabet,) * len(symbols)
        return None, tuple(z), (self.alphabet,) * self.d

    # -- sampling ------------------------------------------------------------------
    def sample_component(self, rng: np.random.Generator):
        return tuple(int(s) for s in rng.integers(self.alphabet, size=self.d))

    def _noisy_copy(self, rng: np.random.Generator, component) -> np.ndarray:
        c = np.asarray(component)
        redraw = rng.random(self.d) < float(self.delta)
        fresh = rng.integers(self.alphabet, size=self.d)
        return np.where(redraw, fresh, c)

    def _position(self, rng: np.random.Generator) -> int:
        cdf = getattr(self, "_position_cdf", None)
        if cdf is None:
            cdf = np.cumsum([float(x) for x in self.position])
            self._position_cdf = cdf = cdf / cdf[-1]
        return min(int(np.searchsorted(cdf, rng.random(), side="right")), self.d - 1)

    def sample_test(self, rng: np.random.Generator, j: int, component):
        z = self._noisy_copy(rng, component)
        t = self._position(rng)
        return tuple(int(s) for s in z[:t]), int(z[t])

    def sample_example(self, rng: np.random.Generator, j: int, component):
        if self.cut_training:
            return self.sample_test(rng, j, component)
        return tuple(int(s) for s in self._noisy_copy(rng, component))

    def nearest_neighbour(self, training: Sequence, u: tuple) -> int:
        """Predict ``z_t`` at the test prefix ``u`` from the closest training string.

        Candidates: training examples that reveal position ``t = len(u)``;
        distance: Hamming distance of their first ``t`` symbols to ``u``; ties go
        to the smallest predicted symbol; no candidate predicts 0.
        """
        t = len(u)
        best: tuple[int, int] | None = None
        for z in training:
            known = (*z[0], z[1]) if self.cut_training else tuple(z)
            if len(known) <= t:
                continue
            key = (sum(a != b for a, b in zip(known[:t], u, strict=True)), known[t])
            best = key if best is None or key < best else best
        return 0 if best is None else best[1]


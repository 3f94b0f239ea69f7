"""Learning tasks as meta-distributions over data distributions ``P``.

Brown et al., STOC 2021: ``P`` is a mixture of N subpopulations with fixed
weights ``w`` (:mod:`commlb.learning.priors`) and components ``c_1..c_N`` drawn
i.i.d. from a component law ``q_c``; the meta-distribution is
``q(P) = Π_j q_c(c_j)``.  A :class:`Task` knows

* the component law (``components``, ``component_probs``),
* the law of one *training example* and of one *test pair* ``(input, label)``
  drawn from subpopulation ``j`` with component ``c`` (finite arrays),
* samplers for large parameters (seeded :class:`numpy.random.Generator`).

``P`` is identified with the component tuple and the weights (so quantities
that involve the latent subpopulation of an example, like the singleton set,
are well defined); :meth:`Task.laws` merges component tuples that give the same
mixture, which changes no quantity conditioned on ``P`` through ``X`` alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Integral

import numpy as np

from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.numbers import as_rational

__all__ = ["Task", "TaskLaws", "ENUMERATION_LIMIT", "as_number", "as_probability"]

ENUMERATION_LIMIT = 2_000_000  # |components|^N and similar sizes we agree to enumerate


def as_number(value: object, what: str) -> Fraction:
    """A parameter as an exact Fraction: the one number rule of :func:`commlb.numbers.as_rational`
    (a float is read as its shortest decimal, ``0.1 -> 1/10``)."""
    return as_rational(value, what)


def as_probability(value: object, what: str) -> Fraction | float:
    """A parameter in [0, 1], exact when rational."""
    x = as_number(value, what)
    if not 0 <= x <= 1:
        raise InvalidParameterError(f"{what} must lie in [0, 1], got {value}")
    return x


def as_count(value: object, what: str, minimum: int = 1) -> int:
    """A positive integer parameter."""
    if isinstance(value, bool) or not isinstance(value, Integral) or value < minimum:
        raise InvalidParameterError(f"{what} must be an integer >= {minimum}, got {value!r}")
    return int(value)


@dataclass
class TaskLaws:
    """The enumerated support of the meta-distribution, equal mixtures merged.

    Attributes
    ----------
    prob : numpy.ndarray
        ``q(P)`` for each distinct ``P`` (object Fractions or floats).
    example : numpy.ndarray
        ``P(z)`` for each training example ``z`` (rows: ``P``).
    test : numpy.ndarray
        ``P(u, y)``, shape ``(|P|, |inputs|, |labels|)``.
    representative : list of tuple
        One component tuple (component indices) for each ``P``.
    """

    prob: np.ndarray
    example: np.ndarray
    test: np.ndarray
    representative: list[tuple[int, ...]]

    def __len__(self) -> int:
        return len(self.prob)


class Task:
    """Base class: a mixture task given by its component law and example laws.

    Subclasses set ``name``, ``N``, ``n``, ``weights``, ``exact``, ``params``
    and implement the component law, the example laws and the samplers.
    """

    name: str = "task"
    N: int
    n: int
    weights: tuple
    exact: bool
    params: dict

    # -- to be provided by the concrete task -----------------------------------------
    @property
    def components(self) -> tuple:
        """The support of the component law ``q_c`` (hashable descriptors)."""
        raise NotImplementedError

    @property
    def component_probs(self) -> tuple:
        """``q_c(c)`` for each component (Fractions or floats)."""
        raise NotImplementedError

    @property
    def inputs(self) -> tuple:
        """The test inputs ``u``."""
        raise NotImplementedError

    @property
    def labels(self) -> tuple:
        """The labels ``y``."""
        raise NotImplementedError

    @property
    def examples(self) -> tuple:
        """The training-example alphabet ``Z``."""
        raise NotImplementedError

    def example_law(self, j: int, component) -> list:
        """``Pr[Z = z]`` for an example of subpopulation ``j`` with this component."""
        raise NotImplementedError

    def test_law(self, j: int, component) -> list[list]:
        """``Pr[(U, Y) = (u, y)]`` for a test pair of subpopulation ``j``."""
        raise NotImplementedError

    def example_encoding(self, z) -> tuple[object, tuple[int, ...], tuple[int, ...]]:
        """``(shape, symbols, alphabet sizes)`` of a training example.

        ``forgetful(b)`` keeps the shape and the first ``b`` symbols;
        ``noisy-memorizer(eta)`` perturbs every symbol (see :mod:`.learners`).
        """
        raise NotImplementedError

    def sample_component(self, rng: np.random.Generator):
        """One component drawn from ``q_c``."""
        raise NotImplementedError

    def sample_example(self, rng: np.random.Generator, j: int, component):
        """One training example of subpopulation ``j``."""
        raise NotImplementedError

    def sample_test(self, rng: np.random.Generator, j: int, component):
        """One test pair ``(input, label)`` of subpopulation ``j``."""
        raise NotImplementedError

    # -- generic machinery -------------------------------------------------------------
    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"get_task({self.name!r}, {args})"

    def _zero(self):
        return Fraction(0) if self.exact else 0.0

    def _array(self, values) -> np.ndarray:
        if self.exact:
            return np.array(values, dtype=object)
        return np.asarray(values, dtype=float)

    def check_enumerable(self, size: int, what: str, change: str) -> None:
        """Refuse enumerations beyond :data:`ENUMERATION_LIMIT`."""
        if size > ENUMERATION_LIMIT:
            raise InstanceTooLargeError(
                f"{what} has {size} elements (limit {ENUMERATION_LIMIT}); {change}"
            )

    def component_tuples(self) -> np.ndarray:
        """All component tuples ``(c_1..c_N)`` as an int array of shape ``(|C|^N, N)``."""
        C = len(self.components)
        self.check_enumerable(C**self.N, f"the set of data distributions ({C}^{self.N})",
                              "lower d or N, or use estimate_memorization")
        grids = np.indices((C,) * self.N).reshape(self.N, -1).T
        return grids.astype(np.int64)

    def component_arrays(self) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
        """``q_c`` and, for each subpopulation j, example and test law arrays per component."""
        qc = self._array(list(self.component_probs))
        ex, te = [], []
        for j in range(self.N):
            ex.append(self._array([self.example_law(j, c) for c in self.components]))
            te.append(self._array([self.test_law(j, c) for c in self.components]))
            if not self._label_depends_on_index:
                ex += [ex[0]] * (self.N - 1)
                te += [te[0]] * (self.N - 1)
                break
        return qc, ex, te

    _label_depends_on_index = False

    def raw_laws(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Per component tuple: ``q(P)``, per-subpopulation example laws, mixture laws.

        Returns ``(tuples, prob, sub_example, test)`` with ``sub_example`` of
        shape ``(|C|^N, N, |Z|)`` (unweighted law of an example of subpopulation
        j) and ``test`` the mixture test law ``(|C|^N, |U|, |Y|)``.
        """
        cached = getattr(self, "_raw_cache", None)
        if cached is not None:
            return cached
        tuples = self.component_tuples()
        qc, ex, te = self.component_arrays()
        prob = qc[tuples[:, 0]]
        for j in range(1, self.N):
            prob = prob * qc[tuples[:, j]]
        sub = np.stack([ex[j][tuples[:, j]] for j in range(self.N)], axis=1)
        test = sum(self.weights[j] * te[j][tuples[:, j]] for j in range(self.N))
        self._raw_cache = (tuples, prob, sub, test)
        return self._raw_cache

    def laws(self) -> TaskLaws:
        """The distinct data distributions ``P`` with ``q(P)`` (equal mixtures merged).

        Examples
        --------
        >>> from commlb.learning import get_task
        >>> laws = get_task("next-symbol", d=1, N=1, n=1, delta=0).laws()
        >>> len(laws), list(laws.prob)
        (2, [Fraction(1, 2), Fraction(1, 2)])
        """
        cached = getattr(self, "_laws_cache", None)
        if cached is not None:
            return cached
        tuples, prob, sub, test = self.raw_laws()
        example = sum(self.weights[j] * sub[:, j] for j in range(self.N))
        index: dict[tuple, int] = {}
        keep: list[int] = []
        merged_prob: list = []
        for r in range(len(prob)):
            if not prob[r]:
                continue  # q(P) = 0: not in the support of the meta-distribution
            key = (tuple(example[r]), tuple(test[r].ravel()))
            at = index.get(key)
            if at is None:
                index[key] = len(keep)
                keep.append(r)
                merged_prob.append(prob[r])
            else:
                merged_prob[at] = merged_prob[at] + prob[r]
        out = TaskLaws(
            prob=self._array(merged_prob), example=example[keep], test=test[keep],
            representative=[tuple(int(c) for c in tuples[r]) for r in keep],
        )
        self._laws_cache = out
        return out

    def law(self, P: int):
        """The data distribution number ``P`` of :meth:`laws` as a law on (input, label).

        Returns a :class:`commlb.info.Distribution` with variables ``input`` and ``label``.
        """
        from commlb.info import Distribution

        laws = self.laws()
        if not 0 <= P < len(laws):
            raise InvalidParameterError(f"P must be an index in [0, {len(laws)}), got {P}")
        outcomes = {
            (u, y): laws.test[P][a][b]
            for a, u in enumerate(self.inputs) for b, y in enumerate(self.labels)
        }
        return Distribution(outcomes, names=("input", "label"))

    # -- sampling ----------------------------------------------------------------------
    def sample_distribution(self, rng: np.random.Generator) -> tuple:
        """Draw ``P ~ q``: a tuple of N components."""
        return tuple(self.sample_component(rng) for _ in range(self.N))

    def sample_subpopulations(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draw ``size`` subpopulation indices from the weights ``w``."""
        cdf = getattr(self, "_weight_cdf", None)
        if cdf is None:
            cdf = np.cumsum([float(x) for x in self.weights])
            self._weight_cdf = cdf = cdf / cdf[-1]
        return np.minimum(np.searchsorted(cdf, rng.random(size), side="right"), self.N - 1)

    def sample_training_set(self, rng: np.random.Generator, P: tuple) -> tuple[list, np.ndarray]:
        """Draw ``X ~ P^n``; returns the examples and their latent subpopulations ``J``."""
        J = self.sample_subpopulations(rng, self.n)
        return [self.sample_example(rng, int(j), P[int(j)]) for j in J], J

    def sample_test_points(self, rng: np.random.Generator, P: tuple, size: int) -> list:
        """Draw ``size`` test pairs ``(input, label)`` from ``P``."""
        J = self.sample_subpopulations(rng, size)
        return [self.sample_test(rng, int(j), P[int(j)]) for j in J]


def product_of_tuples(symbols: int, length: int) -> list[tuple[int, ...]]:
    """All strings of ``length`` over ``range(symbols)`` in lexicographic order."""
    return list(itertools.product(range(symbols), repeat=length))


def check_weights_length(weights: Sequence, N: int) -> None:
    """The prior and N agree."""
    if len(weights) != N:
        raise InvalidParameterError(f"the prior gives {len(weights)} weights but N = {N}")

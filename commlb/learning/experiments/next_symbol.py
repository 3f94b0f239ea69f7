"""The next-symbol counterpart: a causal model and an attack on the noise bits.

Data (Brown et al., STOC 2021): subpopulation j has a reference string
``c_j ~ Unif{0,1}^d``; an example is a noisy copy ``z = c_j XOR e`` with each
noise bit ``e_t = 1`` with probability ``delta/2``; a test query cuts it at a
uniform position ``T``: input ``z_<T``, label ``z_T``.  Training examples are
given whole (so the learner sees every prefix of them), the variant in which
the best predictor for a singleton subpopulation must repeat its one string,
noise bits included.

Model: a causal logistic model, ``P(z_t = 1 | z_<t) = sigmoid(Σ_{s<t} W[s,t] u_s + b_t)``
with ``u = 2z - 1`` and ``W`` strictly upper triangular; one matrix product
scores every prefix of a string at once, so training uses all ``n·d``
(prefix, next symbol) pairs of the sample, full batch, Nesterov momentum.

Attacks (black box, informed): the attacker knows ``P``, hence the reference
``c_j`` of a singleton's subpopulation.  :func:`decode_attack` queries only
``score(prefixes, positions, symbols)`` (the model's log-odds of a symbol
after a prefix) and asks, for every position t, which symbol the model
prefers after the prefix ``c_j[<t]`` (or after the symbols it has decoded so
far).  :func:`fresh_prefix_attack` queries the model's probability of a 1
after every prefix of fresh noisy strings of the target's subpopulation and
averages it over them (a follow-up's attack).  A noise bit is recovered when
the guessed symbol differs from ``c_j[t]`` exactly where ``e_t = 1``.

A follow-up restates the task with truncated training strings: string ``i``
keeps its first ``L_i`` symbols, ``L_i`` uniform on ``{2, ..., d}``
(``truncation="uniform"`` in :func:`sample_next_symbol`), and the model is
trained on the prefix positions of the kept part only.

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 3 (next-symbol
prediction) and sec. 6; Brown et al., STOC 2021.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.learning.experiments.clusters import cluster_weights

__all__ = [
    "NextSymbolData",
    "sample_next_symbol",
    "CausalLogistic",
    "next_symbol_score",
    "decode_attack",
    "fresh_prefix_attack",
    "next_symbol_probabilities",
]

PrefixScore = Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class NextSymbolData:
    """One draw of the next-symbol task and a whole-string training sample.

    Attributes
    ----------
    delta : float
        Each bit is re-randomised with probability ``delta`` (flipped w.p. ``delta/2``).
    weights : numpy.ndarray
        ``(N,)`` mixture weights.
    references : numpy.ndarray
        ``(N, d)`` uint8 reference strings ``c_j``.
    train_z : numpy.ndarray
        ``(n, d)`` uint8 training strings.
    train_noise : numpy.ndarray
        ``(n, d)`` bool noise bits ``e`` of the training strings.
    train_cluster : numpy.ndarray
        ``(n,)`` the subpopulation of each training string.
    lengths : numpy.ndarray
        ``(n,)`` the kept length ``L_i`` of each training string (``d``: whole).
    """

    delta: float
    weights: np.ndarray
    references: np.ndarray
    train_z: np.ndarray
    train_noise: np.ndarray
    train_cluster: np.ndarray
    lengths: np.ndarray

    def trained(self, start: int = 0) -> np.ndarray:
        """``(n, d)`` bool: the positions ``start <= t < L_i`` a learner is trained on."""
        t = np.arange(self.train_z.shape[1])[None, :]
        return (t >= start) & (t < self.lengths[:, None])

    @property
    def cluster_count(self) -> np.ndarray:
        """``(N,)`` training strings per subpopulation."""
        return np.bincount(self.train_cluster, minlength=self.weights.size)

    @property
    def singleton_index(self) -> np.ndarray:
        """Training strings whose subpopulation occurs once."""
        return np.flatnonzero(self.cluster_count[self.train_cluster] == 1)

    def examples(self, clusters: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """Fresh whole strings, one per listed subpopulation (uint8 ``(m, d)``)."""
        clusters = np.asarray(clusters, dtype=np.int64)
        noise = rng.random((clusters.size, self.references.shape[1])) < self.delta / 2
        return (self.references[clusters] ^ noise).astype(np.uint8)


def sample_next_symbol(
    n: int, d: int, *, N: int | None = None, delta: float = 0.25, prior: str = "uniform",
    zipf_exponent: float = 1.0, truncation: str = "none", rng: np.random.Generator,
) -> NextSymbolData:
    """Draw ``P ~ q`` (references, weights) and ``n`` training strings from ``P``.

    Parameters
    ----------
    n, d : int
        Sample size and string length.
    N : int, optional
        Number of subpopulations (``n`` by default).
    delta : float
        Noise rate in [0, 1]: each bit flips with probability ``delta/2``.
    prior, zipf_exponent
        Mixture weights, see :func:`~commlb.learning.experiments.clusters.cluster_weights`.
    truncation : {"none", "uniform"}
        ``none``: whole strings; ``uniform``: string ``i`` is kept up to a length
        ``L_i`` uniform on ``{2, ..., d}`` (its later symbols are drawn but unused).
    rng : numpy.random.Generator

    Returns
    -------
    NextSymbolData

    Raises
    ------
    InvalidParameterError
        If a size is out of range, ``delta`` is outside [0, 1] or ``truncation`` unknown.

    Examples
    --------
    >>> data = sample_next_symbol(20, 30, rng=np.random.default_rng(0))
    >>> bool(((data.references[data.train_cluster] ^ data.train_z) == data.train_noise).all())
    True
    >>> cut = sample_next_symbol(20, 30, truncation="uniform", rng=np.random.default_rng(0))
    >>> bool(cut.lengths.min() >= 2 and cut.lengths.max() <= 30)
    True

    References
    ----------
    Brown et al., STOC 2021 (next-symbol prediction).
    """
    if n < 1 or d < 2:
        raise InvalidParameterError(f"next-symbol data needs n >= 1 and d >= 2 (got {n}, {d})")
    if not 0.0 <= delta <= 1.0:
        raise InvalidParameterError(f"delta must lie in [0, 1] (got {delta})")
    if truncation not in ("none", "uniform"):
        raise InvalidParameterError(f"truncation must be 'none' or 'uniform' (got {truncation!r})")
    N = n if N is None else int(N)
    weights = cluster_weights(N, prior, zipf_exponent)
    references = rng.integers(0, 2, size=(N, d), dtype=np.uint8)
    train_cluster = rng.choice(N, size=n, p=weights)
    noise = rng.random((n, d)) < delta / 2
    train_z = (references[train_cluster] ^ noise).astype(np.uint8)
    lengths = (np.full(n, d, np.int64) if truncation == "none"
               else rng.integers(2, d + 1, size=n, dtype=np.int64))
    return NextSymbolData(float(delta), weights, references, train_z, noise, train_cluster,
                          lengths)


class CausalLogistic:
    """``P(z_t = 1 | z_<t) = sigmoid(Σ_{s<t} W[s, t] (2 z_s - 1) + b_t)``, W strictly upper.

    Parameters
    ----------
    d : int
        String length.

    Examples
    --------
    >>> import numpy as np
    >>> model = CausalLogistic(3)
    >>> model.logits(np.array([[1, 0, 1]])).tolist()
    [[0.0, 0.0, 0.0]]

    References
    ----------
    Brown et al., STOC 2021 (our choice of a numpy model for next-symbol prediction).
    """

    def __init__(self, d: int) -> None:
        if d < 2:
            raise InvalidParameterError(f"a causal model needs d >= 2 (got {d})")
        self.mask = np.triu(np.ones((d, d), np.float32), k=1)
        self.parameters = [np.zeros((d, d), np.float32), np.zeros(d, np.float32)]

    def logits(self, z: np.ndarray) -> np.ndarray:
        """``(m, d)`` logits of ``z_t = 1`` after each prefix ``z_<t`` of each row."""
        u = 2.0 * np.asarray(z, dtype=np.float32) - 1.0
        weight, bias = self.parameters
        return u @ weight + bias

    def gradients(self, z: np.ndarray, trained: np.ndarray | None = None) -> list[np.ndarray]:
        """Gradient of the cross-entropy summed over positions, averaged over strings.

        ``trained`` (``(m, d)`` of 0/1, optional) keeps only the listed positions of
        each string in the loss (truncated strings); by default every position counts.
        """
        z = np.asarray(z, dtype=np.float32)
        u = 2.0 * z - 1.0
        residual = 0.5 * (1.0 + np.tanh(0.5 * self.logits(z))) - z  # sigmoid, no overflow
        if trained is not None and np.ndim(trained) == 2:
            residual *= np.asarray(trained, dtype=np.float32)
        residual /= residual.shape[0]
        return [(u.T @ residual) * self.mask, residual.sum(axis=0)]


def next_symbol_score(model: CausalLogistic) -> PrefixScore:
    """Black-box interface: ``score(prefixes, positions, symbols)``, the log-odds of a symbol.

    ``prefixes`` is ``(m, d)`` over {0, 1}; only the entries before each row's
    position are passed to the model (the rest are zeroed, i.e. read as the
    fixed value 0 — the model is causal and never looks at them).

    Examples
    --------
    >>> import numpy as np
    >>> score = next_symbol_score(CausalLogistic(4))
    >>> score(np.zeros((1, 4), np.uint8), np.array([2]), np.array([1])).tolist()
    [0.0]
    """

    def score(prefixes: np.ndarray, positions: np.ndarray, symbols: np.ndarray) -> np.ndarray:
        prefixes = np.asarray(prefixes)
        positions = np.asarray(positions, dtype=np.int64)
        keep = np.arange(prefixes.shape[1])[None, :] < positions[:, None]
        logit = model.logits(np.where(keep, prefixes, 0))[np.arange(positions.size), positions]
        return np.where(np.asarray(symbols) == 1, logit, -logit).astype(np.float64)

    return score


def decode_attack(
    score: PrefixScore, references: np.ndarray, context: str = "reference"
) -> np.ndarray:
    """Read the model's next symbol after prefixes of the reference, querying only ``score``.

    Parameters
    ----------
    score : callable
        ``score(prefixes, positions, symbols) -> (m,)``.
    references : numpy.ndarray
        ``(k, d)`` the reference string of each target's subpopulation (the
        informed attacker knows ``P``).

    Returns
    -------
    numpy.ndarray
        ``(k, d)`` uint8 guesses of the training strings; the guessed noise is
        ``guess XOR references``.

    Examples
    --------
    >>> import numpy as np
    >>> secret = np.array([[1, 0, 0, 1]])
    >>> score = lambda p, t, s: np.where(s == secret[0, t], 1.0, -1.0)
    >>> decode_attack(score, np.zeros((1, 4), np.uint8)).tolist()
    [[1, 0, 0, 1]]

    References
    ----------
    Brown et al., STOC 2021.
    """
    if context not in ("reference", "decoded"):
        raise InvalidParameterError(f"context must be 'reference' or 'decoded' (got {context!r})")
    guess = np.array(references, dtype=np.uint8, copy=True)
    k, d = guess.shape
    if context == "reference":
        prefixes = np.repeat(guess, d, axis=0)
        positions = np.tile(np.arange(d), k)
        one = score(prefixes, positions, np.ones(k * d, np.int64))
        zero = score(prefixes, positions, np.zeros(k * d, np.int64))
        return (one >= zero).reshape(k, d).astype(np.uint8)
    ones, zeros = np.ones(k, np.int64), np.zeros(k, np.int64)
    for t in range(d):
        positions = np.full(k, t)
        prefer_one = score(guess, positions, ones) >= score(guess, positions, zeros)
        guess[:, t] = prefer_one.astype(np.uint8)
    return guess


def next_symbol_probabilities(model: CausalLogistic) -> Callable[[np.ndarray], np.ndarray]:
    """Black-box interface: the model's ``P(z_t = 1 | z_<t)`` after every prefix of strings.

    One query of a string of length d is d queries of a prefix (the model is
    causal, so the answer at t depends on ``z_<t`` only).

    Examples
    --------
    >>> import numpy as np
    >>> probability = next_symbol_probabilities(CausalLogistic(3))
    >>> probability(np.array([[1, 0, 1]])).tolist()
    [[0.5, 0.5, 0.5]]
    """

    def probability(strings: np.ndarray) -> np.ndarray:
        return (0.5 * (1.0 + np.tanh(0.5 * model.logits(strings)))).astype(np.float64)

    return probability


def fresh_prefix_attack(
    probability: Callable[[np.ndarray], np.ndarray], references: np.ndarray, delta: float,
    samples: int, rng: np.random.Generator, chunk_rows: int = 20000,
) -> np.ndarray:
    """Guess each target's string from predictions after fresh noisy prefixes of its cluster.

    For target j and position t the guess is 1 iff the mean over ``samples``
    fresh strings ``z' = c_j XOR e'`` (each ``e'_s = 1`` with probability
    ``delta/2``) of the model's ``P(z_t = 1 | z'_<t)`` is at least 1/2.

    Parameters
    ----------
    probability : callable
        ``probability(strings) -> (m, d)``, see :func:`next_symbol_probabilities`.
    references : numpy.ndarray
        ``(k, d)`` the reference string of each target's subpopulation.
    delta : float
        The task's noise rate (flip probability ``delta/2``).
    samples : int
        Fresh strings per target (``samples · d`` prefix queries per target).
    rng : numpy.random.Generator
    chunk_rows : int
        Strings per batch of queries (memory).

    Returns
    -------
    numpy.ndarray
        ``(k, d)`` uint8 guesses.

    Examples
    --------
    >>> import numpy as np
    >>> secret = np.array([[1, 0, 0, 1]])
    >>> probability = lambda z: np.tile(secret.astype(float), (len(z), 1))
    >>> fresh_prefix_attack(probability, np.zeros((1, 4), np.uint8), 0.1, 5,
    ...                     np.random.default_rng(0)).tolist()
    [[1, 0, 0, 1]]

    References
    ----------
    Brown et al., STOC 2021 (next-symbol prediction); the averaging over fresh
    prefixes restates a follow-up's attack.
    """
    if samples < 1:
        raise InvalidParameterError(f"samples must be >= 1 (got {samples})")
    references = np.asarray(references, dtype=np.uint8)
    k, d = references.shape
    guess = np.zeros((k, d), np.uint8)
    per = max(1, chunk_rows // samples)
    for start in range(0, k, per):
        block = references[start:start + per]
        fresh = np.repeat(block, samples, axis=0) ^ (rng.random((block.shape[0] * samples, d))
                                                      < delta / 2)
        mean = probability(fresh.astype(np.uint8)).reshape(block.shape[0], samples, d).mean(1)
        guess[start:start + per] = mean >= 0.5
    return guess

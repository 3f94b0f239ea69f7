"""Numpy classifiers for the memorization experiments, trained full batch.

Two models, as in the authors' experiment: multiclass logistic regression
(softmax of ``x W + b``) and a one-hidden-layer perceptron with sigmoid units
(softmax of ``sigmoid(x W1 + b1) W2 + b2``).  Both minimise the mean
cross-entropy ``-(1/m) Σ_i log p(y_i | x_i)`` by gradient steps with Nesterov
momentum; parameters and arithmetic are float32.

The models expose :func:`score_function`, a closure ``score(x, labels)``
returning ``log p(label | x)``; the attacks of
:mod:`commlb.learning.experiments.attacks` receive only that closure.

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 6 (experiments);
Brown et al., STOC 2021.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from commlb.errors import InvalidParameterError

__all__ = ["LogisticRegression", "MLP", "nesterov_fit", "score_function", "log_softmax", "label_log_odds"]

ScoreFunction = Callable[[np.ndarray, "np.ndarray | int"], np.ndarray]


def log_softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise ``log softmax``, computed stably (subtracting the row maximum).

    Examples
    --------
    >>> import numpy as np
    >>> np.round(np.exp(log_softmax(np.array([[0.0, np.log(3.0)]]))), 6).tolist()
    [[0.25, 0.75]]
    """
    shifted = logits - logits.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def _as_float(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=np.float32)


def _uniform_layer(rng: np.random.Generator, fan_in: int, fan_out: int) -> list[np.ndarray]:
    """Weights and bias ``U(-1/√fan_in, 1/√fan_in)``: the default of common libraries' linear layers."""
    bound = 1.0 / np.sqrt(fan_in)
    return [rng.uniform(-bound, bound, (fan_in, fan_out)).astype(np.float32),
            rng.uniform(-bound, bound, fan_out).astype(np.float32)]


def _check_init(init: str, rng) -> None:
    if init not in ("uniform", "zeros"):
        raise InvalidParameterError(f"init {init!r} is not one of 'uniform', 'zeros'")
    if init == "uniform" and rng is None:
        raise InvalidParameterError("init='uniform' draws the weights: pass rng=")


class LogisticRegression:
    """Multiclass logistic regression ``p(y | x) = softmax(x W + b)_y``.

    Parameters
    ----------
    d : int
        Input dimension.
    n_labels : int
        Number of labels.
    init : {"zeros", "uniform"}
        All zero, or weights and bias ``U(±1/√d)`` (the authors' default).
    rng : numpy.random.Generator, optional
        Needed for ``init="uniform"``.

    Examples
    --------
    >>> import numpy as np
    >>> model = LogisticRegression(3, 2)
    >>> np.exp(model.log_probabilities(np.ones((1, 3)))).round(3).tolist()
    [[0.5, 0.5]]

    References
    ----------
    Brown et al., STOC 2021, sec. 6.
    """

    def __init__(self, d: int, n_labels: int, *, init: str = "zeros",
                 rng: np.random.Generator | None = None) -> None:
        if d < 1 or n_labels < 2:
            raise InvalidParameterError(
                f"a classifier needs d >= 1 and at least 2 labels (got d={d}, {n_labels})"
            )
        _check_init(init, rng)
        self.parameters = (_uniform_layer(rng, d, n_labels) if init == "uniform" else
                           [np.zeros((d, n_labels), np.float32), np.zeros(n_labels, np.float32)])

    def logits(self, x: np.ndarray) -> np.ndarray:
        """``x W + b``, float32 ``(m, n_labels)``."""
        weight, bias = self.parameters
        return _as_float(x) @ weight + bias

    def logits_from_first_layer(self, pre: np.ndarray) -> np.ndarray:
        """The logits from ``x W`` (the input's product with the first weight matrix)."""
        return (pre + self.parameters[1]).astype(np.float32)

    def log_probabilities(self, x: np.ndarray) -> np.ndarray:
        """``log p(y | x)`` for every label, ``(m, n_labels)``."""
        return log_softmax(self.logits(x))

    def gradients(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
        """Gradient of the mean cross-entropy on ``(x, y)`` for each parameter."""
        x = _as_float(x)
        residual = np.exp(self.log_probabilities(x))
        residual[np.arange(len(y)), y] -= 1.0
        residual /= len(y)
        return [x.T @ residual, residual.sum(axis=0)]


class MLP:
    """One hidden layer of sigmoid units, ``softmax(sigmoid(x W1 + b1) W2 + b2)``.

    Parameters
    ----------
    d : int
        Input dimension.
    n_labels : int
        Number of labels.
    hidden : int
        Number of hidden units (1500 in the paper's experiment).
    rng : numpy.random.Generator
        Draws the initial weights.
    init : {"zeros", "uniform"}
        ``zeros``: input weights ``W1 ~ N(0, 1/d)``, everything else zero (no
        random class scores to unlearn); ``uniform``: every layer ``U(±1/√fan_in)``,
        the authors' default.

    Examples
    --------
    >>> import numpy as np
    >>> model = MLP(4, 3, hidden=5, rng=np.random.default_rng(0))
    >>> np.exp(model.log_probabilities(np.ones((2, 4)))).sum(axis=1).round(5).tolist()
    [1.0, 1.0]

    References
    ----------
    Brown et al., STOC 2021.
    """

    def __init__(self, d: int, n_labels: int, *, hidden: int, rng: np.random.Generator,
                 init: str = "zeros") -> None:
        if d < 1 or n_labels < 2 or hidden < 1:
            raise InvalidParameterError(
                f"an MLP needs d >= 1, hidden >= 1 and at least 2 labels "
                f"(got d={d}, hidden={hidden}, {n_labels} labels)"
            )
        _check_init(init, rng)
        if init == "uniform":
            self.parameters = _uniform_layer(rng, d, hidden) + _uniform_layer(rng, hidden, n_labels)
            return
        self.parameters = [
            (rng.standard_normal((d, hidden)) / np.sqrt(d)).astype(np.float32),
            np.zeros(hidden, np.float32),
            np.zeros((hidden, n_labels), np.float32),
            np.zeros(n_labels, np.float32),
        ]

    def _hidden(self, x: np.ndarray) -> np.ndarray:
        return self._sigmoid(_as_float(x) @ self.parameters[0])

    def _sigmoid(self, pre: np.ndarray) -> np.ndarray:
        pre = pre + self.parameters[1]
        pre *= 0.5
        np.tanh(pre, out=pre)
        pre += 1.0
        pre *= 0.5
        return pre.astype(np.float32, copy=False)  # (1 + tanh(./2))/2, without overflow

    def logits_from_first_layer(self, pre: np.ndarray) -> np.ndarray:
        """The logits from ``x W1`` (the input's product with the first weight matrix)."""
        return self._sigmoid(pre) @ self.parameters[2] + self.parameters[3]

    def logits(self, x: np.ndarray) -> np.ndarray:
        """Output-layer pre-activations, float32 ``(m, n_labels)``."""
        w2, b2 = self.parameters[2], self.parameters[3]
        return self._hidden(x) @ w2 + b2

    def log_probabilities(self, x: np.ndarray) -> np.ndarray:
        """``log p(y | x)`` for every label, ``(m, n_labels)``."""
        return log_softmax(self.logits(x))

    def gradients(self, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
        """Gradient of the mean cross-entropy on ``(x, y)`` for each parameter (backprop)."""
        x = _as_float(x)
        w2, b2 = self.parameters[2], self.parameters[3]
        hidden = self._hidden(x)
        residual = np.exp(log_softmax(hidden @ w2 + b2))
        residual[np.arange(len(y)), y] -= 1.0
        residual /= len(y)
        back = residual @ w2.T
        back *= hidden * (1.0 - hidden)
        return [x.T @ back, back.sum(axis=0), hidden.T @ residual, residual.sum(axis=0)]


def nesterov_fit(
    model: LogisticRegression | MLP,
    x: np.ndarray,
    y: np.ndarray,
    *,
    steps: int,
    learning_rate: float,
    momentum: float = 0.9,
    drop_at: Sequence[int] = (),
    drop_factor: float = 0.1,
    schedule: Sequence[tuple[int, float]] = (),
    callback: Callable[[int], None] | None = None,
) -> None:
    """Full-batch gradient descent with Nesterov momentum, in place.

    Update (the form of common deep-learning libraries): ``v <- mu v + g``,
    ``theta <- theta - eta (g + mu v)``; the rate ``eta`` is multiplied by
    ``drop_factor`` at each step listed in ``drop_at`` and by ``factor`` at each
    ``(step, factor)`` of ``schedule``.  ``callback(t)`` runs
    after step ``t`` (1-based) and once before training with ``t = 0``.

    Parameters
    ----------
    model : LogisticRegression or MLP
    x, y : numpy.ndarray
        Inputs ``(m, d)`` and integer labels ``(m,)``.
    steps : int
        Number of full-batch steps.
    learning_rate, momentum, drop_at, drop_factor, schedule
        The schedule described above.
    callback : callable, optional
        Checkpoint hook.

    Raises
    ------
    InvalidParameterError
        If ``steps < 0``, ``learning_rate <= 0`` or ``momentum`` is outside [0, 1).

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([[1, -1], [-1, 1]]); y = np.array([0, 1])
    >>> model = LogisticRegression(2, 2)
    >>> nesterov_fit(model, x, y, steps=20, learning_rate=1.0)
    >>> model.log_probabilities(x).argmax(axis=1).tolist()
    [0, 1]

    References
    ----------
    Sutskever, Martens, Dahl, Hinton, ICML 2013 (Nesterov momentum); Brown et al., STOC 2021.
    """
    if steps < 0 or not learning_rate > 0 or not 0.0 <= momentum < 1.0:
        raise InvalidParameterError(
            f"training needs steps >= 0, learning_rate > 0 and momentum in [0, 1) "
            f"(got {steps}, {learning_rate}, {momentum})"
        )
    x = _as_float(x)
    y = np.asarray(y, dtype=np.int64)
    velocity = [np.zeros_like(p) for p in model.parameters]
    rate = np.float32(learning_rate)
    mu = np.float32(momentum)
    factors: dict[int, float] = {}
    for t in drop_at:
        factors[int(t)] = factors.get(int(t), 1.0) * drop_factor
    for t, factor in schedule:
        factors[int(t)] = factors.get(int(t), 1.0) * float(factor)
    if callback is not None:
        callback(0)
    for step in range(1, steps + 1):
        if step in factors:
            rate = np.float32(rate * factors[step])
        for parameter, v, g in zip(model.parameters, velocity, model.gradients(x, y), strict=True):
            v *= mu
            v += g
            parameter -= rate * (g + mu * v)
        if callback is not None:
            callback(step)


def label_log_odds(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """``log(p_y / (1 - p_y)) = l_y - log Σ_{k != y} exp(l_k)`` per row, in float64.

    A strictly increasing function of the probability ``p_y`` of the label,
    computed from the logits so that it does not saturate when ``p_y`` is
    within float rounding of 1 (``log p_y`` would round to 0 there).  Float32
    logits stay float32 (a difference of logits keeps its precision).

    Examples
    --------
    >>> import numpy as np
    >>> round(float(label_log_odds(np.array([[np.log(3.0), 0.0]]), np.array([0]))[0]), 6)
    1.098612
    """
    logits = np.asarray(logits)
    rows = np.arange(logits.shape[0])
    own = logits[rows, labels]
    others = logits.copy()
    others[rows, labels] = -np.inf
    top = others.max(axis=1)
    others -= top[:, None]
    return own - top - np.log(np.exp(others).sum(axis=1))


def score_function(model: LogisticRegression | MLP, batch: int = 4096) -> ScoreFunction:
    """The black-box interface of a model: ``score(x, labels)``, the log-odds of each label.

    The score of label y at x is ``log(p(y | x) / (1 - p(y | x)))``, a strictly
    increasing function of the model's probability for y (see
    :func:`label_log_odds`), so an attack comparing scores compares
    probabilities.

    The closure answers a batch that differs from the previous batch of the same
    shape in a few coordinates per row (coordinate ascent's queries) by updating
    the previous first-layer products ``x W`` instead of recomputing them (in
    float64, exact up to rounding); the answers are the model's either way.  The
    model must not change while a closure is in use: take a new closure after
    training further.

    Parameters
    ----------
    model : LogisticRegression or MLP
    batch : int
        Rows evaluated at a time (bounds memory).

    Returns
    -------
    callable
        ``score(x, labels)`` with ``x`` of shape ``(m, d)`` and ``labels`` one
        int or ``(m,)`` ints; returns float64 ``(m,)``.  The closure is all an
        attack sees of the model.

    Examples
    --------
    >>> import numpy as np
    >>> score = score_function(LogisticRegression(2, 4))
    >>> np.round(score(np.zeros((2, 2)), 3), 4).tolist()     # p = 1/4: log(1/3)
    [-1.0986, -1.0986]
    >>> model = MLP(6, 3, hidden=4, rng=np.random.default_rng(0), init="uniform")
    >>> x = np.ones((2, 6)); score = score_function(model); first = score(x, [0, 1])
    >>> x[:, 2] = -1                                       # one coordinate changed per row
    >>> bool(np.allclose(score(x, [0, 1]), score_function(model)(x, [0, 1]), atol=1e-5))
    True

    References
    ----------
    Brown et al., STOC 2021 (attacks that see the model's score for the target label only).
    """
    weight = model.parameters[0]
    memo: dict[str, np.ndarray] = {}

    def first_layer(x: np.ndarray) -> np.ndarray:
        last = memo.get("x")
        if last is not None and last.shape == x.shape:
            changed = x != last
            if changed.sum(axis=1).max(initial=0) <= _INCREMENTAL_CHANGES:
                rows, cols = np.nonzero(changed)
                pre = memo["pre"].copy()
                np.add.at(pre, rows, (x[rows, cols] - last[rows, cols])[:, None]
                          * weight[cols].astype(np.float64))
                memo.update(x=x.copy(), pre=pre)
                return pre
        pre = (x @ weight).astype(np.float64)
        memo.update(x=x.copy(), pre=pre)
        return pre

    def score(x: np.ndarray, labels: np.ndarray | int) -> np.ndarray:
        x = _as_float(x)
        labels = np.broadcast_to(np.asarray(labels, dtype=np.int64), (x.shape[0],))
        if x.shape[0] <= batch:
            logits = model.logits_from_first_layer(first_layer(x).astype(np.float32))
            return label_log_odds(logits, labels).astype(np.float64)
        out = np.empty(x.shape[0], np.float64)
        for start in range(0, x.shape[0], batch):
            stop = start + batch
            out[start:stop] = label_log_odds(model.logits(x[start:stop]), labels[start:stop])
        return out

    return score


_INCREMENTAL_CHANGES = 8  # coordinates per row below which x W is updated, not recomputed

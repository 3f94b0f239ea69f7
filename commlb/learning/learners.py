"""Learners as channels ``Q(m | x)`` from training sets to prediction functions.

A model is a prediction function ``g: inputs → labels``, stored as the tuple of
label indices ``(g(u))_u`` in the order of ``task.inputs``.  Built-in learners
(all symmetric: they see only the multiset of the training set):

``bayes-optimal``
    ``g(u) = argmax_y Pr[Y = y | U = u, X = x]`` (exact posterior predictive);
    ties go to the smallest label index.  Attains ``err*``.
``constant``
    The Bayes prediction function of the prior alone (ignores ``X``); 0 bits.
``nearest-neighbour``
    Memorise and match (the task's ``nearest_neighbour`` rule).
``forgetful(b)``
    Keeps the shape and the first ``b`` symbols of each example
    (``task.example_encoding``), forgets the rest, then predicts as Bayes
    given what it kept.
``noisy-memorizer(eta)``
    Stores every symbol of every example, each replaced with probability
    ``eta`` by a uniformly random *different* symbol (a bit flip for binary
    symbols), then predicts as Bayes given the noisy copy (the exact posterior
    of ``P`` given the noisy training set).  ``eta = 0`` is bayes-optimal.

A user callable maps a training set (a tuple of examples in the task's
format) to a prediction function (a callable, a mapping input → label, or a
tuple of labels over ``task.inputs``) or to a law over prediction functions (a
mapping prediction function → probability).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.learning.masses import grouped_columns, to_numerators
from commlb.learning.training import Enumeration, TrainingSets

__all__ = ["Channel", "Learner", "get_learner", "LEARNERS"]

LEARNERS = ("bayes-optimal", "nearest-neighbour", "constant", "forgetful(b)",
            "noisy-memorizer(eta)")


@dataclass
class Channel:
    """A learner's channel on a training-set space, as sparse masses.

    ``Q(models[cols[k]] | x = rows[k]) = vals[k] / den``.
    """

    models: np.ndarray  # (|M|, |inputs|) label indices
    rows: np.ndarray
    cols: np.ndarray
    vals: np.ndarray
    den: int = 1

    @property
    def deterministic(self) -> bool:
        return len(self.rows) == len(np.unique(self.rows))

    def on_sequences(self, index_of: np.ndarray) -> Channel:
        """The same channel read on sequences, ``index_of[s]`` = multiset of sequence s."""
        order = np.argsort(self.rows, kind="stable")
        counts = np.bincount(self.rows, minlength=int(index_of.max()) + 1)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        per_seq = counts[index_of]
        rows = np.repeat(np.arange(len(index_of)), per_seq)
        offsets = np.arange(per_seq.sum()) - np.repeat(np.cumsum(per_seq) - per_seq, per_seq)
        picked = order[np.repeat(starts[index_of], per_seq) + offsets]
        return Channel(self.models, rows, self.cols[picked], self.vals[picked], self.den)


def _deterministic(model_of_x: np.ndarray, exact: bool) -> Channel:
    models, cols = np.unique(model_of_x, axis=0, return_inverse=True)
    rows = np.arange(len(model_of_x))
    vals = np.ones(len(rows), dtype=object) if exact else np.ones(len(rows))
    return Channel(models, rows, cols.ravel(), vals, 1)


def _multiset_kernel(space: TrainingSets, kernel: np.ndarray, exact: bool):
    """Law of the multiset of per-example images ``v_i ~ kernel[z_i]`` given each multiset x."""
    V = kernel.shape[1]
    image = TrainingSets(V, space.n, symmetric=True)
    if exact:
        k, den = to_numerators(kernel)
        if den**space.n < 2**62:  # every product and row sum is at most den^n: int64 is exact
            k = k.astype(np.int64)
    else:
        k, den = kernel.astype(float), 1
    rows = k[space.slots[:, 0]]
    for i in range(1, space.n):
        rows = (rows[:, :, None] * k[space.slots[:, i]][:, None, :]).reshape(len(space), -1)
    grid = np.indices((V,) * space.n).reshape(space.n, -1).T
    K = grouped_columns(rows, image.index_of(grid), len(image))
    return (K.astype(object) if exact else K), den**space.n, image


def _bayes_from_image(enum: Enumeration, kernel: np.ndarray) -> Channel:
    """Bayes prediction from the garbled copy ``v_i ~ kernel[z_i]`` of each example."""
    K, den, image = _multiset_kernel(enum.space, kernel, enum.exact)
    A_image = (K.T @ enum.A.reshape(len(enum.space), -1)).reshape(len(image), *enum.A.shape[1:])
    model_of_image = enum.bayes_models(A_image)
    models, model_index = np.unique(model_of_image, axis=0, return_inverse=True)
    Q = grouped_columns(K, model_index.ravel(), len(models))
    rows, cols = np.nonzero(Q != 0) if Q.dtype == object else np.nonzero(Q)
    return Channel(models, rows, cols, Q[rows, cols], den)


def _view_kernel(enum: Enumeration, b: int) -> np.ndarray:
    views: dict = {}
    index = []
    for z in enum.examples:
        shape, symbols, _ = enum.task.example_encoding(z)
        index.append(views.setdefault((shape, symbols[:b]), len(views)))
    K = np.zeros((len(index), len(views)), dtype=object if enum.exact else float)
    K[np.arange(len(index)), index] = 1
    return K


def _noise_kernel(enum: Enumeration, eta) -> np.ndarray:
    codes = [enum.task.example_encoding(z) for z in enum.examples]
    one = Fraction(1) if enum.exact else 1.0
    K = np.zeros((len(codes), len(codes)), dtype=object if enum.exact else float)
    for a, (sa, xa, na) in enumerate(codes):
        for c, (sc, xc, _) in enumerate(codes):
            if sa != sc or len(xa) != len(xc):
                continue
            p = one
            for s, t, size in zip(xa, xc, na, strict=True):
                if size > 1:  # a symbol with a one-letter alphabet cannot change
                    p = p * ((one - eta) if s == t else eta / (size - 1))
            K[a, c] = p
    return K


class Learner:
    """A learner: a channel from training sets to prediction functions.

    Parameters
    ----------
    function : callable
        ``function(training_set) -> prediction function`` or ``-> {prediction function: prob}``
        (see the module docstring), or, for built-ins, ``function(enum) -> Channel``.
    name : str
        A name for reports.
    symmetric : bool
        True when the output depends only on the multiset of the training set
        (then every computation runs on multisets, which is exact and faster).

    Examples
    --------
    >>> learner = Learner(lambda X: (lambda u: 0), name="zero", symmetric=True)
    >>> learner.name
    'zero'
    """

    def __init__(self, function: Callable, name: str = "user", symmetric: bool = False,
                 builtin: bool = False) -> None:
        self.function, self.name, self.symmetric, self.builtin = function, name, symmetric, builtin

    def __repr__(self) -> str:
        return f"Learner({self.name!r})"

    def channel(self, enum: Enumeration) -> Channel:
        """The channel ``Q(m | x)`` on the enumeration's training-set space."""
        if self.builtin:
            return self.function(enum)
        return _tabulate(self.function, enum)


def _as_table(g, enum: Enumeration) -> tuple[int, ...]:
    labels = {y: i for i, y in enumerate(enum.labels)}
    try:
        if callable(g):
            values = [g(u) for u in enum.inputs]
        elif isinstance(g, Mapping):
            values = [g[u] for u in enum.inputs]
        else:
            values = list(g)
        return tuple(labels[v] for v in values)
    except (KeyError, TypeError, IndexError):
        raise InvalidParameterError(
            "a learner returned something that is not a prediction function over the task's "
            "inputs with the task's labels; return a callable, a mapping or a tuple") from None


def _tabulate(function: Callable, enum: Enumeration) -> Channel:
    rows, tables, probs = [], [], []
    for x, slots in enumerate(enum.space.slots):
        out = function(tuple(enum.examples[z] for z in slots))
        law = out if isinstance(out, Mapping) and not _is_prediction_mapping(out, enum) else {
            None: 1}
        try:
            total = sum(law.values())
            bad = any(p < 0 for p in law.values()) or abs(total - 1) > (0 if enum.exact else 1e-9)
        except TypeError:
            raise InvalidParameterError(
                "a learner returned a mapping that is neither a prediction function over the "
                "task's inputs nor a law {prediction function: probability}") from None
        if bad:
            raise InvalidParameterError(
                f"the learner's law over prediction functions sums to {total}, not 1 (or has a "
                "negative mass); return probabilities that sum to one")
        for g, p in law.items():
            rows.append(x)
            tables.append(_as_table(out if g is None else g, enum))
            probs.append(p)
    models, cols = np.unique(np.array(tables, dtype=np.int64), axis=0, return_inverse=True)
    rows_a, cols_a = np.array(rows), cols.ravel()
    if enum.exact and all(isinstance(p, (int, Fraction)) for p in probs):
        vals, den = to_numerators(np.array(probs, dtype=object))
    elif enum.exact:
        raise InvalidParameterError(
            "the task is exact but the learner gave float probabilities; use Fractions")
    else:
        vals, den = np.array(probs, dtype=float), 1
    return Channel(models, rows_a, cols_a, vals, den)


def _is_prediction_mapping(out: Mapping, enum: Enumeration) -> bool:
    return set(out) == set(enum.inputs)


def _bayes(enum: Enumeration) -> Channel:
    return _deterministic(enum.bayes_models(), enum.exact)


def _constant(enum: Enumeration) -> Channel:
    g = enum.bayes_models(enum.A.sum(axis=0)[None])[0]
    return _deterministic(np.tile(g, (len(enum.space), 1)), enum.exact)


def _nearest(enum: Enumeration) -> Channel:
    nn = enum.task.nearest_neighbour
    table = np.array([[nn([enum.examples[z] for z in slots], u) for u in enum.inputs]
                      for slots in enum.space.slots], dtype=np.int64)
    return _deterministic(table, enum.exact)


def get_learner(learner: str | Learner | Callable) -> Learner:
    """A :class:`Learner` from a name (``"forgetful(2)"``, ``"noisy-memorizer(1/4)"``, ...).

    Parameters
    ----------
    learner : str, Learner or callable
        A built-in name (see :data:`LEARNERS`), a Learner, or a user callable
        (treated as non-symmetric).

    Returns
    -------
    Learner

    Raises
    ------
    InvalidParameterError
        Unknown name or bad parameter.

    Examples
    --------
    >>> get_learner("noisy-memorizer(1/4)")
    Learner('noisy-memorizer(1/4)')

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 1 (learners, memorization).
    """
    if isinstance(learner, Learner):
        return learner
    if callable(learner) and not isinstance(learner, str):
        return Learner(learner, name=getattr(learner, "__name__", "user"))
    if not isinstance(learner, str):
        raise InvalidParameterError(f"learner must be a name or a callable, got {learner!r}")
    name = learner.strip().lower()
    simple = {"bayes-optimal": _bayes, "constant": _constant, "nearest-neighbour": _nearest}
    if name in simple:
        return Learner(simple[name], name=name, symmetric=True, builtin=True)
    match = re.fullmatch(r"(forgetful|noisy-memorizer)\(([^)]*)\)", name)
    if match is None:
        raise InvalidParameterError(
            f"unknown learner {learner!r}; choose one of {', '.join(LEARNERS)} or pass a callable")
    kind, arg = match.groups()
    try:
        value = Fraction(arg.strip())
    except (ValueError, ZeroDivisionError):
        raise InvalidParameterError(f"the parameter of {kind} must be a number, got {arg!r}") from None
    if kind == "forgetful":
        if value.denominator != 1 or value < 0:
            raise InvalidParameterError(f"forgetful(b) needs an integer b >= 0, got {arg}")
        b = int(value)
        return Learner(lambda enum: _bayes_from_image(enum, _view_kernel(enum, b)),
                       name=f"forgetful({b})", symmetric=True, builtin=True)
    if not 0 <= value <= 1:
        raise InvalidParameterError(f"noisy-memorizer(eta) needs 0 <= eta <= 1, got {arg}")
    eta_text = arg.strip()

    def noisy(enum: Enumeration) -> Channel:
        eta = value if enum.exact else float(value)
        return _bayes_from_image(enum, _noise_kernel(enum, eta))

    return Learner(noisy, name=f"noisy-memorizer({eta_text})", symmetric=True, builtin=True)

"""Black-box reconstruction attacks on a classifier's score for one label.

An attack receives **only** a score function ``score(x, labels) -> (m,)``
(the model's score, e.g. ``log p(label | x)``, for the target label of each
row) and returns a guess ``x_hat`` in ``{-1, +1}^d`` of the training example
behind each target label.  This module imports numpy alone: it cannot read a
model's parameters, only call the closure it is given.

Two attacks, each *uninformed* or *informed*:

- **per-coordinate sign attack**: from a start point ``x0`` query, for every
  coordinate i at once, ``x0`` with ``x_i = +1`` and with ``x_i = -1``, and
  set ``x_hat_i`` to the sign that scores higher (a finite-difference sign of
  the score's gradient; ``rounds > 1`` repeats it from the new point);
- **coordinate ascent**: from ``x0``, sweep the coordinates in order and set
  each to whichever of ±1 scores higher given the current point (a
  Gauss-Seidel version of the sign attack), until a sweep changes nothing.

*Uninformed*: the attack knows the target label only and starts from the
zero vector.  *Informed*: the attacker also knows the subpopulation ``P_j``
the example came from, here the signs of the coordinates its cluster fixes;
it starts from the cluster centre (fixed signs, 0 elsewhere), outputs the
fixed signs as they are and attacks only the other coordinates, which are
exactly the bits that are irrelevant to the label and that memorization
``I(X; M | P)`` counts.

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 6 (black-box attacks
recovering singleton examples); Brown et al., STOC 2021.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from commlb.errors import InvalidParameterError

__all__ = ["sign_attack", "coordinate_ascent", "recovery_fractions"]

Score = Callable[[np.ndarray, "np.ndarray | int"], np.ndarray]


def _prepare(labels, d: int, known: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    labels = np.atleast_1d(np.asarray(labels, dtype=np.int64))
    if d < 1:
        raise InvalidParameterError(f"the dimension d must be >= 1 (got {d})")
    if known is None:
        known = np.zeros((labels.size, d), np.int8)
    known = np.asarray(known, dtype=np.int8)
    if known.shape != (labels.size, d) or not np.isin(known, (-1, 0, 1)).all():
        raise InvalidParameterError(
            f"known must be a ({labels.size}, {d}) array over {{-1, 0, +1}} "
            "(0 = unknown coordinate); got shape "
            f"{known.shape}"
        )
    return labels, known


def _signs(x: np.ndarray) -> np.ndarray:
    return np.where(x < 0, -1, 1).astype(np.int8)


def sign_attack(
    score: Score, labels, d: int, *, known: np.ndarray | None = None, rounds: int = 1
) -> np.ndarray:
    """Per-coordinate sign attack: ``x_hat_i = sign(score(x0, x_i=+1) - score(x0, x_i=-1))``.

    Parameters
    ----------
    score : callable
        ``score(x, labels) -> (m,)``, the only access to the model.
    labels : int or array of int
        One target label per example to reconstruct.
    d : int
        Dimension.
    known : numpy.ndarray, optional
        ``(k, d)`` over {-1, 0, +1}: the informed attacker's knowledge (0 =
        unknown).  Known coordinates are copied, the start point is ``known``.
    rounds : int
        Number of rounds; each restarts from the previous guess.

    Returns
    -------
    numpy.ndarray
        ``(k, d)`` int8 guesses in {-1, +1} (ties go to +1).

    Raises
    ------
    InvalidParameterError
        On malformed ``known``, ``d < 1`` or ``rounds < 1``.

    Examples
    --------
    >>> import numpy as np
    >>> secret = np.array([1, -1, -1, 1])
    >>> score = lambda x, labels: x @ secret          # a linear score
    >>> sign_attack(score, 0, 4).tolist()
    [[1, -1, -1, 1]]

    References
    ----------
    Brown et al., STOC 2021 (the authors' per-coordinate sign attack).
    """
    labels, known = _prepare(labels, d, known)
    if rounds < 1:
        raise InvalidParameterError(f"the sign attack needs rounds >= 1 (got {rounds})")
    guess = known.copy()
    free = known == 0
    for _ in range(rounds):
        new = guess.copy()
        for row in range(labels.size):
            columns = np.flatnonzero(free[row])
            if columns.size == 0:
                continue
            queries = np.repeat(guess[row][None, :].astype(np.float32), 2 * columns.size, 0)
            half = columns.size
            queries[np.arange(half), columns] = 1.0
            queries[half + np.arange(half), columns] = -1.0
            values = np.asarray(score(queries, labels[row]), dtype=np.float64)
            new[row, columns] = np.where(values[:half] >= values[half:], 1, -1)
        guess = new
    return _signs(np.where(free, guess, known))


def coordinate_ascent(
    score: Score,
    labels,
    d: int,
    *,
    known: np.ndarray | None = None,
    start: np.ndarray | None = None,
    max_sweeps: int = 3,
) -> np.ndarray:
    """Coordinate ascent of ``score(x, label)`` over the hypercube, all targets in parallel.

    For ``i = 1..d`` in turn, set ``x_i`` to whichever of ±1 gives the higher
    score with the other coordinates at their current values (two queries
    per target); repeat the sweep until it changes nothing or ``max_sweeps``
    sweeps are done.

    Parameters
    ----------
    score : callable
        ``score(x, labels) -> (m,)``, the only access to the model.
    labels : int or array of int
        One target label per example to reconstruct.
    d : int
        Dimension.
    known : numpy.ndarray, optional
        ``(k, d)`` over {-1, 0, +1}; known coordinates are fixed, not searched.
    start : numpy.ndarray, optional
        ``(k, d)`` start point on the free coordinates; ``known`` (zeros when
        uninformed) by default.
    max_sweeps : int
        Upper limit on the number of sweeps.

    Returns
    -------
    numpy.ndarray
        ``(k, d)`` int8 guesses in {-1, +1}.

    Raises
    ------
    InvalidParameterError
        On malformed ``known`` or ``start``, ``d < 1`` or ``max_sweeps < 1``.

    Examples
    --------
    >>> import numpy as np
    >>> secret = np.array([[1, -1, 1], [-1, -1, 1]])
    >>> score = lambda x, labels: np.sum(x * secret[labels], axis=1)
    >>> coordinate_ascent(score, [0, 1], 3).tolist()
    [[1, -1, 1], [-1, -1, 1]]

    References
    ----------
    Brown et al., STOC 2021 (the authors' coordinate-ascent attack).
    """
    labels, known = _prepare(labels, d, known)
    if max_sweeps < 1:
        raise InvalidParameterError(f"coordinate ascent needs max_sweeps >= 1 (got {max_sweeps})")
    free = known == 0
    x = known.astype(np.float32)
    if start is not None:
        start = np.asarray(start, dtype=np.float32)
        if start.shape != x.shape:
            raise InvalidParameterError(
                f"start must have shape {x.shape} like the targets (got {start.shape})"
            )
        x = np.where(free, start, x).astype(np.float32)
    both = np.concatenate([labels, labels])
    for _ in range(max_sweeps):
        changed = False
        for i in range(d):
            rows = np.flatnonzero(free[:, i])
            if rows.size == 0:
                continue
            queries = np.concatenate([x[rows], x[rows]])
            queries[: rows.size, i] = 1.0
            queries[rows.size :, i] = -1.0
            values = np.asarray(score(queries, both[np.r_[rows, rows + labels.size]]))
            best = np.where(values[: rows.size] >= values[rows.size :], 1.0, -1.0)
            changed = changed or bool(np.any(best != x[rows, i]))
            x[rows, i] = best
        if not changed:
            break
    return _signs(x)


def recovery_fractions(guess: np.ndarray, truth: np.ndarray, mask: np.ndarray | None = None):
    """Per example, the fraction of coordinates where ``guess`` equals ``truth``.

    Parameters
    ----------
    guess, truth : numpy.ndarray
        ``(k, d)`` arrays over {-1, +1}.
    mask : numpy.ndarray, optional
        ``(k, d)`` bool, the coordinates that count (all by default); a row
        without any counted coordinate gives NaN.

    Returns
    -------
    numpy.ndarray
        ``(k,)`` fractions in [0, 1]; 1/2 is chance for uniform bits.

    Examples
    --------
    >>> import numpy as np
    >>> recovery_fractions(np.array([[1, 1, -1, -1]]), np.array([[1, -1, -1, 1]])).tolist()
    [0.5]

    References
    ----------
    Brown et al., STOC 2021 (recovery accuracy of singleton training examples).
    """
    hits = np.asarray(guess) == np.asarray(truth)
    if mask is None:
        return hits.mean(axis=1)
    mask = np.asarray(mask, dtype=bool)
    counts = mask.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(counts > 0, (hits & mask).sum(axis=1) / counts, np.nan)

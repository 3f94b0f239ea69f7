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
zero vector or from uniform ±1 points (the authors' choice).  *Informed*: the
attacker also knows the subpopulation ``P_j``
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


def _random_signs(rng: np.random.Generator | None, shape) -> np.ndarray:
    if rng is None:
        raise InvalidParameterError("a random start or background needs rng= (a numpy Generator)")
    return (rng.integers(0, 2, size=shape, dtype=np.int8) * 2 - 1).astype(np.float32)


def sign_attack(
    score: Score, labels, d: int, *, known: np.ndarray | None = None, rounds: int = 1,
    background: str = "zero", repeats: int = 1, ties: int = 1,
    rng: np.random.Generator | None = None, batch: int = 8192,
) -> np.ndarray:
    """Per-coordinate sign attack: ``x_hat_i = sign(score(b, x_i=+1) - score(b, x_i=-1))``.

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
        unknown).  Known coordinates are copied and kept in every background.
    rounds : int
        ``background="zero"`` only: rounds, each probing at the previous guess.
    background : {"zero", "random"}
        ``zero``: one probe around the start point (``known``, zero elsewhere);
        ``random``: for every coordinate and repeat a fresh uniform ±1 background
        (the authors' attack), and the guess is the majority vote of ``repeats``.
    repeats : int
        Backgrounds per coordinate (``random``); ``2 · d · repeats`` queries per target.
    ties : {-1, 1}
        The vote when both scores are equal (the majority of an even tie too).
    rng : numpy.random.Generator, optional
        Draws the backgrounds (needed for ``random``).
    batch : int
        Queries per call of ``score``.

    Returns
    -------
    numpy.ndarray
        ``(k, d)`` int8 guesses in {-1, +1}.

    Raises
    ------
    InvalidParameterError
        On malformed ``known``, ``d < 1``, ``rounds < 1``, ``repeats < 1`` or an
        unknown background.

    Examples
    --------
    >>> import numpy as np
    >>> secret = np.array([1, -1, -1, 1])
    >>> score = lambda x, labels: x @ secret          # a linear score
    >>> sign_attack(score, 0, 4).tolist()
    [[1, -1, -1, 1]]
    >>> sign_attack(score, 0, 4, background="random", repeats=5,
    ...             rng=np.random.default_rng(0)).tolist()
    [[1, -1, -1, 1]]

    References
    ----------
    Brown et al., STOC 2021, sec. 6 (the authors' per-coordinate sign attack).
    """
    labels, known = _prepare(labels, d, known)
    if rounds < 1 or repeats < 1 or ties not in (-1, 1):
        raise InvalidParameterError(
            f"the sign attack needs rounds >= 1, repeats >= 1 and ties in (-1, 1) "
            f"(got {rounds}, {repeats}, {ties})")
    if background not in ("zero", "random"):
        raise InvalidParameterError(f"background {background!r} is not 'zero' or 'random'")
    free = known == 0
    guess = known.copy()
    if background == "random":
        for row in range(labels.size):
            columns = np.flatnonzero(free[row])
            if columns.size:
                guess[row, columns] = _background_votes(score, labels[row], known[row], columns,
                                                        repeats, ties, rng, batch)
        return _signs(np.where(free, guess, known))
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
            new[row, columns] = _vote(values[:half], values[half:], ties)
        guess = new
    return _signs(np.where(free, guess, known))


def _vote(plus: np.ndarray, minus: np.ndarray, ties: int) -> np.ndarray:
    return np.where(plus > minus, 1, np.where(plus < minus, -1, ties)).astype(np.int8)


def _background_votes(score, label, known_row, columns, repeats, ties, rng, batch):
    """Majority over ``repeats`` fresh ±1 backgrounds of the vote for each free coordinate."""
    m = columns.size
    tally = np.zeros(m, np.int64)
    per_call = max(1, batch // (2 * m)) if 2 * m <= batch else 1
    fixed = known_row != 0
    for first in range(0, repeats, per_call):
        count = min(per_call, repeats - first)
        backgrounds = _random_signs(rng, (count * m, known_row.size))
        backgrounds[:, fixed] = known_row[fixed]
        index = np.arange(count * m)
        position = np.tile(columns, count)
        plus, minus = backgrounds.copy(), backgrounds
        plus[index, position] = 1.0
        minus[index, position] = -1.0
        values = np.concatenate([np.asarray(score(q[s:s + batch], label), np.float64)
                                 for q in (plus, minus) for s in range(0, q.shape[0], batch)])
        votes = _vote(values[:count * m], values[count * m:], ties).reshape(count, m)
        tally += votes.sum(axis=0)
    return np.where(tally > 0, 1, np.where(tally < 0, -1, ties)).astype(np.int8)


def coordinate_ascent(
    score: Score,
    labels,
    d: int,
    *,
    known: np.ndarray | None = None,
    start: np.ndarray | str | None = None,
    max_sweeps: int = 3,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """Coordinate ascent of ``score(x, label)`` over the hypercube, all targets in parallel.

    For ``i = 1..d`` in turn: a coordinate at ±1 is flipped iff the flip strictly
    raises the score (one query per target); a coordinate still at 0 (a zero
    start) is set to whichever of ±1 scores higher, ties to +1 (two queries).
    Sweeps repeat until one flips nothing or ``max_sweeps`` are done.

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
    start : {"zero", "random"} or numpy.ndarray, optional
        The start on the free coordinates: zero (the default), uniform ±1 (the
        authors' start; needs ``rng``) or a ``(k, d)`` array.
    max_sweeps : int
        Upper limit on the number of sweeps.
    rng : numpy.random.Generator, optional
        Draws a random start.

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
    >>> coordinate_ascent(score, [0, 1], 3, start="random", rng=np.random.default_rng(1)).tolist()
    [[1, -1, 1], [-1, -1, 1]]

    References
    ----------
    Brown et al., STOC 2021, sec. 6 (the authors' coordinate-ascent attack).
    """
    labels, known = _prepare(labels, d, known)
    if max_sweeps < 1:
        raise InvalidParameterError(f"coordinate ascent needs max_sweeps >= 1 (got {max_sweeps})")
    free = known == 0
    x = known.astype(np.float32)
    if isinstance(start, str):
        if start not in ("zero", "random"):
            raise InvalidParameterError(f"start {start!r} is not 'zero', 'random' or an array")
        start = None if start == "zero" else _random_signs(rng, x.shape)
    if start is not None:
        start = np.asarray(start, dtype=np.float32)
        if start.shape != x.shape:
            raise InvalidParameterError(
                f"start must have shape {x.shape} like the targets (got {start.shape})"
            )
        x = np.where(free, start, x).astype(np.float32)
    current = np.asarray(score(x, labels), dtype=np.float64)
    for _ in range(max_sweeps):
        changed = False
        for i in range(d):
            rows = np.flatnonzero(free[:, i])
            if rows.size == 0:
                continue
            unset = rows[x[rows, i] == 0]
            if unset.size:  # a zero start: the better of the two values, ties to +1
                queries = np.concatenate([x[unset], x[unset]])
                queries[: unset.size, i] = 1.0
                queries[unset.size:, i] = -1.0
                values = np.asarray(score(queries, np.r_[labels[unset], labels[unset]]))
                plus, minus = values[: unset.size], values[unset.size:]
                x[unset, i] = np.where(plus >= minus, 1.0, -1.0)
                current[unset] = np.maximum(plus, minus)
                changed = True
            on = np.setdiff1d(rows, unset, assume_unique=True) if unset.size else rows
            if on.size:
                queries = x[on].copy()
                queries[:, i] = -queries[:, i]
                values = np.asarray(score(queries, labels[on]), dtype=np.float64)
                better = values > current[on]
                if better.any():
                    flip = on[better]
                    x[flip, i] = -x[flip, i]
                    current[flip] = values[better]
                    changed = True
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

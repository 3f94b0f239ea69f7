"""How the tasks' training examples are given: one definition for every layer.

Next-symbol prediction
    A training example is a noisy copy ``z`` of its subpopulation's reference
    string, given **whole** (``training="whole"``, the default: the paper's
    setting, in which the learner sees every prefix) or **cut** like a test
    query (``training="cut"``: the pair ``(z_<T, z_T)``).  The cut position ``T``
    (the prefix length) has the law ``positions``: ``"all"`` (uniform on
    ``{0, ..., d-1}``, the empty prefix included; the default), ``"nonempty"``
    (uniform on ``{1, ..., d-1}``, a follow-up's restatement) or ``d`` weights.
    The same law is the law of a test query's position.
Cluster labeling
    The label of an example is its cluster's index (``labels="index"``, the
    default) or a uniform label from ``{0, ..., L-1}`` drawn once per cluster
    (``labels=L``).

The exact task (:class:`commlb.learning.NextSymbol`,
:class:`commlb.learning.ClusterLabeling`), the Singletons components of
:func:`commlb.problems.singletons`, the reductions and the experiments all read
these names and defaults from here; a result's parameters say which was used.

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 3 (next-symbol prediction,
whole training strings) and sec. 4 (cluster labeling).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from commlb.errors import InvalidParameterError
from commlb.numbers import as_rational

__all__ = ["TRAINING", "DEFAULT_TRAINING", "POSITIONS", "DEFAULT_POSITIONS", "DEFAULT_LABELS",
           "training_mode", "position_law", "cluster_labels"]

TRAINING = ("whole", "cut")
DEFAULT_TRAINING = "whole"
POSITIONS = ("all", "nonempty")
DEFAULT_POSITIONS = "all"
DEFAULT_LABELS = "index"


def training_mode(training: object = DEFAULT_TRAINING) -> str:
    """``"whole"`` or ``"cut"``: how next-symbol training strings are given.

    Examples
    --------
    >>> training_mode(), training_mode("cut")
    ('whole', 'cut')
    """
    text = str(training).strip().lower()
    if text not in TRAINING:
        raise InvalidParameterError(f"training {training!r} is not one of {TRAINING}")
    return text


def position_law(d: int, positions: object = DEFAULT_POSITIONS) -> tuple[Fraction, ...]:
    """The law of the cut position ``T ∈ {0, ..., d-1}`` (a prefix length), as d Fractions.

    Parameters
    ----------
    d : int
        String length.
    positions : "all", "nonempty" or sequence of d numbers
        Uniform on ``0..d-1``; uniform on ``1..d-1`` (needs ``d >= 2``); or the
        weights themselves (non-negative, summing to 1).

    Returns
    -------
    tuple of Fraction
        ``Pr[T = t]`` for ``t = 0..d-1`` (floats given as weights are read by the
        one number rule of :func:`commlb.numbers.as_rational`).

    Examples
    --------
    >>> position_law(3)
    (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))
    >>> position_law(3, "nonempty")
    (Fraction(0, 1), Fraction(1, 2), Fraction(1, 2))
    """
    if isinstance(positions, str):
        mode = positions.strip().lower()
        if mode == "uniform":  # the name the exact task used before
            mode = "all"
        if mode == "all":
            return (Fraction(1, d),) * d
        if mode == "nonempty":
            if d < 2:
                raise InvalidParameterError("positions='nonempty' needs d >= 2 (T in 1..d-1)")
            return (Fraction(0),) + (Fraction(1, d - 1),) * (d - 1)
        raise InvalidParameterError(
            f"positions {positions!r} is not one of {POSITIONS} or a list of d weights")
    if not isinstance(positions, Sequence):
        raise InvalidParameterError(
            f"positions must be one of {POSITIONS} or a list of d weights (got {positions!r})")
    law = tuple(as_rational(p, "a position probability") for p in positions)
    if len(law) != d or any(p < 0 for p in law) or sum(law) != 1:
        raise InvalidParameterError(
            f"positions must be d = {d} non-negative weights summing to 1 (got {positions!r})")
    return law


def cluster_labels(labels: object = DEFAULT_LABELS) -> str | int:
    """``"index"`` or a label count ``L >= 1``: how cluster-labeling examples are labelled.

    Examples
    --------
    >>> cluster_labels(), cluster_labels(3), cluster_labels("4")
    ('index', 3, 4)
    """
    if isinstance(labels, str):
        text = labels.strip().lower()
        if text == "index":
            return "index"
        if text.isdigit() and int(text) >= 1:
            return int(text)
    elif isinstance(labels, int) and not isinstance(labels, bool) and labels >= 1:
        return labels
    raise InvalidParameterError(f"labels must be 'index' or an integer at least 1 (got {labels!r})")

"""Layer ``learning``: tasks as meta-distributions, learners as channels, memorization.

Brown et al., STOC 2021; docs/architecture.md.  A task is a meta-distribution
``q`` over data distributions ``P``; a learner is a channel from training sets
``X ~ P^n`` to prediction functions ``M``; memorization is ``I(X; M | P)``.

>>> from fractions import Fraction
>>> from commlb.learning import get_task, memorization
>>> task = get_task("next-symbol", d=2, N=1, n=1, delta=Fraction(1, 2))
>>> result = memorization(task, learner="constant")
>>> result.memorization_bits
Exact(0)

Names are resolved lazily so ``import commlb.learning`` stays light; the
``experiments`` subpackage is never imported from here.
"""

from __future__ import annotations

import importlib
from typing import Any

_LAZY = {
    "Task": "commlb.learning.tasks",
    "TaskLaws": "commlb.learning.tasks",
    "NextSymbol": "commlb.learning.next_symbol",
    "ClusterLabeling": "commlb.learning.cluster_labeling",
    "Zipf": "commlb.learning.priors",
    "prior_weights": "commlb.learning.priors",
    "TrainingSets": "commlb.learning.training",
    "Enumeration": "commlb.learning.training",
    "singleton_slots": "commlb.learning.training",
    "Learner": "commlb.learning.learners",
    "Channel": "commlb.learning.learners",
    "get_learner": "commlb.learning.learners",
    "LEARNERS": "commlb.learning.learners",
    "memorization": "commlb.learning.measures",
    "MemorizationResult": "commlb.learning.measures",
    "estimate_memorization": "commlb.learning.estimate",
    "memorization_program": "commlb.learning.frontier",
    "memorization_frontier": "commlb.learning.frontier",
    "FrontierResult": "commlb.learning.frontier",
}

TASKS = ("next-symbol", "cluster-labeling")

__all__ = sorted([*_LAZY, "get_task", "TASKS"])


def get_task(name: str, **params: Any):
    """The learning task ``name`` with parameters ``params``.

    Parameters
    ----------
    name : str
        ``"next-symbol"`` (parameters ``d, N, n, delta, training="whole",
        positions="all", alphabet=2, prior="uniform"``) or
        ``"cluster-labeling"`` (``d, N, n, rho, labels="index", prior="uniform"``).
    **params
        The task's parameters; rational values (ints, Fractions) keep every
        quantity exact.

    Returns
    -------
    Task
        A :class:`commlb.learning.next_symbol.NextSymbol` or
        :class:`commlb.learning.cluster_labeling.ClusterLabeling`.

    Raises
    ------
    InvalidParameterError
        Unknown task or parameter, or a parameter out of range.

    Examples
    --------
    >>> from fractions import Fraction
    >>> get_task("cluster-labeling", d=2, N=2, n=2, rho=Fraction(1, 2)).N
    2

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sec. 3 (the two tasks).
    """
    from commlb.errors import InvalidParameterError

    if name == "next-symbol":
        from commlb.learning.next_symbol import NextSymbol as cls
    elif name == "cluster-labeling":
        from commlb.learning.cluster_labeling import ClusterLabeling as cls
    else:
        raise InvalidParameterError(f"unknown task {name!r}; choose one of {', '.join(TASKS)}")
    import inspect

    signature = inspect.signature(cls)
    accepted = [p for p in signature.parameters.values() if p.kind is p.POSITIONAL_OR_KEYWORD
                or p.kind is p.KEYWORD_ONLY]
    unknown = sorted(set(params) - {p.name for p in accepted})
    missing = [p.name for p in accepted if p.default is p.empty and p.name not in params]
    if unknown or missing:
        wanted = ", ".join(p.name if p.default is p.empty else f"{p.name}={p.default!r}"
                           for p in accepted)
        what = (f"unknown parameter(s) {', '.join(unknown)}" if unknown else
                f"missing parameter(s) {', '.join(missing)}")
        raise InvalidParameterError(f"task {name!r}: {what}; it takes {wanted}")
    return cls(**params)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'commlb.learning' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__

r"""Layer ``reductions``: reductions as objects, checked exactly, and the reduction graph.

A reduction has a source problem, a target (a problem or a learning task),
``protocol_from(target_solution)`` (the source protocol it builds) and
``check(target_solution)`` (every inequality it promises, both sides exact).

>>> from fractions import Fraction
>>> import commlb.reductions as reductions
>>> red = reductions.get("singletons-to-next-symbol", d=1, N=2, n=1, delta=Fraction(1, 2))
>>> result = red.check(learner="bayes-optimal")
>>> result.holds, [i.name.split(":")[0] for i in result.inequalities]
(True, ['simulation', 'source law', 'information', 'information', 'error'])

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sections 4-5;
docs/architecture.md, "The pipeline"; proofs/reductions/.
"""

from __future__ import annotations

import importlib
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from commlb.errors import InvalidParameterError

if TYPE_CHECKING:
    from commlb.reductions.inequality import Reduction

# name -> defining module, resolved on first access: the catalogue of names below
# stays cheap to import (``commlb check --help`` reads it; the graph pulls in sympy
# and networkx, about a second).
_LAZY = {
    "ComponentToSingletons": "commlb.reductions.direct_sum",
    "GapHammingToSingletons": "commlb.reductions.gap_hamming",
    "CheckResult": "commlb.reductions.inequality",
    "Inequality": "commlb.reductions.inequality",
    "Reduction": "commlb.reductions.inequality",
    "ImpliedBound": "commlb.reductions.network",
    "graph": "commlb.reductions.network",
    "implied_bounds": "commlb.reductions.network",
    "to_dot": "commlb.reductions.network",
    "SingletonsToTask": "commlb.reductions.planting",
    "compare_optimal_values": "commlb.reductions.optimal",
}

__all__ = [
    "CheckResult", "ComponentToSingletons", "GapHammingToSingletons", "Inequality", "Reduction",
    "SingletonsToTask", "get",
    "names", "graph", "implied_bounds", "ImpliedBound", "to_dot", "compare_optimal_values", "REDUCTIONS",
]

REDUCTIONS = {
    "singletons-to-next-symbol": "Singletons(k, next-symbol) -> next-symbol task; params d, N, n, "
                                 "delta (default 1/4), k=1, training=whole, positions=all, "
                                 "plant=singleton",
    "singletons-to-cluster-labeling": "Singletons(k, cluster) -> cluster-labeling task; params d, N, n, "
                                      "rho (default 1/2), labels=index, k=1, plant=singleton",
    "component-to-singletons": "Singletons(1, component) -> Singletons(k, component) (direct sum); "
                               "params k, component, its d/delta/rho/labels, leak=false",
    "gap-hamming-to-singletons": "Gap-Hamming(d, rho) -> Singletons(k, cluster), index labels "
                                 "(hide the instance among k clusters); params k >= 2, d, "
                                 "rho (default 1/2), place=uniform",
}


def names() -> list[str]:
    """The reduction names accepted by :func:`get`.

    >>> names()[0]
    'singletons-to-next-symbol'
    """
    return list(REDUCTIONS)


def get(name: str, **params: Any) -> Reduction:
    r"""The reduction ``name`` with parameters.

    Parameters
    ----------
    name : str
        One of :func:`names`.
    **params
        ``singletons-to-next-symbol``: ``d, N, n, delta`` (default 1/4), ``k`` (1),
        ``training`` ("whole"), ``positions`` ("all"), ``plant`` ("singleton" or the broken
        "non-singleton").  ``singletons-to-cluster-labeling``: ``d, N, n, rho``
        (1/2), ``labels`` ("index"), ``k``, ``plant``.  ``component-to-singletons``:
        ``k``, ``component``, the component's parameters, ``leak`` (False; True is broken).
        ``gap-hamming-to-singletons``: ``k`` (>= 2), ``d``, ``rho`` (1/2), ``place``
        ("uniform"; "first" is broken).

    Returns
    -------
    Reduction

    Raises
    ------
    InvalidParameterError
        Unknown name or parameter.

    Examples
    --------
    >>> get("component-to-singletons", k=2, component="next-symbol", d=1, delta="1/2").name
    'component-to-singletons'

    References
    ----------
    Brown et al., STOC 2021; proofs/reductions/.
    """
    from commlb.learning import get_task
    from commlb.reductions.direct_sum import ComponentToSingletons
    from commlb.reductions.planting import SingletonsToTask

    key = str(name).strip().lower()
    params = dict(params)
    if key in ("singletons-to-next-symbol", "singletons-to-cluster-labeling"):
        k = int(params.pop("k", 1))
        plant = str(params.pop("plant", "singleton"))
        if key == "singletons-to-next-symbol":
            params.setdefault("delta", Fraction(1, 4))
            task = get_task("next-symbol", **_exact(params))
        else:
            params.setdefault("rho", Fraction(1, 2))
            task = get_task("cluster-labeling", **_exact(params))
        return SingletonsToTask(task, k=k, plant=plant)
    if key == "component-to-singletons":
        try:
            k = int(params.pop("k"))
            component = str(params.pop("component"))
        except KeyError as missing:
            raise InvalidParameterError(f"component-to-singletons needs {missing} (e.g. -p k=2)") from None
        leak = params.pop("leak", False)
        return ComponentToSingletons(k, component, leak=bool(leak), **_exact(params))
    if key == "gap-hamming-to-singletons":
        from commlb.reductions.gap_hamming import GapHammingToSingletons

        params = _exact(params)
        try:
            k, d = int(params.pop("k")), int(params.pop("d"))
        except KeyError as missing:
            raise InvalidParameterError(f"gap-hamming-to-singletons needs {missing} "
                                        "(e.g. -p k=2 -p d=1)") from None
        unknown = sorted(set(params) - {"rho", "place"})
        if unknown:
            raise InvalidParameterError(f"gap-hamming-to-singletons has no parameter {unknown[0]!r}; "
                                        "it takes k, d, rho, place")
        return GapHammingToSingletons(k, d, params.get("rho", Fraction(1, 2)),
                                      str(params.get("place", "uniform")))
    raise InvalidParameterError(f"unknown reduction {name!r}; choose one of {', '.join(REDUCTIONS)}")


def _exact(params: dict) -> dict:
    """Strings like "1/4" -> Fraction; other values unchanged."""
    out = {}
    for key, value in params.items():
        if isinstance(value, str) and key not in ("labels", "training", "positions", "prior",
                                                  "place"):
            try:
                value = Fraction(value)
            except ValueError:
                pass
        if isinstance(value, Fraction) and value.denominator == 1 and key in ("d", "N", "n", "labels"):
            value = int(value)
        out[key] = value
    return out


def __getattr__(name: str):
    if name not in _LAZY:
        raise AttributeError(f"module 'commlb.reductions' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))

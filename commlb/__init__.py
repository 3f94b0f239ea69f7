"""commlb: one-way communication lower bounds and memorization, executable.

The top level re-exports the stable Python surface (docs/architecture.md): the two
front doors :func:`information_complexity` and :func:`memorization_frontier`, and the
information measures.
Heavy layers are imported lazily, so ``import commlb`` stays fast.

>>> import commlb
>>> from fractions import Fraction
>>> law = commlb.Distribution({(0, 0): Fraction(1, 2), (1, 1): Fraction(1, 2)}, names=("X", "Y"))
>>> commlb.mutual_information(law, "X", "Y")
Exact(1)
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

# name -> module that defines it; resolved on first access.
_LAZY = {
    "Distribution": "commlb.info",
    "entropy": "commlb.info",
    "mutual_information": "commlb.info",
    "kl_divergence": "commlb.info",
    "binary_entropy": "commlb.info",
    "product": "commlb.info",
    "Exact": "commlb.info",
    "Interval": "commlb.info",
    "Estimate": "commlb.info",
    "CommlbError": "commlb.errors",
    "information_complexity": "commlb.ic",
    "ic_curve": "commlb.ic",
    "OneWayProblem": "commlb.protocols",
    "memorization_frontier": "commlb.learning",
}
_SUBMODULES = {
    "info", "protocols", "problems", "ic", "certificates", "learning", "reductions",
    "bounds", "testing", "errors",
}

__all__ = sorted(set(_LAZY) | _SUBMODULES | {"__version__"})


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"commlb.{name}")
    else:
        raise AttributeError(f"module 'commlb' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__

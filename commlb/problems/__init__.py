"""The catalogue of one-way communication problems.

``get(name, **params)`` builds a :class:`OneWayProblem` with an exact law;
``catalogue()`` lists every name, its parameters and one line on its law.

>>> from commlb.problems import get
>>> problem = get("augmented-index", d=3)
>>> problem.sizes()
{'X': 8, 'Y': 7, 'O': 2, 'T': 2, 'decision_functions': 128}

References
----------
Brown et al., STOC 2021, sections 3-4.
"""

from __future__ import annotations

import importlib
from typing import Any

# name -> defining module, imported on first access: ``commlb.problems.training`` (the
# task vocabulary every layer reads) must not load the catalogue and the protocols.
_LAZY = {
    "CatalogueEntry": "commlb.problems.entries",
    "catalogue": "commlb.problems.entries",
    "get": "commlb.problems.entries",
    "names": "commlb.problems.entries",
    "gap_hamming": "commlb.problems.hamming",
    "gap_hamming_promise": "commlb.problems.hamming",
    "multi_sample_gap_hamming": "commlb.problems.hamming",
    "augmented_index": "commlb.problems.indexing",
    "equality": "commlb.problems.indexing",
    "index": "commlb.problems.indexing",
    "noisy_augmented_index": "commlb.problems.indexing",
    "singletons": "commlb.problems.singletons",
    "OneWayProblem": "commlb.protocols.problem",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'commlb.problems' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})

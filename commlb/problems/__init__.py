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

from commlb.problems.catalogue import CatalogueEntry, catalogue, get, names
from commlb.problems.hamming import gap_hamming, gap_hamming_promise, multi_sample_gap_hamming
from commlb.problems.indexing import augmented_index, equality, index, noisy_augmented_index
from commlb.problems.singletons import singletons
from commlb.protocols.problem import OneWayProblem

__all__ = [
    "CatalogueEntry", "OneWayProblem", "augmented_index", "catalogue", "equality",
    "gap_hamming", "gap_hamming_promise", "get", "index", "multi_sample_gap_hamming", "names",
    "noisy_augmented_index", "singletons",
]

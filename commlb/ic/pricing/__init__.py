"""Exact pricing oracles for column generation (issue 9).

A pricing oracle answers, over *all* decision functions ``g: Y -> O``,

    max_g Σ_x w(x) 2^{-s D[x, g]},

the most violated constraint of the rate–distortion dual, exactly where it feeds a
certificate.  The oracle is chosen by the problem's structure:

* :class:`EnumerationOracle`: every decision function (small alphabets);
* :class:`PrefixTreeOracle`: Augmented Index, Bob's input a node of the prefix
  tree: a bottom-up dynamic programme, linear in the tree;
* :class:`SeparableOracle`: any distortion that is a sum over Bob's symbols,
  priced by meet in the middle over the two halves of Bob's alphabet;
* :class:`IndexOracle`: Index, ``g: [d] -> {0, 1}`` has ``2^d`` values, priced by
  enumeration of the ``2^d`` codes.

:func:`oracle_for` picks one.  Derivations: ``proofs/column_generation/``.
"""

from __future__ import annotations

from commlb.errors import InstanceTooLargeError
from commlb.ic.pricing.enumeration import EnumerationOracle
from commlb.ic.pricing.prefix_tree import PrefixTree
from commlb.ic.pricing.separable import SeparableOracle
from commlb.ic.pricing.structured import MAX_PRICED_LOG2, IndexOracle, PrefixTreeOracle, oracle_for

__all__ = ["EnumerationOracle", "IndexOracle", "PrefixTree", "PrefixTreeOracle", "SeparableOracle",
           "oracle_for", "InstanceTooLargeError", "MAX_PRICED_LOG2"]

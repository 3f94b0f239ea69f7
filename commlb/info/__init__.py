"""Layer ``info``: laws over named variables and their information measures.

Exact laws (``fractions.Fraction`` masses) give exact values
(:class:`Exact`, with ``float()``, comparisons, ``.interval()`` and
``.expr``); float laws give floats.  See docs/architecture.md, "The pipeline".
"""

from commlb.info.distribution import Distribution, product
from commlb.info.exact import Exact, exact_sum_plogp
from commlb.info.interval import Estimate, Interval
from commlb.info.measures import binary_entropy, entropy, kl_divergence, mutual_information

__all__ = [
    "Distribution",
    "product",
    "Exact",
    "exact_sum_plogp",
    "Interval",
    "Estimate",
    "entropy",
    "mutual_information",
    "kl_divergence",
    "binary_entropy",
]

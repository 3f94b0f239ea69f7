"""Witness plug-ins: one module per kind of witness, each citing its statements.

The kernel (:mod:`commlb.certificates.kernel`) never searches; everything a verdict
needs beyond exact sums is a plug-in registered here under ``(side, witness type)``.
A plug-in reads its witness strictly, may search (pricing over every decision
function, orbit representatives), raises :class:`~commlb.certificates.kernel.Refuted`
when the witness fails, and returns a :class:`~commlb.certificates.kernel.Bound`
naming the numbered statements of ``proofs/INDEX.md`` it relied on.

==================  =====================  =====================================  ==========
side                type                   module                                 statements
==================  =====================  =====================================  ==========
lower               ``none``               this module (information is >= 0)      S1
lower               ``rd-dual``            :mod:`.rd_dual`                        S4
lower               ``rd-dual-pricing``    :mod:`.pricing` (and its oracles)      S4, S6-S9
lower               ``frank-wolfe``        :mod:`.frank_wolfe`                    S5
lower               ``chain-rule``         :mod:`.chain_rule`                     S10
lower               ``conditional-dual``   :mod:`.conditional`                    S11
lower               ``dp-dual``            :mod:`.dp_dual`                        S13
upper               ``none``               this module (a float value)            --
upper               ``channel``            :mod:`.channel`                        S3
upper               ``channel-columns``    :mod:`.channel`                        S3
upper               ``tilted``             :mod:`.tilted`                         S3
upper               ``product-flip``       :mod:`.product_flip`                   S3, S7
upper               ``product-flips``      :mod:`.chain_rule`                     S3, S10
upper               ``orbit-gibbs``        :mod:`.orbit_channel`                  S3, S7, S8
upper               ``dp-channel``         :mod:`.dp_channel`                     S13
==================  =====================  =====================================  ==========

>>> sorted(t for side, t in PLUGINS if side == "upper")[:3]
['channel', 'channel-columns', 'dp-channel']
"""

from __future__ import annotations

import math

from commlb.certificates.kernel import Bound
from commlb.certificates.schema import keys
from commlb.certificates.witnesses import (
    chain_rule,
    channel,
    conditional,
    dp_channel,
    dp_dual,
    frank_wolfe,
    orbit_channel,
    pricing,
    product_flip,
    rd_dual,
    tilted,
)
from commlb.info.exact import Exact, Interval

__all__ = ["PLUGINS", "MODULES", "STATEMENTS"]

STATEMENTS = {  # the numbered statements of proofs/INDEX.md
    "S1": "the decision-function reformulation",
    "S2": "convexity and dominated columns",
    "S3": "a rational channel of error at most δ bounds IC from above",
    "S4": "the rate–distortion dual",
    "S5": "the conditional Frank–Wolfe dual",
    "S6": "exact pricing over every decision function",
    "S7": "the orbit reduction",
    "S8": "Gap-Hamming orbits and the Hölder pricing bound",
    "S9": "the noisy relaxation",
    "S10": "the internal chain rule of Augmented Index",
    "S11": "the conditional pricing dual",
    "S12": "the memorization frontier as a conditional program",
    "S13": "the least excess error of differentially private learners as a linear program",
}


def no_lower(stated, witness: dict) -> Bound:
    """Information is nonnegative: the lower end 0 needs no witness."""
    keys(witness, {"type"}, "a lower witness of type none")
    return Bound(Interval(0.0, 0.0), Exact(0), True, "", ("S1",))


def no_upper(stated, witness: dict) -> Bound:
    """No upper witness: the claimed upper is a float value, certified by nothing."""
    keys(witness, {"type"}, "an upper witness of type none")
    return Bound(Interval(0.0, math.inf), None, False, "")


PLUGINS = {
    ("lower", "none"): no_lower,
    ("lower", "rd-dual"): rd_dual.lower,
    ("lower", "rd-dual-pricing"): pricing.lower,
    ("lower", "frank-wolfe"): frank_wolfe.lower,
    ("lower", "chain-rule"): chain_rule.lower,
    ("lower", "conditional-dual"): conditional.lower,
    ("lower", "dp-dual"): dp_dual.lower,
    ("upper", "none"): no_upper,
    ("upper", "channel"): channel.entries,
    ("upper", "channel-columns"): channel.columns,
    ("upper", "tilted"): tilted.upper,
    ("upper", "product-flip"): product_flip.upper,
    ("upper", "product-flips"): chain_rule.upper,
    ("upper", "orbit-gibbs"): orbit_channel.upper,
    ("upper", "dp-channel"): dp_channel.upper,
}
MODULES = {key: fn.__module__.removeprefix("commlb.certificates.") for key, fn in PLUGINS.items()}

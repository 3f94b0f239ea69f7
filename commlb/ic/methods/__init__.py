"""The registered solver methods, in order of preference.

=====================  ==========================  ==========================================
method                 objectives                  what it implements
=====================  ==========================  ==========================================
``chain-rule``         internal                    chain rule + binary Fano (Augmented Index)
``orbit``              external                    one pricing curve for a transitive group
``enumerate``          external, internal          all decision functions, rd dual
``colgen``             external                    column generation, exact pricing
``conditional-colgen`` external, internal,         column generation on Σ_c p(c) I(X; G | c)
                       conditional
=====================  ==========================  ==========================================

Each module defines one :class:`~commlb.ic.registry.Method`; this package
registers them, and its order is the order ``method="auto"`` tries them in.
"""

from commlb.ic.methods import chain_rule, enumeration, orbit
from commlb.ic.methods.colgen import conditional, external
from commlb.ic.registry import REGISTRY, register

__all__ = ["REGISTRY"]

for _module in (chain_rule, orbit, enumeration, external, conditional):
    if _module.METHOD not in REGISTRY:
        register(_module.METHOD)

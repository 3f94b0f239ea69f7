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

Each module defines ``can_run(statement)`` and ``run(statement, gap=, progress=,
**options)``; this package declares them as :class:`~commlb.ic.registry.Method` entries
that name the module, so a module is imported only when ``method="auto"`` (or a named
method) first asks it.  The order here is the order ``"auto"`` tries them in.
"""

from commlb.ic.registry import REGISTRY, Method, register

__all__ = ["REGISTRY", "BUILT_IN"]

_HERE = "commlb.ic.methods"

BUILT_IN = (
    Method("chain-rule", ("internal",),
           f"{_HERE}.chain_rule:can_run", f"{_HERE}.chain_rule:run",
           "the chain rule over Bob's coordinates with binary Fano, attained by product flips; "
           "proofs/column_generation/internal_augmented_index.md"),
    Method("orbit", ("external",), f"{_HERE}.orbit:can_run", f"{_HERE}.orbit:run",
           "orbit reduction: one pricing curve for a transitive symmetry group (declared or "
           "found); proofs/column_generation/symmetry.md"),
    Method("enumerate", ("external", "internal"),
           f"{_HERE}.enumeration:can_run", f"{_HERE}.enumeration:run",
           "every decision function: Blahut–Arimoto, a rational channel above and a "
           "rate–distortion dual below; proofs/information_complexity/"),
    Method("colgen", ("external",),
           f"{_HERE}.colgen.external:can_run", f"{_HERE}.colgen.external:run",
           "column generation with exact pricing (prefix tree, index codes, enumeration or "
           "meet in the middle); proofs/column_generation/pricing.md"),
    Method("conditional-colgen", ("external", "internal", "conditional"),
           f"{_HERE}.colgen.conditional:can_run", f"{_HERE}.colgen.conditional:run",
           "column generation on the conditional program Σ_c p(c) I(X; G | C = c) with "
           "chunked exact pricing; proofs/column_generation/conditional_dual.md"),
)

for _method in BUILT_IN:
    if _method not in REGISTRY:
        register(_method)

"""What a problem family declares about itself, computed from its parameters alone.

A solver method never asks for a problem's *name*: it asks for facts.  Each
catalogue family declares them here as a :class:`Structure`, in closed form from
its parameters and before anything is built:

* the sizes ``|X|, |Y|, |O|`` (so ``log2 |O|^|Y|`` decision functions) — the cheap
  ``can_run`` checks of :mod:`commlb.ic.registry` read them;
* ``uniform_alice``: ``p(x)`` is uniform;
* ``pricing``: a form in which the pricing problem ``max_g Σ_x w(x) β^{L D[x, g]}``
  has an exact structured solution — ``"prefix-tree"`` (Augmented Index: Bob's
  symbols are the nodes of the binary prefix tree of depth ``d``) or
  ``"index-codes"`` (Index: a decision function is a code word in ``{0,1}^d``);
* ``xor_symmetric``: the law is invariant under ``x -> x ⊕ a`` with Bob's symbols
  relabelled, a group transitive on ``X`` (``proofs/column_generation/symmetry.md``);
* ``relaxation``: the problem is a noisy copy of another family with per-bit
  noise ``q`` (Noisy Augmented Index at error ``δ`` is bounded by Augmented
  Index at ``(δ - q)/(1 - 2q)``, ``proofs/column_generation/noisy_relaxation.md``);
* ``hamming``: ``(d, ρ)`` of the Gap-Hamming orbit structure
  (``proofs/column_generation/gap_hamming.md``);
* ``chain_rule``: the internal information decomposes over Bob's coordinates
  (``proofs/column_generation/internal_augmented_index.md``);
* ``optimal_error``: the least error of any protocol, where it has a closed form
  (0 for a function Bob can evaluate once he knows ``x``; ``q`` for the noisy copy),
  so a method can refuse ``δ`` at or below it without building the law.

A problem the user builds has no declared structure (``problem.structure`` is
None); methods then take what they need from the built law, and its
certificates embed the explicit program.

>>> s = structure_of("augmented-index", d=12)
>>> s.sizes, s.pricing, round(s.log2_functions)
((4096, 4095, 2), 'prefix-tree', 4095)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from commlb.errors import InvalidParameterError
from commlb.problems.training import (
    DEFAULT_LABELS,
    DEFAULT_POSITIONS,
    DEFAULT_TRAINING,
    cluster_labels,
    position_law,
    training_mode,
)
from commlb.protocols.parameters import choice, integer, probability

__all__ = ["Structure", "structure_of", "FAMILIES"]


@dataclass(frozen=True)
class Structure:
    """Declared facts of one catalogue problem (see the module docstring).

    Attributes
    ----------
    family : str
        The catalogue family (its statement is rebuilt by the checker from it).
    params : dict
        The validated parameters (ints, Fractions, strings).
    sizes : tuple of int
        ``(|X|, |Y|, |O|)``.
    uniform_alice, xor_symmetric, chain_rule : bool
        Declared properties.
    pricing : str or None
        ``"prefix-tree"``, ``"index-codes"`` or None.
    d : int or None
        The length parameter the structured forms use.
    relaxation : tuple or None
        ``(clean Structure, noise q)``.
    hamming : tuple or None
        ``(d, rho)``.
    optimal_error : Fraction or None
        ``min_protocols err``, when declared in closed form.
    """

    family: str
    params: dict
    sizes: tuple[int, int, int]
    uniform_alice: bool = False
    xor_symmetric: bool = False
    chain_rule: bool = False
    pricing: str | None = None
    d: int | None = None
    relaxation: tuple | None = field(default=None, compare=False)
    hamming: tuple[int, Fraction] | None = None
    optimal_error: Fraction | None = None

    @property
    def log2_functions(self) -> float:
        """``log2 |O|^|Y|``, the number of decision functions in bits."""
        _, bob, outputs = self.sizes
        return bob * math.log2(outputs) if outputs > 1 else 0.0

    def describe(self) -> str:
        """One phrase of sizes: ``|X| = 4096, |Y| = 4095, |O| = 2, 2^4095 decision functions``."""
        x, y, o = self.sizes
        return f"|X| = {x}, |Y| = {y}, |O| = {o}, 2^{self.log2_functions:.4g} decision functions"


SINGLETONS_MAX_ALICE = 2**14  # the builders' limits on |X| (Alice's k-tuples)
MULTI_SAMPLE_MAX_ALICE = 2**16


def _cap(family: str, k: int, alice: int, limit: int) -> None:
    if alice > limit:
        raise InvalidParameterError(f"{family} with k={k} has {alice} inputs for Alice, above "
                                    f"{limit}; choose smaller k or d")


def _d(value) -> int:
    return integer(value, "d", minimum=1)


def _index(d) -> Structure:
    d = _d(d)
    return Structure("index", {"d": d}, (2**d, d, 2), uniform_alice=True, xor_symmetric=True,
                     pricing="index-codes", d=d, optimal_error=Fraction(0))


def _augmented_index(d) -> Structure:
    d = _d(d)
    return Structure("augmented-index", {"d": d}, (2**d, 2**d - 1, 2), uniform_alice=True,
                     xor_symmetric=True, chain_rule=True, pricing="prefix-tree", d=d,
                     optimal_error=Fraction(0))


def _noisy_augmented_index(d, delta) -> Structure:
    d, delta = _d(d), probability(delta, "delta")
    q = delta - delta * delta / 2
    return Structure("noisy-augmented-index", {"d": d, "delta": delta}, (2**d, 2**d - 1, 2),
                     uniform_alice=True, xor_symmetric=True, d=d,
                     relaxation=(_augmented_index(d), q), optimal_error=q)


def _gap_hamming(d, rho) -> Structure:
    d, rho = _d(d), probability(rho, "rho")
    return Structure("gap-hamming", {"d": d, "rho": rho}, (2**d, 2**d, 2), uniform_alice=True,
                     d=d, hamming=(d, rho))


def _gap_hamming_promise(d, g, law="promise") -> Structure:
    d = _d(d)
    g = integer(g, "g", minimum=1, maximum=d)
    law = choice(law, "law", ("promise", "uniform"))
    return Structure("gap-hamming-promise", {"d": d, "g": g, "law": law}, (2**d, 2**d, 2), d=d,
                     optimal_error=Fraction(0))


def _equality(d) -> Structure:
    d = _d(d)
    return Structure("equality", {"d": d}, (2**d, 2**d, 2), uniform_alice=True, d=d,
                     optimal_error=Fraction(0))


def _singletons(k, component, d=None, rho=None, labels=DEFAULT_LABELS, delta=None,
                training=DEFAULT_TRAINING, positions=DEFAULT_POSITIONS) -> Structure:
    k = integer(k, "k", minimum=1)
    component = choice(component, "component", ("cluster", "next-symbol"))
    if d is None or (rho if component == "cluster" else delta) is None:
        need = "d and rho (e.g. d=2, rho=1/2)" if component == "cluster" else \
            "d and delta (e.g. d=2, delta=1/4)"
        raise InvalidParameterError(f"component {component} needs {need}")
    d = _d(d)
    if component == "cluster":
        if delta is not None or training != DEFAULT_TRAINING or positions != DEFAULT_POSITIONS:
            raise InvalidParameterError("component cluster takes parameters d, rho, labels, "
                                        "not delta, training or positions")
        rho = probability(rho, "rho")
        labels = cluster_labels(labels)
        index = labels == "index"
        per_slot, targets = (2**d, k) if index else (2**d * labels, labels)
        _cap("singletons", k, per_slot**k, SINGLETONS_MAX_ALICE)
        return Structure("singletons", {"k": k, "component": component, "d": d, "rho": rho,
                                        "labels": labels}, (per_slot**k, 2**d, targets))
    if rho is not None or labels != DEFAULT_LABELS:
        raise InvalidParameterError("component next-symbol takes parameters d, delta, training, "
                                    "positions, not rho or labels")
    delta = probability(delta, "delta")
    training = training_mode(training)
    law = position_law(d, positions)
    per_slot = 2**d if training == "whole" else sum(2 ** (u + 1) for u in range(d) if law[u])
    _cap("singletons", k, per_slot**k, SINGLETONS_MAX_ALICE)
    params = {"k": k, "component": component, "d": d, "delta": delta, "training": training,
              "positions": positions if isinstance(positions, str) else [str(p) for p in law]}
    return Structure("singletons", params,
                     (per_slot**k, sum(2**i for i in range(d) if law[i]), 2))


def _multi_sample_gap_hamming(k, d, rho, task="decide") -> Structure:
    k, d, rho = integer(k, "k", minimum=1), _d(d), probability(rho, "rho")
    task = choice(task, "task", ("decide", "identify"))
    _cap("multi-sample-gap-hamming", k, 2 ** (d * k), MULTI_SAMPLE_MAX_ALICE)
    return Structure("multi-sample-gap-hamming", {"k": k, "d": d, "rho": rho, "task": task},
                     (2 ** (d * k), 2**d, 2 if task == "decide" else k), uniform_alice=True, d=d)


FAMILIES = {
    "index": _index,
    "augmented-index": _augmented_index,
    "noisy-augmented-index": _noisy_augmented_index,
    "gap-hamming": _gap_hamming,
    "gap-hamming-promise": _gap_hamming_promise,
    "equality": _equality,
    "singletons": _singletons,
    "multi-sample-gap-hamming": _multi_sample_gap_hamming,
}


def structure_of(family: str, **params: object) -> Structure:
    """The declared :class:`Structure` of a catalogue family at ``params`` (nothing built).

    Parameters
    ----------
    family : str
        A catalogue name (see :func:`commlb.problems.names`).
    **params
        Its parameters, validated here exactly as the builder validates them.

    Raises
    ------
    InvalidParameterError
        Unknown family, or a parameter out of range.

    Examples
    --------
    >>> structure_of("gap-hamming", d=20, rho="1/2").describe()
    '|X| = 1048576, |Y| = 1048576, |O| = 2, 2^1.049e+06 decision functions'
    """
    build = FAMILIES.get(family)
    if build is None:
        raise InvalidParameterError(f"no declared structure for {family!r}; choose one of "
                                    f"{', '.join(FAMILIES)}")
    try:
        return build(**params)
    except TypeError as exc:  # wrong keyword: the catalogue reports it more precisely first
        raise InvalidParameterError(f"{family}: {exc}") from None

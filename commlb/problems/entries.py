"""The catalogue of one-way problems: names, parameters, laws.

References
----------
Brown et al., STOC 2021, sections 3-4; docs/architecture.md
section 4 (``commlb.problems.get``).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field

from commlb.errors import InvalidParameterError
from commlb.problems.hamming import gap_hamming, gap_hamming_promise, multi_sample_gap_hamming
from commlb.problems.indexing import augmented_index, equality, index, noisy_augmented_index
from commlb.problems.singletons import singletons
from commlb.problems.structure import Structure, structure_of
from commlb.protocols.problem import OneWayProblem

__all__ = ["CatalogueEntry", "CatalogueProblem", "catalogue", "get", "names"]


@dataclass(frozen=True)
class CatalogueEntry:
    """One catalogue problem: its name, parameters (name -> doc) and one line.

    Attributes
    ----------
    name : str
        Lower-case hyphenated name for :func:`get`.
    parameters : dict
        Parameter name -> what it is and its range.
    description : str
        One line: the law and Bob's task.
    example : dict
        Small parameters that build quickly (used by tests and ``commlb problems``).
    """

    name: str
    parameters: dict[str, str]
    description: str
    example: dict[str, object] = field(default_factory=dict)
    build: Callable[..., OneWayProblem] | None = field(default=None, repr=False, compare=False)

    def as_json(self) -> dict[str, object]:
        """The entry as a JSON-able dict (name, parameters, description, example)."""
        return {"name": self.name, "parameters": dict(self.parameters),
                "description": self.description, "example": dict(self.example)}


_D = "string length / dimension, integer >= 1"
_RHO = "correlation in [0, 1]: each coordinate copied w.p. rho, agreement (1+rho)/2"
_ENTRIES = [
    CatalogueEntry(
        "index", {"d": _D},
        "X uniform in {0,1}^d, Bob has i uniform in 0..d-1 and outputs x_i",
        {"d": 2}, index),
    CatalogueEntry(
        "augmented-index", {"d": _D},
        "X uniform in {0,1}^d, Bob has (i, x_<i) and outputs x_i",
        {"d": 2}, augmented_index),
    CatalogueEntry(
        "noisy-augmented-index",
        {"d": _D, "delta": "noise rate in [0, 1]: each copy's bit flipped w.p. delta/2"},
        "Alice a noisy copy of c; Bob (i, z_<i) of another noisy copy z; Bob outputs z_i",
        {"d": 2, "delta": "1/4"}, noisy_augmented_index),
    CatalogueEntry(
        "gap-hamming", {"d": _D, "rho": _RHO},
        "x uniform in {±1}^d; y rho-correlated (T=1) or independent (T=0) w.p. 1/2; "
        "Bob outputs T",
        {"d": 2, "rho": "1/2"}, gap_hamming),
    CatalogueEntry(
        "gap-hamming-promise",
        {"d": _D, "g": "gap, integer in 1..d",
         "law": "promise (uniform on pairs with |<x,y>| >= g, default) or uniform (all pairs)"},
        "x, y in {±1}^d with |<x,y>| >= g; Bob outputs sign(<x,y>) (relation loss)",
        {"d": 2, "g": 2}, gap_hamming_promise),
    CatalogueEntry(
        "equality", {"d": _D},
        "with prob. 1/2 y = x, else y uniform; Bob outputs [x = y]",
        {"d": 2}, equality),
    CatalogueEntry(
        "singletons",
        {"k": "number of subpopulations, integer >= 1",
         "component": "cluster (d, rho, labels) or next-symbol (d, delta, training)",
         "d": _D, "rho": "cluster: " + _RHO,
         "labels": "cluster: 'index' (label j for cluster j, default) or a label count >= 1",
         "delta": "next-symbol: noise rate in [0, 1]",
         "training": "next-symbol: 'whole' copies (default) or 'cut' (prefix, next bit)"},
        "Alice one labelled example per subpopulation (k); Bob labels a fresh example "
        "of a random one",
        {"k": 2, "component": "cluster", "d": 1, "rho": "1/2"}, singletons),
    CatalogueEntry(
        "multi-sample-gap-hamming",
        {"k": "number of Alice's strings, integer >= 1", "d": _D, "rho": _RHO,
         "task": "decide (correlated with one of them or independent, default) or "
                 "identify (which one)"},
        "Alice x_1..x_k uniform in {±1}^d; Bob's y rho-correlated with a random x_J "
        "or independent; Bob decides",
        {"k": 2, "d": 1, "rho": "1/2"}, multi_sample_gap_hamming),
]
_BY_NAME = {entry.name: entry for entry in _ENTRIES}


def names() -> list[str]:
    """The catalogue's problem names.

    Examples
    --------
    >>> names()[:3]
    ['index', 'augmented-index', 'noisy-augmented-index']
    """
    return [entry.name for entry in _ENTRIES]


def catalogue() -> list[CatalogueEntry]:
    """Every catalogue entry: name, parameter docs, one-line description.

    Examples
    --------
    >>> [entry.name for entry in catalogue()][-1]
    'multi-sample-gap-hamming'
    """
    return list(_ENTRIES)


def get(name: str, **params: object) -> OneWayProblem:
    r"""The catalogue problem ``name`` with parameters ``params``.

    Parameters
    ----------
    name : str
        One of :func:`names` (case and ``_``/``-`` insensitive).
    **params
        The problem's parameters; numbers may be ints, Fractions, floats
        (read exactly: ``0.1 -> 1/10``) or strings (``"1/10"``, ``"0.1"``).

    Returns
    -------
    OneWayProblem
        An exact problem (Fraction law).

    Raises
    ------
    InvalidParameterError
        On an unknown name or parameter, a missing parameter, or a value out
        of range.

    Examples
    --------
    >>> get("gap-hamming", d=2, rho="1/2").params_json()
    {'d': 2, 'rho': '1/2'}

    References
    ----------
    docs/architecture.md; Brown et al., STOC 2021, section 4.
    """
    key = str(name).strip().lower().replace("_", "-")
    entry = _BY_NAME.get(key)
    if entry is None:
        raise InvalidParameterError(
            f"unknown problem {name!r}; choose one of {', '.join(names())}"
        )
    signature = inspect.signature(entry.build)
    takes_any = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
    if not takes_any:
        unknown = set(params) - set(signature.parameters)
        if unknown:
            raise InvalidParameterError(
                f"{entry.name} takes parameters {', '.join(signature.parameters)}, "
                f"not {', '.join(sorted(unknown))}"
            )
    missing = [p.name for p in signature.parameters.values()
               if p.default is p.empty and p.kind is not p.VAR_KEYWORD and p.name not in params]
    if missing:
        raise InvalidParameterError(
            f"{entry.name} needs parameter(s) {', '.join(missing)} "
            f"(e.g. {', '.join(f'{k}={v}' for k, v in entry.example.items())})"
        )
    return CatalogueProblem(structure_of(entry.name, **params), entry, params)


class CatalogueProblem(OneWayProblem):
    """A catalogue problem whose law is built on first use.

    Its name, parameters and declared :class:`~commlb.problems.structure.Structure`
    are there at once (computed from the parameters), so a solver can decide what
    to do with ``augmented-index`` at d = 20 without building ``2^20 × 2^20`` laws;
    any other attribute builds the problem once and then behaves exactly like it.

    Examples
    --------
    >>> problem = get("augmented-index", d=30)
    >>> problem.structure.sizes[0] == 2**30, problem.name
    (True, 'augmented-index')
    """

    def __init__(self, structure: Structure, entry: CatalogueEntry, params: dict) -> None:
        self.name = entry.name
        self.params = dict(structure.params)
        self.description = entry.description
        self.structure = structure
        self._deferred = (entry.build, dict(params))

    def __getattr__(self, attr: str):
        deferred = self.__dict__.get("_deferred")
        if deferred is None or attr.startswith("__"):
            raise AttributeError(attr)
        build, params = deferred
        built = build(**params)
        del self.__dict__["_deferred"]
        self.__dict__.update({k: v for k, v in vars(built).items() if k != "structure"})
        return getattr(self, attr)

    def __getstate__(self):
        if "_deferred" in self.__dict__:
            self.__getattr__("_joint")
        return self.__dict__

    def __setstate__(self, state):
        self.__dict__.update(state)

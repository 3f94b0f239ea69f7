"""One-way problems: an input law μ(x, y, t) and a loss on Bob's output.

A one-way problem gives Alice ``x``, Bob ``y`` and keeps a target ``t`` (random
targets allowed); Bob answers ``o`` and pays ``loss(t, o)`` (0-1 loss, or a
relation: the set of acceptable outputs for each target).  Everything a solver
needs is derived here: the optimal and trivial errors and the decision
distortion ``D[x, g] = E[loss(T, g(Y)) | X = x]`` over all decision functions
``g: Y -> O`` (module :mod:`commlb.protocols.decision`).

References
----------
Brown, Bun, Feldman, Smith, Talwar, "When is memorization of irrelevant
training data necessary for high-accuracy learning?", STOC 2021, section 4
(one-way communication problems); docs/architecture.md, "One program".
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from commlb.errors import InvalidParameterError
from commlb.protocols.decision import DecisionMixin
from commlb.protocols.marginals import MarginalsMixin
from commlb.protocols.problem_law import alphabet, is_exact_number, law_array, loss_matrix
from commlb.protocols.rational import integer_form

__all__ = ["OneWayProblem", "is_exact_number"]

def _json_param(value: object) -> object:
    if isinstance(value, Fraction):
        return str(value) if value.denominator != 1 else int(value.numerator)
    if isinstance(value, float):
        return str(Fraction(str(value)))
    return value


class OneWayProblem(MarginalsMixin, DecisionMixin):
    r"""A one-way problem: law μ(x, y, t) on Alice's, Bob's inputs and a target.

    Bob must output ``o`` in ``output_alphabet``; he pays
    ``loss(t, o) = 0 if o is acceptable for t else 1``, where the acceptable
    outputs are ``{t}`` (0-1 loss) or ``relation[t]`` (promise problems).

    Parameters
    ----------
    name : str
        Catalogue name (lower case, hyphens) or any label.
    params : Mapping
        The parameters that define the law (ints, Fractions, strings).
    alice_alphabet, bob_alphabet, output_alphabet : Sequence
        The alphabets of X, Y and Bob's output O (hashable, distinct entries).
    joint : Mapping or numpy.ndarray
        Either a mapping ``(x, y, t) -> probability`` or an array of shape
        ``(|X|, |Y|, |T|)``.  All ints/Fractions: the problem is exact; any
        float: float mode.  Must be non-negative and sum to one.
    target_alphabet : Sequence, optional
        The alphabet of T; defaults to ``output_alphabet``.
    relation : Mapping, optional
        ``t -> collection of acceptable outputs``; default 0-1 loss (``{t}``).
    description : str, optional
        One line saying what the law is.

    Raises
    ------
    InvalidDistributionError
        If the law is negative, NaN, or does not sum to one.
    InvalidParameterError
        If alphabets repeat a symbol, or an entry of ``joint`` or ``relation``
        is outside the alphabets.

    Examples
    --------
    >>> from fractions import Fraction
    >>> half = Fraction(1, 2)
    >>> copy_bit = OneWayProblem("copy", {}, (0, 1), (None,), (0, 1),
    ...                          {(0, None, 0): half, (1, None, 1): half})
    >>> copy_bit.optimal_error(), copy_bit.trivial_error()
    (Fraction(0, 1), Fraction(1, 2))

    References
    ----------
    Brown et al., STOC 2021, section 4; docs/architecture.md, "One program".
    """

    def __init__(
        self,
        name: str,
        params: Mapping[str, Any],
        alice_alphabet: Sequence[Hashable],
        bob_alphabet: Sequence[Hashable],
        output_alphabet: Sequence[Hashable],
        joint: Mapping[tuple, Any] | np.ndarray,
        target_alphabet: Sequence[Hashable] | None = None,
        relation: Mapping[Hashable, Any] | None = None,
        description: str = "",
    ) -> None:
        self.name = str(name)
        self.params = dict(params)
        self.description = description
        self.alice_alphabet = alphabet(alice_alphabet, "Alice's alphabet")
        self.bob_alphabet = alphabet(bob_alphabet, "Bob's alphabet")
        self.output_alphabet = alphabet(output_alphabet, "the output alphabet")
        self.target_alphabet = alphabet(
            output_alphabet if target_alphabet is None else target_alphabet, "the target alphabet"
        )
        self.relation = None if relation is None else {t: frozenset(relation[t]) for t in relation}
        self._loss = loss_matrix(self.target_alphabet, self.output_alphabet, self.relation)
        self._joint, self.exact = law_array(
            joint, (self.alice_alphabet, self.bob_alphabet, self.target_alphabet))
        self._scaled_cache: tuple[np.ndarray, int] | None = None
        self._law = None

    #: Declared facts of a catalogue family (:class:`commlb.problems.structure.Structure`);
    #: None for a problem built by hand, whose certificates then embed the program.
    structure = None

    @classmethod
    def from_function(
        cls,
        f,
        alice_law: Mapping[Hashable, Any],
        bob_law_given_alice,
        *,
        name: str = "user-problem",
        params: Mapping[str, Any] | None = None,
        output_alphabet: Sequence[Hashable] | None = None,
        description: str = "",
    ) -> OneWayProblem:
        r"""A problem from Bob's target function ``f(x, y)`` and the input law.

        ``μ(x, y, t) = p(x) · p(y | x) · [t = f(x, y)]`` with 0-1 loss: Bob must
        output ``f(x, y)``.

        Parameters
        ----------
        f : callable
            ``f(x, y)`` -> the correct output (hashable).
        alice_law : Mapping
            ``x -> p(x)`` (ints/Fractions for an exact problem).
        bob_law_given_alice : callable or Mapping
            ``x -> {y: p(y | x)}``, or a mapping ``x -> {y: p(y | x)}``.
        name, params, description :
            Labels only: no method reads them (structure is never inferred from a name).
        output_alphabet : Sequence, optional
            Bob's outputs; defaults to the sorted values of ``f``.

        Examples
        --------
        Equality of two bits, with ``y = x`` half of the time:

        >>> from fractions import Fraction as F
        >>> bits = [0, 1]
        >>> p = OneWayProblem.from_function(
        ...     lambda x, y: int(x == y), {0: F(1, 2), 1: F(1, 2)},
        ...     lambda x: {y: F(1, 2) * (y == x) + F(1, 4) for y in bits})
        >>> p.optimal_error(), p.trivial_error()
        (Fraction(0, 1), Fraction(1, 4))
        """
        lookup = bob_law_given_alice if callable(bob_law_given_alice) else \
            bob_law_given_alice.__getitem__
        joint: dict[tuple, Any] = {}
        bob: dict[Hashable, None] = {}
        outputs: dict[Hashable, None] = {}
        for x, px in alice_law.items():
            for y, py in dict(lookup(x)).items():
                bob.setdefault(y)
                t = f(x, y)
                outputs.setdefault(t)
                joint[(x, y, t)] = joint.get((x, y, t), 0) + px * py
        if output_alphabet is None:
            try:
                output_alphabet = sorted(outputs)
            except TypeError:
                output_alphabet = list(outputs)
        return cls(name, dict(params or {}), list(alice_law), list(bob), output_alphabet, joint,
                   description=description)

    # ------------------------------------------------------------- accessors
    @property
    def law(self):
        """The input law μ as a :class:`commlb.info.Distribution` over ("X", "Y", "T").

        Examples
        --------
        >>> from commlb.problems import get
        >>> law = get("index", d=1).law
        >>> law.names, law.prob(((1,), 0, 1))
        (('X', 'Y', 'T'), Fraction(1, 2))

        References
        ----------
        dit-style laws, docs/architecture.md; Brown et al., STOC 2021, section 4.
        """
        if self._law is None:
            from commlb.info import Distribution

            outcomes = {}
            for i, j, t in zip(*np.nonzero(self._joint_nonzero()), strict=True):
                key = (self.alice_alphabet[i], self.bob_alphabet[j], self.target_alphabet[t])
                outcomes[key] = self._joint[i, j, t]
            self._law = Distribution(
                outcomes,
                names=("X", "Y", "T"),
                alphabets={
                    "X": self.alice_alphabet,
                    "Y": self.bob_alphabet,
                    "T": self.target_alphabet,
                },
            )
        return self._law

    def _joint_nonzero(self) -> np.ndarray:
        return np.vectorize(lambda v: v != 0, otypes=[bool])(self._joint)

    def joint_array(self, exact: bool | None = None) -> np.ndarray:
        """μ(x_i, y_j, t_a) as an array of shape ``(|X|, |Y|, |T|)`` (a copy).

        Exact mode gives an object array of Fractions, float mode float64.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=1).joint_array(exact=False).tolist()
        [[[0.5, 0.0]], [[0.0, 0.5]]]

        References
        ----------
        Brown et al., STOC 2021, section 4.
        """
        return self._view(self._joint, exact).copy()

    def joint_scaled(self) -> tuple[np.ndarray, int]:
        """``(P_int, N)``: integer numerators with ``μ(x_i, y_j, t_a) = P_int[i, j, a] / N``.

        ``P_int`` is int64 when ``N < 2^62`` (every partial sum then fits), else
        Python ints; exact problems only.

        Examples
        --------
        >>> from commlb.problems import get
        >>> numerators, scale = get("index", d=1).joint_scaled()
        >>> numerators.tolist(), scale
        ([[[1, 0]], [[0, 1]]], 2)
        """
        self._use_exact(True)
        if self._scaled_cache is None:
            self._scaled_cache = integer_form(self._joint)
        return self._scaled_cache

    def loss_matrix(self) -> np.ndarray:
        """``loss[a, o]`` in {0, 1}: 0 iff output o is acceptable for target t_a.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=1).loss_matrix().tolist()
        [[0, 1], [1, 0]]

        References
        ----------
        Brown et al., STOC 2021, section 4 (0-1 loss; relations for promise problems).
        """
        return self._loss.copy()

    def loss(self, t: Hashable, o: Hashable) -> int:
        """``loss(t, o)``: 0 if Bob's output ``o`` is acceptable for target ``t``, else 1.

        Examples
        --------
        >>> from commlb.problems import get
        >>> promise = get("gap-hamming-promise", d=2, g=2)
        >>> promise.loss(0, 1), promise.loss(-1, 1)
        (0, 1)

        References
        ----------
        Brown et al., STOC 2021, section 4.
        """
        return int(self._loss[self.target_alphabet.index(t), self.output_alphabet.index(o)])

    def _use_exact(self, exact: bool | None) -> bool:
        if exact is None:
            return self.exact
        if exact and not self.exact:
            raise InvalidParameterError(
                f"problem {self.name!r} has a float law; exact=True needs a law of "
                "ints/Fractions (build it from Fractions)"
            )
        return bool(exact)

    def _view(self, array: np.ndarray, exact: bool | None) -> np.ndarray:
        if self._use_exact(exact):
            return array
        return array.astype(np.float64)

    def params_json(self) -> dict[str, object]:
        """The parameters as JSON-able values (Fractions as ``"a/b"`` strings).

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("noisy-augmented-index", d=2, delta="1/4").params_json()
        {'d': 2, 'delta': '1/4'}

        References
        ----------
        Certificates store parameters as JSON strings (docs/architecture.md).
        """
        return {key: _json_param(value) for key, value in self.params.items()}

    def to_float(self) -> OneWayProblem:
        """The same problem with a float64 law (a view for fast numerics).

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=1).to_float().exact
        False

        References
        ----------
        docs/architecture.md, "Numbers" (floats are a view, not the value).
        """
        return OneWayProblem(
            self.name, self.params, self.alice_alphabet, self.bob_alphabet, self.output_alphabet,
            self._joint.astype(np.float64), self.target_alphabet,
            None if self.relation is None else {t: set(v) for t, v in self.relation.items()},
            self.description,
        )

    def relabelled(
        self, alice: Mapping | None = None, bob: Mapping | None = None
    ) -> OneWayProblem:
        """The same problem with Alice's and/or Bob's symbols renamed by bijections.

        Parameters
        ----------
        alice, bob : Mapping, optional
            ``old symbol -> new symbol`` (identity when omitted).

        Returns
        -------
        OneWayProblem

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("index", d=1).relabelled(alice={(0,): "a", (1,): "b"}).alice_alphabet
        ('a', 'b')

        References
        ----------
        Costs are invariant under relabelling (tests/test_protocols_properties.py).
        """
        rename_x = alice or {x: x for x in self.alice_alphabet}
        rename_y = bob or {y: y for y in self.bob_alphabet}
        return OneWayProblem(
            self.name, self.params, [rename_x[x] for x in self.alice_alphabet],
            [rename_y[y] for y in self.bob_alphabet], self.output_alphabet, self._joint.copy(),
            self.target_alphabet,
            None if self.relation is None else {t: set(v) for t, v in self.relation.items()},
            self.description,
        )

    def sizes(self) -> dict[str, int]:
        """``{"X": |X|, "Y": |Y|, "O": |O|, "T": |T|, "decision_functions": |O|^|Y|}``.

        Examples
        --------
        >>> from commlb.problems import get
        >>> get("gap-hamming", d=2, rho=0).sizes()["decision_functions"]
        16

        References
        ----------
        docs/architecture.md, "One program" (the alphabet of decision functions).
        """
        return {
            "X": len(self.alice_alphabet), "Y": len(self.bob_alphabet),
            "O": len(self.output_alphabet), "T": len(self.target_alphabet),
            "decision_functions": self.num_decision_functions,
        }

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={v}" for k, v in self.params_json().items())
        mode = "exact" if self.exact else "float"
        return (
            f"OneWayProblem({self.name}({params}); |X|={len(self.alice_alphabet)}, "
            f"|Y|={len(self.bob_alphabet)}, |O|={len(self.output_alphabet)}, {mode})"
        )

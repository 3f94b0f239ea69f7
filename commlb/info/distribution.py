"""Joint laws over named variables with finite alphabets, exact or float.

A :class:`Distribution` stores its support as integer codes (one column per
variable, indices into the variable's alphabet) and a vector of masses:

* **exact mode** — masses are integers over one common denominator, so
  marginals are integer sums and ``Σ p log2 p`` has an exact closed form;
* **float mode** — masses are float64.

Zero masses are allowed (the value stays in the alphabet, not in the support).
Validation happens here, at the boundary: every malformed law raises
:class:`~commlb.errors.InvalidDistributionError` saying what is wrong and where.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from commlb.errors import InvalidDistributionError
from commlb.info.validation import check_names, checked_mass, sorted_alphabet
from commlb.info.weights import Weights

__all__ = ["Distribution", "product"]

FLOAT_TOLERANCE = 1e-9


class Distribution:
    """A joint law over named variables with finite alphabets (exact or float).

    Parameters
    ----------
    outcomes : Mapping[tuple, probability]
        Outcome tuples (one value per name, in order) to probabilities.  With
        a single name, bare values are accepted as outcomes.  All probabilities
        ``int``/``Fraction`` gives an **exact** law; any ``float`` a **float**
        law.  Zeros are allowed.
    names : sequence of str
        The variable names.
    alphabets : Mapping[str, sequence], optional
        Alphabets to use (they may contain values of probability zero).  By
        default, the values seen in ``outcomes``, sorted when sortable.

    Raises
    ------
    InvalidDistributionError
        If the masses do not sum to one (exactly; within 1e-9 for floats), a
        mass is negative, NaN or infinite, an outcome has the wrong arity or a
        value outside its alphabet, or the names are not distinct strings.

    Examples
    --------
    >>> from fractions import Fraction
    >>> law = Distribution({(0, 0): Fraction(1, 2), (1, 1): Fraction(1, 2)}, names=("X", "Y"))
    >>> law.marginal("X")
    Distribution(X; exact)
      (0,): 1/2
      (1,): 1/2
    >>> law.exact
    True

    References
    ----------
    dit's Distribution is the model: the law is the first object, and
    measures are functions of it (docs/architecture.md).
    """

    __slots__ = ("_names", "_alphabets", "_codes", "_weights")

    def __init__(
        self,
        outcomes: Mapping[Any, Any],
        names: Sequence[str],
        alphabets: Mapping[str, Sequence[Any]] | None = None,
    ) -> None:
        names = check_names(names)
        if not isinstance(outcomes, Mapping) or not outcomes:
            raise InvalidDistributionError("a law needs a non-empty mapping of outcomes to masses")
        keys, masses = [], []
        for key, value in outcomes.items():
            outcome = key if isinstance(key, tuple) else (key,) if len(names) == 1 else key
            if not isinstance(outcome, tuple) or len(outcome) != len(names):
                raise InvalidDistributionError(
                    f"outcome {key!r} has the wrong arity: expected a tuple of {len(names)} "
                    f"values for {names}"
                )
            keys.append(outcome)
            masses.append(checked_mass(value, f"outcome {outcome!r}"))
        if alphabets is None:
            alpha = tuple(sorted_alphabet(k[j] for k in keys) for j in range(len(names)))
        else:
            unknown = set(alphabets) - set(names)
            if unknown:
                raise InvalidDistributionError(f"alphabets given for unknown variables {unknown}")
            alpha = tuple(
                tuple(alphabets[n]) if n in alphabets else sorted_alphabet(k[j] for k in keys)
                for j, n in enumerate(names)
            )
        index = [{v: i for i, v in enumerate(a)} for a in alpha]
        codes = np.empty((len(keys), len(names)), dtype=np.int64)
        for r, k in enumerate(keys):
            for j, v in enumerate(k):
                try:
                    codes[r, j] = index[j][v]
                except (KeyError, TypeError):
                    raise InvalidDistributionError(
                        f"value {v!r} of variable {names[j]!r} in outcome {k!r} is not in its "
                        f"alphabet {alpha[j]}"
                    ) from None
        weights = Weights.from_masses(masses, where="the law")
        self._init(names, alpha, codes, weights, merge=True)

    # -- internal construction ------------------------------------------------------
    def _init(self, names, alphabets, codes, weights: Weights, merge: bool) -> None:
        if merge:
            codes, inverse = _unique_rows(codes, [len(a) for a in alphabets])
            weights = weights.group_sum(inverse, len(codes))
        keep = weights.nonzero()
        self._names = tuple(names)
        self._alphabets = tuple(tuple(a) for a in alphabets)
        self._codes = codes[keep]
        self._weights = weights.select(keep)

    @classmethod
    def _from_parts(cls, names, alphabets, codes, weights: Weights, merge: bool = True):
        obj = cls.__new__(cls)
        obj._init(names, alphabets, codes, weights, merge)
        return obj

    @classmethod
    def from_array(
        cls,
        array: Any,
        names: Sequence[str],
        alphabets: Mapping[str, Sequence[Any]] | None = None,
    ) -> Distribution:
        """The law whose mass at ``(a_1[i_1], …)`` is ``array[i_1, …]``.

        A float array gives a float law; an object array of ints/Fractions an
        exact law.  ``alphabets`` defaults to ``range(size)`` per axis.

        >>> import numpy as np
        >>> Distribution.from_array(np.full((2, 2), 0.25), names=("X", "Y")).exact
        False
        """
        names = check_names(names)
        arr = np.asarray(array)
        if arr.ndim != len(names):
            raise InvalidDistributionError(
                f"array has {arr.ndim} axes but {len(names)} names {names} were given"
            )
        alphabets = dict(alphabets or {})
        alpha = []
        for j, n in enumerate(names):
            a = tuple(alphabets.get(n, range(arr.shape[j])))
            if len(a) != arr.shape[j]:
                raise InvalidDistributionError(
                    f"alphabet of {n!r} has {len(a)} values but axis {j} has size {arr.shape[j]}"
                )
            alpha.append(a)
        codes = np.indices(arr.shape).reshape(len(names), -1).T.astype(np.int64)
        flat = arr.reshape(-1)
        if flat.dtype == object:
            weights = Weights.from_masses([checked_mass(v, "an array entry") for v in flat], "the array")
        else:
            if not np.issubdtype(flat.dtype, np.number) or np.issubdtype(flat.dtype, np.complexfloating):
                raise InvalidDistributionError(f"array of dtype {flat.dtype} is not a real array")
            weights = Weights.from_float_array(flat.astype(np.float64), "the array")
        return cls._from_parts(names, alpha, codes, weights, merge=False)

    # -- basic access -------------------------------------------------------------
    @property
    def names(self) -> tuple[str, ...]:
        """The variable names, in order."""
        return self._names

    @property
    def alphabets(self) -> dict[str, tuple]:
        """Each variable's alphabet."""
        return dict(zip(self._names, self._alphabets, strict=True))

    @property
    def exact(self) -> bool:
        """True for an exact (rational) law, False for a float law."""
        return self._weights.exact

    @property
    def weights(self) -> Weights:
        """The masses of the support, in :meth:`support` order (internal form)."""
        return self._weights

    def _positions(self, names: str | Sequence[str]) -> list[int]:
        if isinstance(names, str):
            names = (names,)
        positions = []
        for n in names:
            if n not in self._names:
                raise InvalidDistributionError(
                    f"unknown variable {n!r}; this law has variables {self._names}"
                )
            positions.append(self._names.index(n))
        return positions

    def support(self) -> list[tuple]:
        """The outcomes of positive probability."""
        alpha = self._alphabets
        return [tuple(alpha[j][c] for j, c in enumerate(row)) for row in self._codes.tolist()]

    def items(self) -> list[tuple[tuple, Fraction | float]]:
        """``(outcome, probability)`` pairs over the support."""
        return list(zip(self.support(), self._weights.values(), strict=True))

    def prob(self, outcome: Any) -> Fraction | float:
        """The probability of one outcome (0 for a value in the alphabets but not the support)."""
        outcome = outcome if isinstance(outcome, tuple) else (outcome,)
        if len(outcome) != len(self._names):
            raise InvalidDistributionError(
                f"outcome {outcome!r} has the wrong arity for variables {self._names}"
            )
        for o, p in self.items():
            if o == outcome:
                return p
        return Fraction(0) if self.exact else 0.0

    __getitem__ = prob

    # -- transformations ----------------------------------------------------------
    def marginal(self, *names: str) -> Distribution:
        """The law of the named variables (in the order given)."""
        if len(names) == 1 and not isinstance(names[0], str):
            names = tuple(names[0])
        pos = self._positions(names)
        return Distribution._from_parts(
            [self._names[p] for p in pos], [self._alphabets[p] for p in pos],
            self._codes[:, pos], self._weights,
        )

    def conditional(self, names: str | Sequence[str], given: str | Sequence[str]) -> dict:
        """The law of ``names`` given each value of ``given`` (positive probability only).

        Returns a dict from the tuple of values of ``given`` to a Distribution.
        """
        names = (names,) if isinstance(names, str) else tuple(names)
        given = (given,) if isinstance(given, str) else tuple(given)
        if set(names) & set(given):
            raise InvalidDistributionError(f"variables {set(names) & set(given)} are on both sides")
        joint = self.marginal(*given, *names)
        k = len(given)
        out: dict[tuple, Distribution] = {}
        groups, inverse = _unique_rows(joint._codes[:, :k], [len(a) for a in joint._alphabets[:k]])
        for g in range(len(groups)):
            rows = np.flatnonzero(inverse == g)
            key = tuple(joint._alphabets[j][c] for j, c in enumerate(groups[g]))
            out[key] = Distribution._from_parts(
                names, joint._alphabets[k:], joint._codes[rows, k:],
                joint._weights.select(rows).normalized(), merge=False,
            )
        return out

    def apply_channel(
        self,
        channel: Mapping[Any, Mapping[Any, Any]] | Callable[[Any], Mapping[Any, Any]],
        inputs: str | Sequence[str],
        output: str,
    ) -> Distribution:
        """Add variable ``output`` drawn from ``channel(value of inputs)``.

        ``channel`` maps the value of ``inputs`` (a tuple, or a bare value when
        ``inputs`` is one name) to a law ``{output value: probability}``.
        Exact inputs and an exact channel give an exact law.

        >>> from fractions import Fraction
        >>> bit = Distribution({0: Fraction(1, 2), 1: Fraction(1, 2)}, names=("X",))
        >>> bsc = {x: {x: Fraction(3, 4), 1 - x: Fraction(1, 4)} for x in (0, 1)}
        >>> bit.apply_channel(bsc, "X", "Y").prob((0, 1))
        Fraction(1, 8)
        """
        if output in self._names:
            raise InvalidDistributionError(f"variable {output!r} already exists in this law")
        single = isinstance(inputs, str)
        pos = self._positions(inputs)
        rows: dict[tuple, Any] = {}
        for outcome, p in self.items():
            key = outcome[pos[0]] if single else tuple(outcome[j] for j in pos)
            try:
                law = channel(key) if callable(channel) else channel[key]
            except (KeyError, IndexError):
                raise InvalidDistributionError(
                    f"the channel has no row for input {key!r} of {inputs}"
                ) from None
            total = 0
            for y, q in law.items():
                q = checked_mass(q, f"channel output {y!r} given {key!r}")
                total += q
                if q:
                    rows[(*outcome, y)] = rows.get((*outcome, y), 0) + p * q
            if (isinstance(total, Fraction) and total != 1) or abs(total - 1) > FLOAT_TOLERANCE:
                raise InvalidDistributionError(
                    f"the channel's row for input {key!r} sums to {total}, not 1"
                )
        alphabets = self.alphabets
        return Distribution(rows, (*self._names, output), alphabets=alphabets)

    def to_array(self, names: Sequence[str] | None = None) -> tuple[np.ndarray, dict[str, tuple]]:
        """Dense array of masses over the product of alphabets, and the alphabets.

        Object dtype of Fractions in exact mode, float64 otherwise.
        """
        law = self if names is None else self.marginal(*names)
        shape = tuple(len(a) for a in law._alphabets)
        arr = np.zeros(shape, dtype=object if law.exact else np.float64)
        if law.exact:
            arr[...] = Fraction(0)
        for row, p in zip(law._codes.tolist(), law._weights.values(), strict=True):
            arr[tuple(row)] = p
        return arr, law.alphabets

    def to_float(self) -> Distribution:
        """The same law in float mode."""
        return Distribution._from_parts(self._names, self._alphabets, self._codes,
                                        self._weights.to_float(), merge=False)

    # -- comparison and display -----------------------------------------------------
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Distribution):
            return NotImplemented
        if set(self._names) != set(other._names):
            return False
        mine = {tuple(zip(self._names, o, strict=True)): p for o, p in self.items()}
        theirs = {
            tuple(sorted(zip(other._names, o, strict=True), key=lambda t: self._names.index(t[0]))): p
            for o, p in other.items()
        }
        return mine == theirs

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        mode = "exact" if self.exact else "float"
        lines = [f"Distribution({', '.join(self._names)}; {mode})"]
        items = self.items()
        for outcome, p in items[:20]:
            lines.append(f"  {outcome!r}: {p}")
        if len(items) > 20:
            lines.append(f"  ... ({len(items) - 20} more outcomes)")
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        head = " & ".join(rf"\mathrm{{{n}}}" for n in self._names) + r" & \Pr \\ \hline"
        body = []
        for outcome, p in self.items()[:40]:
            cell = (rf"\tfrac{{{p.numerator}}}{{{p.denominator}}}"
                    if isinstance(p, Fraction) and p.denominator != 1 else f"{p}")
            body.append(" & ".join(str(v) for v in outcome) + f" & {cell} \\\\")
        cols = "c" * len(self._names) + "|c"
        return rf"$\begin{{array}}{{{cols}}}{head}" + "".join(body) + r"\end{array}$"


def _unique_rows(codes: np.ndarray, sizes: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """Distinct rows of an integer code matrix and the inverse index."""
    if codes.shape[1] == 0:
        return np.zeros((1, 0), dtype=np.int64), np.zeros(len(codes), dtype=np.int64)
    if math.prod(max(s, 1) for s in sizes) < 2**62:
        strides = np.cumprod([1, *[max(s, 1) for s in sizes[:0:-1]]])[::-1].astype(np.int64)
        keys = codes @ strides
        uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        return codes[first], inverse.reshape(-1)
    uniq, inverse = np.unique(codes, axis=0, return_inverse=True)
    return uniq, inverse.reshape(-1)


def product(*laws: Distribution) -> Distribution:
    """The product law ``P_1 ⊗ P_2 ⊗ …`` of laws over disjoint variables.

    >>> from fractions import Fraction
    >>> bit = Distribution({0: Fraction(1, 2), 1: Fraction(1, 2)}, names=("X",))
    >>> coin = Distribution({0: Fraction(1, 3), 1: Fraction(2, 3)}, names=("Y",))
    >>> product(bit, coin).prob((1, 1))
    Fraction(1, 3)
    """
    if not laws:
        raise InvalidDistributionError("product() needs at least one law")
    names: list[str] = []
    for law in laws:
        if not isinstance(law, Distribution):
            raise InvalidDistributionError(f"product() takes Distributions, got {type(law).__name__}")
        clash = set(names) & set(law.names)
        if clash:
            raise InvalidDistributionError(f"product() needs disjoint variables; {clash} repeat")
        names.extend(law.names)
    codes, weights = laws[0]._codes, laws[0]._weights
    alphabets = list(laws[0]._alphabets)
    for law in laws[1:]:
        a, b = len(codes), len(law._codes)
        codes = np.hstack([np.repeat(codes, b, axis=0), np.tile(law._codes, (a, 1))])
        weights = weights.outer(law._weights)
        alphabets.extend(law._alphabets)
    return Distribution._from_parts(names, alphabets, codes, weights, merge=False)

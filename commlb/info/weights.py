"""Probability masses of a law's support: integers over one denominator, or floats.

Exact masses are stored as integer numerators over a common denominator
``den``: marginalising is then integer addition, and
``Σ −p log2 p = log2 den − (1/den)·Σ a·log2 a`` has an exact closed form.
Numerators use int64 when they fit and Python integers otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

import numpy as np

from commlb.errors import InvalidDistributionError

__all__ = ["Weights"]

_INT64_SAFE = 2**62
FLOAT_TOLERANCE = 1e-9


class Weights:
    """Masses of a support: ``exact`` (numerators, common ``den``) or float64."""

    __slots__ = ("num", "den", "flt")

    def __init__(self, num: np.ndarray | None, den: int | None, flt: np.ndarray | None) -> None:
        self.num, self.den, self.flt = num, den, flt

    # -- construction -------------------------------------------------------------
    @staticmethod
    def _int_array(values: Sequence[int], bound: int) -> np.ndarray:
        if bound < _INT64_SAFE:
            return np.asarray(values, dtype=np.int64).reshape(-1)
        arr = np.empty(len(values), dtype=object)
        arr[:] = [int(v) for v in values]
        return arr

    @classmethod
    def from_masses(cls, masses: Sequence[Fraction | float], where: str) -> Weights:
        """Validated weights from a list of Fractions/ints or floats."""
        if any(isinstance(m, float) for m in masses):
            return cls.from_float_array(np.array([float(m) for m in masses]), where)
        den = 1
        for m in masses:
            den = math.lcm(den, m.denominator)
        nums = [m.numerator * (den // m.denominator) for m in masses]
        total = sum(nums)
        if total != den:
            raise InvalidDistributionError(
                f"the masses of {where} sum to {Fraction(total, den)}, not exactly 1; "
                "normalise them (or use floats for approximate laws)"
            )
        return cls(cls._int_array(nums, den), den, None)

    @classmethod
    def from_float_array(cls, values: np.ndarray, where: str) -> Weights:
        """Validated float weights."""
        values = np.asarray(values, dtype=np.float64).reshape(-1)
        bad = ~np.isfinite(values)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise InvalidDistributionError(
                f"mass number {i} of {where} is {values[i]}; probabilities must be finite"
            )
        if (values < 0).any():
            i = int(np.flatnonzero(values < 0)[0])
            raise InvalidDistributionError(f"mass number {i} of {where} is negative ({values[i]})")
        total = float(values.sum())
        if abs(total - 1.0) > FLOAT_TOLERANCE:
            raise InvalidDistributionError(
                f"the masses of {where} sum to {total!r}, not 1 (tolerance {FLOAT_TOLERANCE}); "
                "normalise them"
            )
        return cls(None, None, values)

    # -- queries ------------------------------------------------------------------
    @property
    def exact(self) -> bool:
        """Whether the masses are exact rationals."""
        return self.flt is None

    def __len__(self) -> int:
        return len(self.flt) if self.flt is not None else len(self.num)

    def values(self) -> list[Fraction] | list[float]:
        """The masses as Fractions (exact) or floats."""
        if self.flt is not None:
            return self.flt.tolist()
        return [Fraction(int(a), self.den) for a in self.num]

    def as_float(self) -> np.ndarray:
        """The masses as a float64 array (rounded in exact mode)."""
        if self.flt is not None:
            return self.flt
        if self.num.dtype == object:
            return np.array([float(Fraction(int(a), self.den)) for a in self.num])
        return self.num.astype(np.float64) / float(self.den)

    def nonzero(self) -> np.ndarray:
        """Indices of the positive masses."""
        arr = self.flt if self.flt is not None else self.num
        return np.flatnonzero(arr != 0)

    # -- transformations ------------------------------------------------------------
    def select(self, index: np.ndarray) -> Weights:
        """The masses at ``index`` (not renormalised)."""
        if self.flt is not None:
            return Weights(None, None, self.flt[index])
        return Weights(self.num[index], self.den, None)

    def group_sum(self, inverse: np.ndarray, groups: int) -> Weights:
        """Sum the masses sharing a group label ``inverse[i]``."""
        if self.flt is not None:
            return Weights(None, None, np.bincount(inverse, weights=self.flt, minlength=groups))
        out = np.zeros(groups, dtype=self.num.dtype)
        if self.num.dtype == object:
            out[:] = 0
        np.add.at(out, inverse, self.num)
        return Weights(out, self.den, None)

    def normalized(self) -> Weights:
        """The masses scaled to sum to one (exactly, in exact mode)."""
        if self.flt is not None:
            return Weights(None, None, self.flt / self.flt.sum())
        total = int(sum(int(a) for a in self.num)) if self.num.dtype == object else int(
            self.num.sum())
        g = math.gcd(total, *[int(a) for a in self.num]) if len(self.num) else 1
        nums = [int(a) // g for a in self.num]
        den = total // g
        return Weights(self._int_array(nums, den), den, None)

    def to_float(self) -> Weights:
        """The same masses as floats."""
        return Weights(None, None, self.as_float())

    def outer(self, other: Weights) -> Weights:
        """Masses of the product law, row-major (``self`` varies slowest)."""
        if self.flt is not None or other.flt is not None:
            return Weights(None, None, np.outer(self.as_float(), other.as_float()).reshape(-1))
        den = self.den * other.den
        if den < _INT64_SAFE and self.num.dtype != object and other.num.dtype != object:
            return Weights(np.outer(self.num, other.num).reshape(-1), den, None)
        nums = [int(a) * int(b) for a in self.num for b in other.num]
        return Weights(self._int_array(nums, den), den, None)

"""Exact reals of the form ``r0 + Σ_i c_i·log2(r_i)`` with rational ``r0, c_i, r_i``.

Every information measure of a law with rational probabilities is such a number
(a sum of ``p·log2 p`` terms), and so are the closed forms of the index family
(``d·(1 − h(δ))`` at rational ``δ``).  :class:`Exact` keeps them exactly:

* rationals ``r_i`` are split into integers; powers of two go into the rational
  part (``log2 2 = 1``), small primes are factored out by trial division, and a
  large remaining cofactor is kept as it is;
* deciding ``x == y`` reduces ``x − y`` over a *coprime basis* of the integers
  involved (gcds only, no factoring).  Logarithms of pairwise coprime odd
  integers ``> 1`` are linearly independent over ℚ together with 1 (unique
  factorisation), so the difference is zero exactly when every coefficient
  is; otherwise its sign is found by interval evaluation at rising precision,
  which terminates because the value is not zero;
* :meth:`Exact.interval` evaluates with mpmath interval arithmetic (outward
  rounding) and widens to floats outward, so the result provably contains the
  value.

>>> from fractions import Fraction
>>> h = -Exact.xlog2x(Fraction(1, 4)) - Exact.xlog2x(Fraction(3, 4))
>>> h
Exact(2 - 3/4·log2(3))
>>> h == 2 - Exact.log2(3) * Fraction(3, 4)
True
>>> h.interval().contains(float(h))
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from fractions import Fraction
from numbers import Rational

import mpmath

from commlb.info.interval import Interval
from commlb.info.log_integers import factored, log2_terms_of_integers, reduce_to_basis
from commlb.numbers import interval_context

__all__ = ["Exact", "exact_sum_plogp", "log2_terms_of_integers"]

RationalLike = int | Fraction

def _as_fraction(value: object) -> Fraction:
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number here")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    raise TypeError(f"expected an int or Fraction, got {type(value).__name__}")


REPR_TERMS = 12  # log2 terms shown by repr(); more are summarised


class Exact:
    """An exact real ``r0 + Σ_b c_b·log2(b)`` (bits); see the module docstring.

    Parameters
    ----------
    value : int or Fraction, optional
        The rational value (default 0).

    Examples
    --------
    >>> from fractions import Fraction
    >>> x = Exact.log2(Fraction(9, 4))
    >>> x
    Exact(-2 + 2·log2(3))
    >>> float(x)
    1.1699250014423124
    >>> x > 1
    True
    """

    __slots__ = ("_const", "_terms")

    def __init__(self, value: RationalLike = 0) -> None:
        self._const = _as_fraction(value)
        self._terms: dict[int, Fraction] = {}

    @classmethod
    def _make(cls, const: Fraction, terms: dict[int, Fraction]) -> Exact:
        obj = cls.__new__(cls)
        obj._const = Fraction(const)
        obj._terms = {b: Fraction(c) for b, c in terms.items() if c}
        return obj

    # -- constructors -----------------------------------------------------------
    @classmethod
    def from_log2_terms(cls, const: RationalLike, terms: dict[int, RationalLike]) -> Exact:
        """``const + Σ_b c_b·log2(b)`` over odd integers ``b > 1`` (as produced by
        :func:`~commlb.info.log_integers.log2_terms_of_integers`)."""
        for b in terms:
            if b <= 1 or b % 2 == 0:
                raise ValueError(f"log2 bases must be odd integers > 1, got {b}")
        return cls._make(_as_fraction(const), {b: _as_fraction(c) for b, c in terms.items()})

    @classmethod
    def log2(cls, r: RationalLike) -> Exact:
        """``log2(r)`` for a positive rational ``r``."""
        r = _as_fraction(r)
        if r <= 0:
            raise ValueError(f"log2({r}) is not a real number: the argument must be positive")
        const, terms = log2_terms_of_integers({r.numerator: Fraction(1)})
        const2, terms2 = log2_terms_of_integers({r.denominator: Fraction(1)})
        for b, c in terms2.items():
            terms[b] = terms.get(b, Fraction(0)) - c
        return cls._make(const - const2, terms)

    @classmethod
    def xlog2x(cls, p: RationalLike) -> Exact:
        """``p·log2 p`` for a rational ``p >= 0`` (0 at ``p = 0``)."""
        p = _as_fraction(p)
        if p < 0:
            raise ValueError(f"p·log2 p needs p >= 0, got {p}")
        return cls() if p == 0 else cls.log2(p) * p

    # -- structure --------------------------------------------------------------
    def _canonical(self) -> tuple[Fraction, dict[int, Fraction]]:
        return self._const, reduce_to_basis(self._terms)

    @property
    def is_rational(self) -> bool:
        """Whether the value is a rational number (all log coefficients vanish)."""
        return not self._canonical()[1]

    @property
    def rational(self) -> Fraction:
        """The value as a Fraction; raises ValueError if it is irrational."""
        if not self.is_rational:
            raise ValueError(f"{self} is irrational")
        return self._const

    @property
    def expr(self):
        """The value as a sympy expression (``log(b, 2)`` terms, rational coefficients)."""
        import sympy

        out = sympy.Rational(self._const.numerator, self._const.denominator)
        for b, c in sorted(self._terms.items()):
            out += sympy.Rational(c.numerator, c.denominator) * sympy.log(b, 2)
        return out

    # -- evaluation -------------------------------------------------------------
    def _mp_interval(self, prec: int):
        ctx = interval_context(prec)  # private precision: nothing global changes
        total = ctx.mpf(self._const.numerator) / self._const.denominator
        if self._terms:
            ln2 = ctx.log(2)
            for b, c in self._terms.items():
                total += ctx.mpf(c.numerator) / c.denominator * (ctx.log(ctx.mpf(b)) / ln2)
        return total

    def interval(self, bits: int = 64) -> Interval:
        """A float :class:`Interval` proven to contain the value.

        Evaluated in mpmath interval arithmetic at ``bits + 20`` bits of
        precision, then widened outward to the neighbouring float64 values.
        """
        iv = self._mp_interval(bits + 20)
        lo = math.nextafter(float(iv.a), -math.inf)
        hi = math.nextafter(float(iv.b), math.inf)
        return Interval(lo, hi, certified=True)

    def __float__(self) -> float:
        if not self._terms:
            return float(self._const)
        with mpmath.workprec(96):
            total = mpmath.mpf(self._const.numerator) / self._const.denominator
            for b, c in self._terms.items():
                total += mpmath.mpf(c.numerator) / c.denominator * mpmath.log(b, 2)
            return float(total)

    def sign(self) -> int:
        """-1, 0 or 1, decided exactly."""
        const, terms = self._canonical()
        if not terms:
            return (const > 0) - (const < 0)
        probe = Exact._make(const, terms)
        prec = 64
        while True:
            iv = probe._mp_interval(prec)
            if iv.a > 0:
                return 1
            if iv.b < 0:
                return -1
            if prec == 1024:  # belt and braces: certify non-zero by full factorisation
                terms = factored(terms)
                if not terms:
                    return (const > 0) - (const < 0)
                probe = Exact._make(const, terms)
            prec *= 2  # the value is not zero, so enough precision separates it from 0

    # -- arithmetic -------------------------------------------------------------
    @staticmethod
    def _coerce(other: object) -> Exact | None:
        if isinstance(other, Exact):
            return other
        if isinstance(other, (int, Fraction)) and not isinstance(other, bool):
            return Exact(other)
        return None

    def __add__(self, other: object) -> Exact:
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        terms = dict(self._terms)
        for b, c in o._terms.items():
            terms[b] = terms.get(b, Fraction(0)) + c
        return Exact._make(self._const + o._const, terms)

    __radd__ = __add__

    def __neg__(self) -> Exact:
        return Exact._make(-self._const, {b: -c for b, c in self._terms.items()})

    def __sub__(self, other: object) -> Exact:
        o = self._coerce(other)
        return NotImplemented if o is None else self + (-o)

    def __rsub__(self, other: object) -> Exact:
        o = self._coerce(other)
        return NotImplemented if o is None else o + (-self)

    def __mul__(self, other: object) -> Exact:
        if isinstance(other, Exact):
            if other.is_rational:
                other = other.rational
            elif self.is_rational:
                return other * self.rational
            else:
                return NotImplemented  # products of logarithms leave the class
        if isinstance(other, bool) or not isinstance(other, (int, Fraction)):
            return NotImplemented
        f = Fraction(other)
        return Exact._make(self._const * f, {b: c * f for b, c in self._terms.items()})

    __rmul__ = __mul__

    def __truediv__(self, other: object) -> Exact:
        if isinstance(other, Exact) and other.is_rational:
            other = other.rational
        if isinstance(other, bool) or not isinstance(other, (int, Fraction)):
            return NotImplemented
        if other == 0:
            raise ZeroDivisionError("division of an exact value by zero")
        return self * (1 / Fraction(other))

    # -- comparison -------------------------------------------------------------
    def _compare(self, other: object) -> int | None:
        o = self._coerce(other)
        if o is not None:
            return (self - o).sign()
        if isinstance(other, float):
            if math.isnan(other):
                return None
            if math.isinf(other):
                return -1 if other > 0 else 1
            return (self - Fraction(other)).sign()  # a float is an exact dyadic rational
        return None

    def __eq__(self, other: object) -> bool:
        c = self._compare(other)
        return NotImplemented if c is None else c == 0

    def __lt__(self, other: object) -> bool:
        c = self._compare(other)
        return NotImplemented if c is None else c < 0

    def __le__(self, other: object) -> bool:
        c = self._compare(other)
        return NotImplemented if c is None else c <= 0

    def __gt__(self, other: object) -> bool:
        c = self._compare(other)
        return NotImplemented if c is None else c > 0

    def __ge__(self, other: object) -> bool:
        c = self._compare(other)
        return NotImplemented if c is None else c >= 0

    def __hash__(self) -> int:
        const, terms = self._canonical()
        if not terms:
            return hash(const)
        return hash((const, frozenset(factored(terms).items())))

    def __bool__(self) -> bool:
        return self.sign() != 0

    # -- display ----------------------------------------------------------------
    def __str__(self) -> str:
        parts = [] if (self._const == 0 and self._terms) else [str(self._const)]
        for b, c in sorted(self._terms.items()):
            mag = abs(c)
            coef = "" if mag == 1 else f"{mag}·"
            sign = "-" if c < 0 else "+"
            parts.append(f"{sign} {coef}log2({b})")
        text = " ".join(parts)
        return text[2:] if text.startswith("+ ") else ("-" + text[2:] if text.startswith("- ")
                                                        else text)

    def __repr__(self) -> str:
        """``Exact(<the closed form>)``; past :data:`REPR_TERMS` log terms, its value and size.

        ``str()`` always gives the whole closed form.
        """
        if len(self._terms) > REPR_TERMS:
            return (f"Exact(≈ {float(self):.12g}: a rational plus {len(self._terms)} "
                    "log2 terms; str() shows them)")
        return f"Exact({self})"

    def _repr_latex_(self) -> str:
        import sympy

        return f"${sympy.latex(self.expr)}$"


def exact_sum_plogp(probabilities: Iterable[RationalLike]) -> Exact:
    """``Σ_i −p_i·log2 p_i`` (the entropy of a list of rational masses), exactly.

    Groups equal masses and factors each distinct numerator and denominator once.

    >>> from fractions import Fraction
    >>> exact_sum_plogp([Fraction(1, 4)] * 4)
    Exact(2)
    """
    weight: dict[Fraction, Fraction] = {}
    for p in probabilities:
        p = _as_fraction(p)
        if p < 0:
            raise ValueError(f"a probability mass cannot be negative ({p})")
        if p:
            weight[p] = weight.get(p, Fraction(0)) + p
    by_integer: dict[int, Fraction] = {}
    for p, w in weight.items():
        by_integer[p.numerator] = by_integer.get(p.numerator, Fraction(0)) - w
        by_integer[p.denominator] = by_integer.get(p.denominator, Fraction(0)) + w
    const, terms = log2_terms_of_integers(by_integer)
    return Exact._make(const, terms)

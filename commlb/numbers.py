"""The number rule: one rational coercion and one kind of certified interval.

Every entry point of commlb, Python and command line, reads a number with
:func:`as_rational`: ints and Fractions as they are, strings as ``"a/b"`` or a
decimal, and a float as its **shortest decimal** (``0.1`` is ``1/10``, not the
binary value ``3602879701896397/36028797018963968``), so that what a user types
is what is computed.  Certified real numbers are :class:`Interval` objects whose
ends were rounded outward; :func:`interval_context` gives a private mpmath
interval context (its precision is local to it, never a global setting) and
:meth:`Interval.enclosing` turns one of its values into float ends.

>>> as_rational(0.1), as_rational("1/10"), as_rational("2.5e-1")
(Fraction(1, 10), Fraction(1, 10), Fraction(1, 4))
>>> ctx = interval_context(128)
>>> Interval.enclosing(ctx.log(ctx.mpf(2))).contains(0.6931471805599453)
True
"""

from __future__ import annotations

import math
import numbers as _abc
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from commlb.errors import InvalidParameterError

__all__ = ["as_rational", "as_probability", "Interval", "interval_context", "rational_text",
           "decimal_below", "decimal_above"]


def as_rational(value: object, what: str = "value") -> Fraction:
    """``value`` as an exact rational: the one coercion of every entry point.

    Parameters
    ----------
    value : int, Fraction, float, Decimal, numpy scalar or str
        A float is read as its shortest decimal (``repr``), so ``0.1 -> 1/10``;
        a string as ``"a/b"``, an integer or a decimal (``"0.1"``, ``"1e-3"``).
    what : str
        The quantity's name, for the error message.

    Returns
    -------
    Fraction

    Raises
    ------
    InvalidParameterError
        Booleans, NaN, infinities and text that is not a number.

    Examples
    --------
    >>> as_rational(3), as_rational(0.1), as_rational(" 3/12 ")
    (Fraction(3, 1), Fraction(1, 10), Fraction(1, 4))
    >>> as_rational(float("nan"), "error")
    Traceback (most recent call last):
    ...
    commlb.errors.InvalidParameterError: error must be a finite number such as 0.1 or 1/10, got nan

    References
    ----------
    Python's ``repr(float)`` is the shortest decimal that reads back as the same
    float (D. Gay, "Correctly rounded binary-decimal conversions", 1990).
    """
    if isinstance(value, bool) or value is None:
        raise InvalidParameterError(f"{what} must be a number such as 0.1 or 1/10, got {value!r}")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, _abc.Integral):
        return Fraction(int(value))
    if isinstance(value, _abc.Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidParameterError(f"{what} must be a finite number, got {value}")
        return Fraction(value)
    if isinstance(value, _abc.Real):
        number = float(value)
        if not math.isfinite(number):
            raise InvalidParameterError(
                f"{what} must be a finite number such as 0.1 or 1/10, got {number!r}")
        return Fraction(repr(number))
    if isinstance(value, str):
        text = value.strip()
        if text and len(text) <= 10_000 and text.lower() not in ("nan", "inf", "-inf", "+inf",
                                                                 "infinity", "-infinity"):
            try:
                return Fraction(text)
            except (ValueError, ZeroDivisionError):
                pass
    raise InvalidParameterError(f"{what} must be a number such as 0.1 or 1/10, got {value!r}")


def as_probability(value: object, what: str = "value") -> Fraction:
    """:func:`as_rational`, refused outside ``[0, 1]``.

    Examples
    --------
    >>> as_probability("1/4", "error")
    Fraction(1, 4)
    """
    number = as_rational(value, what)
    if not 0 <= number <= 1:
        raise InvalidParameterError(f"{what} must lie in [0, 1], got {number}")
    return number


def rational_text(value: Fraction | int) -> str:
    """``"a/b"`` (or ``"a"``) for a certificate, even for numbers of more than 4300 digits.

    Examples
    --------
    >>> rational_text(Fraction(3, 6)), len(rational_text(Fraction(10**5000, 3)))
    ('1/2', 5003)
    """
    value = Fraction(value)
    return _digits(value.numerator) + ("" if value.denominator == 1 else "/" + _digits(value.denominator))


def _digits(n: int) -> str:
    """Decimal digits of an integer of any size (divide and conquer, no global limit)."""
    if n < 0:
        return "-" + _digits(-n)
    if n < 10**4000:
        return str(n)
    half = (len(bin(n)) * 3) // 20  # about half the decimal digits
    high, low = divmod(n, 10**half)
    return _digits(high) + _digits(low).rjust(half, "0")


def decimal_below(value: float | Fraction, digits: int = 17) -> str:
    """A decimal string ``<= value`` with ``digits`` significant digits (a claimed lower end).

    Examples
    --------
    >>> decimal_below(Fraction(2, 3), 4), decimal_above(Fraction(2, 3), 4)
    ('0.6666', '0.6667')
    """
    return _decimal(Fraction(value), digits, math.floor)


def decimal_above(value: float | Fraction, digits: int = 17) -> str:
    """A decimal string ``>= value`` with ``digits`` significant digits (a claimed upper end)."""
    return _decimal(Fraction(value), digits, math.ceil)


def _decimal(value: Fraction, digits: int, rounding) -> str:
    if value == 0:
        return "0"
    exponent = math.floor(math.log10(abs(value.numerator)) - math.log10(value.denominator))
    shift = digits - 1 - exponent
    scaled = rounding(value * Fraction(10) ** shift)
    text = str(Decimal(scaled).scaleb(-shift).normalize())
    if "E" in text:
        text = format(Decimal(text), "f")
    return text


def interval_context(bits: int = 128):
    """A private mpmath interval context at ``bits`` of working precision.

    Its precision belongs to it alone (no global ``mpmath.iv.prec`` is changed), so
    nested or concurrent computations cannot disturb each other.

    Examples
    --------
    >>> ctx = interval_context(80)
    >>> value = ctx.log(ctx.mpf(3))
    >>> float(value.b - value.a) < 2.0**-75
    True
    >>> Interval.enclosing(value).contains(1.0986122886681098)  # log 3
    True
    """
    from mpmath.ctx_iv import MPIntervalContext

    ctx = MPIntervalContext()
    ctx.prec = int(bits)
    return ctx


@dataclass(frozen=True)
class Interval:
    """A closed float interval ``[lo, hi]``.

    ``certified=True`` means it was obtained with outward rounding and provably
    contains the quantity it describes; arithmetic on certified intervals rounds
    outward again, so the result stays certified.

    Examples
    --------
    >>> a = Interval(0.5, 0.75)
    >>> (a + a).contains(1.2)
    True
    >>> a.width
    0.25
    """

    lo: float
    hi: float
    certified: bool = True

    def __post_init__(self) -> None:
        if math.isnan(self.lo) or math.isnan(self.hi) or self.lo > self.hi:
            raise ValueError(f"[{self.lo}, {self.hi}] is not an interval (need lo <= hi)")

    @classmethod
    def enclosing(cls, value) -> Interval:
        """The float interval around an mpmath interval (or mpf) value, widened outward.

        Examples
        --------
        >>> ctx = interval_context(64)
        >>> Interval.enclosing(ctx.mpf(1) / 3).contains(1 / 3)
        True
        """
        a = getattr(value, "a", value)
        b = getattr(value, "b", value)
        return cls(math.nextafter(float(a), -math.inf), math.nextafter(float(b), math.inf))

    @property
    def width(self) -> float:
        """``hi − lo``."""
        return self.hi - self.lo

    @property
    def mid(self) -> float:
        """The midpoint."""
        return 0.5 * (self.lo + self.hi)

    def contains(self, value: float) -> bool:
        """Whether ``lo <= value <= hi``."""
        return self.lo <= float(value) <= self.hi

    def __add__(self, other: Interval | float) -> Interval:
        o = other if isinstance(other, Interval) else Interval(float(other), float(other))
        return Interval(math.nextafter(self.lo + o.lo, -math.inf),
                        math.nextafter(self.hi + o.hi, math.inf),
                        self.certified and o.certified)

    __radd__ = __add__

    def __neg__(self) -> Interval:
        return Interval(-self.hi, -self.lo, self.certified)

    def __sub__(self, other: Interval | float) -> Interval:
        o = other if isinstance(other, Interval) else Interval(float(other), float(other))
        return self + (-o)

    def __mul__(self, scalar: float) -> Interval:
        if isinstance(scalar, Interval):
            return NotImplemented
        ends = sorted((self.lo * scalar, self.hi * scalar))
        return Interval(math.nextafter(ends[0], -math.inf), math.nextafter(ends[1], math.inf),
                        self.certified)

    __rmul__ = __mul__

    def __str__(self) -> str:
        kind = "certified" if self.certified else "not certified"
        return f"[{self.lo:.10g}, {self.hi:.10g}] ({kind})"

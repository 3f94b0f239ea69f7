"""Reading and validating catalogue parameters exactly.

Parameters arrive as ints, Fractions, floats or strings (``"1/10"``, ``"0.1"``,
``"3"``: certificates store them as JSON strings).  Numbers are read exactly:
a float ``x`` becomes ``Fraction(str(x))`` (``0.1 -> 1/10``).
"""

from __future__ import annotations

from fractions import Fraction

from commlb.errors import InvalidParameterError
from commlb.numbers import as_rational

__all__ = ["exact_number", "integer", "probability", "choice"]


def exact_number(value: object, name: str) -> Fraction:
    """``value`` as an exact Fraction; floats via their shortest decimal.

    Examples
    --------
    >>> exact_number("1/10", "rho"), exact_number(0.1, "rho"), exact_number("0.25", "rho")
    (Fraction(1, 10), Fraction(1, 10), Fraction(1, 4))
    """
    return as_rational(value, name)


def integer(value: object, name: str, minimum: int | None = None,
            maximum: int | None = None) -> int:
    """``value`` as an int in ``[minimum, maximum]``.

    Examples
    --------
    >>> integer("3", "d", minimum=1)
    3
    """
    number = exact_number(value, name)
    if number.denominator != 1:
        raise InvalidParameterError(f"{name} must be an integer, got {number}")
    result = int(number)
    if minimum is not None and result < minimum:
        raise InvalidParameterError(f"{name} must be at least {minimum}, got {result}")
    if maximum is not None and result > maximum:
        raise InvalidParameterError(f"{name} must be at most {maximum}, got {result}")
    return result


def probability(value: object, name: str) -> Fraction:
    """``value`` as an exact number in ``[0, 1]``.

    Examples
    --------
    >>> probability(0.5, "rho")
    Fraction(1, 2)
    """
    number = exact_number(value, name)
    if not 0 <= number <= 1:
        raise InvalidParameterError(f"{name} must lie in [0, 1], got {number}")
    return number


def choice(value: object, name: str, options: tuple[str, ...]) -> str:
    """``value`` as one of the strings ``options``."""
    text = str(value).strip().lower()
    if text not in options:
        raise InvalidParameterError(
            f"{name} must be one of {', '.join(options)}; got {value!r}"
        )
    return text

"""Strict reading of certificate data: limits, exact numbers and shapes, before any math.

Every certificate passes :func:`screen` before anything is computed from it: JSON
data only (dicts, lists, strings, ints, finite floats, booleans, null), nested no
deeper than the encoder's recursion limit, integers of at most about
:data:`MAX_DIGITS` digits, and at most :data:`MAX_BYTES` bytes as JSON; a table holds
at most :data:`MAX_NODES` entries.  Fields then read their numbers with :func:`integer` and :func:`rational`
(ints or ``"p/q"`` / decimal strings; floats refused) or :func:`real` (finite
floats, only where a witness is a float by design), and :func:`power_fits` refuses
an exact power before it is formed when it would exceed :data:`MAX_POWER_BITS`.

>>> rational("3/4", "error"), integer(12, "L")
(Fraction(3, 4), 12)
>>> rational(0.75, "error")
Traceback (most recent call last):
...
commlb.errors.CertificateError: error must be exact (an int or a 'p/q' string), not the float 0.75
"""

from __future__ import annotations

import json
import math
import re
from fractions import Fraction

from commlb.certificates.kernel import Refuted
from commlb.errors import CertificateError

__all__ = ["MAX_BYTES", "MAX_NODES", "MAX_DIGITS", "MAX_POWER_BITS", "Invalid",
           "CheckerFault", "screen", "integer", "rational", "real", "power_fits", "keys",
           "table", "short"]

MAX_BYTES = 64 * 2**20  # one certificate, encoded as JSON
MAX_NODES = 2_000_000  # entries of one table
MAX_DIGITS = 4000  # decimal digits of one integer (numerator or denominator)
MAX_POWER_BITS = 2**23  # bits of one exact power formed by a check

_INT = re.compile(r"-?[0-9]+\Z")
_RATIONAL = re.compile(r"(-?[0-9]+)/([0-9]+)\Z")
_DECIMAL = re.compile(r"-?[0-9]*\.[0-9]+\Z")


Invalid = Refuted  # a certificate that is well formed but does not certify its claim

class CheckerFault(CertificateError):
    """The checker could not process a certificate (an unexpected failure inside it)."""


def short(value: object) -> str:
    """A short printable form of a field value, for messages.

    >>> short("9" * 100)
    "'99999999999999999999999999999999999999…' (100 characters)"
    """
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 120:
        return f"an integer of about {int(value.bit_length() * 0.30103)} digits"
    text = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
    if len(text) <= 40:
        return text
    return f"{text[:39]}…' ({len(value) if isinstance(value, str) else len(text)} characters)"


def screen(data: object) -> None:
    """Refuse data that is not small plain JSON (see the module docstring).

    One pass of the C JSON encoder: it refuses NaN and infinities, values that are
    not JSON data, integers beyond Python's digit limit and runaway nesting; the
    encoded size is then held to :data:`MAX_BYTES`.

    >>> screen({"a": [1, 2.5, "x"]})
    >>> screen({"a": float("nan")})
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: the certificate holds a non-finite number (NaN or infinity), ...
    """
    try:
        text = json.dumps(data, allow_nan=False, separators=(",", ":"))
    except RecursionError:
        raise CertificateError("the certificate is nested too deeply") from None
    except TypeError as exc:
        raise CertificateError(f"the certificate holds data that is not JSON ({exc})") from None
    except ValueError:
        raise CertificateError("the certificate holds a non-finite number (NaN or infinity), an "
                               f"integer of more than {MAX_DIGITS} digits or a circular "
                               "reference") from None
    if len(text) > MAX_BYTES:
        raise CertificateError(f"the certificate is {len(text)} bytes as JSON, above {MAX_BYTES}")


def _text_int(text: str, what: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise CertificateError(f"{what} has more than {MAX_DIGITS} digits")
    return int(text)


def integer(value: object, what: str, lo: int | None = None, hi: int | None = None) -> int:
    """An exact integer field: an int or a string of digits, within ``[lo, hi]``.

    >>> integer("17", "the denominator", lo=1)
    17
    >>> integer(10**30, "d", hi=64)
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: d must be at most 64, got 1000000000000000000000000000000
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        if isinstance(value, float):
            raise CertificateError(f"{what} must be an exact integer, not the float {short(value)}")
        raise CertificateError(f"{what} must be an integer, got {short(value)}")
    if isinstance(value, str):
        if not _INT.match(value.strip()):
            raise CertificateError(f"{what} must be an integer, got {short(value)}")
        value = _text_int(value.strip(), what)
    if value.bit_length() > MAX_DIGITS * 3.33:
        raise CertificateError(f"{what} has more than {MAX_DIGITS} digits")
    return _within(value, what, lo, hi)


def _within(number, what: str, lo, hi):
    """``number`` if ``lo <= number <= hi`` (either end may be None), else a one-line error."""
    shown = short(number if isinstance(number, int) else str(number))
    if lo is not None and number < lo:
        raise CertificateError(f"{what} must be at least {lo}, got {shown}")
    if hi is not None and number > hi:
        raise CertificateError(f"{what} must be at most {hi}, got {shown}")
    return number


def rational(value: object, what: str, lo: Fraction | int | None = None,
             hi: Fraction | int | None = None) -> Fraction:
    """An exact rational field: an int, ``"p/q"``, or a decimal string; floats refused.

    >>> rational("0.25", "rho"), rational(-3, "offset")
    (Fraction(1, 4), Fraction(-3, 1))
    >>> rational("1e400", "error")
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: error must be an int or a 'p/q' string, got '1e400'
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        if isinstance(value, float):
            raise CertificateError(f"{what} must be exact (an int or a 'p/q' string), not the float "
                                   f"{short(value)}")
        raise CertificateError(f"{what} must be an int or a 'p/q' string, got {short(value)}")
    if isinstance(value, int):
        number = Fraction(integer(value, what))
    else:
        text = value.strip()
        match = _RATIONAL.match(text)
        if match:
            den = _text_int(match.group(2), what)
            if den == 0:
                raise CertificateError(f"{what} has a zero denominator")
            number = Fraction(_text_int(match.group(1), what), den)
        elif _INT.match(text):
            number = Fraction(_text_int(text, what))
        elif _DECIMAL.match(text) and len(text) <= MAX_DIGITS:
            number = Fraction(text)
        else:
            raise CertificateError(f"{what} must be an int or a 'p/q' string, got {short(value)}")
    return _within(number, what, lo, hi)


def real(value: object, what: str) -> float:
    """A float field (a claim or a float witness): a finite int or float.

    >>> real(0.5, "lower")
    0.5
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CertificateError(f"{what} must be a number, got {short(value)}")
    try:
        out = float(value)
    except OverflowError:
        raise CertificateError(f"{what} is too large") from None
    if not math.isfinite(out):
        raise CertificateError(f"{what} must be finite")
    return out


def power_fits(base: Fraction, exponent: int, what: str) -> None:
    """Refuse ``base^exponent`` (exact) before it is formed when it would exceed the limit.

    >>> power_fits(Fraction(1, 3), 10, "the base")
    >>> power_fits(Fraction(1, 3), 10**9, "the base")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: the base raised to 1000000000 needs about 3000000000 bits, ...
    """
    bits = (base.numerator.bit_length() + base.denominator.bit_length()) * max(int(exponent), 0)
    if bits > MAX_POWER_BITS:
        raise CertificateError(f"{what} raised to {exponent} needs about {bits} bits, above the "
                               f"checker's limit {MAX_POWER_BITS}")


def keys(data: object, allowed: set[str] | frozenset[str], what: str,
         required: tuple[str, ...] = ()) -> dict:
    """``data`` as a dict with only ``allowed`` keys and every ``required`` one.

    >>> keys({"a": 1}, {"a", "b"}, "the witness", ("a",))
    {'a': 1}
    >>> keys({"a": 1, "z": 2}, {"a"}, "the witness")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    commlb.errors.CertificateError: the witness has unknown field(s) 'z'; the checker refuses ...
    """
    if not isinstance(data, dict):
        raise CertificateError(f"{what} must be a JSON object, got {short(data)}")
    unknown = sorted(set(data) - set(allowed))
    if unknown:
        raise CertificateError(f"{what} has unknown field(s) {', '.join(map(repr, unknown))}; "
                               "the checker refuses what it does not verify")
    missing = [k for k in required if k not in data]
    if missing:
        raise CertificateError(f"{what} lacks field(s) {', '.join(map(repr, missing))}")
    return data


def table(data: object, what: str, width: int | None = None, limit: int = MAX_NODES) -> list:
    """``data`` as a list (of lists of ``width`` when given), at most ``limit`` long.

    >>> table([[1, 2], [3, 4]], "entries", 2)
    [[1, 2], [3, 4]]
    """
    if not isinstance(data, list):
        raise CertificateError(f"{what} must be a list, got {short(data)}")
    if len(data) > limit:
        raise CertificateError(f"{what} has {len(data)} items, above the checker's limit {limit}")
    if width is not None and any(not isinstance(row, list) or len(row) != width for row in data):
        raise CertificateError(f"every item of {what} must be a list of {width}")
    return data

"""Pricing by enumerating every decision function of a small statement.

``max over g of Σ_x w(x) β^{D_int[x, g]}`` with ``D_int`` the integer distortion of
every ``g: Y -> O`` (:func:`commlb.certificates.witnesses.costs.enumerated`), summed
in Python integers.  Proof: ``proofs/column_generation/pricing.md`` (S6).

>>> from commlb.certificates import statements
>>> enumeration_max(statements.statement("index", {"d": 1}), [Fraction(1, 2)] * 2, Fraction(1, 3))
(Fraction(2, 3), 1)
"""

from __future__ import annotations

from fractions import Fraction

from commlb.certificates import statements
from commlb.certificates.witnesses.costs import common_numerators, enumerated
from commlb.errors import CertificateError

__all__ = ["enumeration_max"]


def enumeration_max(s: statements.Statement, weights: list[Fraction],
                    beta: Fraction) -> tuple[Fraction, int]:
    """Exact maximum over all ``|O|^|Y|`` decision functions, and the scale ``L``."""
    n, m = beta.numerator, beta.denominator
    den, num = common_numerators(weights)
    _, scale, table = enumerated(s)
    top = int(table.max())
    if top > 2**16 or top * (n.bit_length() + m.bit_length()) > 2**20:
        raise CertificateError(f"enumeration at L = {scale} needs powers β^k up to k = {top}; "
                               "the checker refuses powers of that size")
    power = [n**k * m ** (top - k) for k in range(top + 1)]
    best = 0
    for g in range(table.shape[1]):
        column = table[:, g].tolist()
        best = max(best, sum(power[k] * a for k, a in zip(column, num, strict=True) if a))
    return Fraction(best, den * m**top), scale

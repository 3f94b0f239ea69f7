"""Product flip channels (``"type": "product-flip"``): Alice sends her bits, each flipped.

``{"type": "product-flip", "flip": α}`` for a family whose statement declares
product flip channels (Index, Augmented Index, their noisy versions): each of the
``d`` bits of ``x`` is flipped independently with probability ``α <= 1/2``, Bob answers
from the noisy copy, and errs with probability ``q + (1 - 2q) α`` under the family's
per-bit noise ``q``.  Its information is ``I(X; M) = d (1 - h(α))`` exactly (S3, S7 of
``proofs/INDEX.md``).

>>> from commlb.certificates.programs import read_statement
>>> s = read_statement({"problem": {"name": "index", "params": {"d": 2}},
...                     "objective": "external", "error": "1/10"})
>>> float(upper(s, {"type": "product-flip", "flip": "1/10"}).exact)  # 2(1 - h(1/10))
1.062008...
"""

from __future__ import annotations

from fractions import Fraction

from commlb.certificates import statements
from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.schema import keys, rational
from commlb.errors import CertificateError
from commlb.info.exact import Exact

__all__ = ["upper"]


def upper(stated, witness: dict) -> Bound:
    """``d (1 - h(α))`` of the product flip channel, its error ``q + (1 - 2q)α <= δ`` checked."""
    keys(witness, {"type", "flip"}, "the product-flip witness", ("flip",))
    if stated.objective != "external":
        raise CertificateError("a product-flip witness bounds the external objective")
    s = stated.family()
    q = statements.flip_noise(s)
    d = s.params["d"]
    alpha = rational(witness["flip"], "the flip rate", 0, Fraction(1, 2))
    achieved = q + (1 - 2 * q) * alpha
    if achieved > stated.error:
        raise Refuted(f"the product channel errs with probability {float(achieved):.12g} > "
                      f"δ = {float(stated.error):.12g}")
    value = Exact(d) + (Exact.xlog2x(alpha) + Exact.xlog2x(1 - alpha)) * d
    return Bound(value.interval(), value, True, "the product channel's error is at most δ",
                 ("S3", "S7"))

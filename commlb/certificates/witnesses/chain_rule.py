"""The internal chain rule of Augmented Index: a closed-form lower bound and product channels.

Lower witness ``{"type": "chain-rule", "slope": s}``: for every protocol of error at
most δ on Augmented Index(d) under the uniform law,

    I(X; M | Y) >= Σ_j [w_j - w_j log2(1 + 2^{-s/(j+1)})] - s δ,   w_j = (j + 1)/d,

for any slope ``s >= 0`` (``proofs/column_generation/internal_augmented_index.md``,
S10 of ``proofs/INDEX.md``), recomputed here in interval arithmetic.  Upper witness
``{"type": "product-flips", "flips": [e_0, ..., e_{d-1}]}``: bit ``j`` flipped with
probability ``e_j``; its error is ``(1/d) Σ_j e_j`` and its internal information
``Σ_j w_j (1 - h(e_j))`` exactly (S3).

>>> from commlb.certificates.programs import read_statement
>>> s = read_statement({"problem": {"name": "augmented-index", "params": {"d": 1}},
...                     "objective": "internal", "error": "1/10"})
>>> lower(s, {"type": "chain-rule", "slope": "3"}).interval.lo < upper(
...     s, {"type": "product-flips", "flips": ["1/10"]}).interval.lo
True
"""

from __future__ import annotations

import math
from fractions import Fraction

from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.schema import keys, rational, table
from commlb.certificates.witnesses.costs import integer_d
from commlb.errors import CertificateError
from commlb.info.exact import Exact
from commlb.numbers import interval_context

__all__ = ["lower", "upper"]


def _length(stated) -> int:
    if stated.objective != "internal":
        raise CertificateError(f"the chain rule bounds the internal objective, not {stated.objective}")
    s = stated.family()
    if not s.family.chain_rule:
        raise CertificateError(f"the chain-rule bound is not proved for {s.name}")
    return integer_d(s.params, 4096)


def lower(stated, witness: dict) -> Bound:
    """``Σ_j [w_j - w_j log2(1 + 2^{-s/(j+1)})] - sδ`` in interval arithmetic (128 bits)."""
    keys(witness, {"type", "slope"}, "the chain-rule witness", ("slope",))
    d = _length(stated)
    slope = rational(witness["slope"], "the slope", 0, 2**60)
    error = stated.error
    iv = interval_context(128)
    ln2 = iv.log(iv.mpf(2))
    s = iv.mpf(slope.numerator) / slope.denominator
    total = -s * iv.mpf(error.numerator) / error.denominator
    for j in range(d):
        w = iv.mpf(j + 1) / d
        total += w - w * iv.log(1 + iv.exp(-s * ln2 / (j + 1))) / ln2
    return Bound.enclosed(math.nextafter(float(total.a), -math.inf),
                          math.nextafter(float(total.b), math.inf),
                          "the chain-rule bound recomputed", ("S10",))


def upper(stated, witness: dict) -> Bound:
    """``Σ_j w_j (1 - h(e_j))`` of the product channel, its error ``(1/d) Σ_j e_j <= δ``."""
    keys(witness, {"type", "flips"}, "the product-flips witness", ("flips",))
    d = _length(stated)
    flips = [rational(e, "a flip rate", 0, Fraction(1, 2))
             for e in table(witness["flips"], "the flips", limit=d)]
    if len(flips) != d:
        raise CertificateError(f"the product-flips witness lists {d} flip rates")
    if sum(flips) > d * stated.error:
        raise Refuted("the product channel's error exceeds δ")
    value = sum(((Exact(1) + Exact.xlog2x(e) + Exact.xlog2x(1 - e)) * Fraction(j + 1, d)
                 for j, e in enumerate(flips)), Exact(0))
    return Bound(value.interval(), value, True, "the product channel's error is at most δ",
                 ("S3", "S10"))

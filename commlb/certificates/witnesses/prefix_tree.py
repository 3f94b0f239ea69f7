"""Pricing by the binary prefix tree (Augmented Index and its relaxations) and per coordinate (Index).

For weights ``w(x) = p(x) λ(x)`` and a rational base ``β = n/m`` these compute
``max over ALL decision functions g of Σ_x w(x) β^{L·D[x, g]}`` exactly, without
enumerating the ``2^(2^d - 1)`` functions:

* prefix tree: Bob's symbols are the nodes of the depth-``d`` tree and a function is a
  guess at every node; the maximum splits at the root into the two subtrees
  (``max(m a + n b, n a + m b)`` level by level), ``L = d``;
* index codes: a function of Index(d) is a code word ``c`` and
  ``Σ_x w(x) Π_i k(x_i ⊕ c_i)`` factors per coordinate (a fast Walsh-like pass), ``L = d``.

Proof: ``proofs/column_generation/pricing.md`` (S6 of ``proofs/INDEX.md``).

>>> w = [Fraction(1, 4)] * 4
>>> prefix_tree_max(w, Fraction(1, 3), 2)
Fraction(4, 9)
"""

from __future__ import annotations

from fractions import Fraction

from commlb.certificates.witnesses.costs import common_numerators

__all__ = ["prefix_tree_max", "index_codes_max"]


def prefix_tree_max(weights: list[Fraction], beta: Fraction, d: int) -> Fraction:
    """Exact ``max_g Σ_x w(x) β^{#levels where g errs on x}`` over node tables of depth ``d``."""
    n, m = beta.numerator, beta.denominator
    den, level = common_numerators(weights)  # scaled by m^height
    for _ in range(d):
        level = [max(m * a + n * b, n * a + m * b) for a, b in zip(level[::2], level[1::2],
                                                                  strict=True)]
    return Fraction(level[0], den * m**d)


def index_codes_max(weights: list[Fraction], beta: Fraction, d: int) -> Fraction:
    """Exact ``max_c Σ_x w(x) β^{|x ⊕ c|}`` over code words ``c`` of ``{0,1}^d``.

    >>> index_codes_max([Fraction(1, 2)] * 2, Fraction(1, 3), 1)
    Fraction(2, 3)
    """
    n, m = beta.numerator, beta.denominator
    den, table = common_numerators(weights)
    for i in range(d):  # Σ_x a(x) Π_i k(x_i ⊕ c_i), k(0) = m, k(1) = n: one coordinate at a time
        step = 1 << i
        for start in range(0, 2**d, 2 * step):
            for j in range(start, start + step):
                a, b = table[j], table[j + step]
                table[j], table[j + step] = m * a + n * b, n * a + m * b
    return Fraction(max(table), den * m**d)

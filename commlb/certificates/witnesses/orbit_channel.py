"""Upper witnesses for Gap-Hamming: mixtures of orbit channels.

``{"type": "orbit-gibbs", "components": [{"weight", "column", "base"}, ...]}``.  Component
``k`` sends ``A = X ⊕ Z`` with ``r(z) ∝ β_k^{D_int[z, g_k]}`` and Bob answers
``g_k(y ⊕ A)``; the mixture (with its component index ``K``) is a protocol, so its
information ``I(X; K, A) = Σ_k θ_k (d - H(r_k))`` bounds IC from above when its error
``Σ_k θ_k E D[Z, g_k]`` is at most δ (S3, S7, S8 of ``proofs/INDEX.md``;
``proofs/column_generation/gap_hamming.md``).
"""

from __future__ import annotations

import math
from fractions import Fraction

from commlb.certificates.kernel import Bound, Refuted
from commlb.certificates.schema import integer, keys, power_fits, rational, table
from commlb.certificates.witnesses.hamming_orbits import gap_hamming_cost, hamming_params
from commlb.errors import CertificateError
from commlb.numbers import interval_context

__all__ = ["upper"]


def upper(stated, witness: dict) -> Bound:
    """Certified ``I(X; K, A)`` of a mixture of orbit channels whose error is ``<= δ``.

    Component ``k`` (weight ``θ_k``, column ``g_k``, base ``β_k``): ``A = X ⊕ Z``,
    ``r(z) ∝ β_k^{D_int[z, g_k]}``, Bob answers ``g_k(y ⊕ A)``; its error is
    ``E_r D[Z, g_k]`` and ``I(X; A) = d - H(r)``.

    Returns
    -------
    Bound
        An outward interval (mpmath, a private context).
    """
    if stated.objective != "external":
        raise CertificateError("orbit channels bound the external objective")
    error = stated.error
    d, rho = hamming_params(stated.family())
    cost, scale = gap_hamming_cost(d, rho)
    n = 2**d
    keys(witness, {"type", "components"}, "the orbit-gibbs witness", ("type", "components"))
    comps = table(witness["components"], "the components", limit=64)
    if not comps:
        raise CertificateError("an orbit-gibbs witness lists one or more components")
    comps = [keys(c, {"weight", "column", "base"}, "a component", ("weight", "column", "base"))
             for c in comps]
    thetas = [rational(c["weight"], "a component weight") for c in comps]
    if any(t < 0 for t in thetas) or sum(thetas) != 1:
        raise Refuted("the component weights must be a probability law")
    iv = interval_context(160)
    ln2 = iv.log(iv.mpf(2))
    achieved, info = Fraction(0), iv.mpf(0)
    for c, theta in zip(comps, thetas, strict=True):
        g = [integer(v, "a column entry", 0, 1) for v in table(c["column"], "a column", limit=n)]
        beta = rational(c["base"], "a component base")
        if len(g) != n or not 0 < beta <= 1:
            raise CertificateError(f"a component needs a 0/1 column of length {n} and a base in (0, 1]")
        k = [sum(int(cost[z, y, g[y]]) for y in range(n)) for z in range(n)]
        top = max(k)
        power_fits(beta, top, "a component base")
        terms = [beta.numerator**v * beta.denominator ** (top - v) for v in k]
        partition = sum(terms)
        mean = Fraction(sum(t * v for t, v in zip(terms, k, strict=True)), partition)
        achieved += theta * mean / scale
        log2_z = (iv.log(iv.mpf(partition)) - top * iv.log(iv.mpf(beta.denominator))) / ln2
        log2_b = (iv.log(iv.mpf(beta.numerator)) - iv.log(iv.mpf(beta.denominator))) / ln2
        entropy = log2_z - (iv.mpf(mean.numerator) / mean.denominator) * log2_b
        info += (iv.mpf(theta.numerator) / theta.denominator) * (d - entropy)
    if achieved > error:
        raise Refuted(f"the orbit channels err with probability {float(achieved):.12g} > δ")
    return Bound.enclosed(math.nextafter(float(info.a), -math.inf),
                          math.nextafter(float(info.b), math.inf),
                          "the orbit channels' error and information recomputed", ("S3", "S7", "S8"))

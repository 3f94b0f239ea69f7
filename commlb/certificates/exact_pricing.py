"""The checker's own exact pricing: the largest dual-constraint sum over ALL decision functions.

For a rational base ``β`` and weights ``w(x) = p(x)·λ(x)`` this computes
``max over g: Y -> O of Σ_x w(x) β^{L·D[x, g]}`` exactly (Python integers and
Fractions), by enumeration for small alphabets, by a prefix-tree recursion for
the indexing problems, per coordinate for index, and by meet in the middle for
separable distortions (:mod:`commlb.certificates.separable_pricing`).  It never imports
:mod:`commlb.ic`; :mod:`commlb.certificates.pricing` uses it to check
column-generated certificates (``proofs/column_generation/pricing.md``).
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np

from commlb.certificates import statements
from commlb.certificates.hamming_pricing import gap_hamming_pricing_max
from commlb.certificates.schema import integer, keys, rational
from commlb.certificates.separable_pricing import separable_max
from commlb.errors import CertificateError

__all__ = ["exact_pricing_max", "ENUMERATION_LIMIT", "rational", "structure", "integer_d",
           "prefix_errors", "alice_law", "dual_weights", "reduced_error", "separable_costs",
           "ORACLES"]

ENUMERATION_LIMIT = 2**21
ORACLES = ("prefix-tree", "index-codes", "enumeration", "separable", "gap-hamming-orbits")


def structure(problem: dict) -> tuple[str, dict]:
    """``(name, params)`` of a certificate's ``problem`` field (only those two keys).

    >>> structure({"name": "index", "params": {"d": 2}})
    ('index', {'d': 2})
    """
    keys(problem, {"name", "params"}, "the problem", ("name",))
    params = problem.get("params", {})
    if not isinstance(params, dict):
        raise CertificateError("the problem's params must be a JSON object")
    return problem["name"], dict(params)


def integer_d(params: dict, limit: int) -> int:
    """The length parameter ``d`` as an int in ``1..limit``.

    >>> integer_d({"d": 3}, 20)
    3
    """
    return integer(params.get("d"), "the certificate's d", 1, limit)


# ----------------------------------------------------------------- distortion
def prefix_errors(d: int, table: list[int]) -> list[int]:
    """Levels where the node table errs along each path (recursive walk)."""
    out = []

    def walk(level: int, prefix: int, errs: int) -> None:
        if level == d:
            out.append(errs)
            return
        guess = table[(1 << level) - 1 + prefix]
        for bit in (0, 1):
            walk(level + 1, 2 * prefix + bit, errs + (guess != bit))

    walk(0, 0, 0)
    return out


def enumerated(s: statements.Statement):
    """Integer distortion ``D_int[x, g]`` of every decision function of a statement."""
    nx, ny, no = s.sizes
    if s.log2_functions + math.log2(nx) > math.log2(ENUMERATION_LIMIT):
        raise CertificateError(f"{s.name} has |X|·|O|^|Y| = {nx}·2^{s.log2_functions:.4g} pairs, "
                               f"above the checker's enumeration limit {ENUMERATION_LIMIT}; certify "
                               "with a structured oracle")
    p_x, scale, ints = _integer_costs(s)
    table = ints[:, 0, :]  # (x, functions of the first j symbols), lexicographic in g
    for j in range(1, ny):
        table = (table[:, :, None] + ints[:, j, None, :]).reshape(nx, -1)
    return p_x, scale, table


def _integer_costs(s: statements.Statement):
    cost = statements.cost_table(s)
    p_x = statements.alice_law(s)
    scale = math.lcm(*(Fraction(c).denominator for c in cost.flat))
    ints = np.array([[[int(Fraction(c) * scale) for c in row] for row in plane] for plane in cost],
                    dtype=object)
    if max(int(v) for v in ints.flat) * cost.shape[1] < 2**62:
        ints = ints.astype(np.int64)
    return p_x, scale, ints


def exact_pricing_max(problem: dict, weights: list[Fraction], beta: Fraction,
                      oracle: str) -> tuple[Fraction, int]:
    """Exact ``max_g Σ_x weights[x]·β^{L·D[x, g]}`` and the scale ``L``.

    Parameters
    ----------
    problem : dict
        ``{"name": ..., "params": {...}}`` (catalogue name and JSON parameters).
    weights : list of Fraction
        ``w(x) = p(x) λ(x)``, in the order of the problem's Alice alphabet.
    beta : Fraction
        The base ``β = 2^{-s/L}``, ``0 < β <= 1``.
    oracle : {"prefix-tree", "index-codes", "enumeration", "separable", "gap-hamming-orbits"}
        Which exact search to run (it must fit the problem).

    Returns
    -------
    (Fraction, int)

    Raises
    ------
    CertificateError
        If the oracle does not fit the problem or the instance is too large.

    Examples
    --------
    >>> from fractions import Fraction
    >>> w = [Fraction(1, 4)] * 4
    >>> exact_pricing_max({"name": "augmented-index", "params": {"d": 2}}, w, Fraction(1, 3),
    ...                   "prefix-tree")
    (Fraction(4, 9), 2)

    References
    ----------
    ``proofs/column_generation/pricing.md``.
    """
    name, params = structure(problem)
    s = statements.statement(name, params)
    if not 0 < beta <= 1:
        raise CertificateError(f"the base β = {beta} must lie in (0, 1]")
    if oracle not in ORACLES:
        raise CertificateError(f"unknown pricing oracle {str(oracle)[:40]!r}")
    n, m = beta.numerator, beta.denominator
    den, num = common_numerators(weights)
    if len(num) != s.sizes[0]:
        raise CertificateError(f"λ has {len(num)} entries, expected {s.sizes[0]}")
    if oracle == "prefix-tree" and (s.family.prefix_tree or s.family.relaxes):
        d = integer_d(params, 20)
        level = num  # scaled by m^height
        for _ in range(d):
            level = [max(m * a + n * b, n * a + m * b) for a, b in zip(level[::2], level[1::2],
                                                                      strict=True)]
        return Fraction(level[0], den * m**d), d
    if oracle == "index-codes" and s.family.index_codes:
        d = integer_d(params, 20)
        # Σ_x a(x) Π_i k(x_i ⊕ c_i) with k(0) = m, k(1) = n: one coordinate at a time.
        table = list(num)
        for i in range(d):
            step = 1 << i
            for start in range(0, 2**d, 2 * step):
                for j in range(start, start + step):
                    a, b = table[j], table[j + step]
                    table[j], table[j + step] = m * a + n * b, n * a + m * b
        return Fraction(max(table), den * m**d), d
    if oracle == "gap-hamming-orbits" and s.family.hamming:
        return gap_hamming_pricing_max(params, weights, beta)
    if oracle == "separable":
        p_x, scale, cost = separable_costs(s)
        return separable_max(cost, weights, beta, (cost.shape[1] + 1) // 2), scale
    if oracle == "enumeration":
        p_x, scale, table = enumerated(s)
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
    raise CertificateError(f"pricing oracle {oracle!r} does not fit problem {s.name!r}")


def common_numerators(weights, limit_bits: int = 2**20) -> tuple[int, list[int]]:
    """``(den, [w·den])`` for Fractions ``w``; refused if ``den`` passes ``limit_bits`` bits.

    >>> common_numerators([Fraction(1, 2), Fraction(1, 3)])
    (6, [3, 2])
    """
    den = 1
    for v in {Fraction(w).denominator for w in weights}:
        den = math.lcm(den, v)
        if den.bit_length() > limit_bits:
            raise CertificateError(f"the weights' common denominator passes {limit_bits} bits")
    return den, [int(Fraction(w) * den) for w in weights]


def separable_costs(s: statements.Statement):
    """``(p_x, L, C_int)``: a statement's cost table in integers, ``D_int = Σ_y C_int``."""
    _, ny, no = s.sizes
    if ((ny + 1) // 2) * math.log2(max(no, 1)) > 20:
        raise CertificateError(f"{s.name} has too many partial decision functions for the "
                               "checker's meet in the middle")
    p_x, scale, ints = _integer_costs(s)
    if ints.dtype == object:
        raise CertificateError(f"{s.name}: its integer costs pass 2^62; the checker refuses them")
    return p_x, scale, ints


def alice_law(name: str, params: dict, oracle: str) -> list[Fraction]:
    """``p(x)`` of the statement (closed form for uniform families).

    >>> alice_law("index", {"d": 1}, "index-codes")
    [Fraction(1, 2), Fraction(1, 2)]
    """
    return statements.alice_law(statements.statement(name, params))


def dual_weights(lower: dict, size: int) -> list[Fraction]:
    """``λ(x)``: one positive rational per x, or one for all.

    >>> dual_weights({"lambda": "1"}, 2)
    [Fraction(1, 1), Fraction(1, 1)]
    """
    lam = lower.get("lambda")
    if isinstance(lam, list):
        if len(lam) != size:
            raise CertificateError(f"λ has {len(lam)} entries, expected {size}")
        values = [rational(v, "λ(x)") for v in lam]
    else:
        values = [rational(lam, "λ")] * size
    if any(v <= 0 for v in values):
        raise CertificateError("every λ(x) must be positive")
    return values


def reduced_error(name: str, params: dict, error: Fraction) -> tuple[dict, Fraction]:
    """A noisy family at δ is bounded by its clean relaxation at ``(δ - q)/(1 - 2q)``.

    >>> reduced_error("noisy-augmented-index", {"d": 2, "delta": "1/4"}, Fraction(1, 4))
    ({'name': 'augmented-index', 'params': {'d': 2}}, Fraction(1, 18))
    """
    found = statements.relaxation(statements.statement(name, params))
    if found is None:
        return {"name": name, "params": params}, error
    clean, q = found
    if not 0 <= q < Fraction(1, 2):
        raise CertificateError(f"the noisy relaxation needs q = {q} < 1/2")
    return {"name": clean.name, "params": dict(clean.params)}, (error - q) / (1 - 2 * q)

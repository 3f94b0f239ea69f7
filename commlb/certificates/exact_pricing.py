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

from commlb.errors import CertificateError

__all__ = ["exact_pricing_max", "ENUMERATION_LIMIT", "rational", "structure", "integer_d",
           "prefix_errors", "alice_law", "dual_weights", "reduced_error", "separable_costs"]

ENUMERATION_LIMIT = 2**21


def rational(value: object, what: str) -> Fraction:
    import sys

    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # long exact numerators are legitimate here
    try:
        return Fraction(str(value))
    except (ValueError, ZeroDivisionError):
        raise CertificateError(f"{what} {str(value)[:40]!r} is not a rational number") from None
    finally:
        sys.set_int_max_str_digits(old)


def structure(problem: dict) -> tuple[str, dict]:
    name = problem.get("name")
    params = dict(problem.get("params", {}))
    return name, params


def integer_d(params: dict, limit: int) -> int:
    d = params.get("d")
    if not isinstance(d, int) or not 1 <= d <= limit:
        raise CertificateError(f"the certificate's d must be an integer in 1..{limit}, got {d!r}")
    return d


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


def clean_law(name: str, params: dict):
    """``(p_x, L, distortion)`` for the structured problems: ``D = k/L``."""
    if name in ("augmented-index", "index"):
        d = integer_d(params, 20)
        return [Fraction(1, 2**d)] * 2**d, d
    raise CertificateError(f"no structured law for {name!r}")


def enumerated(params_problem):
    """Integer distortion ``D_int[x, g]`` of every decision function of a catalogue problem."""
    import numpy as np

    from commlb.problems import get

    problem = get(params_problem[0], **params_problem[1])
    if problem.num_decision_functions * len(problem.alice_alphabet) > ENUMERATION_LIMIT:
        raise CertificateError(
            f"{problem.name} has too many (x, g) pairs for the checker's enumeration; "
            "certify with a structured oracle"
        )
    cost = problem.cost_table(exact=True)
    p_x = [Fraction(v) for v in problem.alice_marginal(exact=True)]
    scale = math.lcm(*(Fraction(c).denominator for c in cost.flat))
    ints = np.array([[[int(Fraction(c) * scale) for c in row] for row in plane] for plane in cost],
                    dtype=object)
    if scale * cost.shape[1] < 2**62:
        ints = ints.astype(np.int64)
    table = ints[:, 0, :]  # (x, functions of the first j symbols), lexicographic in g
    for j in range(1, cost.shape[1]):
        table = (table[:, :, None] + ints[:, j, None, :]).reshape(cost.shape[0], -1)
    return p_x, scale, table


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
    if not 0 < beta <= 1:
        raise CertificateError(f"the base β = {beta} must lie in (0, 1]")
    n, m = beta.numerator, beta.denominator
    den = math.lcm(*(w.denominator for w in weights))
    num = [int(w * den) for w in weights]
    if oracle == "prefix-tree" and name in ("augmented-index", "noisy-augmented-index"):
        d = integer_d(params, 20)
        if len(num) != 2**d:
            raise CertificateError(f"λ has {len(num)} entries, expected 2^{d}")
        level = num  # scaled by m^height
        for _ in range(d):
            level = [max(m * a + n * b, n * a + m * b) for a, b in zip(level[::2], level[1::2],
                                                                      strict=True)]
        return Fraction(level[0], den * m**d), d
    if oracle == "index-codes" and name == "index":
        d = integer_d(params, 20)
        if len(num) != 2**d:
            raise CertificateError(f"λ has {len(num)} entries, expected 2^{d}")
        # Σ_x a(x) Π_i k(x_i ⊕ c_i) with k(0) = m, k(1) = n: one coordinate at a time.
        table = list(num)
        for i in range(d):
            step = 1 << i
            for start in range(0, 2**d, 2 * step):
                for j in range(start, start + step):
                    a, b = table[j], table[j + step]
                    table[j], table[j + step] = m * a + n * b, n * a + m * b
        return Fraction(max(table), den * m**d), d
    if oracle == "gap-hamming-orbits" and name == "gap-hamming":
        from commlb.certificates.hamming_pricing import gap_hamming_pricing_max

        return gap_hamming_pricing_max(params, weights, beta)
    if oracle == "separable":
        from commlb.certificates.separable_pricing import separable_max

        p_x, scale, cost = separable_costs((name, params))
        if len(weights) != len(p_x):
            raise CertificateError(f"λ has {len(weights)} entries, expected {len(p_x)}")
        return separable_max(cost, weights, beta, (cost.shape[1] + 1) // 2), scale
    if oracle == "enumeration":
        p_x, scale, table = enumerated((name, params))
        if len(num) != len(p_x):
            raise CertificateError(f"λ has {len(num)} entries, expected {len(p_x)}")
        top = int(table.max())
        power = [n**k * m ** (top - k) for k in range(top + 1)]
        best = 0
        for g in range(table.shape[1]):
            column = table[:, g].tolist()
            best = max(best, sum(power[k] * a for k, a in zip(column, num, strict=True) if a))
        return Fraction(best, den * m**top), scale
    raise CertificateError(f"pricing oracle {oracle!r} does not fit problem {name!r}")


def separable_costs(params_problem):
    """``(p_x, L, C_int)``: a catalogue problem's cost table in integers, ``D_int = Σ_y C_int``."""
    import numpy as np

    from commlb.problems import get

    problem = get(params_problem[0], **params_problem[1])
    no, ny = len(problem.output_alphabet), len(problem.bob_alphabet)
    if no ** ((ny + 1) // 2) > 2**20:
        raise CertificateError(f"{problem.name} has too many partial decision functions for the "
                               "checker's meet in the middle")
    cost = problem.cost_table(exact=True)
    p_x = [Fraction(v) for v in problem.alice_marginal(exact=True)]
    scale = math.lcm(*(Fraction(c).denominator for c in cost.flat))
    ints = np.array([[[int(Fraction(c) * scale) for c in row] for row in plane] for plane in cost],
                    dtype=np.int64)
    return p_x, scale, ints


def alice_law(name: str, params: dict, oracle: str) -> list[Fraction]:
    if oracle in ("enumeration", "separable"):
        from commlb.problems import get

        return [Fraction(v) for v in get(name, **params).alice_marginal(exact=True)]
    d = integer_d(params, 20)
    return [Fraction(1, 2**d)] * 2**d


def dual_weights(lower: dict, size: int) -> list[Fraction]:
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
    """Noisy Augmented Index at δ is bounded by Augmented Index at ``(δ - q)/(1 - 2q)``."""
    if name != "noisy-augmented-index":
        return {"name": name, "params": params}, error
    noise = rational(params.get("delta"), "noise rate")
    q = noise - noise * noise / 2
    if not 0 <= q < Fraction(1, 2):
        raise CertificateError(f"the noisy relaxation needs q = {q} < 1/2")
    return ({"name": "augmented-index", "params": {"d": params.get("d")}},
            (error - q) / (1 - 2 * q))

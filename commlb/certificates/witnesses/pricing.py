"""The rate–distortion dual with exact pricing: no decision function prices above ``M``.

Lower witness ``{"type": "rd-dual-pricing", "pricing": oracle, "base": β, "scale": L,
"lambda": λ (one rational, or one per x), "claimed_max": M}`` for the external
objective of a catalogue family.  For the base ``β = 2^{-s/L}`` and the dual ``λ``,

    max over ALL g: Y -> O of  Σ_x p(x) λ(x) β^{L·D[x, g]}  <=  M

makes ``λ/M`` dual feasible, so ``IC(δ) >= Σ_x p(x) log2 λ(x) - log2 M + L δ log2 β``.
The maximum is re-derived here by the named oracle, exactly (Python integers), never
taken from the solver:

* ``prefix-tree``, ``index-codes`` -- :mod:`~commlb.certificates.witnesses.prefix_tree`;
* ``enumeration`` -- :mod:`~commlb.certificates.witnesses.enumeration`;
* ``separable`` -- meet in the middle, :mod:`~commlb.certificates.witnesses.meet_in_middle`;
* ``gap-hamming-orbits`` -- :mod:`~commlb.certificates.witnesses.hamming_orbits`;
* ``gap-hamming-coordinate-holder``, ``gap-hamming-half-cauchy-schwarz`` -- an
  admissible bound ``M̄ >= M`` (:mod:`~commlb.certificates.witnesses.holder`).

For a statement that embeds a separable program (a problem built by hand) the maximum
is re-derived from the program itself (:func:`program_max`), λ listed for the Alice
inputs of positive probability.

A noisy family is bounded through its clean relaxation at the reduced error
(``proofs/column_generation/noisy_relaxation.md``, S9).  Proofs:
``proofs/column_generation/pricing.md`` (S4, S6 of ``proofs/INDEX.md``).

>>> from commlb.certificates.programs import read_statement
>>> s = read_statement({"problem": {"name": "augmented-index", "params": {"d": 2}},
...                     "objective": "external", "error": "1/10"})
>>> w = {"type": "rd-dual-pricing", "pricing": "prefix-tree", "base": "1/9", "scale": 2,
...      "lambda": "1", "claimed_max": "25/81"}
>>> float(lower(s, w).exact)  # 2(1 - h(1/10))
1.062008...
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from fractions import Fraction

import numpy as np

from commlb.certificates import statements
from commlb.certificates.kernel import Bound, Refuted, log2_sum
from commlb.certificates.schema import integer, keys, power_fits, rational
from commlb.certificates.witnesses import enumeration, hamming_orbits, holder, meet_in_middle
from commlb.certificates.witnesses.costs import ENUMERATION_LIMIT, MAX_L, integer_d
from commlb.certificates.witnesses.meet_in_middle import separable_max
from commlb.certificates.witnesses.prefix_tree import index_codes_max, prefix_tree_max
from commlb.errors import CertificateError

__all__ = ["lower", "pricing_max", "priced_max", "program_max", "ORACLES", "ORACLE_MODULES", "relaxed"]

FIELDS = {"type", "pricing", "base", "scale", "lambda", "claimed_max"}
GROUNDS = {"prefix-tree": ("S4", "S6"), "index-codes": ("S4", "S6"), "enumeration": ("S4", "S6"),
           "separable": ("S4", "S6"), "gap-hamming-orbits": ("S4", "S6", "S7", "S8")}


def _prefix(s, w, beta):
    if not s.family.prefix_tree:
        raise CertificateError(f"prefix-tree pricing does not fit {s.name}")
    d = integer_d(s.params, 20)
    return prefix_tree_max(w, beta, d), d


def _codes(s, w, beta):
    if not s.family.index_codes:
        raise CertificateError(f"index-codes pricing does not fit {s.name}")
    d = integer_d(s.params, 20)
    return index_codes_max(w, beta, d), d


ORACLES = {"prefix-tree": _prefix, "index-codes": _codes,
           "enumeration": enumeration.enumeration_max,
           "separable": meet_in_middle.meet_in_middle_max,
           "gap-hamming-orbits": hamming_orbits.orbit_pricing_max}
ORACLE_MODULES = {"prefix-tree": "prefix_tree", "index-codes": "prefix_tree",
                  "enumeration": "enumeration", "separable": "meet_in_middle",
                  "gap-hamming-orbits": "hamming_orbits", "gap-hamming-coordinate-holder": "holder",
                  "gap-hamming-half-cauchy-schwarz": "holder"}


def relaxed(s: statements.Statement, error: Fraction) -> tuple[statements.Statement, Fraction, bool]:
    """A noisy family at δ is bounded by its clean relaxation at ``(δ - q)/(1 - 2q)`` (S9).

    >>> s = statements.statement("noisy-augmented-index", {"d": 2, "delta": "1/4"})
    >>> clean, error, _ = relaxed(s, Fraction(1, 4))
    >>> clean.name, error
    ('augmented-index', Fraction(1, 18))
    """
    found = statements.relaxation(s)
    if found is None:
        return s, error, False
    clean, q = found
    if not 0 <= q < Fraction(1, 2):
        raise CertificateError(f"the noisy relaxation needs q = {q} < 1/2")
    return clean, (error - q) / (1 - 2 * q), True


def _dual(witness: dict, size: int) -> list[Fraction]:
    lam = witness["lambda"]
    if isinstance(lam, list):
        if len(lam) != size:
            raise CertificateError(f"λ has {len(lam)} entries, expected {size}")
        values = [rational(v, "λ(x)") for v in lam]
    else:
        values = [rational(lam, "λ")] * size
    if any(v <= 0 for v in values):
        raise CertificateError("every λ(x) must be positive")
    return values


def pricing_max(s: statements.Statement, weights: list[Fraction], beta: Fraction,
                oracle: str) -> tuple[Fraction, int]:
    """Exact ``max over ALL g of Σ_x w(x) β^{L·D[x, g]}`` by the named oracle, and ``L``.

    >>> s = statements.statement("augmented-index", {"d": 2})
    >>> pricing_max(s, [Fraction(1, 4)] * 4, Fraction(1, 3), "prefix-tree")
    (Fraction(4, 9), 2)
    """
    if oracle not in ORACLES:
        raise CertificateError(f"unknown pricing oracle {str(oracle)[:40]!r}; one of "
                               f"{', '.join(sorted(ORACLES) + sorted(holder.BOUNDS))}")
    if not 0 < beta <= 1:
        raise CertificateError(f"the base β = {beta} must lie in (0, 1]")
    if len(weights) != s.sizes[0]:
        raise CertificateError(f"λ has {len(weights)} entries, expected {s.sizes[0]}")
    return ORACLES[oracle](s, weights, beta)


def priced_max(s: statements.Statement, witness: dict) -> tuple[Fraction, int, list[Fraction]]:
    """``(exact max_g Σ_x p(x) λ(x) β^{L·D[x, g]}, L, p_x)`` by the witness's oracle."""
    beta = rational(witness["base"], "the base β")
    p_x = statements.alice_law(s)
    lam = _dual(witness, len(p_x))
    found, scale = pricing_max(s, [p * v for p, v in zip(p_x, lam, strict=True)], beta,
                               witness["pricing"])
    return found, scale, p_x


def program_max(stated, witness: dict) -> tuple[Fraction, int, list[Fraction]]:
    """``(exact max_g Σ_x p(x) λ(x) β^{L·D[x, g]}, L, p_x)`` for an embedded separable program.

    ``D[x, g] = off(x) + Σ_u C[x, u, g(u)]`` over the program's Alice inputs of positive
    probability; meet in the middle when ``L·C`` and ``L·off`` are integers, else every
    decision function when there are few (``L·D`` must then be integral).
    """
    if witness["pricing"] not in ("enumeration", "separable"):
        raise CertificateError("an embedded program is priced by enumeration or meet in the "
                               f"middle, not {str(witness['pricing'])[:40]!r}")
    p_cx, cost, offset = stated.separable()
    p_x = list(p_cx.sum(axis=0))
    beta = rational(witness["base"], "the base β", 0, 1)
    scale = integer(witness["scale"], "the scale L", 1, MAX_L)
    if beta == 0:
        raise CertificateError("the base β must be positive")
    w = [p * v for p, v in zip(p_x, _dual(witness, len(p_x)), strict=True)]
    shifts = [v * scale for v in offset]
    ints = cost * scale
    if all(v.denominator == 1 for v in [*ints.flat, *shifts]):
        for v in shifts:
            power_fits(beta, int(v), "the base β")
        weights = [a * beta ** int(k) for a, k in zip(w, shifts, strict=True)]
        table = np.array(ints.tolist(), dtype=object).astype(np.int64) if ints.size else ints
        return separable_max(table, weights, beta, (cost.shape[1] + 1) // 2), scale, p_x
    n_x, n_u, n_o = cost.shape
    if n_x * n_o**n_u > ENUMERATION_LIMIT:
        raise Refuted(f"L = {scale} does not make L·C integral, and {n_o}^{n_u} decision "
                      "functions are too many to price one by one")
    best = Fraction(0)
    for g in itertools.product(range(n_o), repeat=n_u):
        total = Fraction(0)
        for x in range(n_x):
            level = shifts[x] + sum((ints[x, u, g[u]] for u in range(n_u)), Fraction(0))
            if level.denominator != 1:
                raise Refuted(f"L = {scale} does not make L·D integral")
            power_fits(beta, int(level), "the base β")
            total += w[x] * beta ** int(level)
        best = max(best, total)
    return best, scale, p_x


def lower(stated, witness: dict) -> Bound:
    """The certified ``Σ_x p(x) log2 λ(x) - log2 M + L δ log2 β`` of an rd-dual-pricing witness."""
    keys(witness, FIELDS | holder.FIELDS, "the rd-dual-pricing witness",
         ("pricing", "base", "scale", "lambda"))
    if stated.objective != "external":
        raise CertificateError("an rd-dual-pricing witness bounds the external objective")
    if not stated.is_family:
        return _checked(stated, witness, *program_max(stated, witness), stated.error, ("S4", "S6"))
    s, error, noisy = relaxed(stated.family(), stated.error)
    extra = ("S9",) if noisy else ()
    if witness["pricing"] in holder.BOUNDS:
        return replace(holder.lower(s, error, witness), grounds=("S4", "S7", "S8") + extra)
    true_max, scale, p_x = priced_max(s, witness)
    if integer(witness["scale"], "the scale L") != scale:
        raise Refuted(f"the scale L is {scale}, not {witness['scale']}")
    return _checked(s, witness, true_max, scale, p_x, error, GROUNDS[witness["pricing"]] + extra)


def _checked(s, witness: dict, true_max: Fraction, scale: int, p_x: list[Fraction],
             error: Fraction, grounds: tuple[str, ...]) -> Bound:
    """The dual bound once the exact maximum is known: the claim ``M`` must be at least it."""
    keys(witness, FIELDS, "the rd-dual-pricing witness", ("claimed_max",))
    claimed = rational(witness["claimed_max"], "the claimed maximum", lo=0)
    if true_max > claimed:
        raise Refuted(f"a decision function violates the dual condition: the exact maximum "
                      f"{float(true_max):.12g} exceeds the claimed {float(claimed):.12g}")
    grouped: dict[Fraction, Fraction] = {}
    for p, v in zip(p_x, _dual(witness, len(p_x)), strict=True):
        grouped[v] = grouped.get(v, Fraction(0)) + p
    beta = rational(witness["base"], "the base β")
    pairs = [(p, v) for v, p in grouped.items()] + [(Fraction(-1), claimed), (scale * error, beta)]
    value = log2_sum(pairs, exact_bits=64 if len(grouped) == 1 else 0)
    note = "no decision function violates the dual condition (exact pricing re-run)"
    return replace(value, note=note, grounds=grounds)

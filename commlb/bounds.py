r"""Closed-form information bounds as sympy expressions with their conditions.

Every function returns a :class:`Bound`: a sympy expression (bits), the
conditions under which it holds, what quantity it bounds and whether it is
proved here or reconstructed.  ``bound.at(**values)`` substitutes rational
values and returns the exact value (:class:`commlb.info.Exact`).  Derivations
are in ``proofs/bounds/``.

>>> from fractions import Fraction
>>> b = index_ic()
>>> b.expression
d*(1 - h(delta))
>>> b.at(d=3, delta=Fraction(1, 4))
Exact(-3 + 9/4·log2(3))

Layer: imports only :mod:`commlb.info`, :mod:`commlb.errors` and sympy.

References
----------
Brown, Bun, Feldman, Smith, Talwar, STOC 2021, sections 4-5;
Cover and Thomas, *Elements of Information Theory*, 2.10 (Fano).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import sympy

from commlb.errors import InvalidParameterError
from commlb.info import Exact, binary_entropy

__all__ = [
    "Bound", "h", "to_exact", "index_ic", "noisy_augmented_index_bound", "noisy_next_symbol_ic",
    "fano_bound", "direct_sum", "crossover", "SYMBOLS", "gap_hamming_ic", "LOG2_E_FLOOR",
    "conjecture_4_1",
]

d, k, delta, error, eps = sympy.symbols("d k delta epsilon_B epsilon", positive=True)
SYMBOLS = {"d": d, "k": k, "delta": delta, "error": error, "epsilon": eps}


class h(sympy.Function):
    """Binary entropy ``h(p) = -p log2 p - (1-p) log2(1-p)`` in bits (sympy function).

    >>> h(0), h(sympy.Rational(1, 2)), float(h(sympy.Rational(1, 4)))
    (0, 1, 0.8112781244591328)
    """

    @classmethod
    def eval(cls, p):
        if p.is_Number:
            if p == 0 or p == 1:
                return sympy.Integer(0)
            if p == sympy.Rational(1, 2):
                return sympy.Integer(1)
        return None

    def _eval_rewrite_as_log(self, p, **kwargs):
        return (-p * sympy.log(p) - (1 - p) * sympy.log(1 - p)) / sympy.log(2)

    def _eval_evalf(self, prec):
        p = self.args[0].evalf(prec)
        if p.is_Number:
            return self.rewrite(sympy.log).evalf(prec)
        return None


def crossover(a, b):
    """``a * b = a(1-b) + b(1-a)``: the flip rate of two independent flips (sympy).

    >>> crossover(sympy.Rational(1, 4), sympy.Rational(1, 4))
    3/8
    """
    return a * (1 - b) + b * (1 - a)


def to_exact(expr) -> Exact:
    """The exact value of a closed sympy expression built from rationals, ``h`` and ``log``.

    Raises
    ------
    InvalidParameterError
        If the expression still has free symbols or another function.

    Examples
    --------
    >>> to_exact(2 * h(sympy.Rational(1, 4)))
    Exact(4 - 3/2·log2(3))
    """
    expr = sympy.sympify(expr)
    if expr.free_symbols:
        raise InvalidParameterError(
            f"the expression still depends on {sorted(map(str, expr.free_symbols))}; give values for them"
        )
    if expr.is_Rational:
        return Exact(Fraction(int(expr.p), int(expr.q)))
    if isinstance(expr, h):
        arg = expr.args[0]
        if not arg.is_Rational:
            return to_exact(expr.rewrite(sympy.log))
        return binary_entropy(Fraction(int(arg.p), int(arg.q)))
    if isinstance(expr, sympy.Add):
        return sum((to_exact(a) for a in expr.args), Exact(0))
    if isinstance(expr, sympy.Mul):
        factors = list(expr.args)
        logs = [f for f in factors if isinstance(f, sympy.log)]
        inv_log2 = [f for f in factors if f == 1 / sympy.log(2)]
        if len(logs) == 1 and len(inv_log2) == 1:
            rest = sympy.Mul(*[f for f in factors if f is not logs[0] and f is not inv_log2[0]])
            return _log2(logs[0].args[0]) * _rational(rest)
        rational = [f for f in factors if f.is_Rational]
        other = [f for f in factors if not f.is_Rational]
        if len(other) == 1:
            return to_exact(other[0]) * _rational(sympy.Mul(*rational))
    if isinstance(expr, sympy.Max):
        values = [to_exact(a) for a in expr.args]
        return max(values)
    if isinstance(expr, sympy.Piecewise):
        for value, cond in expr.args:
            if bool(cond):
                return to_exact(value)
    raise InvalidParameterError(f"cannot evaluate {expr} exactly; it is not a sum of rational·log2 terms")


def _rational(expr) -> Fraction:
    expr = sympy.nsimplify(expr)
    if not expr.is_Rational:
        raise InvalidParameterError(f"{expr} is not rational")
    return Fraction(int(expr.p), int(expr.q))


def _log2(arg) -> Exact:
    return Exact.log2(_rational(arg))


@dataclass(frozen=True)
class Bound:
    r"""A closed-form bound: ``quantity >= expression`` (or ``==`` when tight) under ``conditions``.

    Attributes
    ----------
    name : str
    quantity : str
        What is bounded, in notation (e.g. ``IC_ext(index_d, δ) = min I(X; M | R)``).
    expression : sympy.Expr
        The bound in bits.
    conditions : tuple of sympy relationals
        Where it holds.
    kind : {"lower", "exact", "conjecture"}
        ``exact``: the quantity equals the expression (lower bound and matching protocol);
        ``conjecture``: an open statement, asymptotic in its hypotheses, never used to
        compose bounds (``commlb.report`` sets it against certified values).
    status : {"proved", "reconstructed", "open"}
        ``proved`` here (proofs/bounds/), a reconstruction of a stated result, or open.
    reference : str
    setting : dict
        The task definition the bound assumes, by the names of
        :mod:`commlb.problems.training` (e.g. ``{"training": "whole", "positions": "all"}``).
    """

    name: str
    quantity: str
    expression: sympy.Expr
    conditions: tuple = ()
    kind: str = "lower"
    status: str = "proved"
    reference: str = ""
    symbols: dict = field(default_factory=dict)
    setting: dict = field(default_factory=dict)

    def holds_at(self, **values) -> bool:
        """Whether every condition is true at the given values (all symbols must be given)."""
        subs = self._subs(values)
        return all(bool(sympy.sympify(c).subs(subs)) for c in self.conditions)

    def _subs(self, values) -> dict:
        table = {**SYMBOLS, **self.symbols}
        out = {}
        for key, value in values.items():
            if key not in table:
                raise InvalidParameterError(f"bound {self.name} has no symbol {key!r}; use {sorted(table)}")
            out[table[key]] = sympy.Rational(Fraction(value).numerator, Fraction(value).denominator)
        return out

    def at(self, **values) -> Exact:
        """The exact value at rational ``values``.

        Parameters
        ----------
        **values
            A rational value for every symbol of the bound (``d``, ``delta``, ``error``, ...).

        Returns
        -------
        commlb.info.Exact

        Raises
        ------
        InvalidParameterError
            If a condition fails there, or a symbol is left without a value.

        Examples
        --------
        >>> from fractions import Fraction
        >>> index_ic().at(d=1, delta=Fraction(1, 2))
        Exact(0)
        """
        if not self.holds_at(**values):
            raise InvalidParameterError(
                f"bound {self.name} holds only where {self.conditions}; the values {values} violate it"
            )
        return to_exact(self.expression.subs(self._subs(values)))


def index_ic() -> Bound:
    r"""``IC_ext(index_d, δ) = IC_ext(augmented-index_d, δ) = d·(1 − h(δ))`` for ``0 <= δ <= 1/2``.

    One-way external information complexity ``min I(X; M | R)`` over public-coin
    protocols with distributional error ``<= δ`` under ``X ~ Unif{0,1}^d``, ``i``
    uniform (for augmented index Bob also has ``x_<i``).  Lower bound by the chain
    rule and Fano; matched by sending ``X`` through a BSC(δ).

    Returns
    -------
    Bound
        ``kind="exact"``.

    Examples
    --------
    >>> index_ic().at(d=2, delta=0)
    Exact(2)

    References
    ----------
    Brown et al., STOC 2021, section 4; proofs/bounds/index.md.
    """
    return Bound(
        "index-ic", "IC_ext(index_d, δ) = IC_ext(augmented-index_d, δ) = min I(X; M | R)",
        d * (1 - h(delta)), (sympy.Ge(delta, 0), sympy.Le(delta, sympy.Rational(1, 2))),
        kind="exact", reference="Brown et al., STOC 2021; proofs/bounds/index.md",
    )


def noisy_augmented_index_bound(positions: int | None = None) -> Bound:
    r"""``I(X; M | C) >= Σ_t [h(δ/2) − h(e_t)]`` (the form stated in Brown et al., STOC 2021).

    Setting in which it is proved (proofs/bounds/noisy_augmented_index.md):
    ``C ~ Unif{0,1}^d``, Alice's ``X = C ⊕ W`` with ``W_t ~ Bern(δ/2)``
    independent, ``M`` any randomised function of ``X``; ``e_t <= 1/2`` is the
    least error of predicting Alice's bit ``X_t`` from ``(M, C, X_<t)``, or the
    crossover of the per-bit channel (``e_t = η_t`` of
    :func:`noisy_next_symbol_ic`).  The paper's ``e_t`` ("the error at
    position t") is not pinned down in our sources: **reconstructed**.

    Parameters
    ----------
    positions : int, optional
        Give ``d`` to get the sum over symbols ``e_0..e_{d-1}``; default: the
        uniform form ``d·(h(δ/2) − h(e))`` with one symbol ``e`` (``epsilon_B``).

    Examples
    --------
    >>> from fractions import Fraction
    >>> noisy_augmented_index_bound().at(d=1, delta=Fraction(1, 2), error=Fraction(1, 4))
    Exact(0)

    References
    ----------
    Brown et al., STOC 2021 (stated); proofs/bounds/noisy_augmented_index.md (reconstruction).
    """
    conds = [sympy.Ge(delta, 0), sympy.Le(delta, 1)]
    if positions is None:
        expr = d * (h(delta / 2) - h(error))
        conds += [sympy.Ge(error, 0), sympy.Le(error, sympy.Rational(1, 2))]
        symbols = {}
    else:
        es = sympy.symbols(f"e_0:{positions}", nonnegative=True)
        expr = sympy.Add(*[h(delta / 2) - h(e) for e in es])
        conds += [c for e in es for c in (sympy.Ge(e, 0), sympy.Le(e, sympy.Rational(1, 2)))]
        symbols = {str(e): e for e in es}
    return Bound("noisy-augmented-index", "I(X; M | C), X a δ-noisy copy of C", expr, tuple(conds),
                 status="reconstructed",
                 reference="Brown et al., STOC 2021; proofs/bounds/noisy_augmented_index.md",
                 symbols=symbols)


def noisy_next_symbol_ic() -> Bound:
    r"""``min I(X; M | C) = d·[h(f) − h(η)]`` at next-symbol error ``e``, with ``p = δ/2``,

    ``f = (e − p)/(1 − 2p)`` (Bob's error on the reference bit) and
    ``η = (f − p)/(1 − 2p)`` (the crossover of the memorized noise bit), for
    ``p*p <= e <= 1/2`` and ``δ < 1``: the component-conditioned information
    cost of Singletons(1, next-symbol(d, δ, whole)) — Alice a whole noisy copy
    ``X`` of ``C``, Bob ``(t, Z_<t)`` of a fresh copy, target ``Z_t``, ``t``
    uniform, distributional error ``<= e``.  Equivalently the memorization
    frontier of next-symbol with ``N = n = 1`` and whole training examples.
    Tight: ``M = X ⊕ BSC(η)``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> noisy_next_symbol_ic().at(d=1, delta=Fraction(1, 2), error=Fraction(3, 8))  # = h(1/4)
    Exact(2 - 3/4·log2(3))

    References
    ----------
    Brown et al., STOC 2021; proofs/bounds/noisy_next_symbol.md.
    """
    p = delta / 2
    f = (error - p) / (1 - 2 * p)
    eta = (f - p) / (1 - 2 * p)
    conds = (sympy.Ge(delta, 0), sympy.Lt(delta, 1), sympy.Ge(error, crossover(p, p)),
             sympy.Le(error, sympy.Rational(1, 2)))
    return Bound("noisy-next-symbol-ic", "min I(X; M | C) over protocols of Singletons(1, next-symbol) "
                 "with error <= e", d * (h(f) - h(eta)), conds, kind="exact",
                 reference="proofs/bounds/noisy_next_symbol.md",
                 setting={"training": "whole", "positions": "all"})


def fano_bound() -> Bound:
    r"""Fano: ``I(X; M) >= H(X) − h(e) − e·log2(K − 1)`` when ``X`` is guessed from ``M`` with error ``e``.

    ``X`` takes ``K`` values.

    Symbols ``H`` (the entropy ``H(X)``), ``K`` and ``epsilon_B`` (``e``);
    conditions ``0 <= e <= 1 − 1/K``, ``K >= 2``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> fano_bound().at(H=2, K=4, error=0)
    Exact(2)

    References
    ----------
    Cover and Thomas, Theorem 2.10.1; proofs/bounds/fano.md.
    """
    H, K = sympy.symbols("H K", positive=True)
    expr = H - h(error) - error * sympy.log(K - 1, 2)
    conds = (sympy.Ge(error, 0), sympy.Le(error, 1 - 1 / K), sympy.Ge(K, 2))
    return Bound("fano", "I(X; M) when X is recovered from M with error e", expr, conds,
                 reference="Cover-Thomas 2.10.1; proofs/bounds/fano.md", symbols={"H": H, "K": K})


#: A rational lower bound on ``log2(e) = 1/ln 2 = 1.4427...`` (keeps the bound exact).
LOG2_E_FLOOR = sympy.Rational(36, 25)


def gap_hamming_ic(objective: str = "external") -> Bound:
    r"""Gap-Hamming(d, ρ) at error δ: ``IC >= (72/25)·(1 − 2δ)²/ρ²`` for every d (SDPI and Pinsker).

    The problem is ``gap-hamming`` of :mod:`commlb.problems` (the product form:
    x uniform on {±1}^d, y ρ-correlated with x or independent, each with
    probability 1/2), one-way with public coins.  For every d:

    ``IC_ext(δ) = min I(X; M | R) >= c·(1 − 2δ)²/ρ²`` and
    ``IC_int(δ) = min I(X; M | Y, R) >= (1 − ρ²/2)·c·(1 − 2δ)²/ρ²``,

    with ``c = 2·(36/25) <= 2·log2(e)`` (Pinsker's constant in bits, rounded down to
    a rational so that values stay exact).  Proof (proofs/bounds/gap_hamming.md):
    Bob's error δ forces the law of (M, Y) given a correlated y to be at total
    variation ``>= 1 − 2δ`` from the law given an independent one, which is
    ``P_M × P_Y``; so ``I(M; Y_corr) >= 2 log2(e) (1 − 2δ)²`` (Pinsker); and
    the strong data-processing constant of d independent ρ-correlated ±1 pairs
    is ρ² (BSC((1 − ρ)/2), tensorised), so ``I(M; X) >= I(M; Y_corr)/ρ²``.

    Distance from the paper's ``(1 − o(1))·d``: at ``ρ = c_0/√d`` (the scaling
    at which the gap is detectable with constant error) this bound is
    ``2 log2(e) (1 − 2δ)²·d / c_0²``, linear in d but with a constant below 1 that
    tends to 0 as the error does (small error needs large ``c_0``).  What is
    missing is the paper's product-distribution argument with Berry–Esseen,
    which controls the protocol's advantage coordinate by coordinate.

    Parameters
    ----------
    objective : {"external", "internal"}

    Returns
    -------
    Bound
        Symbols ``delta`` (Bob's error) and ``rho``; conditions ``0 <= δ <= 1/2``,
        ``0 < ρ <= 1``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> gap_hamming_ic().at(delta=Fraction(7, 16), rho=Fraction(1, 2))
    Exact(9/50)
    >>> gap_hamming_ic("internal").at(delta=Fraction(7, 16), rho=Fraction(1, 2))
    Exact(63/400)

    References
    ----------
    Brown et al., STOC 2021, section 4 (Gap-Hamming, ``(1 − o(1))·d``);
    Anantharam, Gohari, Kamath, Nair, arXiv:1304.6133 (SDPI constant, tensorisation);
    proofs/bounds/gap_hamming.md.
    """
    rho = sympy.Symbol("rho", positive=True)
    core = 2 * LOG2_E_FLOOR * (1 - 2 * delta) ** 2 / rho ** 2
    conds = (sympy.Ge(delta, 0), sympy.Le(delta, sympy.Rational(1, 2)), sympy.Gt(rho, 0),
             sympy.Le(rho, 1))
    if objective == "external":
        expr, quantity = core, "IC_ext(gap-hamming(d, rho), delta) = min I(X; M | R)"
    elif objective == "internal":
        expr = (1 - rho ** 2 / 2) * core
        quantity = "IC_int(gap-hamming(d, rho), delta) = min I(X; M | Y, R)"
    else:
        raise InvalidParameterError(f"objective must be 'external' or 'internal' (got {objective!r})")
    return Bound(f"gap-hamming-sdpi-{objective}", quantity, expr, conds, kind="lower",
                 reference="proofs/bounds/gap_hamming.md", symbols={"rho": rho})


def conjecture_4_1() -> Bound:
    r"""Conjecture 4.1 (open): multi-sample Gap-Hamming needs ``(1 − o(1))·k·d`` bits at small error.

    ``IC_ext(multi-sample-gap-hamming(k, d, ρ), δ) >= (1 − o(1))·k·d`` as ``d → ∞``
    with ``ρ = Θ(1/√d)`` chosen so that the k = 1 problem is solvable with small
    error, and ``δ → 0``.  The expression is the leading term ``k·d`` (also the
    trivial upper bound ``H(X)``); the condition records the regime.  Being open,
    it is never composed into other bounds; ``commlb report`` tabulates
    ``IC/(k·d)`` and ``IC_k/(k·IC_1)`` against it on every instance the pipeline
    certifies.

    Examples
    --------
    >>> b = conjecture_4_1()
    >>> b.kind, b.status, b.expression
    ('conjecture', 'open', d*k)

    References
    ----------
    Brown, Bun, Feldman, Smith, Talwar, STOC 2021, Conjecture 4.1 (it would give
    whole-sample memorization for cluster labeling).
    """
    return Bound("conjecture-4.1", "IC_ext(multi-sample-gap-hamming(k, d, rho), delta) "
                 "= min I(X; M | R), as d -> oo, delta -> 0", k * d,
                 (sympy.Ge(k, 1), sympy.Ge(d, 1)), kind="conjecture", status="open",
                 reference="Brown et al., STOC 2021, Conjecture 4.1")


def direct_sum(single: Bound) -> Bound:
    r"""Direct sum: ``IC(k-fold, δ) >= k·IC(one, δ)`` for averaged error over a uniform coordinate.

    The k-fold problem: Alice holds ``k`` independent instances (product law),
    Bob one query about a uniformly random coordinate ``J`` (unknown to him);
    information external ``I(X; M | R)`` or component-conditioned
    ``I(X; M | C, R)``.  Embedding: plant the instance at a public uniform ``J``,
    public ``X_<J`` (and components), private ``X_>J``.

    Examples
    --------
    >>> from fractions import Fraction
    >>> direct_sum(index_ic()).at(k=2, d=1, delta=Fraction(1, 2))
    Exact(0)

    References
    ----------
    Brown et al., STOC 2021, section 4 (direct sum for Singletons); Bar-Yossef
    et al. 2004; proofs/bounds/direct_sum.md and proofs/reductions/component_to_singletons.md.
    """
    return Bound(f"direct-sum({single.name})", f"k-fold of [{single.quantity}]", k * single.expression,
                 single.conditions + (sympy.Ge(k, 1),), kind="lower", status=single.status,
                 reference="proofs/bounds/direct_sum.md", symbols=dict(single.symbols),
                 setting=dict(single.setting))

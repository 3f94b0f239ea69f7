"""The statement of a certificate and the exact program it denotes.

A statement names what is bounded: a catalogue family at parameters, rebuilt from
the checker's own closed forms (:mod:`commlb.certificates.statements`), or a program
embedded in the certificate and read as given; an objective; and the error ``δ``::

    {"problem": {"name": "index", "params": {"d": 3}}, "objective": "external", "error": "1/10"}
    {"program": {"p_cx": [[...]], "D": [[...]]}, "objective": "internal", "error": "1/4"}
    {"program": {"p_cx": {...}, "cost": {...}, "offset": [...]}, "objective": "conditional", ...}

The objective fixes the classes ``c`` of ``Σ_c p(c) I(X; G | C = c)``: one class for
``external`` (``I(X; G)``), ``c = y`` for ``internal`` on a family, the program's own
classes for ``conditional`` and ``memorization-frontier``.  A statement may name its
``excess_error`` over the program's optimal error ``ε*``; it is checked exactly.
Nothing else is accepted: every field of a statement is something the checker verifies
(a frontier certificate does not name its task, whose program the checker cannot
rebuild; ``proofs/frontier_colgen/check.py`` ties a stored one to its task).  Two
program forms exist: a distortion matrix ``D[x, g]`` over explicit decision functions,
and a separable cost ``D[x, g] = off(x) + Σ_u C[x, u, g(u)]``.

>>> s = read_statement({"problem": {"name": "index", "params": {"d": 1}},
...                     "objective": "external", "error": "1/10"})
>>> s.error, s.family().sizes
(Fraction(1, 10), (2, 1, 2))
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from commlb.certificates import statements
from commlb.certificates.schema import Invalid, integer, keys, rational, table
from commlb.errors import CertificateError

__all__ = ["Stated", "read_statement", "OBJECTIVES", "MAX_SCALE_BITS", "PrivateProgram",
           "private_program", "exp_bounds"]

OBJECTIVES = ("external", "internal", "conditional", "memorization-frontier",
              "private-excess-error")
FIELDS = {"problem", "program", "objective", "error", "excess_error"}
MAX_SCALE_BITS = 2**14  # the common denominator of an embedded program's distortion


@dataclass(frozen=True)
class Stated:
    """A read statement: its objective, error and source (a family or a program)."""

    objective: str
    error: Fraction
    text: str  # the source as canonical JSON (the cache key of its program)
    is_family: bool
    excess_error: Fraction | None = None

    @property
    def source(self) -> dict:
        return json.loads(self.text)

    def name_params(self) -> tuple[str, dict]:
        """``(name, params)`` of a family statement (refused for a program)."""
        if not self.is_family:
            raise CertificateError("this witness needs a catalogue family, not an embedded program")
        problem = self.source["problem"]
        return problem["name"], dict(problem.get("params", {}))

    def family(self) -> statements.Statement:
        """The checker's own statement of the family (validated, sizes refused above limits)."""
        return statements.statement(*self.name_params())

    def distortion(self):
        """``(p_cx, D_int, L, functions)``: classes by the objective, ``D = D_int / L``.

        ``functions`` is ``(table, outputs)`` naming each decision function of a family
        by its output tuple, or None for a program.
        """
        return _distortion(self.text, self.objective)

    def separable(self):
        """``(p_cx, cost, offset)`` with ``min_o C[x, u, o] = 0``; rows of ``p(x) = 0`` dropped."""
        return _separable(self.text, self.objective)


def read_statement(data: object) -> Stated:
    """The statement of an envelope, its fields and numbers read strictly."""
    if isinstance(data, dict) and data.get("objective") == "private-excess-error":
        data = keys(data, {"objective", "program"}, "the statement", ("objective", "program"))
        try:
            text = json.dumps({"program": data["program"]}, sort_keys=True)
        except (TypeError, ValueError, RecursionError):
            raise CertificateError("the statement is not JSON data") from None
        stated = Stated("private-excess-error", Fraction(0), text, False)
        private_program(stated)  # read strictly now: malformed programs fail here
        return stated
    data = keys(data, FIELDS, "the statement", ("objective", "error"))
    if ("problem" in data) == ("program" in data):
        raise CertificateError("the statement holds exactly one of 'problem' and 'program'")
    objective = data["objective"]
    if objective not in OBJECTIVES:
        raise CertificateError(f"unknown objective {str(objective)[:40]!r}; one of "
                               f"{', '.join(OBJECTIVES)}")
    error = rational(data["error"], "the error level", 0, 1)
    is_family = "problem" in data
    if is_family:
        problem = keys(data["problem"], {"name", "params"}, "the problem", ("name",))
        if not isinstance(problem.get("params", {}), dict):
            raise CertificateError("the problem's params must be a JSON object")
        statements.statement(problem["name"], problem.get("params", {}))  # unknown, too large: raise
        if objective in ("conditional", "memorization-frontier"):
            raise CertificateError(f"the {objective} objective needs an embedded program")
        source = {"problem": problem}
    else:
        source = {"program": data["program"]}
    excess = None
    if "excess_error" in data:
        excess = rational(data["excess_error"], "the excess error", 0, 1)
    try:
        text = json.dumps(source, sort_keys=True)
    except (TypeError, ValueError, RecursionError):
        raise CertificateError("the statement is not JSON data") from None
    stated = Stated(objective, error, text, is_family, excess)
    if excess is not None:
        optimal = _optimal_error(stated)
        if error != optimal + excess:
            raise Invalid(f"the error level is not the optimal error {optimal} plus the excess {excess}")
    return stated


def _optimal_error(stated: Stated) -> Fraction:
    """``ε* = Σ_x p(x) min_g D[x, g]`` of the stated program."""
    if "D" in stated.source.get("program", {}):
        p_cx, d_int, scale, _ = stated.distortion()
        return sum((p * Fraction(int(m), scale) for p, m in zip(p_cx.sum(axis=0), d_int.min(axis=1),
                                                                strict=True)), Fraction(0))
    p_cx, _, offset = stated.separable()
    return sum((a * b for a, b in zip(p_cx.sum(axis=0), offset, strict=True)), Fraction(0))


def _classes(p_cx: np.ndarray, objective: str) -> np.ndarray:
    if objective == "external":
        p_cx = p_cx.sum(axis=0)[None, :]
    return p_cx[[c for c in range(p_cx.shape[0]) if any(p_cx[c])]]  # drop empty classes


@lru_cache(maxsize=8)
def _distortion(text: str, objective: str):
    source = json.loads(text)
    if "problem" in source:
        s = statements.statement(source["problem"]["name"], source["problem"].get("params", {}))
        p_x, d_int, scale = statements.distortion_scaled(s)
        functions = (statements.function_table(s), list(statements.output_alphabet(s)))
        p_cx = (np.asarray(statements.xy_matrix(s).T, dtype=object) if objective == "internal"
                else np.array([p_x], dtype=object))
        return _classes(p_cx, objective), d_int, int(scale), functions
    program = keys(source["program"], {"p_cx", "D"}, "a distortion program", ("p_cx", "D"))
    rows = table(program["p_cx"], "the program's p_cx")
    D = [[rational(v, "D[x, g]", lo=0) for v in table(row, "a row of D")]
         for row in table(program["D"], "the program's D")]
    if not rows or not D or any(len(row) != len(D[0]) for row in D) or not D[0] \
            or any(not isinstance(row, list) or len(row) != len(D) for row in rows):
        raise Invalid("the program's p_cx is not a probability law matching D")
    p_cx = np.array([[rational(v, "p(c, x)", lo=0) for v in row] for row in rows], dtype=object)
    if sum(p_cx.flat) != 1:
        raise Invalid("the program's p_cx is not a probability law matching D")
    scale = 1
    for v in {v.denominator for row in D for v in row}:
        scale = math.lcm(scale, v)
        if scale.bit_length() > MAX_SCALE_BITS:
            raise CertificateError("the program's distortion has a common denominator of more than "
                                   f"{MAX_SCALE_BITS} bits")
    d_int = np.array([[int(v * scale) for v in row] for row in D], dtype=object)
    top = max(int(v) for v in d_int.flat)
    d_int = d_int.astype(np.int64) if top * d_int.shape[0] < 2**62 else d_int
    return _classes(p_cx, objective), d_int, scale, None


@lru_cache(maxsize=8)
def _separable(text: str, objective: str):
    source = json.loads(text)
    if "problem" in source:
        s = statements.statement(source["problem"]["name"], source["problem"].get("params", {}))
        p_cx = np.asarray(statements.xy_matrix(s).T, dtype=object)
        cost = statements.cost_table(s)
        offset = [Fraction(0)] * cost.shape[0]
    else:
        p_cx, cost, offset = _read_separable(source["program"])
    if any(v < 0 for v in np.ravel(p_cx)) or sum(np.ravel(p_cx), Fraction(0)) != 1:
        raise Invalid("the classes' weights p(c, x) are not a probability law")
    if p_cx.shape[1] != cost.shape[0] or len(offset) != cost.shape[0]:
        raise CertificateError("p_cx, cost and offset do not have matching |X|")
    keep = [i for i, v in enumerate(p_cx.sum(axis=0)) if v > 0]
    p_cx, cost = _classes(p_cx[:, keep], objective), cost[keep]
    low = np.array([[min(cell) for cell in row] for row in cost], dtype=object)
    offset = np.array([offset[i] for i in keep], dtype=object) + low.sum(axis=1)
    return p_cx, cost - low[:, :, None], offset


def _read_separable(program: object):
    prog = keys(program, {"p_cx", "cost", "offset"}, "a separable program", ("p_cx", "cost", "offset"))
    pc = keys(prog["p_cx"], {"denominator", "numerators"}, "the program's p_cx",
              ("denominator", "numerators"))
    den = integer(pc["denominator"], "the p_cx denominator", 1)
    p_cx = np.array([[Fraction(integer(v, "a p_cx numerator", 0, den), den)
                      for v in table(row, "a p_cx row")]
                     for row in table(pc["numerators"], "the p_cx numerators")], dtype=object)
    co = keys(prog["cost"], {"denominators", "numerators"}, "the program's cost",
              ("denominators", "numerators"))
    dens = table(co["denominators"], "the cost denominators")
    cells = table(co["numerators"], "the cost numerators", limit=len(dens))
    if len(cells) != len(dens) or not cells:
        raise CertificateError("the cost lists one denominator per input x")
    dens = [integer(d, "a cost denominator", 1) for d in dens]
    # a cost is a part of an error probability: 0 <= C <= 1, refused before any arithmetic
    cost = [[[Fraction(integer(v, "a cost numerator", 0, d), d) for v in table(cell, "a cost cell")]
             for cell in table(row, "a cost row")] for d, row in zip(dens, cells, strict=True)]
    width = (len(cost[0]), len(cost[0][0]) if cost[0] else 0)
    if width[1] == 0 or any(len(row) != width[0] or any(len(c) != width[1] for c in row)
                            for row in cost):
        raise CertificateError("the cost table is not rectangular |X| x |U| x |O|")
    cost = np.array(cost, dtype=object).reshape(len(cost), *width)
    offset = [rational(v, "an offset", 0, 1) for v in table(prog["offset"], "the offsets")]
    if p_cx.ndim != 2 or p_cx.size == 0:
        raise CertificateError("p_cx must be a nonempty |C| x |X| table")
    return p_cx, cost, offset


# -- the least excess error of differentially private learners (S13) ---------------------------

EXP_BITS = 64  # e^ε is enclosed in [lo, hi] with denominators 2^EXP_BITS
MAX_EPSILON = 20
MAX_DP_ENTRIES = 2**17  # training sets x prediction functions


def exp_bounds(epsilon: Fraction, bits: int = EXP_BITS) -> tuple[Fraction, Fraction]:
    """Rationals ``lo <= e^ε <= hi`` with denominator ``2^bits``, from the exact series.

    ``Σ_{k<=K} ε^k/k!`` is below ``e^ε`` (every term is positive) and the tail after
    it is at most ``t_{K+1}/(1 − ε/(K+2))`` (a geometric bound, ``K + 2 > ε``).

    >>> lo, hi = exp_bounds(Fraction(1))
    >>> float(lo) <= 2.718281828459045 <= float(hi), float(hi - lo) < 1e-18
    (True, True)
    """
    if not 0 <= epsilon <= MAX_EPSILON:
        raise CertificateError(f"ε must lie in [0, {MAX_EPSILON}], got {epsilon}")
    terms, total, term, k = 60 + 3 * math.ceil(epsilon), Fraction(1), Fraction(1), 0
    for k in range(1, terms + 1):
        term = term * epsilon / k
        total += term
    tail = term * epsilon / (k + 1) / (1 - epsilon / (k + 2))
    scale = 2**bits
    lo = Fraction(math.floor(total * scale), scale)
    hi = Fraction(math.ceil((total + tail) * scale), scale)
    return lo, hi


@dataclass(frozen=True)
class PrivateProgram:
    """The linear program of the least excess error of (ε, δ)-DP learners, read strictly.

    Variables ``Q(g | x)`` (a channel from training sets to prediction functions);
    error ``Σ_x Σ_g Q(g | x)·cost[x, g] / denominator``; constraints
    ``Q(g | x) <= e^ε Q(g | x') + δ`` for every listed neighbouring pair ``(x, x')``.
    """

    epsilon: Fraction
    delta: Fraction
    cost: np.ndarray  # (X, G) integers
    denominator: int
    neighbours: np.ndarray  # (pairs, 2) training-set indices
    e_lower: Fraction
    e_upper: Fraction

    @property
    def optimal_error(self) -> Fraction:
        """``err* = Σ_x min_g cost[x, g] / denominator`` (every learner, private or not)."""
        return Fraction(int(sum(int(v) for v in self.cost.min(axis=1))), self.denominator)


def private_program(stated: Stated) -> PrivateProgram:
    """The :class:`PrivateProgram` of a ``private-excess-error`` statement."""
    return _private(stated.text)


@lru_cache(maxsize=4)
def _private(text: str) -> PrivateProgram:
    program = keys(json.loads(text)["program"],
                   {"epsilon", "delta", "cost", "denominator", "neighbours"},
                   "a private-learner program",
                   ("epsilon", "delta", "cost", "denominator", "neighbours"))
    epsilon = rational(program["epsilon"], "ε", 0, MAX_EPSILON)
    delta = rational(program["delta"], "δ", 0, 1)
    den = integer(program["denominator"], "the cost denominator", 1)
    rows = table(program["cost"], "the cost rows")
    if not rows or not isinstance(rows[0], list) or not rows[0]:
        raise CertificateError("the cost is a nonempty |X| x |G| table")
    width = len(rows[0])
    if len(rows) * width > MAX_DP_ENTRIES:
        raise CertificateError(f"the program has {len(rows) * width} entries, above the checker's "
                               f"limit {MAX_DP_ENTRIES}")
    table(rows, "the cost rows", width)  # rectangular
    cost = np.array([[integer(v, "a cost numerator", 0, den) for v in row] for row in rows],
                    dtype=object)
    pairs = table(program["neighbours"], "the neighbouring pairs", 2, limit=MAX_DP_ENTRIES)
    neighbours = np.array([[integer(a, "a training-set index", 0, len(rows) - 1),
                            integer(b, "a training-set index", 0, len(rows) - 1)]
                           for a, b in pairs], dtype=np.int64).reshape(-1, 2)
    if (neighbours[:, 0] == neighbours[:, 1]).any():
        raise CertificateError("a neighbouring pair joins a training set to itself")
    total = int(sum(int(v) for v in cost.max(axis=1)))
    if total > den:  # the cost is an error mass: Σ_x max_g cost <= Pr[some error] <= 1
        raise Invalid("the cost is not part of an error probability (Σ_x max_g exceeds 1)")
    lo, hi = exp_bounds(epsilon)
    return PrivateProgram(epsilon, delta, cost, den, neighbours, lo, hi)

"""Explicit rational channels over decision functions: the upper witnesses of every objective.

Any channel ``Q(g|x)`` is a protocol (Alice sends ``g``, Bob answers ``g(y)``), so if its
error ``Σ_x p(x) Σ_g Q(g|x) D[x, g]`` is at most δ, its information
``I(X; G | C)`` bounds the program's value from above (S3 of ``proofs/INDEX.md``).  The
error is checked exactly; the information is :func:`~commlb.certificates.kernel.channel_information`.
Two encodings:

``{"type": "channel", "denominator": N, "entries": [[x, g, n], ...], "functions": {...}}``
    ``Q(g|x) = n/N`` over the decision functions of the statement's distortion matrix,
    by index (``functions`` may name indices by their output tuples, and must match).
``{"type": "channel-columns", "columns": [[g(y) ...], ...], "rows": [[Q(k|x) ...], ...]}``
    Columns written as output tuples, one row per Alice input of positive probability;
    the distortion of each column is rebuilt from the statement (a family's closed
    form, or the separable program ``off(x) + Σ_u C[x, u, g(u)]``).

>>> from commlb.certificates.programs import read_statement
>>> s = read_statement({"problem": {"name": "index", "params": {"d": 1}},
...                     "objective": "external", "error": "1/2"})
>>> columns(s, {"type": "channel-columns", "columns": [[0]], "rows": [["1"], ["1"]]}).exact
Exact(0)
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from commlb.certificates.kernel import Bound, Refuted, channel_information
from commlb.certificates.schema import integer, keys, rational, table
from commlb.certificates.witnesses.costs import integer_d, prefix_errors
from commlb.errors import CertificateError

__all__ = ["entries", "columns"]

MAX_COLUMNS = 2**16
NOTE = "the channel's error is at most δ (exact) and its information recomputed"


def _bound(p_cx, rows: list[dict[int, Fraction]]) -> Bound:
    interval, exact = channel_information([list(r) for r in p_cx], rows)
    return Bound(interval, exact, True, NOTE, ("S3",))


def _same(claimed: object, expected: list) -> bool:
    """Equal lists with equal element types (a float 1.0 does not name the output 1)."""
    return (isinstance(claimed, list) and len(claimed) == len(expected)
            and all(type(a) is type(b) and a == b for a, b in zip(claimed, expected, strict=True)))


def entries(stated, witness: dict) -> Bound:
    """The information of ``Q(g|x) = n/N`` over the statement's decision functions, error <= δ."""
    keys(witness, {"type", "denominator", "entries", "functions"}, "the channel witness",
         ("denominator", "entries"))
    p_cx, d_int, scale, functions = stated.distortion()
    den = integer(witness["denominator"], "the channel denominator", 1)
    n_x, n_g = d_int.shape
    listed = [(integer(x, "an entry's x", 0, n_x - 1), integer(g, "an entry's g", 0, n_g - 1),
               integer(n, "an entry's numerator", 1)) for x, g, n in table(witness["entries"],
                                                                          "the channel entries", 3)]
    if not listed:
        raise Refuted("the channel needs at least one entry")
    named = witness.get("functions")
    if named:
        if functions is None or not isinstance(named, dict):
            raise CertificateError("'functions' names decision functions of a family statement only")
        function_table, outputs = functions
        for g, claimed in named.items():
            index = integer(g, "a decision function index", 0, n_g - 1)
            if not _same(claimed, [outputs[i] for i in function_table[index]]):
                raise Refuted("a decision function index does not match its output tuple")
    p_x = p_cx.sum(axis=0)
    rows: list[dict[int, Fraction]] = [{} for _ in range(n_x)]
    sums, per_row = [0] * n_x, [0] * n_x
    for x, g, n in listed:
        sums[x] += n
        per_row[x] += n * int(d_int[x, g])
        rows[x][g] = rows[x].get(g, 0) + Fraction(n, den)
    for x in range(n_x):
        if p_x[x] and sums[x] != den:
            raise Refuted(f"row {x} of the channel does not sum to 1")
    error = sum(p_x[x] * per_row[x] for x in range(n_x)) / (den * scale)
    if error > stated.error:
        raise Refuted(f"the upper witness has error {float(error):.12g} > {float(stated.error):.12g}")
    return _bound(p_cx, rows)


def _family_columns(stated, listed: list[list[int]]):
    """``(p_cx, D[x][k])`` of a family's listed columns, by its closed form."""
    s = stated.family()
    _, ny, no = s.sizes
    if any(len(g) != ny or max(g, default=0) >= no for g in listed):
        raise CertificateError(f"each column lists {ny} outputs in 0..{no - 1}")
    if stated.objective == "external" and (s.family.prefix_tree or s.family.index_codes):
        d = integer_d(s.params, 20)
        if s.family.prefix_tree:
            errs = [prefix_errors(d, g) for g in listed]
        else:
            codes = [int("".join(map(str, g)), 2) for g in listed]
            errs = [[bin(x ^ c).count("1") for x in range(2**d)] for c in codes]
        p_cx = np.array([[Fraction(1, 2**d)] * 2**d], dtype=object)
        return p_cx, [[Fraction(e[x], d) for e in errs] for x in range(2**d)]
    if s.sizes[0] * len(listed) * ny > 2**24:
        raise CertificateError("the channel's columns need more than 2^24 cost look-ups")
    return _separable_columns(stated, listed)


def _separable_columns(stated, listed: list[list[int]]):
    p_cx, cost, offset = stated.separable()
    n_x, n_u, n_o = cost.shape
    if any(len(g) != n_u or max(g, default=0) >= n_o for g in listed):
        raise CertificateError(f"each column lists {n_u} outputs in 0..{n_o - 1}")
    K = np.array(listed, dtype=np.int64).reshape(-1, n_u)
    positions = np.arange(n_u)
    D = [[offset[x] + c for c in cost[x][positions[None, :], K].sum(axis=1)] for x in range(n_x)]
    return p_cx, D


def columns(stated, witness: dict) -> Bound:
    """The information of a channel over listed columns (output tuples), error <= δ."""
    keys(witness, {"type", "columns", "rows"}, "the channel-columns witness", ("columns", "rows"))
    listed = [[integer(v, "a column entry", 0) for v in table(g, "a column")]
              for g in table(witness["columns"], "the columns", limit=MAX_COLUMNS)]
    if not listed or len({tuple(g) for g in listed}) != len(listed):
        raise Refuted("the channel's columns must be listed once each, at least one")
    p_cx, D = (_family_columns(stated, listed) if stated.is_family
               else _separable_columns(stated, listed))
    n_x = len(D)
    rows = [[rational(v, "Q(g|x)", lo=0) for v in table(row, "a channel row", limit=len(listed))]
            for row in table(witness["rows"], "the channel rows", limit=n_x)]
    if len(rows) != n_x or any(len(r) != len(listed) for r in rows):
        raise Refuted(f"the channel needs {n_x} rows of {len(listed)} entries")
    if any(sum(r) != 1 for r in rows):
        raise Refuted("a row of the channel is not a probability law")
    p_x = p_cx.sum(axis=0)
    achieved = sum(p * sum(q * dv for q, dv in zip(r, dr, strict=True))
                   for p, r, dr in zip(p_x, rows, D, strict=True))
    if achieved > stated.error:
        raise Refuted(f"the channel errs with probability {float(achieved):.12g} > δ = "
                      f"{float(stated.error):.12g}")
    return _bound(p_cx, [{k: v for k, v in enumerate(r) if v} for r in rows])

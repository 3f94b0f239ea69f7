"""The trusted kernel: its size and imports, its one claim rule, and its shared arithmetic."""

from __future__ import annotations

import ast
import math
import pathlib
import random
import sys
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from commlb.certificates import kernel
from commlb.certificates.kernel import Bound, Malformed, channel_information, claim_rule, log2_sum
from commlb.info import Exact, Interval

KERNEL = pathlib.Path(kernel.__file__)


def test_the_kernel_is_small_and_imports_only_what_it_may():
    source = KERNEL.read_text()
    assert len(source.splitlines()) < 300
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            pytest.fail("the kernel imports dynamically")
    allowed = {"commlb.info.exact", "numpy", "__future__"}
    assert all(m in allowed or m.split(".")[0] in sys.stdlib_module_names for m in imported), imported


def test_the_claim_rule():
    third = Bound.exact_value(Exact.log2(3))  # 1.58496...
    zero = Bound.exact_value(Exact(0))
    assert claim_rule(0.0, 1.5849625007211563, zero, third)[0]
    above = Bound.exact_value(Exact.log2(3) + Fraction(1, 10**10))
    assert not claim_rule(0.0, 1.5849625007211563, zero, above)[0]
    assert not claim_rule(1e-300, 2.0, zero, third)[0]  # a lower above an exact 0
    assert not claim_rule(0.0, None, zero, third)[0]  # an upper certified but not claimed
    floating = Bound(Interval(0.0, math.inf), None, False)
    assert claim_rule(0.0, 7.0, zero, floating)[0]  # an uncertified upper backs nothing
    assert not claim_rule(2.0, 3.0, third, zero)[0]  # witnesses that contradict each other


def _channel(draw_rows: list[list[int]], p: list[int]):
    total = sum(p)
    p_x = [Fraction(v, total) for v in p]
    rows = [{g: Fraction(n, sum(r)) for g, n in enumerate(r) if n} for r in draw_rows]
    return p_x, rows


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 5).flatmap(lambda nx: st.tuples(
    st.lists(st.lists(st.integers(0, 9), min_size=3, max_size=3).filter(any),
             min_size=nx, max_size=nx),
    st.lists(st.integers(1, 9), min_size=nx, max_size=nx))))
def test_channel_information_is_the_mutual_information(case):
    """I(X; G) of a rational channel: exact value, float enclosure and the library's measure."""
    p_x, rows = _channel(*case)
    interval, exact = channel_information([p_x], rows)
    assert exact is not None and interval.lo <= float(exact) <= interval.hi
    joint = [[p * r.get(g, 0) for g in range(3)] for p, r in zip(p_x, rows, strict=True)]
    q = [sum(row[g] for row in joint) for g in range(3)]
    direct = sum(float(v) * math.log2(v / (p * q[g])) for p, row in zip(p_x, joint, strict=True)
                 for g, v in enumerate(row) if v)  # Σ p(x, g) log2 p(x, g) / (p(x) q(g))
    assert abs(float(exact) - direct) <= 1e-12
    wide, none = channel_information([p_x], rows, exact_terms=0)  # the float path: tight
    assert none is None and wide.lo <= float(exact) <= wide.hi and wide.hi - wide.lo < 1e-12


def test_conditional_information_satisfies_the_chain_rule():
    """I(X; G | C) = I(X, C; G) - I(C; G) when G depends on X only (C a function of X here)."""
    rng = random.Random(3)
    p = [Fraction(rng.randint(1, 9)) for _ in range(6)]
    p = [v / sum(p) for v in p]
    splits = [rng.randint(0, 10) for _ in p]  # Q(0|x) = k/10, Q(1|x) = 1 - k/10
    rows = [{g: v for g, v in ((0, Fraction(k, 10)), (1, Fraction(10 - k, 10))) if v}
            for k in splits]
    classes = [[p[x] if x < 3 else Fraction(0) for x in range(6)],
               [p[x] if x >= 3 else Fraction(0) for x in range(6)]]
    conditional = channel_information(classes, rows)[1]
    total = channel_information([p], rows)[1]
    class_rows = [{g: sum(p[x] * rows[x].get(g, 0) for x in part) / sum(p[x] for x in part)
                   for g in (0, 1)} for part in (range(3), range(3, 6))]
    between = channel_information([[sum(p[:3]), sum(p[3:])]], class_rows)[1]
    assert conditional == total - between


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.fractions(-5, 5, max_denominator=50),
                          st.fractions(Fraction(1, 1000), 1000, max_denominator=10**6)),
                min_size=1, max_size=6))
def test_log2_sums_exact_and_outward_agree(pairs):
    exact = log2_sum(pairs).exact
    outward = log2_sum(pairs, exact_bits=0).interval
    assert exact is not None and outward.lo <= float(exact) <= outward.hi
    assert outward.hi - outward.lo <= 1e-12 * (1 + abs(float(exact)))


def test_log2_of_huge_rationals_is_enclosed():
    big = Fraction(3) ** 5000 / Fraction(2) ** 7000
    enclosure = log2_sum([(Fraction(1), big)]).interval
    lo, hi = enclosure.lo, enclosure.hi
    with mpmath.workdps(40):
        reference = 5000 * mpmath.log(3, 2) - 7000
        assert lo <= reference <= hi and hi - lo < 1e-9


def test_old_formats_are_refused_with_the_way_to_regenerate_them():
    for old in ({"format": "commlb-ic-certificate", "version": 1},
                {"type": "internal-chain-rule"}, {"type": "conditional-column-generation"}):
        with pytest.raises(Malformed, match="regenerate it with `commlb ic"):
            kernel.read(old)
    with pytest.raises(Malformed, match="version 3 is not version 2"):
        kernel.read({"format": "commlb-certificate", "version": 3})

"""The pipeline statement → method → result → certificate: one front door for every problem.

These tests assert mathematics (closed forms, agreement of independent methods)
and the structural rules of the redesign (no dispatch on names, no import cycles).
"""

from __future__ import annotations

import ast
import itertools
import math
import pathlib
from fractions import Fraction as F

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import commlb
from commlb.certificates import check
from commlb.errors import InstanceTooLargeError, InvalidParameterError
from commlb.problems import OneWayProblem, get
from commlb.problems.structure import structure_of
from commlb.testing import problems

ROOT = pathlib.Path(commlb.__file__).parent
FAMILY_NAMES = {"index", "augmented-index", "noisy-augmented-index", "gap-hamming",
                "gap-hamming-promise", "equality", "singletons", "multi-sample-gap-hamming",
                "next-symbol", "cluster-labeling"}


def h(p: float) -> float:
    return 0.0 if p in (0, 1) else -p * math.log2(p) - (1 - p) * math.log2(1 - p)


def _name_comparisons(path: pathlib.Path) -> list[str]:
    hits = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                values = side.elts if isinstance(side, (ast.Tuple, ast.List, ast.Set)) else [side]
                hits += [f"{path}:{node.lineno} {v.value!r}" for v in values
                         if isinstance(v, ast.Constant) and v.value in FAMILY_NAMES]
    return hits


def test_no_branch_on_a_problem_name_in_the_solver_or_the_checker():
    files = [f for layer in ("ic", "certificates") for f in (ROOT / layer).rglob("*.py")
             if f.name != "statements.py"]
    assert files
    assert [hit for f in files for hit in _name_comparisons(f)] == []


def test_no_module_level_import_cycles():
    graph = {}
    for f in ROOT.rglob("*.py"):
        mod = ".".join(f.relative_to(ROOT.parent).with_suffix("").parts).removesuffix(".__init__")
        deps = set()
        for node in ast.parse(f.read_text()).body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                subs = {f"{node.module}.{a.name}" for a in node.names}
                found = {m for m in subs if (ROOT.parent / (m.replace(".", "/") + ".py")).exists()
                         or (ROOT.parent / m.replace(".", "/")).is_dir()}
                deps.update(found or {node.module})
            elif isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
        graph[mod] = {d for d in deps if d.startswith("commlb") and d != mod}
    state: dict[str, int] = {}

    def visit(m, stack):
        state[m] = 1
        for d in graph.get(m, ()):
            d = d if d in graph else d.rsplit(".", 1)[0]
            if state.get(d) == 1:
                raise AssertionError(" -> ".join(stack + [m, d]))
            if d in graph and d not in state:
                visit(d, stack + [m])
        state[m] = 2

    for m in graph:
        if m not in state:
            visit(m, [])


def _biased_index(bias=F(1, 3), name="index"):
    cube = list(itertools.product((0, 1), repeat=2))
    law = {}
    for x in cube:
        px = math.prod(bias if v else 1 - bias for v in x)
        for i in range(2):
            law[(x, i, x[i])] = px / 2
    return OneWayProblem(name, {"d": 2, "bias": str(bias)}, cube, [0, 1], [0, 1], law)


@pytest.mark.parametrize("method", ["auto", "enumerate", "colgen", "conditional-colgen"])
def test_a_users_problem_named_like_the_catalogue_is_solved_as_itself(method):
    # two independent Bernoulli(1/3) bits, Bob asks for one: IC = 2·(h(1/3) − h(1/10))
    result = commlb.information_complexity(_biased_index(), F(1, 10), method=method)
    truth = 2 * (h(1 / 3) - h(1 / 10))
    assert abs(truth - 0.8986005) < 1e-6
    assert result.lower - 1e-9 <= truth <= result.upper + 1e-9
    assert check(result.certificate).valid
    assert "program" in str(result.certificate)  # the statement is embedded, not named


def test_a_hand_built_problem_is_certified_by_every_method_that_can_run_on_it():
    """Orbit (a group found on its graph), colgen (its cost table embedded, priced by the
    checker) and enumeration are independent computations of one value; they agree."""
    problem = OneWayProblem.from_function(
        lambda x, y: int(x == y), {x: F(1, 4) for x in range(4)},
        lambda x: {y: F(1, 2) * (y == x) + F(1, 8) for y in range(4)}, name="my-equality")
    rows = {r["name"]: r for r in commlb.ic.methods(problem, "external", "1/10")}
    assert all(rows[m]["applies"] for m in ("orbit", "colgen", "enumerate", "conditional-colgen"))
    brackets = {}
    for method in ("orbit", "colgen", "enumerate"):
        result = commlb.information_complexity(problem, "1/10", method=method)
        verdict = check(result.certificate)
        assert verdict.valid and "program" in result.certificate["statement"], verdict.reason
        brackets[method] = (result.lower, result.upper)
    assert brackets["orbit"][1] - brackets["orbit"][0] <= 1e-9
    assert max(lo for lo, _ in brackets.values()) <= min(hi for _, hi in brackets.values()) + 1e-12
    # a law with no symmetry transitive on X: the orbit method says so at run time
    with pytest.raises(InvalidParameterError, match="symmetry|uniform"):
        commlb.information_complexity(_biased_index(), "1/10", method="orbit")


def test_from_function_problem_is_certified_for_both_objectives():
    eq = OneWayProblem.from_function(
        lambda x, y: int(x == y), {x: F(1, 2) for x in (0, 1)},
        lambda x: {y: F(1, 2) for y in (0, 1)}, name="my-equality")
    # one bit: Bob's y is uniform and independent of x, the answer is [x = y] — a bit
    # of x XOR y; at δ the external value is 1 − h(δ) (rate–distortion of a fair bit)
    for objective in ("external", "internal"):
        r = commlb.information_complexity(eq, "1/10", objective)
        assert r.lower - 1e-6 <= 1 - h(0.1) <= r.upper + 1e-6
        assert check(r.certificate).valid


def test_auto_reaches_the_gap_where_some_method_does():
    r = commlb.information_complexity(get("equality", d=3), "1/5", "internal")
    assert r.success and r.gap <= 1e-6 and abs(r.lower - 0.6092953) < 1e-6


def test_augmented_index_d12_is_closed_form_without_building_the_law():
    problem = get("augmented-index", d=12)
    r = commlb.information_complexity(problem, 0.1)
    assert "_deferred" in vars(problem)  # nothing of size 2^12 × (2^12 − 1) was built
    assert r.success and r.method == "orbit"
    assert abs(r.lower - 12 * (1 - h(0.1))) < 1e-9 and r.gap <= 1e-6


@pytest.mark.parametrize("name,params", [
    ("index", {"d": 2}), ("augmented-index", {"d": 3}), ("equality", {"d": 2}),
    ("noisy-augmented-index", {"d": 2, "delta": "1/4"}),
    ("noisy-augmented-index", {"d": 3, "delta": "1/3"}),
    ("gap-hamming-promise", {"d": 3, "g": 1}), ("gap-hamming-promise", {"d": 2, "g": 2, "law": "uniform"}),
])
def test_declared_optimal_error_is_the_built_laws(name, params):
    """The closed form a family declares (0, or q = δ − δ²/2 for the noisy copy) is min err."""
    declared = structure_of(name, **params).optimal_error
    assert declared == F(get(name, **params).optimal_error())


def test_at_the_optimal_error_a_large_instance_is_refused_before_building():
    problem = get("augmented-index", d=12)
    with pytest.raises(InstanceTooLargeError) as info:
        commlb.information_complexity(problem, 0)
    assert "\n" not in str(info.value) and "optimal error 0" in str(info.value)
    assert "_deferred" in vars(problem)


def test_an_instance_no_method_takes_is_refused_with_every_reason():
    with pytest.raises(InstanceTooLargeError) as info:
        commlb.information_complexity(get("gap-hamming", d=20, rho="1/2"), "0.4")
    message = str(info.value)
    assert "\n" not in message and "|X| = 1048576" in message
    assert all(f"{m}:" in message for m in ("orbit", "enumerate", "colgen", "conditional-colgen"))


@pytest.mark.parametrize("method", ["auto", "enumerate", "conditional-colgen"])
def test_error_at_the_optimal_error_does_not_crash(method):
    # equality d = 2 at δ = 0: Alice must send x, IC = H(X) = 2 bits
    r = commlb.information_complexity(get("equality", d=2), 0, method=method)
    assert r.lower >= 0 and r.lower - 1e-6 <= 2 <= r.upper + 1e-6
    with pytest.raises(InvalidParameterError, match="above the optimal error"):
        commlb.information_complexity(get("equality", d=2), 0, method="colgen")


def test_a_named_method_that_does_not_apply_says_why():
    with pytest.raises(InvalidParameterError, match="serves the internal objective only"):
        commlb.information_complexity(get("index", d=2), "1/10", method="chain-rule")
    with pytest.raises(InvalidParameterError, match="unknown"):
        commlb.information_complexity(get("index", d=2), "1/10", method="simplex")


def test_a_callable_method_is_run_as_is():
    seen = []

    def mine(statement, gap, progress):
        seen.append(statement.error)
        return commlb.information_complexity(statement.problem, statement.error,
                                             method="enumerate", gap=gap)

    r = commlb.information_complexity(get("index", d=1), 0.25, method=mine)
    assert seen == [F(1, 4)] and abs(r.lower - (1 - h(0.25))) < 1e-9


def test_every_registered_reference_resolves_to_a_callable():
    from commlb.ic.methods import BUILT_IN, REGISTRY
    from commlb.ic.registry import _resolve

    built_in = [m for m in REGISTRY if m in BUILT_IN]  # others (the frontier's) may interleave
    assert [m.name for m in built_in] == ["chain-rule", "orbit", "enumerate", "colgen",
                                          "conditional-colgen"]
    for m in REGISTRY:
        assert callable(_resolve(m.can_run)) and callable(_resolve(m.run)), m.name


def test_auto_imports_only_the_methods_it_asks():
    # A fresh interpreter: the chain rule closes internal Augmented Index, so no later
    # method's module (orbit, enumeration, column generation) is imported.
    import subprocess
    import sys

    code = ("import sys, commlb\n"
            "r = commlb.information_complexity(commlb.problems.get('augmented-index', d=20),"
            " '1/10', 'internal')\n"
            "assert r.method == 'chain-rule', r.method\n"
            "print(sorted(m for m in sys.modules if m.startswith('commlb.ic.methods.')))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    loaded = ast.literal_eval(out.strip())
    assert "commlb.ic.methods.chain_rule" in loaded
    assert not [m for m in loaded if m.startswith(("commlb.ic.methods.orbit",
                                                   "commlb.ic.methods.colgen",
                                                   "commlb.ic.methods.enumeration"))], loaded


def test_a_method_registered_by_reference_is_found_by_name():
    from commlb.ic.methods import REGISTRY
    from commlb.ic.registry import Method, register

    method = Method("enumerate-again", ("external",), "commlb.ic.methods.enumeration:can_run",
                    "commlb.ic.methods.enumeration:run", "enumeration under another name")
    register(method)
    try:
        r = commlb.information_complexity(get("index", d=1), "1/4", method="enumerate-again")
        assert r.method == "enumerate" and abs(float(r.lower) - (1 - h(0.25))) < 1e-9
        assert check(r.certificate).valid
    finally:
        REGISTRY.remove(method)


def test_one_number_rule_for_ic_and_frontier():
    from commlb.learning import get_task, memorization_frontier

    assert commlb.information_complexity(get("index", d=1), 0.1).error == F(1, 10)
    task = get_task("next-symbol", d=1, N=1, n=1, delta=0)
    assert memorization_frontier(task, 0.1).excess_error == F(1, 10)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problem=problems(max_alice=3, max_bob=2, max_outputs=2, exact=True),
       position=st.fractions(0, 1), objective=st.sampled_from(["external", "internal"]))
def test_every_drawn_problem_gets_a_bracket_that_check_accepts(problem, position, objective):
    optimal, trivial = F(problem.optimal_error()), F(problem.trivial_error())
    delta = optimal + (trivial - optimal) * position
    r = commlb.information_complexity(problem, delta, objective, gap=1e-4)
    verdict = check(r.certificate)
    assert verdict.valid, verdict.reason
    assert 0 <= r.lower <= r.upper
    assert math.isfinite(r.upper)

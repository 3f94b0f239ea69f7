"""The checker's own statements equal the solver's problems; a solver on a wrong law is caught."""

from __future__ import annotations

import ast
import pathlib
from fractions import Fraction

import numpy as np
import pytest

import commlb
from commlb.certificates import check, envelope, statements
from commlb.errors import CertificateError, CommlbError
from commlb.protocols import OneWayProblem

CASES = [
    ("index", {"d": 1}), ("index", {"d": 3}),
    ("augmented-index", {"d": 1}), ("augmented-index", {"d": 3}),
    ("noisy-augmented-index", {"d": 2, "delta": "1/4"}), ("noisy-augmented-index", {"d": 3, "delta": "1/3"}),
    ("gap-hamming", {"d": 1, "rho": "1/2"}), ("gap-hamming", {"d": 2, "rho": "1/3"}),
    ("gap-hamming", {"d": 3, "rho": 1}),
    ("gap-hamming-promise", {"d": 2, "g": 2}), ("gap-hamming-promise", {"d": 3, "g": 1, "law": "uniform"}),
    ("equality", {"d": 1}), ("equality", {"d": 3}),
    ("singletons", {"k": 2, "component": "cluster", "d": 1, "rho": "1/2"}),
    ("singletons", {"k": 2, "component": "cluster", "d": 1, "rho": "1/3", "labels": 2}),
    ("singletons", {"k": 1, "component": "next-symbol", "d": 2, "delta": "1/4"}),
    ("singletons", {"k": 2, "component": "next-symbol", "d": 2, "delta": "1/5", "training": "cut"}),
    ("multi-sample-gap-hamming", {"k": 2, "d": 1, "rho": "1/2"}),
    ("multi-sample-gap-hamming", {"k": 2, "d": 2, "rho": "1/3", "task": "identify"}),
]
FAMILY_NAMES = {"index", "augmented-index", "noisy-augmented-index", "gap-hamming",
                "gap-hamming-promise", "equality", "singletons", "multi-sample-gap-hamming",
                "next-symbol", "cluster-labeling"}
PACKAGE = pathlib.Path(commlb.__file__).resolve().parent / "certificates"


def _same(a, b) -> bool:
    a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    return a.shape == b.shape and all(Fraction(x) == Fraction(y) for x, y in zip(a.flat, b.flat, strict=True))


@pytest.mark.parametrize("name,params", CASES, ids=lambda v: str(v))
def test_statement_equals_the_catalogue_problem(name, params):
    problem = commlb.problems.get(name, **params)
    s = statements.statement(name, params)
    assert s.sizes == (len(problem.alice_alphabet), len(problem.bob_alphabet),
                       len(problem.output_alphabet))
    assert statements.sizes(name, params)[3] == pytest.approx(
        len(problem.bob_alphabet) * np.log2(len(problem.output_alphabet)))
    assert statements.alice_law(s) == list(problem.alice_marginal(exact=True))
    assert _same(statements.xy_matrix(s), problem.xy_matrix(exact=True))
    assert _same(statements.cost_table(s), problem.cost_table(exact=True))
    assert statements.output_alphabet(s) == tuple(problem.output_alphabet)
    p_x, d_int, scale = statements.distortion_scaled(s)
    q_x, e_int, other = problem.decision_distortion_scaled()
    assert p_x == list(q_x) and scale == other and _same(d_int, e_int)
    assert (statements.function_table(s) == problem.decision_function_table()).all()


def test_structure_agrees_with_the_declared_structure():
    from commlb.problems.structure import structure_of

    for name, params in CASES:
        declared = structure_of(name, **params)
        fam = statements.family(name)
        assert fam.prefix_tree == (declared.pricing == "prefix-tree"), name
        assert fam.index_codes == (declared.pricing == "index-codes"), name
        assert fam.hamming == (declared.hamming is not None), name
        assert fam.relaxes == (declared.relaxation is not None), name
        assert fam.chain_rule == declared.chain_rule, name
        if declared.relaxation is not None:
            assert statements.relaxation(statements.statement(name, params))[1] == declared.relaxation[1]


@pytest.mark.parametrize("params", [{"d": 25}, {"d": 60}, {"d": 10**30}, {"d": 1e400}, {"d": 2.0},
                                    {"d": "1e400"}, {"d": 2, "e": 1}, {"d": True}])
def test_sizes_are_refused_from_params_alone(params):
    with pytest.raises(CertificateError):
        statements.statement("index", params)


def test_unknown_family_tells_the_user_to_embed_the_program():
    with pytest.raises(CertificateError, match="embed the program"):
        statements.statement("my-problem", {"d": 2})
    cert = envelope({"problem": {"name": "my-problem", "params": {}}, "objective": "external",
                     "error": "1/2"}, {"type": "none"},
                    {"type": "channel", "denominator": 1, "entries": [[0, 0, 1]]}, 0.0, 0.0)
    with pytest.raises(CertificateError, match="embed the program"):
        check(cert)


def test_no_checker_module_reads_a_family_name_or_the_solver():
    """The layer rule and the name rule, on the AST of every checker module."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
                for mod in names:
                    assert not mod.startswith(("commlb.ic", "commlb.problems", "commlb.protocols",
                                               "commlb.learning")), f"{path.name} imports {mod}"
            if path.name == "statements.py":
                continue
            if isinstance(node, ast.Compare):
                for side in [node.left, *node.comparators]:
                    for sub in ast.walk(side):
                        assert not (isinstance(sub, ast.Constant) and sub.value in FAMILY_NAMES), \
                            f"{path.name}:{node.lineno} compares with {sub.value!r}"
            if isinstance(node, ast.Dict):
                for key in node.keys:
                    assert not (isinstance(key, ast.Constant) and key.value in FAMILY_NAMES), \
                        f"{path.name}:{node.lineno} keys a dict by {key.value!r}"


def _wrong_gap_hamming(monkeypatch):
    """Make the solver's Gap-Hamming copy coordinates with a stronger correlation (1+ρ)/2."""
    import commlb.problems.hamming as hamming

    right = hamming.correlated
    monkeypatch.setattr(hamming, "correlated", lambda x, y, rho: right(x, y, (1 + rho) / 2))


SOURCE = {"problem": {"name": "gap-hamming", "params": {"d": 2, "rho": "1/2"}}}


@pytest.mark.parametrize("objective", ["external", "internal"])
def test_a_certificate_of_a_wrong_law_is_rejected(monkeypatch, objective):
    """The solver solves the wrong (easier) law; its bracket is false for the true one."""
    honest = commlb.information_complexity(commlb.problems.get("gap-hamming", d=2, rho="1/2"),
                                           "15/32", objective).certificate
    assert check(honest).valid
    _wrong_gap_hamming(monkeypatch)
    problem = commlb.problems.get("gap-hamming", d=2, rho="1/2")
    assert problem.joint_array(exact=True)[0, 0, 1] != Fraction(9, 128)  # the wrong law is in force
    # the same law as a problem of the user's own: its certificate embeds the (wrong) program
    mine = OneWayProblem("mine", {}, problem.alice_alphabet, problem.bob_alphabet,
                         problem.output_alphabet, problem.joint_array(exact=True))
    wrong = commlb.information_complexity(mine, "15/32", objective).certificate
    assert check(wrong).valid  # true of the program it embeds
    assert wrong["claim"]["upper"] < honest["claim"]["lower"]  # ... and false of Gap-Hamming(2, 1/2)
    statement = {k: v for k, v in wrong["statement"].items() if k != "program"}
    relabelled = {**wrong, "statement": {**statement, **SOURCE}}  # it claims the catalogue statement
    verdict = check(relabelled)
    assert not verdict.valid and "\n" not in verdict.reason, verdict.reason
    # the catalogue problem itself: the solver's own call of the checker, or check(), refuses it
    try:
        cert = commlb.information_complexity(problem, "15/32", objective).certificate
    except (CommlbError, RuntimeError) as exc:  # the solver's own call of the checker refused it
        assert "check" in str(exc) or "witness" in str(exc), exc
    else:
        result = check(cert)
        assert not result.valid or cert["claim"]["upper"] >= honest["claim"]["lower"], result.reason

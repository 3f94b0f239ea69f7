"""The ``commlb ic`` and ``commlb verify`` commands (JSON contract, exit codes)."""

from __future__ import annotations

import json
import math

import pytest

import commlb.ic
from commlb.cli import main
from commlb.ic import ProgramResult, SolveInterrupted


def run(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ic_json_and_certificate_then_verify(capsys, tmp_path):
    path = tmp_path / "index.json"
    code, out, _ = run(capsys, "ic", "index", "-p", "d=3", "--error", "0.1", "--json",
                       "--certificate", str(path))
    assert code == 0
    data = json.loads(out)
    for key in ("problem", "params", "objective", "error", "lower", "upper", "exact", "status",
                "method", "success", "stats", "upper_certified", "certificate"):
        assert key in data
    assert set(data["stats"]) >= {"iterations", "columns", "rounds", "seconds"}
    assert data["params"] == {"d": 3} and data["success"] is True
    value = 3 * (1 + 0.1 * math.log2(0.1) + 0.9 * math.log2(0.9))
    assert data["lower"] <= value + 1e-12 and value - 1e-12 <= data["upper"]
    assert data["objective"] == "external" and data["error"] == "1/10"
    assert data["exact"] is not None and data["certificate"] == str(path)
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 0 and out.startswith("valid")
    cert = json.loads(path.read_text())
    cert["claim"]["lower"] += 1e-4
    path.write_text(json.dumps(cert))
    code, out, _ = run(capsys, "verify", str(path))
    assert code == 1 and out.startswith("invalid: the claimed lower")


def test_internal_flag(capsys):
    code, out, _ = run(capsys, "ic", "augmented-index", "-p", "d=2", "--error", "1/4",
                       "--internal", "--json")
    data = json.loads(out)
    assert code == 0 and data["objective"] == "internal" and data["lower"] <= data["upper"]


def test_verify_unreadable_is_exit_2(capsys, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("[1, 2")
    code, _, err = run(capsys, "verify", str(path))
    assert code == 2 and "cannot read" in err
    code, _, _ = run(capsys, "verify", str(tmp_path / "missing.json"))
    assert code == 2


@pytest.mark.parametrize("error", ["1.5", "-0.1"])
def test_bad_error_is_one_line_exit_2(capsys, error):
    code, _, err = run(capsys, "ic", "index", "-p", "d=2", "--error", error)
    assert code == 2 and err.count("\n") == 1 and "[0, 1]" in err


def test_ctrl_c_prints_bracket_and_writes_nothing(capsys, tmp_path, monkeypatch):
    import numpy as np

    partial = ProgramResult(1.0, 1.5, np.zeros((1, 1)), 0.0, np.zeros(1, dtype=int), 1.0, None,
                            None, False, 10, 0.1, "interrupted")

    def interrupted(*args, **kwargs):
        raise SolveInterrupted(partial)

    monkeypatch.setattr(commlb.ic, "information_complexity", interrupted)
    path = tmp_path / "never.json"
    code, _, err = run(capsys, "ic", "index", "-p", "d=2", "--error", "0.1",
                       "--certificate", str(path))
    assert code == 130 and "[1, 1.5]" in err and not path.exists()


def test_one_json_contract_for_every_method(capsys):
    """The same keys, parameters typed the same way, whichever method ran."""
    keys = None
    for method in ("orbit", "enumerate", "colgen", "conditional-colgen"):
        code, out, _ = run(capsys, "ic", "index", "-p", "d=2", "--error", "1/10", "--json",
                           "--method", method)
        data = json.loads(out)
        assert code == 0 and data["method"] == method and data["params"] == {"d": 2}
        value = 2 * (1 + 0.1 * math.log2(0.1) + 0.9 * math.log2(0.9))  # 2·(1 − h(1/10))
        assert data["lower"] - 1e-6 <= value <= data["upper"] + 1e-6
        keys = keys or set(data)
        assert set(data) == keys
        assert {"problem", "objective", "error", "seconds", "success"} <= keys
        assert 0 < data["seconds"] < 60 and data["success"] is True


def test_list_methods_and_refusal_in_one_line(capsys):
    code, out, _ = run(capsys, "ic", "gap-hamming", "-p", "d=20", "-p", "rho=1/2",
                       "--list-methods", "--json")
    rows = json.loads(out)
    assert code == 0 and [r["name"] for r in rows][:2] == ["chain-rule", "orbit"]
    assert not any(r["applies"] for r in rows) and all(r["reason"] for r in rows)
    code, _, err = run(capsys, "ic", "gap-hamming", "-p", "d=20", "-p", "rho=1/2",
                       "--error", "0.4")
    assert code == 2 and err.count("\n") == 1
    assert "|X| = 1048576" in err and "orbit:" in err and "enumerate:" in err

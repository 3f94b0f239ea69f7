"""The ``commlb problems`` and ``commlb protocol`` commands."""

import json
import math

from commlb.cli import main
from commlb.problems import names


def _json(capsys, argv):
    assert main(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_problems_json_lists_the_catalogue(capsys):
    out = _json(capsys, ["problems", "--json", "--sizes"])
    assert [p["name"] for p in out["problems"]] == names()
    index = out["problems"][0]
    assert index["parameters"].keys() == {"d"}
    assert index["example_sizes"] == {"X": 4, "Y": 2, "O": 2, "T": 2, "decision_functions": 4}


def test_problems_text(capsys):
    assert main(["problems"]) == 0
    text = capsys.readouterr().out
    for name in names():
        assert name in text


def test_protocol_json_noisy_send_on_index(capsys):
    out = _json(capsys, ["protocol", "index", "-p", "d=2", "--protocol", "noisy-send",
                         "-q", "eps=0.1", "--json"])
    assert out["problem"] == "index" and out["params"] == {"d": 2}
    assert out["error"]["exact"] == "1/10"
    assert out["communication_bits"] == 2
    h = -(0.1 * math.log2(0.1) + 0.9 * math.log2(0.9))
    for key in ("external_information_bits", "internal_information_bits"):
        value = out[key]
        assert math.isclose(value["float"], 2 * (1 - h), rel_tol=1e-12)
        assert value["interval"][0] <= 2 * (1 - h) + 1e-15
        assert "log" in value["sympy"]


def test_protocol_text_and_bad_input(capsys):
    assert main(["protocol", "equality", "-p", "d=2", "--protocol", "hash", "-q", "bits=2"]) == 0
    text = capsys.readouterr().out
    assert "3/32" in text and "external I(X; M | R)" in text
    assert main(["protocol", "index", "-p", "d=0", "--protocol", "silent"]) == 2
    assert "at least 1" in capsys.readouterr().err
    assert main(["protocol", "index", "-p", "d=2", "--protocol", "noisy-send",
                 "-q", "eps=2"]) == 2
    assert "[0, 1]" in capsys.readouterr().err

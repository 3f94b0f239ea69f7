"""The public checker also verifies column-generation and chain-rule certificates."""

import copy
import json
import pathlib
from fractions import Fraction

import pytest

import commlb
from commlb.certificates import check, load
from commlb.cli import main

CERTIFICATES = pathlib.Path(__file__).resolve().parent.parent / "proofs" / "column_generation" / (
    "certificates")


@pytest.mark.parametrize("path", sorted(CERTIFICATES.glob("*.json"))[:6], ids=lambda p: p.stem)
def test_stored_certificates_are_accepted_and_tampering_is_rejected(path):
    certificate = load(path)
    assert check(certificate).valid
    tampered = copy.deepcopy(certificate)
    tampered["claim"]["lower"] = float(tampered["claim"]["lower"]) + 1e-4
    assert not check(tampered).valid


def test_lowered_pricing_claim_is_rejected():
    certificate = load(CERTIFICATES / "augmented-index-d8-external.json")
    witness = certificate["lower_witness"]
    key = next(k for k in ("max", "M", "pricing_max", "claimed_max") if k in witness)
    claimed = Fraction(witness[key])
    witness[key] = str(claimed * Fraction(999, 1000))
    assert not check(certificate).valid


def test_verify_command_accepts_the_certificate_of_every_method(tmp_path, capsys):
    """The CLI's certificate, from the orbit method (auto) and from the general loop."""
    runs = [(["augmented-index", "-p", "d=12"], "orbit"),
            (["augmented-index", "-p", "d=4", "--method", "colgen"], "colgen")]
    for args, method in runs:
        out = tmp_path / f"{method}.json"
        assert main(["ic", *args, "--error", "1/10", "--json", "--certificate", str(out)]) == 0
        reply = json.loads(capsys.readouterr().out)
        assert reply["method"] == method and reply["success"]
        assert reply["lower"] <= reply["upper"] <= reply["lower"] + 1e-6
        assert main(["verify", str(out)]) == 0
        capsys.readouterr()


TRUSTED = [  # (problem, error, objective, method) -> statements and plug-ins its check rests on
    (("index", {"d": 2}), "1/10", "external", "enumerate", {"S1", "S3", "S4"},
     {"witnesses.rd_dual", "witnesses.tilted"}),
    (("augmented-index", {"d": 2}), "1/10", "internal", "enumerate", {"S1", "S3", "S5"},
     {"witnesses.frank_wolfe", "witnesses.channel"}),
    (("index", {"d": 3}), "1/10", "external", "orbit", {"S4", "S6", "S7"},
     {"witnesses.pricing", "witnesses.prefix_tree", "witnesses.product_flip"}),
    (("gap-hamming", {"d": 2, "rho": "1/2"}), "2/5", "external", "orbit", {"S7", "S8"},
     {"witnesses.pricing", "witnesses.hamming_orbits", "witnesses.orbit_channel"}),
    (("noisy-augmented-index", {"d": 3, "delta": "1/10"}), "1/5", "external", "orbit", {"S9"},
     {"witnesses.pricing"}),
    (("augmented-index", {"d": 3}), "1/10", "internal", "chain-rule", {"S10"},
     {"witnesses.chain_rule"}),
    (("augmented-index", {"d": 2}), "1/10", "internal", "conditional-colgen", {"S11"},
     {"witnesses.conditional", "witnesses.channel"}),
]


@pytest.mark.parametrize("family,error,objective,method,needed,plugins", TRUSTED,
                         ids=[f"{t[3]}-{t[2]}" for t in TRUSTED])
def test_a_verdict_names_its_plugins_and_statements(family, error, objective, method, needed,
                                                    plugins):
    """CheckResult.trusted names the kernel and plug-ins, .grounds the statements of INDEX.md."""
    from commlb.certificates.witnesses import STATEMENTS
    from commlb.problems import get

    result = commlb.information_complexity(get(family[0], **family[1]), error, objective,
                                           method=method)
    verdict = check(result.certificate)
    assert verdict.valid and "S1" in verdict.grounds and needed <= set(verdict.grounds)
    assert verdict.trusted[0] == "kernel" and plugins <= set(verdict.trusted)
    index = (CERTIFICATES.parents[1] / "INDEX.md").read_text()
    assert all(f"| {s} |" in index for s in verdict.grounds) and set(verdict.grounds) <= set(STATEMENTS)
    for plugin in verdict.trusted[1:]:  # every plug-in is a module of the checker
        assert (pathlib.Path(commlb.__file__).parent / "certificates" /
                (plugin.replace(".", "/") + ".py")).exists() or plugin == "witnesses"
    lie = copy.deepcopy(result.certificate)
    lie["claim"]["lower"] = lie["claim"]["upper"] + 1
    assert not check(lie).trusted and not check(lie).grounds

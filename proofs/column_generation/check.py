"""Check every column-generation certificate of this folder with the independent checker."""

from __future__ import annotations

import json
import pathlib

from commlb.certificates.pricing import check_colgen_certificate, check_internal_chain_rule

HERE = pathlib.Path(__file__).resolve().parent / "certificates"


def check() -> list[str]:
    steps = []
    for path in sorted(HERE.glob("*.json")):
        cert = json.loads(path.read_text())
        checker = (check_internal_chain_rule if cert.get("type") == "internal-chain-rule"
                   else check_colgen_certificate)
        result = checker(cert)
        assert result.valid, f"{path.name}: {result.reason}"
        if result.upper is None:
            upper = "none"
        elif hasattr(result.upper, "hi"):
            upper = str(result.upper)
        else:
            upper = f"{float(result.upper):.12f} (exact)"
        steps.append(f"{path.name}: pricing re-run, lower {result.lower}, upper {upper}")
    assert steps, "no certificates found"
    return steps

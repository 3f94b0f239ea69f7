"""List what each column-generation certificate of this folder certifies (independent checker)."""

from __future__ import annotations

import pathlib

from commlb.certificates import check as check_certificate
from commlb.certificates import load

HERE = pathlib.Path(__file__).resolve().parent / "certificates"


def check() -> list[str]:
    steps = []
    for path in sorted(HERE.glob("*.json")):
        result = check_certificate(load(path))
        assert result.valid, f"{path.name}: {result.reason}"
        upper = (f"{float(result.upper_exact):.12f} (exact)" if result.upper_exact is not None
                 else str(result.upper))
        steps.append(f"{path.name}: lower {result.lower}, upper {upper}, by "
                     f"{', '.join(result.trusted)} ({', '.join(result.grounds)})")
    assert steps, "no certificates found"
    return steps

"""Tie each stored frontier certificate to its task, and record what it certifies.

``python -m proofs`` re-checks every certificate of this folder with the independent
checker (``commlb.certificates.check``), which verifies the embedded program's bound
but cannot know which task the program belongs to; this file adds that: the program
written in each certificate is the frontier program of the task listed in
:data:`TASKS` (rebuilt here from the task), and enumeration refuses the size.
"""

from __future__ import annotations

import json
import pathlib
from fractions import Fraction

HERE = pathlib.Path(__file__).resolve().parent
TASKS = {  # stored certificate -> (task, parameters)
    "next-symbol-d4-N1-n2-excess-1-20.json": ("next-symbol", {"d": 4, "N": 1, "n": 2, "delta": 0,
                                                     "training": "cut"}),
}


def check() -> list[str]:
    from commlb.ic.methods.colgen.conditional import program_source
    from commlb.learning import get_task
    from commlb.learning.frontier_colgen import separable_memorization_program
    from commlb.learning.tasks import ENUMERATION_LIMIT

    steps = []
    for path in sorted(HERE.glob("*.json")):
        cert = json.loads(path.read_text())
        statement, claim = cert["statement"], cert["claim"]
        name, params = TASKS[path.name]
        program = separable_memorization_program(get_task(name, **params))
        assert program_source(program) == {"program": statement["program"]}, \
            f"{path.name}: not the program of its task"
        entries = program.num_x * program.num_functions
        assert entries > ENUMERATION_LIMIT, f"{path.name}: enumeration would accept this size"
        assert statement["error"] == str(program.optimal_error + Fraction(statement["excess_error"]))
        steps.append(f"{path.name}: program = frontier program of {name} {params} "
                     f"({program.num_x} training sets x {program.num_functions} prediction functions "
                     f"= {entries} > {ENUMERATION_LIMIT}, the enumeration limit); "
                     f"claimed bracket [{claim['lower']:.9f}, {claim['upper']:.9f}] bits "
                     f"with {len(cert['lower_witness']['columns'])} columns")
    assert steps, "no certificates found"
    return steps

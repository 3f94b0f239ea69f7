"""The computations of ``commlb report``, one function per section, grouped by subject.

Each section appends tables and figures to the document.  Every number states
its kind: *certified* brackets carry certificates accepted by the independent
checker, *exact* values are closed forms, *estimates* carry sample sizes.
:data:`SECTIONS` is the report's order.
"""

from __future__ import annotations

from collections.abc import Callable

from commlb.report.sections.context import Context
from commlb.report.sections.experiments import attack_experiment
from commlb.report.sections.information import (
    column_generation,
    conjecture,
    gap_hamming,
    ic_curves,
    index_family,
)
from commlb.report.sections.learning import frontiers, memorization_table
from commlb.report.sections.reductions import reductions

__all__ = ["Context", "SECTIONS"]

SECTIONS: list[tuple[str, Callable[[Context], None]]] = [
    ("index family", index_family),
    ("IC curves", ic_curves),
    ("gap-Hamming", gap_hamming),
    ("conjecture 4.1", conjecture),
    ("memorization", memorization_table),
    ("frontiers", frontiers),
    ("reductions", reductions),
    ("column generation", column_generation),
    ("attack experiment", attack_experiment),
]

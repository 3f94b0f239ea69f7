"""``commlb report``: the main job — every curated result in one document.

:func:`build_report` runs the sections of :mod:`commlb.report.sections`
(seeded, deterministic), writes ``report.md``, ``report.html`` and PNG figures
into a directory, and returns a summary.  A section that fails is recorded in
the report and in the summary; it never passes silently.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from commlb.errors import InvalidParameterError
from commlb.report.document import Document

__all__ = ["build_report", "ReportSummary", "check_writable"]


@dataclass
class ReportSummary:
    """What :func:`build_report` did: files written, sections run, failures, seconds."""

    markdown: Path
    html: Path
    sections: list[tuple[str, float]] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def check_writable(directory: str | os.PathLike[str]) -> Path:
    """Create ``directory`` if needed and make sure files can be written there.

    Raises
    ------
    InvalidParameterError
        If the directory cannot be created or written: say where to write instead.
    """
    out = Path(directory)
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".commlb-write-probe"
        probe.write_text("ok")
        probe.unlink()
    except OSError as error:
        raise InvalidParameterError(
            f"cannot write the report into {str(out)!r} ({error.strerror or error}); "
            "choose a writable directory with --out DIR"
        ) from None
    return out


def build_report(out: str | os.PathLike[str] = "report", *, quick: bool = False,
                 progress: bool | None = None, plots: bool = True) -> ReportSummary:
    """Run every report section and write ``report.md`` / ``report.html`` into ``out``.

    Parameters
    ----------
    out : path
        Output directory (created if needed; refused before any computation if
        it cannot be written).
    quick : bool
        Smaller instances: well under a minute on 2 cores.
    progress : bool, optional
        Show a tqdm progress bar (default: when stderr is a terminal).
    plots : bool
        Draw PNG figures (needs matplotlib, the ``plot`` extra).

    Returns
    -------
    ReportSummary
        The paths written, per-section timings and failures.  Everything is
        staged in a hidden directory inside ``out`` and moved into place only
        when every section has run: an interrupted run changes nothing.
    """
    directory = check_writable(out)
    if plots:
        try:
            import matplotlib  # noqa: F401
        except ImportError:
            raise InvalidParameterError(
                "figures need matplotlib: pip install 'commlb[plot]', or pass --no-plots"
            ) from None
    start = time.perf_counter()
    doc = Document("commlb report" + (" (quick)" if quick else ""))
    doc.paragraph(
        "Every bracket below is certified (a primal witness for the upper end, a dual witness "
        "for the lower end, both re-checked in exact arithmetic with outward-rounded "
        "logarithms); values marked exact are closed forms. All quantities in bits."
    )
    # everything is written into a staging directory first and moved into place at the end,
    # so an interrupted or failed run leaves the previous report (and its figures) untouched
    staging = Path(tempfile.mkdtemp(prefix=".report-staging-", dir=directory))
    try:
        return _run_sections(doc, directory, staging, quick, plots, progress, start)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _run_sections(doc, directory: Path, staging: Path, quick: bool, plots: bool, progress,
                  start: float) -> ReportSummary:
    import sys

    from tqdm import tqdm

    from commlb.report.sections import SECTIONS, Context

    ctx = Context(doc, staging, quick, plots)
    timings: list[tuple[str, float]] = []
    failures: list[tuple[str, str]] = []
    show = sys.stderr.isatty() if progress is None else progress
    for name, section in tqdm(SECTIONS, desc="report", unit="section", disable=not show):
        t0 = time.perf_counter()
        try:
            section(ctx)
        except KeyboardInterrupt:
            raise
        except Exception as error:  # recorded in the report and the summary, never hidden
            failures.append((name, f"{type(error).__name__}: {error}"))
            doc.heading(f"{name}: FAILED")
            doc.paragraph(traceback.format_exc(limit=4))
        timings.append((name, time.perf_counter() - t0))
    seconds = time.perf_counter() - start
    doc.heading("Timings")
    doc.paragraph("; ".join(f"{n}: {t:.1f} s" for n, t in timings) + f"; total {seconds:.1f} s.")
    doc.write(staging)
    figures = staging / "figures"
    if figures.is_dir():
        (directory / "figures").mkdir(exist_ok=True)
        for figure in sorted(figures.iterdir()):
            os.replace(figure, directory / "figures" / figure.name)
    for name in ("report.html", "report.md"):
        os.replace(staging / name, directory / name)
    return ReportSummary(directory / "report.md", directory / "report.html", timings, failures,
                         seconds)

"""Where a report section writes (:class:`Context`) and how it prints a certified bracket."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from commlb.report.document import Document, Figure

__all__ = ["Context"]


@dataclass
class Context:
    """Where a section writes, and how much it may compute."""

    doc: Document
    out: Path
    quick: bool
    plots: bool

    def save_figure(self, fig, name: str, caption: str) -> None:
        """Write a matplotlib figure as ``figures/NAME.png`` (atomically) and add it."""
        import io

        from commlb.files import write_atomically

        folder = self.out / "figures"
        folder.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
        write_atomically(folder / f"{name}.png", buffer.getvalue())
        self.doc.figure(Figure(f"figures/{name}.png", caption))


def _bracket(lower: float, upper: float) -> str:
    """A certified bracket with its width (a width of 0 is an exact value's enclosure)."""
    width = upper - lower
    if width <= 1e-15 * max(1.0, abs(upper)):
        return f"{upper:.10g} (width < 1e-15)"
    return f"[{lower:.10g}, {upper:.10g}] (width {width:.1e})"


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt

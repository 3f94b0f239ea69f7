"""Write the notebooks ``notebooks/*.ipynb`` from their sources ``notebooks/source/*.ipy``.

A source is a Python script in the "percent" format: ``# %%`` starts a code
cell and ``# %% [markdown]`` a markdown cell, whose lines carry a leading
``# `` that is stripped.  The notebooks are written without outputs
(``execution_count`` null) and with deterministic cell ids, so regenerating
them changes nothing unless a source changed and the diff of a source is what
a reviewer reads.

Usage::

    python notebooks/build_notebooks.py           # write every notebook
    python notebooks/build_notebooks.py --check   # exit 1 if one is stale or has outputs

CI executes the notebooks with ``pytest --nbmake notebooks``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "source"
KERNEL = {"display_name": "Python 3", "language": "python", "name": "python3"}


def parse_cells(text: str) -> list[tuple[str, str]]:
    """Split a percent-format script into ``(kind, source)`` cells.

    Parameters
    ----------
    text : str
        The script; ``# %%`` opens a code cell, ``# %% [markdown]`` a markdown cell.

    Returns
    -------
    list of (str, str)
        ``kind`` is ``"code"`` or ``"markdown"``; blank edges are trimmed and
        markdown lines lose their leading ``# ``.

    Examples
    --------
    >>> parse_cells("# %% [markdown]\\n# # Title\\n#\\n# text\\n# %%\\nx = 1\\n")
    [('markdown', '# Title\\n\\ntext'), ('code', 'x = 1')]
    """
    cells: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("# %%"):
            cells.append(("markdown" if "[markdown]" in line else "code", []))
        elif cells:
            cells[-1][1].append(line)
    out = []
    for kind, lines in cells:
        if kind == "markdown":
            lines = [line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines]
        source = "\n".join(lines).strip("\n")
        if source.strip():
            out.append((kind, source))
    return out


def build(source: Path) -> nbformat.NotebookNode:
    """The notebook of one source file: stripped outputs, ids ``<stem>-<index>``."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {"kernelspec": dict(KERNEL), "language_info": {"name": "python"}}
    for index, (kind, text) in enumerate(parse_cells(source.read_text())):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(text)
        else:
            cell = nbformat.v4.new_code_cell(text)
            cell.execution_count = None
            cell.outputs = []
        cell.id = f"{source.stem}-{index}"
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    return notebook


def render(notebook: nbformat.NotebookNode) -> str:
    """The notebook as the text written to disk."""
    return nbformat.writes(notebook) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Write (or with ``--check`` compare) every notebook; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a notebook differs from its source")
    args = parser.parse_args(argv)
    stale = []
    for source in sorted(SOURCES.glob("*.ipy")):
        target = HERE / f"{source.stem}.ipynb"
        text = render(build(source))
        if args.check:
            if not target.exists() or target.read_text() != text:
                stale.append(target.name)
        else:
            target.write_text(text)
            print(f"wrote {target.relative_to(HERE.parent)}")
    if stale:
        print("stale or unstripped notebooks (run python notebooks/build_notebooks.py): "
              + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""A small report document rendered to Markdown and to self-contained HTML.

The report is a list of blocks (headings, paragraphs, tables, figures).  Tables
keep their cells as strings already formatted to say what each number is.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Document", "Table", "Figure"]


@dataclass
class Table:
    """A table: a header row, data rows (strings) and a caption."""

    header: list[str]
    rows: list[list[str]]
    caption: str = ""

    def to_markdown(self) -> str:
        def cell(text: str) -> str:  # a | inside a cell (I(X; M | P)) would split it
            return str(text).replace("|", "\\|").replace("\n", " ")

        lines = ["| " + " | ".join(cell(h) for h in self.header) + " |",
                 "|" + "|".join("---" for _ in self.header) + "|"]
        lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in self.rows]
        if self.caption:
            lines += ["", f"*{self.caption}*"]
        return "\n".join(lines)

    def to_html(self) -> str:
        head = "".join(f"<th>{html.escape(h)}</th>" for h in self.header)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
            for row in self.rows
        )
        caption = f"<caption>{html.escape(self.caption)}</caption>" if self.caption else ""
        return f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


@dataclass
class Figure:
    """A PNG figure stored next to the report, with a caption."""

    path: str
    caption: str


@dataclass
class Document:
    """Blocks of a report, in order."""

    title: str
    blocks: list[tuple[str, object]] = field(default_factory=list)

    def heading(self, text: str, level: int = 2) -> None:
        self.blocks.append(("heading", (level, text)))

    def paragraph(self, text: str) -> None:
        self.blocks.append(("paragraph", text))

    def table(self, table: Table) -> None:
        self.blocks.append(("table", table))

    def figure(self, figure: Figure) -> None:
        self.blocks.append(("figure", figure))

    def to_markdown(self) -> str:
        parts = [f"# {self.title}"]
        for kind, value in self.blocks:
            if kind == "heading":
                level, text = value
                parts.append("#" * level + " " + text)
            elif kind == "paragraph":
                parts.append(value)
            elif kind == "table":
                parts.append(value.to_markdown())
            elif kind == "figure":
                parts.append(f"![{value.caption}]({value.path})\n\n*{value.caption}*")
        return "\n\n".join(parts) + "\n"

    def to_html(self) -> str:
        parts = [f"<h1>{html.escape(self.title)}</h1>"]
        for kind, value in self.blocks:
            if kind == "heading":
                level, text = value
                parts.append(f"<h{level}>{html.escape(text)}</h{level}>")
            elif kind == "paragraph":
                parts.append(f"<p>{html.escape(value)}</p>")
            elif kind == "table":
                parts.append(value.to_html())
            elif kind == "figure":
                parts.append(f'<figure><img src="{html.escape(value.path)}" alt="" width="640">'
                             f"<figcaption>{html.escape(value.caption)}</figcaption></figure>")
        style = ("body{font-family:sans-serif;max-width:60em;margin:2em auto;line-height:1.4}"
                 "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;"
                 "padding:.25em .6em;text-align:left}caption{caption-side:bottom;"
                 "font-style:italic;padding:.3em}")
        return ("<!DOCTYPE html><html><head><meta charset='utf-8'>"
                f"<title>{html.escape(self.title)}</title><style>{style}</style></head><body>"
                + "\n".join(parts) + "</body></html>\n")

    def write(self, directory: Path) -> tuple[Path, Path]:
        """Write ``report.md`` and ``report.html`` atomically into ``directory``."""
        from commlb.files import write_atomically

        md = write_atomically(directory / "report.md", self.to_markdown())
        page = write_atomically(directory / "report.html", self.to_html())
        return md, page

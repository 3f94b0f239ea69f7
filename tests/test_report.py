"""The main job: ``commlb report`` writes its files, or refuses before computing."""

import pytest

from commlb.cli import main
from commlb.errors import InvalidParameterError
from commlb.report import build_report, sections


def test_unwritable_directory_is_refused_before_any_computation(tmp_path, monkeypatch):
    ran = []
    monkeypatch.setattr(sections, "SECTIONS", [("probe", lambda ctx: ran.append(ctx))])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    with pytest.raises(InvalidParameterError, match="cannot write the report"):
        build_report(blocker / "report", quick=True, progress=False)
    assert ran == []
    assert main(["report", "--out", str(blocker / "report"), "--no-plots"]) == 2


def test_a_failing_section_is_reported_not_hidden(tmp_path, monkeypatch):
    def broken(ctx):
        raise RuntimeError("deliberately broken")

    monkeypatch.setattr(sections, "SECTIONS", [("broken", broken)])
    summary = build_report(tmp_path, quick=True, progress=False, plots=False)
    assert summary.failures and "deliberately broken" in summary.failures[0][1]
    assert "broken: FAILED" in summary.markdown.read_text()


def test_quick_report_writes_markdown_html_and_figures(tmp_path):
    summary = build_report(tmp_path, quick=True, progress=False)
    assert summary.failures == []
    text = summary.markdown.read_text()
    assert "d·(1 − h(δ))" in text and "I(X; M | P)" in text
    assert "| NO" not in text  # every closed form inside its certified bracket, every inequality holds
    assert summary.html.read_text().startswith("<!DOCTYPE html>")
    pngs = list((tmp_path / "figures").glob("*.png"))
    assert pngs and all(p.stat().st_size > 10_000 for p in pngs)


def test_an_interrupted_report_changes_nothing(tmp_path, monkeypatch, capsys):
    (tmp_path / "report.md").write_text("old report")

    def draws_then_stops(ctx):
        import matplotlib.pyplot as plt

        fig, _ = plt.subplots()
        ctx.save_figure(fig, "new", "a figure of the interrupted run")
        raise KeyboardInterrupt

    monkeypatch.setattr(sections, "SECTIONS", [("stops", draws_then_stops)])
    assert main(["report", "--out", str(tmp_path), "--no-progress"]) == 130
    assert "nothing in" in capsys.readouterr().err
    assert (tmp_path / "report.md").read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.md"]  # no figure, no staging


def test_markdown_tables_keep_their_columns_and_json_lists_sections(tmp_path, monkeypatch,
                                                                      capsys):
    import json
    import re

    from commlb.report.document import Table

    def table(ctx):
        ctx.doc.table(Table(["quantity", "value"], [["I(X; M | P)", "[0.1, 0.2] (width 1e-1)"]]))

    monkeypatch.setattr(sections, "SECTIONS", [("table", table)])
    assert main(["report", "--out", str(tmp_path), "--no-plots", "--no-progress", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [s["name"] for s in data["sections"]] == ["table"] and data["failures"] == []
    rows = [line for line in (tmp_path / "report.md").read_text().splitlines()
            if line.startswith("|")]
    assert len({len(re.findall(r"(?<!\\)\|", line)) for line in rows}) == 1

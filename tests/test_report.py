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

"""Committed notebooks are stripped of outputs and match their sources in notebooks/source."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_notebooks_are_stripped_and_up_to_date():
    result = subprocess.run([sys.executable, "notebooks/build_notebooks.py", "--check"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr

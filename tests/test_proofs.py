"""``python -m proofs`` must pass: every symbolic step and every certificate checks out."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_python_m_proofs_passes():
    result = subprocess.run([sys.executable, "-m", "proofs"], cwd=ROOT, capture_output=True,
                            text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "proof entries check out" in result.stdout

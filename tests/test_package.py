"""Package-level checks: the command line answers, the code is ruff clean, layers hold."""

import pathlib
import re
import shutil
import subprocess
import sys

import pytest

import commlb
from commlb.cli import main

ROOT = pathlib.Path(__file__).resolve().parent.parent

# DESIGN.md section 2: a lower layer never imports a higher one.
RANK = {"info": 0, "bounds": 1, "protocols": 1, "problems": 2, "ic": 3, "certificates": 3,
        "learning": 4, "reductions": 5, "testing": 6, "cli": 7, "report": 7}


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert commlb.__version__ in capsys.readouterr().out
    assert main([]) == 0
    assert "usage: commlb" in capsys.readouterr().out


def test_console_script_is_installed():
    exe = shutil.which("commlb") or str(pathlib.Path(sys.executable).with_name("commlb"))
    out = subprocess.run([exe, "--help"], capture_output=True, text=True, check=True)
    assert "usage: commlb" in out.stdout


def test_python_dash_m_runs_the_cli():
    out = subprocess.run([sys.executable, "-m", "commlb", "--version"], capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("commlb ")
    assert (pathlib.Path(__file__).parents[1] / "commlb" / "py.typed").exists()


def test_layers_are_respected():
    broken = []
    pattern = re.compile(r"^\s*(?:from|import)\s+commlb\.(\w+)", re.M)
    for path in (ROOT / "commlb").rglob("*.py"):
        layer = path.relative_to(ROOT / "commlb").parts[0].removesuffix(".py")
        if layer not in RANK:
            continue
        for other in pattern.findall(path.read_text()):
            if other in RANK and other != layer and (
                RANK[other] > RANK[layer] or (layer == "certificates" and other == "ic")
            ):
                broken.append(f"{path.relative_to(ROOT)} imports commlb.{other}")
    assert not broken, "layer rule broken: " + "; ".join(broken)


def test_ruff_is_clean():
    ruff = shutil.which("ruff") or str(pathlib.Path(sys.executable).with_name("ruff"))
    if not pathlib.Path(ruff).exists():
        pytest.skip("ruff is not installed (it is part of the test extra)")
    result = subprocess.run([ruff, "check", "commlb", "tests", "benchmarks", "proofs"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr

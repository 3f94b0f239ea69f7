"""``python -m proofs``: check every proof entry and every certificate.

Prints one line per result and exits non-zero if anything fails.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pathlib
import sys
import time
import traceback

ROOT = pathlib.Path(__file__).resolve().parent


def check_certificates(folder: pathlib.Path) -> tuple[int, list[str]]:
    """Check every ``*.json`` certificate below ``folder``; returns (count, failures)."""
    from commlb.certificates import check, load

    failures = []
    files = sorted(folder.rglob("*.json"))
    for path in files:
        try:
            result = check(load(path))
        except Exception as error:  # a certificate that cannot be read is a failure
            failures.append(f"{path.relative_to(ROOT)}: unreadable ({error})")
            continue
        if not result.valid:
            failures.append(f"{path.relative_to(ROOT)}: {result.reason}")
    return len(files), failures


def check_entry(folder: pathlib.Path, verbose: bool) -> bool:
    """Check one proof entry; prints its line; returns whether it passed."""
    start = time.perf_counter()
    steps: list[str] = []
    problems: list[str] = []
    if (folder / "check.py").exists():
        try:
            module = importlib.import_module(f"proofs.{folder.name}.check")
            steps = list(module.check())
        except Exception:
            problems.append("symbolic check failed:\n" + traceback.format_exc(limit=3))
    count, failures = (0, [])
    if any(folder.rglob("*.json")):
        count, failures = check_certificates(folder)
    problems.extend(failures)
    documents = len(list(folder.glob("*.md")))
    status = "FAIL" if problems else "ok  "
    print(f"{status} {folder.name:<28} {len(steps):3d} symbolic steps, {count:3d} certificates, "
          f"{documents} documents  ({time.perf_counter() - start:.1f} s)")
    if verbose:
        for step in steps:
            print(f"       ✓ {step}")
    for problem in problems:
        print("       ✗ " + problem.replace("\n", "\n         "))
    return not problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m proofs", description=__doc__)
    parser.add_argument("entries", nargs="*", help="entries to check (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every verified step")
    parser.add_argument("--json", action="store_true", help="print a JSON summary at the end")
    args = parser.parse_args(argv)
    folders = sorted(p for p in ROOT.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
    if args.entries:
        unknown = set(args.entries) - {f.name for f in folders}
        if unknown:
            print(f"unknown proof entries {sorted(unknown)}; known: {[f.name for f in folders]}")
            return 2
        folders = [f for f in folders if f.name in args.entries]
    if not folders:
        print("no proof entries found under proofs/")
        return 1
    results = {f.name: check_entry(f, args.verbose) for f in folders}
    passed = sum(results.values())
    print(f"{passed} of {len(results)} proof entries check out")
    if args.json:
        print(json.dumps({"passed": passed, "total": len(results), "results": results}))
    return 0 if passed == len(results) else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT.parent))
    sys.exit(main())

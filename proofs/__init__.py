"""Checkable proofs and certificates of commlb's results.

Each result is a folder ``proofs/<name>/`` holding a markdown statement and
derivation (``README.md`` or other ``*.md``), optionally a module ``check.py``
whose ``check()`` verifies the symbolic steps (with sympy) and returns one
short description per verified step, and any number of certificate files
(``*.json``) that the independent checker :func:`commlb.certificates.check`
must accept.  ``python -m proofs`` checks them all.
"""

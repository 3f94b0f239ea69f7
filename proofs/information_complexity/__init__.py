"""Proof entry: the certified information-complexity solver (issue 4)."""

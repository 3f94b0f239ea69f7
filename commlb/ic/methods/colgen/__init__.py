"""Column generation: the external loop (:mod:`.external`) and the conditional loop
(:mod:`.conditional`), with their restricted solves, witnesses and pricing over
separable programs.  Proofs: ``proofs/column_generation/``."""

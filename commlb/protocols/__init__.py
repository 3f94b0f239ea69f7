"""One-way problems and protocols, and their costs.

A :class:`OneWayProblem` is an input law μ(x, y, t) with a loss; a
:class:`OneWayProtocol` is a message alphabet, Alice's channel
``P(m | x, r)``, public coins R and Bob's decoder ``o = g(m, y, r)``.  Costs
and errors are functions of ``(protocol, problem)``.

>>> from commlb.problems import get
>>> from commlb.protocols import get_protocol, distributional_error
>>> problem = get("augmented-index", d=2)
>>> distributional_error(get_protocol("send-prefix", problem, m=1), problem)
Fraction(1, 4)

References
----------
Brown et al., STOC 2021, section 4; docs/architecture.md, "One program" (LeanCC style).
"""

from commlb.protocols.costs import (
    communication_cost,
    distributional_error,
    external_information_cost,
    internal_information_cost,
    message_entropy,
    worst_case_error,
)
from commlb.protocols.decision import DecisionFunctions, outer_sum
from commlb.protocols.problem import OneWayProblem
from commlb.protocols.protocol import OneWayProtocol, ProtocolTables, mixture, protocol_tables
from commlb.protocols.standard import bayes_protocol, get_protocol, protocol_names

__all__ = [
    "DecisionFunctions", "OneWayProblem", "OneWayProtocol", "ProtocolTables", "bayes_protocol",
    "communication_cost", "distributional_error", "external_information_cost", "get_protocol",
    "internal_information_cost", "message_entropy", "mixture", "outer_sum", "protocol_names",
    "protocol_tables", "worst_case_error",
]

"""The one family of errors commlb raises at its boundaries.

Every error is a :class:`CommlbError` (itself a :class:`ValueError`), and its
message says what is wrong and what to change.  Subclasses narrow the cause so
callers can catch what they can handle.
"""

from __future__ import annotations

__all__ = [
    "CommlbError",
    "InvalidDistributionError",
    "InvalidParameterError",
    "InstanceTooLargeError",
    "CertificateError",
]


class CommlbError(ValueError):
    """Base class of every error commlb raises on bad input."""


class InvalidDistributionError(CommlbError):
    """A probability law is malformed (does not sum to one, negative, NaN, ...)."""


class InvalidParameterError(CommlbError):
    """A parameter of a problem, task, solver or command is out of range."""


class InstanceTooLargeError(CommlbError):
    """An instance is too large to enumerate; the message names the size."""


class CertificateError(CommlbError):
    """A certificate file is unreadable or malformed (not: merely invalid)."""

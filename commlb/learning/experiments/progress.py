"""Progress bars for the long experiments: tqdm on stderr, silent when not a tty."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from tqdm import tqdm

__all__ = ["progress_bar"]


@contextmanager
def progress_bar(total: int, description: str, enabled: bool | None = None) -> Iterator[tqdm]:
    """A tqdm bar of ``total`` steps on stderr; ``enabled=None`` shows it only on a tty.

    The bar is closed however the block ends (including Ctrl-C), so the
    terminal is left clean.

    Examples
    --------
    >>> with progress_bar(3, "demo", enabled=False) as bar:
    ...     _ = bar.update(3)
    >>> bar.disable
    True
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    bar = tqdm(total=total, desc=description, file=sys.stderr, disable=not enabled,
               leave=False, dynamic_ncols=True)
    try:
        yield bar
    finally:
        bar.close()

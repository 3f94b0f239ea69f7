"""``python -m commlb``: the command-line interface (the same as the ``commlb`` command)."""

import sys

from commlb.cli import main

if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The gloss command line: ``python build.py build`` (also installed as ``gloss``)."""

import sys

from gloss.commands.cli import main

if __name__ == "__main__":
    sys.exit(main())

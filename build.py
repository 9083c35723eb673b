#!/usr/bin/env python3
"""The gloss command line: ``python build.py build`` (also installed as ``gloss``)."""

from gloss.commands.entry import run

if __name__ == "__main__":
    run()

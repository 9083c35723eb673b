"""The ``gloss`` command as installed (and ``python build.py``): ``cli.main``, then,
after a build or a check, out of the process at once. Python would otherwise free
the build's heap object by object on its way out: 0.9 s of a daily deploy at
10,000 articles, with every file already written and the cache saved."""

from __future__ import annotations

import os
import sys

from gloss.commands.cli import main


def run() -> None:
    args = sys.argv[1:]
    code = main(args)
    if args and args[0] in ("build", "check") and "--watch" not in args:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)

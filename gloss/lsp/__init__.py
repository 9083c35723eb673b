"""gloss lsp: the language server for notes.yaml, index.md and original.md (stdio).

This module only declares the command (``add_parser``, ``run``), so that the
command line does not import pygls unless the server is asked for; the server
itself is ``handlers`` (the protocol's methods) over ``server``, ``session`` and
``site`` (what it holds), with one module per feature: ``complete``, ``hover``,
``navigate`` (definition, references), ``rename``, ``actions``.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any


def add_parser(commands: Any) -> None:
    """The ``lsp`` command's arguments (``commands``: argparse's sub-parsers)."""
    lsp = commands.add_parser("lsp", help="the language server for notes.yaml and sources (stdio)")
    lsp.add_argument(
        "--content",
        default=None,
        help="the content folder to index at start-up (default: the workspace's, if it holds site.yaml); "
        "other files belong to the folder holding site.yaml above them",
    )
    lsp.add_argument("--drafts", action="store_true", help="check drafts too, as check --drafts does")
    lsp.add_argument(
        "--templates",
        default=None,
        help="the site's theme folder, for the link check of a bundle's page (default: templates/ beside the "
        "content folder)",
    )


def run(args: argparse.Namespace) -> int:
    """Serve over stdin and stdout until the editor ends the session."""
    from gloss.lsp.handlers import serve  # (pygls is imported only here)

    templates = Path(args.templates) if args.templates else None
    return serve(Path(args.content) if args.content else None, args.drafts, os.cpu_count() or 1, templates)

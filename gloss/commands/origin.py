"""Where this gloss was installed from, for the install step of the workflow ``init`` writes.

The distribution is ``gloss-digest``: the name ``gloss`` on PyPI is another project's,
so a workflow installing ``gloss`` would run someone else's code. The source is read
from PEP 610's ``direct_url.json``: a git checkout at a commit is installed from there;
an index install (no such file) by its version; a local folder or wheel, which CI
cannot reach, by its version too, with a note telling the editor to say where from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import gloss
from gloss import __version__

DISTRIBUTION = "gloss-digest"
STEP = '"Install gloss"'  # the workflow step that installs it


@dataclass(frozen=True)
class Install:
    requirement: str  # what ``pip install`` is given
    note: str = ""  # for the editor, when CI may not reach it


def install_for(direct_url: str | None, version: str) -> Install:
    """The requirement for the gloss described by ``direct_url`` (the text of its
    ``direct_url.json``, None: installed from an index), at ``version``."""
    pinned = Install(f"{DISTRIBUTION}=={version}")
    try:
        data = json.loads(direct_url) if direct_url else None
    except ValueError:
        return pinned
    url = data.get("url") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(url, str):
        return pinned
    vcs = data.get("vcs_info")
    if url.startswith("file:"):
        where = url.removeprefix("file://")
        return Install(
            pinned.requirement,
            f"the workflow installs {pinned.requirement} from PyPI, but this gloss was installed from {where}, "
            f"which CI cannot reach: if PyPI does not have it, change the {STEP} step to a source CI can reach, "
            f'e.g. pip install "{DISTRIBUTION} @ git+https://github.com/OWNER/REPO@TAG"',
        )
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and isinstance(vcs.get("commit_id"), str):
        return Install(f"{DISTRIBUTION} @ git+{url}@{vcs['commit_id']}")
    if isinstance(data.get("archive_info"), dict) and url.startswith("https://"):
        return Install(f"{DISTRIBUTION} @ {url}")
    return pinned


def this_install() -> Install:
    """The requirement for the gloss running now: run from a source checkout (a
    ``pyproject.toml`` beside the package: ``python build.py``, or an editable install
    that wrote no ``direct_url.json``, as older setuptools' ``develop`` does), from there."""
    try:
        text = metadata.distribution(DISTRIBUTION).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        text = None
    checkout = Path(gloss.__file__).resolve().parent.parent
    if text is None and (checkout / "pyproject.toml").is_file():
        text = json.dumps({"url": checkout.as_uri(), "dir_info": {"editable": True}})
    return install_for(text, __version__)

"""Where this gloss was installed from, for the install step of the workflow ``init`` writes.

The distribution is ``gloss-digest``: the name ``gloss`` on PyPI is another project's,
so a workflow installing ``gloss`` would run someone else's code. The source is read
from PEP 610's ``direct_url.json``: a repository at a commit is installed from there;
an index install (no such file) by its version; a local folder or wheel, which CI
cannot reach, by its version too, with a note telling the editor to say where from.
A gloss run from a source checkout (``python build.py``, an editable install) came
from that folder, whatever the environment's metadata says.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import gloss
from gloss import __version__

DISTRIBUTION = "gloss-digest"
STEP = '"Install gloss"'  # the workflow step that installs it
WORKFLOW = ".github/workflows/gloss.yml"
EXAMPLE = f'pip install "{DISTRIBUTION} @ git+https://github.com/OWNER/REPO@TAG"'
# what may go into the workflow's quoted shell word and YAML plain scalar: no quotes, $, `, \ or spaces
_URL = re.compile(r"[A-Za-z0-9._~:/?#\[\]@!&()*+,;=%-]+")
_REVISION = re.compile(r"[A-Za-z0-9._-]+")
_PATH = re.compile(r"[A-Za-z0-9._/-]+")
_VCS = ("git", "hg", "svn", "bzr")  # pip's


@dataclass(frozen=True)
class Install:
    requirement: str  # what ``pip install`` is given
    comment: str  # the workflow's comment on the step: what that is
    note: str = ""  # for the editor, when CI cannot reach where this gloss came from


def install_for(direct_url: str | None, version: str) -> Install:
    """The requirement for the gloss described by ``direct_url`` (the text of its
    ``direct_url.json``; None, or anything unreadable: installed from an index), at ``version``."""
    pinned = f"{DISTRIBUTION}=={version}"
    index = Install(
        pinned, f"{DISTRIBUTION} at the version that wrote this file, from PyPI; from a repository: {EXAMPLE}"
    )
    data = _object(direct_url)
    url, vcs, sub = data.get("url"), data.get("vcs_info"), data.get("subdirectory")
    if not isinstance(url, str):
        return index
    if (where := _local(url)) is not None:
        return Install(
            pinned,
            f"{DISTRIBUTION} {version} from PyPI (the gloss that wrote this file came from a local folder or file, "
            f"which CI cannot reach); from a repository: {EXAMPLE}",
            f"the workflow installs {DISTRIBUTION} {version} from PyPI, but this gloss was installed from "
            f"{where}, which CI cannot reach;\n"
            f"edit the {STEP} step of {WORKFLOW} to a source CI can reach, e.g. {EXAMPLE}",
        )
    if not _remote(url):
        return index
    if isinstance(vcs, dict) and vcs.get("vcs") in _VCS and _word(vcs.get("commit_id"), _REVISION):
        at = f"{vcs['vcs']}+{url}@{vcs['commit_id']}" + (f"#subdirectory={sub}" if _word(sub, _PATH) else "")
        return Install(f"{DISTRIBUTION} @ {at}", "the commit of gloss that wrote this file, from its repository")
    if isinstance(data.get("archive_info"), dict) and url.startswith("https://"):
        return Install(f"{DISTRIBUTION} @ {url}", "the archive of gloss that wrote this file")
    return index


def _local(url: str) -> str | None:
    """The path a ``file:`` URL names; None for any other URL."""
    if not url.lower().startswith("file:"):
        return None
    try:
        return url2pathname(urlsplit(url).path)
    except ValueError:  # a URL urllib cannot split
        return url.removeprefix("file://")


def _remote(url: str) -> bool:
    """Whether ``url`` names a host, and may go into the workflow as it is."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("https", "http", "ssh", "git") and bool(parts.hostname) and bool(_URL.fullmatch(url))


def _word(value: object, pattern: re.Pattern[str]) -> bool:
    return isinstance(value, str) and pattern.fullmatch(value) is not None


def _object(text: str | None) -> dict[str, Any]:
    """``text`` read as a JSON object; empty when it is none, or not one."""
    try:
        data = json.loads(text) if text else {}
    except (ValueError, RecursionError):  # RecursionError: nesting deeper than the parser goes
        return {}
    return data if isinstance(data, dict) else {}


def direct_url(dist: metadata.Distribution) -> str | None:
    """The text of ``dist``'s ``direct_url.json``; None when there is none, or it cannot be read."""
    try:
        return dist.read_text("direct_url.json")
    except (OSError, ValueError):  # ValueError: not UTF-8
        return None


def this_install() -> Install:
    """The requirement for the gloss running now. Run from a source checkout (a
    ``pyproject.toml`` beside the package: ``python build.py``, or an editable
    install, whichever checkout the environment's metadata names), from that folder."""
    checkout = Path(gloss.__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file():
        text: str | None = json.dumps({"url": checkout.as_uri(), "dir_info": {}})
    else:
        try:
            text = direct_url(metadata.distribution(DISTRIBUTION))
        except metadata.PackageNotFoundError:
            text = None
    return install_for(text, __version__)

"""`deploy`: commit the built site to a branch (``gh-pages``) and push it, as
``mkdocs gh-deploy`` does.

The new commit's tree is exactly the site folder, plus ``.nojekyll`` (GitHub
Pages then serves folders starting with ``_`` too) and a ``CNAME`` kept from
the branch when the site has none; its parent is the branch's previous tip
(the remote's, else the local one), so the branch keeps its history and the
push is a fast-forward. Everything goes through git plumbing with a
temporary index (``hash-object``, ``update-index``, ``write-tree``,
``commit-tree``): the working tree, the index and HEAD are never touched.
The local branch moves only after the remote accepted the push.

A site whose search page loads Pagefind's index but has none (``pagefind/``
missing or a shard it lists without its entry file: a build without the index
on a site that had none) is refused, unless ``--no-search`` says so on purpose."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from gloss import __version__
from gloss.core.urls import PAGEFIND, SEARCH
from gloss.formats.search import LISTING
from gloss.formats.searchfiles import ENTRY
from gloss.publish.swap import LEFT_ALONE, scratch_prefix

NOJEKYLL = ".nojekyll"
CNAME = "CNAME"


class DeployError(Exception):
    """A deploy that cannot go on; the message is one line for the reader
    (``said``: what git printed, when git failed)."""

    def __init__(self, message: str, said: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.said = said


@dataclass(frozen=True)
class Plan:
    repo: Path  # the repository's top folder
    site: Path  # the folder to publish
    branch: str
    remote: str
    remote_url: str
    parent: str | None  # the branch's tip the new commit goes on, None for a new branch
    files: tuple[str, ...]  # the site's files, relative, "/"-separated
    cname: Path | None  # content's CNAME when the site has none (else the branch's is kept)
    message: str
    source: str | None = None  # the source commit (HEAD), None before the first commit
    uncommitted: tuple[str, ...] = ()  # the sources' files that differ from it (git's paths)


# -- git ---------------------------------------------------------------------


def _git(repo: Path, *args: str, stdin: bytes | None = None, env: Mapping[str, str] | None = None) -> str:
    """Run git in ``repo``; its output, or a DeployError carrying git's own last words."""
    try:
        proc = subprocess.run(
            ["git", *args], cwd=repo, input=stdin, capture_output=True, env={**os.environ, **(env or {})}, check=False
        )
    except FileNotFoundError:
        raise DeployError("git is not installed (or not on PATH)") from None
    if proc.returncode != 0:
        lines = [line.strip() for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
        raise DeployError(f"git {args[0]} failed: {lines[-1] if lines else f'exit {proc.returncode}'}", tuple(lines))
    return proc.stdout.decode("utf-8", "replace").strip()


def _repo_root(cwd: Path) -> Path:
    try:
        return Path(_git(cwd, "rev-parse", "--show-toplevel"))
    except DeployError:
        raise DeployError(f"{cwd} is not inside a git repository (deploy commits to one of its branches)") from None


def _remote_url(repo: Path, remote: str) -> str:
    try:
        return _git(repo, "remote", "get-url", remote)
    except DeployError:
        raise DeployError(f"no git remote named {remote!r} (see `git remote -v`, or pass --remote)") from None


def _remote_tip(repo: Path, remote: str, branch: str) -> str | None:
    """The branch's tip on the remote (asked, not fetched), None when it has no such branch."""
    try:
        listing = _git(repo, "ls-remote", "--heads", remote, f"refs/heads/{branch}")
    except DeployError as exc:
        raise DeployError(f"cannot reach remote {remote!r}: {exc}") from None
    return listing.split()[0] if listing else None


def _local_tip(repo: Path, branch: str) -> str | None:
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}^{{commit}}")
    except DeployError:
        return None


def _checked_out(repo: Path, branch: str) -> bool:
    try:
        return _git(repo, "symbolic-ref", "--quiet", "HEAD") == f"refs/heads/{branch}"
    except DeployError:
        return False  # a detached HEAD


def _source_commit(repo: Path) -> str | None:
    try:
        return _git(repo, "rev-parse", "--short", "HEAD")
    except DeployError:
        return None  # no commit yet


def _uncommitted(repo: Path, sources: Iterable[Path]) -> tuple[str, ...]:
    """The files under ``sources`` (the content folder, the theme's; those inside ``repo``)
    that differ from HEAD: changed, staged, deleted or new and not ignored."""
    top = repo.resolve()
    inside = [f.resolve().relative_to(top).as_posix() for f in sources if f.resolve().is_relative_to(top)]
    if not inside:
        return ()
    fields = _git(repo, "--literal-pathspecs", "status", "--porcelain=v2", "-z", "--untracked-files=all", "--", *inside)
    paths, rest = [], iter(fields.split("\0"))
    for field in rest:  # "1 XY sub mH mI mW hH hI path", "2 … Xscore path" + its old path, "u …", "? path"
        words = {"1": 8, "2": 9, "u": 10, "?": 1}.get(field[:1])
        if words is not None and len(parts := field.split(" ", words)) > words:
            paths.append(parts[words])
            if field[0] == "2":
                next(rest, None)  # (the path it was renamed or copied from)
    return tuple(sorted(paths))


def warnings(p: Plan) -> list[str]:
    """What to say before deploying: that the sources have uncommitted changes, so the site
    does not match the commit named (HEAD)."""
    if not p.uncommitted or p.source is None:
        return []
    shown = ", ".join(p.uncommitted[:3]) + (f" and {len(p.uncommitted) - 3} more" if len(p.uncommitted) > 3 else "")
    return [
        f"warning: the working tree has uncommitted changes in the content or the theme ({shown}), so the "
        f"site published does not match the source commit {p.source} (HEAD); commit them first to publish "
        "a site that a commit holds"
    ]


# -- the plan --------------------------------------------------------------------


def _site_files(site: Path) -> Iterator[str]:
    """The files to publish; a ``.git`` inside the site (a checkout of the branch) is not one,
    nor, in a site that is a mount point, a file system's ``lost+found`` or a build's scratch folder."""
    scratch = scratch_prefix(Path(os.path.realpath(site)))
    for path in sorted(site.rglob("*")):
        relative = path.relative_to(site)
        top = relative.parts[0]
        if path.is_file() and ".git" not in relative.parts and top not in LEFT_ALONE and not top.startswith(scratch):
            yield relative.as_posix()


def _object_known(repo: Path, sha: str) -> bool:
    try:
        _git(repo, "cat-file", "-e", f"{sha}^{{commit}}")
        return True
    except DeployError:
        return False


def _has_cname(repo: Path, commit: str | None) -> bool | None:
    """Whether the commit's tree holds a CNAME; None when the commit is not here yet (remote only)."""
    if commit is None:
        return False
    if not _object_known(repo, commit):
        return None
    return bool(_git(repo, "ls-tree", "--name-only", commit, "--", CNAME))


def missing_index(site: Path) -> str | None:
    """What the site's search index lacks, when its search page loads one (names
    ``pagefind/``): ``pagefind/shards.json``, or the entry file of a shard it lists.
    None when the index is whole, or the page does not load it (a theme's own)."""
    try:
        if f"{PAGEFIND}/".encode() not in (site / SEARCH).read_bytes():
            return None
    except OSError:
        return None
    try:
        bundles = [str(shard["bundle"]) for shard in json.loads((site / LISTING).read_bytes())]
    except OSError:
        return f"no {LISTING}"
    except (ValueError, TypeError, KeyError):
        return f"{LISTING} cannot be read"
    lost = [bundle for bundle in bundles if not (site / PAGEFIND / bundle / ENTRY).is_file()]
    if not lost:
        return None
    more = f" and {len(lost) - 1} more" if len(lost) > 1 else ""
    return f"{LISTING} lists missing shards: {PAGEFIND}/{lost[0]}{more}"


def plan(
    cwd: Path,
    site: Path,
    content: Path,
    branch: str,
    remote: str,
    message: str | None,
    search: bool = True,
    theme: Sequence[Path] = (),
) -> Plan:
    """Everything deploy will do, found out without writing anything; ``search``: refuse
    a site whose search page has no index; ``theme``: its folders (with ``content``, the
    sources whose uncommitted changes are said)."""
    repo = _repo_root(cwd)
    if not (site / "index.html").is_file():
        raise DeployError(f"no built site in {site}/ (run `gloss build` first, or pass --out)")
    if search and (lacks := missing_index(site)):
        raise DeployError(
            f"{site}/ has no search index for its search page ({lacks}): run `gloss build` first, "
            "or pass --no-search to publish the site without one"
        )
    if _checked_out(repo, branch):
        raise DeployError(
            f"{branch!r} is the branch checked out here; deploy commits to it without a checkout, "
            "so switch to your source branch first"
        )
    url = _remote_url(repo, remote)
    parent = _remote_tip(repo, remote, branch) or _local_tip(repo, branch)
    files = tuple(_site_files(site))
    cname = content / CNAME if CNAME not in files and (content / CNAME).is_file() else None
    source = _source_commit(repo)
    changed = _uncommitted(repo, [content, *theme]) if source else ()
    named = f"{source} and uncommitted changes" if changed else source
    default = f"Deploy {named} with gloss {__version__}" if source else f"Deploy with gloss {__version__}"
    return Plan(repo, site.resolve(), branch, remote, url, parent, files, cname, message or default, source, changed)


def describe(p: Plan) -> list[str]:
    """The plan in words, for --dry-run."""
    extra = [NOJEKYLL]
    if p.cname:
        extra.append(f"{CNAME} from {p.cname}")
    elif CNAME not in p.files:
        kept = _has_cname(p.repo, p.parent)
        if kept is not False:
            extra.append(f"the branch's {CNAME}" + (" if it has one" if kept is None else ""))
    onto = f"on top of {p.parent[:12]}" if p.parent else "as the first commit of a new branch"
    return [
        f"would commit {len(p.files)} files from {p.site}/ plus {', '.join(extra)} to {p.branch!r} {onto}",
        f"with the message {p.message!r}",
        f"and push it to {p.remote} ({p.remote_url}); the working tree and the index stay as they are",
    ]


# -- doing it ----------------------------------------------------------------------


def _fetch_parent(p: Plan) -> None:
    """Make sure the parent commit is here (it may exist only on the remote so far)."""
    if p.parent and not _object_known(p.repo, p.parent):
        _git(p.repo, "fetch", "--quiet", "--no-tags", p.remote, f"refs/heads/{p.branch}")
        if not _object_known(p.repo, p.parent):
            raise DeployError(f"could not fetch {p.branch!r} from {p.remote}")


def _index_lines(p: Plan, blobs: list[str]) -> bytes:
    """``update-index -z --index-info`` input: the site's files, .nojekyll, a CNAME."""
    entries = dict(zip(p.files, blobs, strict=True))
    entries.setdefault(NOJEKYLL, _git(p.repo, "hash-object", "-w", "--stdin", stdin=b""))
    if p.cname:
        entries[CNAME] = _git(p.repo, "hash-object", "-w", "--no-filters", str(p.cname.resolve()))
    elif CNAME not in entries and _has_cname(p.repo, p.parent):
        entries[CNAME] = _git(p.repo, "rev-parse", f"{p.parent}:{CNAME}")
    return b"".join(f"100644 {blob}\t{path}".encode() + b"\0" for path, blob in sorted(entries.items()))


def _write_tree(p: Plan) -> str:
    paths = "".join(str(p.site / f) + "\n" for f in p.files).encode()
    blobs = _git(p.repo, "hash-object", "-w", "--no-filters", "--stdin-paths", stdin=paths).split()
    with tempfile.TemporaryDirectory(prefix="gloss-deploy-") as tmp:
        env = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}
        _git(p.repo, "update-index", "--add", "-z", "--index-info", stdin=_index_lines(p, blobs), env=env)
        return _git(p.repo, "write-tree", env=env)


def _push(p: Plan, commit: str) -> None:
    try:
        _git(p.repo, "push", "--quiet", p.remote, f"{commit}:refs/heads/{p.branch}")
    except DeployError as exc:
        why = [
            line
            for line in exc.said
            if "[rejected]" in line or "[remote rejected]" in line or line.startswith("remote:")
        ] or list(exc.said[-1:])
        raise DeployError(
            f"push to {p.remote} was rejected ({'; '.join(why)}); {p.branch} was left as it was"
        ) from None


def deploy(p: Plan) -> str:
    """Commit the site onto the branch and push it; one line saying what happened."""
    _fetch_parent(p)
    tree = _write_tree(p)
    if p.parent and _git(p.repo, "rev-parse", f"{p.parent}^{{tree}}") == tree:
        return f"{p.branch} ({p.parent[:12]}) already holds this site; nothing to deploy"
    commit = _git(p.repo, "commit-tree", tree, *(["-p", p.parent] if p.parent else []), "-m", p.message)
    _push(p, commit)
    _git(
        p.repo,
        "update-ref",
        "-m",
        f"gloss deploy: {p.message}",
        f"refs/heads/{p.branch}",
        commit,
        _local_tip(p.repo, p.branch) or "",
    )
    onto = f"parent {p.parent[:12]}" if p.parent else "a new branch"
    return f"deployed {len(p.files)} files from {p.site}/ to {p.branch} as {commit[:12]} ({onto}), pushed to {p.remote}"

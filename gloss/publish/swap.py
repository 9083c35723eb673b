"""Swapping a new site in for the old one: the last step of ``write``.

A build writes the new site into a scratch folder and puts it in the place of
the output folder at once: ``renameat2(RENAME_EXCHANGE)`` swaps the two folders
atomically, so readers and a failed build only ever see a complete site.

A mount point (a Docker volume, or any file system or bind mount, mounted at
site/) can be neither renamed nor replaced by another folder, and a folder
beside it is on another file system. There the scratch folder is made inside
the output folder, and the swap exchanges its entries with the output folder's
one by one: each atomically, the whole not (for the few renames it takes a
reader may see the new index.html beside the old feed.xml, and a build killed
among them leaves such a mix, which the next build replaces). A failure while
swapping swaps back what it swapped, so the previous site stays as it was; the
old entries are deleted (no previous site is set aside to start the next build
from: beside the mount it would be on another file system, inside it, served).
A file system's ``lost+found`` is left where it is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import re
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
LEFT_ALONE = frozenset({"lost+found"})  # at a file system's root: fsck's, never part of a site


def scratch_prefix(out: Path) -> str:
    """The name a build's scratch folder for ``out`` begins with (beside it, or inside it)."""
    return f".{out.name}.new-"


def exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False where the system cannot (no ``renameat2``); an
    ``OSError`` where it refuses (``b`` a mount point, or on another file system)."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # (a kernel or file system without the exchange)
        return False
    raise OSError(code, os.strerror(code), str(b))


def mount_points(info: bytes) -> set[str]:
    """The mount points ``/proc/self/mountinfo`` lists (its fifth field; spaces, tabs,
    newlines and backslashes written as octal escapes, ``\\040``)."""
    unescape = re.compile(rb"\\([0-7]{3})")
    fields = (line.split(b" ") for line in info.split(b"\n"))
    return {os.fsdecode(unescape.sub(lambda m: bytes([int(m[1], 8)]), f[4])) for f in fields if len(f) > 4}


def mounted(folder: Path) -> bool:
    """Whether ``folder`` (a real path) is a mount point: listed in this process's
    ``/proc/self/mountinfo`` (a bind mount on the same file system shows nowhere else),
    or where it cannot be read, another device than its parent's (``os.path.ismount``)."""
    try:
        with open("/proc/self/mountinfo", "rb") as info:
            return str(folder) in mount_points(info.read()) or os.path.ismount(folder)
    except OSError:
        return os.path.ismount(folder)


def mount_note(out: Path) -> str:
    """What a build's summary says of an ``out`` that is a mount point, else ""."""
    return " (a mount point: swapped in entry by entry, not at once)" if mounted(Path(os.path.realpath(out))) else ""


def staging(out: Path) -> Path:
    """Where a build makes its scratch folder for ``out`` (a real path): beside it, or
    inside it when it is a mount point."""
    return out if out.is_dir() and mounted(out) else out.parent


def swap_in(fresh: Path, out: Path, previous: Path | None = None) -> None:
    """Put ``fresh`` in the place of ``out``. The site it replaces is set aside as
    ``previous`` (where the next build starts from) when that place is free, else
    deleted. A ``fresh`` inside ``out`` (a mount point: ``staging``) is swapped in
    entry by entry."""
    if fresh.parent == out:
        swap_entries(fresh, out)
    elif not out.exists():
        os.rename(fresh, out)
    elif exchange(fresh, out):  # ``fresh`` now holds the previous site
        if previous is None or not set_aside(fresh, previous):
            shutil.rmtree(fresh, ignore_errors=True)
    else:  # pragma: no cover - non-Linux fallback, not atomic
        stale = out.with_name(f".{out.name}.old")
        shutil.rmtree(stale, ignore_errors=True)
        os.rename(out, stale)
        os.rename(fresh, out)
        shutil.rmtree(stale)


def set_aside(folder: Path, previous: Path) -> bool:
    """Rename ``folder`` to ``previous`` when that place is free."""
    if os.path.lexists(previous):  # (another build is starting from it)
        return False
    try:
        os.rename(folder, previous)
    except OSError:
        return False
    return True


def swap_entries(fresh: Path, out: Path) -> None:
    """Put the entries of ``fresh``, a folder inside ``out``, in the place of ``out``'s,
    one by one, and delete the old ones (``fresh`` holds them at the end). On a failure
    the entries swapped so far are swapped back, and the error raised."""
    new = sorted(os.listdir(fresh))
    scratch = scratch_prefix(out)
    old = sorted(
        name
        for name in set(os.listdir(out)).difference(new, LEFT_ALONE)
        if not name.startswith(scratch)  # (this build's, another's or a killed one's)
    )
    done: list[tuple[Path, Path]] = []  # (a, b): undone by putting b back as a
    try:
        for name in new:
            _put(fresh / name, out / name)
            done.append((fresh / name, out / name))
        for name in old:
            os.rename(out / name, fresh / name)  # (deleted with ``fresh``)
            done.append((out / name, fresh / name))
    except BaseException:
        for a, b in reversed(done):
            _put(b, a)  # (an exchange undone is the same exchange; a rename, the rename back)
        raise
    shutil.rmtree(fresh, ignore_errors=True)


def _put(source: Path, dest: Path) -> None:
    """Move ``source`` to ``dest``; what ``dest`` held goes to ``source`` (exchanged)."""
    if not os.path.lexists(dest):
        os.rename(source, dest)
    elif not exchange(source, dest):  # pragma: no cover - non-Linux fallback, not atomic
        aside = source.with_name(source.name + ".gloss-aside")
        os.rename(dest, aside)
        os.rename(source, dest)
        os.rename(aside, source)

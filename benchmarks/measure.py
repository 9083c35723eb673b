"""Running one command and measuring it: wall time, CPU time and peak memory
of the whole process tree.

- **wall**: ``time.perf_counter`` from just before the fork to the reaping of
  the child.
- **CPU**: user + system seconds from ``os.wait4``'s rusage of the child, which
  includes every descendant the child (or its descendants) waited for: worker
  pools, ``npx``'s node, Hugo's threads. A grandchild left running as an orphan
  would escape it; none of the measured generators does that.
- **peak memory**: the largest *sum of PSS* over the child and all its live
  descendants (``/proc/PID/smaps_rollup``: each page shared by n processes
  counts 1/n in each, so pages forked workers share are counted once), sampled
  every ``SAMPLE_S`` seconds (Linux only). The summed RSS is kept beside it
  (``peak_rss``): it counts shared pages again for every worker. A peak
  shorter than the sampling interval can be missed.

Every command starts after ``os.sync()``: the files the run before it wrote are
on disk first, so their writeback does not land in this run's time.

Standard library only, so the benchmark needs nothing besides gloss's own
dependencies.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_S = 0.05
PAGE = os.sysconf("SC_PAGE_SIZE")
MiB = 1024 * 1024


@dataclass(frozen=True)
class Run:
    """One measured command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the process tree
    peak_rss: int  # bytes: the largest sum of RSS over the tree
    returncode: int
    output: str  # the tail of stdout + stderr, for error messages
    peak_pss: int = 0  # bytes: the largest sum of PSS over the tree (shared pages once)
    peak_at: float = 0.0  # seconds from the start to the PSS peak's sample
    peak_parts: tuple[tuple[str, int], ...] = ()  # (process, PSS bytes) at that sample, largest first

    def peak_told(self) -> str:
        """Where the PSS peak was: when, and each process's part of it."""
        parts = ", ".join(f"{name} {pss / MiB:,.0f}" for name, pss in self.peak_parts if pss >= MiB)
        return f"PSS peak at {self.peak_at:.0f} s: {parts} (MiB)"

    @property
    def ok(self) -> bool:
        return self.returncode == 0


def _children(pid: int) -> list[int]:
    """The direct children of ``pid``, from /proc/PID/task/*/children."""
    kids: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return kids
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children", "rb") as f:
                kids.extend(int(k) for k in f.read().split())
        except OSError:
            pass
    return kids


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * PAGE
    except (OSError, IndexError, ValueError):
        return 0  # the process ended between listing and reading


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return 0  # the process ended between listing and reading


def _tree(root: int) -> list[int]:
    found, todo, seen = [], [root], set()
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        found.append(pid)
        todo.extend(_children(pid))
    return found


def tree_rss(root: int) -> int:
    """The sum of RSS (bytes) of ``root`` and all its live descendants."""
    return sum(map(_rss, _tree(root)))


def tree_pss(root: int) -> int:
    """The sum of PSS (bytes) of ``root`` and all its live descendants."""
    return sum(map(_pss, _tree(root)))


def _name(pid: int) -> str:
    """A process as the peak's parts name it: its command's name and its pid."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            words = f.read().split(b"\0")
    except OSError:
        return f"? {pid}"
    script = next((w for w in words[1:] if w.endswith(b".py") or b"/bin/" in w or b"pagefind" in w), words[0])
    return f"{os.path.basename(script.decode('utf-8', 'replace'))} {pid}"


class _Sampler(threading.Thread):
    """Polls ``tree_rss`` of one process until told to stop; keeps the peak, and how
    the PSS peak was made up."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.peak_pss, self._done = pid, 0, 0, threading.Event()
        self.started, self.peak_at = time.perf_counter(), 0.0
        self.parts: tuple[tuple[str, int], ...] = ()

    def run(self) -> None:
        while not self._done.is_set():
            pids = _tree(self.pid)
            self.peak = max(self.peak, sum(map(_rss, pids)))
            pss = [(pid, _pss(pid)) for pid in pids]
            total = sum(p for _, p in pss)
            if total > self.peak_pss:
                self.peak_pss = total
                self.peak_at = time.perf_counter() - self.started
                self.parts = tuple(sorted(((_name(pid), p) for pid, p in pss), key=lambda x: -x[1]))
            self._done.wait(SAMPLE_S)

    def stop(self) -> tuple[int, int]:
        self._done.set()
        self.join()
        return self.peak, self.peak_pss


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 1800.0) -> Run:
    """Run ``cmd`` to completion in a new session and measure it (see the module's docstring).
    After ``timeout`` seconds the whole session is killed and the run reported as failed (-9)."""
    out = tempfile.TemporaryFile()
    os.sync()  # (the writes of the command before: flushed outside this one's time)
    started = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
    )
    sampler = _Sampler(proc.pid)
    sampler.start()
    killer = threading.Timer(timeout, _kill_session, (proc.pid,))
    killer.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    killer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen from waiting again
    _kill_session(proc.pid)  # anything the command left behind in its session
    peak, peak_pss = sampler.stop()
    out.seek(0)
    tail = out.read()[-4000:].decode("utf-8", "replace")
    out.close()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(wall, cpu, peak, proc.returncode, tail, peak_pss, sampler.peak_at, sampler.parts)


def _kill_session(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def count_html(folder: Path) -> int:
    """The .html files under ``folder`` (the pages a generator wrote)."""
    return sum(1 for _ in folder.rglob("*.html")) if folder.is_dir() else 0

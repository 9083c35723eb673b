"""Forked worker processes, in one place: when a build may fork, and the pool it forks.

A forked worker inherits the parent's heap, shared page by page until either side
writes to a page. Python's cyclic collector writes to every container object it
visits, so a worker's first full collection used to copy the parent's whole heap
(at 100,000 articles, about a gigabyte of records, per worker). Each worker
therefore starts by moving what it inherited out of the collector's reach
(``gc.freeze``: a constant-time list splice); only what it allocates itself is
collected. The parent is left as it is.

A worker still writes to inherited pages as it works: its new objects land in the
free slots of the parent's memory pools, page by page. A render worker forked from
the parent of a 100,000-article build (1.1 GiB) grew to 600 MiB that way.
``forked_map`` can therefore hand each pool a bounded run of the work and fork fresh
workers for the next run (``per_pool``). That pays where the parent no longer grows
(rendering); reading the bundles keeps its workers, forked while the parent was
small, for the whole run (fresh ones would be forked from a parent grown since).

``in_child`` runs one piece of work in a forked child and pickles its result back:
a build reads, indexes and renders there, so the memory that took is the system's
again before Pagefind starts (freed in the process itself, most of it would stay
the process's: see ``in_child``).
"""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import pickle
import select
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, BinaryIO, NoReturn, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PER_POOL = 2048  # tasks one pool's workers do before fresh ones are forked


def may_fork() -> bool:
    """Whether this process may fork: the system can, and no other thread runs here (a
    fork copies only the calling thread)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def can_fork(jobs: int, count: int, least: int) -> bool:
    """Whether ``count`` tasks go to ``jobs`` forked workers: more than one job, at
    least ``least`` tasks (fewer are done sooner here than workers start), and this
    process may fork (``may_fork``)."""
    return jobs > 1 and count >= least and may_fork()


def forked_pool(
    jobs: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers, each leaving its inherited objects to the
    parent (see the module's docstring), then running ``initializer(*initargs)``."""
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start,
        initargs=(os.getpid(), initializer, initargs),
    )


def _start(parent: int, initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
    _die_with(parent)  # (else a worker of a killed build waits for work forever)
    gc.freeze()
    gc.enable()  # (forked while the parent paused its collector: ``heap.long_lived``)
    if initializer is not None:
        initializer(*initargs)


def forked_map(
    func: Callable[[T], R],
    items: Sequence[T],
    jobs: int,
    initializer: Callable[..., object] | None = None,
    initargs: tuple[Any, ...] = (),
    chunksize: int = 1,
    per_pool: int | None = PER_POOL,
) -> Iterator[R]:
    """``func`` over ``items`` in ``jobs`` forked workers, results in order, a fresh
    pool for each run of ``per_pool`` items (None: one pool for all; see the module's
    docstring)."""
    run = per_pool or max(1, len(items))
    for start in range(0, len(items), run):
        with forked_pool(jobs, initializer, initargs) as pool:
            yield from pool.map(func, items[start : start + run], chunksize=chunksize)


class ChildDied(RuntimeError):
    """A forked child ended without handing its result back (killed, out of memory)."""


def in_child(work: Callable[[], R]) -> R:
    """``work()`` run in a forked child, its result pickled back: whatever memory the
    work needed goes back to the system when the child ends, where a process's own
    freed memory mostly stays its own (Python's small-object pools are given back only
    when every object in them is gone, and a few long-lived ones keep most of them).
    What ``work`` raises is raised here; a child that dies without a result raises
    ``ChildDied``. Run here when this process may not fork (another thread runs)."""
    if not may_fork():
        return work()
    parent = os.getpid()
    _flush()  # (else what is buffered would be written by both processes)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        _run_child(work, write, parent)
    os.close(write)
    try:
        data, status = _read_until_gone(read, pid)
    except BaseException:  # interrupted (Ctrl-C): the child goes too
        _kill(pid)
        raise
    finally:
        os.close(read)
    value: R = _outcome(_receive(data), status)  # (unpickled once the child is gone: never both at once)
    return value


def _read_until_gone(fd: int, pid: int) -> tuple[bytearray, int]:
    """Everything the child wrote to ``fd``, and its wait status: read until the end of
    the pipe, or until the child has ended (a worker it forked may hold the pipe open
    after it was killed)."""
    data = bytearray()
    while True:
        if select.select([fd], [], [], 0.5)[0]:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                return data, os.waitpid(pid, 0)[1]
            data += chunk
            continue
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:  # (what it wrote before it ended is in the pipe: read it without waiting)
            os.set_blocking(fd, False)
            try:
                while chunk := os.read(fd, 1 << 20):
                    data += chunk
            except BlockingIOError:
                pass
            return data, status


def _run_child(work: Callable[[], object], write: int, parent: int) -> NoReturn:
    code = 0
    try:
        _die_with(parent)
        try:
            outcome: tuple[bool, object] = (True, work())
        except BaseException as exc:  # raised in the parent instead
            exc.add_note("(in the forked child:)\n" + "".join(traceback.format_exception(exc)))
            outcome = (False, exc)
        _flush()  # (before the parent, woken by the result, writes more)
        with os.fdopen(write, "wb") as pipe:
            _send(outcome, pipe)
    except BaseException:  # the parent went away (a broken pipe), or no memory left
        code = 1
    finally:
        _flush()
        os._exit(code)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:  # (closed, or a broken pipe: nothing more to do)
            pass


def _die_with(parent: int) -> None:
    """Have the system kill this child when its parent dies (Linux; elsewhere the child
    finds its pipe closed when it is done)."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)


def _send(outcome: tuple[bool, object], pipe: BinaryIO) -> None:
    """The outcome, pickled straight into the pipe a frame at a time (the child holds
    no second copy of the result as bytes); an exception that does not pickle goes
    as its text."""
    if not outcome[0]:
        try:
            pipe.write(pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL))
        except Exception as exc:
            pipe.write(pickle.dumps((False, RuntimeError(f"{outcome[1]!r} (not picklable: {exc})"))))
        return
    pickle.dump(outcome, pipe, protocol=pickle.HIGHEST_PROTOCOL)


def _receive(data: bytearray) -> tuple[bool, object] | None:
    """The outcome the child sent; None when it sent none whole (it died, or its result
    did not pickle)."""
    try:
        ok, value = pickle.loads(data)
    except Exception:
        return None
    return bool(ok), value


def _outcome(outcome: tuple[bool, object] | None, status: int) -> Any:
    if outcome is None:
        if os.WIFSIGNALED(status):
            how = f"was killed ({signal.Signals(os.WTERMSIG(status)).name}; out of memory?)"
        else:
            how = f"ended (exit status {os.waitstatus_to_exitcode(status)})"
        raise ChildDied(f"the build's child process {how} before it was done")
    ok, value = outcome
    if not ok:
        assert isinstance(value, BaseException)
        raise value
    return value

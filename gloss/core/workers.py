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
"""

from __future__ import annotations

import gc
import multiprocessing
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

PER_POOL = 2048  # tasks one pool's workers do before fresh ones are forked


def can_fork(jobs: int, count: int, least: int) -> bool:
    """Whether ``count`` tasks go to ``jobs`` forked workers: more than one job, at
    least ``least`` tasks (fewer are done sooner here than workers start), and no
    other thread in this process (a fork copies only the calling thread)."""
    return (
        jobs > 1
        and count >= least
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def forked_pool(
    jobs: int, initializer: Callable[..., object] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of ``jobs`` forked workers, each leaving its inherited objects to the
    parent (see the module's docstring), then running ``initializer(*initargs)``."""
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_start,
        initargs=(initializer, initargs),
    )


def _start(initializer: Callable[..., object] | None, initargs: tuple[Any, ...]) -> None:
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

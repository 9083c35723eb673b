"""The forked worker pool: workers leave what they inherited to the parent."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading

import pytest

from gloss.core.workers import can_fork, forked_map, forked_pool

INHERITED: list[list[int]] = []
SEEN: dict[str, object] = {}


def _collector_sees_inherited() -> tuple[int, bool]:
    gc.collect()  # in a worker: a full collection must not visit (and so write to) inherited objects
    marker = INHERITED[0]
    return gc.get_freeze_count(), any(o is marker for o in gc.get_objects())


def _remember(value: object) -> None:
    SEEN["value"] = value


def _remembered() -> object:
    return SEEN.get("value")


fork_only = pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")


@fork_only
def test_a_worker_freezes_what_it_inherited() -> None:
    INHERITED.append([1, 2, 3])
    try:
        gc.unfreeze()  # (a preview test may have frozen this process: the list must be seen here)
        before = gc.get_freeze_count()
        assert any(o is INHERITED[0] for o in gc.get_objects())  # the parent's collector sees it
        with forked_pool(1) as pool:
            frozen, seen = pool.submit(_collector_sees_inherited).result()
        assert frozen > 0 and not seen
        assert gc.get_freeze_count() == before  # the parent is left as it was
    finally:
        INHERITED.clear()


@fork_only
def test_the_initializer_runs_in_each_worker() -> None:
    with forked_pool(2, _remember, ("日本語",)) as pool:
        assert [f.result() for f in [pool.submit(_remembered) for _ in range(4)]] == ["日本語"] * 4
    assert "value" not in SEEN


def test_forks_only_for_enough_work_and_no_other_thread() -> None:
    assert not can_fork(1, 1000, 64)
    assert not can_fork(2, 63, 64)
    alone = threading.active_count() == 1  # (another test may have left a thread running)
    assert can_fork(2, 64, 64) == (alone and "fork" in multiprocessing.get_all_start_methods())
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not can_fork(2, 1000, 64)
    finally:
        stop.set()
        other.join()


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@fork_only
def test_forked_map_keeps_the_order_and_forks_fresh_workers_for_each_run() -> None:
    found = list(forked_map(_square_and_pid, range(7), 2, chunksize=2, per_pool=3))
    assert [square for square, _ in found] == [n * n for n in range(7)]
    runs = [{pid for _, pid in found[i : i + 3]} for i in (0, 3, 6)]
    assert not runs[0] & runs[1] and not runs[1] & runs[2] and os.getpid() not in set().union(*runs)


@fork_only
def test_forked_map_in_one_pool() -> None:
    found = list(forked_map(_square_and_pid, range(5), 2, per_pool=None))
    assert [square for square, _ in found] == [0, 1, 4, 9, 16] and len({pid for _, pid in found}) <= 2
    assert list(forked_map(_square_and_pid, [], 2, per_pool=None)) == []

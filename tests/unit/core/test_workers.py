"""The forked worker pool: workers leave what they inherited to the parent."""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from pathlib import Path

import pytest

from gloss.core.workers import can_fork, forked_map, forked_pool, may_fork

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


@pytest.fixture
def forks() -> None:
    """``in_child`` forks: only where this process runs no other thread."""
    if not may_fork():
        pytest.skip("another test left a thread running: in_child runs in this process then")


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


GROWN: list[str] = []


def _grow_and_tell() -> tuple[int, int]:
    GROWN.extend(str(i) * 3 for i in range(1_000_000))  # about 100 MiB of small objects
    return os.getpid(), len(GROWN)


def _rss() -> int:
    with open(f"/proc/{os.getpid()}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) * 1024


@fork_only
def test_in_child_returns_the_result_and_takes_its_memory_with_it(forks: None) -> None:
    from gloss.core.workers import in_child

    before = _rss()
    pid, count = in_child(_grow_and_tell)
    assert pid != os.getpid() and count == 1_000_000
    assert GROWN == [] and _rss() - before < 20 * 2**20  # the child's objects never were this process's


@fork_only
def test_in_child_raises_what_the_work_raised_with_the_child_s_traceback(forks: None) -> None:
    from gloss.core.workers import in_child

    def fail() -> None:
        raise OSError(28, "No space left on device", "site/日本語/index.html")

    with pytest.raises(OSError) as raised:
        in_child(fail)
    assert (raised.value.errno, raised.value.filename) == (28, "site/日本語/index.html")
    assert any("in fail" in note for note in raised.value.__notes__)


@fork_only
def test_in_child_says_how_a_killed_child_ended(forks: None) -> None:
    import signal

    from gloss.core.workers import ChildDied, in_child

    here = os.getpid()

    def die() -> None:
        if os.getpid() != here:  # (never the test process itself)
            os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(ChildDied, match="killed \\(SIGKILL; out of memory\\?\\)"):
        in_child(die)


def test_in_child_runs_here_beside_another_thread() -> None:
    from gloss.core.workers import in_child

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert in_child(os.getpid) == os.getpid()  # (a fork would copy this thread alone)
    finally:
        stop.set()
        other.join()


@fork_only
def test_in_child_leaves_what_was_printed_before_it_once(forks: None, capfd: pytest.CaptureFixture[str]) -> None:
    import sys

    from gloss.core.workers import in_child

    sys.stdout.write("before ")  # (buffered: a fork without a flush would print it twice)
    assert in_child(lambda: print("在子进程里") or 1) == 1
    assert capfd.readouterr().out == "before 在子进程里\n"


@fork_only
def test_in_child_says_so_when_its_result_cannot_come_back(forks: None) -> None:
    from gloss.core.workers import ChildDied, in_child

    with pytest.raises(ChildDied, match="exit status 1"):
        in_child(lambda: [threading.Lock()])  # (a lock does not pickle)


@fork_only
def test_in_child_does_not_wait_for_what_a_killed_child_forked(forks: None, tmp_path: Path) -> None:
    """A killed build's child leaves its forked workers, which hold the pipe open."""
    import signal
    import time

    from gloss.core.workers import ChildDied, in_child

    here, told = os.getpid(), tmp_path / "grandchild"

    def fork_then_die() -> None:
        if os.getpid() == here:
            return
        if os.fork() == 0:  # a worker that outlives it, the pipe's end still open
            told.write_text(str(os.getpid()))
            time.sleep(20)
            os._exit(0)
        while not told.exists():
            time.sleep(0.01)
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(ChildDied, match="SIGKILL"):
        in_child(fork_then_die)
    grandchild = int(told.read_text())
    try:
        os.kill(grandchild, 0)  # still there: in_child did not wait for it to end
    finally:
        os.kill(grandchild, signal.SIGKILL)

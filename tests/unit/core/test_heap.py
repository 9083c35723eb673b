"""The collector paused around data that lives for the rest of a build."""

from __future__ import annotations

import ctypes
import gc
import multiprocessing
import subprocess
import sys
import weakref

import pytest
from conftest import ROOT

from gloss.core.heap import long_lived
from gloss.core.workers import forked_pool


class Node:
    def __init__(self) -> None:
        self.me = self


def _collector_state() -> bool:
    return gc.isenabled()


def test_data_made_inside_is_out_of_the_collectors_reach_and_the_collector_back_on() -> None:
    gc.unfreeze()
    try:
        with long_lived():
            assert not gc.isenabled()
            made = [["日本語", i] for i in range(100)]
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
        tracked = {id(o) for o in gc.get_objects()}
        assert id(made) not in tracked and id(made[0]) not in tracked
    finally:
        gc.unfreeze()


def test_garbage_from_before_is_collected_not_frozen() -> None:
    gc.unfreeze()
    try:
        gc.disable()
        cycle = weakref.ref(Node())  # a cycle nothing holds
        gc.enable()
        with long_lived():
            pass
        assert cycle() is None  # frozen, it would live on
    finally:
        gc.unfreeze()


def test_a_collector_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with long_lived():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
        gc.unfreeze()


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork here")
def test_a_worker_forked_inside_collects_its_own_garbage() -> None:
    try:
        with long_lived(), forked_pool(1) as pool:
            assert pool.submit(_collector_state).result() is True
    finally:
        gc.unfreeze()


_HOLES = """
import sys
from gloss.core.heap import give_back
def rss():
    return int(next(l for l in open("/proc/self/status") if l.startswith("VmRSS")).split()[1]) // 1024
blocks = [bytes(9000) for _ in range(20000)]  # (rendered parts: strings of about 9 KB)
kept = blocks[::10]
del blocks
before = rss()
give_back()
print(before - rss())
"""


@pytest.mark.skipif(not hasattr(ctypes.CDLL(None), "malloc_trim"), reason="a C library without malloc_trim")
def test_memory_freed_between_kept_blocks_goes_back_to_the_system() -> None:
    """Freed blocks between blocks still held stay the process's until ``give_back``:
    here 9 of every 10 blocks of 180 MB, freed, then more than 100 MB handed back."""
    run = subprocess.run([sys.executable, "-c", _HOLES], capture_output=True, text=True, check=True, cwd=ROOT)
    assert int(run.stdout) > 100, run.stdout

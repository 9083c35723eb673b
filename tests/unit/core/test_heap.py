"""The collector paused around data that lives for the rest of a build."""

from __future__ import annotations

import gc
import multiprocessing
import weakref

import pytest

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

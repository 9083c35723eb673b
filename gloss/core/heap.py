"""The cyclic garbage collector around data that lives for the rest of a build.

A build holds a few objects per article for the whole run (the records, the
site-wide views, the manifest of the files made): at 10,000 articles, millions
of objects. CPython's cyclic collector starts a collection after every few
hundred allocations and, each time the heap has grown by a quarter, visits all
of it; while such data is being made, that is the same objects visited again
and again (measured: unpickling 10,000 cached entries takes 1.1 s with the
collector, 0.27 s without it), and every later collection of the build visits
them once more.

``long_lived()`` collects what garbage there is (cheap: what earlier blocks
made is out of reach already), pauses the collector while such data is made,
and then moves everything that exists to the permanent generation
(``gc.freeze``), where no later collection visits it. Reference counting still
frees these objects as soon as nothing holds them; only a cycle made inside
the block is never collected, so the block must hold code that makes data, not
throw-away cycles. Forked workers collect their own garbage as usual
(``workers``).

``give_back()`` returns the C heap's free memory to the system: a build about
to start Pagefind (whose memory comes on top of the build's) lets go of what
rendering needed first, but freed memory stays the process's until the
allocator trims it.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """Make data that lives on without the cyclic collector's passes (see the
    module's docstring); the collector is as it was afterwards."""
    was = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was:
            gc.enable()


def give_back() -> None:
    """Free what garbage cycles there are, then hand the free pages of the C heap
    back to the system (glibc's ``malloc_trim``; nothing where the C library has no
    such call: musl, macOS): the large strings rendering freed leave holes the
    allocator keeps otherwise."""
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)

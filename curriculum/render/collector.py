"""Python's cycle collector paused while WeasyPrint builds a document.

A laid-out guide is a few hundred thousand objects; the collector scans them
again and again while they are made, which cost a quarter of the rendering
time. Collected once at the end, the memory is the same.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(generation: int = 2) -> Iterator[None]:
    """Collector off inside the block, one collection of ``generation`` after it.

    A batch of certificates passes 0: its objects, all made while the collector
    was off, are in the youngest generation, so collecting that alone frees
    them without walking every long-lived object again. A process that turned
    the collector off itself (a worker that ends after its documents, or an
    outer block) is left as it is.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(generation)

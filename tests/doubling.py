"""Timing both sides of a doubling test the same way (tests/test_adversarial_*.py)."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def best_of_alternated(small: Callable[[], float], large: Callable[[], T],
                       key: Callable[[T], float], rounds: int = 2) -> tuple[float, T]:
    """(the small side's best time, the large side's best result), each side run
    ``rounds`` times, alternated, each run after a fresh collection.

    Alternated, because this machine's speed drifts over minutes (3.23x once on a
    case that doubles at 1.6-1.9x, the small side timed before a drift and the large
    side after it).  After a fresh collection, because in a full test session the
    process holds the garbage of a thousand earlier tests, and a full collection of
    it landing in one side's run measures the session, not the lint (the likely
    cause of 3.24x and 3.23x in CI on cases that double at 1.7-2.3x when run alone).
    """
    smalls: list[float] = []
    larges: list[T] = []
    for _ in range(rounds):
        gc.collect()
        smalls.append(small())
        gc.collect()
        larges.append(large())
    return min(smalls), min(larges, key=key)

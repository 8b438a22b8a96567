"""Percentiles and summaries of measured times (seconds in, milliseconds out)."""
from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], p: float) -> float | None:
    """The p-th percentile (0-100) by the nearest-rank method; None for no values.

    Nearest rank means the answer is always one of the measured values: p99 of 200 values is the
    198th smallest, p50 of 4 values the 2nd smallest.
    """
    if not values:
        return None
    if not 0 <= p <= 100:
        raise ValueError(f"percentile {p} is not between 0 and 100")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict:
    """count, p50, p99 and max of `seconds`, in milliseconds rounded to 0.1 ms."""

    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 1)

    return {
        "count": len(seconds),
        "p50_ms": ms(percentile(seconds, 50)),
        "p99_ms": ms(percentile(seconds, 99)),
        "max_ms": ms(max(seconds) if seconds else None),
    }


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator rounded to 0.01; None when either is missing or the denominator is 0."""
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def growth_exponent(small: tuple[int, float], large: tuple[int, float]) -> float | None:
    """k in time ~ size**k between two (size, time) points: 1 is linear, below 1 better than linear."""
    (n1, t1), (n2, t2) = small, large
    if not (t1 and t2) or n1 <= 0 or n2 <= n1:
        return None
    return round(math.log(t2 / t1) / math.log(n2 / n1), 2)

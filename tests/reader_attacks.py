"""What a reader could work out from published counts: a test aid, written without
bot.coordination.suppression so that it checks that module rather than repeating it.

A reader writes down every sum they can see (a total equals its parts), with the shown
counts as constants and the hidden ones as unknowns, and tries three things:
- algebra: an unknown that the equations fix on their own (exact elimination over fractions);
- bounds: an unknown squeezed to one value by "a hidden count is at least its floor";
- search (small tables): every other table within one of the real one that fits the sums.
"""
from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Iterable, Mapping
from fractions import Fraction

Equation = tuple[dict[Hashable, int], int]  # sum(coefficient * unknown) == constant


def equations(
    sums: Iterable[tuple[Hashable, Iterable[Hashable]]], published: Mapping[Hashable, int | None]
) -> list[Equation]:
    """total - sum(parts) == 0, with shown counts moved to the constant. None marks a hidden count."""
    found = []
    for total, parts in sums:
        coefficients: dict[Hashable, int] = {}
        constant = 0
        for key, sign in [(total, 1), *((part, -1) for part in parts)]:
            if published[key] is None:
                coefficients[key] = coefficients.get(key, 0) + sign
            else:
                constant -= sign * published[key]
        if coefficients:
            found.append((coefficients, constant))
    return found


def worked_out_by_algebra(found: Iterable[Equation]) -> set[Hashable]:
    """Unknowns the equations fix: reduced row echelon form, pivot rows with one unknown left."""
    pivots: dict[Hashable, tuple[dict[Hashable, Fraction], Fraction]] = {}
    for coefficients, constant in found:
        row = {key: Fraction(value) for key, value in coefficients.items() if value}
        rhs = Fraction(constant)
        while (known := next((key for key in row if key in pivots), None)) is not None:
            factor = row[known]
            pivot_row, pivot_rhs = pivots[known]
            for key, value in pivot_row.items():
                row[key] = row.get(key, 0) - factor * value
                if row[key] == 0:
                    del row[key]
            rhs -= factor * pivot_rhs
        if not row:
            continue
        lead = min(row, key=repr)
        scale = row[lead]
        row = {key: value / scale for key, value in row.items()}
        rhs /= scale
        for other, (other_row, other_rhs) in list(pivots.items()):
            if lead in other_row:
                factor = other_row[lead]
                merged = dict(other_row)
                for key, value in row.items():
                    merged[key] = merged.get(key, 0) - factor * value
                    if merged[key] == 0:
                        del merged[key]
                pivots[other] = (merged, other_rhs - factor * rhs)
        pivots[lead] = (row, rhs)
    return {key for key, (row, _) in pivots.items() if len(row) == 1}


def worked_out_by_bounds(found: list[Equation], floors: Mapping[Hashable, int]) -> set[Hashable]:
    """Unknowns pinned to one whole number by propagating floors (and the ceilings they imply)."""
    low = {key: float(floor) for key, floor in floors.items()}
    high = {key: math.inf for key in floors}
    for _ in range(200):
        changed = False
        for coefficients, constant in found:
            for key, a in coefficients.items():
                rest_min = sum(b * (low[k] if b > 0 else high[k]) for k, b in coefficients.items() if k != key)
                rest_max = sum(b * (high[k] if b > 0 else low[k]) for k, b in coefficients.items() if k != key)
                if a > 0:
                    new_low, new_high = (constant - rest_max) / a, (constant - rest_min) / a
                else:
                    new_low, new_high = (constant - rest_min) / a, (constant - rest_max) / a
                if new_low > low[key] and math.isfinite(new_low):
                    low[key] = float(math.ceil(new_low - 1e-9))
                    changed = True
                if new_high < high[key]:
                    high[key] = float(math.floor(new_high + 1e-9)) if math.isfinite(new_high) else new_high
                    changed = True
        if not changed:
            break
    return {key for key in floors if low[key] == high[key]}


def alternatives_within_one(
    true_values: Mapping[Hashable, int],
    free: list[Hashable],
    derive: Callable[[Mapping[Hashable, int]], Mapping[Hashable, int]],
    published: Mapping[Hashable, int | None],
    floors: Mapping[Hashable, int],
) -> set[Hashable]:
    """Hidden counts that differ in some other table fitting what is shown.

    `free` are the counts every other count is derived from (the inner cells); each hidden
    free count is tried at one less, the same and one more.
    """
    hidden_free = [key for key in free if published[key] is None]
    changed: set[Hashable] = set()
    for steps in itertools.product((-1, 0, 1), repeat=len(hidden_free)):
        if not any(steps):
            continue
        trial = dict(true_values)
        for key, step in zip(hidden_free, steps):
            trial[key] += step
        values = derive(trial)
        fits = all(
            values[key] == shown if shown is not None else values[key] >= floors[key]
            for key, shown in published.items()
        )
        if fits:
            changed |= {key for key, shown in published.items() if shown is None and values[key] != true_values[key]}
    return changed

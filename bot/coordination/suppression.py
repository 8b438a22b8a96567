"""Small cells: the one rule that keeps a published count from pointing to a person.

The rule
--------
* Any count from 1 to ``suppress_below - 1`` is shown as ``"<N"`` (N is ``suppress_below``:
  11 by default, the rule CMS applies to its data; never below 5). Zeros are shown.
* One more (complementary) count is hidden wherever a hidden count could otherwise be worked
  out from the counts that are shown and the totals they add up to: across rows, down
  columns, through subtotals, and for every breakdown that has a total.
* A share is shown only when both its part and its whole are shown; a median or a
  percentile only when it rests on at least ``suppress_below`` cases.

How "could be worked out" is decided
------------------------------------
Counts and the totals they add up to form a flow network: each count is an arc, and each
"this total is the sum of those parts" is a node where what flows in equals what flows out.
A table with row totals, column totals and a grand total is the classic case; a subtotal is
one more node. A reader knows the shown counts, these sums, that counts are whole numbers,
and that a hidden count is at least 1 (zeros are shown), or at least 0 where zeros are
hidden too (a whole row hidden, or counts that are never published).

A hidden count is safe when some other table fits all of that and differs in it. Another
table fits exactly when 1 can be added around a cycle of hidden counts (going against an
arc's direction subtracts 1) without taking any of them below its floor: two fitting tables
always differ by a sum of such cycles. So the rule is that every hidden count lies on such a
cycle. When one does not, the cheapest cycle through it is found (Dijkstra's shortest path;
the cost of a shown count is its value, so few people are hidden besides) and the shown
counts on it are hidden too. Hiding more never breaks a cycle, so one pass suffices.

This is the network method of complementary suppression that statistical offices use.
"""
from __future__ import annotations

import heapq
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from bot.config import MIN_SUPPRESS_BELOW

TOTAL = "total"

K = TypeVar("K", bound=Hashable)
Cell = tuple[str, str]


class SuppressionError(ValueError):
    """A threshold or a table that the small-cell rule cannot work with."""


def check_threshold(suppress_below: object) -> int:
    """SUPPRESS_BELOW is a whole number, 5 or more: a smaller cell could point to a person."""
    if isinstance(suppress_below, bool) or not isinstance(suppress_below, int):
        raise SuppressionError(f"SUPPRESS_BELOW must be a whole number, not {suppress_below!r}")
    if suppress_below < MIN_SUPPRESS_BELOW:
        raise SuppressionError(
            f"SUPPRESS_BELOW must be {MIN_SUPPRESS_BELOW} or more (it was {suppress_below}): "
            "smaller counts could point to a person"
        )
    return suppress_below


@dataclass(frozen=True)
class Hidden:
    """A count that is not shown. It reads "<N" whatever its value, small or complementary."""

    below: int

    def __str__(self) -> str:
        return f"<{self.below}"


Shown = int | Hidden


def is_small(count: int, suppress_below: int) -> bool:
    """A count from 1 to suppress_below - 1 is never shown."""
    return 0 < count < suppress_below


def enough_cases(cases: int, suppress_below: int) -> bool:
    """A median or percentile is shown only over at least suppress_below cases."""
    return cases >= suppress_below


@dataclass(frozen=True)
class Balance(Generic[K]):
    """One sum a reader can check: the total is the sum of the parts."""

    total: K
    parts: tuple[K, ...]


# --- the network --------------------------------------------------------------------------

_GROUND = -1  # the far end of a count that only one sum mentions


@dataclass(frozen=True)
class _Arc:
    tail: int
    head: int


def _network(counts: Mapping[K, int], balances: Sequence[Balance[K]]) -> dict[K, _Arc]:
    """Each count becomes an arc between the two sums that mention it (the ground when fewer)."""
    seen: dict[K, list[tuple[int, bool]]] = {key: [] for key in counts}
    for index, balance in enumerate(balances):
        members = (balance.total, *balance.parts)
        if len(set(members)) != len(members):
            raise SuppressionError(f"a sum mentions one count twice: {balance.total!r}")
        for member in members:
            if member not in seen:
                raise SuppressionError(f"a sum mentions an unknown count: {member!r}")
            seen[member].append((index, member == balance.total))
        if counts[balance.total] != sum(counts[part] for part in balance.parts):
            raise SuppressionError(f"the counts do not add up to their total {balance.total!r}")

    # A node's polarity says whether its total flows in (True) or out (False). A count flows in
    # at one of its two sums and out at the other, which fixes the polarities relative to each other.
    polarity: dict[int, bool] = {}
    links: dict[int, list[tuple[int, bool]]] = {index: [] for index in range(len(balances))}
    for key, places in seen.items():
        if len(places) > 2:
            raise SuppressionError(f"a count is in more than two sums, so not one table: {key!r}")
        if len(places) == 2:
            (first, first_total), (second, second_total) = places
            flip = not (first_total ^ second_total)
            links[first].append((second, flip))
            links[second].append((first, flip))
    for start in range(len(balances)):
        if start in polarity:
            continue
        polarity[start] = True
        stack = [start]
        while stack:
            node = stack.pop()
            for other, flip in links[node]:
                wanted = polarity[node] ^ flip
                if other not in polarity:
                    polarity[other] = wanted
                    stack.append(other)
                elif polarity[other] != wanted:
                    raise SuppressionError("these sums do not form one consistent table")

    arcs: dict[K, _Arc] = {}
    for key, places in seen.items():
        ends = {True: _GROUND, False: _GROUND}  # flows in at / flows out of
        for node, is_total in places:
            ends[polarity[node] == is_total] = node
        arcs[key] = _Arc(tail=ends[False], head=ends[True])
    return arcs


def _cheapest_cycle(
    key: K,
    arcs: Mapping[K, _Arc],
    counts: Mapping[K, int],
    hidden: Collection[K],
    floor: Mapping[K, int],
) -> list[K] | None:
    """The counts on the cheapest cycle through `key` that can change by 1, or None.

    Hidden counts cost nothing; a shown count costs its value and, once hidden, has floor 1.
    A shown zero is never used: hiding it would break the reader's "a hidden count is >= 1".
    """
    edges: dict[int, list[tuple[int, int, K]]] = {}
    for other, arc in arcs.items():
        if other == key or (other not in hidden and other not in floor):
            continue
        cost = 0 if other in hidden else counts[other]
        edges.setdefault(arc.tail, []).append((arc.head, cost, other))  # add 1
        if counts[other] - 1 >= floor[other]:
            edges.setdefault(arc.head, []).append((arc.tail, cost, other))  # take 1 away

    arc = arcs[key]
    routes = [_shortest_path(edges, arc.head, arc.tail, hidden)]  # add 1 to key
    if counts[key] - 1 >= floor[key]:
        routes.append(_shortest_path(edges, arc.tail, arc.head, hidden))  # take 1 from key
    found = [route for route in routes if route is not None]
    if not found:
        return None
    return min(found, key=lambda route: route[0])[1]


def _shortest_path(
    edges: Mapping[int, list[tuple[int, int, K]]], start: int, goal: int, hidden: Collection[K]
) -> tuple[tuple[int, int], list[K]] | None:
    """Dijkstra from start to goal; cost is (value hidden besides, counts hidden besides)."""
    best: dict[int, tuple[int, int]] = {start: (0, 0)}
    came_by: dict[int, tuple[int, K]] = {}
    queue: list[tuple[int, int, int, int]] = [(0, 0, 0, start)]
    order = 0
    while queue:
        value, count, _, node = heapq.heappop(queue)
        if (value, count) > best[node]:
            continue
        if node == goal:
            path: list[K] = []
            while node != start:
                node, used = came_by[node]
                path.append(used)
            return (value, count), path
        for target, cost, used in edges.get(node, ()):
            step = (value + cost, count + (used not in hidden))
            if target not in best or step < best[target]:
                best[target] = step
                came_by[target] = (node, used)
                order += 1
                heapq.heappush(queue, (*step, order, target))
    return None


def suppress(
    counts: Mapping[K, int],
    balances: Sequence[Balance[K]],
    suppress_below: int,
    *,
    unpublished: Iterable[K] = (),
    hide: Mapping[K, int] | None = None,
    keep: Iterable[K] = (),
) -> frozenset[K]:
    """The published counts to show as "<N": the small ones and their complements.

    unpublished: counts that take part in the sums but are never shown (a reader knows >= 0).
    hide: counts to hide whatever their value, each with the least value a reader knows it
        has (0 where zeros are hidden alongside it, as in a row hidden whole).
    keep: shown counts that must stay shown (decided elsewhere); never hidden as a complement.
    """
    threshold = check_threshold(suppress_below)
    for key, count in counts.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise SuppressionError(f"a count must be a whole number of 0 or more: {key!r} is {count!r}")
    unpublished, hide, keep = set(unpublished), dict(hide or {}), set(keep)
    unknown = (unpublished | hide.keys() | keep) - counts.keys()
    if unknown:
        raise SuppressionError(f"unknown counts: {sorted(map(repr, unknown))}")
    for key in keep:
        if key in hide or is_small(counts[key], threshold):
            raise SuppressionError(f"a count to keep shown must be 0 or at least {threshold}: {key!r}")

    arcs = _network(counts, balances)
    hidden = unpublished | hide.keys() | {key for key, count in counts.items() if is_small(count, threshold)}
    # The least value a reader knows each count that is hidden, or could be hidden, to have.
    # Counts without a floor are never moved by a cycle: shown zeros, and counts to keep.
    floor = {key: 0 for key in unpublished} | hide
    floor |= {key: 1 for key in counts if key not in floor and key not in keep and (key in hidden or counts[key] > 0)}
    for key in counts:
        if key not in hidden or key in unpublished or counts[key] == 0:
            continue  # a hidden zero (in a row hidden whole) points to nobody: it needs no cycle
        cycle = _cheapest_cycle(key, arcs, counts, hidden, floor)
        if cycle is None:
            raise SuppressionError(f"no way to hide {key!r} so that it cannot be worked out")
        hidden.update(cycle)
    return frozenset(hidden - unpublished)


# --- tables as readers see them -----------------------------------------------------------

@dataclass(frozen=True)
class Grid:
    """Counts in rows x columns with every row total, column total and the grand total.

    groups: subtotals over some columns, published as a column of their own
        (declined = conflict + unavailable + other). Row totals add up the columns outside
        groups and the subtotals.
    With a single column and no groups a row's total is that one count, so no separate row
    totals (nor grand total) exist. With publish_inner=False only the totals are published:
    two breakdowns of one total, as in supporters by status and by open cases.
    """

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: Mapping[Cell, int]
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    publish_inner: bool = True

    def __post_init__(self) -> None:
        names = [*self.columns, *self.groups]
        if len(set(self.rows)) != len(self.rows) or len(set(names)) != len(names):
            raise SuppressionError("row and column names must be unique")
        if TOTAL in self.rows or TOTAL in names:
            raise SuppressionError(f"{TOTAL!r} is kept for totals")
        grouped = [member for members in self.groups.values() for member in members]
        if len(set(grouped)) != len(grouped) or not set(grouped) <= set(self.columns):
            raise SuppressionError("each grouped column must be a column, in one group only")
        strays = set(self.counts) - {(row, column) for row in self.rows for column in self.columns}
        if strays:
            raise SuppressionError(f"counts outside the grid: {sorted(strays)}")

    @property
    def top_columns(self) -> tuple[str, ...]:
        """What a row total adds up: the columns outside groups, and each group once."""
        group_of = {member: name for name, members in self.groups.items() for member in members}
        top: list[str] = []
        for column in self.columns:
            name = group_of.get(column, column)
            if name not in top:
                top.append(name)
        return tuple(top)

    @property
    def has_row_totals(self) -> bool:
        return len(self.top_columns) > 1 or bool(self.groups)

    def inner(self) -> list[Cell]:
        return [(row, column) for row in self.rows for column in self.columns]

    def values(self) -> dict[Cell, int]:
        """Every cell: the counts, subtotals, row and column totals and the grand total."""
        values: dict[Cell, int] = {}
        for row in (*self.rows, TOTAL):
            for column in self.columns:
                values[row, column] = (
                    sum(self.counts.get((r, column), 0) for r in self.rows) if row == TOTAL
                    else self.counts.get((row, column), 0)
                )
            for name, members in self.groups.items():
                values[row, name] = sum(values[row, member] for member in members)
            if self.has_row_totals:
                values[row, TOTAL] = sum(values[row, column] for column in self.top_columns)
        return values

    def balances(self) -> list[Balance[Cell]]:
        sums: list[Balance[Cell]] = []
        for row in (*self.rows, TOTAL):
            if self.has_row_totals:
                sums.append(Balance((row, TOTAL), tuple((row, column) for column in self.top_columns)))
            for name, members in self.groups.items():
                sums.append(Balance((row, name), tuple((row, member) for member in members)))
        for column in self.columns:
            sums.append(Balance((TOTAL, column), tuple((row, column) for row in self.rows)))
        if self.has_row_totals:
            sums.append(Balance((TOTAL, TOTAL), tuple((row, TOTAL) for row in self.rows)))
        return sums


@dataclass(frozen=True)
class ShownGrid:
    """A grid as it may be published: a hidden cell reads "<N"."""

    values: Mapping[Cell, int]
    hidden: frozenset[Cell]
    unpublished: frozenset[Cell]
    suppress_below: int

    def __getitem__(self, cell: Cell) -> Shown:
        if cell in self.unpublished or cell not in self.values:
            raise KeyError(cell)
        return Hidden(self.suppress_below) if cell in self.hidden else self.values[cell]

    def share(self, part: Cell, *whole: Cell) -> float | None:
        """part / (sum of whole), or None when any of them is hidden or the whole is zero."""
        shown = [self[cell] for cell in (part, *whole)]
        if any(isinstance(value, Hidden) for value in shown) or sum(shown[1:]) == 0:
            return None
        return shown[0] / sum(shown[1:])


def protect_grid(
    grid: Grid, suppress_below: int, *, hide: Mapping[Cell, int] | None = None, keep: Iterable[Cell] = ()
) -> ShownGrid:
    """The grid with its small cells and their complements hidden (see `suppress` for hide, keep)."""
    values = grid.values()
    unpublished = frozenset() if grid.publish_inner else frozenset(grid.inner())
    hidden = suppress(values, grid.balances(), suppress_below, unpublished=unpublished, hide=hide, keep=keep)
    return ShownGrid(values, hidden, unpublished, suppress_below)


def protect_linked_grids(grids: Sequence[Grid], suppress_below: int) -> tuple[ShownGrid, ...]:
    """Grids that break the same row totals (referrals per period) down in different ways.

    A row total shows in every such grid, so which row totals to hide is decided once, over
    the row totals alone (rows below the threshold, and a complementary row where needed).
    A row whose total is hidden is hidden whole in every grid, zeros too; when the grand total
    is hidden, the totals row is as well. Each grid is then protected on its own, keeping shown
    row totals shown. A cycle in one grid changes the hidden row totals in one of three ways
    (1 moves from one hidden row to another; a row and the grand total go up together; or down
    together), and every other grid can make the same change inside its hidden rows, so the
    grids together still fit another table.
    """
    if not grids:
        return ()
    rows = grids[0].rows
    first = grids[0].values()
    shared = [(row, TOTAL) for row in rows] + [(TOTAL, TOTAL)]
    for grid in grids:
        if grid.rows != rows or not grid.has_row_totals or not grid.publish_inner:
            raise SuppressionError("linked grids need the same rows, row totals and published counts")
        values = grid.values()
        if any(values[cell] != first[cell] for cell in shared):
            raise SuppressionError("linked grids must have the same row totals")
    row_totals = {cell: first[cell] for cell in shared}
    hidden_totals = suppress(
        row_totals, [Balance((TOTAL, TOTAL), tuple((row, TOTAL) for row in rows))], suppress_below
    )
    hidden_rows = {row for row, _ in hidden_totals}  # includes TOTAL when the grand total is hidden
    protected = []
    for grid in grids:
        hide = {cell: 0 for cell in grid.values() if cell[0] in hidden_rows}
        hide |= {cell: 1 for cell in hidden_totals}  # a hidden total is never a zero
        keep = [cell for cell in shared if cell not in hidden_totals]
        protected.append(protect_grid(grid, suppress_below, hide=hide, keep=keep))
    return tuple(protected)

"""The small-cell rule: hand-worked tables first, then properties over random tables, checked
by a reader who tries algebra, bounds and (on small tables) every nearby table."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.coordination.suppression import (
    TOTAL,
    Balance,
    Grid,
    Hidden,
    SuppressionError,
    check_threshold,
    protect_grid,
    protect_linked_grids,
    suppress,
)
from reader_attacks import alternatives_within_one, equations, worked_out_by_algebra, worked_out_by_bounds

# --- the table as a reader sees it, built here without the module's own sums -----------------


def table_values(rows, columns, inner, groups=None):
    """Every published number of a rows x columns table: cells, subtotals, totals."""
    groups = groups or {}
    values = {}
    for column in columns:
        for row in rows:
            values[row, column] = inner.get((row, column), 0)
        values[TOTAL, column] = sum(values[row, column] for row in rows)
    tops = [c for c in columns if not any(c in m for m in groups.values())] + list(groups)
    for row in (*rows, TOTAL):
        for name, members in groups.items():
            values[row, name] = sum(values[row, m] for m in members)
        values[row, TOTAL] = sum(values[row, c] for c in tops)
    return values


def table_sums(rows, columns, groups=None):
    """Every sum a reader can write down, redundant ones included."""
    groups = groups or {}
    tops = [c for c in columns if not any(c in m for m in groups.values())] + list(groups)
    sums = []
    for row in (*rows, TOTAL):
        sums.append(((row, TOTAL), [(row, c) for c in tops]))
        sums += [((row, name), [(row, m) for m in members]) for name, members in groups.items()]
    for column in (*columns, *groups, TOTAL):
        sums.append(((TOTAL, column), [(row, column) for row in rows]))
    return sums


def published(shown, keys):
    return {key: None if isinstance(shown[key], Hidden) else shown[key] for key in keys}


def hidden_keys(view):
    return {key for key, value in view.items() if value is None}


# --- the threshold ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [4, 0, -11, 2.5, "11", True, None])
def test_a_threshold_below_five_or_not_a_whole_number_is_refused(bad):
    with pytest.raises(SuppressionError, match="SUPPRESS_BELOW"):
        check_threshold(bad)


def test_a_threshold_of_five_or_more_is_accepted():
    assert check_threshold(5) == 5
    assert check_threshold(11) == 11


def test_a_hidden_count_reads_as_less_than_the_threshold():
    assert str(Hidden(11)) == "<11"
    assert str(Hidden(5)) == "<5"


# --- hand-worked tables ----------------------------------------------------------------------


def test_a_small_cell_in_a_table_hides_the_cheapest_rectangle_and_keeps_every_total():
    #        x   y  | total
    #   a    3  20  |  23      3 is small. Hiding one more cell in row a and column x would
    #   b   15  30  |  45      still leave a sum with one unknown, so a rectangle goes:
    #  tot  18  50  |  68      (a,y) 20 + (b,x) 15 + (b,y) 30 = 65, cheaper than any way via totals.
    inner = {("a", "x"): 3, ("a", "y"): 20, ("b", "x"): 15, ("b", "y"): 30}
    shown = protect_grid(Grid(("a", "b"), ("x", "y"), inner), 11)
    hidden = {key for key in table_values(("a", "b"), ("x", "y"), inner) if isinstance(shown[key], Hidden)}
    assert hidden == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}
    assert [shown["a", TOTAL], shown["b", TOTAL], shown[TOTAL, "x"], shown[TOTAL, "y"]] == [23, 45, 18, 50]


def test_a_breakdown_with_a_total_hides_its_smallest_other_part():
    counts = {"conflict": 3, "unavailable": 40, "other": 25, "declined": 68}
    assert suppress(counts, [Balance("declined", ("conflict", "unavailable", "other"))], 11) == {"conflict", "other"}


def test_two_hidden_ones_are_not_enough_when_they_could_only_be_one_each():
    # 1 + 1 + 30 = 32: hiding just the two 1s shows they add up to 2, and each is at least 1.
    counts = {"a": 1, "b": 1, "c": 30, "total": 32}
    assert suppress(counts, [Balance("total", ("a", "b", "c"))], 11) == {"a", "b", "c"}


def test_a_zero_is_never_hidden_as_a_complement():
    counts = {"a": 4, "b": 0, "c": 20, "total": 24}
    assert suppress(counts, [Balance("total", ("a", "b", "c"))], 11) == {"a", "c"}


def test_a_reason_under_a_subtotal_hides_a_second_reason_and_keeps_the_subtotal():
    # accepted 40, declined 23 = conflict 3 + unavailable 20, one period (its column totals repeat it).
    grid = Grid(("q1",), ("accepted", "conflict", "unavailable"),
                {("q1", "accepted"): 40, ("q1", "conflict"): 3, ("q1", "unavailable"): 20},
                groups={"declined": ("conflict", "unavailable")})
    shown = protect_grid(grid, 11)
    assert [str(shown[row, "conflict"]) for row in ("q1", TOTAL)] == ["<11", "<11"]
    assert [str(shown[row, "unavailable"]) for row in ("q1", TOTAL)] == ["<11", "<11"]
    assert [shown["q1", "declined"], shown["q1", "accepted"], shown["q1", TOTAL]] == [23, 40, 63]


def test_when_only_totals_are_published_two_small_ones_protect_each_other_through_the_counts_behind():
    # Supporters: status (rows) x open cases (columns); only the two breakdowns and the total show.
    inner = {("active", "0"): 9, ("active", "1"): 8, ("active", "2"): 5, ("away", "0"): 4,
             ("paused", "0"): 2, ("paused", "1"): 1}
    shown = protect_grid(Grid(("active", "away", "paused"), ("0", "1", "2"), inner, publish_inner=False), 11)
    assert [shown[TOTAL, TOTAL], shown["active", TOTAL], shown[TOTAL, "0"]] == [29, 22, 15]
    assert {str(shown[key]) for key in [("away", TOTAL), ("paused", TOTAL), (TOTAL, "1"), (TOTAL, "2")]} == {"<11"}
    with pytest.raises(KeyError):
        shown["active", "1"]


def test_a_single_column_has_no_separate_row_totals():
    shown = protect_grid(Grid(("m1", "m2", "m3"), ("done",), {("m1", "done"): 4, ("m2", "done"): 30,
                                                              ("m3", "done"): 25}), 11)
    assert [str(shown[row, "done"]) for row in ("m1", "m2", "m3", TOTAL)] == ["<11", "30", "<11", "59"]
    with pytest.raises(KeyError):
        shown["m1", TOTAL]


def test_a_share_is_shown_only_when_its_part_and_whole_are():
    shown = protect_grid(Grid(("a", "b"), ("x", "y"), {("a", "x"): 3, ("a", "y"): 20, ("b", "x"): 15,
                                                       ("b", "y"): 30}), 11)
    assert shown.share((TOTAL, "x"), (TOTAL, TOTAL)) == 18 / 68
    assert shown.share(("a", "y"), ("a", TOTAL)) is None
    assert shown.share((TOTAL, "x"), (TOTAL, "x"), (TOTAL, "y")) == 18 / 68


def test_counts_that_do_not_add_up_are_refused():
    with pytest.raises(SuppressionError, match="add up"):
        suppress({"a": 12, "b": 20, "total": 31}, [Balance("total", ("a", "b"))], 11)


def test_a_count_in_three_sums_is_refused_as_not_one_table():
    counts = {"a": 12, "b": 12, "c": 12, "d": 12}
    sums = [Balance("a", ("b",)), Balance("c", ("b",)), Balance("d", ("b",))]
    with pytest.raises(SuppressionError, match="more than two sums"):
        suppress(counts, sums, 11)


def test_linked_grids_hide_a_small_period_whole_and_the_smallest_other_period_with_it():
    rows = ("jan", "feb", "mar")
    by_source = Grid(rows, ("self", "lead"), {("jan", "self"): 3, ("feb", "self"): 12, ("feb", "lead"): 13,
                                              ("mar", "self"): 20, ("mar", "lead"): 20})
    by_offer = Grid(rows, ("got", "none"), {("jan", "got"): 3, ("feb", "got"): 25, ("mar", "got"): 40})
    source, offer = protect_linked_grids([by_source, by_offer], 11)
    for grid in (source, offer):
        for row in ("jan", "feb"):  # jan: 3 referrals; feb (25) is cheaper to hide with it than mar (40)
            for column in (*grid_columns(grid, row), TOTAL):
                assert isinstance(grid[row, column], Hidden), (row, column)
        assert grid["mar", TOTAL] == 40 and grid[TOTAL, TOTAL] == 68
    assert source["mar", "self"] == 20 and offer["mar", "none"] == 0


def grid_columns(shown, row):
    return [column for (r, column) in shown.values if r == row and column != TOTAL]


# --- properties --------------------------------------------------------------------------------

counts = st.one_of(st.just(0), st.integers(1, 12), st.integers(11, 45))


@st.composite
def tables(draw, max_rows=4, max_columns=4):
    rows = tuple(f"r{i}" for i in range(draw(st.integers(1, max_rows))))
    columns = tuple(f"c{i}" for i in range(draw(st.integers(2, max_columns))))
    groups = {"g": columns[:2]} if len(columns) >= 3 and draw(st.booleans()) else {}
    inner = {(row, column): draw(counts) for row in rows for column in columns}
    return rows, columns, groups, inner, draw(st.integers(5, 12))


def protected(rows, columns, groups, inner, threshold):
    shown = protect_grid(Grid(rows, columns, inner, groups), threshold)
    values = table_values(rows, columns, inner, groups)
    return values, published(shown, values)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_every_count_from_one_to_below_the_threshold_is_hidden(table):
    rows, columns, groups, inner, threshold = table
    values, view = protected(*table)
    assert all(view[key] is None for key, value in values.items() if 0 < value < threshold)
    assert all(view[key] == value for key, value in values.items() if view[key] is not None)


@settings(max_examples=150, deadline=None)
@given(tables())
def test_no_hidden_count_can_be_worked_out_from_the_shown_ones_and_the_totals(table):
    rows, columns, groups, inner, threshold = table
    values, view = protected(*table)
    found = equations(table_sums(rows, columns, groups), view)
    assert worked_out_by_algebra(found) == set()
    assert worked_out_by_bounds(found, {key: 1 for key in hidden_keys(view)}) == set()


@settings(max_examples=80, deadline=None)
@given(tables(max_rows=2, max_columns=3))
def test_every_hidden_count_differs_in_some_other_table_that_fits_what_is_shown(table):
    rows, columns, groups, inner, threshold = table
    values, view = protected(*table)

    def derive(trial):
        return table_values(rows, columns, {key: trial[key] for key in inner}, groups)

    floors = {key: 1 for key in view}
    assert alternatives_within_one(values, list(inner), derive, view, floors) == hidden_keys(view)


@st.composite
def linked_tables(draw):
    """Two breakdowns of the same row totals, as referrals by source and by outcome are."""
    rows = tuple(f"m{i}" for i in range(draw(st.integers(1, 4))))
    first = {(row, column): draw(counts) for row in rows for column in ("a", "b", "c")}
    second = {}
    for row in rows:
        left = sum(first[row, column] for column in ("a", "b", "c"))
        for column in ("x", "y"):
            second[row, column] = draw(st.integers(0, left))
            left -= second[row, column]
        second[row, "z"] = left
    return rows, first, second, draw(st.integers(5, 12))


@settings(max_examples=150, deadline=None)
@given(linked_tables())
def test_linked_tables_read_together_give_nothing_hidden_away(tables_drawn):
    rows, first, second, threshold = tables_drawn
    grids = [Grid(rows, ("a", "b", "c"), first), Grid(rows, ("x", "y", "z"), second)]
    shown = protect_linked_grids(grids, threshold)
    views, sums, floors = {}, [], {}
    for name, grid, columns, inner in zip("12", shown, [("a", "b", "c"), ("x", "y", "z")], [first, second]):
        values = table_values(rows, columns, inner)
        view = published(grid, values)
        assert all(view[key] is None for key, value in values.items() if 0 < value < threshold)
        totals_hidden = {row for row in (*rows, TOTAL) if view[row, TOTAL] is None}

        def key(cell, name=name):  # row totals are one number, whichever table shows them
            return cell if cell[1] == TOTAL else (name, *cell)

        views |= {key(cell): value for cell, value in view.items()}
        sums += [(key(total), [key(part) for part in parts]) for total, parts in table_sums(rows, columns)]
        for cell, value in view.items():
            if value is None:
                floors[key(cell)] = 1 if cell[1] == TOTAL or cell[0] not in totals_hidden else 0
    found = equations(sums, views)
    # A zero hidden with its row may be worked out: it points to nobody. Nothing else may.
    nonzero_hidden = {key for key in floors if _true(key, first, second, rows) > 0}
    assert worked_out_by_algebra(found) & nonzero_hidden == set()
    assert worked_out_by_bounds(found, floors) & nonzero_hidden == set()


def _true(key, first, second, rows):
    """The real value of a key in the joint reading (row totals shared)."""
    if key[1] == TOTAL and len(key) == 2:
        row = key[0]
        chosen = rows if row == TOTAL else (row,)
        return sum(value for (r, _), value in first.items() if r in chosen)
    name, row, column = key
    inner = first if name == "1" else second
    chosen_rows = rows if row == TOTAL else (row,)
    if column == TOTAL:
        return sum(value for (r, _), value in inner.items() if r in chosen_rows)
    return sum(value for (r, c), value in inner.items() if r in chosen_rows and c == column)

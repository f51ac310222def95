import pytest

from salesxl.core.cells import col_index, col_letter, parse_a1, parse_range, range_a1, to_a1


@pytest.mark.parametrize(("index", "letters"), [
    (0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (51, "AZ"), (52, "BA"),
    (701, "ZZ"), (702, "AAA"), (16383, "XFD"),
])
def test_column_letters_both_ways(index, letters):
    assert col_letter(index) == letters
    assert col_index(letters) == index
    assert col_index(letters.lower()) == index


@pytest.mark.parametrize(("row", "col", "a1"), [
    (0, 0, "A1"), (16, 5, "F17"), (11, 13, "N12"), (1048575, 16383, "XFD1048576"),
])
def test_a1_both_ways(row, col, a1):
    assert to_a1(row, col) == a1
    assert parse_a1(a1) == (row, col)
    assert parse_a1(f"${a1[0]}${a1[1:]}" if a1[1].isdigit() else a1) == (row, col)


def test_absolute_and_ranges():
    assert to_a1(2, 1, absolute=True) == "$B$3"
    assert range_a1(0, 0, 9, 3) == "A1:D10"
    assert parse_range("D10:A1") == (0, 0, 9, 3)
    assert parse_range("C5") == (4, 2, 4, 2)


@pytest.mark.parametrize("bad", ["", "A", "1", "A0", "XFE1", "A1048577", "1A", "A-1"])
def test_bad_references_are_refused(bad):
    with pytest.raises(ValueError):
        parse_a1(bad)


@pytest.mark.parametrize("bad", [-1, 16384])
def test_column_out_of_range(bad):
    with pytest.raises(ValueError):
        col_letter(bad)

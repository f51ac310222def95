"""The PivotTable cache's per-field flags (``sharedItems``) for text columns, checked against
the rule Excel writes them by: a text field says only whether it holds a blank."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.io.parts.pivot import shared_items_attrs


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=6), st.none(), st.just(math.nan)), max_size=30))
def test_a_text_field_says_only_whether_it_has_a_blank(values: list) -> None:
    blank = any(v is None or v == "" or (isinstance(v, float) and v != v) for v in values)
    has_text = any(isinstance(v, str) and v != "" for v in values)
    got = shared_items_attrs(pd.Series(values, dtype=object))
    if has_text:
        assert got == ({"containsBlank": "1"} if blank else {})


def test_mixed_fields_keep_their_flags() -> None:
    assert shared_items_attrs(["a", 1.0]) == {"containsMixedTypes": "1", "containsNumber": "1",
                                             "containsInteger": "1", "minValue": "1",
                                             "maxValue": "1"}
    assert shared_items_attrs([dt.date(2026, 3, 2), None]) == {
        "containsString": "0", "containsNonDate": "0", "containsDate": "1",
        "containsBlank": "1", "minDate": "2026-03-02T00:00:00",
        "maxDate": "2026-03-02T00:00:00"}
    assert shared_items_attrs(["", "x"]) == {"containsBlank": "1"}

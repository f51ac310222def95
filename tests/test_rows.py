"""Row models come from the schema and accept exactly what the reader produces."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from salesxl.core.config import Config
from salesxl.core.rows import MODELS, Lead, Objection
from salesxl.core.schema import TABLES
from salesxl.io.read import read_workbook, typed_frame
from salesxl.io.template import write_team_workbook


def test_every_table_has_a_model_with_every_column():
    for key, table in TABLES.items():
        assert set(table.keys) <= set(MODELS[key].model_fields), key


@pytest.mark.parametrize(("row", "field"), [
    ({"need_level": "extreme"}, "need_level"),
    ({"probability": 1.5}, "probability"),
    ({"source_type": "sideways"}, "source_type"),
    ({"decision_date": "next week"}, "decision_date"),
    ({"budget_amount": "lots"}, "budget_amount"),
])
def test_wrong_values_are_refused_with_the_column_named(row, field):
    with pytest.raises(ValidationError) as exc:
        Lead.model_validate(row)
    assert exc.value.errors()[0]["loc"] == (field,)


def test_rep_added_columns_are_kept():
    lead = Lead.model_validate({"lead_id": "L-1", "My colour": "blue"})
    assert lead.model_dump()["My colour"] == "blue"


def test_objection_categories_follow_the_schema():
    assert Objection.model_validate({"category": "product_fit", "resolved": True}).resolved
    with pytest.raises(ValidationError):
        Objection.model_validate({"category": "weather"})


def test_rows_read_from_a_workbook_validate(tmp_path, small_team):
    rep = small_team[1]
    cfg = Config.default(language=rep.lang)
    book = write_team_workbook(tmp_path / "r.xlsx", cfg, rep.tables(), lang=rep.lang)
    data = read_workbook(book)
    for key in ("leads", "activities", "objections", "history", "customers"):
        problems: list = []
        frame = typed_frame(data.table(key), data.config, problems)
        records = frame.astype(object).where(frame.notna(), None).to_dict(orient="records")
        models = [MODELS[key].model_validate(r) for r in records]
        assert len(models) == len(getattr(rep, key)), key
    typed_lead = next(r for r in rep.leads if not isinstance(r["budget_amount"], str))
    lead = Lead.model_validate(typed_lead)
    assert isinstance(lead.created_on, dt.date)

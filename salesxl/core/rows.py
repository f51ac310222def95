"""Pydantic row models, generated from the schema so the columns are declared only once.

`Lead`, `Activity`, `Objection`, `HistoryRow` and `Customer` validate canonical rows (what
`typed_frame` and `export` produce): types per column, allowed values per choice column,
probabilities between 0 and 1. Columns a rep added are allowed and kept.

Example:
    >>> Lead.model_validate({"lead_id": "L-1", "tier": "A", "probability": 0.4}).tier
    'A'
    >>> Lead.model_validate({"lead_id": "L-1", "need_level": "extreme"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Lead...
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from salesxl.core.schema import (
    ACTIVITIES,
    CUSTOMERS,
    HISTORY,
    LEADS,
    OBJECTIONS,
    TARGETS,
    Column,
    Table,
)
from salesxl.core.vocab import Vocabulary

_BASE_TYPES: dict[str, Any] = {
    "id": str, "text": str, "longtext": str, "email": str, "phone": str,
    "date": dt.date, "datetime": dt.datetime, "amount": float, "number": float, "int": int,
    "percent": Annotated[float, Field(ge=0, le=1)], "yesno": bool,
}


class RowModel(BaseModel):
    """Base of every row model: extra (rep-added) columns are kept as they are."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)


def _field_type(col: Column) -> Any:
    if col.type == "choice":
        if isinstance(col.choices, Vocabulary) and not col.choices.open:
            return Literal[tuple(col.choices.keys)]  # type: ignore[valid-type]
        return str  # stages, tiers and the open lists come from the workbook's Config
    return _BASE_TYPES[col.type]


def row_model(table: Table, name: str) -> type[RowModel]:
    """A pydantic model with one optional field per column of `table`."""
    fields: dict[str, Any] = {
        col.key: (_field_type(col) | None, Field(default=None, description=col.en))
        for col in table.columns
    }
    return create_model(name, __base__=RowModel, __doc__=table.doc, **fields)


Lead = row_model(LEADS, "Lead")
Activity = row_model(ACTIVITIES, "Activity")
Objection = row_model(OBJECTIONS, "Objection")
HistoryRow = row_model(HISTORY, "HistoryRow")
Customer = row_model(CUSTOMERS, "Customer")
Target = row_model(TARGETS, "Target")

MODELS: dict[str, type[RowModel]] = {
    "leads": Lead, "activities": Activity, "objections": Objection, "history": HistoryRow,
    "customers": Customer, "targets": Target,
}

"""A lead's next step and its lead ID: what `validate` writes besides BANT.

**Next step.** For every lead, the first unmet exit criterion of its stage — the first gate
(`salesxl.core.gates`) of the next stage on the ladder that the lead does not pass — as the
Playbook's instruction in the rep's language, naming the column to fill (the first missing
one: for BANT the first unmet criterion's first column). When every gate passes, the
Playbook's next action of the stage. A lead without a stage gets the first stage's action.

**Lead IDs.** Rows without a lead ID get one; an existing ID never changes. The pattern
continues the workbook's own: the most common prefix among IDs made of a prefix and a number
(``R01-0007`` -> ``R01-``), the next number after the largest, zero-padded to the widest;
a workbook without such IDs starts at ``L-0001``. IDs stay unique within the workbook.

Example:
    >>> assign_ids(["R01-0007", None, "R01-0012", None, "X"])
    {1: 'R01-0013', 3: 'R01-0014'}
    >>> assign_ids([None, None])
    {0: 'L-0001', 1: 'L-0002'}
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.gates import GATES, GateContext
from salesxl.core.playbook_v2 import NEXT_STEPS, guide, render
from salesxl.core.playbook_v2.next_steps import NEXT_STEP_COLUMNS
from salesxl.core.rules.bant import CRITERIA
from salesxl.core.rules.columns import column
from salesxl.core.rules.stages import next_stage
from salesxl.core.schema import TABLES
from salesxl.core.vocab import fold

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def assign_ids(ids: Sequence[Any]) -> dict[int, str]:
    """New IDs for the blank entries of `ids` (by position); existing ones are kept."""
    if all(value not in (None, "") and not (isinstance(value, str) and not value.strip())
           for value in ids):
        return {}  # every row has an ID (the common case: nothing to number)
    taken = {fold(str(i)) for i in ids if i not in (None, "")}
    numbered = [m for i in ids if isinstance(i, str) and (m := _NUMBERED.match(i.strip()))]
    if numbered:
        prefix = Counter(m.group(1) for m in numbered).most_common(1)[0][0]
        same = [m for m in numbered if m.group(1) == prefix]
        width = max(len(m.group(2)) for m in same)
        n = max(int(m.group(2)) for m in same)
    else:
        prefix, width, n = "L-", 4, 0
    out: dict[int, str] = {}
    for pos, value in enumerate(ids):
        if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
            continue
        while True:
            n += 1
            new = f"{prefix}{n:0{width}d}"
            if fold(new) not in taken:
                break
        taken.add(fold(new))
        out[pos] = new
    return out


def _label(table: str, key: str, lang: str) -> str:
    return TABLES[table].column(key).label(lang)


def next_steps(leads: pd.DataFrame, cfg: Config, today: dt.date, lang: str, *,
               activities: pd.DataFrame | None = None,
               objections: pd.DataFrame | None = None,
               invalid: Any = None) -> pd.Series:
    """The next step of every lead (text in `lang`), aligned to `leads`' index.

    Args:
        leads: canonical values: stage, the BANT inputs, deal_amount, lost_reason, resume_on,
            lead_id (the columns a missing key stands for are blank).
        cfg: the pipeline and its gates.
        today: the day BANT timing is measured from.
        activities, objections: canonical rows (lead_id, type / resolved) for their gates.
    """
    n = len(leads)
    stage_keys = cfg.stage_keys  # a list built on every call: once, not once per lead
    keys = np.array([s if isinstance(s, str) and s in stage_keys else "" for s in
                     column(leads, "stage").tolist()], dtype=object)
    out = np.full(n, None, dtype=object)
    ctx = GateContext(leads, cfg, today, activities, objections, invalid)
    passes: dict[str, np.ndarray] = {}
    found = ctx.criteria()
    met = {k: found[k].to_numpy(dtype=bool) for k in found.columns}  # read row by row below
    texts: dict[tuple[str, str, str], str] = {}
    for stage in dict.fromkeys(keys.tolist()):  # one pass per stage, vectorised gates
        rows = np.flatnonzero(keys == stage)
        current = stage or None
        # a closed deal's next step is the Playbook's after-sale action, not the next gate
        closed = current is not None and cfg.stage(current).type != "open"
        target = None if closed else next_stage(current, cfg)
        todo = np.ones(len(rows), dtype=bool)  # rows whose step is not decided yet
        for gate in cfg.stage(target).gates if target else ():
            if gate not in passes:
                passes[gate] = GATES[gate].passes(ctx)
            fail = todo & ~passes[gate][rows]
            for i in rows[fail].tolist():
                table, key = _column_to_fill(gate, i, met)
                text = texts.get((gate, table, key))
                if text is None:
                    text = texts[(gate, table, key)] = render(
                        NEXT_STEPS[gate], lang, column=_label(table, key, lang))
                out[i] = text
            todo &= ~fail
        if todo.any():
            out[rows[todo]] = _action(current, cfg, lang)
    return pd.Series(out, index=leads.index, dtype=object, name="next_step")


def _action(stage: str | None, cfg: Config, lang: str) -> str | None:
    key = stage or (cfg.open_stages[0].key if cfg.open_stages else None)
    if key is None:
        return None
    try:
        return guide(key, cfg.pipeline_name).next_action(lang)
    except KeyError:  # a stage the team added: the Playbook has no words for it
        return None


def _column_to_fill(gate: str, i: int, met: dict[str, np.ndarray] | None) -> tuple[str, str]:
    if gate == "bant_qualified" and met is not None:
        for letter in ("B", "A", "N", "T"):
            if not met[letter][i]:
                return "leads", CRITERIA[letter][0]
    if gate == "need_and_decision_maker" and met is not None:
        return ("leads", "need") if not met["N"][i] else ("leads", "decision_maker")
    return NEXT_STEP_COLUMNS[gate][0]

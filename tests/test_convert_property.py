"""Row conservation as a property: random leads, laid out the way legacy files lay them out
(any format, header words, column order, title rows, blank rows, a totals row), convert back
to the very same leads, in order, and rows in = converted + rejected."""

from __future__ import annotations

import codecs
import datetime as dt
import random
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_convert_fixtures import write_xls, write_xlsx

from salesxl.commands.convert.fileconv import Options, Task, convert_file
from salesxl.commands.convert.locate import is_totals_row
from salesxl.commands.convert.mapping import _NAME_KEYS
from salesxl.commands.convert.rows import is_note
from salesxl.core.config import Config
from salesxl.core.headers import LEAD_LIST_MIN_COLUMNS
from salesxl.core.schema import LEADS, normalize_header

CFG = Config.default()
LETTERS = "가나다라마바사아자차카타파하ABCDEFGHJK xyz&()-."
OPTIONAL = ["contact_name", "email", "phone", "budget_amount", "created_on", "stage",
            "is_decision_maker", "notes"]


def _plain_text(text: str) -> bool:
    t = text.strip()
    return bool(t) and t == text and normalize_header(t) not in _NAME_KEYS \
        and not is_totals_row([t]) and not is_note(t) and not t.startswith(("-", "+", "="))


words = st.text(LETTERS, min_size=1, max_size=14).filter(_plain_text)


@st.composite
def leads(draw: st.DrawFn) -> dict[str, Any]:
    lead: dict[str, Any] = {"company": draw(words)}
    if draw(st.booleans()):
        lead["contact_name"] = draw(words)
    if draw(st.booleans()):
        lead["email"] = f"{draw(st.from_regex(r'[a-z]{1,8}', fullmatch=True))}@example.kr"
    if draw(st.booleans()):
        lead["phone"] = f"010-{draw(st.integers(1000, 9999))}-{draw(st.integers(1000, 9999))}"
    if draw(st.booleans()):
        lead["budget_amount"] = float(draw(st.integers(1, 99_999)) * 10_000)
    if draw(st.booleans()):
        lead["created_on"] = draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
    if draw(st.booleans()):
        lead["stage"] = draw(st.sampled_from(CFG.stage_keys))
    if draw(st.booleans()):
        lead["is_decision_maker"] = draw(st.booleans())
    if draw(st.booleans()):
        lead["notes"] = draw(st.sampled_from(["=1+2", "first call", "가격 문의", "@home"]))
    return lead


def cell(key: str, value: Any, rng: random.Random, fmt: str) -> tuple[Any, bool]:
    """How a legacy sheet writes a value; second item: the text names a currency (KRW)."""
    text_only = fmt in ("csv", "cp949", "tsv")
    if key == "budget_amount":
        form = rng.randrange(4)
        if form == 0 and not text_only:
            return value, False
        n = int(value)
        won = "￦" if fmt == "cp949" or rng.random() < 0.5 else "₩"  # CP949 has only the wide ￦
        return [f"{n:,}", f"{n:,}", f"{won}{n:,}", f"{n // 10_000}만원"][form], form >= 2
    if key == "created_on":
        form = rng.randrange(4)
        if form == 0 and not text_only:
            return value, False
        return [value.isoformat(), value.isoformat(), f"{value:%Y.%m.%d}",
                f"{value.year}년 {value.month}월 {value.day}일"][form], False
    if key == "stage":
        stage = CFG.stage(value)
        return rng.choice([stage.key, stage.en, stage.ko, *stage.synonyms]), False
    if key == "is_decision_maker":
        return rng.choice([("Y", "N"), ("예", "아니오"), ("O", "X"), ("yes", "no")])[
            0 if value else 1], False
    return value, False


def layout(rows: list[dict[str, Any]], seed: int, folder: Path) -> tuple[Path, list[dict]]:
    """Write `rows` as a random legacy file; return it and the leads it should give."""
    rng = random.Random(seed)
    fmt = rng.choice(["xlsx", "xls", "csv", "cp949", "tsv"])
    keys = ["company", *[k for k in OPTIONAL if rng.random() < 0.6]]
    while len(keys) < LEAD_LIST_MIN_COLUMNS:  # what makes a sheet a lead list
        keys.append(rng.choice([k for k in OPTIONAL if k not in keys]))
    rng.shuffle(keys)
    headers = [rng.choice(LEADS.column(k).names()[1:]) for k in keys]
    grid: list[list[Any]] = [[f"Sales list {seed}"] for _ in range(rng.randrange(3))]
    grid += [[] for _ in range(rng.randrange(3))]
    grid.append(headers)
    expected = []
    for lead in rows:
        if rng.random() < 0.15:
            grid.append([])
        line, want = [], {}
        for k in keys:
            if k in lead:
                value, krw = cell(k, lead[k], rng, fmt)
                want[k] = lead[k]
                if krw:
                    want["budget_currency"] = "KRW"
            else:
                value = ""
            line.append(value)
        want["company"] = lead["company"]
        if want.get("stage") in ("won", "lost", "on_hold", "upgraded"):
            want["outcome"] = want["stage"]
        grid.append(line)
        expected.append(want)
    if rng.random() < 0.5:
        grid.append(["합계" if rng.random() < 0.5 else "Total"])
    path = folder / f"legacy_{seed}.{ {'cp949': 'csv'}.get(fmt, fmt) }"
    if fmt == "xlsx":
        write_xlsx(path, {"Leads": grid})
    elif fmt == "xls":
        write_xls(path, "Leads", grid, [])
    else:
        sep = "\t" if fmt == "tsv" else ","
        text = "\r\n".join(sep.join(_csv(str(v)) for v in row) for row in grid) + "\r\n"
        if fmt == "csv":
            path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
        elif fmt == "tsv":
            path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
        else:
            path.write_bytes(text.encode("cp949"))
    return path, expected


def _csv(text: str) -> str:
    return f'"{text}"' if any(ch in text for ch in ',"\t') else text


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(rows=st.lists(leads(), min_size=1, max_size=8), seed=st.integers(0, 10_000))
def test_random_legacy_layouts_convert_back_to_the_same_leads(tmp_path: Path, rows: list,
                                                              seed: int) -> None:
    path, expected = layout(rows, seed, tmp_path)
    res = convert_file(Task(0, str(path), path.name, None, Options(CFG, keep_rows=True,
                                                                    date_order="YMD")))
    rep = res.report
    assert rep.status == "converted", rep.error
    assert (rep.rows_in, rep.converted, rep.rejected) == (len(rows), len(rows), 0)
    got = [{k: v for k, v in lead.items() if k != "lead_id"} for lead in res.leads]
    assert got == expected
    ids = [lead["lead_id"] for lead in res.leads]
    assert len(set(ids)) == len(ids) and all(i.startswith("L-") for i in ids)

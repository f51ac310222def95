"""The Config sheet: how Config is laid out in a workbook, and how it is read back.

The sheet holds four sections one under the other, each a title cell in column A, a header
row and its rows, a blank row between sections: Settings, Pipeline, Tiers, Holidays. Titles and
headers may be English or Korean. A missing section or value falls back to the defaults and the
reader says so in `Config.defaults_used`; a wrong value is reported with its cell.

Example:
    >>> sections = config_sections(Config.default(), "en")
    >>> [s.key for s in sections][:4]
    ['settings', 'pipeline', 'tiers', 'holidays']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from salesxl.core import parse
from salesxl.core.config import PIPELINES, BantRules, Config, Stage, Tier
from salesxl.core.errors import Problem, WorkbookError
from salesxl.core.gates import GATES
from salesxl.core.messages import Joined, Msg, Pair, tr
from salesxl.core.vocab import CATEGORY_VOCABULARIES, CHANNELS, Word, normalize_header

WEEKDAYS = (("mon", "월"), ("tue", "화"), ("wed", "수"), ("thu", "목"), ("fri", "금"),
            ("sat", "토"), ("sun", "일"))


@dataclass(frozen=True)
class Section:
    """One block of the Config sheet: a title, headers (key, en, ko) and rows of values."""

    key: str
    en: str
    ko: str
    headers: tuple[tuple[str, str, str], ...]
    rows: list[list[Any]]

    def title(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en


SETTINGS_HEADERS = (("setting", "Setting", "항목"), ("value", "Value", "값"),
                    ("description", "Description", "설명"))
PIPELINE_HEADERS = (
    ("key", "Stage key", "단계 키"), ("en", "English", "영문명"), ("ko", "Korean", "한글명"),
    ("type", "Type", "유형"), ("probability", "Probability", "확률"),
    ("rotting_days", "Rotting days", "정체 기준일"), ("gates", "Gates", "진입 조건"),
    ("follow_up_factor", "Follow-up factor", "연락 주기 배수"), ("synonyms", "Synonyms", "동의어"),
)
TIER_HEADERS = (("tier", "Tier", "등급"), ("cadence_days", "Cadence (days)", "연락 주기(일)"),
                ("channel", "Channel", "연락 방법"))
HOLIDAY_HEADERS = (("date", "Date", "날짜"), ("name", "Name", "이름"))
LIST_HEADERS = (("key", "Key", "키"), ("en", "English", "영문명"), ("ko", "Korean", "한글명"),
                ("synonyms", "Synonyms", "동의어"))
# The lists a team extends (open: other typed values stay allowed and are reported).
LIST_SECTIONS = {key: (v.en, v.ko) for key, v in CATEGORY_VOCABULARIES.items()}

# setting key -> (English name, Korean name); a Korean workbook shows the Korean name, the
# reader takes the key or either name
SETTING_NAMES = {
    "pipeline": ("pipeline", "파이프라인"), "language": ("language", "언어"),
    "currency": ("currency", "통화"), "holiday_country": ("holiday_country", "공휴일 국가"),
    "work_week": ("work_week", "근무일"), "bant_min_budget": ("bant_min_budget", "BANT 최소 예산"),
    "bant_horizon_days": ("bant_horizon_days", "BANT 결정 기한(일)"),
    "bant_weight_b": ("bant_weight_b", "BANT 가중치 예산"),
    "bant_weight_a": ("bant_weight_a", "BANT 가중치 결정권"),
    "bant_weight_n": ("bant_weight_n", "BANT 가중치 니즈"),
    "bant_weight_t": ("bant_weight_t", "BANT 가중치 시기"),
    "forecast_probability": ("forecast_probability", "예측에 쓸 확률"),
    "template_version": ("template_version", "양식 버전"),
}
_SETTING_KEYS = {normalize_header(w): key for key, names in SETTING_NAMES.items()
                 for w in (key, *names)}
_PIPELINE_WORDS = {"seven_step": "7단계", "six_stage": "6단계", "short": "간단"}
_PIPELINE_KEYS = {normalize_header(w): k for k, w in _PIPELINE_WORDS.items()}
_STAGE_TYPES = {"open": "진행", "won": "수주", "lost": "실주", "on_hold": "보류"}
_STAGE_TYPE_KEYS = {normalize_header(w): k for k, w in _STAGE_TYPES.items()}
_FORECAST_WORDS = {"stage": "단계", "learned": "예측"}

SETTING_DOCS = {
    "pipeline": ("Pipeline the stages below came from", "아래 단계의 기본 파이프라인"),
    "language": ("ko or en: labels salesxl writes", "ko 또는 en: salesxl이 쓰는 표시 언어"),
    "currency": ("Currency of amounts", "금액 통화"),
    "holiday_country": ("Country whose public holidays are skipped", "공휴일 기준 국가"),
    "work_week": ("Working days", "근무일"),
    "bant_min_budget": ("Budget met at or above this amount (0: any amount above 0)",
                        "이 금액 이상이면 예산 충족 (0: 0보다 크면 충족)"),
    "bant_horizon_days": ("Timing met when the decision is at most this many days away",
                          "결정 예정일이 이 일수 이내이면 시기 충족"),
    "bant_weight_b": ("Weight of Budget in the BANT score", "BANT 점수의 예산 가중치"),
    "bant_weight_a": ("Weight of Authority", "의사결정자 가중치"),
    "bant_weight_n": ("Weight of Need", "요구 가중치"),
    "bant_weight_t": ("Weight of Timing", "시기 가중치"),
    "forecast_probability": ("stage or learned: probability of the weighted forecast (learned: "
                             "the win probability of salesxl score where there is one)",
                             "stage 또는 learned: 가중 매출 예측에 쓰는 확률 (learned: salesxl "
                             "score의 예측 수주 확률이 있으면 그 값)"),
    "template_version": ("Version of the salesxl workbook layout", "salesxl 통합문서 양식 버전"),
}


def _work_week_text(days: Sequence[int], lang: str) -> str:
    return ",".join(WEEKDAYS[d][1 if lang == "ko" else 0].title() for d in days)


def config_sections(cfg: Config, lang: str) -> list[Section]:
    """The Config sheet's content for `cfg`, with labels in `lang`."""
    b = cfg.bant
    ko = lang == "ko"
    settings: dict[str, Any] = {
        "pipeline": _PIPELINE_WORDS.get(cfg.pipeline_name, cfg.pipeline_name) if ko
        else cfg.pipeline_name,
        "language": cfg.language, "currency": cfg.currency,
        "holiday_country": cfg.holiday_country, "work_week": _work_week_text(cfg.work_week, lang),
        "bant_min_budget": b.min_budget, "bant_horizon_days": b.horizon_days,
        "bant_weight_b": b.weight_b, "bant_weight_a": b.weight_a, "bant_weight_n": b.weight_n,
        "bant_weight_t": b.weight_t,
        "forecast_probability": _FORECAST_WORDS[cfg.forecast_probability] if ko
        else cfg.forecast_probability,
        "template_version": cfg.template_version,
    }
    i = 1 if lang == "ko" else 0
    return [
        Section("settings", "Settings", "기본 설정", SETTINGS_HEADERS,
                [[SETTING_NAMES[k][i], v, SETTING_DOCS[k][i]] for k, v in settings.items()]),
        Section("pipeline", "Pipeline", "파이프라인", PIPELINE_HEADERS,
                [[s.key, s.en, s.ko, _STAGE_TYPES[s.type] if ko else s.type, s.probability,
                  s.rotting_days, ", ".join(GATES[g].name(lang) for g in s.gates),
                  s.follow_up_factor, ", ".join(s.synonyms)] for s in cfg.stages]),
        Section("tiers", "Tiers", "고객 등급", TIER_HEADERS,
                [[t.tier, t.cadence_days, CHANNELS.label(CHANNELS.resolve(t.channel) or t.channel,
                                                         lang)] for t in cfg.tiers]),
        Section("holidays", "Extra holidays", "추가 휴일", HOLIDAY_HEADERS,
                [[d, ""] for d in cfg.extra_holidays]),
        *(Section(key, en, ko, LIST_HEADERS,
                  [[w.key, w.en, w.ko, ", ".join(w.synonyms)] for w in cfg.categories[key]])
          for key, (en, ko) in LIST_SECTIONS.items()),
    ]


def part_name(key: str, lang: str) -> str:
    """A part of the Config (`Config.defaults_used`) as the sheet names it in `lang`."""
    i = 1 if lang == "ko" else 0
    titles = {"settings": ("Settings", "기본 설정"), "pipeline": ("Pipeline", "파이프라인"),
              "tiers": ("Tiers", "고객 등급")}
    names = titles.get(key) or SETTING_NAMES.get(key)
    return names[i] if names else key


_SECTION_TITLES = {
    normalize_header(w): key
    for key, words in {
        "settings": ("Settings", "기본 설정", "설정"),
        "pipeline": ("Pipeline", "파이프라인", "stages", "단계"),
        "tiers": ("Tiers", "고객 등급", "등급"),
        "holidays": ("Extra holidays", "추가 휴일", "holidays", "휴일"),
        **{key: (en, ko, key) for key, (en, ko) in LIST_SECTIONS.items()},
    }.items()
    for w in words
}
_HEADER_KEYS = {
    normalize_header(w): key
    for headers in (SETTINGS_HEADERS, PIPELINE_HEADERS, TIER_HEADERS, HOLIDAY_HEADERS,
                    LIST_HEADERS)
    for key, en, ko in headers
    for w in (key, en, ko)
}


def _blank_row(row: Sequence[Any]) -> bool:
    return all(parse.is_blank(v) for v in row)


def _title_row(grid: list[list[Any]], r: int) -> bool:
    """The title of the next section, alone in its row (a rep who filled the blank row above
    it left no gap; the setting `pipeline` has a value beside it)."""
    first = grid[r][0] if grid[r] else None
    return (isinstance(first, str) and normalize_header(first) in _SECTION_TITLES
            and _blank_row(grid[r][1:]))


def _find_sections(grid: list[list[Any]]) -> dict[str, tuple[int, dict[str, int], list[int]]]:
    """Section key -> (header row, header key -> column, data row numbers)."""
    found: dict[str, tuple[int, dict[str, int], list[int]]] = {}
    r = 0
    while r < len(grid):
        first = grid[r][0] if grid[r] else None
        key = _SECTION_TITLES.get(normalize_header(str(first))) if isinstance(first, str) else None
        if key is None or r + 1 >= len(grid):
            r += 1
            continue
        header = grid[r + 1]
        cols = {_HEADER_KEYS[normalize_header(str(h))]: c for c, h in enumerate(header)
                if isinstance(h, str) and normalize_header(h) in _HEADER_KEYS}
        rows = []
        r += 2
        while r < len(grid) and not _blank_row(grid[r]) and not _title_row(grid, r):
            rows.append(r)
            r += 1
        found[key] = (r - len(rows) - 1, cols, rows)
    return found


def config_language(grid: list[list[Any]]) -> str | None:
    """The language a Config grid is written in, read even when its values are wrong (to say
    what is wrong in that language): its language setting, else its section titles'.

    Example:
        >>> config_language([["Settings"], ["Setting", "Value"], ["language", "en"]])
        'en'
        >>> config_language([["고객 등급"], ["등급", "연락 주기(일)"], ["A", "자주"]])
        'ko'
    """
    sections = _find_sections(grid)
    if "settings" in sections:
        _, cols, rows = sections["settings"]
        c, v = cols.get("setting", 0), cols.get("value", 1)
        for r in rows:
            row = grid[r]
            name = row[c] if c < len(row) else None
            if isinstance(name, str) and _SETTING_KEYS.get(normalize_header(name)) == "language":
                lang = str(row[v] if v < len(row) else "").strip().lower()[:2]
                if lang in ("ko", "en"):
                    return lang
    for row in grid:
        first = row[0] if row else None
        if isinstance(first, str) and normalize_header(first) in _SECTION_TITLES:
            return "ko" if any("가" <= ch <= "힣" for ch in first) else "en"
    return None


def read_config(grid: list[list[Any]] | None, sheet: str = "Config", file: str = "") -> Config:
    """Build Config from the Config sheet's cells (a grid from A1), defaults filling the gaps.

    Raises:
        WorkbookError: a value in the sheet is wrong; the message names every bad cell.
    """
    if grid is None:
        return Config.default().model_copy(update={"defaults_used": ("all (no Config sheet)",)})
    problems: list[Problem] = []
    sections = _find_sections(grid)
    defaults_used: list[str] = []

    def cell(r: int, cols: dict[str, int], key: str) -> Any:
        c = cols.get(key)
        return None if c is None or c >= len(grid[r]) else grid[r][c]

    def bad(r: int, cols: dict[str, int], key: str, value: Any, msg: Msg) -> None:
        problems.append(Problem(sheet, r, cols.get(key, 0), key, value, msg.text("en"), file,
                                msg))

    settings: dict[str, tuple[int, Any]] = {}
    if "settings" in sections:
        _, cols, rows = sections["settings"]
        for r in rows:
            name = cell(r, cols, "setting")
            if isinstance(name, str) and name.strip():
                key = _SETTING_KEYS.get(normalize_header(name), name.strip())
                settings[key] = (r, cell(r, cols, "value"))
    else:
        defaults_used.append("settings")

    pipeline_name = str(settings.get("pipeline", (0, "seven_step"))[1] or "seven_step").strip()
    pipeline_name = _PIPELINE_KEYS.get(normalize_header(pipeline_name), pipeline_name)
    if pipeline_name not in PIPELINES:
        pipeline_name = "seven_step"
    base = Config.default(pipeline_name)
    update: dict[str, Any] = {"pipeline_name": pipeline_name}

    def setting(name: str, parser: Any, target: dict[str, Any], field: str) -> None:
        if name not in settings or parse.is_blank(settings[name][1]):
            defaults_used.append(name)
            return
        r, value = settings[name]
        try:
            target[field] = parser(value)
        except (ValueError, TypeError) as exc:
            problems.append(Problem(sheet, r, sections["settings"][1].get("value", 1), name,
                                    value, str(exc), file,
                                    exc.msg if isinstance(exc, parse.ParseError) else None))

    setting("language", _parse_language, update, "language")
    setting("currency", lambda v: str(v).strip().upper(), update, "currency")
    setting("holiday_country", lambda v: str(v).strip().upper(), update, "holiday_country")
    setting("work_week", _parse_work_week, update, "work_week")
    setting("template_version", parse.parse_int, update, "template_version")
    setting("forecast_probability", _parse_forecast_probability, update, "forecast_probability")
    bant: dict[str, Any] = {}
    for name, field in (("bant_min_budget", "min_budget"), ("bant_weight_b", "weight_b"),
                        ("bant_weight_a", "weight_a"), ("bant_weight_n", "weight_n"),
                        ("bant_weight_t", "weight_t")):
        setting(name, parse.parse_amount, bant, field)
    setting("bant_horizon_days", parse.parse_int, bant, "horizon_days")

    if "pipeline" in sections:
        _, cols, rows = sections["pipeline"]
        stages = []
        for r in rows:
            numbers: dict[str, Any] = {}
            for name, parser, default in (("probability", parse.parse_percent, 0.0),
                                          ("rotting_days", parse.parse_int, 0),
                                          ("follow_up_factor", parse.parse_number, 1.0)):
                try:
                    numbers[name] = parser(cell(r, cols, name)) or default
                except ValueError as exc:  # named at its own cell, not at the stage key's
                    problems.append(Problem(
                        sheet, r, cols.get(name, 0), name, cell(r, cols, name), str(exc), file,
                        exc.msg if isinstance(exc, parse.ParseError) else None))
            if len(numbers) < 3:
                continue
            key = str(cell(r, cols, "key") or "").strip()
            try:
                stages.append(Stage(
                    key=key,
                    en=str(cell(r, cols, "en") or cell(r, cols, "key") or "").strip(),
                    ko=str(cell(r, cols, "ko") or cell(r, cols, "en") or "").strip(),
                    type=_STAGE_TYPE_KEYS.get(  # type: ignore[arg-type]
                        normalize_header(str(cell(r, cols, "type") or "open")),
                        str(cell(r, cols, "type") or "open").strip().lower()),
                    gates=_split(cell(r, cols, "gates")),
                    synonyms=_split(cell(r, cols, "synonyms")),
                    **numbers,
                ))
            except ValidationError as exc:
                error = exc.errors()[0]
                name = str(error["loc"][0]) if error["loc"] else "key"
                name = name if name in cols else "key"
                msg = (Msg("is not a valid stage: {detail}", {"detail": _detail(error)})
                       if name == "key" else
                       Msg("is not valid in stage {stage!r}: {detail}",
                           {"stage": key, "detail": _detail(error)}))
                problems.append(Problem(sheet, r, cols.get(name, 0), name, cell(r, cols, name),
                                        msg.text("en"), file, msg))
        update["stages"] = tuple(stages)
    else:
        defaults_used.append("pipeline")

    if "tiers" in sections:
        _, cols, rows = sections["tiers"]
        tiers = []
        for r in rows:
            try:
                tiers.append(Tier(tier=str(cell(r, cols, "tier") or "").strip(),
                                  cadence_days=parse.parse_int(cell(r, cols, "cadence_days")) or 0,
                                  channel=str(cell(r, cols, "channel") or "").strip()))
            except (ValidationError, ValueError):
                bad(r, cols, "cadence_days", cell(r, cols, "cadence_days"),
                    Msg("is not a valid tier cadence (a whole number of days above 0)"))
        update["tiers"] = tuple(tiers)
    else:
        defaults_used.append("tiers")

    if "holidays" in sections:
        _, cols, rows = sections["holidays"]
        days: list[dt.date] = []
        for r in rows:
            try:
                d = parse.parse_date(cell(r, cols, "date"))
            except ValueError as exc:
                bad(r, cols, "date", cell(r, cols, "date"),
                    exc.msg if isinstance(exc, parse.ParseError) else Msg(str(exc)))
                continue
            if d is not None:
                days.append(d)
        update["extra_holidays"] = tuple(days)

    categories: dict[str, tuple[Word, ...]] = {}
    for key in LIST_SECTIONS:
        if key not in sections:
            continue  # a workbook made before the lists existed: the defaults
        _, cols, rows = sections[key]
        words = []
        for r in rows:
            word_key = str(cell(r, cols, "key") or cell(r, cols, "en") or "").strip()
            en = str(cell(r, cols, "en") or word_key).strip()
            ko = str(cell(r, cols, "ko") or en).strip()
            if word_key:
                words.append(Word(word_key, en, ko, _split(cell(r, cols, "synonyms"))))
        categories[key] = tuple(words)
    if categories:
        update["categories"] = {**base.categories, **categories}

    if problems:
        lines = Joined([Pair(f"  {p.where}: {p.column} {p.value!r} {p.text('en')}",
                             f"  {p.where}: {_label(p.column, 'ko')} {p.value!r} {p.text('ko')}")
                        for p in problems], "\n")
        if file:
            raise WorkbookError("{file}: the Config sheet has {n} wrong value(s):\n{lines}",
                                file=file, n=len(problems), lines=lines)
        raise WorkbookError("the Config sheet has {n} wrong value(s):\n{lines}",
                            n=len(problems), lines=lines)
    try:
        merged = base.model_dump()
        merged.update(update)
        merged["bant"] = BantRules(**{**base.bant.model_dump(), **bant})
        merged["defaults_used"] = tuple(defaults_used)
        return Config.model_validate(merged)
    except ValidationError as exc:
        detail = Joined([_detail(e) for e in exc.errors()], "; ")
        if file:
            raise WorkbookError("{file}: the {sheet} sheet is not a valid configuration: "
                                "{detail}. Fix the sheet or delete it to use the defaults.",
                                file=file, sheet=sheet, detail=detail) from None
        raise WorkbookError("the {sheet} sheet is not a valid configuration: {detail}. Fix the "
                            "sheet or delete it to use the defaults.", sheet=sheet,
                            detail=detail) from None


def _detail(error: Any) -> Pair:
    """What pydantic found wrong with a value: its English as pydantic says it, and Korean.

    Example:
        >>> from pydantic import ValidationError
        >>> try:
        ...     Stage(key="Offer!", en="Offer", ko="제안", probability=0.5)
        ... except ValidationError as exc:
        ...     print(_detail(exc.errors()[0]).ko)
        영문 소문자로 시작하고 영문 소문자, 숫자, _만 써야 합니다
    """
    en = str(error["msg"])
    cause = (error.get("ctx") or {}).get("error")
    if isinstance(cause, parse.ParseError):  # salesxl's own rule, in the catalogue
        return Pair(en, cause.text("ko"))
    kind, field = error.get("type", ""), (error.get("loc") or ("",))[0]
    if field == "probability":
        return Pair(en, tr("is not between 0% and 100%", "ko"))
    if field == "type" and kind == "literal_error":
        return Pair(en, tr("must be one of: {words}", "ko",
                           words=", ".join(_STAGE_TYPES.values())))
    ko = {"string_pattern_mismatch": tr("must start with a lowercase letter and hold only "
                                        "lowercase letters, digits and _", "ko"),
          "literal_error": tr("must be one of: {words}", "ko",
                              words=(error.get("ctx") or {}).get("expected", "")),
          "greater_than_equal": tr("must be {n} or more", "ko",
                                   n=(error.get("ctx") or {}).get("ge", "")),
          "greater_than": tr("must be more than {n}", "ko",
                             n=(error.get("ctx") or {}).get("gt", "")),
          }.get(kind)
    return Pair(en, ko or en)


_LABELS = {key: (en, ko) for headers in (SETTINGS_HEADERS, PIPELINE_HEADERS, TIER_HEADERS,
                                         HOLIDAY_HEADERS) for key, en, ko in headers}


def _label(key: str, lang: str) -> str:
    """A setting or column of the Config sheet as the sheet names it in `lang`.

    Example:
        >>> _label("work_week", "ko"), _label("cadence_days", "ko"), _label("cadence_days", "en")
        ('근무일', '연락 주기(일)', 'cadence_days')
    """
    if lang != "ko":
        return key
    if key in SETTING_NAMES:
        return SETTING_NAMES[key][1]
    return _LABELS.get(key, (key, key))[1]


def _split(value: Any) -> tuple[str, ...]:
    if parse.is_blank(value):
        return ()
    return tuple(p.strip() for p in str(value).replace(";", ",").split(",") if p.strip())


def _parse_language(value: Any) -> str:
    lang = str(value).strip().lower()[:2]
    if lang not in ("ko", "en"):
        raise parse.ParseError("is not a language salesxl writes (write ko or en)")
    return lang


def _parse_forecast_probability(value: Any) -> str:
    text = normalize_header(str(value))
    for key, words in (("stage", ("stage", "단계", "단계 확률", "stage default")),
                       ("learned", ("learned", "학습", "예측", "예측 수주 확률", "predicted"))):
        if text in {normalize_header(w) for w in words}:
            return key
    raise parse.ParseError("is not a forecast probability: write stage (the stage default or "
                           "the rep's own) or learned (the win probability of salesxl score)")


def _parse_work_week(value: Any) -> tuple[int, ...]:
    names = {w: i for i, pair in enumerate(WEEKDAYS) for w in pair}
    days = []
    for part in _split(value):
        key = part.strip().lower()[:3]
        key = key if key in names else part.strip()[:1]
        if key not in names:
            raise parse.ParseError("is not a list of weekdays (write Mon,Tue,Wed,Thu,Fri or "
                                   "월,화,수,목,금)")
        days.append(names[key])
    return tuple(sorted(set(days)))


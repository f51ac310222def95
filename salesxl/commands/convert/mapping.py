"""Which Leads column each legacy header means, how sure salesxl is, and mapping files.

A header is matched in this order (the first rule that applies decides):

1. **mapping file** — an entry for this file (or for ``"*"``) in the ``--mapping`` file:
   ``{file-or-"*": {header: column_key | null}}``; ``null`` keeps the column in the Extra
   sheet. Confidence 100.
2. **label** — the schema's key, English or Korean label or a synonym, after
   :func:`~salesxl.core.schema.normalize_header` (case, spaces, punctuation and unit hints such as
   ``(원)`` ignored). Confidence 100. A trailing note in brackets is dropped if the rest is a
   label: ``예산(만원)`` is ``budget_amount`` and its plain numbers are multiplied by 10,000
   (confidence 100, the unit is reported); ``회사명 (필수)`` is ``company`` (confidence 95).
3. **fuzzy** — rapidfuzz's ``ratio`` between the normalised header and every name of every
   Leads column (a header ending in a whole column name, such as ``Customer E-mail`` or
   ``고객 연락처``, scores 70 + 30 x the share of the header that name covers). The best
   column's score is the confidence:

   * >= 90 (``HIGH``): used, and listed in the report;
   * 70-89 (``LOW``): **low confidence**: used, shown on screen and in the report; under
     ``--strict`` the file is stopped instead;
   * < 70: **unmapped**: the column goes to the Extra sheet, nothing is guessed;
   * two columns within 5 points (``MARGIN``) of each other: **ambiguous**: never guessed,
     the column goes to the Extra sheet and is shown (and stops the file under ``--strict``).

A second header meaning a column already claimed by an earlier or stronger match (two
"Phone" columns; ``Compnay`` beside ``회사명``) goes to the Extra sheet as a **duplicate**:
the next-best column is never taken instead, which would be a guess.
``weighted_amount`` is computed by a formula in the team workbook and is never a target: a
legacy "weighted amount" column (any of its names) is kept in the Extra sheet as
**computed**, rather than fuzzy-matched to ``deal_amount``.

Example:
    >>> m = Mapper().assign({0: ("고객사",), 1: ("Amt",), 2: ("Customer E-mail",), 3: ("Owner's memo",)})
    >>> [(x.key, x.confidence, x.how) for x in m.values()]
    [('company', 100, 'label'), ('deal_amount', 100, 'label'), ('email', 81, 'low confidence'), ('notes', 82, 'low confidence')]
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from salesxl.core.errors import UsageError
from salesxl.core.messages import readable, tr
from salesxl.core.schema import LEADS, normalize_header
from salesxl.io.parts.atomic import temp_path

HIGH = 90
LOW = 70
MARGIN = 5
ANY_FILE = "*"

TARGETS = tuple(c for c in LEADS.columns if not c.formula)
TARGET_KEYS = frozenset(c.key for c in TARGETS)
YESNO_KEYS = frozenset(c.key for c in TARGETS if c.type == "yesno")
# Korean legacy spellings of the same word: 여부/유무 (yes/no), 예정일/예정일자/일자 (dates)
_VARIANTS = (("여부", "유무"), ("유무", "여부"), ("예정일", "예정일자"), ("일자", "일"),
             ("일", "일자"))


def _variants(norm: str) -> list[str]:
    return [norm[: -len(a)] + b for a, b in _VARIANTS if norm.endswith(a) and len(norm) > len(a)]


_NAME_KEYS: dict[str, str] = {}
for _col in TARGETS:
    for _name in _col.names():
        _NAME_KEYS.setdefault(normalize_header(_name), _col.key)
for _norm, _key in list(_NAME_KEYS.items()):
    for _variant in _variants(_norm):
        _NAME_KEYS.setdefault(_variant, _key)
EXACT_ONLY = frozenset({"customer_id", "referred_by_id"})
"""Link columns salesxl keeps (IDs of other rows): matched by their exact names, never by a
fuzzy guess ("Customer E-mail" is not "Customer ID")."""
_NAMES = tuple(n for n, k in _NAME_KEYS.items() if n and k not in EXACT_ONLY)
_COMPUTED: dict[str, str] = {normalize_header(n): c.key for c in LEADS.columns if c.formula
                             for n in c.names()}

_NOTE = re.compile(r"^(.*?)\s*[(\[（［【<]\s*(?:단위\s*[:：]?|unit\s*[:：]?)?\s*([^)\]）］】>]*?)\s*"
                   r"[)\]）］】>]\s*$", re.IGNORECASE)
UNIT_FACTORS: dict[str, float] = {
    "원": 1, "krw": 1, "천원": 1e3, "천": 1e3, "k": 1e3, "krw000": 1e3, "000": 1e3,
    "만원": 1e4, "만": 1e4, "십만원": 1e5, "백만원": 1e6, "백만": 1e6, "m": 1e6, "mn": 1e6,
    "천만원": 1e7, "억원": 1e8, "억": 1e8,
}  # fmt: skip


@dataclass(frozen=True)
class Match:
    """What one header was matched to.

    Attributes:
        header: the header text that decided (for a two-row header, the combined text).
        key: the Leads column key, or None: the column goes to the Extra sheet.
        confidence: 0-100; 100 for the mapping file and labels.
        how: ``mapping file``, ``label``, ``fuzzy``, ``low confidence``, ``ambiguous``,
            ``unmapped``, ``duplicate``, ``computed`` (a formula column such as
            ``weighted_amount``) or ``row numbers`` (a lead-ID column counting rows).
        alternatives: the best (key, score) candidates, for the report.
        unit: multiplier for plain numbers of an amount column (``(만원)`` -> 10,000).
    """

    header: str
    key: str | None
    confidence: int
    how: str
    alternatives: tuple[tuple[str, int], ...] = ()
    unit: float = 1.0

    @property
    def doubtful(self) -> bool:
        """True for the matches ``--strict`` refuses: low confidence and ambiguous."""
        return self.how in ("low confidence", "ambiguous")

    def describe(self, lang: str = "en") -> str:
        """A short account for the report and the mapping file, in `lang`.

        Example:
            >>> Match("Amt", "deal_amount", 100, "label").describe()
            'label 100'
            >>> Match("고객사명", None, 85, "ambiguous", (("company", 85), ("contact_name", 85))).describe()
            'ambiguous: company 85 or contact_name 85'
            >>> Match("고객사명", None, 85, "ambiguous", (("company", 85), ("contact_name", 85))).describe("ko")
            '모호함: 고객사명 85 또는 고객 담당자 85'
        """
        def name(key: str) -> str:
            return LEADS.column(key).label(lang) if lang == "ko" and LEADS.has(key) else key

        alts = [f"{name(k)} {s}" for k, s in self.alternatives if k != self.key][:2]
        first = name(self.alternatives[0][0]) if self.alternatives else None
        if self.how == "ambiguous":
            return tr("ambiguous: {choices}", lang, choices=tr(" or ", lang).join(alts))
        if self.how == "duplicate":
            return tr("duplicate of {column}: an earlier column already holds it", lang,
                      column=first or tr("the column", lang))
        if self.how == "computed":
            return tr("{column} is computed by a formula in the team workbook: the legacy values "
                      "are kept in Extra", lang, column=first or tr("the column", lang))
        if self.how == "row numbers":
            return tr("row numbers 1, 2, 3..., not lead IDs: kept in Extra", lang)
        if self.how == "unmapped":
            return (tr("unmapped (best: {best})", lang, best=alts[0]) if alts
                    else tr("unmapped", lang))
        text = f"{how_text(self.how, lang)} {self.confidence}"
        if self.unit != 1:
            text += tr(", numbers x{unit:,.0f}", lang, unit=self.unit)
        if alts and self.how in ("fuzzy", "low confidence"):
            text += tr(" (next: {best})", lang, best=alts[0])
        return text


def how_text(how: str, lang: str) -> str:
    """How a header was matched, in `lang` (``label`` -> ``표준 열 이름``).

    Example:
        >>> how_text("fuzzy", "ko"), how_text("fuzzy", "en")
        ('유사 일치', 'fuzzy')
    """
    if lang != "ko":
        return how
    return {"mapping file": tr("mapping file", lang), "label": tr("label", lang),
            "fuzzy": tr("fuzzy", lang), "low confidence": tr("low confidence", lang),
            "ambiguous": tr("ambiguous", lang), "unmapped": tr("unmapped", lang),
            "duplicate": tr("duplicate", lang), "computed": tr("computed", lang),
            "row numbers": tr("row numbers", lang)}.get(how, how)


def split_note(text: str) -> tuple[str, str | None]:
    """Split a trailing bracketed note off a header: ``예산(만원)`` -> ``('예산', '만원')``.

    Example:
        >>> split_note("Budget [unit: K]"), split_note("Budget")
        (('Budget', 'K'), ('Budget', None))
    """
    m = _NOTE.match(text.strip())
    if not m or not m.group(1):
        return text.strip(), None
    return m.group(1), m.group(2)


def unit_factor(header: str) -> float:
    """The multiplier a header's unit note asks for: ``금액(천원)`` -> 1000.0; else 1.0.

    Example:
        >>> unit_factor("예산 (단위: 만원)"), unit_factor("Amount (K)"), unit_factor("Amount")
        (10000.0, 1000.0, 1.0)
    """
    _base, note = split_note(header)
    if note is None:
        return 1.0
    return float(UNIT_FACTORS.get(normalize_header(note), 1.0))


def is_yesno_header(text: str) -> bool:
    """A header asking a yes/no question: ``결정권자여부``, ``예산 확보 유무``, ``Is DM``, ``KP?``.

    Example:
        >>> is_yesno_header("결정권자 여부"), is_yesno_header("Is decision maker"), is_yesno_header("예산")
        (True, True, False)
    """
    norm = normalize_header(text)
    return (norm.endswith(("여부", "유무")) or text.strip().endswith("?")
            or text.strip().casefold().startswith(("is ", "has ")))


def _is_hangul(text: str) -> bool:
    return any("가" <= ch <= "힣" for ch in text)


# names a header may end in to count as that column: 2+ Hangul syllables or 4+ letters
_SUFFIX_NAMES = tuple((n, k) for n, k in _NAME_KEYS.items()
                      if len(n) >= (2 if _is_hangul(n) else 4) and k not in EXACT_ONLY)


@lru_cache(maxsize=16384)
def fuzzy_scores(norm: str) -> tuple[tuple[str, int], ...]:
    """Best fuzzy score per Leads column for a normalised header, highest first.

    Example:
        >>> fuzzy_scores("compnay")[0]
        ('company', 85)
    """
    if not norm or len(norm) > 60:
        return ()
    best: dict[str, float] = {}
    for name, score, _ in process.extract(norm, _NAMES, scorer=fuzz.ratio, limit=None,
                                          score_cutoff=50):
        key = _NAME_KEYS[name]
        best[key] = max(best.get(key, 0.0), score)
    for name, key in _SUFFIX_NAMES:
        if len(norm) > len(name) and norm.endswith(name):
            best[key] = max(best.get(key, 0.0), LOW + (100 - LOW) * len(name) / len(norm))
    ranked = sorted(((k, int(s)) for k, s in best.items()), key=lambda ks: (-ks[1], ks[0]))
    return tuple(ranked)


_SUFFIXES = frozenset(name for name, _key in _SUFFIX_NAMES)


@lru_cache(maxsize=16384)
def may_be_sure(norm: str) -> bool:
    """Whether `fuzzy_scores` could rank some column at `HIGH` or more for this normalised
    text: an upper bound that is cheap to check (only names of about its length are scored),
    so the header search can pass over data rows that cannot beat the best header row.

    Example:
        >>> may_be_sure("companyname"), may_be_sure("한빛소프트12")
        (True, False)
    """
    if not norm or len(norm) > 60:
        return False
    if process.extractOne(norm, _NAMES, scorer=fuzz.ratio, score_cutoff=HIGH) is not None:
        return True
    n = len(norm)  # a name it ends in: the suffix score of `fuzzy_scores`, per suffix length
    return any(norm[-size:] in _SUFFIXES and LOW + (100 - LOW) * size / n >= HIGH
               for size in range(n - 1, 0, -1))


class Mapper:
    """Matches the headers of one file, with that file's mapping-file entries applied.

    Args:
        overrides: header text -> column key or None, from the mapping file (this file's
            section over the ``"*"`` section).

    Raises:
        UsageError: an override names a column that does not exist.
    """

    def __init__(self, overrides: Mapping[str, str | None] | None = None):
        self.overrides: dict[str, str | None] = {}
        for header, key in (overrides or {}).items():
            self.overrides[normalize_header(str(header))] = key
        self._exact: dict[str, Match | None] = {}  # the header search asks about a cell
        # several times, and the words of a column (stages, regions) repeat down the sheet

    def exact(self, text: str) -> Match | None:
        """The mapping-file or label match of one header text, or None.

        Example:
            >>> Mapper().exact("예산(만원)")
            Match(header='예산(만원)', key='budget_amount', confidence=100, how='label', alternatives=(), unit=10000.0)
        """
        try:
            return self._exact[text]
        except KeyError:
            pass
        found = self._exact[text] = self._exact_match(text)
        return found

    def _exact_match(self, text: str) -> Match | None:
        norm = normalize_header(text)
        if not norm:
            return None
        if norm in self.overrides:
            key = self.overrides[norm]
            return Match(text, key, 100, "mapping file", unit=self._unit(key, text))
        if norm in _NAME_KEYS:
            return Match(text, _NAME_KEYS[norm], 100, "label")
        if norm in _COMPUTED:
            return Match(text, None, 100, "computed", ((_COMPUTED[norm], 100),))
        base, note = split_note(text)
        if note is not None:
            nb = normalize_header(base)
            key = self.overrides.get(nb) if nb in self.overrides else _NAME_KEYS.get(nb)
            if key is not None:
                unit = self._unit(key, text)
                how = "mapping file" if nb in self.overrides else "label"
                return Match(text, key, 100 if unit != 1 or how != "label" else 95, how,
                             unit=unit)
        return None

    def best_possible(self, columns: Mapping[int, Sequence[str]]) -> tuple[int, int]:
        """An upper bound of what `assign` can score for these columns: (columns that may
        match with confidence >= `HIGH`, columns with a text), each column one key at most."""
        sure = 0
        for texts in columns.values():
            if any(self.exact(t) is not None or may_be_sure(normalize_header(t))
                   for t in texts if t):
                sure += 1
        return sure, sum(1 for texts in columns.values() if any(texts))

    @staticmethod
    def _unit(key: str | None, header: str) -> float:
        if key is None or LEADS.column(key).type != "amount":
            return 1.0
        return unit_factor(header)

    def assign(self, columns: Mapping[int, Sequence[str]]) -> dict[int, Match]:
        """Match a sheet's header columns at once, each column key used at most once.

        Args:
            columns: column index -> candidate header texts, most specific first (for a
                two-row header: the combined text, then the lower, then the upper cell);
                the first is the text shown when nothing matches.

        Returns:
            column index -> :class:`Match`, in column order.
        """
        out: dict[int, Match] = {}
        taken: set[str] = set()
        pending: list[int] = []
        for c in sorted(columns):
            texts = [t for t in columns[c] if t]
            m = next((x for x in map(self.exact, texts) if x is not None), None)
            if m is None:
                pending.append(c)
            elif m.key is not None and m.key in taken:
                out[c] = Match(m.header, None, m.confidence, "duplicate", ((m.key, m.confidence),))
            else:
                out[c] = m
                if m.key is not None:
                    taken.add(m.key)
        scored = []
        for c in pending:
            best: dict[str, int] = {}
            for text in columns[c]:
                for key, score in fuzzy_scores(normalize_header(text)):
                    best[key] = max(best.get(key, 0), score)
            ranked = sorted(best.items(), key=lambda ks: (-ks[1], ks[0]))
            scored.append((ranked[0][1] if ranked else 0, c, ranked))
        for _top, c, ranked in sorted(scored, key=lambda t: (-t[0], t[1])):
            out[c] = m = self._fuzzy(columns[c][0], ranked, taken)
            if m.key is not None:
                taken.add(m.key)
        return dict(sorted(out.items()))

    def _fuzzy(self, header: str, ranked: list[tuple[str, int]], taken: set[str]) -> Match:
        if is_yesno_header(header):  # 여부/유무, "is ...", "...?": a yes/no column, if one fits
            yesno = [(k, sc) for k, sc in ranked if k in YESNO_KEYS and sc >= LOW]
            if yesno:
                ranked = yesno + [(k, sc) for k, sc in ranked if k not in YESNO_KEYS]
                ranked = [ranked[0]] + [(k, sc) for k, sc in ranked[1:]
                                        if k in YESNO_KEYS or sc > ranked[0][1]]
        alts = tuple(ranked[:3])
        if not ranked or ranked[0][1] < LOW:
            return Match(header, None, ranked[0][1] if ranked else 0, "unmapped", alts)
        key, score = ranked[0]
        if len(ranked) > 1 and ranked[1][1] >= LOW and score - ranked[1][1] < MARGIN:
            return Match(header, None, score, "ambiguous", alts)
        if key in taken:  # "Compnay name" beside "회사명": not a second company column
            return Match(header, None, score, "duplicate", alts)
        how = "fuzzy" if score >= HIGH else "low confidence"
        return Match(header, key, score, how, alts, unit=self._unit(key, header))


# --- mapping files ------------------------------------------------------------------------

MappingSpec = dict[str, dict[str, str | None]]


def load_mapping(path: str | Path) -> MappingSpec:
    """Read a mapping file (YAML, or JSON when it ends in ``.json``).

    Raises:
        UsageError: the file is unreadable, not a mapping of mappings, or names a column
            that does not exist; the message names the entry and lists the columns.

    Example:
        >>> load_mapping("mapping.yaml")  # doctest: +SKIP
        {'*': {'Amt': 'deal_amount'}, '2019_영업관리.csv': {'비고': None}}
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
        if p.suffix.lower() == ".json":
            data: Any = json.loads(text)
        else:
            import yaml

            data = yaml.safe_load(text)
    except (OSError, ValueError) as exc:
        raise UsageError("{path}: cannot read the mapping file ({detail})", path=p,
                         detail=exc) from None
    except Exception as exc:  # yaml.YAMLError
        raise UsageError("{path}: the mapping file is not valid YAML ({detail})", path=p,
                         detail=exc) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError("{path}: a mapping file holds {shape}", path=p,
                         shape='{file or "*": {header: column key}}')
    spec: MappingSpec = {}
    for file, section in data.items():
        if section is None:
            section = {}
        if not isinstance(section, dict):
            raise UsageError("{path}: entry {entry!r} must map header texts to column keys",
                             path=p, entry=file)
        for header, key in section.items():
            if key is not None and key not in TARGET_KEYS:
                raise UsageError(
                    "{path}: {file}: header {header!r} maps to {key!r}, which is not a Leads "
                    "column; use null (Extra sheet) or one of: {allowed}", path=p, file=file,
                    header=header, key=key, allowed=", ".join(sorted(TARGET_KEYS)))
        spec[str(file)] = {str(h): (None if k is None else str(k)) for h, k in section.items()}
    return spec


def overrides_for(spec: MappingSpec, name: str) -> dict[str, str | None]:
    """The entries that apply to file ``name``: ``"*"``, then its file name, then its path.

    Example:
        >>> overrides_for({"*": {"A": "company"}, "b.csv": {"A": None}}, "old/b.csv")
        {'A': None}
    """
    out = dict(spec.get(ANY_FILE, {}))
    for key in (Path(name).name, name):  # as written (a name that is not UTF-8 readably)
        out.update(spec.get(readable(key), {}))
        out.update(spec.get(key, {}))
    return out


Decision = tuple[str, str | None, str]  # header, column key or None, comment


def mapping_section(decisions: Sequence[Decision]) -> dict[str, tuple[str | None, str]]:
    """header -> (key, comment) for one file, first decision per header text."""
    out: dict[str, tuple[str | None, str]] = {}
    for header, key, note in decisions:
        out.setdefault(header, (key, note))
    return out


def write_mapping(path: str | Path, sections: Mapping[str, Sequence[Decision]],
                  keep: MappingSpec | None = None, lang: str = "en") -> Path:
    """Write the mapping a run used: YAML with a comment per header, or JSON for ``.json``.

    Args:
        path: ``mapping.yaml`` (or ``mapping.json``).
        sections: display file name -> (header, column key or None, comment) per header,
            e.g. ``[(m.header, m.key, m.describe()) for m in matches]``.
        keep: the mapping file the run was given; its ``"*"`` section is written first.
        lang: the language of the YAML comments (the keys stay keys).
    """
    p = Path(path)
    star = dict((keep or {}).get(ANY_FILE, {}))
    if p.suffix.lower() == ".json":
        data: dict[str, Any] = {ANY_FILE: star} if star else {}
        for file, matches in sections.items():
            data[readable(file)] = {h: k for h, (k, _) in mapping_section(matches).items()}
        text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        lines = [
            "# " + tr("salesxl convert: the header mapping this run used.", lang),
            "# " + tr("header: column key, or null to keep the column in the Extra sheet. Edit "
                      "it and pass it back with --mapping FILE; a \"*\" section applies to every "
                      "file.", lang),
            "# " + tr("Column keys: {keys}", lang, keys=", ".join(
                c.key if lang != "ko" else f"{c.key} ({c.ko})" for c in TARGETS)),
        ]
        if star:
            lines.append(f"{_q(ANY_FILE)}:")
            lines += [f"  {_q(h)}: {k or 'null'}" for h, k in star.items()]
        for file, matches in sections.items():
            name = readable(file)  # UTF-8 text: a CP949 or Latin-1 file name as it reads
            lines.append(f"{_q(name)}:" if matches else f"{_q(name)}: {{}}")
            for header, (key, note) in mapping_section(matches).items():
                if key and lang == "ko" and LEADS.has(key):  # the key as a Korean team reads it
                    note = f"{LEADS.column(key).ko} · {note}"
                lines.append(f"  {_q(header)}: {key or 'null'}  # {note}")
        text = "\n".join(lines) + "\n"
    tmp = temp_path(p)
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(p)
    return p


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)

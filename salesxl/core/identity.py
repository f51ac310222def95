"""When two lead rows are the same lead: the one identity rule, for every command.

`salesxl consolidate` (many reps' workbooks into one) and `salesxl convert --into` (legacy
rows into an existing team workbook) both decide "same lead" here, and nowhere else.

A lead row's identity is up to four keys, each in a normal form so that the ways people type
the same thing meet:

- **e-mail**: spaces dropped, case folded (``" Kim@Example.COM"`` = ``"kim@example.com"``);
- **phone**: E.164 via ``phonenumbers`` (``010-1234-5678``, ``01012345678`` and
  ``+82 10-1234-5678`` are one number; the common Korean mobile forms take a fast path to the
  same E.164); a number phonenumbers rejects but that has 9 or more digits is kept as its
  digits. A number of 8 digits or fewer that phonenumbers does not accept — a local number
  without its area code, such as ``1234-5678`` — is **not** a key: the same digits are a
  different line in every city, so matching on them would merge strangers. (Nationwide
  numbers such as ``1588-1234`` are valid as they are and are keys.);
- **company + contact**: NFKC, case folded, legal forms dropped (``(주)``, ``㈜``,
  ``주식회사``, ``유한회사``, ``Co., Ltd.``, ``Inc.``, ``Ltd``, ``Corp.``, ``LLC``...), spaces and
  punctuation dropped: ``(주)한빛`` + ``김 철수`` = ``한빛 주식회사`` + ``김철수``; both parts needed;
- **lead ID + company**: the same lead ID on the same company is the same lead even when its
  contact changed.

Rows sharing any key are one customer; the groups are the connected sets (union-find), so
A-B by e-mail and B-C by phone make A, B and C one group.

Inside **one** workbook lead IDs are unique, so there the lead ID alone is also a key
(`lead_keys(..., ids_unique=True)`, used by ``convert --into``); across reps' workbooks two
reps may both number from ``R-0001``, so there an ID counts only with its company.

Example:
    >>> company_key("(주)한빛"), company_key("한빛 주식회사"), company_key("Blue Ocean Co., Ltd.")
    ('한빛', '한빛', 'blueocean')
    >>> groups([Identity(email="a@x.kr"), Identity(phone="+82101"), Identity(email="a@x.kr")])
    [[0, 2], [1]]
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from hashlib import blake2b
from typing import Any

import numpy as np

from salesxl.core.parse import normalize_email, normalize_phone, parse_text
from salesxl.core.rules.columns import map_distinct

KINDS = ("email", "phone", "name", "lead_company")

_KO_FORMS = re.compile(r"\(주\)|\(유\)|\(합\)|\(사\)|주식회사|유한회사|유한책임회사|합자회사|사단법인")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_EN_FORMS = frozenset({"co", "ltd", "inc", "corp", "corporation", "llc", "limited", "plc",
                       "gmbh", "incorporated", "company"})
_NON_DIGIT = re.compile(r"\D+")
_KR_MOBILE = re.compile(r"^(?:\+82[ -]?|0)10[ -]?(\d{4})[ -]?(\d{4})$")


@dataclass(frozen=True)
class Identity:
    """The normalised identity keys of one lead row (None where the row has no value)."""

    email: str | None = None
    phone: str | None = None
    company: str | None = None
    person: str | None = None
    lead_id: str | None = None

    def match_keys(self) -> list[tuple[str, str]]:
        """(kind, key) pairs this row can be matched by."""
        return _match_keys(self.email, self.phone, self.company, self.person, self.lead_id)


def _match_keys(email: str | None, phone: str | None, company: str | None,
                person: str | None, lead_id: str | None) -> list[tuple[str, str]]:
    """The one rule of which normalised keys match a row, strongest first."""
    out: list[tuple[str, str]] = []
    if email:
        out.append(("email", email))
    if phone:
        out.append(("phone", phone))
    if company and person:
        out.append(("name", f"{company}\x1f{person}"))
    if lead_id and company:
        out.append(("lead_company", f"{lead_id}\x1f{company}"))
    return out


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def email_key(value: Any) -> str | None:
    """Normal form of an e-mail address for matching; None when it is not one.

    Example:
        >>> email_key(" Kim.MS @Example.com "), email_key("none")
        ('kim.ms@example.com', None)
    """
    email = normalize_email(value)
    return email if email and "@" in email else None


@functools.lru_cache(maxsize=1 << 16)
def phone_key(value: Any, region: str = "KR") -> str | None:
    """Normal form of a phone number for matching (E.164), or its digits when unusual.

    Korean mobile numbers written the usual ways take a fast path to the E.164 form
    phonenumbers gives; a number phonenumbers rejects but that has 9 or more digits is
    matched by its digits (a leading country code 82 read as the trunk 0).

    Example:
        >>> phone_key("010-1234-5678") == phone_key("+82 10-1234-5678") == phone_key("01012345678")
        True
    """
    text = parse_text(value)
    if text is None:
        return None
    if region == "KR":
        m = _KR_MOBILE.match(text)
        if m:
            return f"+8210{m.group(1)}{m.group(2)}"
    e164 = normalize_phone(text, region)
    if e164:
        return e164
    digits = _NON_DIGIT.sub("", text)
    if digits.startswith("82") and len(digits) > 10:
        digits = "0" + digits[2:]
    return f"#{digits}" if len(digits) >= 9 else None


def company_key(value: Any) -> str | None:
    """A company name without legal form, case, spaces or punctuation."""
    text = parse_text(value)
    if text is None:
        return None
    folded = _KO_FORMS.sub(" ", _fold(text))
    words = [w for w in _WORD.findall(folded) if w not in _EN_FORMS]
    return "".join(words) or None


def person_key(value: Any) -> str | None:
    """A person's name without case, spaces or punctuation.

    Example:
        >>> person_key("김 철수") == person_key("김철수"), person_key(" Jamie  LEE ")
        (True, 'jamielee')
    """
    text = parse_text(value)
    if text is None:
        return None
    return "".join(_WORD.findall(_fold(text))) or None


@functools.lru_cache(maxsize=1 << 18)
def lead_id_key(value: Any) -> str | None:
    """A lead ID for matching: NFKC, trimmed, case folded."""
    text = parse_text(value)
    if text is None:
        return None
    return _fold(text).strip() or None


def identity(row: dict[str, Any], region: str = "KR") -> Identity:
    """The identity keys of a lead row of canonical values."""
    return Identity(
        email=email_key(row.get("email")),
        phone=phone_key(row.get("phone"), region),
        company=company_key(row.get("company")),
        person=person_key(row.get("contact_name")),
        lead_id=lead_id_key(row.get("lead_id")),
    )


def lead_keys(row: dict[str, Any], *, ids_unique: bool = False,
              region: str = "KR") -> list[tuple[str, str]]:
    """The (kind, key) pairs a lead row is matched by, strongest first.

    Args:
        row: canonical lead values.
        ids_unique: the rows come from one workbook, whose lead IDs are unique: the ID
            alone identifies a lead (kind ``id``, first).

    Example:
        >>> lead_keys({"lead_id": "R01-1", "email": " Kim@ACME.kr", "phone": "010-1234-5678"},
        ...           ids_unique=True)
        [('id', 'r01-1'), ('email', 'kim@acme.kr'), ('phone', '+821012345678')]
        >>> lead_keys({"phone": "1234-5678"})  # no area code: not a key
        []
    """
    ident = identity(row, region)
    keys = ident.match_keys()
    if ids_unique and ident.lead_id:
        keys.insert(0, ("id", ident.lead_id))
    return keys


def lead_keys_by_column(lead_id: Sequence[Any], email: Sequence[Any], phone: Sequence[Any],
                        company: Sequence[Any], contact_name: Sequence[Any], *,
                        ids_unique: bool = False, region: str = "KR"
                        ) -> list[list[tuple[str, str]]]:
    """`lead_keys` of many rows given column by column: each column normalised in one pass,
    without a row dict and an `Identity` per row (a summary of 100k leads).

    Example:
        >>> keys = lead_keys_by_column(["R01-1"], ["Kim@ACME.kr"], [None], ["(주)한빛"], ["김철수"],
        ...                            ids_unique=True)
        >>> [kind for kind, _ in keys[0]], keys[0][:2]
        (['id', 'email', 'name', 'lead_company'], [('id', 'r01-1'), ('email', 'kim@acme.kr')])
    """
    ids = [lead_id_key(v) for v in lead_id]
    companies, people = map_distinct(company, company_key), map_distinct(contact_name,
                                                                          person_key)
    out = []
    for i, e, p, c, n in zip(ids, map(email_key, email), (phone_key(v, region) for v in phone),
                             companies, people, strict=True):
        keys = _match_keys(e, p, c, n, i)
        if ids_unique and i:
            keys.insert(0, ("id", i))
        out.append(keys)
    return out


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:  # the smaller index stays the root: groups are named by their first row
            self.parent[max(ra, rb)] = min(ra, rb)


def groups(identities: Sequence[Identity]) -> list[list[int]]:
    """Rows (by position) grouped into customers; each group and the list in input order."""
    return groups_by_keys([ident.match_keys() for ident in identities])


def groups_by_keys(keys: Iterable[Sequence[tuple[str, str]]]) -> list[list[int]]:
    """Rows (by position) grouped by shared (kind, key) pairs, as `groups` groups identities:
    the connected sets, each in row order, in the order of their first row.

    For rows whose keys are not all identity keys of `Identity.match_keys`: the keys of
    `lead_keys(..., ids_unique=True)` (a lead ID alone identifies a lead inside one workbook),
    or a Customers row that names the lead it was opened for.

    `keys` is read once, row by row: a caller can make them a block of rows at a time. Each
    key is kept as a 16-byte BLAKE2 digest in one array, not as a string in a dict (a million
    leads have four million keys: 1.5 GB as strings and dict entries, 80 MB as digests); two
    different keys share a digest with a chance of about 2^-128 per pair.

    Example:
        >>> groups_by_keys([[("id", "l-1")], [("email", "a@x.kr")], [("id", "l-1"),
        ...                 ("email", "a@x.kr")], []])
        [[0, 1, 2], [3]]
    """
    return grouped(group_labels(keys))


def group_labels(keys: Iterable[Sequence[tuple[str, str]]]) -> np.ndarray:
    """Each row's group (`groups_by_keys`) named by its first row: a million rows' groups in
    one array instead of a million lists."""
    digests = bytearray()
    owners = array("q")
    n = 0
    for i, row_keys in enumerate(keys):
        n = i + 1
        for kind, key in row_keys:
            digests += blake2b(f"{kind}\x1f{key}".encode(), digest_size=16).digest()
            owners.append(i)
    pair = np.frombuffer(digests, dtype=np.uint64).reshape(-1, 2)
    rows = np.frombuffer(owners, dtype=np.int64)
    order = np.lexsort((rows, pair[:, 1], pair[:, 0]))  # by key, then row
    pair, rows = pair[order], rows[order]
    starts = np.ones(len(rows), dtype=bool)  # the first (lowest) row of each key
    starts[1:] = (pair[1:] != pair[:-1]).any(axis=1)
    first = rows[np.maximum.accumulate(np.where(starts, np.arange(len(rows)), 0))]
    shared = rows != first
    roots = np.arange(n, dtype=np.int64)
    if shared.any():
        uf = _UnionFind(n)
        for a, b in zip(rows[shared].tolist(), first[shared].tolist(), strict=True):
            uf.union(a, b)
        roots = np.array(uf.parent, dtype=np.int64)
        while True:  # each row to its root: the smallest row of its group
            up = roots[roots]
            if (up == roots).all():
                break
            roots = up
    return roots


def grouped(labels: np.ndarray, *, least: int = 1) -> list[list[int]]:
    """The groups of `group_labels` with at least `least` rows, each in row order, in the
    order of their first row.

    Example:
        >>> grouped(np.array([0, 1, 0, 3, 1])), grouped(np.array([0, 1, 0, 3]), least=2)
        ([[0, 2], [1, 4], [3]], [[0, 2]])
    """
    by_group = np.argsort(labels, kind="stable")  # by first row, then row
    starts = np.flatnonzero(np.diff(labels[by_group], prepend=-1))
    sizes = np.diff(starts, append=len(labels))
    members = by_group.tolist()
    return [members[a:a + size] for a, size in zip(starts.tolist(), sizes.tolist(), strict=True)
            if size >= least]


def shared_kinds(identities: Sequence[Identity], group: Sequence[int]) -> dict[int, list[str]]:
    """For each row of a group, the kinds of key it shares with another row of the group."""
    count: dict[tuple[str, str], int] = {}
    for i in group:
        for key in identities[i].match_keys():
            count[key] = count.get(key, 0) + 1
    return {i: sorted({kind for kind, key in identities[i].match_keys() if count[(kind, key)] > 1},
                      key=KINDS.index)
            for i in group}

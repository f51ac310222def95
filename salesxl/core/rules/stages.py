"""Pipeline stages: the order of a move, the gates into a stage, probability and staleness.

A pipeline (from Config) is its open stages in order, then the outcomes: **won** follows the
last open stage and **upgraded** follows won; **on hold** and **lost** are exits any open
stage may take. `move_kind` names a move: ``next`` (one step forward), ``exit`` (to on hold or
lost), ``resume`` (from on hold back to an open stage), ``skip`` or ``back`` (these need
``force``), ``same``. The last open stage may also close straight as **upgraded**: a new deal
of an existing customer that is an upsell (the gate ``from_won`` wants it linked to the
customer). The gates of the target stage (Config `Stage.gates`) must pass; each
gate is a vectorised mask over a DataFrame of leads, and `plan_move` explains a failure as
the cells to fill in (`salesxl.core.gates.Fix`), which the caller turns into A1 cells.

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> cfg = Config.default()
    >>> next_stage("proposal", cfg), move_kind("qualification", "proposal", cfg)
    ('closing', 'skip')
    >>> lead = pd.DataFrame({"lead_id": ["L-1"], "stage": ["closing"], "deal_amount": [None]})
    >>> move = plan_move(lead, "won", cfg, dt.date(2026, 11, 27))
    >>> move.ok, move.failures[0].gate, move.failures[0].fixes[0].column
    (False, 'deal_amount', 'deal_amount')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from salesxl.core.config import Config
from salesxl.core.gates import GATES, GateContext, GateFailure
from salesxl.core.messages import Msg
from salesxl.core.rules.businessdays import to_days
from salesxl.core.rules.columns import column

MoveKind = Literal["next", "skip", "back", "exit", "resume", "same"]
NEEDS_FORCE: frozenset[str] = frozenset(("skip", "back"))
EXITS = ("on_hold", "lost")  # stage types by which a lead leaves the ladder
SAME_PROBABILITY = 0.0005  # probabilities closer than this count as the stage's default


@dataclass(frozen=True)
class Move:
    """A planned stage change of one lead; `ok` tells whether it may be made."""

    lead_id: str | None
    from_stage: str | None
    to_stage: str
    kind: MoveKind
    forced: bool = False
    failures: tuple[GateFailure, ...] = ()  # gates that failed (passed over when forced)
    refusal: Msg | None = None  # why the move is refused regardless of gates (a skip...)

    @property
    def ok(self) -> bool:
        return not self.refusal and (self.forced or not self.failures)


# --- order -------------------------------------------------------------------------------
def _ladder(cfg: Config) -> list[str]:
    """Open stages in order, then won, then upgraded."""
    return [s.key for s in cfg.open_stages] + ["won", "upgraded"]


def stage_rank(key: str | None, cfg: Config) -> int | None:
    """Position on the ladder (-1 for a lead without a stage); None for on hold and lost.

    Example:
        >>> from salesxl.core.config import Config
        >>> cfg = Config.default("short")
        >>> [stage_rank(k, cfg) for k in (None, "lead", "proposal", "won", "lost")]
        [-1, 0, 2, 3, None]
    """
    if key is None:
        return -1
    ladder = _ladder(cfg)
    return ladder.index(key) if key in ladder else None


def next_stage(current: str | None, cfg: Config, resume_to: str | None = None) -> str | None:
    """The stage one step forward, or None when there is none to take without `--to`.

    A lead on hold resumes at `resume_to` (the stage it was in before, from History).

    Example:
        >>> from salesxl.core.config import Config
        >>> cfg = Config.default()
        >>> next_stage(None, cfg), next_stage("closing", cfg), next_stage("won", cfg)
        ('prospecting', 'won', 'upgraded')
        >>> next_stage("lost", cfg) is None
        True
    """
    if _type(current, cfg) == "on_hold":
        return resume_to
    rank = stage_rank(current, cfg)
    ladder = _ladder(cfg)
    if rank is None or rank + 1 >= len(ladder):
        return None
    return ladder[rank + 1]


def move_kind(current: str | None, target: str, cfg: Config) -> MoveKind:
    """Name the move from `current` to `target` (see the module docstring).

    Stages of type on_hold and lost (the outcomes on_hold and lost, and any a Config adds)
    are exits.

    Example:
        >>> from salesxl.core.config import Config
        >>> cfg = Config.default()
        >>> [move_kind("proposal", t, cfg) for t in ("closing", "won", "lost", "prospecting")]
        ['next', 'skip', 'exit', 'back']
        >>> move_kind("closing", "upgraded", cfg), move_kind("won", "upgraded", cfg)
        ('next', 'next')
    """
    if current == target:
        return "same"
    now_type, to_type = _type(current, cfg), _type(target, cfg)
    if now_type == "lost":
        return "back"  # reopening a lost deal
    if to_type in EXITS:
        return "exit" if now_type in (None, "open", "on_hold") else "back"  # won: a step back
    cur, new = stage_rank(current, cfg), stage_rank(target, cfg)
    if now_type == "on_hold":
        return "resume" if to_type == "open" else "skip"
    if cur is None or new is None:
        unknown = current if cur is None else target
        raise ValueError(f"{unknown!r} is not a stage of the {cfg.pipeline_name} pipeline")
    if new == cur + 1 or (target == "upgraded" and cur == new - 2 and now_type == "open"):
        return "next"  # the last open stage closes as won, or as an upsell of a customer
    return "skip" if new > cur else "back"


def _type(key: str | None, cfg: Config) -> str | None:
    """The stage type of `key` (None for a lead without a stage or an unknown key)."""
    if key is None:
        return None
    return next((s.type for s in cfg.stages if s.key == key), None)


# --- gates -------------------------------------------------------------------------------
def gate_mask(gate: str, leads: pd.DataFrame, cfg: Config, today: dt.date, *,
              activities: pd.DataFrame | None = None, objections: pd.DataFrame | None = None,
              invalid: Mapping[str, Any] | None = None) -> np.ndarray:
    """True for every lead (row of `leads`) that passes `gate`.

    Args:
        gate: a key of the gate registry (`salesxl.core.gates.GATES`).
        leads: canonical lead values (lead_id, stage, BANT inputs, deal_amount...).
        cfg: the Config.
        today: the day BANT timing is measured from.
        activities: canonical Activities rows (lead_id, type), for ``demo_logged``.
        objections: canonical Objections rows (lead_id, resolved), for ``objections_resolved``.
        invalid: per lead column, True where the cell could not be read.

    Example:
        >>> from salesxl.core.config import Config
        >>> leads = pd.DataFrame({"lead_id": ["A", "B"]})
        >>> obj = pd.DataFrame({"lead_id": ["A", "B"], "resolved": [True, False]})
        >>> gate_mask("objections_resolved", leads, Config.default(), dt.date(2026, 1, 5),
        ...           objections=obj).tolist()
        [True, False]
    """
    if gate not in GATES:
        raise KeyError(f"unknown gate {gate!r}; known gates: {', '.join(GATES)}")
    return GATES[gate].passes(GateContext(leads, cfg, today, activities, objections, invalid))


def can_advance(leads: pd.DataFrame, cfg: Config, today: dt.date, *,
                activities: pd.DataFrame | None = None, objections: pd.DataFrame | None = None,
                invalid: Mapping[str, Any] | None = None) -> pd.Series:
    """For every lead, whether `advance` (one step forward) would pass the gates today.

    Leads with no next stage (lost, upgraded, on hold) give False.
    """
    stages = column(leads, "stage").tolist()
    targets = [next_stage(s, cfg) for s in stages]
    ok = np.zeros(len(leads), dtype=bool)
    has_target = np.array([t is not None for t in targets], dtype=bool)
    ok[has_target] = True
    for stage in cfg.stages:
        rows = np.array([t == stage.key for t in targets], dtype=bool)
        for gate in stage.gates:
            if rows.any():
                ok[rows] &= gate_mask(gate, leads, cfg, today, activities=activities,
                                      objections=objections, invalid=invalid)[rows]
    return pd.Series(ok, index=leads.index, name="can_advance")


def plan_move(lead: pd.DataFrame, target: str | None, cfg: Config, today: dt.date, *,
              activities: pd.DataFrame | None = None, objections: pd.DataFrame | None = None,
              invalid: Mapping[str, Any] | None = None, force: bool = False,
              resume_to: str | None = None, customers: pd.DataFrame | None = None) -> Move:
    """Plan the move of the one lead in `lead` to `target` (None: the next stage).

    Nothing is refused by raising: the returned `Move` says whether it is `ok`, and if not,
    its `refusal` (order) or `failures` (gates, with the cells to fill in).

    Args:
        lead: a one-row frame of canonical values (its index label is used in `Fix.row`).
        target: a stage key, or None for one step forward.
        cfg: the Config (pipeline order and gates).
        today: the day BANT timing is measured from.
        activities: the lead's (or all) Activities rows.
        objections: the lead's (or all) Objections rows.
        invalid: per lead column, True where the cell could not be read.
        force: allow a skip or a backward move and pass over failing gates.
        resume_to: where a lead on hold resumes without `target` (from History).
        customers: the Customers rows (customer_id), for ``from_won``: the customer the lead
            names must exist.

    Raises:
        ValueError: the lead's stage or `target` is not a stage of the Config pipeline.
    """
    if len(lead) != 1:
        raise ValueError(f"plan_move takes one lead, got {len(lead)} rows")
    current = column(lead, "stage").iloc[0]
    current = None if current is None or current != current else str(current)
    lead_id_raw = column(lead, "lead_id").iloc[0]
    lead_id = None if lead_id_raw is None else str(lead_id_raw)
    if target is None:
        target = next_stage(current, cfg, resume_to)
        if target is None:
            why = {"lost": "the deal is lost; reopen it with --to STAGE --force --reason TEXT",
                   "on_hold": "the lead is on hold and History does not say where it was; "
                              "give the stage it resumes at with --to STAGE",
                   "upgraded": "an upsell is the last stage; give --to STAGE to move it"}
            kind_of = current if current in why else _type(current, cfg) or ""
            return Move(lead_id, current, current or "", "same",
                        refusal=Msg(why.get(kind_of, "there is no next stage")))
    if target not in cfg.stage_keys:
        raise ValueError(f"{target!r} is not a stage of the {cfg.pipeline_name} pipeline")
    kind = move_kind(current, target, cfg)
    refusal = None
    if kind == "same":
        refusal = Msg("the lead is already in that stage")
    elif kind in NEEDS_FORCE and not force:
        refusal = Msg("moving backwards needs --force and --reason" if kind == "back"
                      else "skipping a stage needs --force and --reason")
    ctx = GateContext(lead, cfg, today, activities, objections, invalid, customers)
    failures = tuple(GATES[gate].explain(ctx) for gate in cfg.stage(target).gates
                     if not GATES[gate].passes(ctx)[0])
    return Move(lead_id, current, target, kind, forced=force, failures=failures, refusal=refusal)


# --- probability and staleness -----------------------------------------------------------
def probability_after(current: float | None, old_stage: str | None, new_stage: str,
                      cfg: Config) -> float | None:
    """The probability to write after a move, or None to keep the rep's own value.

    The probability follows the stage unless the rep overrode it, i.e. it differs from the
    old stage's default. Won and lost always take their stage's value (a fact, not a guess).

    Example:
        >>> from salesxl.core.config import Config
        >>> cfg = Config.default()
        >>> probability_after(0.4, "needs_assessment", "presentation", cfg)  # the default
        0.6
        >>> probability_after(0.55, "needs_assessment", "presentation", cfg) is None  # rep's
        True
    """
    new = cfg.stage(new_stage)
    if new.type in ("won", "lost") or current is None or current != current:
        return new.probability
    if old_stage is None or old_stage not in cfg.stage_keys:
        return None
    if abs(current - cfg.stage(old_stage).probability) < SAME_PROBABILITY:
        return new.probability
    return None


def stale(leads: pd.DataFrame, cfg: Config, today: dt.date) -> pd.DataFrame:
    """Days each lead has sat in its stage, and whether that is past the stage's rotting days.

    The stage started on ``stage_updated_on`` (else ``created_on``); a stage whose rotting
    days are 0 never goes stale.

    Example:
        >>> from salesxl.core.config import Config
        >>> leads = pd.DataFrame({"stage": ["proposal", "won"],
        ...                       "stage_updated_on": [dt.date(2026, 10, 1)] * 2})
        >>> stale(leads, Config.default(), dt.date(2026, 11, 27)).to_dict("list")
        {'days_in_stage': [57, 57], 'stale': [True, False]}
    """
    since = to_days(column(leads, "stage_updated_on"))
    created = to_days(column(leads, "created_on"))
    since = np.where(np.isnat(since), created, since)
    days = (np.datetime64(today, "D") - since).astype("timedelta64[D]")
    idle = np.where(np.isnat(days), -1, days.astype(np.int64))
    rot_by_key = {s.key: s.rotting_days for s in cfg.stages}
    rot = np.array([rot_by_key.get(s, 0) if isinstance(s, str) else 0
                    for s in column(leads, "stage")], dtype=np.int64)
    days_in_stage = pd.array([None if d < 0 else int(d) for d in idle], dtype="Int64")
    return pd.DataFrame({"days_in_stage": days_in_stage, "stale": (rot > 0) & (idle > rot)},
                        index=leads.index)

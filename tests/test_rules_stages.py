"""Stage rules: order of moves, every gate, move plans, probability, staleness, properties."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salesxl.core.config import Config
from salesxl.core.gates import Fix, GateFailure
from salesxl.core.messages import Msg, Pair
from salesxl.core.rules.stages import (
    Move,
    can_advance,
    gate_mask,
    move_kind,
    next_stage,
    plan_move,
    probability_after,
    stage_rank,
    stale,
)

TODAY = dt.date(2026, 11, 27)
SEVEN = Config.default()
D = dt.date


@pytest.mark.parametrize(("pipeline", "chain"), [
    ("seven_step", [None, "prospecting", "qualification", "needs_assessment", "presentation",
                    "proposal", "closing", "won", "upgraded", None]),
    ("six_stage", [None, "find", "invite", "visit", "follow_up", "deal", "won", "upgraded",
                   None]),
    ("short", [None, "lead", "qualified", "proposal", "won", "upgraded", None]),
])
def test_next_stage_walks_each_pipeline(pipeline: str, chain: list[str | None]) -> None:
    cfg = Config.default(pipeline)
    for current, expected in itertools.pairwise(chain):
        assert next_stage(current, cfg) == expected


@pytest.mark.parametrize(("current", "resume_to", "expected"), [
    ("lost", None, None), ("on_hold", None, None), ("on_hold", "proposal", "proposal"),
])
def test_next_stage_of_exits(current: str, resume_to: str | None,
                             expected: str | None) -> None:
    assert next_stage(current, SEVEN, resume_to) == expected


@pytest.mark.parametrize(("current", "target", "kind"), [
    ("prospecting", "qualification", "next"),
    ("prospecting", "needs_assessment", "skip"),
    (None, "prospecting", "next"),
    (None, "qualification", "skip"),
    ("proposal", "qualification", "back"),
    ("proposal", "proposal", "same"),
    ("closing", "won", "next"),
    ("proposal", "won", "skip"),
    ("won", "upgraded", "next"),
    ("closing", "upgraded", "next"),  # a customer's new deal closes as an upsell
    ("proposal", "upgraded", "skip"),
    ("upgraded", "won", "back"),
    ("proposal", "lost", "exit"),
    ("prospecting", "on_hold", "exit"),
    (None, "lost", "exit"),
    ("on_hold", "lost", "exit"),
    ("on_hold", "proposal", "resume"),
    ("on_hold", "prospecting", "resume"),
    ("on_hold", "won", "skip"),
    ("won", "lost", "back"),
    ("won", "on_hold", "back"),
    ("lost", "prospecting", "back"),
    ("lost", "on_hold", "back"),
])
def test_move_kind(current: str | None, target: str, kind: str) -> None:
    assert move_kind(current, target, SEVEN) == kind


def test_stage_rank() -> None:
    assert [stage_rank(k, SEVEN) for k in (None, "prospecting", "closing", "won", "upgraded",
                                           "on_hold", "lost")] == [-1, 0, 5, 6, 7, None, None]


# --- gates -------------------------------------------------------------------------------
QUALIFIED = {"budget_amount": 5e6, "decision_maker": "박 대표", "need": "ERP",
             "decision_date": D(2027, 1, 15)}


def _lead(**values: Any) -> pd.DataFrame:
    return pd.DataFrame({"lead_id": ["R01-0001"], **{k: [v] for k, v in values.items()}},
                        index=[6], dtype=object)


def _rows(rows: list[dict[str, Any]]) -> pd.DataFrame:
    return pd.DataFrame(rows, dtype=object, index=range(1, len(rows) + 1))


@pytest.mark.parametrize(("gate", "lead", "others", "passes"), [
    ("bant_qualified", QUALIFIED, {}, True),
    ("bant_qualified", {**QUALIFIED, "decision_date": D(2027, 9, 1)}, {}, False),
    ("bant_qualified", {}, {}, False),
    ("need_and_decision_maker", {"need": "ERP", "decision_maker": "Kim"}, {}, True),
    ("need_and_decision_maker", {"need_level": "medium", "is_decision_maker": True}, {}, True),
    ("need_and_decision_maker", {"need": "ERP"}, {}, False),
    ("need_and_decision_maker", {"decision_maker": "Kim"}, {}, False),
    ("demo_logged", {}, {"activities": [{"lead_id": "R01-0001", "type": "demo"}]}, True),
    ("demo_logged", {}, {"activities": [{"lead_id": " r01-0001 ", "type": "demo"}]}, True),
    ("demo_logged", {}, {"activities": [{"lead_id": "R01-0001", "type": "call"}]}, False),
    ("demo_logged", {}, {"activities": [{"lead_id": "R01-0002", "type": "demo"}]}, False),
    ("demo_logged", {}, {}, False),
    ("objections_resolved", {}, {}, True),
    ("objections_resolved", {}, {"objections": [{"lead_id": "R01-0001", "resolved": True}]},
     True),
    ("objections_resolved", {}, {"objections": [{"lead_id": "R01-0001", "resolved": True},
                                                {"lead_id": "R01-0001", "resolved": False}]},
     False),
    ("objections_resolved", {}, {"objections": [{"lead_id": "R01-0001", "resolved": None}]},
     False),
    ("objections_resolved", {}, {"objections": [{"lead_id": "R01-0002", "resolved": False}]},
     True),
    ("deal_amount", {"deal_amount": 15_800_000.0}, {}, True),
    ("deal_amount", {"deal_amount": None}, {}, False),
    ("lost_reason", {"lost_reason": "가격"}, {}, True),
    ("lost_reason", {"lost_reason": "  "}, {}, False),
    ("lost_reason", {}, {}, False),
    ("resume_on", {"resume_on": D(2027, 1, 4)}, {}, True),
    ("resume_on", {"resume_on": None}, {}, False),
    # an upsell is linked to a customer (Customer ID), whatever its stage
    ("from_won", {"stage": "closing", "customer_id": "C-0001"}, {}, True),
    ("from_won", {"stage": "won", "customer_id": "C-0002"}, {}, True),
    ("from_won", {"stage": "won"}, {}, False),
    ("from_won", {"stage": "closing", "customer_id": "  "}, {}, False),
])
def test_gates(gate: str, lead: dict[str, Any], others: dict[str, list[dict[str, Any]]],
               passes: bool) -> None:
    acts = _rows(others["activities"]) if "activities" in others else None
    objs = _rows(others["objections"]) if "objections" in others else None
    got = gate_mask(gate, _lead(**lead), SEVEN, TODAY, activities=acts, objections=objs)
    assert got.tolist() == [passes]


def test_unknown_gate() -> None:
    with pytest.raises(KeyError, match="unknown gate"):
        gate_mask("nope", _lead(), SEVEN, TODAY)


@pytest.mark.parametrize(("pipeline", "current", "target", "gate"), [
    ("seven_step", "qualification", "needs_assessment", "bant_qualified"),
    ("seven_step", "needs_assessment", "presentation", "need_and_decision_maker"),
    ("seven_step", "presentation", "proposal", "demo_logged"),
    ("seven_step", "proposal", "closing", "objections_resolved"),
    ("seven_step", "closing", "won", "deal_amount"),
    ("seven_step", "closing", "lost", "lost_reason"),
    ("seven_step", "closing", "on_hold", "resume_on"),
    ("six_stage", "find", "invite", "bant_qualified"),
    ("six_stage", "visit", "follow_up", "need_and_decision_maker"),
    ("six_stage", "follow_up", "deal", "objections_resolved"),
    ("short", "lead", "qualified", "bant_qualified"),
    ("short", "proposal", "won", "deal_amount"),
])
def test_each_pipeline_gates_its_stages(pipeline: str, current: str, target: str,
                                        gate: str) -> None:
    cfg = Config.default(pipeline)
    objs = _rows([{"lead_id": "R01-0001", "resolved": False}])
    move = plan_move(_lead(stage=current), target, cfg, TODAY, objections=objs)
    assert not move.ok
    assert [f.gate for f in move.failures] == [gate]


def test_plan_names_the_cells_to_fill_in() -> None:
    objs = _rows([{"lead_id": "R01-0001", "resolved": False},
                  {"lead_id": "R01-0002", "resolved": False},
                  {"lead_id": "R01-0001", "resolved": None}])
    move = plan_move(_lead(stage="proposal"), None, SEVEN, TODAY, objections=objs)
    assert (move.to_stage, move.kind, move.ok) == ("closing", "next", False)
    assert [f.row for f in move.failures[0].fixes] == [1, 3]
    won = plan_move(_lead(stage="closing"), "won", SEVEN, TODAY)
    assert won.failures[0].fixes == (Fix("leads", "deal_amount", 6),)


def test_bant_failure_groups_alternatives() -> None:
    move = plan_move(_lead(stage="qualification", need="ERP", decision_date=D(2027, 1, 15)),
                     None, SEVEN, TODAY)
    groups = move.failures[0].groups
    assert [[f.column for f in g] for g in groups] == [
        ["budget_amount", "budget_confirmed"], ["is_decision_maker", "decision_maker"]]
    assert str(move.failures[0].reason) == "BANT is Partial (not met: B,A)"
    assert move.failures[0].reason.text("ko") == "BANT 부분 적격 (미충족: B,A)"


def test_bant_gate_reports_unreadable_cells() -> None:
    import numpy as np

    lead = _lead(stage="qualification", **{**QUALIFIED, "budget_amount": None})
    move = plan_move(lead, None, SEVEN, TODAY,
                     invalid={"budget_amount": np.array([True])})
    assert not move.ok
    assert move.failures[0].groups[0] == (Fix("leads", "budget_amount", 6,
                                              note=Msg("a value salesxl can read")),)


@pytest.mark.parametrize(("current", "target", "force", "ok", "refusal"), [
    ("qualification", "proposal", False, False, "skipping a stage needs --force and --reason"),
    ("proposal", "prospecting", False, False, "moving backwards needs --force and --reason"),
    ("qualification", "proposal", True, True, None),
    ("proposal", "proposal", True, False, "the lead is already in that stage"),
    ("lost", None, False, False, "the deal is lost; reopen it with --to STAGE --force --reason "
                                 "TEXT"),
    ("upgraded", None, False, False, "an upsell is the last stage; give --to STAGE to move it"),
])
def test_order_refusals(current: str, target: str | None, force: bool, ok: bool,
                        refusal: str) -> None:
    move = plan_move(_lead(stage=current, **QUALIFIED), target, SEVEN, TODAY, force=force)
    assert (move.ok, move.refusal and str(move.refusal)) == (ok, refusal)


def test_force_passes_over_failing_gates_but_records_them() -> None:
    move = plan_move(_lead(stage="closing"), "won", SEVEN, TODAY, force=True)
    assert move.ok and move.forced
    assert [f.gate for f in move.failures] == ["deal_amount"]


def test_can_advance_whole_column() -> None:
    leads = pd.DataFrame({
        "lead_id": ["A", "B", "C", "D", "E"],
        "stage": ["closing", "closing", "lost", "prospecting", "won"],
        "deal_amount": [1e6, None, 1e6, None, None],
        "customer_id": [None, None, None, None, "C-0001"],
    }, dtype=object)
    assert can_advance(leads, SEVEN, TODAY).tolist() == [True, False, False, True, True]
    # won -> upgraded needs the customer link
    leads.loc[4, "customer_id"] = None
    assert can_advance(leads, SEVEN, TODAY).tolist() == [True, False, False, True, False]


def test_upsell_gate_checks_the_customer_exists_when_customers_are_known() -> None:
    lead = _lead(stage="closing", customer_id="c-0002")
    known = pd.DataFrame({"customer_id": ["C-0001", "C-0002"]})
    assert plan_move(lead, "upgraded", SEVEN, TODAY, customers=known).ok
    gone = pd.DataFrame({"customer_id": ["C-0001"]})
    move = plan_move(lead, "upgraded", SEVEN, TODAY, customers=gone)
    assert move.kind == "next" and not move.ok
    [failure] = move.failures
    assert failure.gate == "from_won" and failure.fixes[0].column == "customer_id"


# --- probability and staleness -----------------------------------------------------------
@pytest.mark.parametrize(("current", "old", "new", "expected"), [
    (0.4, "needs_assessment", "presentation", 0.6),     # the old default: follows the stage
    (0.4004, "needs_assessment", "presentation", 0.6),  # within rounding of the default
    (None, "needs_assessment", "presentation", 0.6),    # blank: follows the stage
    (0.55, "needs_assessment", "presentation", None),   # the rep's own value: kept
    (0.55, "closing", "won", 1.0),                      # won and lost are facts
    (0.9, "closing", "lost", 0.0),
    (0.75, "proposal", "on_hold", 0.0),
    (0.8, "proposal", "on_hold", None),
    (0.3, None, "prospecting", None),                   # no old stage: the rep's value
])
def test_probability_after(current: float | None, old: str | None, new: str,
                           expected: float | None) -> None:
    assert probability_after(current, old, new, SEVEN) == expected


def test_stale() -> None:
    leads = pd.DataFrame({
        "stage": ["proposal", "proposal", "won", None, "proposal", "proposal"],
        "stage_updated_on": [D(2026, 10, 28), D(2026, 10, 27), D(2020, 1, 1), D(2020, 1, 1),
                             None, None],
        "created_on": [None, None, None, None, D(2026, 10, 1), None],
    }, dtype=object)
    out = stale(leads, SEVEN, TODAY)  # proposal rots after 30 days
    assert out["days_in_stage"].tolist() == [30, 31, 2522, 2522, 57, pd.NA]
    assert out["stale"].tolist() == [False, True, False, False, True, False]


# --- properties ---------------------------------------------------------------------------
PIPELINES = {name: Config.default(name) for name in ("seven_step", "six_stage", "short")}
# The pipelines' ladders and exits, typed from the docs (DOMAIN.md and the module docstring):
# the open stages in order, then won, then upgraded; on hold and lost are exits.
LADDERS = {
    "seven_step": ["prospecting", "qualification", "needs_assessment", "presentation",
                   "proposal", "closing", "won", "upgraded"],
    "six_stage": ["find", "invite", "visit", "follow_up", "deal", "won", "upgraded"],
    "short": ["lead", "qualified", "proposal", "won", "upgraded"],
}
EXIT_STAGES = ("on_hold", "lost")


def _ready_lead(stage: str | None) -> pd.DataFrame:
    """A lead that meets every gate, so only the order of the move can refuse it."""
    return _lead(stage=stage, deal_amount=1e6, lost_reason="가격", resume_on=D(2027, 1, 4),
                 customer_id="C-0001", **QUALIFIED)


def _expected(pipeline: str, current: str | None, target: str | None) -> tuple[bool, str | None]:
    """Whether a move of a lead that meets every gate is allowed without force, and where it
    goes: one step up the ladder (none after upgraded, none from lost, and from on hold only
    with History or --to), the last open stage --to upgraded (an upsell of a customer closes
    without passing through won), an exit to on hold or lost from an open stage (or from on
    hold to lost), a resume from on hold to an open stage."""
    ladder = LADDERS[pipeline]
    open_stages = ladder[:-2]
    if target is None:
        if current in EXIT_STAGES:
            return False, None
        rank = -1 if current is None else ladder.index(current)
        return (True, ladder[rank + 1]) if rank + 1 < len(ladder) else (False, None)
    if target == current or current == "lost":
        return False, None
    if target in EXIT_STAGES:
        return current is None or current in open_stages or current == "on_hold", target
    if current == "on_hold":
        return target in open_stages, target
    rank = -1 if current is None else ladder.index(current)
    upsell_close = target == "upgraded" and current == open_stages[-1]
    return ladder.index(target) == rank + 1 or upsell_close, target


@settings(max_examples=200, deadline=None)
@given(data=st.data(), pipeline=st.sampled_from(list(PIPELINES)))
def test_a_move_is_allowed_exactly_when_its_order_allows_it(data: st.DataObject,
                                                            pipeline: str) -> None:
    cfg = PIPELINES[pipeline]
    current = data.draw(st.sampled_from([None, *cfg.stage_keys]), label="current")
    target = data.draw(st.sampled_from([None, *cfg.stage_keys]), label="target")
    acts = _rows([{"lead_id": "R01-0001", "type": "demo"}])
    move = plan_move(_ready_lead(current), target, cfg, TODAY, activities=acts)
    allowed, to = _expected(pipeline, current, target)
    assert move.ok == allowed, (current, target, move)
    # the lead meets every gate (from_won too: it is linked to a customer)
    assert move.failures == ()
    if allowed:
        assert move.to_stage == to and move.refusal is None
        assert move.kind in ("next", "exit", "resume")
    else:
        assert move.refusal  # refused by order, and says why
        if target is not None and target != current:
            assert move.kind in ("skip", "back")
            forced = plan_move(_ready_lead(current), target, cfg, TODAY, activities=acts,
                               force=True)
            assert forced.ok and forced.to_stage == target  # --force allows what order refused


@pytest.mark.parametrize("pipeline", list(PIPELINES))
def test_the_order_model_allows_and_refuses_moves_in_every_pipeline(pipeline: str) -> None:
    """The property above is not vacuous: over every (current, target) pair both answers
    occur, and salesxl gives the model's answer for each pair."""
    cfg = PIPELINES[pipeline]
    acts = _rows([{"lead_id": "R01-0001", "type": "demo"}])
    answers = []
    for current in [None, *cfg.stage_keys]:
        for target in [None, *cfg.stage_keys]:
            move = plan_move(_ready_lead(current), target, cfg, TODAY, activities=acts)
            answers.append(move.ok)
            assert move.ok == _expected(pipeline, current, target)[0], (current, target)
    n = len(LADDERS[pipeline])
    # allowed: the next stage by default from None and the n-1 ladder stages below upgraded;
    # --to the next stage (n) and --to upgraded from the last open stage (1); exits: from None
    # and each open stage to on hold and lost, from on hold to lost; resumes: from on hold to
    # each open stage
    opens = n - 2
    assert sum(answers) == n + n + 1 + 2 * (opens + 1) + 1 + opens
    assert not all(answers)


def test_a_config_may_add_its_own_exit_stages() -> None:
    from salesxl.core.config import DEFAULT_TIERS, SEVEN_STEP, Stage

    dq = Stage(key="disqualified", en="Disqualified", ko="부적격 종료", type="lost",
               probability=0, gates=("lost_reason",))
    cfg = Config(stages=(*SEVEN_STEP, dq), tiers=DEFAULT_TIERS)
    assert move_kind("qualification", "disqualified", cfg) == "exit"
    assert move_kind("disqualified", "qualification", cfg) == "back"
    assert next_stage("disqualified", cfg) is None
    move = plan_move(_lead(stage="qualification"), "disqualified", cfg, TODAY)
    assert [f.gate for f in move.failures] == ["lost_reason"]


# --- what a refusal says: every gate's reason and cells (pinned by mutation testing) --------
def _failure_of(gate_target: str, current: str, lead: dict[str, Any] | None = None,
                **others: Any) -> Any:
    move = plan_move(_lead(stage=current, **(lead or {})), gate_target, SEVEN, TODAY, **others)
    assert not move.ok
    return move.failures


def test_every_gate_failure_says_why_and_which_cells() -> None:
    L = "leads"
    # needs assessment: BANT; a lead with a need only misses B, A and T (horizon 180 days:
    # 2026-11-27 + 180 = 2027-05-26)
    bant_failure = _failure_of("needs_assessment", "qualification", {"need": "ERP"})
    assert bant_failure == (GateFailure(
        "bant_qualified", Msg("BANT is {status} (not met: {missing})",
                              {"status": Pair("Partial", "부분 적격"), "missing": "B,A,T"}), (
            (Fix(L, "budget_amount", 6, note=Msg("an amount above the minimum budget")),
             Fix(L, "budget_confirmed", 6, want=("yes",))),
            (Fix(L, "is_decision_maker", 6, want=("yes",)), Fix(L, "decision_maker", 6)),
            (Fix(L, "decision_date", 6, note=Msg("a date from {first} to {last}", {
                "first": D(2026, 11, 27), "last": D(2027, 5, 26)})),))),)
    reason, date_note = bant_failure[0].reason, bant_failure[0].groups[2][0].note
    assert date_note is not None
    assert (reason.text("en"), reason.text("ko")) == ("BANT is Partial (not met: B,A,T)",
                                                      "BANT 부분 적격 (미충족: B,A,T)")
    assert (date_note.text("en"), date_note.text("ko")) == (
        "a date from 2026-11-27 to 2027-05-26", "2026-11-27부터 2027-05-26 사이의 날짜")
    # pitch / demo: a need and a decision maker
    both = _failure_of("presentation", "needs_assessment")
    assert both == (GateFailure(
        "need_and_decision_maker", Msg("no need recorded and no decision maker identified"), (
            (Fix(L, "need", 6), Fix(L, "need_level", 6, want=("high", "medium"))),
            (Fix(L, "decision_maker", 6), Fix(L, "is_decision_maker", 6, want=("yes",))))),)
    assert both[0].reason.text("ko") == "니즈가 기록되지 않았고 결정권자도 확인되지 않았습니다"
    no_dm = _failure_of("presentation", "needs_assessment", {"need": "ERP"})
    assert no_dm == (GateFailure(
        "need_and_decision_maker", Msg("no decision maker identified"),
        ((Fix(L, "decision_maker", 6), Fix(L, "is_decision_maker", 6, want=("yes",))),)),)
    assert no_dm[0].reason.text("ko") == "결정권자가 확인되지 않았습니다"
    no_need = _failure_of("presentation", "needs_assessment", {"decision_maker": "Kim"})
    assert no_need == (
        GateFailure("need_and_decision_maker", Msg("no need recorded"),
                    ((Fix(L, "need", 6), Fix(L, "need_level", 6, want=("high", "medium"))),)),)
    assert no_need[0].reason.text("ko") == "니즈가 기록되지 않았습니다"
    # proposal: a demo logged on the Activities sheet (a new row, not a cell)
    demo = _failure_of("proposal", "presentation")
    assert demo == (GateFailure(
        "demo_logged", Msg("no demo or presentation activity is logged for the lead"),
        ((Fix("activities", "type", None, want=("demo",)),),)),)
    assert demo[0].reason.text("ko") == "이 리드의 데모(시연) 활동 기록이 없습니다"
    # closing: every objection resolved (rows 1 and 3 are the lead's open ones)
    objs = _rows([{"lead_id": "R01-0001", "resolved": False},
                  {"lead_id": "R01-0001", "resolved": True},
                  {"lead_id": "r01-0001", "resolved": None}])
    open_objections = _failure_of("closing", "proposal", objections=objs)
    assert open_objections == (GateFailure(
        "objections_resolved", Msg("{n} objection(s) logged for the lead are not resolved",
                                   {"n": 2}),
        ((Fix("objections", "resolved", 1, want=("yes",)),),
         (Fix("objections", "resolved", 3, want=("yes",)),))),)
    assert [open_objections[0].reason.text(lang) for lang in ("en", "ko")] == [
        "2 objection(s) logged for the lead are not resolved",
        "이 리드의 고객 반론 2건이 해결되지 않았습니다"]
    # the outcomes: one cell each
    for target, gate, column, reason, ko in (
            ("won", "deal_amount", "deal_amount", "the deal amount is empty",
             "예상 금액이 비어 있습니다"),
            ("lost", "lost_reason", "lost_reason", "the lost reason is empty",
             "실주 사유가 비어 있습니다"),
            ("on_hold", "resume_on", "resume_on", "the resume-on date is empty",
             "재개 예정일이 비어 있습니다")):
        failures = _failure_of(target, "closing")
        assert failures == (GateFailure(gate, Msg(reason), ((Fix(L, column, 6),),)),)
        assert failures[0].reason.text("ko") == ko
    # an upsell: the lead names the customer it is sold to
    upsell = _failure_of("upgraded", "closing")
    assert upsell == (GateFailure(
        "from_won", Msg("the lead is not linked to a customer: no customer has its e-mail, "
                        "phone or company and contact"),
        ((Fix(L, "customer_id", 6, note=Msg("a customer ID of the Customers sheet")),),)),)
    assert upsell[0].reason.text("ko") == (
        "기존 고객과 연결되지 않았습니다: 이메일, 전화번호 또는 고객사명 + 고객 담당자가 같은 "
        "고객이 없습니다")


def test_an_unreadable_cell_keeps_the_bant_gate_shut() -> None:
    """Budget confirmed makes B, but the budget amount cell could not be read: invalid."""
    import numpy as np

    lead = _lead(stage="qualification", budget_confirmed=True, budget_amount=None,
                 decision_maker="Kim", need="ERP", decision_date=D(2027, 1, 15))
    invalid = {"budget_amount": np.array([True])}
    assert gate_mask("bant_qualified", lead, SEVEN, TODAY).tolist() == [True]
    assert can_advance(lead, SEVEN, TODAY).tolist() == [True]
    assert can_advance(lead, SEVEN, TODAY, invalid=invalid).tolist() == [False]
    assert gate_mask("bant_qualified", lead, SEVEN, TODAY, invalid=invalid).tolist() == [False]
    move = plan_move(lead, None, SEVEN, TODAY, invalid=invalid)
    readable = Msg("a value salesxl can read")
    assert move.failures == (GateFailure(
        "bant_qualified", Msg("BANT is {status} (not met: {missing})",
                              {"status": Pair("Invalid", "확인 필요"), "missing": "-"}),
        ((Fix("leads", "budget_amount", 6, note=readable),),)),)
    assert move.failures[0].reason.text("ko") == "BANT 확인 필요 (미충족: -)"
    # every unreadable cell is named, each to be corrected on its own
    two = {"budget_amount": np.array([True]), "need_level": np.array([True])}
    assert plan_move(lead, None, SEVEN, TODAY, invalid=two).failures[0].groups == (
        (Fix("leads", "budget_amount", 6, note=readable),),
        (Fix("leads", "need_level", 6, note=readable),))


@pytest.mark.parametrize(("current", "refusal", "ko"), [
    ("lost", "the deal is lost; reopen it with --to STAGE --force --reason TEXT",
     "실주된 건입니다. 다시 열려면 --to 단계 --force --reason \"사유\"를 붙이세요"),
    ("on_hold", "the lead is on hold and History does not say where it was; give the stage "
                "it resumes at with --to STAGE",
     "보류 중인 리드인데 단계 변경 이력에 이전 단계가 없습니다. 재개할 단계를 --to 단계로 "
     "지정하세요"),
    ("upgraded", "an upsell is the last stage; give --to STAGE to move it",
     "업셀은 마지막 단계입니다. 옮기려면 --to 단계를 지정하세요"),
])
def test_a_lead_with_no_next_stage_is_refused_in_full(current: str, refusal: str,
                                                      ko: str) -> None:
    move = plan_move(_lead(stage=current), None, SEVEN, TODAY)
    assert move == Move("R01-0001", current, current, "same", refusal=Msg(refusal))
    assert move.refusal is not None and move.refusal.text("ko") == ko


def test_a_config_exit_stage_has_no_next_stage() -> None:
    from salesxl.core.config import DEFAULT_TIERS, SEVEN_STEP, Stage

    dq = Stage(key="disqualified", en="Disqualified", ko="부적격 종료", type="lost",
               probability=0)
    cfg = Config(stages=(*SEVEN_STEP, dq), tiers=DEFAULT_TIERS)
    move = plan_move(_lead(stage="disqualified"), None, cfg, TODAY)
    assert move == Move("R01-0001", "disqualified", "disqualified", "same",
                        refusal=Msg("the deal is lost; reopen it with --to STAGE --force "
                                    "--reason TEXT"))


def test_a_move_names_its_lead() -> None:
    assert plan_move(_lead(stage="prospecting"), None, SEVEN, TODAY).lead_id == "R01-0001"
    lead = _lead(stage="prospecting")
    lead["lead_id"] = [None]
    assert plan_move(lead, None, SEVEN, TODAY).lead_id is None


def test_an_unknown_stage_is_named() -> None:
    with pytest.raises(ValueError, match="'bogus' is not a stage of the seven_step pipeline"):
        move_kind("proposal", "bogus", SEVEN)
    with pytest.raises(ValueError, match="'bogus' is not a stage"):
        move_kind("bogus", "proposal", SEVEN)


@pytest.mark.parametrize(("current", "old", "new", "expected"), [
    (0.55, "closing", "lost", 0.0),       # lost is a fact, also over the rep's own value
    (0.55, "closing", "won", 1.0),
    (0.3, "bogus", "prospecting", None),  # an old stage the pipeline does not know: keep
])
def test_probability_after_facts_and_unknown_stages(current: float, old: str, new: str,
                                                    expected: float | None) -> None:
    assert probability_after(current, old, new, SEVEN) == expected


def test_can_advance_reads_activities_objections_and_today() -> None:
    leads = pd.DataFrame({
        "lead_id": ["P", "Q", "R"],
        "stage": ["presentation", "proposal", "qualification"],
        "budget_amount": [None, None, 5e6], "decision_maker": [None, None, "Kim"],
        "need": [None, None, "ERP"], "decision_date": [None, None, D(2027, 1, 15)],
    }, index=[10, 20, 30], dtype=object)
    acts = _rows([{"lead_id": "P", "type": "demo"}])
    objs = _rows([{"lead_id": "Q", "resolved": False}])
    got = can_advance(leads, SEVEN, TODAY, activities=acts, objections=objs)
    assert got.index.tolist() == [10, 20, 30]
    assert got.tolist() == [True, False, True]
    # a year later the decision date has passed: R no longer meets T
    assert can_advance(leads, SEVEN, D(2027, 11, 27), activities=acts,
                       objections=objs).tolist() == [True, False, False]


def test_can_advance_needs_every_gate_of_the_next_stage() -> None:
    """A Config may give a stage two gates: failing the first one is enough to stop a lead."""
    from salesxl.core.config import DEFAULT_TIERS, Stage

    stages = [s if s.key != "won" else Stage(
        key="won", en="Won", ko="주문 완료", type="won", probability=1.0,
        gates=("deal_amount", "objections_resolved")) for s in SEVEN.stages]
    cfg = Config(stages=tuple(stages), tiers=DEFAULT_TIERS)
    leads = pd.DataFrame({"lead_id": ["A", "B"], "stage": ["closing", "closing"],
                          "deal_amount": [None, 1e6]}, dtype=object)
    objs = _rows([{"lead_id": "B", "resolved": False}])
    assert can_advance(leads, cfg, TODAY, objections=objs).tolist() == [False, False]
    assert can_advance(leads, cfg, TODAY).tolist() == [False, True]


def test_stale_edges() -> None:
    from salesxl.core.config import DEFAULT_TIERS, Stage

    quick = Stage(key="quick", en="Quick", ko="빠른", probability=0.5, rotting_days=1)
    outcomes = [s for s in SEVEN.stages if s.type != "open"]
    cfg = Config(stages=(quick, *outcomes), tiers=DEFAULT_TIERS)
    leads = pd.DataFrame({"stage": ["quick", "quick", "bogus", None],
                          "stage_updated_on": [TODAY, D(2026, 11, 25), D(2020, 1, 1), None]},
                         dtype=object)
    out = stale(leads, cfg, TODAY)
    # moved today: 0 days (not blank); 2 days in a 1-day stage: stale; an unknown stage and
    # a lead without a date never rot
    assert out["days_in_stage"].tolist() == [0, 2, 2522, pd.NA]
    assert out["stale"].tolist() == [False, True, False, False]

"""The learned win probability in the Summary: both weighted forecasts, the back-test block, and
the one line that says why there is none.

The forecasts come from a workbook whose ``win_probability`` cells are set by construction (no
model is fitted for them); the back-test from `test_rules_scoring.source_fixture`, whose
pattern is known: deals identical but for the source type, inbound won 80 %, outbound 20 %,
one deal closing a day from proposal. Every expected figure is worked out below from those
rows and compared with the Summary's cells read back with openpyxl.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from test_rules_scoring import START, pairwise_auc, source_fixture

import salesxl.core.summary.learned as learned_mod
from salesxl.commands.summary import summary
from salesxl.core.config import Config
from salesxl.core.rules.scoring import MIN_LOST, MIN_WON, score_frame
from salesxl.core.summary.compute import backtest_frames, compute
from salesxl.core.summary.learned import learned_check
from salesxl.io.template import write_team_workbook

TODAY = dt.date(2026, 11, 27)
D = dt.date
M = 1_000_000
CFG = Config.default()
EN = Config.default(language="en")


def _rows(path: Path, sheet: str) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def _row(rows: list[list], first: object) -> list:
    return next(r for r in rows if r[0] == first)


def _under(rows: list[list], title: str) -> list[list]:
    start = next(i for i, r in enumerate(rows) if isinstance(r[0], str) and
                 r[0].startswith(title))
    out = []
    for r in rows[start + 2:]:
        if all(v is None for v in r):
            break
        out.append(r)
    return out


# --- both weighted forecasts -------------------------------------------------------------
# Open deals (stage default: proposal 75 %, closing 90 %) and their learned probability:
#   P1 proposal 10M, closes 11-30, learned 90 %   stage 7.5M   learned 9.0M   (this month)
#   P2 proposal 20M, closes 12-15, learned 20 %   stage 15M    learned 4.0M   (this quarter)
#   P3 closing   5M, closes 11-28, no learned one stage 4.5M   learned 4.5M   (its stage's)
#   W1 won 4M on 11-10 (this month); its learned cell is ignored (won counts in full)
# This month: stage 4 + 7.5 + 4.5 = 16M, learned 4 + 9 + 4.5 = 17.5M.
# This quarter: stage 16 + 15 = 31M, learned 17.5 + 4 = 21.5M.
FORECAST_LEADS = [
    {"lead_id": "P1", "rep": "Kim", "company": "Alpha", "stage": "proposal",
     "deal_amount": 10 * M, "expected_close_on": D(2026, 11, 30), "win_probability": 0.9,
     "created_on": D(2026, 9, 1), "stage_updated_on": D(2026, 11, 2)},
    {"lead_id": "P2", "rep": "Kim", "company": "Bravo", "stage": "proposal",
     "deal_amount": 20 * M, "expected_close_on": D(2026, 12, 15), "win_probability": 0.2,
     "created_on": D(2026, 9, 1), "stage_updated_on": D(2026, 11, 2)},
    {"lead_id": "P3", "rep": "Kim", "company": "Charlie", "stage": "closing",
     "deal_amount": 5 * M, "expected_close_on": D(2026, 11, 28),
     "created_on": D(2026, 9, 1), "stage_updated_on": D(2026, 11, 2)},
    {"lead_id": "W1", "rep": "Kim", "company": "Delta", "stage": "won", "deal_amount": 4 * M,
     "win_probability": 0.3, "created_on": D(2026, 8, 1),
     "stage_updated_on": D(2026, 11, 10)},
]
WORDS = {
    "en": {"month": "Forecast this month, {p}", "quarter": "Forecast this quarter, {p}",
           "stage": "stage probability", "learned": "learned probability",
           "note": "The weighted forecast uses the {p}", "cat": "Forecast by category",
           "team": "Team"},
    "ko": {"month": "이번 달 가중 매출 예측 ({p})", "quarter": "이번 분기 가중 매출 예측 ({p})",
           "stage": "단계 확률", "learned": "예측 수주 확률", "note": "가중 매출 예측은 {p} 기준",
           "cat": "예측 구분별", "team": "팀 전체"},
}


@pytest.mark.parametrize(("lang", "setting"), [("en", "stage"), ("ko", "learned")])
def test_the_headline_shows_both_weighted_forecasts(tmp_path, lang, setting):
    cfg = Config.default(language=lang).model_copy(update={"forecast_probability": setting})
    path = write_team_workbook(tmp_path / "team.xlsx", cfg,  # type: ignore[arg-type]
                               {"leads": FORECAST_LEADS}, lang=lang)
    s = summary(path, today=TODAY)
    rows = _rows(path, s.sheet)
    w = WORDS[lang]
    stage, learned = w["stage"], w["learned"]
    first, second = (stage, learned) if setting == "stage" else (learned, stage)
    month = {stage: 16 * M, learned: 17.5 * M}
    quarter = {stage: 31 * M, learned: 21.5 * M}
    labels = [r[0] for r in rows[:30]]
    # the Config's probability first, the other right below it
    i = labels.index(w["month"].format(p=first))
    assert labels[i + 1] == w["month"].format(p=second)
    for p in (stage, learned):
        assert _row(rows, w["month"].format(p=p))[1] == pytest.approx(month[p])
        assert _row(rows, w["quarter"].format(p=p))[1] == pytest.approx(quarter[p])
    assert any(isinstance(v, str) and v.startswith(w["note"].format(p=first)) and "2" in v
               for v in labels)  # two open deals have a learned probability
    # the rep's line follows the Config; the forecast by category has both
    assert s.reps.loc["Kim", "forecast_month"] == pytest.approx(month[first])
    cats = _under(rows, w["cat"])
    nov = next(r for r in cats if r[:2] == [w["team"], "2026-11"])
    assert nov[7] == pytest.approx(month[first]) and nov[10] == pytest.approx(month[second])


def test_without_learned_probabilities_one_forecast_as_before(tmp_path):
    leads = [{k: v for k, v in row.items() if k != "win_probability"} for row in FORECAST_LEADS]
    path = write_team_workbook(tmp_path / "team.xlsx", EN,  # type: ignore[arg-type]
                               {"leads": leads}, lang="en")
    s = summary(path, today=TODAY)
    rows = _rows(path, s.sheet)
    assert _row(rows, "Forecast this month (won + weighted)")[1] == pytest.approx(16 * M)
    assert not any(isinstance(r[0], str) and "learned probability" in r[0] for r in rows)
    assert s.alternative is None and "forecast_month_alt" not in s.figures.index


# --- the back-test -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def backtest_book(tmp_path_factory):
    fx = source_fixture(n_in=100, n_out=100, open_leads=0)
    data = {"leads": fx["leads"].to_dict("records"), "history": fx["history"].to_dict("records")}
    path = tmp_path_factory.mktemp("backtest") / "team.xlsx"
    write_team_workbook(path, EN, data, lang="en")  # type: ignore[arg-type]
    s = summary(path, today=dt.date(2026, 12, 7))
    return fx, s, _rows(path, s.sheet)


def test_the_backtest_block_has_the_hand_worked_figures(backtest_book):
    fx, _, rows = backtest_book
    # one deal closes a day from START; 70 % of 200 closed by the 140th day; inbound and
    # outbound alternate and wins are spread evenly, so the training deals hold 70 + 70
    title = next(r[0] for r in rows if isinstance(r[0], str) and
                 r[0].startswith("Learned win probability: back-test"))
    cutoff = START + dt.timedelta(days=139)
    leads = fx["leads"]
    train, test = leads.iloc[:140], leads.iloc[140:]
    tw, sw = int((train["stage"] == "won").sum()), int((test["stage"] == "won").sum())
    assert f"closed by {cutoff}: {tw} won, {140 - tw} lost" in title
    assert f"the {sw} won and {60 - sw} lost closed after" in title
    y = [1.0 if k == "won" else 0.0 for k in test["stage"]]
    inbound = (test["source_type"] == "inbound").tolist()
    block = _under(rows, "Learned win probability: back-test")
    by = {(r[0], r[1]): r[2:5] for r in block}
    # every deal closes from proposal, its only stage: both views score the 60 test deals once
    for view in ("Every stage", "At close"):
        learned, stage = by[(view, "Learned")], by[(view, "Stage default")]
        assert learned[0] == stage[0] == 60
        # the stage default gives every test deal 75 %: AUC exactly 1/2
        assert stage[1] == 0.5
        assert stage[2] == pytest.approx(sum((0.75 - v) ** 2 for v in y) / 60)
        # the model can only rank inbound above outbound
        assert learned[1] == pytest.approx(pairwise_auc(y, [float(i) for i in inbound]))
        assert learned[2] < stage[2]
    cal = _under(rows, "Calibration")[1:]  # a caption row over each view x probability
    captions = rows[rows.index(cal[0]) - 2]
    assert rows[rows.index(cal[0]) - 1][:4] == ["Predicted", "n", "predicted", "won"]
    n_stage = captions.index("Every stage · Stage default")
    n_learned = captions.index("Every stage · Learned")
    row70 = next(r for r in cal if r[0] == "70%–80%")
    # the stage default puts all 60 in 70-80 %: predicted 75 %, actual the share won
    assert row70[n_stage:n_stage + 3] == pytest.approx([60, 0.75, sum(y) / 60])
    assert sum(r[n_stage] for r in cal) == 60
    # the learned probability puts the inbound deals at 70 % or more, the outbound below
    high = [r for r in cal if r[0] in ("70%–80%", "80%–90%", "90%–100%")]
    assert sum(r[n_learned] for r in high) == sum(inbound)
    won_in = sum(v for v, i in zip(y, inbound, strict=True) if i)
    assert sum(r[n_learned] * r[n_learned + 2] for r in high if r[n_learned]) == \
        pytest.approx(won_in)


def test_the_summary_backtest_is_the_score_report_backtest():
    fx = source_fixture(n_in=60, n_out=60, open_leads=4)
    check = learned_check(fx["leads"], CFG, dt.date(2026, 12, 7), history=fx["history"])
    scored = score_frame(fx["leads"], CFG, dt.date(2026, 12, 7), history=fx["history"],
                         with_backtest=True)
    assert check.backtest is not None and scored.backtest is not None
    assert check.backtest.cutoff == scored.backtest.cutoff
    for a, b in zip(backtest_frames(check), backtest_frames(learned_mod.LearnedCheck(
            0, 0, scored.backtest)), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_too_few_closed_deals_no_model_is_fitted(monkeypatch):
    def boom(*_a, **_k):
        raise AssertionError("looked at stage rows or fitted a model")

    monkeypatch.setattr(learned_mod, "snapshots", boom)
    monkeypatch.setattr(learned_mod, "backtest", boom)
    fx = source_fixture(n_in=25, n_out=25, rate_in=0.8, rate_out=0.4, open_leads=2)
    won = int((fx["leads"]["stage"] == "won").sum())  # 20 + 10
    lost = int((fx["leads"]["stage"] == "lost").sum())  # 5 + 15
    assert won >= MIN_WON and lost < MIN_LOST
    s = compute(fx["leads"], CFG, dt.date(2026, 12, 7), history=fx["history"])
    assert s.learned is not None and s.backtest.empty
    assert s.learned.message("en") == (
        f"No back-test of the learned win probability: the workbook has {won} won and {lost} "
        f"lost closed deals; at least {MIN_WON} won and {MIN_LOST} lost are needed to train.")
    assert s.learned.message("ko") == (
        f"예측 수주 확률 백테스트 없음: 종료된 거래가 수주 {won}건, 실주 {lost}건뿐입니다 (학습에 "
        f"수주 {MIN_WON}건, 실주 {MIN_LOST}건 이상 필요).")


def test_enough_deals_but_too_few_before_the_cutoff():
    fx = source_fixture(n_in=40, n_out=40, open_leads=0)
    check = learned_check(fx["leads"], CFG, dt.date(2026, 12, 7), history=fx["history"])
    # 80 deals, 40 won: enough to learn from; the 56 closed by the cutoff (70 %) are not
    first = fx["leads"].iloc[:56]
    won = int((first["stage"] == "won").sum())
    assert won < MIN_WON and 56 - won < MIN_LOST
    assert (check.won, check.lost) == (40, 40)
    assert check.backtest is not None and check.backtest.refusal is not None
    assert check.message("en").startswith(
        f"No back-test: {won} won and {56 - won} lost deals closed by")


def test_module_example():
    import doctest

    assert doctest.testmod(learned_mod).failed == 0

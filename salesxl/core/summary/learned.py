"""The learned win probability in the Summary: its time-ordered back-test, or why there is none.

Pure (canonical values in, a `BackTest` out). The back-test is the one `salesxl score
--report` prints (`salesxl.core.rules.scoring.backtest` on the dated closed-deal rows of
`salesxl.core.rules.scoring.snapshots`, the steps `score_frame(..., with_backtest=True)` takes
for its back-test); the Summary leaves out what it does not show (the model fitted on every
closed deal and the reasons of the open leads) and looks at nothing when the workbook cannot
have enough closed deals:

1. fewer than `MIN_WON` won or `MIN_LOST` lost deals at all (a count of stages, no model):
   `LearnedCheck.refusal` says so, in Korean and English;
2. otherwise the stage rows of the closed deals only (open leads are not part of a back-test),
   and fewer than the minimum among those with a close date: the same message with the dated
   counts;
3. otherwise `backtest`, which may still refuse when the deals closed by its cutoff are too
   few (`BackTest.refusal`).

Example:
    >>> import datetime as dt
    >>> from salesxl.core.config import Config
    >>> leads = pd.DataFrame({"lead_id": ["L-1"], "stage": ["won"]})
    >>> check = learned_check(leads, Config.default(), dt.date(2026, 12, 7))
    >>> check.backtest is None, check.message("en")[:43]
    (True, 'No back-test of the learned win probability')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from salesxl.core.config import Config
from salesxl.core.rules.columns import column, link_key
from salesxl.core.rules.scoring import MIN_LOST, MIN_WON, BackTest, backtest, snapshots
from salesxl.core.summary.derive import stages_of


@dataclass
class LearnedCheck:
    """The back-test of the learned win probability, or why there is none."""

    won: int  # closed deals counted (dated ones when the rows were looked at)
    lost: int
    backtest: BackTest | None = None
    refusal: dict[str, str] | None = None  # {"ko", "en"}: why there is no back-test

    def message(self, lang: str) -> str | None:
        """Why there is no back-test, in ``lang`` (None when there is one)."""
        why = self.refusal or (self.backtest.refusal if self.backtest is not None else None)
        return None if why is None else why["ko" if lang == "ko" else "en"]


def too_few(won: int, lost: int, dated: bool) -> dict[str, str]:
    """The message when a workbook has too few closed deals to back-test, in ko and en.

    Example:
        >>> too_few(3, 40, dated=False)["ko"][:25]
        '예측 수주 확률 백테스트 없음: 종료된 거래가'
    """
    ko_kind = "종료일을 알 수 있는 " if dated else ""
    en_kind = " dated" if dated else ""
    return {
        "ko": (f"예측 수주 확률 백테스트 없음: 종료된 거래가 {ko_kind}수주 {won:,}건, 실주 {lost:,}건"
               f"뿐입니다 (학습에 수주 {MIN_WON}건, 실주 {MIN_LOST}건 이상 필요)."),
        "en": (f"No back-test of the learned win probability: the workbook has {won:,} won and "
               f"{lost:,} lost{en_kind} closed deals; at least {MIN_WON} won and {MIN_LOST} lost "
               "are needed to train."),
    }


def learned_check(leads: pd.DataFrame, cfg: Config, today: dt.date, *,
                  activities: pd.DataFrame | None = None,
                  objections: pd.DataFrame | None = None,
                  history: pd.DataFrame | None = None,
                  cutoff: dt.date | None = None) -> LearnedCheck:
    """The back-test of the learned win probability on ``leads``' closed deals.

    Args:
        leads: canonical Leads values (`salesxl.core.rules.scoring.LEAD_INPUTS`).
        cfg: the Config (stage types and probabilities).
        today: unused by the back-test (closed deals only); passed on to `snapshots`.
        activities, objections, history: canonical values of the linked tables, or None.
        cutoff: the last close date of the training deals (default: 70 % closed).
    """
    _, kind = stages_of(leads, cfg)
    won, lost = int((kind == "won").sum()), int((kind == "lost").sum())
    if won < MIN_WON or lost < MIN_LOST:  # no stage rows, no model
        return LearnedCheck(won, lost, refusal=too_few(won, lost, dated=False))
    closed = leads[kind.isin(["won", "lost"]).to_numpy()]
    ids = {k for v in column(closed, "lead_id").tolist() if (k := link_key(v)) is not None}

    def of_closed(frame: pd.DataFrame | None) -> pd.DataFrame | None:
        """The linked rows of closed deals only (snapshots look rows up lead by lead)."""
        if frame is None or not len(frame):
            return frame
        return frame[[link_key(v) in ids for v in column(frame, "lead_id").tolist()]]

    snaps = snapshots(closed, cfg, today, activities=of_closed(activities),
                      objections=of_closed(objections), history=of_closed(history))
    dated = snaps[snaps["close"].notna().to_numpy()]
    final = dated[dated["final"].to_numpy(dtype=bool)]
    won, lost = int((final["y"] == 1.0).sum()), int((final["y"] == 0.0).sum())
    if won < MIN_WON or lost < MIN_LOST:
        return LearnedCheck(won, lost, refusal=too_few(won, lost, dated=True))
    return LearnedCheck(won, lost, backtest(dated, cfg, cutoff))

"""Shared fixtures: small workbooks built per test, and one LibreOffice run per session."""

from __future__ import annotations

import datetime as dt

import pytest

from salesxl.commands.demo_data import RepData, make_team
from salesxl.core.messages import reset_lang

TODAY = dt.date(2026, 11, 27)


@pytest.fixture(autouse=True)
def _fresh_language() -> None:
    """Each test starts as a new run: a --lang given to an earlier CLI call does not linger."""
    reset_lang()


@pytest.fixture(scope="session")
def small_team() -> list[RepData]:
    """Three reps, 60 leads, built around 2026-11-27."""
    return make_team(reps=3, leads=60, seed=11, today=TODAY)

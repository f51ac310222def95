"""Playbook v2: a guide per stage of every ready pipeline, objections, closing techniques,
next steps and the Korean particles, checked against Config and the schema."""

from __future__ import annotations

import pytest

import salesxl.core.playbook_v2 as pb
from salesxl.core.config import GATES, PIPELINES, Config
from salesxl.core.playbook_v2 import NEXT_STEPS, OBJECTIONS, TECHNIQUES, Text, josa, render
from salesxl.core.rules.stages import next_stage
from salesxl.core.schema import CLOSING_TECHNIQUES, OBJECTION_CATEGORIES, TABLES

LANGS = ("en", "ko")
BANNED = ("승격", "종결", "주문 완료", "주문 실패", "이의", "팔로우")


def _stage_keys(pipeline: str) -> tuple[str, ...]:
    return tuple(s.key for s in PIPELINES[pipeline])


def _filled(text: Text) -> bool:
    return all(text(lang).strip() for lang in LANGS)


# --- stages --------------------------------------------------------------------------------
def test_the_playbook_knows_the_ready_pipelines_and_their_stages():
    assert set(pb.PIPELINES) == set(PIPELINES)
    for name in PIPELINES:
        assert pb.PIPELINES[name] == _stage_keys(name)
        assert tuple(pb.PIPELINE_GUIDES[name]) == _stage_keys(name)


@pytest.mark.parametrize("pipeline", sorted(PIPELINES))
def test_every_stage_has_goal_exit_and_questions_in_both_languages(pipeline):
    for key in _stage_keys(pipeline):
        g = pb.guide(key, pipeline)
        assert _filled(g.goal) and _filled(g.exit) and _filled(g.next_action), key
        assert 2 <= len(g.do) <= 4 and all(map(_filled, g.do)), key
        assert 3 <= len(g.questions) <= 6 and all(map(_filled, g.questions)), key
        assert g is pb.PIPELINE_GUIDES[pipeline][key]
        assert key in pb.STAGE_GUIDES


@pytest.mark.parametrize("pipeline", sorted(PIPELINES))
def test_exit_gates_are_the_gates_into_the_next_stage(pipeline):
    cfg = Config.default(pipeline)
    for key in _stage_keys(pipeline):
        target = next_stage(key, cfg)
        expected = cfg.stage(target).gates if target else ()
        assert pb.guide(key, pipeline).exit_gates == expected, (pipeline, key)


def test_the_stage_guides_by_key_alone():
    assert pb.STAGE_GUIDES["proposal"] is pb.guide("proposal", "seven_step")
    assert pb.guide("proposal", "short").exit_gates == ("deal_amount",)
    assert pb.STAGE_GUIDES["lead"] is pb.STAGE_GUIDES["find"]
    assert pb.STAGE_GUIDES["deal"] is pb.STAGE_GUIDES["closing"]
    assert pb.guide("closing", "a_team_pipeline") is pb.STAGE_GUIDES["closing"]
    with pytest.raises(KeyError):
        pb.guide("site_survey")


def test_the_key_questions_fit_the_stage():
    qualification = " ".join(q.ko for q in pb.guide("qualification").questions)
    for word in ("예산", "결재", "불편", "언제까지"):  # budget, authority, need, timing
        assert word in qualification
    assert pb.guide("find").questions == pb.BANT_QUESTIONS == pb.guide("lead").questions
    needs = [q.ko for q in pb.guide("needs_assessment").questions]
    assert any("좋았던 점과 아쉬웠던 점" in q for q in needs)  # the seed's previous supplier
    assert any("현재 상황" in q for q in needs)
    assert any("해결되면" in q for q in needs)
    assert any("최종 결정" in q.ko for q in pb.guide("presentation").questions)
    assert pb.guide("closing").questions == pb.CLOSING_QUESTIONS
    for outcome in ("won", "upgraded"):
        after = " ".join(q.ko for q in pb.guide(outcome).questions)
        assert "소개" in after and "추가 구매" in after  # referral, repurchase


# --- objections and closing ----------------------------------------------------------------
def test_five_categories_with_at_least_three_objections_each():
    for category in ("price", "timing", "authority", "competitor", "product_fit"):
        assert len(OBJECTIONS[category]) >= 3, category
    known = {c.key for c in OBJECTION_CATEGORIES}
    for category, objections in OBJECTIONS.items():
        assert category in known and category in pb.OBJECTION_CATEGORIES
        for o in objections:
            assert o.category == category
            assert _filled(o.objection) and _filled(o.response)
            assert len(o.response.ko) > len(o.objection.ko)
    assert OBJECTIONS["price"][0].objection.ko == "지금은 예산이 없어요."
    assert "단계적 도입" in OBJECTIONS["price"][0].response.ko


def test_the_eight_closing_techniques():
    assert tuple(TECHNIQUES) == tuple(c.key for c in CLOSING_TECHNIQUES)
    assert [t.name.ko for t in TECHNIQUES.values()] == [
        "직접 요청 클로징", "가정 클로징", "기회 한정 클로징", "압박 클로징", "밀당 클로징",
        "체험 클로징", "ROI 계산 클로징", "일보후퇴 클로징"]
    for t in TECHNIQUES.values():
        assert _filled(t.name) and _filled(t.when) and _filled(t.example), t.key
        assert t.risk is None or _filled(t.risk)
    pressure = TECHNIQUES["pressure"].risk
    assert pressure is not None and "위험도가 높은" in pressure.ko and "High risk" in pressure.en


# --- next steps ----------------------------------------------------------------------------
def test_every_gate_has_a_next_step_in_both_languages():
    assert set(NEXT_STEPS) == set(GATES) == set(pb.GATE_KEYS)
    for gate, text in NEXT_STEPS.items():
        for lang in LANGS:
            assert "{column}" in text(lang), (gate, lang)
            assert "{" not in render(text, lang, column="X"), (gate, lang)


def test_the_next_step_columns_exist():
    from salesxl.core.playbook_v2.next_steps import NEXT_STEP_COLUMNS

    assert set(NEXT_STEP_COLUMNS) == set(GATES)
    for gate, cells in NEXT_STEP_COLUMNS.items():
        for table, key in cells:
            assert key in {c.key for c in TABLES[table].columns}, (gate, table, key)


def test_render_fills_the_column_and_the_particle():
    step = NEXT_STEPS["need_and_decision_maker"]
    assert render(step, "ko", column="결정권자 여부") == (
        "니즈·결정권자 확인: 결정권자 여부를 입력하세요")
    assert render(step, "ko", column="의사결정권자") == (
        "니즈·결정권자 확인: 의사결정권자를 입력하세요")
    assert render(step, "en", column="Is decision maker") == (
        "Confirm the need and the decision maker: fill in Is decision maker")
    assert render(NEXT_STEPS["bant_qualified"], "ko", column="예산") == (
        "BANT 검증: 고객에게 확인한 예산을 입력하세요")
    assert render(NEXT_STEPS["resume_on"], "ko", column="재개 예정일") == (
        "보류 처리: 다시 연락할 날짜로 재개 예정일을 입력하세요")
    assert render("{name}{이가} {place}{으로로} 갑니다", "ko", name="김지훈", place="서울") == (
        "김지훈이 서울로 갑니다")
    assert render("{name}{이가} 옵니다", "en", name="Kim") == "Kim 옵니다"  # marks drop in en
    with pytest.raises(KeyError):
        render(step, "ko")


@pytest.mark.parametrize(("word", "particle"), [
    ("예산", "을"), ("결정권자 여부", "를"), ("금액", "을"), ("날짜", "를"),
    ("수주 예정일", "을"), ("니즈", "를"), ("이메일", "을"), ("수주 확률", "을"),
    ("수주 확률 (%)", "을"), ("'예'", "를"), ("실주 사유", "를"), ("의사결정 예정일", "을"),
])
def test_josa_object_particle(word, particle):
    assert josa(word, "을를") == particle
    assert josa(word, "을/를") == particle == josa(word, "를을")


@pytest.mark.parametrize(("word", "pair", "particle"), [
    ("예산", "이가", "이"), ("날짜", "이가", "가"), ("예산", "은는", "은"), ("니즈", "은는", "는"),
    ("예산", "와과", "과"), ("날짜", "와/과", "와"),
    ("부산", "으로로", "으로"), ("서울", "으로로", "로"), ("예", "으로로", "로"),
    ("10", "을를", "을"), ("2", "을를", "를"), ("3", "이가", "이"), ("1,000", "으로로", "으로"),
    ("100", "을를", "을"), ("0", "을를", "을"), ("7", "으로로", "로"), ("50%", "을를", "를"),
    ("CRM", "을를", "을"), ("ERP", "을를", "를"), ("ID", "이가", "가"), ("Excel", "을를", "을"),
    ("data", "을를", "를"), ("Python", "으로로", "으로"),
    ("salesxl", "을를", "을"), ("Word", "을를", "을(를)"), ("file", "을를", "을(를)"), ("", "이가", "이(가)"),
    ("★", "으로로", "(으)로"),
])
def test_josa_by_the_final_sound(word, pair, particle):
    assert josa(word, pair) == particle


def test_josa_refuses_an_unknown_particle():
    with pytest.raises(KeyError):
        josa("예산", "에서")


# --- start here, words, check --------------------------------------------------------------
def test_start_here_lists_five_steps_then_where_the_buttons_are():
    steps = pb.START_HERE
    assert len(steps) == 6 and all(map(_filled, steps))
    ko = [s.ko for s in steps]
    for i, word in enumerate(("리드 추가", "리드 검증", "후속 연락", "단계 이동", "반론 기록")):
        assert word in ko[i]
    assert "salesxl 시트" in ko[5] and "salesxl validate" in ko[5]


def test_no_korean_text_uses_a_literal_translation():
    texts = list(pb.all_texts())
    assert len(texts) > 300
    for where, text in texts:
        for word in BANNED:
            assert word not in text.ko, (where, word, text.ko)


def test_check_passes_and_finds_a_fault(monkeypatch):
    pb.check()
    assert pb.problems() == []
    monkeypatch.setitem(NEXT_STEPS, "from_won", Text("Upsell", "업셀은 승격이 아닙니다"))
    found = pb.problems()
    assert any("승격" in p for p in found) and any("{column}" in p for p in found)
    with pytest.raises(ValueError, match="inconsistent"):
        pb.check()

"""The consistency rules behind `salesxl.core.playbook_v2.check()`."""

from __future__ import annotations

import re

from salesxl.core.playbook_v2 import (
    BANNED_KO,
    GATE_KEYS,
    NEXT_STEPS,
    OBJECTION_CATEGORIES,
    OBJECTIONS,
    PARTICLES,
    PIPELINE_GUIDES,
    PIPELINES,
    STAGE_GUIDES,
    START_HERE,
    TECHNIQUES,
    all_texts,
    render,
)

REQUIRED_CATEGORIES = ("price", "timing", "authority", "competitor", "product_fit")
TECHNIQUE_KEYS = ("direct", "assumptive", "opportunity", "pressure", "hard_to_get",
                  "experience", "economic", "retreat_advance")
_HANGUL = re.compile(r"[가-힣]")
_FIELD = re.compile(r"\{([^{}]+)\}")


def _texts() -> list[str]:
    found: list[str] = []
    for where, text in all_texts():
        if not text.en.strip() or not text.ko.strip():
            found.append(f"{where}: empty in {'English' if not text.en.strip() else 'Korean'}")
        if _HANGUL.search(text.en):
            found.append(f"{where}: Hangul in the English text {text.en!r}")
        if not _HANGUL.search(text.ko):
            found.append(f"{where}: no Hangul in the Korean text {text.ko!r}")
        found += [f"{where}: {word!r} in {text.ko!r}" for word in BANNED_KO if word in text.ko]
    return found


def _stages() -> list[str]:
    found: list[str] = []
    for pipeline, keys in PIPELINES.items():
        guides = PIPELINE_GUIDES.get(pipeline, {})
        if tuple(guides) != keys:
            found.append(f"{pipeline}: guides for {tuple(guides)}, stages are {keys}")
        for key, g in guides.items():
            where = f"{pipeline}.{key}"
            if not 2 <= len(g.do) <= 4:
                found.append(f"{where}: {len(g.do)} lines of what to do (2-4)")
            if not 3 <= len(g.questions) <= 6:
                found.append(f"{where}: {len(g.questions)} key questions (3-6)")
            found += [f"{where}: unknown gate {gate!r}" for gate in g.exit_gates
                      if gate not in GATE_KEYS]
            if STAGE_GUIDES.get(key) is None:
                found.append(f"{where}: missing from STAGE_GUIDES")
    return found


def _library() -> list[str]:
    found: list[str] = []
    for category in REQUIRED_CATEGORIES:
        if len(OBJECTIONS.get(category, ())) < 3:
            found.append(f"objections {category}: fewer than 3")
    for category, objections in OBJECTIONS.items():
        if category not in OBJECTION_CATEGORIES:
            found.append(f"objections {category}: no category name")
        found += [f"objections {category}: an objection filed as {o.category!r}"
                  for o in objections if o.category != category]
    if tuple(TECHNIQUES) != TECHNIQUE_KEYS:
        found.append(f"techniques are {tuple(TECHNIQUES)}, expected {TECHNIQUE_KEYS}")
    found += [f"technique {k}: filed as {t.key!r}" for k, t in TECHNIQUES.items() if t.key != k]
    if "pressure" in TECHNIQUES and TECHNIQUES["pressure"].risk is None:
        found.append("technique pressure: no risk note")
    return found


def _next_steps() -> list[str]:
    found: list[str] = []
    if tuple(NEXT_STEPS) != GATE_KEYS:
        found.append(f"next steps for {tuple(NEXT_STEPS)}, gates are {GATE_KEYS}")
    for gate, text in NEXT_STEPS.items():
        for lang in ("en", "ko"):
            fields = _FIELD.findall(text(lang))
            if "column" not in fields:
                found.append(f"next step {gate} ({lang}): no {{column}}")
            found += [f"next step {gate} ({lang}): unknown mark {{{f}}}" for f in fields
                      if f != "column" and f not in PARTICLES]
            try:
                rendered = render(text, lang, column="예산")
            except KeyError as exc:
                found.append(f"next step {gate} ({lang}): {exc}")
                continue
            if "{" in rendered or "}" in rendered:
                found.append(f"next step {gate} ({lang}): left {rendered!r}")
    if len(START_HERE) != 6:
        found.append(f"START_HERE has {len(START_HERE)} lines, not five steps and one on "
                     "where the buttons are")
    return found


def problems() -> list[str]:
    return _texts() + _stages() + _library() + _next_steps()

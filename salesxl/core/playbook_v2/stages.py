"""A guide for every stage of the three ready pipelines and the four outcomes.

`PIPELINES` repeats the stage keys of `salesxl.core.config.PIPELINES` in order (a test checks
they agree). `PIPELINE_GUIDES[pipeline][stage]` is the guide for a stage of that pipeline;
`STAGE_GUIDES[stage]` is the same by stage key alone, and for ``proposal`` (a key of both
seven_step and short, with different exit gates) it holds the seven-step guide: use
`guide(stage, pipeline)` when the pipeline is known.

Example:
    >>> guide("proposal").exit_gates, guide("proposal", "short").exit_gates
    (('objections_resolved',), ('deal_amount',))
    >>> STAGE_GUIDES["lead"] is STAGE_GUIDES["find"]
    True
"""

from __future__ import annotations

from salesxl.core.playbook_v2 import StageGuide
from salesxl.core.playbook_v2._other_stages import (
    FIND,
    FOLLOW_UP,
    INVITE,
    QUALIFIED,
    SHORT_PROPOSAL,
    VISIT,
)
from salesxl.core.playbook_v2._outcomes import LOST, ON_HOLD, UPGRADED, WON
from salesxl.core.playbook_v2._seven_step import (
    CLOSING,
    NEEDS_ASSESSMENT,
    PRESENTATION,
    PROPOSAL,
    PROSPECTING,
    QUALIFICATION,
)

OUTCOMES: tuple[str, ...] = ("won", "upgraded", "on_hold", "lost")

PIPELINES: dict[str, tuple[str, ...]] = {
    "seven_step": ("prospecting", "qualification", "needs_assessment", "presentation",
                   "proposal", "closing", *OUTCOMES),
    "six_stage": ("find", "invite", "visit", "follow_up", "deal", *OUTCOMES),
    "short": ("lead", "qualified", "proposal", *OUTCOMES),
}

_OUTCOME_GUIDES: dict[str, StageGuide] = {
    "won": WON, "upgraded": UPGRADED, "on_hold": ON_HOLD, "lost": LOST,
}

PIPELINE_GUIDES: dict[str, dict[str, StageGuide]] = {
    "seven_step": {
        "prospecting": PROSPECTING, "qualification": QUALIFICATION,
        "needs_assessment": NEEDS_ASSESSMENT, "presentation": PRESENTATION,
        "proposal": PROPOSAL, "closing": CLOSING, **_OUTCOME_GUIDES,
    },
    "six_stage": {
        "find": FIND, "invite": INVITE, "visit": VISIT, "follow_up": FOLLOW_UP,
        "deal": CLOSING, **_OUTCOME_GUIDES,
    },
    "short": {
        "lead": FIND, "qualified": QUALIFIED, "proposal": SHORT_PROPOSAL, **_OUTCOME_GUIDES,
    },
}

STAGE_GUIDES: dict[str, StageGuide] = {}
for _guides in PIPELINE_GUIDES.values():
    for _key, _guide in _guides.items():
        STAGE_GUIDES.setdefault(_key, _guide)


def guide(stage: str, pipeline: str | None = None) -> StageGuide:
    """The guide of `stage` in `pipeline`; by stage key alone when the pipeline is None or
    is not one of the ready three (a team's own Config pipeline reusing the stage keys).

    Raises:
        KeyError: the stage has no guide, e.g. a stage a team added in Config.
    """
    by_pipeline = PIPELINE_GUIDES.get(pipeline or "", {})
    return by_pipeline[stage] if stage in by_pipeline else STAGE_GUIDES[stage]

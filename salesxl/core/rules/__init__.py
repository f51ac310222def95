"""The sales rules, pure: whole columns (pandas) plus Config and today in, results out.

- `bant`: BANT qualification (`bant`, `criteria`, `bant_row`);
- `stages`: pipeline order, gates, move plans, probability, staleness (`plan_move`...);
- `followups`: next follow-up by tier and stage (`follow_ups`, `next_follow_up`);
- `businessdays`: the team's business days (work week, public and extra holidays).

No module here opens a file; `salesxl.validate`, `salesxl.advance` and `salesxl.followups`
read the workbook, call these, and write the results back.
"""

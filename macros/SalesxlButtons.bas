Attribute VB_Name = "SalesxlButtons"
Option Explicit

' The buttons of the salesxl sheet. Each Sub only hands over to Python (salesxl.xl.macros)
' through the xlwings add-in (RunPython); results and messages are written into the workbook.
' Setup and troubleshooting: docs/excel.md.

Public Sub ValidateLeads()
    RunPython "import salesxl.xl.macros as m; m.validate_leads()"
End Sub

Public Sub AdvanceSelectedLeads()
    RunPython "import salesxl.xl.macros as m; m.advance_selected_leads()"
End Sub

Public Sub ScheduleFollowUps()
    RunPython "import salesxl.xl.macros as m; m.schedule_follow_ups()"
End Sub

Public Sub RefreshSummary()
    RunPython "import salesxl.xl.macros as m; m.refresh_summary()"
End Sub

Public Sub ConsolidateFolder()
    RunPython "import salesxl.xl.macros as m; m.consolidate_folder()"
End Sub

Public Sub ImportLegacyWorkbook()
    RunPython "import salesxl.xl.macros as m; m.import_legacy_workbook()"
End Sub

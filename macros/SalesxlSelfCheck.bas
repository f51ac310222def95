Attribute VB_Name = "SalesxlSelfCheck"
Option Explicit

' A check of the workbook in VBA alone (no Python, no add-in needed): the salesxl and
' xlwings.conf sheets exist and the xlwings add-in is told where the worksheet functions are.
' Writes its verdict into the first message cell of the salesxl sheet (E22) and returns it.
' Run it from the VBA editor (Immediate window: ? SelfCheck) when the buttons do nothing.

Public Function SelfCheck() As String
    Dim verdict As String, result As String
    verdict = "ok"
    If Not SheetExists("salesxl") Then
        verdict = "the salesxl sheet is missing"
    ElseIf Not SheetExists("xlwings.conf") Then
        verdict = "the xlwings.conf sheet is missing"
    ElseIf ThisWorkbook.Worksheets("xlwings.conf").Range("A1").Value <> "UDF Modules" Then
        verdict = "xlwings.conf!A1 must say UDF Modules"
    ElseIf ThisWorkbook.Worksheets("xlwings.conf").Range("B1").Value <> "salesxl.xl.udfs" Then
        verdict = "xlwings.conf!B1 must say salesxl.xl.udfs"
    End If
    result = "salesxl VBA self-check: " & verdict & " (" & ThisWorkbook.Worksheets.Count & " sheets)"
    If SheetExists("salesxl") Then ThisWorkbook.Worksheets("salesxl").Range("E22").Value = result
    SelfCheck = result
End Function

Private Function SheetExists(name As String) As Boolean
    Dim ws As Object
    SheetExists = False
    For Each ws In ThisWorkbook.Worksheets
        If ws.Name = name Then SheetExists = True
    Next ws
End Function

"""Parsing the spreadsheet import of overdue claims: file -> rows -> validated debtors and claims.

    parsed = parse_file(stream, "open_items.csv", Defaults("SI", "EUR", "sl"))  # TableProblem if unreadable
    for result in parsed:            # one RowResult per non-empty data row, streamed
        if result.ok: store(result.debtor, result.claim)
        else: report(result.problems)

``parse_file`` raises TableProblem straight away when the file cannot be read at all (empty, not a
spreadsheet, one column, no data rows) and ColumnProblem (a TableProblem) when required columns are
missing or claimed twice; its ``column_map`` has what a column-mapping step needs. ``Preview`` sums a
run up for the preview step.
"""

from __future__ import annotations

import importlib

# What each public name is defined in. The package imports them on first use, so a view that needs
# only parse_amount does not load the whole reader (openpyxl, encodings) at every cold start.
_WHERE = {
    "TEMPLATE_ENCODING": "template",
    "TEMPLATE_HEADERS": "template",
    "ColumnMap": "columns",
    "ColumnProblem": "files",
    "Defaults": "rows",
    "ParsedClaim": "rows",
    "ParsedFile": "files",
    "Preview": "preview",
    "Problem": "problems",
    "RejectedRow": "rows",
    "RowResult": "rows",
    "Table": "files",
    "TableProblem": "problems",
    "ValueProblem": "problems",
    "build_preview": "preview",
    "escape_for_spreadsheet": "rows",
    "map_headers": "columns",
    "open_table": "reader",
    "parse_amount": "values",
    "parse_date": "values",
    "parse_file": "files",
    "parse_row": "rows",
    "template_csv": "template",
    "template_legend": "template",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    globals()[name] = value
    return value

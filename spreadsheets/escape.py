"""Formula-injection escaping for every exported cell.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return may be run as
a formula by Excel or WPS when a user opens the file (CSV injection). Such text gets a leading
apostrophe, so it shows as the text it is. Only strings are touched: numbers and dates stay what
they are, so sums and sorting keep working.
"""

from __future__ import annotations

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """The value, with an apostrophe in front when it is text that a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value

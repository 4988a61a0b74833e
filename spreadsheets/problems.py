"""Problems found in an import file, kept within bounds whatever the file holds.

A hostile or badly broken file can have a problem on every one of 100,000 rows, each echoing a
32,767-character cell. So:

- a value echoed in a message goes through :func:`shorten` (50 characters, then "…");
  :func:`tidy` also shortens every 「…」 quote of an already-built message, as a safety net;
- :func:`record_problem` keeps the first :data:`MAX_LISTED` problems of a list; after that the list
  ends with one summary line that counts the problems not listed (:func:`count_problems` gives the total).

The importers' report and the reader's cell problems both use these.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_LISTED = 1000
ECHO_LENGTH = 50
MAX_MESSAGE_LENGTH = 500
NOT_LISTED_COLUMN = "其余"

_QUOTED = re.compile(rf"「([^」]{{{ECHO_LENGTH + 1},}})」")


@dataclass
class Problem:
    """One problem: the sheet row as the user sees it (None for the file), column label, text."""

    row: int | None
    column: str
    message: str


@dataclass
class NotListed(Problem):
    """The last entry of a full list: how many more problems were found but not listed."""

    count: int = 0


def shorten(value, limit: int = ECHO_LENGTH) -> str:
    """The text of a value for echoing in a message: at most ``limit`` characters, then "…"."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def tidy(message: str) -> str:
    """Shorten every 「quoted」 value of a message and bound its length."""
    if len(message) > ECHO_LENGTH:
        message = _QUOTED.sub(lambda m: f"「{shorten(m.group(1))}」", message)
    return shorten(message, MAX_MESSAGE_LENGTH)


def record_problem(problems: list[Problem], problem: Problem, *, limit: int = MAX_LISTED) -> None:
    """Append ``problem`` (its message tidied) unless ``limit`` problems are listed already.

    Past the limit the problem is only counted, in one :class:`NotListed` entry at the end.
    """
    if len(problems) < limit:
        problem.message = tidy(problem.message)
        problems.append(problem)
    else:
        _count_not_listed(problems, 1, limit)


def extend_problems(
    problems: list[Problem], others: list[Problem], *, limit: int = MAX_LISTED
) -> None:
    """:func:`record_problem` each of ``others`` (a list kept by :func:`record_problem` itself, say)."""
    for problem in others:
        if isinstance(problem, NotListed):
            _count_not_listed(problems, problem.count, limit)
        else:
            record_problem(
                problems, Problem(problem.row, problem.column, problem.message), limit=limit
            )


def _count_not_listed(problems: list[Problem], n: int, limit: int) -> None:
    last = problems[-1] if problems else None
    if not isinstance(last, NotListed):
        last = NotListed(None, NOT_LISTED_COLUMN, "", 0)
        problems.append(last)
    last.count += n
    last.message = (
        f"另有 {last.count} 个问题未列出（只列出前 {limit} 个）。请先改正以上问题后重新检查。"
    )


def count_problems(problems: list[Problem]) -> int:
    """How many problems were found, the ones not listed included."""
    if problems and isinstance(problems[-1], NotListed):
        return len(problems) - 1 + problems[-1].count
    return len(problems)

"""Writing the 成员校 cell of the county's published roster.

One member is its name, followed by its nested schools (village schools, teaching points) in
half-width parentheses joined by ``、``; members are joined by ``、``:

    城南镇中心小学(城南镇河口教学点、城南镇石门小学)、江北镇中心小学

That is the only contract with the roster parser (spreadsheets' import side), which reads this
text back into the same schools, parents and memberships.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

MEMBER_SEPARATOR = "、"
CHILD_SEPARATOR = "、"


def format_school(name: str, children: Sequence[str] = ()) -> str:
    """``中心小学(教学点A、教学点B)``, or just the name when it has no nested schools."""
    if not children:
        return name
    return f"{name}({CHILD_SEPARATOR.join(children)})"


def format_members(members: Iterable[tuple[str, Sequence[str]]]) -> str:
    """The whole 成员校 cell from ``(name, [child names])`` pairs, in the given order."""
    return MEMBER_SEPARATOR.join(format_school(name, children) for name, children in members)

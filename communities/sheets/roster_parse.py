"""Parse the 成员校 cell of a county's published roster (DOMAIN.md §3).

    城南镇中心小学(城南镇河口教学点、城南镇石门小学)
    江北镇中心小学、江北镇红岩小学、

gives ``[("城南镇中心小学", ["城南镇河口教学点", "城南镇石门小学"]), ("江北镇中心小学", []),
("江北镇红岩小学", [])]``. Separators are 、 ， , ; ； spaces and line breaks; a trailing
separator is ignored; parentheses may be full- or half-width. A parenthesised group whose items
are all *divisions* (初中部, 高中部, 东校区 …) is part of the name — ``XX中学(初中部)`` is one
school — while a group naming schools lists the nested schools of the one before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core.text import to_halfwidth

SEPARATORS = set("、,;， ；\n\r\t\u3000")
OPEN = {"(": ")", "[": "]", "{": "}"}
_DIVISION = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]{0,6}(部|校区|院区)$")
_DIVISION_WORDS = {"本部", "总部", "分校", "新校区", "老校区"}
_SCHOOL_WORDS = (
    "小学",
    "学校",
    "教学点",
    "中学",
    "幼儿园",
    "村小",
    "中心校",
    "完小",
    "学园",
    "中专",
)


class RosterParseError(ValueError):
    """The cell cannot be read; the message is in Chinese for the user."""


@dataclass
class ParsedSchool:
    name: str
    children: list[str] = field(default_factory=list)


def is_division(item: str) -> bool:
    """'初中部', '东校区', '本部' — a part of a school rather than a school."""
    item = item.strip()
    if item in _DIVISION_WORDS:
        return True
    if not _DIVISION.match(item):
        return False
    # 'XX小学部' is a division (ends with 部); 'XX村小学' is not matched by the regex anyway.
    return not any(w in item for w in ("教学点", "村小", "幼儿园"))


def _normalise(text: str) -> str:
    text = to_halfwidth(text or "")
    return text.replace("【", "[").replace("】", "]").replace("〔", "(").replace("〕", ")")


def _split_top(text: str, separators: set[str] = SEPARATORS) -> list[str]:
    """Split on separators outside parentheses."""
    items, buf, depth = [], [], 0
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth < 0:
                raise RosterParseError("括号不配对：多了一个右括号「)」。")
        if depth == 0 and ch in separators:
            if buf:
                items.append("".join(buf))
                buf = []
            continue
        buf.append(ch)
    if depth != 0:
        raise RosterParseError("括号不配对：缺少右括号「)」。")
    if buf:
        items.append("".join(buf))
    return [i.strip() for i in items if i.strip()]


def _split_groups(item: str) -> tuple[str, list[str]]:
    """'A(x)(y、z)B' → name text with division groups kept, and the child groups' contents."""
    name_parts: list[str] = []
    groups: list[str] = []
    i = 0
    while i < len(item):
        ch = item[i]
        if ch in OPEN:
            depth, j = 0, i
            while j < len(item):
                if item[j] in "([{":
                    depth += 1
                elif item[j] in ")]}":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            inner = item[i + 1 : j].strip()
            subitems = _split_top(inner) if inner else []
            if subitems and all(is_division(s) for s in subitems):
                name_parts.append(f"({inner})")
            elif subitems:
                groups.append(inner)
            i = j + 1
            continue
        name_parts.append(ch)
        i += 1
    return "".join(name_parts).strip(), groups


def parse_members(text: str | None, *, split_on_spaces: bool = True) -> list[ParsedSchool]:
    """The members of a roster cell, each with its nested schools, in the order written."""
    result: list[ParsedSchool] = []
    separators = SEPARATORS if split_on_spaces else SEPARATORS - {" ", "\t", "\u3000"}
    for item in _split_top(_normalise(text or ""), separators):
        name, groups = _split_groups(item)
        if not name:
            raise RosterParseError(f"「{item}」：括号前缺少学校名称。")
        children: list[str] = []
        for group in groups:
            for child in _split_top(group):
                child_name, grandchildren = _split_groups(child)
                if grandchildren:
                    raise RosterParseError(
                        f"「{child}」：只支持一层括号嵌套（中心校（村小、教学点））。"
                    )
                if child_name:
                    children.append(child_name)
        result.append(ParsedSchool(name=name, children=children))
    return result


def parse_school(text: str | None) -> ParsedSchool | None:
    """The 核心校 cell: one school (spaces inside the name tolerated), maybe with nested schools."""
    items = parse_members(text, split_on_spaces=False)
    if not items:
        return None
    if len(items) > 1:
        raise RosterParseError("核心校只能填写一所学校。")
    return items[0]

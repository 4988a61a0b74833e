"""The questions of a questionnaire as lines of text: how the bureau writes them, and how the
built-in templates are declared.

One question per line, parts separated by ``｜`` (or ``|``)::

    * 量表｜您对学校的总体办学满意吗？
    单选｜与上一学年相比，孩子的学习环境：｜变好了/没有变化/变差了
    * 单选｜你喜欢现在的学校吗？｜非常喜欢*/喜欢*/一般/不喜欢
    填空｜您对学校还有什么意见和建议？

- the kind first: 量表 (five points, 非常满意 … 非常不满意), 单选 (options separated by ``/``),
  填空 (free text, optional to answer);
- a leading ``*`` marks a question that counts toward satisfaction: a scale by its top two
  points, a single choice by the options ending in ``*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from core.text import clean_text

from .enums import QuestionKind

KIND_WORDS = {"量表": QuestionKind.SCALE, "单选": QuestionKind.CHOICE, "填空": QuestionKind.TEXT}
WORD_OF_KIND = {kind: word for word, kind in KIND_WORDS.items()}
_PARTS = re.compile(r"\s*[｜|]\s*")
_STAR = ("*", "＊")
MAX_QUESTIONS = 30


@dataclass
class QuestionSpec:
    kind: str
    text: str
    options: list[str] = field(default_factory=list)
    satisfied: list[int] = field(default_factory=list)
    counts: bool = False

    @property
    def required(self) -> bool:
        return self.kind != QuestionKind.TEXT


def _strip_star(text: str) -> tuple[str, bool]:
    text = text.strip()
    if text.startswith(_STAR):
        return text[1:].strip(), True
    if text.endswith(_STAR):
        return text[:-1].strip(), True
    return text, False


def parse(text: str) -> list[QuestionSpec]:
    """The questions written in ``text``; a ValidationError naming each bad line."""
    specs: list[QuestionSpec] = []
    errors: list[str] = []
    for number, raw in enumerate(str(text or "").splitlines(), start=1):
        line = clean_text(raw)
        if not line:
            continue
        line, counts = _strip_star(line) if line.startswith(_STAR) else (line, False)
        parts = _PARTS.split(line)
        kind = KIND_WORDS.get(parts[0].strip())
        where = f"第 {number} 行"
        if kind is None:
            errors.append(f"{where}：题型应为「量表」「单选」或「填空」，写在行首并用「｜」隔开。")
            continue
        if len(parts) < 2 or not parts[1]:
            errors.append(f"{where}：缺少题目。")
            continue
        question = parts[1]
        if len(question) > 200:
            errors.append(f"{where}：题目不能超过 200 个字。")
            continue
        spec = QuestionSpec(kind=kind, text=question, counts=counts)
        if kind == QuestionKind.CHOICE:
            if len(parts) < 3:
                errors.append(f"{where}：单选题须在第三段写出选项，用「/」隔开。")
                continue
            for index, option in enumerate(o for o in re.split(r"\s*[/／]\s*", parts[2]) if o):
                label, good = _strip_star(option)
                spec.options.append(label[:40])
                if good:
                    spec.satisfied.append(index)
            if len(spec.options) < 2:
                errors.append(f"{where}：单选题至少要有两个选项。")
                continue
            if counts and not spec.satisfied:
                errors.append(f"{where}：计入满意度的单选题须在满意的选项后加「*」。")
                continue
            if not counts:
                spec.satisfied = []
        elif len(parts) > 2:
            errors.append(f"{where}：{WORD_OF_KIND[kind]}题不需要选项。")
            continue
        if kind == QuestionKind.TEXT and counts:
            errors.append(f"{where}：填空题不能计入满意度（去掉行首的「*」）。")
            continue
        specs.append(spec)
    if not specs and not errors:
        errors.append("请至少写一道题。")
    if len(specs) > MAX_QUESTIONS:
        errors.append(f"题目不能超过 {MAX_QUESTIONS} 道。")
    if errors:
        raise ValidationError(errors)
    return specs


def format_questions(questions) -> str:
    """The lines that ``parse`` reads back into these questions."""
    lines = []
    for q in questions:
        star = "* " if q.counts else ""
        line = f"{star}{WORD_OF_KIND[q.kind]}｜{q.text}"
        if q.kind == QuestionKind.CHOICE:
            marked = set(q.satisfied) if q.counts else set()
            options = [f"{o}*" if i in marked else o for i, o in enumerate(q.options)]
            line += "｜" + "/".join(options)
        lines.append(line)
    return "\n".join(lines)

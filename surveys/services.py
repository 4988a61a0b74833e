"""Writes of the survey pages: questionnaires, rounds, closing a round, a respondent's answers.

Every write by staff goes through ``core.services.validated_save`` in a transaction with the
acting user (django-simple-history records who). Role checks are the views'; the services keep
the invariants: a questionnaire in use is not edited, a round's schools are of its district,
answers are taken only while the round is open, a code is used once.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from core.services import validated_save

from .enums import QuestionKind, RoundStatus
from .models import (
    Answer,
    Question,
    Questionnaire,
    RespondentCode,
    Response,
    Round,
    RoundSchool,
)
from .questions import QuestionSpec, parse

# Codes are read off paper and typed on a phone: no 0/O, 1/I/L.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def new_token() -> str:
    return secrets.token_urlsafe(18)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    return "".join(str(text or "").split()).upper()[: CODE_LENGTH * 2]


# --- questionnaires ------------------------------------------------------------------------


def _write_questions(questionnaire: Questionnaire, specs: list[QuestionSpec], actor) -> None:
    rows = []
    for order, spec in enumerate(specs, start=1):
        question = Question(
            questionnaire=questionnaire,
            order=order,
            kind=spec.kind,
            text=spec.text,
            options=spec.options,
            satisfied=spec.satisfied,
            counts=spec.counts,
            required=spec.required,
        )
        question.full_clean(exclude=["questionnaire"])
        if actor is not None and getattr(actor, "is_authenticated", False):
            question._history_user = actor
        rows.append(question)
    bulk_create_with_history(rows, Question, default_user=_user(actor))


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


def questionnaire_seed(*, title: str, audience: str, intro: str, lines: str) -> Questionnaire:
    """A built-in template (no district), for the data migration and tests."""
    with transaction.atomic():
        questionnaire = validated_save(
            Questionnaire(district=None, title=title, audience=audience, intro=intro)
        )
        _write_questions(questionnaire, parse(lines), None)
    return questionnaire


def questionnaire_copy(*, source: Questionnaire, district, actor=None) -> Questionnaire:
    """The district's own copy of a questionnaire (a built-in template or one of its own)."""
    with transaction.atomic():
        copy = Questionnaire(
            district=district,
            title=source.title,
            audience=source.audience,
            intro=source.intro,
        )
        validated_save(copy, actor=actor, reason=f"由「{source.title}」复制")
        specs = [
            QuestionSpec(
                kind=q.kind,
                text=q.text,
                options=list(q.options),
                satisfied=list(q.satisfied),
                counts=q.counts,
            )
            for q in source.questions.all()
        ]
        _write_questions(copy, specs, actor)
    return copy


def questionnaire_in_use(questionnaire: Questionnaire) -> bool:
    return questionnaire.rounds.exists()


def questionnaire_update(*, questionnaire: Questionnaire, lines: str, actor=None) -> Questionnaire:
    """Save the edited title, audience and intro and replace the questions with ``lines``."""
    if questionnaire.builtin:
        raise ValidationError("内置模板不能修改，请先复制为本局问卷。")
    if questionnaire_in_use(questionnaire):
        raise ValidationError("已有调查使用此问卷，不能再改题目；请复制一份再修改。")
    try:
        specs = parse(lines)
    except ValidationError as error:
        raise ValidationError({"questions": error.messages}) from error
    with transaction.atomic():
        validated_save(questionnaire, actor=actor)
        for question in questionnaire.questions.all():
            if actor is not None and getattr(actor, "is_authenticated", False):
                question._history_user = actor
            question.delete()
        _write_questions(questionnaire, specs, actor)
    return questionnaire


# --- rounds --------------------------------------------------------------------------------


def round_create(*, round: Round, schools: Iterable, actor=None) -> Round:
    """Open a round for ``schools``: each gets its link token and, with codes, its codes."""
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": "请至少选择一所学校。"})
    if any(s.district_id != round.district_id for s in schools):
        raise ValidationError({"schools": "参与学校须为本教育局的学校。"})
    if round.questionnaire.district_id not in (None, round.district_id):
        raise ValidationError({"questionnaire": "请选择本局的问卷或内置模板。"})
    if not round.questionnaire.questions.exists():
        raise ValidationError({"questionnaire": "该问卷还没有题目。"})
    with transaction.atomic():
        round.created_by = _user(actor)
        validated_save(round, actor=actor)
        links = RoundSchool.objects.bulk_create(
            RoundSchool(round=round, school=school, token=new_token()) for school in schools
        )
        if round.uses_codes:
            codes = []
            for link in links:
                for code in _unique_codes(round.codes_per_school):
                    codes.append(RespondentCode(round_school=link, code=code))
            RespondentCode.objects.bulk_create(codes, batch_size=1000)
    return round


def _unique_codes(count: int) -> list[str]:
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(new_code())
    return sorted(codes)


def round_close(*, round: Round, actor=None) -> Round:
    if round.closed_at is not None:
        raise ValidationError("该调查已经结束。")
    round.closed_at = timezone.now()
    with transaction.atomic():
        validated_save(round, actor=actor, reason="结束调查")
    return round


# --- answers -------------------------------------------------------------------------------


class Refused(Exception):
    """An answer the round does not take; ``message`` is shown to the respondent."""

    def __init__(self, message: str, *, status: int = 403) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


REFUSED_PENDING = "本次调查尚未开始，请在 {date} 之后再来填写。"
REFUSED_CLOSED = "本次调查已经结束，不再接收答卷。感谢您的关注！"
REFUSED_CODE_UNKNOWN = "答题码不正确，请核对答题条上的答题码。"
REFUSED_CODE_USED = "该答题码已经使用过，每个答题码只能提交一次。"
REFUSED_REPEAT = "您已经提交过本次问卷，感谢参与！每台手机只能提交一次。"
REFUSED_RATE = "提交过于频繁，请稍后再试。"


def check_open(round: Round, today: datetime.date) -> None:
    status = round.status(today)
    if status == RoundStatus.PENDING:
        raise Refused(REFUSED_PENDING.format(date=round.opens_on.strftime("%Y年%-m月%-d日")))
    if status == RoundStatus.CLOSED:
        raise Refused(REFUSED_CLOSED, status=410)


@dataclass(frozen=True)
class Given:
    """One answer as the form cleaned it."""

    question: Question
    value: int | None = None
    text: str = ""


def verdict(questions: list[Question], given: dict[int, Given]) -> bool | None:
    """Whether a response is satisfied (models docstring); None without counted questions."""
    counted = [q for q in questions if q.counts]
    if not counted:
        return None
    for question in counted:
        answer = given.get(question.pk)
        if answer is None or answer.value not in question.satisfied_values():
            return False
    return True


def response_submit(
    *,
    link: RoundSchool,
    questions: list[Question],
    given: dict[int, Given],
    code: str = "",
    today: datetime.date | None = None,
) -> Response:
    """Store one anonymous response; Refused when the round does not take it."""
    today = today or timezone.localdate()
    round = link.round
    check_open(round, today)
    with transaction.atomic():
        if round.uses_codes:
            row = (
                RespondentCode.objects.select_for_update()
                .filter(round_school=link, code=normalise_code(code))
                .first()
            )
            if row is None:
                raise Refused(REFUSED_CODE_UNKNOWN)
            if row.used:
                raise Refused(REFUSED_CODE_USED, status=409)
            row.used = True
            row.save(update_fields=["used"])
        response = Response.objects.create(
            round=round,
            school_id=link.school_id,
            submitted_on=today,
            satisfied=verdict(questions, given),
        )
        Answer.objects.bulk_create(
            Answer(
                response=response,
                round=round,
                question=item.question,
                value=item.value,
                text=item.text if item.question.kind == QuestionKind.TEXT else "",
            )
            for item in given.values()
            if item.value is not None or item.text
        )
    return response

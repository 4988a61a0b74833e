"""Survey rounds for tests, written through the services like the pages write them."""

from __future__ import annotations

import datetime

from django.utils import timezone

from surveys import services
from surveys.defaults import TEMPLATES
from surveys.enums import RepeatLimit
from surveys.models import Answer, Questionnaire, Response, Round

PARENTS = "家长满意度问卷"


def builtin(title: str = PARENTS) -> Questionnaire:
    """A built-in template; seeded again when a transactional test's flush emptied the table."""
    found = Questionnaire.objects.filter(district=None, title=title).first()
    if found is not None:
        return found
    for name, audience, intro, lines in TEMPLATES:
        if name == title:
            return services.questionnaire_seed(
                title=name, audience=audience, intro=intro, lines=lines
            )
    raise LookupError(title)


def survey_round(
    district,
    schools,
    *,
    title: str = "家长满意度调查",
    codes: int = 0,
    closed: bool = False,
    own_questionnaire: bool = False,
    questionnaire: Questionnaire | None = None,
    actor=None,
) -> Round:
    """An open round (today within its dates) over ``schools``; ``codes`` per school switch it
    to printed codes; ``closed`` ends it; ``own_questionnaire`` uses the district's copy of the
    parents' template (titled after the round) instead of the template itself."""
    today = timezone.localdate()
    if questionnaire is None:
        questionnaire = builtin()
        if own_questionnaire:
            questionnaire = services.questionnaire_copy(source=questionnaire, district=district)
            questionnaire.title = f"{title}问卷"
            questionnaire.save()
    round = Round(
        district=district,
        questionnaire=questionnaire,
        title=title,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=10),
        repeat_limit=RepeatLimit.CODES if codes else RepeatLimit.COOKIE,
        codes_per_school=codes,
    )
    services.round_create(round=round, schools=list(schools), actor=actor)
    if closed:
        services.round_close(round=round, actor=actor)
    return round


def bulk_responses(round: Round, school, *, total: int, satisfied: int, on=None) -> None:
    """``total`` responses of ``school`` in one go, ``satisfied`` of them satisfied: the counted
    scale question answered 5 (satisfied) or 2, the other questions answered too."""
    on = on or timezone.localdate()
    questions = list(round.questionnaire.questions.all())
    responses = Response.objects.bulk_create(
        Response(round=round, school=school, submitted_on=on, satisfied=index < satisfied)
        for index in range(total)
    )
    answers = []
    for response in responses:
        for q in questions:
            if q.kind == "text":
                continue
            if q.counts:
                value = 5 if response.satisfied else 2
            else:
                value = 0 if q.kind == "choice" else 4
            answers.append(Answer(response=response, round=round, question=q, value=value))
    Answer.objects.bulk_create(answers, batch_size=2000)

"""Demo satisfaction surveys (rule 19): an ended parents' round with printed codes across the
county's schools — a few hundred responses, a handful of schools under the 95 % target — and an
open teachers' round (one answer per phone) with its first answers. Every answer goes through
the same service as the public page, on a day inside the round."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from surveys import services
from surveys.enums import QuestionKind, RepeatLimit
from surveys.models import Questionnaire, Round
from surveys.services import Given

# Schools whose parents are less satisfied (share of satisfied answers), by name fragment; the
# others stay above 95 %.
LOW = {"石门镇中心小学": 0.86, "毛坝镇初级中学": 0.9, "示范县城北小学": 0.92, "龙泉乡": 0.93}
COMMENTS = (
    "希望学校多开展课外活动。",
    "老师很负责，孩子进步明显。",
    "希望加强与家长的沟通。",
    "校车安排可以再优化一下。",
    "食堂饭菜希望更丰富。",
)


def _answers(questions, rng: random.Random, satisfied: bool) -> dict[int, Given]:
    given = {}
    for q in questions:
        if q.kind == QuestionKind.TEXT:
            if rng.random() < 0.15:
                given[q.pk] = Given(question=q, text=rng.choice(COMMENTS))
        elif q.counts:
            good = list(q.satisfied_values())
            bad = [v for v, _ in q.choices() if v not in good]
            given[q.pk] = Given(question=q, value=rng.choice(good if satisfied else bad))
        elif q.kind == QuestionKind.SCALE:
            given[q.pk] = Given(question=q, value=rng.choice((5, 5, 4, 4, 3)))
        else:
            given[q.pk] = Given(question=q, value=rng.randrange(len(q.options)))
    return given


def _verdicts(name: str, count: int, rng: random.Random) -> list[bool]:
    """Which of ``count`` responses are satisfied: a low school's share, else at most one
    dissatisfied answer where that keeps the school above 95 %."""
    share = next((s for fragment, s in LOW.items() if fragment in name), None)
    if share is not None:
        satisfied = int(count * share)
    else:
        satisfied = count - 1 if count >= 21 and rng.random() < 0.5 else count
    verdicts = [True] * satisfied + [False] * (count - satisfied)
    rng.shuffle(verdicts)
    return verdicts


def build_surveys(district, schools, *, bureau, seed: int = 19) -> int:
    """Returns the number of responses written."""
    rng = random.Random(seed)
    today = timezone.localdate()
    asked = sorted(
        (s for s in schools if s.parent_id is None and s.students >= 100),
        key=lambda s: s.sort_key,
    )
    parents = services.questionnaire_copy(
        source=Questionnaire.objects.get(district=None, title="家长满意度问卷"),
        district=district,
        actor=bureau,
    )
    ended = Round(
        district=district,
        questionnaire=parents,
        title="本学年家长满意度调查",
        opens_on=today - datetime.timedelta(days=40),
        closes_on=today - datetime.timedelta(days=26),
        repeat_limit=RepeatLimit.CODES,
        codes_per_school=30,
    )
    # Opened while it ran: the answers come in on days inside the round, then the bureau ends it.
    services.round_create(round=ended, schools=asked, actor=bureau)
    questions = list(parents.questions.all())
    written = 0
    for link in ended.round_schools.select_related("school").order_by("pk"):
        codes = list(link.codes.order_by("pk").values_list("code", flat=True))
        count = rng.randint(8, min(24, len(codes)))
        for code, satisfied in zip(codes, _verdicts(link.school.name, count, rng), strict=False):
            day = ended.opens_on + datetime.timedelta(days=rng.randint(0, 13))
            services.response_submit(
                link=link,
                questions=questions,
                given=_answers(questions, rng, satisfied),
                code=code,
                today=day,
            )
            written += 1
    services.round_close(round=ended, actor=bureau)

    teachers = Questionnaire.objects.get(district=None, title="教师满意度问卷")
    current = Round(
        district=district,
        questionnaire=teachers,
        title="教共体工作教师满意度调查",
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=11),
        repeat_limit=RepeatLimit.COOKIE,
    )
    services.round_create(round=current, schools=asked[:12], actor=bureau)
    questions = list(teachers.questions.all())
    for link in current.round_schools.order_by("pk")[:6]:
        for _ in range(rng.randint(3, 9)):
            services.response_submit(
                link=link,
                questions=questions,
                given=_answers(questions, rng, rng.random() < 0.97),
                today=today,
            )
            written += 1
    return written

"""Satisfaction surveys (DOMAIN.md rule 19): questionnaires, rounds, respondent codes, responses.

**What counts as satisfied.** A questionnaire marks one or more questions as *counted*
(``Question.counts``). A counted scale question is satisfied by its top two points (5 非常满意,
4 满意); a counted single-choice question by the options the bureau named as satisfied
(``Question.satisfied``). A response is *satisfied* when every counted question it answers is
answered satisfied (counted questions are required, so it answers all of them); its verdict is
stored on the response when it is submitted (``Response.satisfied``). A school's satisfaction
rate is satisfied responses ÷ responses × 100, over the responses of a round (or, for the
assessment's measure, of every round of the school year). The target is met when the rate is
**above** the round's target (rule 19: > 95 %); at or below it the results page flags the school.
A questionnaire without counted questions gives no rate (``satisfied`` stays empty).

**What is kept about a respondent: nothing but the answers.** A response holds its round, its
school, the day it was submitted, its verdict and its answers. No address, no user agent, no
time of day, no link to the code that was used: a code row keeps only the code and whether it is
used. The per-browser limit is a signed cookie on the respondent's phone, and the rate limit a
counter in the cache under a keyed hash of the address, expiring with its window.

A round links to its questionnaire; a questionnaire used by a round can no longer be edited
(the services refuse), so a round's results always read against the questions that were asked.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from core.school_year import SchoolYear
from schools.models import District, School

from .enums import (
    SCALE_LABELS,
    SCALE_POINTS,
    SCALE_SATISFIED,
    Audience,
    QuestionKind,
    RepeatLimit,
    RoundStatus,
)


def default_target():
    return settings.JGT_SURVEY_TARGET


class QuestionnaireQuerySet(models.QuerySet):
    def for_district(self, district_id: int | None) -> QuestionnaireQuerySet:
        """The built-in templates and the district's own questionnaires."""
        return self.filter(Q(district__isnull=True) | Q(district_id=district_id))


class Questionnaire(models.Model):
    """A questionnaire. Rows without a district are the built-in templates every bureau starts
    from (a data migration seeds them); a bureau's own are copies it edits."""

    district = models.ForeignKey(
        District,
        verbose_name="教育局",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="空：内置模板。",
    )
    title = models.CharField("问卷名称", max_length=60)
    audience = models.CharField("对象", max_length=10, choices=Audience.choices)
    intro = models.TextField("卷首语", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = QuestionnaireQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = "问卷"
        verbose_name_plural = "问卷"
        ordering = ["district_id", "audience", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def builtin(self) -> bool:
        return self.district_id is None


class Question(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="问卷", on_delete=models.CASCADE, related_name="questions"
    )
    order = models.PositiveSmallIntegerField("序号")
    kind = models.CharField("题型", max_length=10, choices=QuestionKind.choices)
    text = models.CharField("题目", max_length=200)
    # Single choice: the options, in order; an answer stores the option's index.
    options = models.JSONField("选项", default=list, blank=True)
    # Single choice: indexes of the options that count as satisfied.
    satisfied = models.JSONField("满意选项", default=list, blank=True)
    counts = models.BooleanField("计入满意度", default=False)
    required = models.BooleanField("必答", default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "题目"
        verbose_name_plural = "题目"
        ordering = ["questionnaire_id", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "order"], name="survey_question_order_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"

    def clean(self) -> None:
        if self.kind == QuestionKind.CHOICE:
            if len(self.options) < 2:
                raise ValidationError({"options": "单选题至少要有两个选项。"})
            if self.counts and not self.satisfied:
                raise ValidationError({"satisfied": "计入满意度的单选题须标明满意的选项。"})
        if self.kind == QuestionKind.TEXT and self.counts:
            raise ValidationError({"counts": "填空题不能计入满意度。"})

    def choices(self) -> list[tuple[int, str]]:
        """(stored value, label) of each answer a respondent may pick."""
        if self.kind == QuestionKind.SCALE:
            return list(zip(SCALE_POINTS, SCALE_LABELS, strict=True))
        if self.kind == QuestionKind.CHOICE:
            return list(enumerate(self.options))
        return []

    def satisfied_values(self) -> tuple[int, ...]:
        if self.kind == QuestionKind.SCALE:
            return SCALE_SATISFIED
        if self.kind == QuestionKind.CHOICE:
            return tuple(self.satisfied)
        return ()

    def satisfied_text(self) -> str:
        labels = dict(self.choices())
        return "、".join(labels[v] for v in self.satisfied_values() if v in labels)


class RoundQuerySet(models.QuerySet):
    def past_close_still_open(self, today: datetime.date) -> RoundQuerySet:
        return self.filter(closed_at__isnull=True, closes_on__lt=today)


class Round(models.Model):
    """One survey round: a questionnaire put to chosen schools between two dates."""

    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.CASCADE, related_name="+"
    )
    questionnaire = models.ForeignKey(
        Questionnaire, verbose_name="问卷", on_delete=models.PROTECT, related_name="rounds"
    )
    title = models.CharField("调查名称", max_length=60)
    opens_on = models.DateField("开始日期")
    closes_on = models.DateField("截止日期")
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    repeat_limit = models.CharField(
        "防重复方式", max_length=10, choices=RepeatLimit.choices, default=RepeatLimit.COOKIE
    )
    codes_per_school = models.PositiveSmallIntegerField(
        "每校答题码数",
        default=0,
        validators=[MaxValueValidator(2000)],
        help_text="仅「每人一码」方式：每校打印多少个答题码。",
    )
    target = models.DecimalField(
        "满意度目标（%）",
        max_digits=5,
        decimal_places=2,
        default=default_target,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="满意率高于此值为达标（规则 19：> 95%）。",
    )
    school_year = models.PositiveSmallIntegerField("学年", editable=False)
    schools = models.ManyToManyField(
        School, verbose_name="参与学校", through="RoundSchool", related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="创建人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = RoundQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        verbose_name = "调查轮次"
        verbose_name_plural = "调查轮次"
        ordering = ["-opens_on", "-pk"]
        indexes = [
            # the round list of a district, newest first
            models.Index(fields=["district", "-opens_on"], name="survey_round_district_opens"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="survey_round_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.opens_on:
            self.school_year = SchoolYear.of(self.opens_on).start
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("surveys:round_detail", args=[self.pk])

    def clean(self) -> None:
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": "截止日期不能早于开始日期。"})
        if self.repeat_limit == RepeatLimit.CODES and not self.codes_per_school:
            raise ValidationError({"codes_per_school": "「每人一码」方式须填写每校答题码数。"})

    def status(self, today: datetime.date) -> str:
        if self.closed_at is not None or today > self.closes_on:
            return RoundStatus.CLOSED
        if today < self.opens_on:
            return RoundStatus.PENDING
        return RoundStatus.OPEN

    @property
    def uses_codes(self) -> bool:
        return self.repeat_limit == RepeatLimit.CODES


class RoundSchool(models.Model):
    """A school in a round, with the unguessable token of its public answer page."""

    round = models.ForeignKey(
        Round, verbose_name="调查轮次", on_delete=models.CASCADE, related_name="round_schools"
    )
    school = models.ForeignKey(
        School, verbose_name="学校", on_delete=models.PROTECT, related_name="+"
    )
    token = models.CharField("链接令牌", max_length=40, unique=True)

    class Meta:
        verbose_name = "参与学校"
        verbose_name_plural = "参与学校"
        constraints = [
            models.UniqueConstraint(fields=["round", "school"], name="survey_round_school_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.school}"

    def answer_path(self) -> str:
        return reverse("surveys:answer", args=[self.token])


class RespondentCode(models.Model):
    """A printed per-respondent code: the code and whether it has been used. Nothing links it
    to the response it allowed."""

    round_school = models.ForeignKey(
        RoundSchool, verbose_name="参与学校", on_delete=models.CASCADE, related_name="codes"
    )
    code = models.CharField("答题码", max_length=12)
    used = models.BooleanField("已使用", default=False)

    class Meta:
        verbose_name = "答题码"
        verbose_name_plural = "答题码"
        ordering = ["round_school_id", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round_school", "code"], name="survey_code_unique_in_school"
            )
        ]

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One submitted questionnaire. See the module docstring for what it keeps."""

    round = models.ForeignKey(
        Round, verbose_name="调查轮次", on_delete=models.CASCADE, related_name="responses"
    )
    school = models.ForeignKey(
        School, verbose_name="学校", on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField("提交日期")
    # None: the questionnaire counts no question.
    satisfied = models.BooleanField("满意", null=True)

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        indexes = [
            # the results per school of a round; the measure per school and school year
            models.Index(fields=["round", "school"], name="survey_response_round_school"),
            models.Index(fields=["school", "round"], name="survey_response_school_round"),
        ]

    def __str__(self) -> str:
        return f"答卷 #{self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(
        Response, verbose_name="答卷", on_delete=models.CASCADE, related_name="answers"
    )
    # Copied from the response, so a round's distribution is one grouped read of this table.
    round = models.ForeignKey(
        Round, verbose_name="调查轮次", on_delete=models.CASCADE, related_name="+"
    )
    question = models.ForeignKey(
        Question, verbose_name="题目", on_delete=models.PROTECT, related_name="+"
    )
    # Scale: the point (1–5); single choice: the option's index.
    value = models.SmallIntegerField("选择", null=True, blank=True)
    text = models.TextField("填写内容", max_length=500, blank=True)

    class Meta:
        verbose_name = "答案"
        verbose_name_plural = "答案"
        indexes = [
            # the distribution per question of a round
            models.Index(fields=["round", "question", "value"], name="survey_answer_distribution"),
        ]

    def __str__(self) -> str:
        return f"答案 #{self.pk}"

"""The bundled assessment (捆绑考核, DOMAIN.md rules 16–19): schemes, scores, publications.

- A :class:`Scheme` per district and school year holds :class:`Dimension` s (each with a weight:
  its points out of 100) and their :class:`Indicator` s (each with a maximum score; the maxima
  of a dimension add up to its weight, the weights to 100 — ``assessment.scoring.scheme_errors``).
  A scheme is editable until its first score is entered.
- An indicator is *scored* by people (the bureau, or a school's self-assessment the bureau then
  confirms) or *derived* from the records through a ``core.measures`` measure; a derived value
  may also be entered by hand (``Score.raw``) where a county counts it elsewhere.
- A :class:`Score` is one school's value for one indicator, with evidence and an attachment.
- :class:`Publication` locks a year's results (a snapshot of everything shown); afterwards a
  score changes only through a :class:`Correction` with a reason, which makes a new publication
  version. :class:`ReportCode` is the short verification code printed on a community's report.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from communities.models import Community
from core import files, measures
from core.school_year import SchoolYear
from schools.models import District, School

from .enums import IndicatorKind, SchemeStatus, Scorer, ScoreStatus, ValueSource

EVIDENCE = files.Policy(
    label="佐证材料",
    kinds=(files.PDF, *files.WORD, *files.IMAGES, *files.EXCEL),
    folder="assessment",
)

year_validators = [
    MinValueValidator(1990, "学年超出范围。"),
    MaxValueValidator(2100, "学年超出范围。"),
]


def _user(label: str) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=label,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )


def _decimal(label: str, *, places: int = 2, digits: int = 7, **kwargs) -> models.DecimalField:
    return models.DecimalField(label, max_digits=digits, decimal_places=places, **kwargs)


class Scheme(models.Model):
    """The assessment scheme of a district for one school year, with the bundled formula:

    community score = core_weight × core school's total
                    + members_weight × members' average total
                    + progress_weight × progress index,
    progress index = progress_base + progress_per_point × members' average progress
    (points on last year), kept between 0 and 100.
    """

    district = models.ForeignKey(
        District, verbose_name="教育局", on_delete=models.CASCADE, related_name="assessment_schemes"
    )
    school_year = models.PositiveSmallIntegerField(
        "学年", validators=year_validators, help_text="学年的起始年份，如 2025 表示 2025-2026。"
    )
    name = models.CharField("名称", max_length=100)
    status = models.CharField(
        "状态", max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    core_weight = _decimal(
        "核心校自身结果权重",
        places=2,
        digits=4,
        default=Decimal("0.40"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    members_weight = _decimal(
        "成员校平均结果权重",
        places=2,
        digits=4,
        default=Decimal("0.30"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    progress_weight = _decimal(
        "成员校进步权重",
        places=2,
        digits=4,
        default=Decimal("0.30"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    progress_base = _decimal(
        "进步指数基准分",
        places=1,
        digits=4,
        default=Decimal("60"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="成员校平均进步为 0 分时的进步指数。",
    )
    progress_per_point = _decimal(
        "每进步 1 分增加",
        places=1,
        digits=4,
        default=Decimal("4"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    satisfaction_target = _decimal(
        "满意度目标（%）",
        places=1,
        digits=4,
        default=Decimal("95"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="规则 19：满意度须高于此值。",
    )
    created_by = _user("创建人")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["district", "-school_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "school_year"],
                name="scheme_one_per_year",
                violation_error_message="该学年已有考核方案。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year.label}学年 {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme", args=[self.pk])

    @property
    def year(self) -> SchoolYear:
        return SchoolYear(self.school_year)


class Dimension(models.Model):
    scheme = models.ForeignKey(
        Scheme, verbose_name="方案", on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.SlugField("代码", max_length=30, help_text="跨学年比较用，复制方案时保留。")
    name = models.CharField("维度", max_length=50)
    weight = _decimal(
        "权重（分）",
        places=1,
        digits=5,
        validators=[MinValueValidator(Decimal("0.1"), "权重须大于 0。"), MaxValueValidator(100)],
    )
    decline_watch = models.BooleanField(
        "连续下降预警", default=False, help_text="规则 18：教学质量或管理维度，连续两年下降时预警。"
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核维度"
        verbose_name_plural = "考核维度"
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "code"],
                name="dimension_code_unique",
                violation_error_message="同一方案中维度代码不能重复。",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    dimension = models.ForeignKey(
        Dimension, verbose_name="维度", on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField("代码", max_length=30)
    name = models.CharField("指标", max_length=80)
    max_score = _decimal(
        "满分",
        places=1,
        digits=5,
        validators=[MinValueValidator(Decimal("0.1"), "满分须大于 0。"), MaxValueValidator(100)],
    )
    guide = models.TextField("评分说明", blank=True)
    kind = models.CharField(
        "类型", max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.SCORED
    )
    scorer = models.CharField(
        "评分人", max_length=10, choices=Scorer.choices, default=Scorer.BUREAU
    )
    measure_code = models.CharField(
        "数据来源", max_length=60, blank=True, help_text="数据生成指标所读的数据项代码。"
    )
    full_at = _decimal(
        "满分对应数值",
        places=2,
        digits=8,
        null=True,
        blank=True,
        help_text="数据生成指标：达到此值得满分，低于此值按比例得分。",
    )
    order = models.PositiveSmallIntegerField("顺序", default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["dimension", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["dimension", "code"],
                name="indicator_code_unique",
                violation_error_message="同一维度中指标代码不能重复。",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def derived(self) -> bool:
        return self.kind == IndicatorKind.DERIVED

    def _measure(self) -> measures.Measure | None:
        try:
            return measures.get_measure(self.measure_code)
        except LookupError:
            return None

    @property
    def measure_label(self) -> str:
        """The data source's name in words (its code when no measure has that code)."""
        found = self._measure()
        return found.label if found else self.measure_code

    @property
    def measure_unit(self) -> str:
        found = self._measure()
        return found.unit if found else ""

    def clean(self) -> None:
        if self.kind == IndicatorKind.DERIVED:
            errors = {}
            if not self.measure_code:
                errors["measure_code"] = "数据生成指标须选择数据来源。"
            if not self.full_at or self.full_at <= 0:
                errors["full_at"] = "数据生成指标须填写满分对应数值（大于 0）。"
            if errors:
                raise ValidationError(errors)
            self.scorer = Scorer.RECORDS
        elif self.scorer == Scorer.RECORDS:
            raise ValidationError({"scorer": "人工评分指标的评分人须为教育局或学校自评。"})


class Score(models.Model):
    """One school's value of one indicator.

    Scored indicator: ``points`` (0 … max score), counted once ``status`` is confirmed.
    Derived indicator: ``raw`` is a hand-entered value (``raw_source`` hand) that replaces the
    measure, or the measure's value frozen at publishing (``raw_source`` frozen, with its
    ``detail``); ``points`` then follow from the indicator's ``full_at``.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name="指标", on_delete=models.PROTECT, related_name="scores"
    )
    school = models.ForeignKey(
        School, verbose_name="学校", on_delete=models.PROTECT, related_name="assessment_scores"
    )
    points = _decimal("得分", places=2, digits=6, null=True, blank=True)
    raw = _decimal("数值", places=2, digits=10, null=True, blank=True)
    raw_source = models.CharField(
        "数值来源", max_length=10, choices=ValueSource.choices, blank=True
    )
    detail = models.CharField("数据说明", max_length=300, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=ScoreStatus.choices, default=ScoreStatus.CONFIRMED
    )
    evidence = models.TextField("佐证说明", blank=True)
    attachment = files.protected_file_field("佐证材料")
    entered_by = _user("填报人")
    confirmed_by = _user("确认人")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "评分"
        verbose_name_plural = "评分"
        ordering = ["indicator", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "school"],
                name="score_one_per_school",
                violation_error_message="该学校此指标已有评分。",
            )
        ]
        # results and the quick-entry grid read a scheme's scores by school
        indexes = [models.Index(fields=["school", "indicator"], name="score_school_indicator")]

    def __str__(self) -> str:
        return f"{self.school} · {self.indicator}"


class Publication(models.Model):
    """A published version of a year's results; ``snapshot`` is everything the results showed
    (``assessment.results.snapshot``), so a later change of the records changes nothing here."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="方案", on_delete=models.CASCADE, related_name="publications"
    )
    version = models.PositiveSmallIntegerField("版本")
    snapshot = models.JSONField("发布内容", default=dict, editable=False)
    published_by = _user("发布人")
    published_at = models.DateTimeField("发布时间", auto_now_add=True)
    note = models.CharField("说明", max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "结果发布"
        verbose_name_plural = "结果发布"
        ordering = ["scheme", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "version"],
                name="publication_version_unique",
                violation_error_message="该版本已存在。",
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme} 第 {self.version} 版"


class Correction(models.Model):
    """A change of a published score, with its reason; it produced ``publication``."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="方案", on_delete=models.CASCADE, related_name="corrections"
    )
    publication = models.ForeignKey(
        Publication, verbose_name="更正后版本", on_delete=models.CASCADE, related_name="corrections"
    )
    score = models.ForeignKey(
        Score, verbose_name="评分", on_delete=models.PROTECT, related_name="corrections"
    )
    school = models.ForeignKey(
        School, verbose_name="学校", on_delete=models.PROTECT, related_name="+"
    )
    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.PROTECT, null=True, related_name="+"
    )
    old_points = _decimal("原得分", places=2, digits=6, null=True, blank=True)
    new_points = _decimal("新得分", places=2, digits=6, null=True, blank=True)
    old_raw = _decimal("原数值", places=2, digits=10, null=True, blank=True)
    new_raw = _decimal("新数值", places=2, digits=10, null=True, blank=True)
    reason = models.TextField("更正原因")
    made_by = _user("更正人")
    made_at = models.DateTimeField("更正时间", auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "评分更正"
        verbose_name_plural = "评分更正"
        ordering = ["scheme", "made_at", "id"]

    def __str__(self) -> str:
        return f"{self.school} · {self.score.indicator}：{self.old_points} → {self.new_points}"


class ReportCode(models.Model):
    """The verification code of one community's report as of one publication.

    ``digest`` is SHA-256 of the community's published results (``results.community_digest``)
    and its report ``version`` (which goes up only when the community's results change)."""

    scheme = models.ForeignKey(
        Scheme, verbose_name="方案", on_delete=models.CASCADE, related_name="report_codes"
    )
    community = models.ForeignKey(
        Community, verbose_name="教共体", on_delete=models.CASCADE, related_name="+"
    )
    publication = models.ForeignKey(
        Publication, verbose_name="发布版本", on_delete=models.CASCADE, related_name="codes"
    )
    version = models.PositiveSmallIntegerField("报告版本")
    digest = models.CharField("摘要", max_length=64)
    code = models.CharField("校验码", max_length=20, unique=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "报告校验码"
        verbose_name_plural = "报告校验码"
        ordering = ["scheme", "community", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "community", "version"], name="report_code_version_unique"
            )
        ]

    def __str__(self) -> str:
        return self.code


def scheme_errors(scheme: Scheme) -> list[str]:
    """Why a scheme's weights do not add up, in Chinese (empty when they do): the dimensions'
    weights add up to 100, each dimension's indicators' maxima to its weight, and the bundled
    formula's three weights to 1."""
    errors = []
    dimensions = list(scheme.dimensions.prefetch_related("indicators"))
    if not dimensions:
        return ["方案还没有维度。"]
    total = sum((d.weight for d in dimensions), Decimal(0))
    if total != 100:
        errors.append(f"各维度权重合计应为 100 分，现为 {total.normalize():f} 分。")
    for d in dimensions:
        indicators = list(d.indicators.all())
        if not indicators:
            errors.append(f"维度「{d.name}」还没有指标。")
            continue
        maxima = sum((i.max_score for i in indicators), Decimal(0))
        if maxima != d.weight:
            errors.append(
                f"维度「{d.name}」各指标满分合计应为 {d.weight.normalize():f} 分，"
                f"现为 {maxima.normalize():f} 分。"
            )
    formula = scheme.core_weight + scheme.members_weight + scheme.progress_weight
    if formula != 1:
        errors.append(f"教共体得分公式的三项权重合计应为 1，现为 {formula.normalize():f}。")
    return errors

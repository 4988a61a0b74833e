"""Writes of the bundled assessment: schemes, scores, publishing and corrections.

Every function is keyword-only, runs in a transaction and records the acting user (history rows
through django-simple-history). Rules kept here, in one place:

- a scheme is edited only while it has no score (``scheme_locked``);
- a scheme is activated (and scores accepted) only when its weights add up
  (``models.scheme_errors``);
- a published year's scores change only through :func:`score_correct`, with a reason; it
  makes a new publication version and new verification codes for the communities it changed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from core import files
from core.services import validated_save

from . import results
from .enums import DEFAULT_DIMENSIONS, IndicatorKind, SchemeStatus, Scorer, ScoreStatus, ValueSource
from .models import (
    EVIDENCE,
    Correction,
    Dimension,
    Indicator,
    Publication,
    ReportCode,
    Scheme,
    Score,
    scheme_errors,
)


def scheme_locked(scheme: Scheme) -> bool:
    """A scheme is fixed once any score is entered (or the year is published)."""
    return Score.objects.filter(indicator__dimension__scheme=scheme).exists() or (
        results.is_published(scheme)
    )


def _refuse_if_locked(scheme: Scheme) -> None:
    if scheme_locked(scheme):
        raise ValidationError("方案已开始评分，不能再修改。")


@transaction.atomic
def scheme_create_default(*, district, school_year: int, actor, name: str = "") -> Scheme:
    """A new scheme with the six dimensions of DOMAIN.md rule 16 and their indicators."""
    scheme = validated_save(
        Scheme(
            district=district,
            school_year=school_year,
            name=name or "教共体捆绑考核方案",
            created_by=actor,
        ),
        actor=actor,
    )
    for order, (code, label, weight, watch, indicators) in enumerate(DEFAULT_DIMENSIONS):
        dimension = validated_save(
            Dimension(
                scheme=scheme,
                code=code,
                name=label,
                weight=Decimal(weight),
                decline_watch=watch,
                order=order,
            ),
            actor=actor,
        )
        for i_order, (i_code, i_name, max_score, scorer, measure, full_at, guide) in enumerate(
            indicators
        ):
            validated_save(
                Indicator(
                    dimension=dimension,
                    code=i_code,
                    name=i_name,
                    max_score=Decimal(max_score),
                    guide=guide,
                    kind=IndicatorKind.DERIVED if measure else IndicatorKind.SCORED,
                    scorer=scorer,
                    measure_code=measure,
                    full_at=Decimal(full_at) if full_at is not None else None,
                    order=i_order,
                ),
                actor=actor,
            )
    return scheme


@transaction.atomic
def scheme_copy(*, source: Scheme, school_year: int, actor) -> Scheme:
    """Last year's scheme (or any) copied to ``school_year``, as a draft."""
    fields = ("core_weight", "members_weight", "progress_weight", "progress_base")
    fields += ("progress_per_point", "satisfaction_target")
    scheme = validated_save(
        Scheme(
            district=source.district,
            school_year=school_year,
            name=source.name,
            created_by=actor,
            **{f: getattr(source, f) for f in fields},
        ),
        actor=actor,
    )
    for dimension in source.dimensions.prefetch_related("indicators"):
        copy = validated_save(
            Dimension(
                scheme=scheme,
                code=dimension.code,
                name=dimension.name,
                weight=dimension.weight,
                decline_watch=dimension.decline_watch,
                order=dimension.order,
            ),
            actor=actor,
        )
        for indicator in dimension.indicators.all():
            validated_save(
                Indicator(
                    dimension=copy,
                    code=indicator.code,
                    name=indicator.name,
                    max_score=indicator.max_score,
                    guide=indicator.guide,
                    kind=indicator.kind,
                    scorer=indicator.scorer,
                    measure_code=indicator.measure_code,
                    full_at=indicator.full_at,
                    order=indicator.order,
                ),
                actor=actor,
            )
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, actor, **values) -> Scheme:
    _refuse_if_locked(scheme)
    for key, value in values.items():
        setattr(scheme, key, value)
    validated_save(scheme, actor=actor)
    _check_active(scheme)
    return scheme


def _check_active(scheme: Scheme) -> None:
    if scheme.status == SchemeStatus.ACTIVE:
        errors = scheme_errors(scheme)
        if errors:
            raise ValidationError(["已启用的方案权重须保持合计正确："] + errors)


@transaction.atomic
def scheme_activate(*, scheme: Scheme, actor) -> Scheme:
    """Start scoring on a scheme: refused, with every reason, when its weights do not add up."""
    errors = scheme_errors(scheme)
    if errors:
        raise ValidationError(errors)
    scheme.status = SchemeStatus.ACTIVE
    return validated_save(scheme, actor=actor)


@transaction.atomic
def scheme_to_draft(*, scheme: Scheme, actor) -> Scheme:
    _refuse_if_locked(scheme)
    scheme.status = SchemeStatus.DRAFT
    return validated_save(scheme, actor=actor)


@transaction.atomic
def dimension_save(*, dimension: Dimension, actor) -> Dimension:
    _refuse_if_locked(dimension.scheme)
    validated_save(dimension, actor=actor)
    _check_active(dimension.scheme)
    return dimension


@transaction.atomic
def indicator_save(*, indicator: Indicator, actor) -> Indicator:
    _refuse_if_locked(indicator.dimension.scheme)
    validated_save(indicator, actor=actor)
    _check_active(indicator.dimension.scheme)
    return indicator


# --- scores ----------------------------------------------------------------------------------


def parse_number(text, *, label: str) -> Decimal | None:
    """A cell or field value as Decimal; blank is None; anything else a Chinese error."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = Decimal(str(text).strip().rstrip("%").replace("，", "").replace(",", ""))
    except InvalidOperation:
        raise ValidationError(f"「{label}」应为数字，现为「{str(text)[:20]}」。") from None
    if not value.is_finite():
        raise ValidationError(f"「{label}」应为数字。")
    return value


def value_error(indicator: Indicator, value: Decimal | None) -> str | None:
    """Why ``value`` cannot be this indicator's entry (points, or a derived value in %)."""
    if value is None:
        return None
    if indicator.kind == IndicatorKind.DERIVED:
        if value < 0:
            return f"「{indicator.name}」的数值不能为负。"
        if indicator.full_at and indicator.full_at <= 100 and value > 100:
            return f"「{indicator.name}」的数值不能超过 100。"
        return None
    if value < 0 or value > indicator.max_score:
        return f"「{indicator.name}」得分应在 0 到 {indicator.max_score.normalize():f} 之间。"
    if value != value.quantize(Decimal("0.01")):
        return f"「{indicator.name}」得分最多保留两位小数。"
    return None


def _refuse_if_not_open(scheme: Scheme) -> None:
    if scheme.status != SchemeStatus.ACTIVE:
        raise ValidationError("方案尚未启用，不能评分。")
    if results.is_published(scheme):
        raise ValidationError("本学年结果已发布，评分只能通过更正修改。")


def _apply(score: Score, indicator: Indicator, value: Decimal | None) -> None:
    if indicator.kind == IndicatorKind.DERIVED:
        score.raw = value
        score.raw_source = ValueSource.HAND if value is not None else ""
        score.points = results.derived_points(indicator, value)
        score.detail = "手工填报" if value is not None else ""
    else:
        score.points = value


@transaction.atomic
def score_set(
    *,
    indicator: Indicator,
    school,
    value: Decimal | None,
    actor,
    self_assessed: bool = False,
    evidence: str | None = None,
    attachment=None,
    reason: str = "",
) -> Score | None:
    """Enter (or change) one school's value of one indicator before publishing.

    ``self_assessed``: a school's self-assessment of a ``Scorer.SELF`` indicator, waiting for
    the bureau's confirmation; otherwise the entry is the bureau's and confirmed. A blank value
    on a score with no evidence removes it. ``attachment``: an upload (checked against the
    evidence policy), ``False`` to remove the file, ``None`` to leave it. ``reason``: the history
    row's change reason (the Excel import names itself)."""
    scheme = indicator.dimension.scheme
    _refuse_if_not_open(scheme)
    error = value_error(indicator, value)
    if error:
        raise ValidationError(error)
    if self_assessed and indicator.scorer != Scorer.SELF:
        raise ValidationError(f"「{indicator.name}」不是学校自评指标。")
    score = Score.objects.filter(indicator=indicator, school=school).first()
    if score is None:
        if value is None and not evidence and not attachment:
            return None
        score = Score(indicator=indicator, school=school)
    elif self_assessed and score.status == ScoreStatus.CONFIRMED and score.points is not None:
        raise ValidationError(f"「{indicator.name}」已由教育局确认，不能再自评修改。")
    _apply(score, indicator, value)
    if evidence is not None:
        score.evidence = evidence
    score.status = ScoreStatus.SELF_ASSESSED if self_assessed else ScoreStatus.CONFIRMED
    score.entered_by = actor
    score.confirmed_by = None if self_assessed else actor
    if attachment:
        score.attachment = files.store(attachment, policy=EVIDENCE)
    elif attachment is False:
        score.attachment = None
    if score.pk and value is None and not score.evidence and score.attachment_id is None:
        score.delete()
        return None
    return validated_save(score, actor=actor, reason=reason)


@transaction.atomic
def score_confirm(*, score: Score, actor) -> Score:
    _refuse_if_not_open(score.indicator.dimension.scheme)
    score.status = ScoreStatus.CONFIRMED
    score.confirmed_by = actor
    return validated_save(score, actor=actor, reason="教育局确认自评")


@transaction.atomic
def scores_set_many(*, entries, actor) -> int:
    """The quick-entry grid and the Excel import: ``entries`` is ``[(indicator, school,
    value)]``; all are checked first, then written; nothing is written when one is wrong.
    Returns how many scores changed."""
    errors = []
    for indicator, school, value in entries:
        error = value_error(indicator, value)
        if error:
            errors.append(f"{school.name}：{error}")
    if errors:
        raise ValidationError(errors)
    existing = {
        (s.indicator_id, s.school_id): s
        for s in Score.objects.filter(
            indicator__in={i.pk for i, _, _ in entries},
            school__in={s.pk for _, s, _ in entries},
        )
    }
    changed = 0
    for indicator, school, value in entries:
        current = existing.get((indicator.pk, school.pk))
        before = None
        if current is not None:
            before = current.raw if indicator.kind == IndicatorKind.DERIVED else current.points
            if before == value and current.status == ScoreStatus.CONFIRMED:
                continue
        elif value is None:
            continue
        score_set(indicator=indicator, school=school, value=value, actor=actor)
        changed += 1
    return changed


# --- publishing and corrections -------------------------------------------------------------


def publish_errors(scheme: Scheme, district_result: results.DistrictResult) -> list[str]:
    errors = list(scheme_errors(scheme))
    if scheme.status != SchemeStatus.ACTIVE:
        errors.append("方案尚未启用。")
    for school in district_result.schools:
        unscored = [
            f"{d.name}·{i.name}"
            for d in school.dimensions
            for i in d.indicators
            if not i.derived and i.points is None
        ]
        if unscored:
            errors.append(f"{school.name} 尚有指标未评分或待确认：{'、'.join(unscored)}。")
    return errors


def _freeze_derived(scheme: Scheme, district_result: results.DistrictResult, actor) -> None:
    """Store every derived value read from the records as a frozen Score row, so the published
    values stay explainable from the database (and correctable)."""
    indicators = {i.pk: i for i in Indicator.objects.filter(dimension__scheme=scheme)}
    stored = {
        (s.indicator_id, s.school_id): s
        for s in Score.objects.filter(indicator__dimension__scheme=scheme)
    }
    for school in district_result.schools:
        for dim in school.dimensions:
            for value in dim.indicators:
                if not value.derived or value.state != "measure" or value.raw is None:
                    continue
                if (value.indicator_id, school.school_id) in stored:
                    continue
                score = Score(
                    indicator=indicators[value.indicator_id],
                    school_id=school.school_id,
                    raw=value.raw,
                    raw_source=ValueSource.FROZEN,
                    points=value.points,
                    detail=value.detail[:300],
                    entered_by=actor,
                    confirmed_by=actor,
                )
                validated_save(score, actor=actor, reason="发布时固定系统数据")
                value.score_id = score.pk


def _issue_codes(scheme: Scheme, publication: Publication, result: results.DistrictResult) -> None:
    latest = {}
    for row in ReportCode.objects.filter(scheme=scheme).order_by("version"):
        latest[row.community_id] = row
    for community in result.communities:
        digest = results.community_digest(community)
        previous = latest.get(community.community_id)
        if previous is not None and previous.digest == digest:
            continue
        version = previous.version + 1 if previous else 1
        ReportCode.objects.create(
            scheme=scheme,
            community_id=community.community_id,
            publication=publication,
            version=version,
            digest=digest,
            code=results.code_for(digest, version),
        )


@transaction.atomic
def results_publish(*, scheme: Scheme, actor, note: str = "") -> Publication:
    """Lock the year's results: derived values frozen, the results snapshotted, a verification
    code issued for every community. Refused when already published (use a correction) or
    when a scored indicator is still unscored."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    if results.is_published(scheme):
        raise ValidationError("本学年结果已发布；如需修改请提交更正。")
    district_result = results.compute(scheme)
    errors = publish_errors(scheme, district_result)
    if errors:
        raise ValidationError(errors)
    _freeze_derived(scheme, district_result, actor)
    publication = validated_save(
        Publication(
            scheme=scheme,
            version=1,
            snapshot=results.dump(district_result),
            published_by=actor,
            note=note,
        ),
        actor=actor,
    )
    _issue_codes(scheme, publication, district_result)
    return publication


@transaction.atomic
def score_correct(
    *, scheme: Scheme, indicator: Indicator, school, value: Decimal | None, reason: str, actor
) -> Correction:
    """Change a published score: the reason is required; the correction is recorded, a new
    publication version is made from the records, and the changed communities get new codes
    (their old codes then verify as superseded)."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    latest = results.latest_publication(scheme)
    if latest is None:
        raise ValidationError("本学年结果尚未发布，请直接修改评分。")
    if indicator.dimension.scheme_id != scheme.pk:
        raise ValidationError("指标不属于该方案。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写更正原因。"})
    if value is None:
        raise ValidationError({"value": "请填写更正后的得分。"})
    error = value_error(indicator, value)
    if error:
        raise ValidationError({"value": error})
    before = results.load(latest.snapshot)
    placed = before.school(school.pk)
    if placed is None:
        raise ValidationError("该学校不在本学年的考核名单中。")
    score = Score.objects.filter(indicator=indicator, school=school).first()
    if score is None:
        score = Score(indicator=indicator, school=school, entered_by=actor)
    old_points, old_raw = score.points, score.raw
    if indicator.kind == IndicatorKind.DERIVED:
        if old_raw is not None and value == old_raw:
            raise ValidationError({"value": "更正后的数值与原值相同。"})
    elif old_points is not None and value == old_points:
        raise ValidationError({"value": "更正后的得分与原得分相同。"})
    _apply(score, indicator, value)
    if indicator.kind == IndicatorKind.DERIVED:
        score.detail = f"更正：{reason}"[:300]
    score.status = ScoreStatus.CONFIRMED
    score.confirmed_by = actor
    validated_save(score, actor=actor, reason=f"更正：{reason}"[:100])
    # Recompute from the records, with the communities as published (a membership edited since
    # must not move a school): the published roster is kept, only the scores are re-read.
    district_result = results.compute(scheme, use_measures=False)
    _keep_roster(district_result, before)
    publication = validated_save(
        Publication(
            scheme=scheme,
            version=latest.version + 1,
            snapshot=results.dump(district_result),
            published_by=actor,
            note=f"更正：{reason}"[:200],
        ),
        actor=actor,
    )
    correction = validated_save(
        Correction(
            scheme=scheme,
            publication=publication,
            score=score,
            school=school,
            community_id=placed.community_id,
            old_points=old_points,
            new_points=score.points,
            old_raw=old_raw,
            new_raw=score.raw if indicator.kind == IndicatorKind.DERIVED else None,
            reason=reason,
            made_by=actor,
        ),
        actor=actor,
    )
    _issue_codes(scheme, publication, district_result)
    return correction


def _keep_roster(now: results.DistrictResult, before: results.DistrictResult) -> None:
    """Refuse a correction whose recomputation moved schools between communities (the roster
    changed since publishing): that is a new assessment, not a correction."""
    was = {s.school_id: s.community_id for s in before.schools}
    is_ = {s.school_id: s.community_id for s in now.schools}
    if was != is_:
        raise ValidationError("发布后教共体成员发生了变化，不能仅通过更正评分处理，请联系管理员。")

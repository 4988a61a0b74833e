"""Publishing locks a year's results; a correction (with a reason) is the only way to change a
published score; the verification codes of changed communities are superseded."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessment import results, services
from assessment.enums import VerifyStatus
from assessment.models import Correction, Dimension, Indicator, Publication, ReportCode, Score

D = Decimal


def _q1(scheme):
    return Indicator.objects.get(dimension__scheme=scheme, code="q1")


def test_publish_refused_while_a_scored_indicator_is_unscored(assessed):
    w = assessed
    Score.objects.get(indicator=_q1(w.s2025), school=w.xikou).delete()
    with pytest.raises(ValidationError) as caught:
        services.results_publish(scheme=w.s2025, actor=w.staff)
    assert caught.value.messages == ["溪口小学 尚有指标未评分或待确认：教育质量提升度·质量监测。"]
    assert not Publication.objects.exists()


def test_publish_locks_scores_and_scheme(assessed):
    w = assessed
    publication = services.results_publish(scheme=w.s2025, actor=w.staff)
    assert publication.version == 1
    assert set(ReportCode.objects.values_list("community__name", "version")) == {
        ("城关教共体", 1),
        ("东片教共体", 1),
    }
    with pytest.raises(ValidationError) as caught:
        services.score_set(indicator=_q1(w.s2025), school=w.core_school, value=D(1), actor=w.staff)
    assert caught.value.messages == ["本学年结果已发布，评分只能通过更正修改。"]
    dimension = Dimension.objects.get(scheme=w.s2025, code="quality")
    dimension.name = "改名"
    with pytest.raises(ValidationError) as caught:
        services.dimension_save(dimension=dimension, actor=w.staff)
    assert caught.value.messages == ["方案已开始评分，不能再修改。"]
    with pytest.raises(ValidationError):
        services.results_publish(scheme=w.s2025, actor=w.staff)


def test_published_results_do_not_follow_later_record_changes(assessed):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    # a change behind the services' back (e.g. a late data fix) does not move published results
    Score.objects.filter(indicator=_q1(w.s2025), school=w.member_school).update(points=D(10))
    assert results.school_result(w.member_school, 2025).total == D("78.00")
    assert results.school_result(w.member_school, 2025, live=True).total == D("46.00")


def test_correction_needs_a_reason(assessed):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    with pytest.raises(ValidationError) as caught:
        services.score_correct(
            scheme=w.s2025,
            indicator=_q1(w.s2025),
            school=w.member_school,
            value=D(45),
            reason=" ",
            actor=w.staff,
        )
    assert caught.value.message_dict == {"reason": ["请填写更正原因。"]}
    assert not Correction.objects.exists()


def test_correction_trail_and_superseded_code(assessed):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    before = results.community_results(w.community, 2025)
    old_code = before.publication.code
    east_code = results.community_results(w.east, 2025).publication.code
    assert old_code == results.code_for(results.community_digest(before), 1)
    assert results.verify(old_code).status == VerifyStatus.VALID

    correction = services.score_correct(
        scheme=w.s2025,
        indicator=_q1(w.s2025),
        school=w.member_school,
        value=D(45),
        reason="复核监测成绩，原录入有误",
        actor=w.staff,
    )

    assert (correction.old_points, correction.new_points) == (D("42.00"), D("45.00"))
    after = results.community_results(w.community, 2025)
    # 河口 45 + 36 = 81.00, progress −2.00 → index 52.00;
    # 0.4 × 93.20 + 0.3 × (81 + 30 + 100) / 3 + 0.3 × 52 = 37.28 + 21.099 + 15.60 = 73.98
    assert after.bundled.score == D("73.98")
    assert after.publication.version == 2
    assert after.publication.report_version == 2
    assert [
        (c.school, c.indicator, c.old, c.new, c.reason, c.version)
        for c in after.publication.corrections
    ] == [("河口小学", "质量监测", "42.00", "45.00", "复核监测成绩，原录入有误", 2)]
    old = results.verify(old_code.lower().replace("-", ""))
    assert old.status == VerifyStatus.SUPERSEDED
    assert old.current_code == after.publication.code != old_code
    assert [c.id for c in old.superseded_by] == [correction.pk]
    assert results.verify(after.publication.code).status == VerifyStatus.VALID
    # the other community's results did not change: its printed code still verifies
    assert results.community_results(w.east, 2025).publication.code == east_code
    assert results.verify(east_code).status == VerifyStatus.VALID
    assert results.verify("AAAAA-AAAAA").status == VerifyStatus.UNKNOWN
    # the score's history records the correction and its reason
    history = Score.history.filter(indicator=_q1(w.s2025), school=w.member_school).first()
    assert (history.points, history.history_change_reason) == (
        D("45.00"),
        "更正：复核监测成绩，原录入有误",
    )


def test_same_value_is_not_a_correction(assessed):
    w = assessed
    services.results_publish(scheme=w.s2025, actor=w.staff)
    with pytest.raises(ValidationError) as caught:
        services.score_correct(
            scheme=w.s2025,
            indicator=_q1(w.s2025),
            school=w.member_school,
            value=D(42),
            reason="无",
            actor=w.staff,
        )
    assert caught.value.message_dict == {"value": ["更正后的得分与原得分相同。"]}

"""Every formula on a hand-computed case (``conftest.assessed``).

2025-2026, quality q1 (max 60) + satisfaction s1 (40 × rate / 100):
- 城关第一小学 (core): 54 + 39.20 = 93.20; last year 50 + 38.40 = 88.40 → progress +4.80
- 河口小学: 42 + 36.00 = 78.00; last year 45 + 38 = 83.00 → progress −5.00; quality share
  83.33 → 75.00 → 70.00: declined two years running (rule 18); satisfaction 90 ≤ 95 (rule 19)
- 溪口小学 (joined 2025-11-01): 30 + satisfaction 无数据 (counts 0) = 30.00, incomplete
- 半路小学 (东片 181 days, 城关 184 days → 城关): 60 + 40 = 100.00
- 东片中心校 (core of 东片, alone): 48 + 38.80 = 86.80
城关 bundled: members' average (78 + 30 + 100) / 3 = 69.33; members' progress: only 河口 has
last year → −5.00 → index 60 + 4 × (−5) = 40.00;
0.4 × 93.20 + 0.3 × 69.33 + 0.3 × 40.00 = 37.28 + 20.799 + 12.00 = 70.079 → 70.08.
东片 bundled: only the core has a value → weight 1 → 86.80.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessment import results, services
from assessment.enums import FlagKind
from assessment.models import Dimension

from .conftest import make_scheme

D = Decimal


def test_school_totals_progress_and_ranks(assessed):
    w = assessed
    district = results.district_results(w.district, 2025)
    by_name = {s.name: s for s in district.schools}
    assert [(s.name, s.total, s.rank) for s in district.schools] == [
        ("半路小学", D("100.00"), 1),
        ("城关第一小学", D("93.20"), 2),
        ("东片中心校", D("86.80"), 3),
        ("河口小学", D("78.00"), 4),
        ("溪口小学", D("30.00"), 5),
    ]
    assert by_name["城关第一小学"].progress == D("4.80")
    assert by_name["河口小学"].last_total == D("83.00")
    assert by_name["河口小学"].progress == D("-5.00")
    assert by_name["溪口小学"].progress is None
    satisfaction = by_name["河口小学"].dimension("satisfaction")
    assert satisfaction.points == D("36.00")
    assert satisfaction.indicators[0].raw == D("90")


def test_member_that_joined_mid_year_counts_where_it_spent_most_days(assessed):
    w = assessed
    community = results.community_results(w.community, 2025)
    east = results.community_results(w.east, 2025)
    assert [s.name for s in community.schools] == [
        "城关第一小学",
        "半路小学",
        "河口小学",
        "溪口小学",
    ]
    assert [s.name for s in east.schools] == ["东片中心校"]
    by_name = {s.name: s for s in community.schools}
    assert str(by_name["半路小学"].joined_on) == "2026-03-01"
    assert str(by_name["溪口小学"].joined_on) == "2025-11-01"
    assert by_name["河口小学"].joined_on is None


def test_no_score_counts_zero_and_flags_incomplete(assessed):
    xikou = results.school_result(assessed.xikou, 2025)
    value = xikou.dimension("satisfaction").indicators[0]
    assert (value.points, value.label, value.state) == (None, "无数据", "no_data")
    assert xikou.total == D("30.00")
    assert xikou.missing == ["办学效果满意度·满意度（无数据）"]
    assert [f.kind for f in xikou.flags] == [FlagKind.INCOMPLETE]


def test_bundled_score_with_every_component(assessed):
    community = results.community_results(assessed.community, 2025)
    components = {c.key: (c.value, c.used_weight, c.weighted) for c in community.bundled.components}
    assert components == {
        "core": (D("93.20"), D("0.4"), D("37.28")),
        "members": (D("69.33"), D("0.3"), D("20.80")),
        "progress": (D("40.00"), D("0.3"), D("12.00")),
    }
    assert community.bundled.score == D("70.08")
    assert community.bundled.worked == "0.4×93.20 + 0.3×69.33 + 0.3×40.00 = 70.08"
    east = results.community_results(assessed.east, 2025)
    assert east.bundled.score == D("86.80")
    assert [c.used_weight for c in east.bundled.components] == [D("1"), D("0"), D("0")]
    assert (east.rank, community.rank) == (1, 2)


def test_flags_two_year_decline_and_satisfaction(assessed):
    hekou = results.school_result(assessed.member_school, 2025)
    assert [(f.kind, f.text) for f in hekou.flags] == [
        (FlagKind.DECLINE, "教育质量提升度连续两年下降：83.33% → 75.00% → 70.00%（得分率）"),
        (FlagKind.SATISFACTION, "满意度 90.00%，未高于目标 95.0%"),
    ]
    core = results.school_result(assessed.core_school, 2025)
    assert core.flags == []


def test_weights_not_adding_up_are_refused(world):
    staff = world.users["bureau_staff"]
    scheme = make_scheme(world.district, 2026, staff)
    services.scheme_to_draft(scheme=scheme, actor=staff)
    Dimension.objects.filter(scheme=scheme, code="quality").update(weight=D(50))
    scheme.core_weight = D("0.5")
    scheme.save()
    with pytest.raises(ValidationError) as caught:
        services.scheme_activate(scheme=scheme, actor=staff)
    assert caught.value.messages == [
        "各维度权重合计应为 100 分，现为 90 分。",
        "维度「教育质量提升度」各指标满分合计应为 50 分，现为 60 分。",
        "教共体得分公式的三项权重合计应为 1，现为 1.1。",
    ]

"""seed_demo: the demo county has the shapes, sizes and users the README promises."""

import io
from collections import Counter

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.enums import Role
from accounts.models import User
from communities.enums import CommunityKind, CommunityModel, MemberRole, PositionTitle
from communities.models import Community, Membership, Position, WorkGroup
from communities.selectors import communities_over_limit, schools_without_community
from compliance.models import RuleSetting
from schools.enums import BackboneLevel, Education, Gender, StaffPosition, Stage
from schools.models import District, School, Teacher, TeacherMove

pytestmark = pytest.mark.django_db

PASSWORD = "jgt-demo-2025"


@pytest.fixture
def county(seeded):
    return District.objects.get(code="999999")


def _table_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_district_and_sizes(county):
    assert county.name == "示范县"
    assert 70 <= School.objects.filter(district=county).count() <= 90
    assert 1800 <= Teacher.objects.filter(school__district=county).count() <= 2200


def test_report_names_the_county(seeded):
    assert seeded.startswith("已生成示范县（999999）：学校 ")


def test_schools_cover_stages_and_locales(county):
    schools = School.objects.filter(district=county)
    stages = set(schools.values_list("stage", flat=True))
    assert {
        Stage.PRESCHOOL,
        Stage.PRIMARY,
        Stage.JUNIOR,
        Stage.NINE_YEAR,
        Stage.SENIOR,
        Stage.VOCATIONAL,
    } <= stages
    assert set(schools.values_list("locale", flat=True)) == {"urban", "town", "rural"}
    points = schools.filter(name__endswith="教学点")
    assert points.count() >= 10
    assert all(8 <= p.students <= 40 and p.parent_id for p in points)
    assert all(p.parent.name.endswith("中心小学") for p in points.select_related("parent"))
    assert (
        schools.filter(name__endswith="中心小学", children__isnull=False).distinct().count() == 10
    )
    codes = list(schools.values_list("code", flat=True))
    known = [c for c in codes if c]
    assert len(known) >= 0.8 * len(codes)
    assert len(known) < len(codes)
    assert all(len(c) == 10 and c.isdigit() for c in known)
    campuses = schools.filter(name__contains="校区")
    assert campuses.count() == 3
    assert not campuses.filter(is_legal_entity=True).exists()


def test_every_school_has_one_principal_named_on_the_school(county):
    schools = School.objects.filter(district=county)
    principals = Teacher.objects.filter(school__district=county, position=StaffPosition.PRINCIPAL)
    assert Counter(principals.values_list("school_id", flat=True)) == Counter(
        {pk: 1 for pk in schools.values_list("pk", flat=True)}
    )
    assert all(p.school.principal == p.name for p in principals.select_related("school"))
    assert Teacher.objects.filter(position=StaffPosition.VICE_PRINCIPAL).count() >= 40
    assert Teacher.objects.filter(position=StaffPosition.MIDDLE_MANAGER).count() >= 100


def test_teacher_distributions(county):
    teachers = Teacher.objects.filter(school__district=county)
    total = teachers.count()
    primary = teachers.filter(school__stage=Stage.PRIMARY)
    female_share = primary.filter(gender=Gender.FEMALE).count() / primary.count()
    assert 0.6 <= female_share <= 0.8
    years = list(teachers.values_list("birth_year", flat=True))
    assert min(years) >= 1965 and max(years) <= 2001
    education = Counter(teachers.values_list("education", flat=True))
    assert education[Education.BACHELOR] / total >= 0.6
    assert education[Education.JUNIOR_COLLEGE] > education[Education.MASTER] > 0
    assert education[Education.SECONDARY_NORMAL] > 0
    backbone = Counter(teachers.values_list("backbone_level", flat=True))
    assert backbone[BackboneLevel.NONE] / total >= 0.75
    assert 0.06 <= backbone[BackboneLevel.SCHOOL] / total <= 0.15
    assert 0.03 <= backbone[BackboneLevel.COUNTY] / total <= 0.08
    assert 0.005 <= backbone[BackboneLevel.CITY] / total <= 0.025
    assert backbone[BackboneLevel.PROVINCE] == 2
    assert backbone[BackboneLevel.SPECIAL] == 1
    subjects = Counter(s for t in teachers for s in t.subject_list)
    assert {"体育", "音乐", "美术", "语文", "数学", "学前教育", "物理"} <= set(subjects)
    eligible = sum(t.is_rotation_eligible() for t in teachers)
    assert 0.3 * total <= eligible <= 0.85 * total
    assert teachers.filter(is_head_teacher=True).count() >= 500


def test_teachers_have_creation_history(county):
    teachers = Teacher.objects.filter(school__district=county)
    created = Teacher.history.filter(history_type="+", school__district=county)
    assert created.count() == teachers.count()


def test_moves_on_record(county):
    moves = TeacherMove.objects.filter(to_school__name="示范县城东小学")
    assert moves.count() == 3
    assert {m.from_school.name for m in moves} == {"示范县实验小学"}


def test_eight_communities_of_every_kind_each_with_one_core(county):
    communities = Community.objects.filter(district=county)
    assert communities.count() == 8
    assert set(communities.values_list("kind", flat=True)) == set(CommunityKind.values)
    assert set(communities.values_list("model", flat=True)) >= {
        CommunityModel.URBAN_RURAL,
        CommunityModel.THROUGH_STAGE,
        CommunityModel.FUSED,
    }
    for community in communities:
        cores = community.memberships.current().filter(role=MemberRole.CORE)
        assert cores.count() == 1, community.name


def test_shapes(county):
    group = Community.objects.get(name="示范县实验小学教育集团")
    assert group.memberships.current().filter(role=MemberRole.MEMBER).count() in range(4, 7)
    fused = Community.objects.get(model=CommunityModel.FUSED)
    members = fused.memberships.current().filter(role=MemberRole.MEMBER)
    assert members.count() == 3
    assert not members.filter(school__is_legal_entity=True).exists()
    binding = Community.objects.get(kind=CommunityKind.BINDING)
    assert binding.memberships.current().count() == 2
    assert binding.positions.filter(title=PositionTitle.FIRST_PRINCIPAL).count() == 1
    preschool = Community.objects.get(stage="preschool")
    assert preschool.memberships.current().count() == 12
    cluster = Community.objects.get(kind=CommunityKind.CLUSTER)
    assert set(cluster.work_groups.values_list("name", flat=True)) == {
        "领导小组",
        "教学联络组",
        "德育联络组",
        "后勤联络组",
    }


def test_nested_teaching_point_belongs_to_a_community(county):
    enrolled = Membership.objects.current().filter(community__district=county)
    nested = School.objects.filter(
        name__endswith="教学点", parent_id__in=enrolled.values("school_id")
    )
    assert nested.count() >= 5
    assert not enrolled.filter(school__parent__isnull=False).exists()


def test_over_limit_and_unaffiliated(county):
    over = communities_over_limit(Community.objects.filter(district=county))
    assert [c.name for c in over] == ["实验中学教共体"]
    lonely = schools_without_community(School.objects.filter(district=county))
    assert 3 <= lonely.count() <= 5


def test_membership_history(county):
    moved = School.objects.get(name="江北镇初级中学")
    rows = list(Membership.objects.filter(school=moved).order_by("start_on"))
    assert [(r.community.name, r.end_on is None) for r in rows] == [
        ("育才学校九年一贯制教共体", False),
        ("实验中学教共体", True),
    ]
    replaced = Community.objects.get(name="城西教共体")
    cores = replaced.memberships.filter(role=MemberRole.CORE).order_by("start_on")
    assert [(m.school.name, m.end_on is None) for m in cores] == [
        ("示范县城关第一小学", False),
        ("示范县第二实验小学", True),
    ]
    assert (
        replaced.memberships.current()
        .filter(school__name="示范县城关第一小学", role=MemberRole.MEMBER)
        .count()
        == 1
    )


def test_positions_and_work_groups(county):
    positions = Position.objects.filter(community__district=county)
    titles = set(positions.values_list("title", flat=True))
    assert titles == {
        PositionTitle.CHAIR,
        PositionTitle.VICE_CHAIR,
        PositionTitle.COUNCIL_MEMBER,
        PositionTitle.GENERAL_PRINCIPAL,
        PositionTitle.EXECUTIVE_PRINCIPAL,
        PositionTitle.FIRST_PRINCIPAL,
        PositionTitle.PARTY_SECRETARY,
        PositionTitle.LIAISON,
    }
    outsiders = positions.filter(teacher__isnull=True)
    assert [p.person_name for p in outsiders] == ["欧阳明远"]
    assert positions.filter(end_on__isnull=False).count() == 1
    groups = WorkGroup.objects.filter(community__district=county)
    assert groups.count() >= 8
    assert all(g.members.count() >= 2 for g in groups)


def test_demo_users(county):
    users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
    assert {n: u.role for n, u in users.items()} == {
        "demo_admin": Role.BUREAU_ADMIN,
        "demo_bureau": Role.BUREAU_STAFF,
        "demo_leader": Role.COMMUNITY_LEADER,
        "demo_school": Role.SCHOOL_LEADER,
    }
    assert all(u.district_id == county.pk for u in users.values())
    assert all(u.check_password(PASSWORD) for u in users.values())
    assert all(u.first_name and u.last_name for u in users.values())
    assert [n for n, u in users.items() if u.is_staff] == ["demo_admin"]
    group = Community.objects.get(name="示范县实验小学教育集团")
    assert users["demo_leader"].community == group
    school = users["demo_school"].school
    assert group.memberships.current().filter(school=school, role=MemberRole.MEMBER).count() == 1
    assert school.children.exists()


def test_running_twice_changes_nothing(county):
    before = _table_counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert _table_counts() == before
    assert out.getvalue() == "示范县（999999）已存在，未做任何更改。\n"


def test_if_empty_does_nothing_when_a_district_exists(county):
    before = _table_counts()
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert _table_counts() == before
    assert out.getvalue() == "数据库已有数据，跳过生成示范县。\n"


def test_demo_logins_lists_the_four_users(seeded):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    lines = text.splitlines()
    users = [line.split()[0] for line in lines if line.startswith("demo_")]
    assert users == ["demo_admin", "demo_bureau", "demo_leader", "demo_school"]
    assert all(line.rstrip().endswith(PASSWORD) for line in lines if line.startswith("demo_"))
    assert "教共体：示范县实验小学教育集团" in text
    assert lines[-1] == "打开 Open: http://127.0.0.1:8000/"


def test_demo_logins_prints_the_address_it_is_given(seeded):
    out = io.StringIO()

    call_command("demo_logins", "--url", "http://127.0.0.1:8124/", stdout=out)

    assert out.getvalue().splitlines()[-1] == "打开 Open: http://127.0.0.1:8124/"


def test_demo_has_students_per_part_teaching_stages_and_rule_settings(county):
    nine_year = School.objects.filter(district=county, stage="nine_year", parent=None)
    assert nine_year.exists()
    for school in nine_year:
        assert school.primary_students + school.junior_students == school.students > 0
    teachers = Teacher.objects.filter(school__in=nine_year)
    assert set(teachers.values_list("teaching_stage", flat=True)) == {"primary", "junior"}
    assert RuleSetting.objects.filter(community__district=county).count() == 6

"""The community's resource library (资源共享): every activity material listed, resources
added directly, search filters, sharing scope (community vs district), downloads counted by
school, fixed query counts, the community panel and the measure 办学资源共享度."""

from __future__ import annotations

import datetime
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.urls import reverse

from accounts.enums import Role
from activities import services as activity_services
from activities.library import services
from activities.library.enums import ShareScope
from activities.library.models import Resource, ResourceDownload
from activities.library.tables import LIBRARY_TABLE
from communities.enums import MemberRole
from core.measures import get_measure
from core.models import StoredFile
from core.school_year import SchoolYear
from tests.factories import CommunityFactory, MembershipFactory, SchoolFactory, UserFactory

from .conftest import jpeg_bytes, make_activity

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 resource"
LIBRARY = reverse("activities:library")


def pdf(name="资源.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def add(
    school,
    title,
    *,
    kind="design",
    subject="",
    grade="",
    scope=ShareScope.COMMUNITY,
    on=datetime.date(2025, 10, 1),
    description="",
    actor=None,
) -> Resource:
    resource = Resource(
        school=school,
        title=title,
        kind=kind,
        subject=subject,
        grade=grade,
        scope=scope,
        shared_on=on,
        description=description,
    )
    return services.resource_add(resource=resource, upload=pdf(f"{title}.pdf"), actor=actor)


@pytest.fixture
def second_community(world):
    """Another community of the home district: 北山中心小学 (core), with its school leader."""
    community = CommunityFactory(district=world.district, name="北山教共体")
    school = SchoolFactory(district=world.district, name="北山中心小学")
    MembershipFactory(
        community=community, school=school, role=MemberRole.CORE, start_on=datetime.date(2023, 9, 1)
    )
    user = UserFactory(
        username="t_north", role=Role.SCHOOL_LEADER, district=world.district, school=school
    )
    return community, school, user


def titles(response) -> list[str]:
    return [r.title for r in response.context["rows"]]


# --- every material is in the library ----------------------------------------------------------


def test_each_activity_material_is_listed_without_copying_its_file(world, bureau_client):
    activity = make_activity(world, subject="数学", grade="三年级")
    material = activity_services.material_add(
        activity=activity, kind="design", upload=pdf("分数教学设计.pdf"), title="分数教学设计"
    )

    entry = Resource.objects.get(material=material)
    assert (entry.file_id, entry.community, entry.school, entry.subject, entry.grade) == (
        material.file_id,
        world.community,
        world.core_school,
        "数学",
        "三年级",
    )
    assert StoredFile.objects.count() == 1
    assert titles(bureau_client.get(LIBRARY, {"source": "activity"})) == ["分数教学设计"]


def test_the_entry_follows_its_activity_and_goes_with_its_material(world):
    activity = make_activity(world, subject="数学")
    material = activity_services.material_add(activity=activity, kind="plan", upload=pdf())
    activity.subject = "语文"
    activity.host_school = world.member_school
    activity_services.activity_update(activity=activity, schools=[world.core_school])

    entry = Resource.objects.get(material=material)
    assert (entry.subject, entry.school) == ("语文", world.member_school)
    activity_services.material_delete(material=material)
    assert not Resource.objects.exists()


def test_a_material_entry_is_not_edited_in_the_library(world, bureau_client):
    activity = make_activity(world)
    material = activity_services.material_add(activity=activity, kind="plan", upload=pdf())
    entry = material.library_entry
    assert (
        bureau_client.get(reverse("activities:resource_update", args=[entry.pk])).status_code == 403
    )
    response = bureau_client.post(reverse("activities:resource_delete", args=[entry.pk]))
    assert response.status_code == 403


# --- adding a resource -------------------------------------------------------------------------


def test_a_school_leader_shares_a_resource_for_its_school(world, school_client):
    response = school_client.post(
        reverse("activities:resource_create"),
        {
            "title": "六年级数学复习题库",
            "kind": "question_bank",
            "subject": "数学",
            "grade": "六年级",
            "school": world.member_school.pk,
            "scope": "district",
            "description": "附答案",
            "upload": pdf("题库.pdf"),
        },
    )

    resource = Resource.objects.get()
    assert response.status_code == 302
    assert response["Location"] == resource.get_absolute_url()
    assert (resource.school, resource.community, resource.scope, resource.school_year) == (
        world.member_school,
        world.community,
        "district",
        SchoolYear.current().start,
    )
    assert resource.uploaded_by == world.users["school_leader"]
    assert resource.history.count() == 1


def test_a_school_leader_cannot_share_for_another_school(world, school_client):
    response = school_client.post(
        reverse("activities:resource_create"),
        {
            "title": "课件",
            "kind": "slides",
            "school": world.core_school.pk,
            "scope": "community",
            "upload": pdf(),
        },
    )
    assert response.status_code == 200
    assert "请选择您可以代表上传的学校。" in response.content.decode()
    assert not Resource.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("课件.pdf", b"<html><script>alert(1)</script></html>", "「资源文件」只能上传"),
        ("空文件.pdf", b"", "文件：所提交的是空文件。"),
    ],
)
def test_uploads_are_checked_by_the_shared_files_module(
    world, school_client, name, content, message
):
    response = school_client.post(
        reverse("activities:resource_create"),
        {
            "title": "课件",
            "kind": "slides",
            "school": world.member_school.pk,
            "scope": "community",
            "upload": SimpleUploadedFile(name, content, "application/pdf"),
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Resource.objects.count(), StoredFile.objects.count()) == (0, 0)


def test_the_service_refuses_a_file_of_the_wrong_type_naming_the_field(world):
    resource = Resource(
        school=world.member_school,
        title="课件",
        kind="slides",
        scope="community",
        shared_on=datetime.date(2025, 10, 1),
    )
    with pytest.raises(Exception) as refused:
        services.resource_add(
            resource=resource, upload=SimpleUploadedFile("课件.pdf", b"MZ\x90\x00program")
        )
    assert "「资源文件」只能上传" in str(refused.value)
    assert not StoredFile.objects.exists()


def test_a_school_in_no_community_cannot_share(world):
    resource = Resource(
        school=world.lone_school,
        title="课件",
        kind="slides",
        scope="community",
        shared_on=datetime.date(2025, 10, 1),
    )
    with pytest.raises(Exception) as refused:
        services.resource_add(resource=resource, upload=pdf())
    assert "「孤岛小学」目前不属于任何教共体" in str(refused.value)


# --- search ------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(world):
    add(world.core_school, "三年级数学《分数》教学设计", subject="数学", grade="三年级")
    add(
        world.member_school,
        "五年级语文《草船借箭》课件",
        kind="slides",
        subject="语文",
        grade="五年级",
        description="配套朗读音频",
    )
    add(
        world.member_school,
        "六年级数学题库",
        kind="question_bank",
        subject="数学",
        grade="六年级",
        scope=ShareScope.DISTRICT,
        on=datetime.date(2024, 10, 1),
    )
    add(world.core_school, "乡土课程：茶乡文化", kind="school_course")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"subject": "数学"}, ["六年级数学题库", "三年级数学《分数》教学设计"]),
        ({"subject": "数学", "grade": "三年级"}, ["三年级数学《分数》教学设计"]),
        ({"kind": "slides"}, ["五年级语文《草船借箭》课件"]),
        ({"q": "朗读"}, ["五年级语文《草船借箭》课件"]),
        ({"q": "茶乡"}, ["乡土课程：茶乡文化"]),
        ({"scope": "district"}, ["六年级数学题库"]),
        ({"school_year": "2024-2025"}, ["六年级数学题库"]),
        ({"source": "activity"}, []),
        (
            {"sort": "title"},
            [
                "六年级数学题库",
                "三年级数学《分数》教学设计",
                "五年级语文《草船借箭》课件",
                "乡土课程：茶乡文化",
            ],
        ),
    ],
)
def test_search_filters(world, catalogue, bureau_client, params, expected):
    response = bureau_client.get(LIBRARY, params)
    assert response.status_code == 200
    if "sort" in params:
        assert titles(response) == expected  # pinyin order: liu, san, wu, xiao
    else:
        assert sorted(titles(response)) == sorted(expected)


def test_search_by_school(world, catalogue, bureau_client):
    response = bureau_client.get(LIBRARY, {"school": world.member_school.pk, "sort": "-title"})
    assert titles(response) == ["五年级语文《草船借箭》课件", "六年级数学题库"]


def test_every_sortable_column_is_served_by_an_index():
    indexes = [[f.lstrip("-") for f in index.fields] for index in Resource._meta.indexes]
    orders = [c.order for c in LIBRARY_TABLE.columns if c.order] + [LIBRARY_TABLE.default]
    for order in orders:
        fields = [f.lstrip("-") for f in order if f.lstrip("-") != "id"]
        assert any(index[1 : 1 + len(fields)] == fields for index in indexes), order


# --- sharing scope -----------------------------------------------------------------------------


def test_community_shared_resources_stay_in_their_community(world, client, second_community):
    _, north_school, north_user = second_community
    own = add(world.member_school, "本教共体教学设计")
    district_wide = add(world.core_school, "全县共享课件", scope=ShareScope.DISTRICT)
    theirs = add(north_school, "北山题库")
    client.force_login(north_user)

    assert sorted(titles(client.get(LIBRARY))) == ["全县共享课件", "北山题库"]
    for name in ("activities:resource_detail", "activities:resource_download"):
        assert client.get(reverse(name, args=[own.pk])).status_code == 404
        assert client.get(reverse(name, args=[district_wide.pk])).status_code == 200
    client.force_login(world.users["school_leader"])
    assert sorted(titles(client.get(LIBRARY))) == ["全县共享课件", "本教共体教学设计"]
    assert client.get(reverse("activities:resource_download", args=[theirs.pk])).status_code == 404


def test_district_shared_resources_stay_in_their_district(world, client):
    shared = add(world.core_school, "全县共享课件", scope=ShareScope.DISTRICT)
    client.force_login(world.users["other_staff"])

    assert titles(client.get(LIBRARY)) == []
    for name in ("activities:resource_detail", "activities:resource_download"):
        assert client.get(reverse(name, args=[shared.pk])).status_code == 404
    assert not ResourceDownload.objects.exists()


def test_a_school_leader_sees_every_material_of_its_community(world, lone_activity, school_client):
    # The school leader's school did not join this activity: the activity stays hidden, its
    # material is in the community's library.
    material = activity_services.material_add(
        activity=lone_activity, kind="design", upload=pdf(), title="语文单元设计"
    )
    entry = material.library_entry
    assert titles(school_client.get(LIBRARY)) == ["语文单元设计"]
    assert (
        school_client.get(reverse("activities:resource_download", args=[entry.pk])).status_code
        == 200
    )
    assert school_client.get(lone_activity.get_absolute_url()).status_code == 404


# --- downloads ---------------------------------------------------------------------------------


def test_downloads_are_counted_by_school_and_school_year(world, client, world_with_second_member):
    resource = add(world.core_school, "分数教学设计")
    second_leader = UserFactory(
        username="t_second",
        role=Role.SCHOOL_LEADER,
        district=world.district,
        school=world.second_member,
    )
    url = reverse("activities:resource_download", args=[resource.pk])
    for user, times in ((world.users["school_leader"], 2), (second_leader, 3)):
        client.force_login(user)
        for _ in range(times):
            response = client.get(url)
            assert response.status_code == 200
            assert b"".join(response.streaming_content) == PDF
    client.force_login(world.users["bureau_staff"])
    assert client.get(url).status_code == 200  # served, not counted: no school

    year = SchoolYear.current().start
    counts = {
        (d.school.name, d.school_year): d.count
        for d in ResourceDownload.objects.select_related("school")
    }
    assert counts == {("河口小学", year): 2, ("溪口小学", year): 3}
    resource.refresh_from_db()
    assert resource.downloads == 5
    page = client.get(resource.get_absolute_url())
    assert [(d.school.name, d.count) for d in page.context["downloads"]] == [
        ("溪口小学", 3),
        ("河口小学", 2),
    ]


def test_counting_adds_to_the_existing_row(world):
    resource = add(world.core_school, "分数教学设计")
    for on in (datetime.date(2025, 10, 1), datetime.date(2026, 3, 1), datetime.date(2026, 9, 2)):
        services.download_count(resource=resource, school=world.member_school, on=on)
    rows = list(
        ResourceDownload.objects.order_by("school_year").values_list(
            "school_year", "count", "last_on"
        )
    )
    assert rows == [(2025, 2, datetime.date(2026, 3, 1)), (2026, 1, datetime.date(2026, 9, 2))]


# --- query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [2, 60])
def test_library_page_runs_a_fixed_number_of_queries(
    world, client, django_assert_num_queries, count
):
    activity = make_activity(world)
    for n in range(count):
        add(
            world.member_school if n % 2 else world.core_school,
            f"资源{n:03d}",
            scope=ShareScope.DISTRICT if n % 3 == 0 else ShareScope.COMMUNITY,
        )
    for n in range(count // 2 + 1):
        activity_services.material_add(
            activity=activity, kind="plan", upload=pdf(), title=f"方案{n}"
        )
    client.force_login(world.users["school_leader"])

    # session, user, the user's school and its membership once for each rule (resources,
    # schools, communities: 3), the count, the page's rows, the district (header), the filter's
    # schools and communities, the page's visible activities.
    with django_assert_num_queries(12):
        response = client.get(LIBRARY, {"sort": "-downloads"})
    assert response.status_code == 200
    assert len(response.context["rows"]) == min(50, count + count // 2 + 1)


# --- the community panel and the measure -------------------------------------------------------


Y = SchoolYear.current().start


@pytest.fixture
def sharing_year(world_with_second_member):
    """The current school year, hand-counted:
    城关一小 (core) shares 2 resources and 1 photo (not counted), one more the year before
    (not counted); it is downloaded 3 times by 河口 and 2 by 溪口, and once by itself (not
    counted);
    河口小学 shares 1, is downloaded 4 times by 溪口 (and once in March, which is the year before),
    and downloads 3 times;
    溪口小学 shares nothing and downloads 2 + 4 times."""
    w = world_with_second_member
    on = datetime.date(Y, 10, 1)
    design = add(w.core_school, "分数教学设计", on=on)
    add(w.core_school, "小数课件", kind="slides", on=datetime.date(Y + 1, 5, 1))
    # Photos are activity materials; this one is dated in the year directly.
    Resource.objects.create(
        school=w.core_school,
        community=w.community,
        district=w.district,
        title="活动照片",
        kind="photo",
        shared_on=on,
    )
    add(w.core_school, "旧课件", on=datetime.date(Y - 1, 10, 1))
    member = add(w.member_school, "河口题库", kind="question_bank", on=on)
    count = services.download_count
    for _ in range(3):
        count(resource=design, school=w.member_school, on=on)
    for _ in range(2):
        count(resource=design, school=w.second_member, on=on)
    count(resource=design, school=w.core_school, on=on)
    for _ in range(4):
        count(resource=member, school=w.second_member, on=on)
    count(resource=member, school=w.second_member, on=datetime.date(Y, 3, 1))
    return w


def test_the_measure_on_a_hand_computed_year(sharing_year):
    w = sharing_year
    measure = get_measure("activities.resource_sharing")
    values = measure.compute([w.core_school, w.member_school, w.second_member], SchoolYear(Y))

    assert {pk: v.value for pk, v in values.items()} == {
        w.core_school.pk: Decimal(2 + 5),
        w.member_school.pk: Decimal(1 + 4),
    }  # 溪口小学 only downloaded: left out, no made-up zero
    label = SchoolYear(Y).label
    assert values[w.core_school.pk].detail == f"{label} 学年共享资源 2 份，被其他学校下载 5 次"
    last_year = measure.compute([w.core_school.pk, w.member_school.pk], Y - 1)
    # The year before: 城关 shared 旧课件; 河口's resource was downloaded once by 溪口 in March.
    assert {pk: v.value for pk, v in last_year.items()} == {
        w.core_school.pk: Decimal(1),
        w.member_school.pk: Decimal(1),
    }
    assert measure.label == "办学资源共享度"


def test_the_measure_answers_in_a_fixed_number_of_queries(sharing_year, django_assert_num_queries):
    w = sharing_year
    with django_assert_num_queries(3):
        get_measure("activities.resource_sharing").compute(
            [w.core_school, w.member_school, w.second_member, w.lone_school], SchoolYear(Y)
        )


def test_the_community_panel_shows_the_figures_by_school(sharing_year, leader_client):
    w = sharing_year
    page = leader_client.get(w.community.get_absolute_url()).content.decode()
    assert "资源共享（" not in page  # a deferred panel: loaded after the page
    panels_url = reverse("communities:community_panels", args=[w.community.pk])
    text = leader_client.get(panels_url).content.decode()
    panel = text[text.index(f"资源共享（{SchoolYear(Y).label} 学年）") :]
    cells = '<td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
    for name, figures in (
        ("城关第一小学", (2, 5, 0, 7)),
        ("河口小学", (1, 4, 3, 5)),
        ("溪口小学", (0, 0, 6, 0)),
    ):
        row = panel[panel.index(f">{name}</a>") :]
        assert row.split("</tr>")[0].endswith(cells.format(*figures)), name


def test_photos_are_listed_only_when_asked_for(world, bureau_client):
    activity = make_activity(world)
    activity_services.material_add(
        activity=activity, kind="photo", upload=pdf("现场.jpg", jpeg_bytes()), title="现场照片"
    )
    activity_services.material_add(activity=activity, kind="plan", upload=pdf(), title="方案")

    assert titles(bureau_client.get(LIBRARY)) == ["方案"]
    assert titles(bureau_client.get(LIBRARY, {"kind": "photo"})) == ["现场照片"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_downloads_are_all_counted(world):
    """Threads racing on the first download of a school year (PostgreSQL: real concurrency)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    resource = add(world.core_school, "分数教学设计")

    def download(_):
        try:
            services.download_count(resource=resource, school=world.member_school)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(download, range(24)))

    assert list(ResourceDownload.objects.values_list("count", flat=True)) == [24]
    resource.refresh_from_db()
    assert resource.downloads == 24

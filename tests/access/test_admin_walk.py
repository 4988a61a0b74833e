"""Every registered ModelAdmin, walked as a bureau administrator (and as a superuser bound to the
home district, who must be scoped exactly like one): changelists, add pages, change pages of an
in-scope row, every choice of every form field (inlines included), every changelist filter and
every autocomplete. No row of the other district may appear anywhere.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse

from accounts.checks import check_admin_visibility_rules
from accounts.models import User
from accounts.scoped_admin import (
    DistrictScopedAdminMixin,
    PlatformOnlyAdminMixin,
    ScopedAdminSite,
    ScopedPlainAdmin,
)
from activities.library import services as library_services
from activities.library.models import Resource, ResourceDownload
from activities.remote.models import RemotePairing, RemoteSession
from assessment.models import (
    Correction,
    Dimension,
    Indicator,
    Publication,
    ReportCode,
    Scheme,
    Score,
)
from communities.models import Community, Membership, Position, WorkGroup
from compliance.models import RuleSetting
from exchanges.models import (
    Exchange,
    ExchangeHost,
    ExchangeStep,
    LessonDay,
    Mentorship,
    PrincipalPost,
)
from governance.models import (
    Decision,
    Document,
    DocumentVersion,
    Expense,
    ExpenseStep,
    FundReceipt,
    Meeting,
    Milestone,
    PlanPhase,
    ProgressReport,
    SupervisionTask,
)
from schools import services as school_services
from schools.models import District, School, Teacher, TeacherMove
from tests.access.conftest import _exchange_rows
from tests.conftest import CANARY
from tests.factories import PositionFactory, WorkGroupFactory

from .conftest import assessment_rows, governance_rows, library_rows, remote_rows

pytestmark = pytest.mark.django_db

# How each model a bureau administrator may meet in the admin reaches its district. A model
# the walk meets that is not listed fails the walk: add its path here.
DISTRICT_OF = {
    District: "pk",
    School: "district",
    Teacher: "school__district",
    TeacherMove: "teacher__school__district",
    Community: "district",
    Membership: "community__district",
    Position: "community__district",
    WorkGroup: "community__district",
    User: "district",
    RuleSetting: "community__district",
    Exchange: "district",
    ExchangeHost: "exchange__district",
    ExchangeStep: "exchange__district",
    PrincipalPost: "district",
    LessonDay: "district",
    Mentorship: "district",
    Meeting: "community__district",
    Decision: "meeting__community__district",
    FundReceipt: "community__district",
    Expense: "community__district",
    Document: "community__district",
    DocumentVersion: "document__community__district",
    Milestone: "document__community__district",
    PlanPhase: "document__community__district",
    Resource: "district",
    ResourceDownload: "resource__district",
    RemotePairing: "district",
    RemoteSession: "pairing__district",
    ExpenseStep: "expense__community__district",
    SupervisionTask: "district",
    ProgressReport: "task__district",
    Scheme: "district",
    Dimension: "scheme__district",
    Indicator: "dimension__scheme__district",
    Score: "school__district",
    Publication: "scheme__district",
    Correction: "scheme__district",
    ReportCode: "scheme__district",
}

WALKERS = ["bureau_admin", "district_superuser"]


@pytest.fixture
def admin_world(world_with_second_member):
    """The cast with a row of every admin model in both districts."""
    w = world_with_second_member
    w.position = PositionFactory(community=w.community, teacher=w.core_teacher, person_name="")
    w.other_position = PositionFactory(
        community=w.other_community, teacher=w.other_teacher, person_name=""
    )
    w.group = WorkGroupFactory(community=w.community, name="教学联络组", leader=w.core_teacher)
    w.group.members.set([w.core_teacher, w.member_teacher])
    w.other_group = WorkGroupFactory(
        community=w.other_community, name=f"{CANARY}联络组", leader=w.other_teacher
    )
    w.other_group.members.set([w.other_teacher])
    w.rule_setting = RuleSetting.objects.create(
        community=w.community, school_year=2025, rule_code="exchange.core_to_member"
    )
    w.other_rule_setting = RuleSetting.objects.create(
        community=w.other_community,
        school_year=2025,
        rule_code="exchange.core_to_member",
        note=CANARY,
    )
    moved_on = datetime.date(2025, 9, 1)
    w.move = school_services.teacher_move(
        teacher=w.lone_teacher, to_school=w.second_member, moved_on=moved_on
    )
    w.other_move = school_services.teacher_move(
        teacher=w.other_teacher, to_school=w.other_child, moved_on=moved_on
    )
    _exchange_rows(w)
    governance_rows(w)
    library_rows(w)
    library_services.download_count(resource=w.resource, school=w.core_school)
    library_services.download_count(resource=w.other_resource, school=w.other_child)
    remote_rows(w)
    assessment_rows(w)
    return w


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def _text(response) -> str:
    return response.content.decode()


def _admin_url(model, action="changelist", *args):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def _assert_in_scope(queryset, other_district, where: str) -> None:
    model = queryset.model
    assert model in DISTRICT_OF, f"{where}: the walk does not know how {model} reaches a district"
    leaked = queryset.filter(**{DISTRICT_OF[model]: other_district.pk})
    assert list(leaked) == [], f"{where} offers another district's rows"


def _assert_choices_in_scope(form, other_district, where: str) -> int:
    """Every choice field of a form: its queryset and its rendered labels. Returns how many."""
    checked = 0
    for name, field in form.fields.items():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        _assert_in_scope(queryset, other_district, f"{where}.{name}")
        labels = [str(label) for _, label in field.choices]
        assert [label for label in labels if CANARY in label] == [], f"{where}.{name}"
        checked += 1
    return checked


def _walk_forms(model_admin, request, obj, other_district, where: str) -> int:
    checked = _assert_choices_in_scope(model_admin.get_form(request, obj)(), other_district, where)
    for inline in model_admin.get_inline_instances(request, obj):
        formset = inline.get_formset(request, obj)(instance=obj)
        for form in [*formset.forms, formset.empty_form]:
            checked += _assert_choices_in_scope(
                form, other_district, f"{where} inline {inline.model.__name__}"
            )
    return checked


@pytest.mark.parametrize("walker", WALKERS)
def test_every_admin_shows_its_district_only(client, admin_world, other_district, walker):
    user = admin_world.users[walker]
    client.force_login(user)
    request = _request(user)
    walked, choice_fields, filters = [], 0, 0

    for model, model_admin in admin.site._registry.items():
        name = model._meta.label
        if not model_admin.has_view_permission(request):
            # Only the platform's own admins (a library's) are closed to a bureau administrator.
            assert isinstance(model_admin, PlatformOnlyAdminMixin), name
            assert client.get(_admin_url(model)).status_code == 403, name
            continue
        assert isinstance(model_admin, DistrictScopedAdminMixin), name
        walked.append(model._meta.model_name)

        changelist = client.get(_admin_url(model))
        assert changelist.status_code == 200, name
        assert CANARY not in _text(changelist), name
        cl = changelist.context["cl"]
        _assert_in_scope(
            model._default_manager.filter(pk__in=[r.pk for r in cl.result_list]),
            other_district,
            f"{name} changelist",
        )
        for spec in cl.filter_specs:
            shown = [str(choice["display"]) for choice in spec.choices(cl)]
            assert [s for s in shown if CANARY in s] == [], f"{name} filter {spec.title}"
            filters += 1

        row = model_admin.get_queryset(request).order_by("pk").first()
        assert row is not None, f"the cast has no in-scope {name} to open"
        change = client.get(_admin_url(model, "change", row.pk))
        assert change.status_code == 200, name
        assert CANARY not in _text(change), name
        choice_fields += _walk_forms(model_admin, request, row, other_district, name)

        if model_admin.has_add_permission(request):
            add = client.get(_admin_url(model, "add"))
            assert add.status_code == 200, name
            assert CANARY not in _text(add), name
            choice_fields += _walk_forms(model_admin, request, None, other_district, f"{name} add")

        for field_name in model_admin.autocomplete_fields:
            found = client.get(
                reverse("admin:autocomplete"),
                {
                    "app_label": model._meta.app_label,
                    "model_name": model._meta.model_name,
                    "field_name": field_name,
                    "term": "",
                },
            )
            assert found.status_code == 200, f"{name}.{field_name}"
            assert CANARY not in _text(found), f"{name}.{field_name}"
            assert found.json()["results"] != [], f"{name}.{field_name} found nothing to check"

    assert sorted(walked) == [
        "community",
        "correction",
        "decision",
        "dimension",
        "district",
        "document",
        "documentversion",
        "exchange",
        "expense",
        "expensestep",
        "fundreceipt",
        "indicator",
        "lessonday",
        "meeting",
        "membership",
        "mentorship",
        "milestone",
        "planphase",
        "position",
        "principalpost",
        "progressreport",
        "publication",
        "remotepairing",
        "remotesession",
        "reportcode",
        "resource",
        "resourcedownload",
        "rulesetting",
        "scheme",
        "school",
        "score",
        "supervisiontask",
        "teacher",
        "teachermove",
        "user",
        "workgroup",
    ]
    # The assessment admins add 18 choice fields (scheme 3 with its dimension inline, dimension 3
    # with its indicator inline, indicator 1, score 2, publication 1, correction 5, report code 3)
    # and 8 filters (a district has one scheme, so the scheme filters have nothing to offer).
    assert (choice_fields, filters) == (118, 57)


# --- the superuser bound to a district --------------------------------------------------------


def test_superuser_with_a_district_is_not_a_platform_operator(client, admin_world):
    client.force_login(admin_world.users["district_superuser"])

    schools = client.get(_admin_url(School))
    axes = client.get(reverse("admin:axes_accessattempt_changelist"))

    assert sorted(s.name for s in schools.context["cl"].result_list) == [
        "城关第一小学",
        "孤岛小学",
        "河口小学",
        "河口教学点",
        "溪口小学",
        "溪口教学点",
    ]
    assert axes.status_code == 403


def test_superuser_with_a_district_is_out_of_a_bureau_administrators_reach(
    admin_client_, admin_world
):
    superuser = admin_world.users["district_superuser"]

    users = admin_client_.get(_admin_url(User))
    change = admin_client_.get(_admin_url(User, "change", superuser.pk))
    password = admin_client_.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "Hk-new-pass-2025", "password2": "Hk-new-pass-2025"},
    )

    assert "t_super" not in [u.username for u in users.context["cl"].result_list]
    assert (change.status_code, change["Location"]) == (302, reverse("admin:index"))
    assert password.status_code == 404
    superuser.refresh_from_db()
    assert superuser.check_password("Hk-new-pass-2025") is False


# --- the system check -------------------------------------------------------------------------


def test_the_project_passes_the_admin_visibility_check():
    assert check_admin_visibility_rules() == []
    call_command("check", "--fail-level", "ERROR")


def test_check_names_a_scoped_admin_model_and_choice_without_a_rule():
    site = ScopedAdminSite(name="check_test")
    site.register(Permission, ScopedPlainAdmin)

    errors = check_admin_visibility_rules(site)

    assert [(e.id, e.msg) for e in errors] == [
        (
            "accounts.E001",
            "auth.Permission is shown in the admin (auth.Permission) but has no visibility rule.",
        ),
        (
            "accounts.E002",
            "auth.Permission: the field 'content_type' offers contenttypes.ContentType, which "
            "has no visibility rule.",
        ),
    ]


def test_a_library_admin_on_the_site_is_the_platforms_alone():
    site = ScopedAdminSite(name="wrap_test")
    site.register(Permission)

    assert isinstance(site._registry[Permission], PlatformOnlyAdminMixin)
    assert check_admin_visibility_rules(site) == []

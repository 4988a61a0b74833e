import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from activities import services as activity_services
from activities.library import services as library_services
from activities.library.models import Resource
from activities.models import Activity, ActivityKind, PlanItem
from activities.remote import services as remote_services
from activities.remote.models import RemotePairing
from assessment import results as assessment_results
from assessment import services as assessment_services
from assessment.enums import IndicatorKind, Scorer
from assessment.models import Dimension, Indicator, Scheme
from communities.models import CHARTER
from core import files
from core.enums import JobStatus
from core.models import Job
from exchanges import services as exchange_services
from exchanges.enums import ExchangeKind
from governance.enums import ExpenseCategory, ExpenseStatus, FundSource, MeetingKind
from governance.models import (
    DOCUMENT,
    MINUTES,
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
from schools.models import School
from spreadsheets.jobs import EXPORT, IMPORT
from tests.conftest import (
    CANARY,
    add_second_member,
    build_world,
    make_district,
    make_other_district,
)
from tests.factories import PositionFactory, TeacherFactory, WorkGroupFactory
from tests.surveys.factories import survey_round


@pytest.fixture(scope="module")
def _shared_matrix_world(django_db_setup, django_db_blocker):
    """The matrix world, built once per test module (and xdist worker) inside an outer
    transaction that is rolled back at the module's end. Each test runs in a savepoint of it
    (pytest-django's ``db``), so what a test writes is undone before the next one. Building it
    for every one of the matrix's thousands of cases took most of the suite's time."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_matrix_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def matrix_world(db, _shared_matrix_world):
    """The cast (with the second member school) plus one position, one work group and a charter
    in each district's community, an import job in each district, and a record of every kind
    each feature app keeps (see ``build_matrix_world``). Tests must not change these objects in
    memory: the database is rolled back after each test, the Python objects are shared."""
    return _shared_matrix_world


def build_matrix_world():
    world = add_second_member(build_world(make_district(), make_other_district()))
    world.position = PositionFactory(community=world.community, person_name="张理事长")
    world.other_position = PositionFactory(
        community=world.other_community, person_name=f"{CANARY}理事长"
    )
    world.group = WorkGroupFactory(community=world.community, name="教学联络组")
    world.other_group = WorkGroupFactory(community=world.other_community, name=f"{CANARY}联络组")
    world.import_job = Job.objects.create(
        kind=IMPORT,
        title="学校名单导入",
        params={"kind": "schools"},
        district=world.district,
        user=world.users["bureau_staff"],
        file_name="学校名单.xlsx",
        file="jobs/home.xlsx",
    )
    world.other_import_job = Job.objects.create(
        kind=IMPORT,
        title="学校名单导入",
        params={"kind": "schools"},
        district=world.other_community.district,
        user=world.users["other_staff"],
        file_name=f"{CANARY}名单.xlsx",
        file="jobs/other.xlsx",
    )
    # Finished exports with their files: one by bureau staff, one by the school leader (seen by
    # the district's bureau and by itself only), one of the other district.
    world.export_job = _export_job(world.district, world.users["bureau_staff"], "学校名单")
    world.leader_export_job = _export_job(world.district, world.users["school_leader"], "教师名单")
    world.other_export_job = _export_job(
        world.other_community.district, world.users["other_staff"], f"{CANARY}教师名单"
    )
    _exchange_rows(world)
    for community in (world.community, world.other_community):
        upload = SimpleUploadedFile(f"{community.name}章程.pdf", b"%PDF-1.4 charter")
        community.charter = files.store(upload, policy=CHARTER)
        community.save()
    _activities(world)
    _assessment(world)
    _assessment_reports(world)
    _surveys(world)
    return world


def _assessment_reports(world):
    """A 2025-2026 assessment scheme in each district (unpublished) for the report URLs."""
    for attr, district, actor in (
        ("report_scheme", world.district, world.users["bureau_staff"]),
        ("other_report_scheme", world.other_community.district, world.users["other_staff"]),
    ):
        scheme = assessment_results.scheme_of(district, 2025)
        if scheme is None:
            scheme = assessment_services.scheme_create_default(
                district=district, school_year=2025, actor=actor
            )
        setattr(world, attr, scheme)


def _surveys(world):
    """Survey rounds: one with codes asking the community's three schools and the lone school,
    one asking only the lone school (no leader's), one closed, and one of the other district."""
    world.survey = survey_round(
        world.district,
        [world.core_school, world.member_school, world.second_member, world.lone_school],
        title="家长满意度调查",
        codes=3,
        own_questionnaire=True,
    )
    world.lone_survey = survey_round(world.district, [world.lone_school], title="孤岛小学调查")
    world.closed_survey = survey_round(
        world.district, [world.member_school], title="上学期调查", closed=True
    )
    world.other_survey = survey_round(
        world.other_community.district,
        [world.other_school],
        title=f"{CANARY}调查",
        own_questionnaire=True,
    )
    world.survey_link = world.survey.round_schools.get(school=world.member_school)
    world.closed_link = world.closed_survey.round_schools.get()
    world.builtin_questionnaire = world.lone_survey.questionnaire


def _activity(community, host, theme, schools=()):
    activity = Activity(
        community=community,
        theme=theme,
        kind=ActivityKind.objects.get(district=None, name="集体备课"),
        start_date=datetime.date(2025, 10, 16),
        host_school=host,
    )
    return activity_services.activity_create(activity=activity, schools=list(schools))


def _activities(world):
    """Activities: one hosted by the core school with the school leader's school taking part,
    one hosted by the second member (not the school leader's), one of the other district; a
    material of each, and a work-schedule item in each community."""
    world.activity = _activity(
        world.community, world.core_school, "同课异构：分数", [world.member_school]
    )
    world.hidden_activity = _activity(world.community, world.second_member, "集体备课：语文")
    world.other_activity = _activity(world.other_community, world.other_school, f"{CANARY}送教下乡")
    for attr, activity in (
        ("material", world.activity),
        ("hidden_material", world.hidden_activity),
        ("other_material", world.other_activity),
    ):
        upload = SimpleUploadedFile(f"{activity.theme}方案.pdf", b"%PDF-1.4 plan")
        setattr(
            world,
            attr,
            activity_services.material_add(activity=activity, kind="plan", upload=upload),
        )
    world.plan_item = PlanItem.objects.create(
        community=world.community, school_year=2025, month=10, content="同课异构"
    )
    world.other_plan_item = PlanItem.objects.create(
        community=world.other_community, school_year=2025, month=10, content=f"{CANARY}计划"
    )
    governance_rows(world)
    library_rows(world)
    remote_rows(world)
    return world


def library_rows(world):
    """Library entries: one the school leader's school shared in its community, one of the core
    school shared with the district, and one of the other district (shared with its district).
    Each activity material above has its entry too."""
    for attr, school, scope, title in (
        ("resource", world.member_school, "community", "河口小学教学设计"),
        ("core_resource", world.core_school, "district", "城关课件"),
        ("other_resource", world.other_school, "district", f"{CANARY}题库"),
    ):
        resource = Resource(
            school=school,
            title=title,
            kind="design",
            scope=scope,
            shared_on=datetime.date(2025, 10, 20),
        )
        upload = SimpleUploadedFile(f"{title}.pdf", b"%PDF-1.4 resource")
        setattr(world, attr, library_services.resource_add(resource=resource, upload=upload))
    if hasattr(world, "hidden_material"):
        world.hidden_entry = world.hidden_material.library_entry
    return world


def _pairing(community, core, receiving, subject):
    pairing = RemotePairing(
        community=community,
        subject=subject,
        core_school=core,
        core_grade="三年级",
        core_class="（1）班",
        school_year=2025,
        semester="autumn",
        weekday=2,
        start_time=datetime.time(9, 50),
        end_time=datetime.time(10, 30),
    )
    remote_services.pairing_save(
        pairing=pairing, classes=[{"school": receiving, "grade": "三年级", "class_name": "（2）班"}]
    )
    session, _ = remote_services.session_log(
        pairing=pairing, date=datetime.date(2025, 9, 2), status="held"
    )
    return pairing, session


def remote_rows(world):
    """Remote-lesson pairings with a session each: one the school leader's school receives,
    one another member receives, one of the other district."""
    world.pairing, world.session = _pairing(
        world.community, world.core_school, world.member_school, "英语"
    )
    world.hidden_pairing, world.hidden_session = _pairing(
        world.community, world.core_school, world.second_member, "音乐"
    )
    world.other_pairing, world.other_session = _pairing(
        world.other_community, world.other_school, world.other_child, f"{CANARY}英语"
    )


def governance_rows(world):
    """A meeting with minutes and a 三重一大 decision, and a pending expense, in each district."""
    for prefix, community, school in (
        ("", world.community, world.member_school),
        (CANARY, world.other_community, world.other_school),
    ):
        meeting = Meeting.objects.create(
            community=community,
            kind=MeetingKind.COUNCIL,
            held_on="2025-10-08",
            place=f"{prefix}会议室",
            minutes_file=files.store(
                SimpleUploadedFile(f"{prefix}纪要.pdf", b"%PDF-1.4 minutes"), policy=MINUTES
            ),
        )
        decision = Decision.objects.create(meeting=meeting, text=f"{prefix}采购决议", major=True)
        expense = Expense.objects.create(
            community=community,
            school=school,
            school_year=2025,
            category=ExpenseCategory.EQUIPMENT,
            title=f"{prefix}录播教室",
            amount="5000.00",
            threshold="100000.00",
            status=ExpenseStatus.PENDING,
        )
        FundReceipt.objects.create(
            community=community,
            school_year=2025,
            source=FundSource.SPECIAL,
            amount="300000.00",
            received_on="2025-10-01",
            note=f"{prefix}到账",
        )
        document = Document.objects.create(community=community, kind="plan", title=f"{prefix}规划")
        version = DocumentVersion.objects.create(
            document=document,
            number=1,
            dated="2025-09-01",
            status="adopted",
            file=files.store(
                SimpleUploadedFile(f"{prefix}规划.pdf", b"%PDF-1.4 plan"), policy=DOCUMENT
            ),
        )
        phase = PlanPhase.objects.create(
            document=document, name=f"{prefix}全面实施", start_on="2025-09-01", end_on="2026-07-31"
        )
        milestone = Milestone.objects.create(
            document=document, phase=phase, task=f"{prefix}任务", due_on="2025-12-01"
        )
        if prefix:
            world.other_phase, world.other_milestone = phase, milestone
        else:
            world.phase, world.milestone = phase, milestone
        ExpenseStep.objects.create(
            expense=expense,
            action="submit",
            at="2025-10-09T09:00:00+08:00",
            comment=f"{prefix}申请",
        )
        supervised = SupervisionTask.objects.create(
            district=community.district,
            description=f"{prefix}督办任务",
            lead_department="人事股",
            supervisor="王副局长",
            deadline="2025-12-31",
        )
        supervised.schools.set([school])
        supervised.communities.set([community])
        ProgressReport.objects.create(
            task=supervised, school=school, text=f"{prefix}已完成方案", reported_on="2025-11-01"
        )
        if prefix:
            world.other_task = supervised
        else:
            world.task = supervised
        if prefix:
            world.other_document, world.other_version = document, version
        else:
            world.document, world.version = document, version
        if prefix:
            world.other_meeting, world.other_decision, world.other_expense = (
                meeting,
                decision,
                expense,
            )
        else:
            world.meeting, world.decision, world.expense = meeting, decision, expense


def _export_job(district, user, title):
    job = Job(
        kind=EXPORT,
        title=f"{title}导出",
        params={"name": "teachers", "format": "xlsx", "query": "", "rows": 1},
        district=district,
        user=user,
        status=JobStatus.DONE,
        percent=100,
        message="导出完成，共 1 行。",
        file_name=f"{title}.xlsx",
    )
    job.file.save("export.xlsx", ContentFile(f"{title} file".encode()), save=False)
    job.save()
    return job


def _exchange_rows(world) -> None:
    """Exchanges, a mentorship, a 挂职 post and a lesson day in each district.

    ``exchange``: 李老师 of 河口小学 (the school leader's school) to the core school, in 草稿;
    ``core_exchange``: 王骨干 of the core school to 溪口小学 (the school leader sees neither);
    ``other_exchange``: the other district's, every name with CANARY."""

    def make(teacher, host):
        return exchange_services.exchange_create(
            actor=None,
            teacher=teacher,
            host_schools=[host],
            kind=ExchangeKind.ROTATION,
            start_year=2025,
            start_semester="autumn",
            end_year=2025,
            end_semester="spring",
            check_access=False,
        )

    world.exchange = make(world.member_teacher, world.core_school)
    world.core_exchange = make(world.core_teacher, world.second_member)
    # (The admin walk has moved the other district's teacher to its teaching point.)
    other_host = (
        world.other_school
        if world.other_teacher.school_id == world.other_child.pk
        else world.other_child
    )
    world.other_exchange = make(world.other_teacher, other_host)
    world.mentorship = exchange_services.mentorship_create(
        actor=None,
        mentor=world.core_teacher,
        apprentice=world.member_teacher,
        subject="语文",
        start_on=datetime.date(2025, 9, 1),
    )
    other_apprentice = TeacherFactory(school=world.other_child, name=f"{CANARY}徒弟")
    world.other_mentorship = exchange_services.mentorship_create(
        actor=None,
        mentor=world.other_teacher,
        apprentice=other_apprentice,
        subject="语文",
        start_on=datetime.date(2025, 9, 1),
    )
    for teacher, partner in (
        (world.core_teacher, world.member_school),
        (world.other_teacher, other_host),
    ):
        exchange_services.principal_post_create(
            actor=None,
            teacher=teacher,
            partner_school=partner,
            school_year=2025,
            semester="autumn",
            weeks=1,
        )
    for teacher, core in (
        (world.member_teacher, world.core_school),
        (other_apprentice, world.other_school),
    ):
        exchange_services.lesson_day_create(
            actor=None, teacher=teacher, core_school=core, month=datetime.date(2025, 10, 1), days=2
        )


def assessment_rows(world):
    """A published 2025 assessment in each district (one scored indicator, every assessed
    school scored), one score corrected after publishing: a row of every assessment model."""
    for prefix, district, staff in (
        ("", world.district, world.users["bureau_staff"]),
        (CANARY, world.other_community.district, world.users["other_staff"]),
    ):
        scheme = Scheme.objects.create(
            district=district, school_year=2025, name=f"{prefix}考核方案"
        )
        dimension = Dimension.objects.create(
            scheme=scheme, code="quality", name=f"{prefix}教育质量", weight=100
        )
        indicator = Indicator.objects.create(
            dimension=dimension, code="q1", name=f"{prefix}质量监测", max_score=100
        )
        assessment_services.scheme_activate(scheme=scheme, actor=staff)
        schools = [place.school_id for _, place in assessment_results.counted_places(scheme)]
        for school in School.objects.filter(pk__in=schools).order_by("pk"):
            assessment_services.score_set(
                indicator=indicator, school=school, value=Decimal(80), actor=staff
            )
        assessment_services.results_publish(scheme=scheme, actor=staff)
        assessment_services.score_correct(
            scheme=scheme,
            indicator=indicator,
            school=school,
            value=Decimal(85),
            reason=f"{prefix}复核更正",
            actor=staff,
        )


def _assessment(world):
    """Assessment schemes: the home district's 2025 scheme (the default six dimensions, active,
    not published), a published 2024 scheme of one derived indicator, and the other district's
    2025 scheme."""
    staff = world.users["bureau_staff"]
    world.scheme = assessment_services.scheme_create_default(
        district=world.district, school_year=2025, actor=staff
    )
    assessment_services.scheme_activate(scheme=world.scheme, actor=staff)
    world.dimension = world.scheme.dimensions.get(code="quality")
    world.self_indicator = Indicator.objects.get(
        dimension__scheme=world.scheme, code="teach_growth"
    )
    world.bureau_indicator = Indicator.objects.get(
        dimension__scheme=world.scheme, code="quality_results"
    )
    world.published_scheme = Scheme.objects.create(
        district=world.district, school_year=2024, name="2024 方案"
    )
    only = Dimension.objects.create(
        scheme=world.published_scheme, code="satisfaction", name="办学效果满意度", weight=100
    )
    world.published_indicator = Indicator.objects.create(
        dimension=only,
        code="s1",
        name="满意度",
        max_score=100,
        kind=IndicatorKind.DERIVED,
        scorer=Scorer.RECORDS,
        measure_code="surveys.satisfaction_rate",
        full_at=100,
    )
    assessment_services.scheme_activate(scheme=world.published_scheme, actor=staff)
    assessment_services.results_publish(scheme=world.published_scheme, actor=staff)
    other = world.users["other_staff"]
    world.other_scheme = assessment_services.scheme_create_default(
        district=world.other_community.district, school_year=2025, actor=other
    )

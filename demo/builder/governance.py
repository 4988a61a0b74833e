"""Demo governance records: a school year of funds and expenses for every community (one
short of rule 14's 300,000 yuan), monthly leadership meetings with decisions (a cluster
missing one month), and the 1+N group's large expense approved through the real workflow
(rule 15: its 三重一大 decision, the core principal's approval)."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from communities.enums import MemberRole
from communities.models import Community, Membership, Position, WorkGroup
from core import pdf
from core.school_year import SchoolYear
from governance import services
from governance.enums import (
    DocumentKind,
    ExpenseAction,
    ExpenseCategory,
    ExpenseStatus,
    FundSource,
    MeetingKind,
    MilestoneStatus,
    VersionStatus,
)
from governance.models import Decision, Expense, ExpenseStep, FundReceipt, Meeting

ITEMS = (
    (ExpenseCategory.TRAINING, "骨干教师跟岗培训", "12800.00"),
    (ExpenseCategory.RESEARCH, "联合教研活动专家费", "6500.00"),
    (ExpenseCategory.EXCHANGE, "交流教师交通补贴", "24000.00"),
    (ExpenseCategory.EVENT, "青年教师技能竞赛", "8800.50"),
    (ExpenseCategory.EQUIPMENT, "同步课堂设备维护", "15600.00"),
)


def _months(year: SchoolYear, today: datetime.date) -> list[datetime.date]:
    months, day = [], year.first_day
    while day <= min(today, year.last_day):
        months.append(day)
        day = (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return months


def build_governance(
    communities: dict[str, Community], *, bureau, leader, school_leader, seed=7
) -> None:
    rng = random.Random(seed)
    today = timezone.localdate()
    year = SchoolYear.current()
    now = timezone.now()
    for index, (_key, community) in enumerate(sorted(communities.items())):
        schools = list(
            Membership.objects.current()
            .filter(community=community)
            .select_related("school")
            .order_by("-role", "id")
        )
        core = next((m.school for m in schools if m.role == MemberRole.CORE), schools[0].school)
        # Funds: two tranches of special funds (one community short), pooled public funds.
        special = ("150000.00", "150000.00") if index % 3 else ("150000.00", "100000.00")
        for n, amount in enumerate(special):
            FundReceipt.objects.create(
                community=community,
                school_year=year.start,
                source=FundSource.SPECIAL,
                amount=Decimal(amount),
                received_on=year.first_day + datetime.timedelta(days=20 + 60 * n),
                note=f"第 {n + 1} 批教共体建设专项经费",
            )
        FundReceipt.objects.create(
            community=community,
            school_year=year.start,
            source=FundSource.POOLED,
            amount=Decimal("48000.00"),
            received_on=year.first_day + datetime.timedelta(days=35),
            note="成员校公用经费统筹",
        )
        # Monthly leadership meetings (a cluster skips its second month), each with decisions.
        positions = list(Position.objects.filter(community=community, end_on__isnull=True)[:6])
        months = _months(year, today)
        for n, month in enumerate(months):
            if community.kind == "cluster" and n == 1:
                continue
            meeting = Meeting.objects.create(
                community=community,
                kind=MeetingKind.JOINT if n % 2 else MeetingKind.COUNCIL,
                held_on=month + datetime.timedelta(days=rng.randint(3, 20)),
                place=f"{core.name}会议室",
                other_attendees="县教育局基教股",
                agenda=f"{month.month} 月工作安排；交流教师情况通报",
                minutes_text=f"会议研究了 {month.month} 月工作安排，明确了各校责任。",
            )
            meeting.attendees.set(positions)
            Decision.objects.create(meeting=meeting, text=f"通过 {month.month} 月工作安排")
        # A few small expenses, approved and spent.
        for n, (category, title, amount) in enumerate(ITEMS):
            school = schools[n % len(schools)].school
            status = ExpenseStatus.SPENT if n < 3 else ExpenseStatus.APPROVED
            expense = Expense.objects.create(
                community=community,
                school=school,
                school_year=year.start,
                category=category,
                title=title,
                amount=Decimal(amount),
                actual_amount=Decimal(amount) if status == ExpenseStatus.SPENT else None,
                threshold=Decimal("100000.00"),
                status=status,
                approved_at=now,
            )
            ExpenseStep.objects.bulk_create(
                [
                    ExpenseStep(expense=expense, action=ExpenseAction.SUBMIT, at=now),
                    ExpenseStep(
                        expense=expense, action=ExpenseAction.APPROVE, at=now, comment="同意"
                    ),
                ]
            )
    _large_expense(communities["group"], leader=leader, school_leader=school_leader)
    _charter_and_plan(communities["group"], leader=leader)
    _supervision(communities, bureau=bureau, leader=leader, school_leader=school_leader)


def _large_expense(community: Community, *, leader, school_leader) -> None:
    """The 1+N group's 128,000 yuan recording classroom: council decision, then the core
    principal's approval; and a pending small request of the demo school."""
    year = SchoolYear.current()
    meeting = Meeting.objects.filter(community=community).order_by("held_on").first()
    decision = services.decision_add(
        actor=leader,
        meeting=meeting,
        text="同意使用专项经费 128,000 元建设集团同步录播教室（三重一大集体决策）",
        major=True,
    )
    core = (
        Membership.objects.current()
        .filter(community=community, role=MemberRole.CORE)
        .select_related("school")
        .get()
        .school
    )
    expense = services.expense_submit(
        actor=leader,
        community=community,
        school=core,
        school_year=year.start,
        category=ExpenseCategory.EQUIPMENT,
        title="集团同步录播教室建设",
        amount=Decimal("128000.00"),
        decision=decision,
        comment="按理事会决议申请",
    )
    services.expense_approve(actor=leader, expense=expense, comment="按理事会决议批准")
    services.expense_submit(
        actor=school_leader,
        community=community,
        school=school_leader.school,
        school_year=year.start,
        category=ExpenseCategory.TRAINING,
        title="教师赴核心校跟岗住宿费",
        amount=Decimal("3600.00"),
    )
    # Returned by its principal, changed and sent again (every step on the record) …
    returned = services.expense_submit(
        actor=leader,
        community=community,
        school=core,
        school_year=year.start,
        category=ExpenseCategory.EVENT,
        title="集团教学开放周场地布置",
        amount=Decimal("9800.00"),
    )
    services.expense_refuse(
        actor=leader, expense=returned, comment="预算偏高，请按实际需要压缩后重新提交"
    )
    services.expense_update(
        actor=leader,
        expense=returned,
        school=core,
        school_year=year.start,
        category=ExpenseCategory.EVENT,
        title="集团教学开放周场地布置",
        amount=Decimal("6500.00"),
        comment="取消展板租赁",
    )
    # … and one withdrawn by the school that asked for it (撤回: out of the plan).
    withdrawn = services.expense_submit(
        actor=school_leader,
        community=community,
        school=school_leader.school,
        school_year=year.start,
        category=ExpenseCategory.EQUIPMENT,
        title="多媒体教室投影仪更换",
        amount=Decimal("12500.00"),
    )
    services.expense_withdraw(
        actor=school_leader, expense=withdrawn, comment="已纳入县装备统一采购，撤回申请"
    )


def _pdf(title: str, lines: list[str]) -> SimpleUploadedFile:
    body = pdf.render("demo/governance_document.html", {"title": title, "lines": lines})
    return SimpleUploadedFile(f"{title}.pdf", body, content_type="application/pdf")


def _charter_and_plan(community: Community, *, leader) -> None:
    """The group's charter in two versions (the first replaced by the revision adopted this
    year), its rules of procedure in two versions (the first adopted, the revision out for
    comment), and its three-year plan: seed 001's three phases, milestones some overdue."""
    today = timezone.localdate()
    charter = services.document_create(
        actor=leader, community=community, kind=DocumentKind.CHARTER, title=f"{community.name}章程"
    )
    services.document_version_add(
        actor=leader,
        document=charter,
        dated=datetime.date(2023, 8, 28),
        status=VersionStatus.ADOPTED,
        approved_by="集团成立大会审议通过",
        upload=_pdf(
            f"{community.name}章程（2023）",
            [
                "本集团由核心校和成员校组成，实行理事会领导下的核心校校长负责制",
                "理事会每月召开一次联席会，研究集团重要工作",
                "集团内教师统筹调配，骨干教师定期交流",
            ],
        ),
    )
    services.document_version_add(
        actor=leader,
        document=charter,
        dated=today - datetime.timedelta(days=45),
        status=VersionStatus.ADOPTED,
        approved_by="理事会审议通过，报县教育局备案",
        note="修订：增设经费管理专章，明确三重一大集体决策事项",
        upload=_pdf(
            f"{community.name}章程（修订）",
            [
                "本集团由核心校和成员校组成，实行理事会领导下的核心校校长负责制",
                "专项经费专款专用，单笔 10 万元及以上支出须经理事会集体决策",
                "重大决策、重要人事任免、重大项目安排和大额资金使用实行三重一大集体决策",
            ],
        ),
    )
    rules = services.document_create(
        actor=leader, community=community, kind=DocumentKind.REGULATION, title="理事会议事规则"
    )
    services.document_version_add(
        actor=leader,
        document=rules,
        dated=datetime.date(2024, 9, 10),
        status=VersionStatus.ADOPTED,
        approved_by="理事会审议通过",
        upload=_pdf("理事会议事规则（2024）", ["每月召开一次联席会", "三重一大事项集体决策"]),
    )
    services.document_version_add(
        actor=leader,
        document=rules,
        dated=today - datetime.timedelta(days=10),
        status=VersionStatus.CONSULTATION,
        note="修订：大额支出限额调整为 10 万元",
        upload=_pdf("理事会议事规则（修订征求意见稿）", ["大额支出 10 万元及以上集体决策"]),
    )
    plan = services.document_create(
        actor=leader, community=community, kind=DocumentKind.PLAN, title="三年发展规划"
    )
    services.document_version_add(
        actor=leader,
        document=plan,
        dated=today.replace(month=1, day=1) - datetime.timedelta(days=200),
        status=VersionStatus.ADOPTED,
        approved_by="理事会审议通过",
    )
    start = today - datetime.timedelta(days=240)
    phases = [
        services.plan_phase_add(
            actor=leader,
            document=plan,
            name=name,
            start_on=start + datetime.timedelta(days=offset),
            end_on=start + datetime.timedelta(days=offset + length - 1),
        )
        for name, offset, length in (
            ("规划设计", 0, 120),
            ("全面实施", 120, 600),
            ("成果验收", 720, 365),
        )
    ]
    groups = list(WorkGroup.objects.filter(community=community).order_by("id"))
    schools = list(
        Membership.objects.current().filter(community=community).select_related("school")
    )
    tasks = (
        (0, "完成成员校现状调研", -200, MilestoneStatus.DONE, "调研报告已上报理事会"),
        (0, "制定教师交流轮岗方案", -150, MilestoneStatus.DONE, "方案已备案"),
        (1, "建成集团同步录播教室", -20, MilestoneStatus.DOING, ""),
        (1, "成员校校本课程各开发 1 门", -5, MilestoneStatus.TODO, ""),
        (1, "开展集团青年教师技能竞赛", 0, MilestoneStatus.DOING, ""),
        (1, "形成联合教研常态机制", 90, MilestoneStatus.TODO, ""),
        (2, "三年建设成果验收", 600, MilestoneStatus.TODO, ""),
    )
    for n, (phase, task, due, status, note) in enumerate(tasks):
        milestone = services.milestone_add(
            actor=leader,
            document=plan,
            task=task,
            due_on=today + datetime.timedelta(days=due),
            phase=phases[phase],
            school=schools[n % len(schools)].school if n % 2 else None,
            group=groups[0] if groups and not n % 2 else None,
        )
        if status != MilestoneStatus.TODO:
            services.milestone_update(
                actor=leader, milestone=milestone, status=status, evidence_note=note
            )


def _supervision(communities, *, bureau, leader, school_leader) -> None:
    """The bureau's supervision list (seed 002 §18): five key tasks, two overdue, with reports
    from some responsible units (the demo school has one task to report on)."""
    today = timezone.localdate()
    group = communities["group"]
    core = (
        Membership.objects.current()
        .filter(community=group, role=MemberRole.CORE)
        .select_related("school")
        .get()
        .school
    )
    rows = (
        (
            "完成各教共体章程修订并报局备案",
            "基教股",
            "李副局长",
            -30,
            [],
            list(communities.values()),
        ),
        (
            "制定本学年教师交流轮岗计划",
            "人事股",
            "王副局长",
            -7,
            [core, school_leader.school],
            [group],
        ),
        ("建成覆盖所有教学点的同步课堂", "电教站", "李副局长", 45, [school_leader.school], [group]),
        ("开展教共体办学满意度调查", "督导室", "张局长", 60, [], [group, communities["cluster"]]),
        ("整理上报捆绑考核自评材料", "督导室", "张局长", 120, [], [communities["binding"]]),
    )
    for text, department, supervisor, days, schools, units in rows:
        task = services.supervision_task_create(
            actor=bureau,
            description=text,
            lead_department=department,
            supervisor=supervisor,
            deadline=today + datetime.timedelta(days=days),
            schools=schools,
            communities=units,
        )
        if group in units and days < 0:
            services.progress_report_add(
                actor=leader,
                task=task,
                text="已完成初稿，正在征求成员校意见。",
                reported_on=today - datetime.timedelta(days=3),
                upload=_pdf(f"{text}进展", ["已完成初稿", "正在征求成员校意见"]),
            )

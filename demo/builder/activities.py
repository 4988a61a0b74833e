"""Demo activities: two school years (2025-2026 and the autumn of 2026) of joint activities in
every community, a work schedule per community and school year, and materials for some of
them — a plan, a brief and a summary drawn by core.pdf, and small photos drawn by Pillow — so
some dossiers are complete (rule 13) and some are not. Some activities are verified by the
bureau, one is sent back."""

from __future__ import annotations

import datetime
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from activities import services as activity_services
from activities.enums import ActivityStatus, MaterialKind
from activities.models import Activity, ActivityKind, PlanItem
from communities.enums import CommunityKind, MemberRole
from communities.models import Community, Membership, WorkGroup
from core import pdf

D = datetime.date

# (kind, theme) per community kind; the theme gets a subject and grade where it fits.
THEMES = {
    "research": [
        ("同课异构", "同课异构：三年级数学《分数的初步认识》", "数学", "三年级"),
        ("集体备课", "集体备课：五年级语文第三单元", "语文", "五年级"),
        ("联合教研", "联合教研：英语绘本阅读教学", "英语", "四年级"),
        ("听课评课", "听课评课：科学探究课的设计", "科学", "六年级"),
        ("学科沙龙", "学科沙龙：大单元教学设计", "数学", ""),
    ],
    "famous": [("送教下乡", "送教下乡：名师示范课进乡村", "语文", "二年级")],
    "moral": [
        ("班主任论坛", "班主任论坛：农村留守儿童关爱", "", ""),
        ("德育论坛", "德育论坛：家校共育的实践", "", ""),
    ],
    "meeting": [("联席会", "联席会：本学期工作部署", "", "")],
    "forum": [("管理论坛", "管理论坛：集团化办学的精细管理", "", "")],
    "binding": [
        ("校长蹲点听课周", "校长蹲点听课周", "", ""),
        ("专题讲座", "专题报告：双减背景下的作业设计", "", ""),
        ("课堂交流周", "课堂交流周：城乡课堂互访", "", ""),
        ("师生联谊", "师生联谊：城乡手拉手", "", ""),
        ("社会实践", "社会实践：走进茶园", "", ""),
    ],
}
SEMESTERS = [
    (D(2025, 9, 8), D(2026, 1, 16)),
    (D(2026, 2, 23), D(2026, 7, 3)),
    (D(2026, 9, 7), D(2026, 11, 20)),
]
SCHEDULE = [
    (9, "召开联席会，部署本学年工作", "领导小组"),
    (10, "同课异构（数学）", "教学联络组"),
    (11, "班主任论坛", "德育联络组"),
    (12, "集体备课（语文）", "教学联络组"),
    (1, "学期总结与资料归档", "领导小组"),
    (3, "送教下乡", "教学联络组"),
    (4, "联合教研（英语）", "教学联络组"),
    (5, "德育论坛", "德育联络组"),
    (6, "学年总结", "领导小组"),
]


def _photo(rng: random.Random, label: str) -> bytes:
    colour = tuple(rng.randint(60, 200) for _ in range(3))
    image = Image.new("RGB", (480, 320), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(6):
        x, y = rng.randint(0, 440), rng.randint(0, 280)
        draw.rectangle(
            [x, y, x + rng.randint(20, 120), y + rng.randint(20, 80)],
            fill=tuple(rng.randint(0, 255) for _ in range(3)),
        )
    draw.text((12, 12), label, fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _document(activity: Activity, title: str, body: str) -> bytes:
    return pdf.render(
        "demo/activity_document.html",
        {"title": f"{activity.theme}{title}", "activity": activity, "body": body},
    )


class ActivityBuilder:
    def __init__(self, district, *, bureau, rng: random.Random) -> None:
        self.district = district
        self.bureau = bureau
        self.rng = rng
        self.kinds = {k.name: k for k in ActivityKind.objects.filter(district=None)}
        self.count = 0
        self.with_materials = 0

    def build(self) -> int:
        for community in Community.objects.filter(district=self.district).order_by("pk"):
            self._community(community)
        return self.count

    def _community(self, community: Community) -> None:
        current = list(
            Membership.objects.current().filter(community=community).select_related("school")
        )
        core = next((m.school for m in current if m.role == MemberRole.CORE), None)
        members = [m.school for m in current if m.role == MemberRole.MEMBER]
        if core is None:
            return
        groups = {g.name: g for g in WorkGroup.objects.filter(community=community)}
        items = {}
        for year in (2025, 2026):
            for month, content, group in SCHEDULE:
                item = PlanItem(
                    community=community,
                    school_year=year,
                    month=month,
                    content=content,
                    group=groups.get(group),
                )
                activity_services.plan_item_save(item=item)
                items[(year, month)] = item
        pools = ["research", "research", "famous", "moral", "meeting"]
        if community.kind == CommunityKind.CLUSTER:
            pools += ["research", "research", "forum", "meeting"]
        if community.kind == CommunityKind.BINDING:
            pools = ["research", "binding", "binding", "binding", "moral"]
        for first, last in SEMESTERS:
            span = (last - first).days
            for index, pool in enumerate(pools):
                kind_name, theme, subject, grade = self.rng.choice(THEMES[pool])
                day = first + datetime.timedelta(days=self.rng.randint(0, span))
                host = (
                    core
                    if pool in ("famous", "moral", "meeting", "forum") or index % 3 == 0
                    else (self.rng.choice(members) if members else core)
                )
                joined = [core, *self.rng.sample(members, k=min(len(members), 2))]
                year = day.year if day.month >= 9 else day.year - 1
                activity = Activity(
                    community=community,
                    theme=theme,
                    kind=self.kinds[kind_name],
                    start_date=day,
                    place=f"{host.name}{self.rng.choice(['报告厅', '录播教室', '会议室', '多功能厅'])}",
                    host_school=host,
                    subject=subject,
                    grade=grade,
                    other_participants=self.rng.randint(0, 30),
                    summary=f"{host.name}承办，{len(joined)} 所学校参加。",
                    status=ActivityStatus.HELD if day < D(2026, 11, 20) else ActivityStatus.PLANNED,
                    plan_item=items.get((year, day.month)),
                )
                activity_services.activity_create(activity=activity, schools=joined)
                self.count += 1
                if self.count % 4 == 0 and activity.status == ActivityStatus.HELD:
                    activity_services.activity_verify(activity=activity, actor=self.bureau)
                if self.count % 29 == 0:
                    activity_services.activity_return(
                        activity=activity,
                        actor=self.bureau,
                        comment="照片不足 10 张，请补充后再报。",
                    )
                if self.with_materials < 8 and index == 0:
                    self._materials(activity, complete=self.with_materials % 2 == 0)
                    self.with_materials += 1

    def _materials(self, activity: Activity, *, complete: bool) -> None:
        docs = [
            (
                MaterialKind.PLAN,
                "活动方案",
                "一、活动目的　二、活动时间地点　三、参加人员　四、活动流程",
            ),
            (MaterialKind.BRIEF, "简报", "本次活动按计划开展，参与教师积极研讨，取得良好效果。"),
            (MaterialKind.SUMMARY, "活动总结", "活动达到预期目标，下一步将继续深化城乡联合教研。"),
        ]
        if complete:
            docs.insert(
                1, (MaterialKind.SCHEDULE, "活动安排", "8:30 签到　9:00 课堂展示　10:30 评课研讨")
            )
        for kind, title, body in docs:
            upload = SimpleUploadedFile(
                f"{title}.pdf", _document(activity, title, body), "application/pdf"
            )
            activity_services.material_add(activity=activity, kind=kind, upload=upload, title=title)
        for n in range(10 if complete else 4):
            upload = SimpleUploadedFile(
                f"IMG_{n + 1:04d}.jpg", _photo(self.rng, f"{n + 1}"), "image/jpeg"
            )
            activity_services.material_add(
                activity=activity, kind=MaterialKind.PHOTO, upload=upload, title=f"活动照片 {n + 1}"
            )

"""Demo resource library: in every community, resources its schools shared themselves (教学设计,
课件, 题库, 校本课程, 微课 …; some with the whole county) across the demo's school years, and
downloads of them by other schools counted through the library's own service — so the library,
the community panel 资源共享 and the measure 办学资源共享度 show real figures. (Every activity
material is in the library already: ``activities.services.material_add`` adds its entry.)"""

from __future__ import annotations

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from activities.library import services as library_services
from activities.library.enums import ResourceKind, ShareScope
from activities.library.models import Resource
from communities.models import Community, Membership
from core import pdf

D = datetime.date

# (kind, title, subject, grade, description)
CATALOGUE = [
    (
        ResourceKind.DESIGN,
        "三年级数学《分数的初步认识》教学设计",
        "数学",
        "三年级",
        "含教学目标、重难点、教学过程与板书设计。",
    ),
    (
        ResourceKind.SLIDES,
        "五年级语文《草船借箭》课件",
        "语文",
        "五年级",
        "配套朗读音频与课堂练习。",
    ),
    (
        ResourceKind.QUESTION_BANK,
        "六年级数学毕业复习题库",
        "数学",
        "六年级",
        "按知识点分类，附参考答案。",
    ),
    (
        ResourceKind.SCHOOL_COURSE,
        "校本课程：茶乡文化",
        "综合实践",
        "",
        "结合本地茶园资源的综合实践课程纲要与课时安排。",
    ),
    (
        ResourceKind.MICRO_LESSON,
        "微课：英语自然拼读 a-e",
        "英语",
        "三年级",
        "10 分钟微课的讲稿与配套学习单。",
    ),
    (
        ResourceKind.DESIGN,
        "四年级科学《电路》探究课教学设计",
        "科学",
        "四年级",
        "分组实验与记录表。",
    ),
    (ResourceKind.SLIDES, "七年级道德与法治《珍视生命》课件", "道德与法治", "七年级", ""),
    (
        ResourceKind.QUESTION_BANK,
        "八年级物理力学单元检测题",
        "物理",
        "八年级",
        "两套试卷，附双向细目表。",
    ),
    (ResourceKind.OTHER, "班主任工作手册（样表）", "", "", "家访记录、谈心记录等常用表格。"),
    (ResourceKind.SCHOOL_COURSE, "校本课程：乡村少年宫美术", "美术", "", ""),
]
START = D(2025, 9, 15)


class LibraryBuilder:
    def __init__(self, district, *, rng: random.Random, school_leader=None) -> None:
        self.district = district
        self.rng = rng
        self.school_leader = school_leader
        self.documents: dict[str, bytes] = {}
        self.count = 0

    def _upload(self, title: str, description: str) -> SimpleUploadedFile:
        kind_text = title[-4:]
        if kind_text not in self.documents:  # one rendering per ending; the bytes are reused
            self.documents[kind_text] = pdf.render(
                "demo/library_document.html",
                {
                    "title": title,
                    "lines": [description or "（示范资源）", "示范县教共体资源共享。"],
                },
            )
        return SimpleUploadedFile(
            f"{title}.pdf", self.documents[kind_text], content_type="application/pdf"
        )

    def build(self, today: datetime.date) -> int:
        for community in Community.objects.filter(district=self.district).order_by("pk"):
            self._community(community, today)
        return self.count

    def _community(self, community: Community, today: datetime.date) -> None:
        schools = [
            m.school
            for m in Membership.objects.current()
            .filter(community=community)
            .select_related("school")
            .order_by("pk")
        ]
        if len(schools) < 2:
            return
        span = max((today - START).days, 1)
        picks = self.rng.sample(CATALOGUE, k=min(len(CATALOGUE), 4 + len(schools)))
        for n, (kind, title, subject, grade, description) in enumerate(picks):
            school = schools[n % len(schools)]
            actor = (
                self.school_leader
                if self.school_leader is not None and self.school_leader.school_id == school.pk
                else None
            )
            resource = Resource(
                school=school,
                kind=kind,
                title=title,
                subject=subject,
                grade=grade,
                description=description,
                scope=ShareScope.DISTRICT if n % 4 == 0 else ShareScope.COMMUNITY,
                shared_on=START + datetime.timedelta(days=self.rng.randint(0, span)),
            )
            library_services.resource_add(
                resource=resource, upload=self._upload(title, description), actor=actor
            )
            self.count += 1
            self._downloads(resource, schools, today)

    def _downloads(self, resource: Resource, schools: list, today: datetime.date) -> None:
        others = [s for s in schools if s.pk != resource.school_id]
        for school in self.rng.sample(others, k=min(len(others), self.rng.randint(1, 4))):
            for _ in range(self.rng.randint(1, 6)):
                day = resource.shared_on + datetime.timedelta(
                    days=self.rng.randint(0, max((today - resource.shared_on).days, 0))
                )
                library_services.download_count(resource=resource, school=school, on=day)

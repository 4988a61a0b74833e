"""The URLconf of a ``bench_pages`` run: the site's own URLs (the configured root URLconf,
included by name) plus the bare view the pages are measured against. Empty outside a run."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import include, path

from communities.models import Community
from schools.models import School, Teacher
from schools.tables import SCHOOL_TABLE, TEACHER_TABLE

urlpatterns: list = []


def patterns(root_urlconf: str) -> list:
    return [
        path("__bench_bare__/<str:kind>/", bare, name="bench_bare"),
        path("", include(root_urlconf)),
    ]


def bare(request, kind: str):
    """One ``.values()`` query of the page's rows, in the page's order, in a plain table."""
    page = max(int(request.GET.get("page", "1")), 1)
    size = settings.JGT_PAGE_SIZE
    start = (page - 1) * size
    district_id = request.user.district_id
    if kind == "teachers":
        rows = (
            Teacher.objects.filter(district_id=district_id)
            .order_by(*TEACHER_TABLE.default)
            .values(
                "id",
                "name",
                "school__name",
                "subjects",
                "title",
                "backbone_level",
                "education",
                "joined_school_on",
            )[start : start + size]
        )
    elif kind == "schools":
        rows = (
            School.objects.filter(district_id=district_id)
            .order_by(*SCHOOL_TABLE.default)
            .values(
                "id",
                "name",
                "code",
                "stage",
                "locale",
                "township",
                "parent__name",
                "students",
            )[start : start + size]
        )
    else:
        rows = (
            Community.objects.filter(district_id=district_id)
            .order_by("sort_key", "id")
            .values("id", "name", "kind", "closeness", "stage", "member_limit", "founded_on")[
                start : start + size
            ]
        )
    return render(request, "demo/bench_bare.html", {"rows": list(rows)})

"""The role × URL matrix: every named URL, every actor, GET and POST, in and out of scope.

How to read an expectation row: six statuses, one per actor, in the order of ACTORS —

    anonymous  bureau_admin  bureau_staff  community_leader  school_leader  other_staff

Each cell is one exact status. A read-only page answers a POST by rendering itself again (200);
a view that serves only GET answers 405. POSTs carry an empty body. An anonymous 302 must lead
to the login page. The superuser bound to the home district (`district_superuser`) has no
column: it must get exactly what its role's column says (MIRRORS), never a platform's view. `other_staff` is bureau staff of the other district: for it the
home district's objects are out of scope (404).

Besides the listed cases, a URL with `outside=` is also requested with the other district's object
(every name in it carries CANARY): every home actor gets `outside_get` / `outside_post` (404 by
default; a full six-cell row may be given instead, `-` for other_staff, whose district it is). Every response carries the strict Content-Security-Policy. Every response body of a home actor — files included:
xlsx/zip contents are unpacked — must not contain CANARY.

Adding a URL: add one `Expect(...)` entry to EXPECTATIONS with a Case per interesting target
(kwargs builder taking the `matrix_world` fixture) and, for object URLs, `outside=`.
`test_every_named_url_has_expectations` fails, naming the URL, until you do.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.conftest import CANARY

ACTORS = (
    "anonymous",
    "bureau_admin",
    "bureau_staff",
    "community_leader",
    "school_leader",
    "other_staff",
)
HOME_ACTORS = ACTORS[1:5]
MIRRORS = {"district_superuser": "bureau_admin"}
"""Actors without a column, expected to be answered exactly like the actor named."""

Kwargs = Callable[[object], dict] | None


@dataclass(frozen=True)
class Case:
    label: str
    kwargs: Kwargs
    get: str
    post: str
    # A query string, or a builder taking the ``matrix_world`` fixture.
    query: str | Callable[[object], str] = ""


@dataclass(frozen=True)
class Expect:
    cases: tuple[Case, ...]
    outside: Kwargs = None
    outside_get: str = "404"
    outside_post: str = "404"


def _expect(*cases: Case, **options) -> Expect:
    return Expect(cases=cases, **options)


# kwargs builders ------------------------------------------------------------------------------


def pk(attr: str) -> Callable[[object], dict]:
    return lambda w: {"pk": getattr(w, attr).pk}


def nested(community: str, key: str, attr: str) -> Callable[[object], dict]:
    return lambda w: {"pk": getattr(w, community).pk, key: getattr(w, attr).pk}


def file_of(attr: str, field: str) -> Callable[[object], dict]:
    """The download URL kwargs of ``field`` of the world's object ``attr``."""

    def kwargs(w) -> dict:
        owner = getattr(w, attr)
        return {"model": owner._meta.label_lower, "pk": owner.pk, "field": field}

    return kwargs


def model_pk(attr: str) -> Callable[[object], dict]:
    """The history URL kwargs of the world's object ``attr``."""
    return lambda w: {"model": getattr(w, attr)._meta.label_lower, "pk": getattr(w, attr).pk}


def const(**kwargs) -> Callable[[object], dict]:
    return lambda w: kwargs


# statuses -------------------------------------------------------------------------------------
ALL_READ = "302 200 200 200 200 200"  # a page every role reads (a POST re-renders it)
BUREAU_FORM = "302 200 200 403 403 200"  # a roster page without an object: bureau only
BUREAU_OBJECT = "302 200 200 403 403 404"  # a roster page on a home object
GOVERNANCE = "302 200 200 200 403 404"  # positions / work groups of the home community
GET_ONLY_FILE = "302 405 405 405 405 405"  # @require_GET views (downloads, lists), POSTed
SCHOOL_READ = "302 200 200 200 200 404"  # a school of the home community, read by every role
JOB_OF_BUREAU = "302 200 200 404 404 404"  # a job started by the home district's bureau staff
JOB_OF_LEADER = "302 200 200 404 200 404"  # a job started by the school leader
PROPOSE = "302 200 200 403 200 200"  # propose an exchange: bureau and school leaders
COMMUNITY_READ = "302 200 200 200 404 404"  # a row of the community the school leader is not in
HOME_EDIT = "302 200 200 403 200 404"  # edit a draft: the home school leader and the bureau
BUREAU_ONLY_HOME = "302 200 200 403 404 404"  # a draft of another school of the community
FILERS = "302 200 200 200 403 200"  # the 备案 sheet: bureau and community leaders
POST_ONLY = "302 405 405 405 405 405"  # @require_POST views, read with GET
ACTIVITY_HIDDEN = "302 200 200 200 404 404"  # an activity the school leader's school did not join
ACTIVITY_EDIT = "302 200 200 200 403 404"  # joined but not hosted by the school leader's school

EXPECTATIONS: dict[str, Expect] = {
    # --- core, accounts -----------------------------------------------------------------------
    "dashboard": _expect(Case("", None, get="302 200 200 200 200 200", post=ALL_READ)),
    "login": _expect(Case("", None, get="200 302 302 302 302 302", post="200 302 302 302 302 302")),
    "logout": _expect(
        Case("", None, get="405 405 405 405 405 405", post="302 302 302 302 302 302")
    ),
    "password_change": _expect(
        Case("", None, get="302 200 200 200 200 200", post="302 200 200 200 200 200")
    ),
    # --- second factor and the access log (accounts) --------------------------------------
    "otp_setup": _expect(
        Case("", None, get="302 200 200 200 200 200", post="302 200 200 200 200 200")
    ),
    # without a confirmed device: sent to enrolment
    "otp_verify": _expect(
        Case("", None, get="302 302 302 302 302 302", post="302 302 302 302 302 302")
    ),
    "access_log": _expect(
        Case("", None, get="302 200 403 403 403 403", post="302 200 403 403 403 403")
    ),
    "password_change_done": _expect(
        Case("", None, get="302 200 200 200 200 200", post="302 405 405 405 405 405")
    ),
    # --- files (core.files): the owner's visibility rule decides ----------------------------
    "file_download": _expect(
        Case(
            "charter",
            file_of("community", "charter"),
            get="302 200 200 200 200 404",
            post=GET_ONLY_FILE,
        ),
        Case(
            "material-joined",
            file_of("material", "file"),
            get="302 200 200 200 200 404",
            post=GET_ONLY_FILE,
        ),
        Case(
            "material-not-joined",
            file_of("hidden_material", "file"),
            get="302 200 200 200 404 404",
            post=GET_ONLY_FILE,
        ),
        Case(
            "not-a-file-field",
            file_of("community", "district"),
            get="302 404 404 404 404 404",
            post=GET_ONLY_FILE,
        ),
        Case(
            "unknown-model",
            const(model="nonsense.model", pk=1, field="charter"),
            get="302 404 404 404 404 404",
            post=GET_ONLY_FILE,
        ),
        # A model with a file field but no visibility rule shows nothing (fail closed).
        Case(
            "model-without-rule",
            lambda w: {
                "model": "communities.historicalcommunity",
                "pk": w.community.history.latest().history_id,
                "field": "charter",
            },
            get="302 404 404 404 404 404",
            post=GET_ONLY_FILE,
        ),
        Case(
            "document-version",
            file_of("version", "file"),
            get="302 200 200 200 200 404",
            post=GET_ONLY_FILE,
        ),
        Case(
            "meeting-minutes",
            file_of("meeting", "minutes_file"),
            get="302 200 200 200 200 404",
            post=GET_ONLY_FILE,
        ),
        outside=file_of("other_community", "charter"),
        outside_post="405",
    ),
    # The full change trail of an object, through the owner's visibility rule (core.audit).
    "history": _expect(
        Case("community", model_pk("community"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        Case("school", model_pk("member_school"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        Case(
            "lone-school",
            model_pk("lone_school"),
            get="302 200 200 404 404 404",
            post=GET_ONLY_FILE,
        ),
        Case("own-teacher", model_pk("member_teacher"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        Case(
            "core-teacher",
            model_pk("core_teacher"),
            get="302 200 200 200 404 404",
            post=GET_ONLY_FILE,
        ),
        Case(
            "model-without-history-page",
            lambda w: {"model": "accounts.user", "pk": w.users["bureau_staff"].pk},
            get="302 404 404 404 404 404",
            post=GET_ONLY_FILE,
        ),
        Case(
            "unknown-model",
            const(model="nonsense.model", pk=1),
            get="302 404 404 404 404 404",
            post=GET_ONLY_FILE,
        ),
        outside=model_pk("other_community"),
        outside_post="405",
    ),
    # --- jobs (core): the generic job page, its status JSON and its result file ----------------
    # A job is seen by its district's bureau users and by the user who started it; a leader
    # gets 404 for a colleague's job (it may hold rows the leader may not see).
    **{
        name: _expect(
            Case("bureau-export", pk("export_job"), get=JOB_OF_BUREAU, post=GET_ONLY_FILE),
            Case("leader-export", pk("leader_export_job"), get=JOB_OF_LEADER, post=GET_ONLY_FILE),
            Case("import", pk("import_job"), get=JOB_OF_BUREAU, post=GET_ONLY_FILE),
            outside=pk("other_export_job"),
            outside_post="405",
        )
        for name in ("core:job_detail", "core:job_status")
    },
    "core:job_file": _expect(
        Case("bureau-export", pk("export_job"), get=JOB_OF_BUREAU, post=GET_ONLY_FILE),
        Case("leader-export", pk("leader_export_job"), get=JOB_OF_LEADER, post=GET_ONLY_FILE),
        # An import's file is its upload, an input: never offered for download.
        Case("import", pk("import_job"), get="302 404 404 404 404 404", post=GET_ONLY_FILE),
        outside=pk("other_export_job"),
        outside_post="405",
    ),
    # --- schools ------------------------------------------------------------------------------
    "schools:school_list": _expect(Case("", None, get="302 200 200 200 200 200", post=ALL_READ)),
    "schools:school_create": _expect(Case("", None, get=BUREAU_FORM, post=BUREAU_FORM)),
    "schools:school_detail": _expect(
        Case("own", pk("member_school"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("core", pk("core_school"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("teaching-point", pk("teaching_point"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("second-member", pk("second_member"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("second-point", pk("second_point"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case(
            "lone",
            pk("lone_school"),
            get="302 200 200 404 404 404",
            post="302 200 200 404 404 404",
        ),
        outside=pk("other_school"),
    ),
    "schools:school_archive": _expect(
        Case("own", pk("member_school"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("core", pk("core_school"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case(
            "year", pk("member_school"), get=SCHOOL_READ, post=SCHOOL_READ, query="?year=2024-2025"
        ),
        Case(
            "lone",
            pk("lone_school"),
            get="302 200 200 404 404 404",
            post="302 200 200 404 404 404",
        ),
        outside=pk("other_school"),
    ),
    "schools:school_archive_pdf": _expect(
        Case("own", pk("member_school"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        Case("lone", pk("lone_school"), get="302 200 200 404 404 404", post=GET_ONLY_FILE),
        outside=pk("other_school"),
        outside_post="405",
    ),
    "schools:school_update": _expect(
        Case(
            "own",
            pk("member_school"),
            get="302 200 200 403 200 404",
            post="302 200 200 403 200 404",
        ),
        Case("core", pk("core_school"), get=BUREAU_OBJECT, post=BUREAU_OBJECT),
        Case("teaching-point", pk("teaching_point"), get=BUREAU_OBJECT, post=BUREAU_OBJECT),
        Case("second-point", pk("second_point"), get=BUREAU_OBJECT, post=BUREAU_OBJECT),
        Case(
            "lone", pk("lone_school"), get="302 200 200 404 404 404", post="302 200 200 404 404 404"
        ),
        outside=pk("other_school"),
    ),
    # The searchable selects' JSON views (core.widgets.SearchSelect): scoped by the visibility
    # rules; a community or school the user may not see is a 404.
    **{
        name: _expect(
            Case("", None, get=ALL_READ, post=GET_ONLY_FILE, query="?q=xx"),
            Case(
                "own-community",
                None,
                get="302 200 200 200 200 404",
                post=GET_ONLY_FILE,
                query=lambda w: f"?community={w.community.pk}",
            ),
            Case(
                "other-community",
                None,
                get="302 404 404 404 404 200",
                post=GET_ONLY_FILE,
                query=lambda w: f"?community={w.other_community.pk}",
            ),
            Case(
                "bad-community",
                None,
                get="302 404 404 404 404 404",
                post=GET_ONLY_FILE,
                query="?community=none",
            ),
            Case("free", None, get=ALL_READ, post=GET_ONLY_FILE, query="?free=1&q=x"),
            Case(
                "free-or-own-community",
                None,
                get="302 200 200 200 200 404",
                post=GET_ONLY_FILE,
                query=lambda w: f"?free=1&or_community={w.community.pk}",
            ),
            Case(
                "free-or-other-community",
                None,
                get="302 404 404 404 404 200",
                post=GET_ONLY_FILE,
                query=lambda w: f"?free=1&or_community={w.other_community.pk}",
            ),
        )
        for name in ("schools:school_search",)
    },
    "schools:teacher_search": _expect(
        Case("", None, get=ALL_READ, post=GET_ONLY_FILE, query="?q=l"),
        Case(
            "own-community",
            None,
            get="302 200 200 200 200 404",
            post=GET_ONLY_FILE,
            query=lambda w: f"?community={w.community.pk}",
        ),
        Case(
            "other-community",
            None,
            get="302 404 404 404 404 200",
            post=GET_ONLY_FILE,
            query=lambda w: f"?community={w.other_community.pk}",
        ),
        Case(
            "own-school",
            None,
            get=SCHOOL_READ,
            post=GET_ONLY_FILE,
            query=lambda w: f"?school={w.member_school.pk}",
        ),
        Case(
            "other-school",
            None,
            get="302 404 404 404 404 200",
            post=GET_ONLY_FILE,
            query=lambda w: f"?school={w.other_school.pk}",
        ),
    ),
    "schools:teacher_list": _expect(Case("", None, get="302 200 200 200 200 200", post=ALL_READ)),
    "schools:teacher_create": _expect(
        Case("", None, get="302 200 200 403 200 200", post="302 200 200 403 200 200")
    ),
    "schools:teacher_detail": _expect(
        Case("own", pk("member_teacher"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case(
            "core",
            pk("core_teacher"),
            get="302 200 200 200 404 404",
            post="302 200 200 200 404 404",
        ),
        Case(
            "second-point",
            pk("second_point_teacher"),
            get="302 200 200 200 404 404",
            post="302 200 200 200 404 404",
        ),
        Case(
            "lone",
            pk("lone_teacher"),
            get="302 200 200 404 404 404",
            post="302 200 200 404 404 404",
        ),
        outside=pk("other_teacher"),
    ),
    "schools:teacher_update": _expect(
        Case(
            "own",
            pk("member_teacher"),
            get="302 200 200 403 200 404",
            post="302 200 200 403 200 404",
        ),
        Case(
            "core",
            pk("core_teacher"),
            get="302 200 200 403 404 404",
            post="302 200 200 403 404 404",
        ),
        Case(
            "second-point",
            pk("second_point_teacher"),
            get="302 200 200 403 404 404",
            post="302 200 200 403 404 404",
        ),
        Case(
            "lone",
            pk("lone_teacher"),
            get="302 200 200 404 404 404",
            post="302 200 200 404 404 404",
        ),
        outside=pk("other_teacher"),
    ),
    "schools:teacher_move": _expect(
        Case("own", pk("member_teacher"), get=BUREAU_OBJECT, post=BUREAU_OBJECT),
        Case(
            "core",
            pk("core_teacher"),
            get="302 200 200 403 404 404",
            post="302 200 200 403 404 404",
        ),
        Case(
            "second-point",
            pk("second_point_teacher"),
            get="302 200 200 403 404 404",
            post="302 200 200 403 404 404",
        ),
        outside=pk("other_teacher"),
    ),
    # --- communities --------------------------------------------------------------------------
    "communities:community_list": _expect(
        Case("", None, get="302 200 200 200 200 200", post=ALL_READ)
    ),
    "communities:community_create": _expect(Case("", None, get=BUREAU_FORM, post=BUREAU_FORM)),
    "communities:community_detail": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_community"),
    ),
    # The community page's deferred panels (rule checks, governance), same scope as the page.
    "communities:community_panels": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("own-partial", pk("community"), get=SCHOOL_READ, post=SCHOOL_READ, query="?partial=1"),
        outside=pk("other_community"),
    ),
    "communities:community_update": _expect(
        Case("own", pk("community"), get=BUREAU_OBJECT, post=BUREAU_OBJECT),
        outside=pk("other_community"),
    ),
    "communities:membership_add": _expect(
        Case("own", pk("community"), get=BUREAU_OBJECT, post=BUREAU_OBJECT),
        outside=pk("other_community"),
    ),
    "communities:membership_end": _expect(
        Case(
            "own",
            nested("community", "membership_pk", "membership"),
            get=BUREAU_OBJECT,
            post=BUREAU_OBJECT,
        ),
        Case(
            "foreign-membership",
            nested("community", "membership_pk", "other_membership"),
            get="302 404 404 404 404 404",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "membership_pk", "other_membership"),
    ),
    "communities:core_replace": _expect(
        Case("own", pk("community"), get=BUREAU_OBJECT, post=BUREAU_OBJECT),
        outside=pk("other_community"),
    ),
    "communities:position_add": _expect(
        Case("own", pk("community"), get=GOVERNANCE, post=GOVERNANCE),
        outside=pk("other_community"),
    ),
    "communities:position_update": _expect(
        Case(
            "own", nested("community", "position_pk", "position"), get=GOVERNANCE, post=GOVERNANCE
        ),
        Case(
            "foreign-position",
            nested("community", "position_pk", "other_position"),
            get="302 404 404 404 404 404",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "position_pk", "other_position"),
    ),
    "communities:position_end": _expect(
        Case(
            "own", nested("community", "position_pk", "position"), get=GOVERNANCE, post=GOVERNANCE
        ),
        Case(
            "foreign-position",
            nested("community", "position_pk", "other_position"),
            get="302 404 404 404 404 404",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "position_pk", "other_position"),
    ),
    "communities:workgroup_add": _expect(
        Case("own", pk("community"), get=GOVERNANCE, post=GOVERNANCE),
        outside=pk("other_community"),
    ),
    "communities:workgroup_update": _expect(
        Case("own", nested("community", "group_pk", "group"), get=GOVERNANCE, post=GOVERNANCE),
        Case(
            "foreign-group",
            nested("community", "group_pk", "other_group"),
            get="302 404 404 404 404 404",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "group_pk", "other_group"),
    ),
    "communities:workgroup_delete": _expect(
        Case(
            "own",
            nested("community", "group_pk", "group"),
            get="302 405 405 405 405 405",
            post="302 302 302 302 403 404",
        ),
        Case(
            "foreign-group",
            nested("community", "group_pk", "other_group"),
            get="302 405 405 405 405 405",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "group_pk", "other_group"),
        outside_get="405",
    ),
    # --- compliance: rule checks (read by every role in scope; settings changed by the bureau;
    # an empty POST of the settings form is refused field by field: 400) ------------------------
    "compliance:ranking": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "compliance:community_rules": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_community"),
    ),
    "compliance:community_settings": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post="302 400 400 403 403 404"),
        outside=pk("other_community"),
    ),
    # --- activities: bureau sees the district, community leader its community, school leader
    # what its school hosted or joined; editing by the host's leader, the community's leader and
    # the bureau; verifying by the bureau -------------------------------------------------------
    "activities:activity_list": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "activities:activity_calendar": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    # Anyone may zip the dossiers of its own list (a job it alone and its bureau see).
    "activities:dossier_zip": _expect(
        Case("", None, get=POST_ONLY, post="302 302 302 302 302 302")
    ),
    # --- assessment reports: the community's PDF to whoever may read its results (a school
    # leader once published); the workbook and the batch to the bureau; verification public ----
    "assessment:verify": _expect(
        Case("", None, get="200 200 200 200 200 200", post="405 405 405 405 405 405"),
        Case(
            "code",
            None,
            get="200 200 200 200 200 200",
            post="405 405 405 405 405 405",
            query="?code=ZZZZZ-99999",
        ),
    ),
    "assessment:community_report": _expect(
        Case(
            "unpublished",
            lambda w: {"pk": w.report_scheme.pk, "community": w.community.pk},
            get="302 200 200 200 404 404",
            post=GET_ONLY_FILE,
        ),
        outside=lambda w: {"pk": w.other_report_scheme.pk, "community": w.other_community.pk},
        outside_post="405",
    ),
    "assessment:district_workbook": _expect(
        Case("", pk("report_scheme"), get="302 200 200 403 403 404", post=GET_ONLY_FILE),
        outside=pk("other_report_scheme"),
        outside_post="405",
    ),
    "assessment:reports_zip": _expect(
        Case("", pk("report_scheme"), get=POST_ONLY, post="302 302 302 403 403 404"),
        outside=pk("other_report_scheme"),
        outside_get="405",
    ),
    "activities:activity_create": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "activities:kind_list": _expect(Case("", None, get=ALL_READ, post="302 200 200 403 403 200")),
    "activities:activity_detail": _expect(
        Case("joined", pk("activity"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("not-joined", pk("hidden_activity"), get=ACTIVITY_HIDDEN, post=ACTIVITY_HIDDEN),
        outside=pk("other_activity"),
    ),
    "activities:activity_dossier": _expect(
        Case("joined", pk("activity"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        Case("not-joined", pk("hidden_activity"), get=ACTIVITY_HIDDEN, post=GET_ONLY_FILE),
        outside=pk("other_activity"),
        outside_post="405",
    ),
    "activities:activity_update": _expect(
        Case("joined", pk("activity"), get=ACTIVITY_EDIT, post=ACTIVITY_EDIT),
        Case("not-joined", pk("hidden_activity"), get=ACTIVITY_HIDDEN, post=ACTIVITY_HIDDEN),
        outside=pk("other_activity"),
    ),
    **{
        name: _expect(
            Case("joined", pk("activity"), get=POST_ONLY, post="302 302 302 403 403 404"),
            Case(
                "not-joined", pk("hidden_activity"), get=POST_ONLY, post="302 302 302 403 404 404"
            ),
            outside=pk("other_activity"),
            outside_get="405",
        )
        for name in ("activities:activity_verify", "activities:activity_return")
    },
    "activities:material_upload": _expect(
        Case("joined", pk("activity"), get=POST_ONLY, post="302 302 302 302 403 404"),
        Case("not-joined", pk("hidden_activity"), get=POST_ONLY, post="302 302 302 302 404 404"),
        outside=pk("other_activity"),
        outside_get="405",
    ),
    "activities:material_delete": _expect(
        Case(
            "own",
            nested("activity", "material_pk", "material"),
            get=POST_ONLY,
            post="302 302 302 302 403 404",
        ),
        Case(
            "material-of-another-activity",
            nested("activity", "material_pk", "hidden_material"),
            get=POST_ONLY,
            post="302 404 404 404 403 404",
        ),
        outside=nested("other_activity", "material_pk", "other_material"),
        outside_get="405",
    ),
    "activities:schedule": _expect(
        Case(
            "own",
            lambda w: {"community_pk": w.community.pk},
            get=SCHOOL_READ,
            post="302 200 200 200 403 404",
        ),
        outside=lambda w: {"community_pk": w.other_community.pk},
    ),
    "activities:plan_item_delete": _expect(
        Case(
            "own",
            lambda w: {"community_pk": w.community.pk, "item_pk": w.plan_item.pk},
            get=POST_ONLY,
            post="302 302 302 302 403 404",
        ),
        Case(
            "item-of-another-community",
            lambda w: {"community_pk": w.community.pk, "item_pk": w.other_plan_item.pk},
            get=POST_ONLY,
            post="302 404 404 404 404 404",
        ),
        outside=lambda w: {"community_pk": w.other_community.pk, "item_pk": w.other_plan_item.pk},
        outside_get="405",
    ),
    # --- the resource library: every role of the community reads its entries (every material
    # of the community's activities included, and the district-shared ones); a resource added
    # directly is edited by its school's leader, the community's leader and the bureau; a
    # material's entry only with its activity; downloads counted, GET only ------------------
    "activities:library": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "activities:resource_create": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "activities:resource_detail": _expect(
        Case("own-school", pk("resource"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("district-shared", pk("core_resource"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("material-not-joined", pk("hidden_entry"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_resource"),
    ),
    "activities:resource_update": _expect(
        Case("own-school", pk("resource"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("core-school", pk("core_resource"), get=ACTIVITY_EDIT, post=ACTIVITY_EDIT),
        Case(
            "material-entry",
            pk("hidden_entry"),
            get="302 403 403 403 403 404",
            post="302 403 403 403 403 404",
        ),
        outside=pk("other_resource"),
    ),
    "activities:resource_delete": _expect(
        Case("own-school", pk("resource"), get=POST_ONLY, post="302 302 302 302 302 404"),
        Case("core-school", pk("core_resource"), get=POST_ONLY, post="302 302 302 302 403 404"),
        Case("material-entry", pk("hidden_entry"), get=POST_ONLY, post="302 403 403 403 403 404"),
        outside=pk("other_resource"),
        outside_get="405",
    ),
    "activities:resource_download": _expect(
        Case("own-school", pk("resource"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        Case("material-not-joined", pk("hidden_entry"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        outside=pk("other_resource"),
        outside_post="405",
    ),
    # --- remote lessons: bureau the district, community leader its community, school leader
    # the pairings its school gives or receives; a receiving school logs but does not edit ----
    "activities:remote_pairing_list": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "activities:remote_pairing_create": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "activities:remote_pairing_detail": _expect(
        Case("received", pk("pairing"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("not-received", pk("hidden_pairing"), get=ACTIVITY_HIDDEN, post=ACTIVITY_HIDDEN),
        outside=pk("other_pairing"),
    ),
    "activities:remote_pairing_update": _expect(
        Case("received", pk("pairing"), get=ACTIVITY_EDIT, post=ACTIVITY_EDIT),
        Case("not-received", pk("hidden_pairing"), get=ACTIVITY_HIDDEN, post=ACTIVITY_HIDDEN),
        outside=pk("other_pairing"),
    ),
    "activities:remote_session_log": _expect(
        Case("received", pk("pairing"), get=POST_ONLY, post="302 302 302 302 302 404"),
        Case("not-received", pk("hidden_pairing"), get=POST_ONLY, post="302 302 302 302 404 404"),
        outside=pk("other_pairing"),
        outside_get="405",
    ),
    "activities:remote_session_delete": _expect(
        Case(
            "own",
            nested("pairing", "session_pk", "session"),
            get=POST_ONLY,
            post="302 302 302 302 302 404",
        ),
        Case(
            "session-of-another-pairing",
            nested("pairing", "session_pk", "hidden_session"),
            get=POST_ONLY,
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_pairing", "session_pk", "other_session"),
        outside_get="405",
    ),
    # --- balance: district figures, the bureau's (each bureau its own district) ---------------
    "balance:overview": _expect(Case("", None, get=BUREAU_FORM, post=GET_ONLY_FILE)),
    "balance:export": _expect(Case("", None, get=BUREAU_FORM, post=GET_ONLY_FILE)),
    # --- exchanges ----------------------------------------------------------------------------
    "exchanges:exchange_list": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "exchanges:exchange_create": _expect(Case("", None, get=PROPOSE, post=PROPOSE)),
    "exchanges:exchange_detail": _expect(
        Case("own", pk("exchange"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("core", pk("core_exchange"), get=COMMUNITY_READ, post=COMMUNITY_READ),
        outside=pk("other_exchange"),
    ),
    "exchanges:exchange_update": _expect(
        Case("own", pk("exchange"), get=HOME_EDIT, post=HOME_EDIT),
        Case("core", pk("core_exchange"), get=BUREAU_ONLY_HOME, post=BUREAU_ONLY_HOME),
        outside=pk("other_exchange"),
    ),
    # Steps are POST only; an empty POST (no version) is refused with a message (302) to the
    # role that may take the step, 403 to a role that may not, 404 out of scope.
    "exchanges:exchange_step": _expect(
        Case(
            "submit",
            lambda w: {"pk": w.exchange.pk, "action": "submit"},
            get="302 405 405 405 405 405",
            post="302 302 302 403 302 404",
        ),
        Case(
            "approve",
            lambda w: {"pk": w.exchange.pk, "action": "approve"},
            get="302 405 405 405 405 405",
            post="302 302 302 302 403 404",
        ),
        Case(
            "file",
            lambda w: {"pk": w.exchange.pk, "action": "file"},
            get="302 405 405 405 405 405",
            post="302 302 302 403 403 404",
        ),
        Case(
            "unknown",
            lambda w: {"pk": w.exchange.pk, "action": "nonsense"},
            get="302 405 405 405 405 405",
            post="302 404 404 404 404 404",
        ),
        Case(
            "core-submit",
            lambda w: {"pk": w.core_exchange.pk, "action": "submit"},
            get="302 405 405 405 405 405",
            post="302 302 302 403 404 404",
        ),
        outside=lambda w: {"pk": w.other_exchange.pk, "action": "submit"},
        outside_get="405",
    ),
    "exchanges:filing_sheet": _expect(Case("", None, get=FILERS, post=FILERS)),
    "exchanges:teacher_record": _expect(
        Case("own", pk("member_teacher"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("core", pk("core_teacher"), get=COMMUNITY_READ, post=COMMUNITY_READ),
        outside=pk("other_teacher"),
    ),
    **{
        f"exchanges:{name}": _expect(Case("", None, get=ALL_READ, post=ALL_READ))
        for name in ("principal_post_list", "lesson_day_list", "mentorship_list")
    },
    **{
        f"exchanges:{name}": _expect(Case("", None, get=ALL_READ, post=ALL_READ))
        for name in ("principal_post_bulk", "lesson_day_bulk", "mentorship_create")
    },
    "exchanges:mentorship_community": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_community"),
    ),
    "exchanges:mentorship_detail": _expect(
        Case("own", pk("mentorship"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_mentorship"),
    ),
    "exchanges:mentorship_update": _expect(
        Case("own", pk("mentorship"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_mentorship"),
    ),
    # --- governance: a community's ledger, expenses, meetings (read with the community; written
    # by the bureau and the community's leader; expenses requested and approved by principals) --
    "governance:index": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "governance:ledger": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_community"),
    ),
    "governance:ledger_export": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        outside=pk("other_community"),
        outside_post="405",
    ),
    "governance:fund_add": _expect(
        Case("own", pk("community"), get=GOVERNANCE, post="302 400 400 400 403 404"),
        outside=pk("other_community"),
    ),
    "governance:expense_add": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post="302 400 400 400 400 404"),
        outside=pk("other_community"),
    ),
    "governance:expense_detail": _expect(
        Case(
            "own",
            nested("community", "expense_pk", "expense"),
            get=SCHOOL_READ,
            post="302 400 400 400 400 404",
        ),
        Case(
            "foreign-expense",
            nested("community", "expense_pk", "other_expense"),
            get="302 404 404 404 404 404",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "expense_pk", "other_expense"),
    ),
    # Changed (while not approved) by whoever may request for the spending school: the bureau,
    # the community's leader, the school's leader.
    "governance:expense_edit": _expect(
        Case(
            "own",
            nested("community", "expense_pk", "expense"),
            get=SCHOOL_READ,
            post="302 400 400 400 400 404",
        ),
        Case(
            "foreign-expense",
            nested("community", "expense_pk", "other_expense"),
            get="302 404 404 404 404 404",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "expense_pk", "other_expense"),
    ),
    "governance:meeting_list": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_community"),
    ),
    "governance:meeting_add": _expect(
        Case("own", pk("community"), get=GOVERNANCE, post="302 400 400 400 403 404"),
        outside=pk("other_community"),
    ),
    "governance:meeting_detail": _expect(
        Case(
            "own",
            nested("community", "meeting_pk", "meeting"),
            get=SCHOOL_READ,
            post=SCHOOL_READ,
        ),
        Case(
            "foreign-meeting",
            nested("community", "meeting_pk", "other_meeting"),
            get="302 404 404 404 404 404",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "meeting_pk", "other_meeting"),
    ),
    "governance:decision_add": _expect(
        Case(
            "own",
            nested("community", "meeting_pk", "meeting"),
            get="302 405 405 405 405 405",
            post="302 302 302 302 403 404",
        ),
        outside=nested("other_community", "meeting_pk", "other_meeting"),
        outside_get="405",
    ),
    # The supervision list: the bureau's; leaders read the tasks of their unit and report on
    # them (the bureau does not report: 403 on an empty POST of the report form).
    "governance:task_list": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "governance:task_export": _expect(
        Case("", None, get="302 200 200 200 200 200", post=GET_ONLY_FILE)
    ),
    "governance:task_add": _expect(Case("", None, get=BUREAU_FORM, post="302 400 400 403 403 400")),
    "governance:task_detail": _expect(
        Case("own", pk("task"), get=SCHOOL_READ, post="302 403 403 400 400 404"),
        outside=pk("other_task"),
    ),
    "governance:document_list": _expect(
        Case("own", pk("community"), get=SCHOOL_READ, post=SCHOOL_READ),
        outside=pk("other_community"),
    ),
    "governance:document_add": _expect(
        Case("own", pk("community"), get=GOVERNANCE, post="302 400 400 400 403 404"),
        outside=pk("other_community"),
    ),
    # An empty POST names no form: 400 for those who may write something here (the school
    # leader reports progress on its school's milestones).
    "governance:document_detail": _expect(
        Case(
            "own",
            nested("community", "document_pk", "document"),
            get=SCHOOL_READ,
            post="302 400 400 400 400 404",
        ),
        Case(
            "foreign-document",
            nested("community", "document_pk", "other_document"),
            get="302 404 404 404 404 404",
            post="302 404 404 404 404 404",
        ),
        outside=nested("other_community", "document_pk", "other_document"),
    ),
    # A phase or a milestone changed: the community's managers only (the responsible school
    # reports progress on the document page).
    **{
        f"governance:{name}_edit": _expect(
            Case(
                "own",
                lambda w, attr=name: {
                    "pk": w.community.pk,
                    "document_pk": w.document.pk,
                    f"{attr}_pk": getattr(w, attr).pk,
                },
                get=GOVERNANCE,
                post="302 400 400 400 403 404",
            ),
            Case(
                "foreign-document",
                lambda w, attr=name: {
                    "pk": w.community.pk,
                    "document_pk": w.other_document.pk,
                    f"{attr}_pk": getattr(w, f"other_{attr}").pk,
                },
                get="302 404 404 404 404 404",
                post="302 404 404 404 404 404",
            ),
            outside=lambda w, attr=name: {
                "pk": w.other_community.pk,
                "document_pk": w.other_document.pk,
                f"{attr}_pk": getattr(w, f"other_{attr}").pk,
            },
        )
        for name in ("phase", "milestone")
    },
    # --- surveys: the bureau's rounds and questionnaires; leaders read their schools' results;
    # the answer page is public (every actor, anonymous included, gets the form) -------------
    "surveys:round_list": _expect(Case("", None, get=ALL_READ, post=ALL_READ)),
    "surveys:round_create": _expect(Case("", None, get=BUREAU_FORM, post=BUREAU_FORM)),
    "surveys:round_detail": _expect(
        Case("own", pk("survey"), get=SCHOOL_READ, post=SCHOOL_READ),
        Case("lone", pk("lone_survey"), get=JOB_OF_BUREAU, post=JOB_OF_BUREAU),
        outside=pk("other_survey"),
    ),
    "surveys:round_close": _expect(
        Case("own", pk("survey"), get=POST_ONLY, post="302 302 302 403 403 404"),
        outside=pk("other_survey"),
        outside_get="405",
    ),
    "surveys:round_pdf": _expect(
        Case("own", pk("survey"), get=SCHOOL_READ, post=GET_ONLY_FILE),
        outside=pk("other_survey"),
        outside_post="405",
    ),
    **{
        f"surveys:{name}": _expect(
            Case(
                "member",
                lambda w: {"pk": w.survey.pk, "school_pk": w.member_school.pk},
                get=SCHOOL_READ,
                post=GET_ONLY_FILE,
            ),
            Case(
                "core",
                lambda w: {"pk": w.survey.pk, "school_pk": w.core_school.pk},
                get=COMMUNITY_READ,
                post=GET_ONLY_FILE,
            ),
            Case(
                "lone",
                lambda w: {"pk": w.survey.pk, "school_pk": w.lone_school.pk},
                get=JOB_OF_BUREAU,
                post=GET_ONLY_FILE,
            ),
            Case(
                "foreign-school",
                lambda w: {"pk": w.survey.pk, "school_pk": w.other_school.pk},
                get="302 404 404 404 404 404",
                post=GET_ONLY_FILE,
            ),
            outside=lambda w: {"pk": w.other_survey.pk, "school_pk": w.other_school.pk},
            outside_post="405",
        )
        for name in ("sheet_pdf", "qr_png")
    },
    "surveys:questionnaire_list": _expect(Case("", None, get=BUREAU_FORM, post=BUREAU_FORM)),
    # Copying: the district's own questionnaire or a built-in template (leaders see both through
    # their rounds: 403; the other district's bureau copies the template too).
    "surveys:questionnaire_copy": _expect(
        Case(
            "own",
            lambda w: {"pk": w.survey.questionnaire_id},
            get=POST_ONLY,
            post="302 302 302 403 403 404",
        ),
        Case(
            "builtin",
            pk("builtin_questionnaire"),
            get=POST_ONLY,
            post="302 302 302 403 403 302",
        ),
        outside=lambda w: {"pk": w.other_survey.questionnaire_id},
        outside_get="405",
    ),
    "surveys:questionnaire_update": _expect(
        Case(
            "own-in-use",
            lambda w: {"pk": w.survey.questionnaire_id},
            get=BUREAU_OBJECT,
            post=BUREAU_OBJECT,
        ),
        Case(
            "builtin",
            pk("builtin_questionnaire"),
            get="302 403 403 403 403 403",
            post="302 403 403 403 403 403",
        ),
        outside=lambda w: {"pk": w.other_survey.questionnaire_id},
    ),
    # Public: the form for everyone (an empty POST re-renders it with its errors); a closed
    # round refuses (410); an unknown token is 404. The page names only the round and school.
    "surveys:answer": _expect(
        Case(
            "open",
            lambda w: {"token": w.survey_link.token},
            get="200 200 200 200 200 200",
            post="200 200 200 200 200 200",
        ),
        Case(
            "closed",
            lambda w: {"token": w.closed_link.token},
            get="410 410 410 410 410 410",
            post="410 410 410 410 410 410",
        ),
        Case(
            "unknown",
            const(token="no-such-token"),
            get="404 404 404 404 404 404",
            post="404 404 404 404 404 404",
        ),
    ),
    # --- spreadsheets -------------------------------------------------------------------------
    "spreadsheets:import_list": _expect(Case("", None, get=BUREAU_FORM, post=GET_ONLY_FILE)),
    "spreadsheets:import_upload": _expect(
        *(
            Case(
                kind,
                const(kind=kind),
                get="302 405 405 405 405 405",
                post="302 400 400 403 403 400",
            )
            for kind in (
                "schools",
                "teachers",
                "roster",
                "exchanges",
                "schedule",
                "assessment_scores",
            )
        ),
        Case(
            "unknown",
            const(kind="nonsense"),
            get="302 405 405 405 405 405",
            post="302 404 404 403 403 404",
        ),
    ),
    # Import pages are the bureau's: a leader is refused (403) before any job is looked up, so
    # the 403 says nothing about whether another district's job exists.
    "spreadsheets:import_job": _expect(
        Case("own", pk("import_job"), get="302 200 200 403 403 404", post=GET_ONLY_FILE),
        outside=pk("other_import_job"),
        outside_get="302 404 404 403 403 -",
        outside_post="302 405 405 405 405 -",
    ),
    "spreadsheets:import_job_status": _expect(
        Case("own", pk("import_job"), get="302 200 200 403 403 404", post=GET_ONLY_FILE),
        outside=pk("other_import_job"),
        outside_get="302 404 404 403 403 -",
        outside_post="302 405 405 405 405 -",
    ),
    "spreadsheets:import_confirm": _expect(
        Case(
            "own", pk("import_job"), get="302 405 405 405 405 405", post="302 302 302 403 403 404"
        ),
        outside=pk("other_import_job"),
        outside_get="302 405 405 405 405 -",
        outside_post="302 404 404 403 403 -",
    ),
    "spreadsheets:import_abandon": _expect(
        Case(
            "own", pk("import_job"), get="302 405 405 405 405 405", post="302 302 302 403 403 404"
        ),
        outside=pk("other_import_job"),
        outside_get="302 405 405 405 405 -",
        outside_post="302 404 404 403 403 -",
    ),
    "spreadsheets:export": _expect(
        *(
            Case(name, const(name=name), get="302 200 200 200 200 200", post=GET_ONLY_FILE)
            for name in ("schools", "teachers", "communities", "exchanges", "schedule")
        ),
        Case("unknown", const(name="nonsense"), get="302 404 404 404 404 404", post=GET_ONLY_FILE),
    ),
    "spreadsheets:roster_export": _expect(
        Case("", None, get="302 200 200 200 200 200", post=GET_ONLY_FILE)
    ),
    "spreadsheets:template": _expect(
        *(
            Case(kind, const(kind=kind), get="302 200 200 200 200 200", post=GET_ONLY_FILE)
            for kind in (
                "schools",
                "teachers",
                "roster",
                "exchanges",
                "schedule",
                "assessment_scores",
            )
        ),
        Case("unknown", const(kind="nonsense"), get="302 404 404 404 404 404", post=GET_ONLY_FILE),
    ),
    # --- assessment ------------------------------------------------------------------------
    "assessment:index": _expect(Case("", None, get=ALL_READ, post="302 400 400 200 200 400")),
    "assessment:scheme": _expect(
        Case("", pk("scheme"), get=SCHOOL_READ, post=SCHOOL_READ), outside=pk("other_scheme")
    ),
    "assessment:scheme_edit": _expect(
        Case("", pk("scheme"), get=BUREAU_OBJECT, post="302 400 400 403 403 404"),
        outside=pk("other_scheme"),
    ),
    "assessment:scheme_status": _expect(
        Case("", pk("scheme"), get=POST_ONLY, post="302 302 302 403 403 404"),
        outside=pk("other_scheme"),
        outside_get="405",
    ),
    "assessment:dimension_edit": _expect(
        Case(
            "",
            nested("scheme", "dimension_pk", "dimension"),
            get=BUREAU_OBJECT,
            post="302 400 400 403 403 404",
        ),
        outside=lambda w: {"pk": w.other_scheme.pk, "dimension_pk": w.dimension.pk},
    ),
    "assessment:indicator_edit": _expect(
        Case(
            "",
            nested("scheme", "indicator_pk", "bureau_indicator"),
            get=BUREAU_OBJECT,
            post="302 400 400 403 403 404",
        ),
        outside=lambda w: {"pk": w.other_scheme.pk, "indicator_pk": w.bureau_indicator.pk},
    ),
    # the scheme's pre-filled score sheet for the Excel import (the upload is the engine's)
    "assessment:score_template": _expect(
        Case("", pk("scheme"), get=BUREAU_OBJECT, post=GET_ONLY_FILE),
        outside=pk("other_scheme"),
        outside_post="405",
    ),
    "assessment:publish": _expect(
        Case("", pk("scheme"), get=BUREAU_OBJECT, post="302 400 400 403 403 404"),
        Case(
            "published",
            pk("published_scheme"),
            get="302 302 302 403 403 404",
            post="302 302 302 403 403 404",
        ),
        outside=pk("other_scheme"),
    ),
    "assessment:community_result": _expect(
        # not published: the school leader does not see its community's results yet
        Case(
            "",
            nested("scheme", "community_pk", "community"),
            get=COMMUNITY_READ,
            post=COMMUNITY_READ,
        ),
        Case(
            "published",
            nested("published_scheme", "community_pk", "community"),
            get=SCHOOL_READ,
            post=SCHOOL_READ,
        ),
        outside=lambda w: {"pk": w.other_scheme.pk, "community_pk": w.other_community.pk},
    ),
    "assessment:quick_entry": _expect(
        Case(
            "",
            nested("scheme", "community_pk", "community"),
            get=BUREAU_OBJECT,
            post="302 302 302 403 403 404",
        ),
        outside=lambda w: {"pk": w.other_scheme.pk, "community_pk": w.other_community.pk},
    ),
    "assessment:school_result": _expect(
        Case(
            "own", nested("scheme", "school_pk", "member_school"), get=SCHOOL_READ, post=SCHOOL_READ
        ),
        Case(
            "other-member",
            nested("scheme", "school_pk", "second_member"),
            get=COMMUNITY_READ,
            post=COMMUNITY_READ,
        ),
        Case(
            "no-community",
            nested("scheme", "school_pk", "lone_school"),
            get="302 200 200 404 404 404",
            post="302 200 200 404 404 404",
        ),
        outside=lambda w: {"pk": w.other_scheme.pk, "school_pk": w.other_school.pk},
    ),
    "assessment:score_edit": _expect(
        Case(
            "self-scored",
            lambda w: {
                "pk": w.scheme.pk,
                "school_pk": w.member_school.pk,
                "indicator_pk": w.self_indicator.pk,
            },
            get=SCHOOL_READ,
            post="302 302 302 302 302 404",
        ),
        Case(
            "bureau-scored",
            lambda w: {
                "pk": w.scheme.pk,
                "school_pk": w.member_school.pk,
                "indicator_pk": w.bureau_indicator.pk,
            },
            get=BUREAU_OBJECT,
            post=BUREAU_OBJECT.replace("200 200", "302 302"),
        ),
        Case(
            "other-member",
            lambda w: {
                "pk": w.scheme.pk,
                "school_pk": w.second_member.pk,
                "indicator_pk": w.self_indicator.pk,
            },
            get=COMMUNITY_READ,
            post="302 302 302 302 404 404",
        ),
        outside=lambda w: {
            "pk": w.other_scheme.pk,
            "school_pk": w.other_school.pk,
            "indicator_pk": w.self_indicator.pk,
        },
    ),
    "assessment:correct": _expect(
        Case(
            "published",
            lambda w: {
                "pk": w.published_scheme.pk,
                "school_pk": w.member_school.pk,
                "indicator_pk": w.published_indicator.pk,
            },
            get=BUREAU_OBJECT,
            post="302 400 400 403 403 404",
        ),
        Case(
            "not-published",
            lambda w: {
                "pk": w.scheme.pk,
                "school_pk": w.member_school.pk,
                "indicator_pk": w.bureau_indicator.pk,
            },
            get="302 404 404 403 403 404",
            post="302 404 404 403 403 404",
        ),
        outside=lambda w: {
            "pk": w.other_scheme.pk,
            "school_pk": w.other_school.pk,
            "indicator_pk": w.self_indicator.pk,
        },
    ),
}


# --- the URLconf ------------------------------------------------------------------------------


def named_urls(resolver: URLResolver | None = None, prefix: str = "") -> set[str]:
    """Every named URL of the project, namespaced, except the admin (tested in test_admin)."""
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_every_named_url_has_expectations():
    missing = sorted(named_urls() - set(EXPECTATIONS))
    assert missing == [], (
        f"URLs without an entry in EXPECTATIONS (tests/access/test_matrix.py): {missing}"
    )


def test_no_expectation_for_a_url_that_does_not_exist():
    stale = sorted(set(EXPECTATIONS) - named_urls())
    assert stale == [], f"EXPECTATIONS names URLs that no longer exist: {stale}"


# --- the matrix -------------------------------------------------------------------------------


def _statuses(row: str) -> dict[str, int | None]:
    cells = row.split()
    assert len(cells) == len(ACTORS), f"expectation row needs {len(ACTORS)} statuses: {row!r}"
    assert all(cell == "-" or cell.isdigit() for cell in cells), f"one status per cell: {row!r}"
    statuses = {
        actor: None if cell == "-" else int(cell) for actor, cell in zip(ACTORS, cells, strict=True)
    }
    return {**statuses, **{mirror: statuses[actor] for mirror, actor in MIRRORS.items()}}


def _cases():
    for name in sorted(EXPECTATIONS):
        expect = EXPECTATIONS[name]
        for case in expect.cases:
            for method, row in (("GET", case.get), ("POST", case.post)):
                for actor, expected in _statuses(row).items():
                    yield pytest.param(
                        name,
                        case.kwargs,
                        case.query,
                        actor,
                        method,
                        expected,
                        id=f"{name}[{case.label}]-{actor}-{method}",
                    )
        if expect.outside is not None:
            for method, row in (("GET", expect.outside_get), ("POST", expect.outside_post)):
                if len(row.split()) == 1:  # one status for every home actor
                    row = " ".join(["302", *[row] * len(HOME_ACTORS), "-"])
                for actor, expected in _statuses(row).items():
                    if expected is None:  # other_staff: the other district is its own
                        continue
                    yield pytest.param(
                        name,
                        expect.outside,
                        "",
                        actor,
                        method,
                        expected,
                        id=f"{name}[other-district]-{actor}-{method}",
                    )


def response_text(response) -> str:
    """The body as text; zip containers (xlsx) are unpacked so their cells are searched too."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if raw[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            raw = b"\n".join(archive.read(info) for info in archive.infolist())
    return raw.decode("utf-8", errors="replace")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs", "query", "actor", "method", "expected"), list(_cases()))
def test_matrix(client, matrix_world, name, kwargs, query, actor, method, expected):
    query = query(matrix_world) if callable(query) else query
    url = reverse(name, kwargs=kwargs(matrix_world) if kwargs else None) + query
    if actor != "anonymous":
        client.force_login(matrix_world.users[actor])

    response = client.get(url) if method == "GET" else client.post(url, {})

    status = response.status_code
    assert status == expected, f"{method} {url} as {actor}: expected {expected}, got {status}"
    policy = response.get("Content-Security-Policy", "")
    assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy, policy
    if actor == "anonymous" and status == 302:
        assert response["Location"].startswith(reverse("login")), response["Location"]
    if actor != "other_staff":
        assert CANARY not in response.get("Location", "")
        assert CANARY not in response_text(response), f"{method} {url} as {actor} leaks CANARY"

"""Who sees which survey rows (``core.scoping``).

- Bureau users: every round of their district, every school's results, the code sheets, and
  their district's questionnaires with the built-in templates. Platform operators: everything.
- A community leader: the rounds that asked a school of its community (now), and the results of
  those schools only — not of other communities' schools in the same round.
- A school leader: the rounds that asked its school (or one of its nested schools), and the
  results of those schools only.
- Leaders see a questionnaire only through a round they see (the questions of their results).
- Respondent codes: the bureau's only (it prints the sheets); a leader gets the school's link
  sheet without codes.
- Anyone else, anonymous respondents included: nothing. The public answer page does not go
  through these rules: it finds its one school of one round by the link's token.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from accounts.access import is_bureau, is_community_leader, is_platform, is_school_leader
from communities.visibility import community_school_ids
from core.scoping import visibility_rule
from schools.models import School

from .models import Answer, Questionnaire, RespondentCode, Response, Round, RoundSchool


def own_school_ids(user) -> QuerySet:
    """The schools a leader answers for: a community's schools now, or a school and its
    nested schools."""
    if is_community_leader(user):
        return community_school_ids(user.community_id)
    if is_school_leader(user):
        return School.objects.filter(Q(pk=user.school_id) | Q(parent_id=user.school_id)).values(
            "pk"
        )
    return School.objects.none().values("pk")


@visibility_rule(RoundSchool)
def round_schools_visible_to(user) -> QuerySet[RoundSchool]:
    if not user.is_authenticated:
        return RoundSchool.objects.none()
    if is_platform(user):
        return RoundSchool.objects.all()
    if user.district_id is None:
        return RoundSchool.objects.none()
    in_district = RoundSchool.objects.filter(round__district_id=user.district_id)
    if is_bureau(user):
        return in_district
    if is_community_leader(user) or is_school_leader(user):
        return in_district.filter(school_id__in=own_school_ids(user))
    return RoundSchool.objects.none()


@visibility_rule(Round)
def rounds_visible_to(user) -> QuerySet[Round]:
    if not user.is_authenticated:
        return Round.objects.none()
    if is_platform(user):
        return Round.objects.all()
    if user.district_id is None:
        return Round.objects.none()
    in_district = Round.objects.filter(district_id=user.district_id)
    if is_bureau(user):
        return in_district
    if is_community_leader(user) or is_school_leader(user):
        asked = RoundSchool.objects.filter(school_id__in=own_school_ids(user)).values("round_id")
        return in_district.filter(pk__in=asked)
    return Round.objects.none()


@visibility_rule(Questionnaire)
def questionnaires_visible_to(user) -> QuerySet[Questionnaire]:
    if not user.is_authenticated:
        return Questionnaire.objects.none()
    if is_platform(user):
        return Questionnaire.objects.all()
    if user.district_id is None:
        return Questionnaire.objects.none()
    if is_bureau(user):
        return Questionnaire.objects.for_district(user.district_id)
    used = rounds_visible_to(user).values("questionnaire_id")
    return Questionnaire.objects.filter(pk__in=used)


@visibility_rule(RespondentCode)
def codes_visible_to(user) -> QuerySet[RespondentCode]:
    if is_bureau(user) or is_platform(user):
        return RespondentCode.objects.filter(
            round_school__in=round_schools_visible_to(user).values("pk")
        )
    return RespondentCode.objects.none()


def _responses_of_visible_schools(user) -> QuerySet[Response]:
    if not user.is_authenticated:
        return Response.objects.none()
    if is_platform(user):
        return Response.objects.all()
    if is_bureau(user):
        return Response.objects.filter(round__district_id=user.district_id)
    if is_community_leader(user) or is_school_leader(user):
        return Response.objects.filter(
            round__district_id=user.district_id, school_id__in=own_school_ids(user)
        )
    return Response.objects.none()


@visibility_rule(Response)
def responses_visible_to(user) -> QuerySet[Response]:
    return _responses_of_visible_schools(user)


@visibility_rule(Answer)
def answers_visible_to(user) -> QuerySet[Answer]:
    return Answer.objects.filter(response__in=_responses_of_visible_schools(user).values("pk"))

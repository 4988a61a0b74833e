"""Factories without hidden behaviour: each builds exactly the row it names."""

import datetime

import factory

from accounts.enums import Role
from accounts.models import User
from communities.enums import CommunityStage, MemberRole
from communities.models import Community, Membership, Position, WorkGroup
from schools.enums import Education, Gender, Locale, Stage
from schools.models import District, School, Teacher


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"测试{n}县")
    code = factory.Sequence(lambda n: f"{510000 + n:06d}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试第{n}小学")
    stage = Stage.PRIMARY
    locale = Locale.RURAL
    township = "城关镇"
    students = 300
    classes = 12


class TeacherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Teacher

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"教师{n}")
    gender = Gender.FEMALE
    birth_year = 1985
    subjects = "语文"
    education = Education.BACHELOR
    joined_school_on = datetime.date(2015, 9, 1)


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试第{n}教共体")
    stage = CommunityStage.PRIMARY
    founded_on = datetime.date(2023, 9, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    school = factory.SubFactory(
        SchoolFactory, district=factory.SelfAttribute("..community.district")
    )
    role = MemberRole.MEMBER
    start_on = datetime.date(2023, 9, 1)


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    community = factory.SubFactory(CommunityFactory)
    title = "chair"
    person_name = "张理事长"
    start_on = datetime.date(2023, 9, 1)


class WorkGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkGroup

    community = factory.SubFactory(CommunityFactory)
    name = factory.Sequence(lambda n: f"联络组{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("jgt-test-pass-2025")
    role = Role.BUREAU_STAFF
    district = factory.SubFactory(DistrictFactory)

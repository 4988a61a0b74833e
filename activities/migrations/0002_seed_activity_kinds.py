"""The catalogue of activity kinds every district starts with (DOMAIN.md §2)."""

from django.db import migrations

# A copy, not an import of activities.enums: a migration keeps the data of its day.
KINDS = (
    ("联合教研", "teaching_research"),
    ("集体备课", "teaching_research"),
    ("同课异构", "teaching_research"),
    ("听课评课", "teaching_research"),
    ("学科沙龙", "teaching_research"),
    ("专题讲座", "special_report"),
    ("送教下乡", "famous_teacher"),
    ("送课进城", "famous_teacher"),
    ("名师示范课", "famous_teacher"),
    ("跟岗学习", ""),
    ("集中培训", ""),
    ("送培到点", ""),
    ("联席会", "leadership_meeting"),
    ("专题会", ""),
    ("现场会", ""),
    ("汇报会", ""),
    ("管理论坛", "management_forum"),
    ("德育论坛", "moral_education"),
    ("班主任论坛", "moral_education"),
    ("师生联谊", "friendship"),
    ("社会实践", "social_practice"),
    ("学科竞赛", "subject_competition"),
    ("青年教师技能竞赛", "young_teacher_competition"),
    ("校长蹲点听课周", "principal_observation"),
    ("课堂交流周", "classroom_week"),
    ("艺术节", ""),
    ("体育节", ""),
    ("科技节", ""),
)


def seed(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for order, (name, tag) in enumerate(KINDS, start=1):
        ActivityKind.objects.get_or_create(
            district=None, name=name, defaults={"rule_tag": tag, "order": order * 10}
        )


def unseed(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    ActivityKind.objects.filter(district=None, name__in=[n for n, _ in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_activities_kinds_materials_schedule")]

    operations = [migrations.RunPython(seed, unseed)]

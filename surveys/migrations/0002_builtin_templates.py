"""Seed the built-in questionnaire templates (家长、教师、学生满意度问卷) of surveys.defaults."""

from django.db import migrations

from surveys.defaults import TEMPLATES
from surveys.questions import parse


def seed(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Question = apps.get_model("surveys", "Question")
    for title, audience, intro, lines in TEMPLATES:
        if Questionnaire.objects.filter(district=None, title=title).exists():
            continue
        questionnaire = Questionnaire.objects.create(
            district=None, title=title, audience=audience, intro=intro
        )
        Question.objects.bulk_create(
            Question(
                questionnaire=questionnaire,
                order=order,
                kind=spec.kind,
                text=spec.text,
                options=spec.options,
                satisfied=spec.satisfied,
                counts=spec.counts,
                required=spec.required,
            )
            for order, spec in enumerate(parse(lines), start=1)
        )


def unseed(apps, schema_editor):
    Questionnaire = apps.get_model("surveys", "Questionnaire")
    Questionnaire.objects.filter(district=None, rounds__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("surveys", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

"""Backfill: every activity material already stored gets its entry in the resource library
(pointing at the material's own file; nothing is copied)."""

from django.db import migrations

from core.school_year import SchoolYear
from core.sorting import KEY_CHARS, sort_key


def forwards(apps, schema_editor):
    Material = apps.get_model("activities", "ActivityMaterial")
    Resource = apps.get_model("activities", "Resource")
    kinds = {
        "plan": "活动方案",
        "schedule": "活动安排",
        "brief": "简报",
        "design": "教学设计",
        "reflection": "教学反思",
        "slides": "课件",
        "impression": "听课感受",
        "observation_form": "听评表",
        "photo": "照片",
        "summary": "总结",
        "other": "其他",
    }
    batch = []
    materials = (
        Material.objects.filter(library_entry__isnull=True)
        .select_related("activity", "file")
        .order_by("pk")
    )
    for material in materials.iterator(chunk_size=1000):
        activity = material.activity
        title = material.title or (material.file.original_name if material.file_id else "")
        title = (title or kinds.get(material.kind, "材料"))[:120]
        shared_on = activity.start_date  # dated by its activity
        batch.append(
            Resource(
                district_id=activity.district_id,
                community_id=activity.community_id,
                school_id=activity.host_school_id,
                material_id=material.pk,
                kind=material.kind,
                subject=activity.subject,
                grade=activity.grade,
                title=title,
                title_key=sort_key(title[:KEY_CHARS]),
                description=f"来自活动「{activity.start_date:%Y-%m-%d} {activity.theme}」",
                file_id=material.file_id,
                scope="community",
                shared_on=shared_on,
                school_year=SchoolYear.of(shared_on).start,
                uploaded_by_id=material.uploaded_by_id,
            )
        )
        if len(batch) >= 1000:
            Resource.objects.bulk_create(batch)
            batch = []
    Resource.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("activities", "0003_resource_library")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]

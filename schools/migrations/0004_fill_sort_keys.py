"""Fill the pinyin sort keys (``core.sorting``) of existing schools and teachers."""

from django.db import migrations

from core.sorting import SORT_KEY_LENGTH, initials, sort_key


FIELDS = ["sort_key", "initials", "school_key", "district"]


def fill(apps, schema_editor):
    School = apps.get_model("schools", "School")
    Teacher = apps.get_model("schools", "Teacher")
    schools = list(School.objects.only("id", "name", "parent_id", "district_id"))
    keys = {s.pk: sort_key(s.name) for s in schools}
    districts = {s.pk: s.district_id for s in schools}
    for s in schools:
        s.sort_key = keys[s.pk]
        s.initials = initials(s.name)
        if s.parent_id is None:
            s.tree_key = s.sort_key.ljust(SORT_KEY_LENGTH, "0") + "0"
        else:
            s.tree_key = keys[s.parent_id].ljust(SORT_KEY_LENGTH, "0") + "1" + s.sort_key
    School.objects.bulk_update(schools, ["sort_key", "initials", "tree_key"], batch_size=500)
    batch = []
    for t in Teacher.objects.only("id", "name", "school_id").iterator(chunk_size=2000):
        t.sort_key = sort_key(t.name, person=True)
        t.initials = initials(t.name, person=True)
        t.school_key = keys[t.school_id]
        t.district_id = districts[t.school_id]
        batch.append(t)
        if len(batch) >= 2000:
            Teacher.objects.bulk_update(batch, FIELDS)
            batch = []
    if batch:
        Teacher.objects.bulk_update(batch, FIELDS)


class Migration(migrations.Migration):
    dependencies = [("schools", "0003_sort_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

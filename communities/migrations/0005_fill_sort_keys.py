"""Fill the pinyin sort keys (``core.sorting``) of existing communities."""

from django.db import migrations

from core.sorting import initials, sort_key


def fill(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    rows = list(Community.objects.only("id", "name"))
    for c in rows:
        c.sort_key = sort_key(c.name)
        c.initials = initials(c.name)
    Community.objects.bulk_update(rows, ["sort_key", "initials"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("communities", "0004_sort_keys")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]

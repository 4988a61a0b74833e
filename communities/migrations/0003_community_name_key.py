"""Community names are unique by their normalised key (``core.text.name_key``), the key the
roster import matches them by: add the key, fill it, then move the constraint onto it."""

from django.db import migrations, models

from core.text import name_key


def fill_name_keys(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    for community in Community.objects.only("pk", "name"):
        Community.objects.filter(pk=community.pk).update(name_key=name_key(community.name))


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0002_charter_stored_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="community",
            name="name_key",
            field=models.CharField(default="", editable=False, max_length=100),
        ),
        migrations.RunPython(fill_name_keys, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="community",
            name="community_name_unique_in_district",
        ),
        migrations.AddConstraint(
            model_name="community",
            constraint=models.UniqueConstraint(
                fields=("district", "name_key"),
                name="community_name_key_unique_in_district",
                violation_error_message="本教育局已有同名教共体。",
            ),
        ),
    ]

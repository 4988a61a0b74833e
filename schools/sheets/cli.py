"""The import commands' district handling: ``--district CODE`` and, to create a district that
does not exist yet, ``--district-name`` (import_schools, import_teachers, import_roster)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from spreadsheets import cli

from ..models import District


def get_district(code: str, name: str | None = None) -> District:
    """The district with this code, or a new unsaved one named ``name``."""
    district = District.objects.filter(code=code).first()
    if district is not None:
        return district
    if not name:
        raise CommandError(f"教育局 {code} 不存在（如需新建，请同时给出 --district-name）。")
    district = District(code=code, name=name)
    try:
        district.full_clean()
    except Exception as exc:  # noqa: BLE001
        raise CommandError(f"无法新建教育局：{exc}") from exc
    return district


def import_command(command: BaseCommand, kind: str, options: dict) -> None:
    """Run one import kind for ``--district``, creating the district when ``--district-name``
    is given; a failed or dry run leaves no new district behind."""
    with transaction.atomic():
        district = get_district(options["district"], options.get("district_name"))
        created = district.pk is None
        if created:
            district.save()
        # A CommandError rolls back the new district together with everything else.
        cli.run(command, kind, options, district)
        if options["dry_run"]:
            transaction.set_rollback(True)
    if created and not options["dry_run"]:
        command.stdout.write(f"已新建教育局：{district.name}（{district.code}）")

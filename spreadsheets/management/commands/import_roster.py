from django.core.management.base import BaseCommand
from django.db import transaction

from spreadsheets import cli


class Command(BaseCommand):
    help = "导入县里公布格式的教共体名单（序号、教共体名称、核心校、成员校、学段）；有任何错误则不写入。"

    def add_arguments(self, parser):
        cli.add_arguments(parser)
        parser.add_argument("--district-name", help="教育局不存在时，用此名称新建")

    def handle(self, *args, **options):
        with transaction.atomic():
            district = cli.get_district(options["district"], options.get("district_name"))
            created = district.pk is None
            if created:
                district.save()
            # A CommandError rolls back the new district together with everything else.
            cli.run(self, "roster", options, district)
            if options["dry_run"]:
                transaction.set_rollback(True)
        if created and not options["dry_run"]:
            self.stdout.write(f"已新建教育局：{district.name}（{district.code}）")

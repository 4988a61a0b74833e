from django.core.management.base import BaseCommand

from schools.sheets.cli import import_command
from spreadsheets import cli


class Command(BaseCommand):
    help = "导入县里公布格式的教共体名单（序号、教共体名称、核心校、成员校、学段）；有任何错误则不写入。"

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        import_command(self, "roster", options)

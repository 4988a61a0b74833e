from django.core.management.base import BaseCommand

from schools.sheets.cli import import_command
from spreadsheets import cli


class Command(BaseCommand):
    help = "从 .xlsx / .xls / .csv 导入教师交流计划（每行一条草稿；有任何错误则不写入）。"

    def add_arguments(self, parser):
        cli.add_arguments(parser)

    def handle(self, *args, **options):
        import_command(self, "exchanges", options)

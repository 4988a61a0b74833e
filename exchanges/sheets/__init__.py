"""What the exchanges app offers the spreadsheet engine: the exchange plan import and its
template, and the list exports of exchanges. ``register`` runs from ``ExchangesConfig.ready``.
"""

from __future__ import annotations

from spreadsheets import registry
from spreadsheets.exports import ExportSpec
from spreadsheets.templates_xlsx import ImportTemplate

from ..selectors import exchange_list
from .columns import EXCHANGE_COLUMNS
from .plan_import import ExchangePlanImporter


def register() -> None:
    registry.register_importer(ExchangePlanImporter())
    registry.register_export(
        ExportSpec("exchanges", "教师交流名单", EXCHANGE_COLUMNS, exchange_list)
    )
    registry.register_template(
        ImportTemplate("exchanges", "教师交流计划导入模板", EXCHANGE_COLUMNS)
    )

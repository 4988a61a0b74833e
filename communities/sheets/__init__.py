"""What the communities app offers the spreadsheet engine: the county's roster (import,
template, published roster download) and the community list export. ``register`` runs from
``CommunitiesConfig.ready``.
"""

from __future__ import annotations

from django.utils import timezone

from core import scoping
from schools.models import District
from spreadsheets import registry
from spreadsheets.exports import ExportSpec
from spreadsheets.templates_xlsx import ImportTemplate

from ..models import Community
from ..selectors import community_list
from .columns import COMMUNITY_COLUMNS, ROSTER_COLUMNS
from .roster_export import roster_filename, roster_rows, write_roster
from .roster_import import RosterImporter


def build_roster(request, target) -> tuple[str, str]:
    """The roster of the communities the user may see, in its district (platform operators
    name the district with ``?district=CODE``)."""
    user = request.user
    if user.district_id is not None:
        district = user.district
    else:
        district = scoping.get_visible_or_404(user, District, code=request.GET.get("district", ""))
    communities = scoping.visible(user, Community).filter(district=district)
    write_roster(district_name=district.name, rows=roster_rows(communities), target=target)
    today = timezone.localdate()
    return roster_filename(district.name, today), f"roster-{today:%Y%m%d}.xlsx"


def register() -> None:
    registry.register_importer(RosterImporter())
    registry.register_export(
        ExportSpec("communities", "教共体列表", COMMUNITY_COLUMNS, community_list)
    )
    registry.register_template(ImportTemplate("roster", "教共体名单导入模板", ROSTER_COLUMNS))
    registry.register_document(registry.Document("roster", build_roster))

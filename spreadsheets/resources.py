"""django-import-export resources for the admin, generated from the column declarations.

The bureau's pages and commands use the engine's importers (own reader in front: title rows,
merged cells, GB18030, preview, all-or-nothing). A Resource serves administrators in the
Django admin, where files are tidy (header in row 1). Its fields come from the same
:class:`~spreadsheets.columns.ColumnSet` as the import template, the export and the reader
(:func:`resource_fields`): the same labels, the same parsers (choice labels and synonyms,
是/否, dates, model validators), the same cell forms on export. The domain app adds what is
its own: the model, the identity of a row (``get_instance``) and the district scoping.
"""

from __future__ import annotations

import datetime

from import_export import fields, resources, widgets

from .columns import CellError, ColumnSet, SheetColumn


class ColumnWidget(widgets.Widget):
    """Imports a cell with the column's parser; exports the column's cell form."""

    def __init__(self, column: SheetColumn, blank=None):
        super().__init__()
        self.column = column
        self.blank = blank

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return self.blank
        try:
            return self.column.parse(value) if self.column.parse else value
        except CellError as exc:
            raise ValueError(str(exc)) from exc

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        cell = self.column.cell(value)
        if isinstance(cell, datetime.date):
            return cell.isoformat()
        return cell


def resource_fields(columns: ColumnSet, model) -> dict[str, fields.Field]:
    """One import-export Field per imported column that maps to a model attribute."""
    declared = {}
    for column in columns.imported:
        if column.field is None:
            continue
        model_field = model._meta.get_field(column.field)
        default = model_field.default if model_field.has_default() else fields.NOT_PROVIDED
        widget = (
            column.widget()
            if column.widget is not None
            else ColumnWidget(
                column, blank="" if model_field.get_internal_type() == "CharField" else None
            )
        )
        declared[column.field] = fields.Field(
            attribute=column.field, column_name=column.label, widget=widget, default=default
        )
    return declared


def model_resource(name: str, base: type, columns: ColumnSet) -> type:
    """A ModelResource subclass of ``base`` (which holds ``Meta`` and the domain's methods) with
    the fields of ``columns``, in sheet order."""
    declared = resource_fields(columns, base.Meta.model)
    meta = type("Meta", (base.Meta,), {"fields": list(declared)})
    return type(name, (base,), {**declared, "Meta": meta, "__module__": base.__module__})


class DistrictScopedResource(resources.ModelResource):
    def __init__(self, district=None, **kwargs):
        super().__init__(**kwargs)
        self.district = district


class DistrictImportExportMixin:
    """ImportExportMixin settings for a district-scoped admin: rows go to the user's district."""

    def get_import_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_import_resource_kwargs(request, **kwargs),
            "district": request.user.district,
        }

    def get_export_resource_kwargs(self, request, **kwargs):
        return {
            **super().get_export_resource_kwargs(request, **kwargs),
            "district": request.user.district,
        }

    def has_import_permission(self, request) -> bool:
        # Imports need a district to put the rows in; platform operators have none.
        return self.has_add_permission(request) and request.user.district_id is not None

"""The admin Resource's widget for a school column (学校, 上级学校)."""

from __future__ import annotations

from import_export import widgets

from core.text import clean_digits, clean_text, name_key

from ..models import School


class SchoolNameWidget(widgets.CachedForeignKeyWidget):
    """A school of the resource's district, by name (normalised) or by 10-digit code."""

    def __init__(self, district=None):
        super().__init__(School, field="name_key")
        self.district = district

    def get_queryset(self, value, row, *args, **kwargs):
        queryset = School.objects.all()
        return (
            queryset.filter(district=self.district)
            if self.district is not None
            else queryset.none()
        )

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = clean_text(value)
        digits = clean_digits(text)
        if digits.isdigit() and len(digits) == 10:
            school = self.get_queryset(value, row).filter(code=digits).first()
            if school is not None:
                return school
        try:
            return super().clean(name_key(text), row, **kwargs)
        except Exception as exc:  # noqa: BLE001 - DoesNotExist / MultipleObjectsReturned
            raise ValueError(f"学校「{text}」在本教育局不存在。") from exc

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""

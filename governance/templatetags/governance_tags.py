"""``{{ amount|yuan }}``: 128,000.00 — exact Decimal yuan with thousands separators."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def yuan(value) -> str:
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(value):,.2f}"
    except (InvalidOperation, TypeError, ValueError):
        return str(value)

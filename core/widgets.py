"""Searchable selects: one choice (or several) among hundreds of schools or teachers.

The widget works in three layers, the lower ones without JavaScript:

1. Up to ``PLAIN_LIMIT`` choices it renders a plain ``<select>`` with every option.
2. Above that, rendering every option costs too much (3,000 schools: ~140 ms of a page), so it
   renders a text input holding the chosen names: a user without JavaScript types a name
   (or a school code, a 工号), and ``value_from_datadict`` turns an exact match into its id.
   Several names are separated by 、 or commas.
3. ``static/js/search_select.js`` (no inline script, so the strict CSP holds) replaces either
   with a combobox that pages results from a JSON search view (``url``: a URL name; ``params``:
   fixed query parameters such as ``community``) and submits the ids in hidden inputs. The
   views (``schools.views.school_search``, ``teacher_search``) read through the visibility
   rules, so the widget can never offer a row the user may not see.

The field's queryset stays the authority: a posted id outside it is an invalid choice.
"""

from __future__ import annotations

import html
import json
import re

from django import forms
from django.db.models import Q
from django.forms.utils import flatatt
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from .sorting import initials

_MAX_TYPED = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

PLAIN_LIMIT = 30
_SEPARATORS = re.compile(r"[、,，;；\n]+")
# Fields a typed text is matched against, in turn, when the model has them.
_MATCH_FIELDS = ("name", "code", "staff_number")


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python, not through one template per option: the same HTML,
    ~50× faster for long lists (a filter of 400 communities took ~40 ms of a page)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        attrs["name"] = name
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = {str(v) for v in self.format_value(value)}
        parts = [f"<select{flatatt(attrs)}>"]
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an optgroup
                parts.append(f'<optgroup label="{escape(option_value)}">')
                parts.extend(self._option(v, lbl, chosen) for v, lbl in label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label is escaped

    @staticmethod
    def _option(value, label, chosen) -> str:
        # html.escape, not django's escape: the same output (quote=True escapes ' as &#x27;)
        # without the lazy-string wrapper, which cost most of a long list's time.
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        return f'<option value="{html.escape(value)}"{selected}>{html.escape(str(label))}</option>'


class FastSelectMultiple(FastSelect):
    allow_multiple_selected = True

    def value_from_datadict(self, data, files, name):
        return forms.SelectMultiple.value_from_datadict(self, data, files, name)

    def value_omitted_from_data(self, data, files, name):
        return False


def fast_selects(form) -> None:
    """Swap the plain selects of a form (a list's filter form) for :class:`FastSelect`."""
    for field in form.fields.values():
        widget = field.widget
        if type(widget) in (forms.Select, forms.SelectMultiple):
            fast = FastSelectMultiple() if widget.allow_multiple_selected else FastSelect()
            fast.attrs, fast.choices, fast.is_required = (
                widget.attrs,
                widget.choices,
                widget.is_required,
            )
            field.widget = fast


class SearchSelect(forms.Select):
    allow_multiple_selected = False

    def __init__(self, *, url: str, params: dict | None = None, placeholder: str = "", attrs=None):
        super().__init__(attrs)
        self.url = url
        self.params = params or {}
        self.placeholder = placeholder or "输入名称或拼音首字母搜索"

    def __deepcopy__(self, memo):
        copy = super().__deepcopy__(memo)
        copy.params = dict(self.params)
        return copy

    # --- helpers ------------------------------------------------------------------------------

    def _queryset(self):
        return getattr(self.choices, "queryset", None)

    def _small_choices(self) -> list | None:
        """Every choice when there are at most ``PLAIN_LIMIT`` (read in one query), else None."""
        queryset = self._queryset()
        if queryset is None:
            choices = list(self.choices)
            return choices if len(choices) <= PLAIN_LIMIT else None
        rows = list(queryset[: PLAIN_LIMIT + 1])
        if len(rows) > PLAIN_LIMIT:
            return None
        field = self.choices.field
        blank = [("", field.empty_label)] if field.empty_label is not None else []
        return blank + [(str(row.pk), field.label_from_instance(row)) for row in rows]

    def search_url(self) -> str:
        url = reverse(self.url)
        return f"{url}?{urlencode(self.params)}" if self.params else url

    @staticmethod
    def _values(value) -> list[str]:
        if value is None or value == "":
            return []
        if isinstance(value, list | tuple):
            return [str(v) for v in value if v not in (None, "")]
        return [str(value)]

    def _chosen(self, values: list[str]) -> list[tuple[str, str, str]]:
        """(id, label, name) of the chosen values, read in one query: the label for the
        combobox, the plain name (``str``) for the text input that takes typed names."""
        ids = [v for v in values if v.isdigit()]
        queryset = self._queryset()
        if not ids or queryset is None:
            return []
        label = self.choices.field.label_from_instance
        rows = {str(obj.pk): (label(obj), str(obj)) for obj in queryset.filter(pk__in=ids)}
        return [(v, *rows[v]) for v in ids if v in rows]

    # --- rendering ----------------------------------------------------------------------------

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), **self.attrs}
        data = {
            "data-search-url": self.search_url(),
            "data-placeholder": self.placeholder,
        }
        if self.allow_multiple_selected:
            data["data-multiple"] = "1"
        small = self._small_choices()
        if small is not None:
            plain = FastSelectMultiple() if self.allow_multiple_selected else FastSelect()
            plain.choices = small
            return plain.render(name, value, {**attrs, **data}, renderer)
        chosen = self._chosen(self._values(value))
        data["data-chosen"] = json.dumps(
            [{"id": pk, "text": label} for pk, label, _ in chosen], ensure_ascii=False
        )
        text = "、".join(plain for _, _, plain in chosen)
        attrs.pop("multiple", None)
        return format_html(
            '<input type="text" name="{}" value="{}" placeholder="{}" class="search-fallback"{}>',
            name,
            text,
            self.placeholder,
            format_html_join("", ' {}="{}"', list(attrs.items()) + list(data.items())),
        )

    # --- reading the post ---------------------------------------------------------------------

    def value_from_datadict(self, data, files, name):
        if self.allow_multiple_selected:
            raw = data.getlist(name) if hasattr(data, "getlist") else data.get(name)
            raw = self._values(raw)
            values = [v for item in raw for v in _SEPARATORS.split(item) if v.strip()]
            return [self._resolve(v.strip()) for v in values]
        value = data.get(name)
        return self._resolve(value.strip()) if isinstance(value, str) else value

    def _resolve(self, text: str):
        """A typed name (the no-JavaScript fallback) → its id when exactly one row matches."""
        if not text or text.isdigit() or len(text) > _MAX_TYPED or _CONTROL.search(text):
            # Not a name anyone types (PostgreSQL refuses NUL in a query): left for the field
            # to refuse as an invalid choice.
            return text
        queryset = self._queryset()
        if queryset is None:
            return text
        names = {f.name for f in queryset.model._meta.get_fields()}
        for field in _MATCH_FIELDS:
            if field in names:
                found = list(queryset.filter(Q(**{field: text})).values_list("pk", flat=True)[:2])
                if len(found) == 1:
                    return str(found[0])
        return text


class SearchSelectMultiple(SearchSelect):
    allow_multiple_selected = True

    def value_omitted_from_data(self, data, files, name):
        return False


class LocalSearchSelectMultiple(forms.SelectMultiple):
    """A short list (a teacher's 20 subjects) as a compact multi-select: a plain
    ``<select multiple>`` without JavaScript; with it, chips and a filter box that matches the
    option's text or its pinyin initials (``data-initials``), no server round trip."""

    def __init__(self, *, placeholder: str = "", attrs=None):
        super().__init__({"class": "compact-multi", "size": 6, **(attrs or {})})
        self.placeholder = placeholder or "输入名称或拼音首字母"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {"data-local-search": "1", "data-multiple": "1", "data-placeholder": self.placeholder}
        )
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["attrs"]["data-initials"] = initials(str(label))
        return option

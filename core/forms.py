"""Form fields shared by the apps, and the forms' common wording (``PlainForm``)."""

from django import forms
from django.core.exceptions import ValidationError

from . import labels

# Primary keys are 64-bit integers; a bigger number would overflow inside the database driver.
_MAX_PK = 2**63 - 1


def _is_pk(value) -> bool:
    try:
        return 0 < int(str(value)) <= _MAX_PK
    except (TypeError, ValueError):
        return False


class SafeModelChoiceField(forms.ModelChoiceField):
    """Treats an id that is not an integer in range as an invalid choice, never a query.

    Django's own fields send posted ids into queries (and the admin's autocomplete widget does
    again when it re-renders the form), where an oversized number raises OverflowError on
    SQLite instead of a validation error.
    """

    def to_python(self, value):
        if value not in self.empty_values and not _is_pk(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        return data if data in self.empty_values or _is_pk(data) else None


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """The multiple-choice counterpart of :class:`SafeModelChoiceField`."""

    def _check_values(self, value):
        for pk in value:
            if not _is_pk(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)

    def bound_data(self, data, initial):
        data = super().bound_data(data, initial)
        if not data or isinstance(data, str):
            return data
        return [value for value in data if _is_pk(value)]


_DJANGO_BLANK = "---------"


class PlainForm:
    """Mixin for every page form: empty selects read 请选择, and a required field left empty
    says 请填写…。/ 请选择…。/ 请上传…。 with the field's label, like the forms' own messages.
    A message a form sets itself is kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _plain_field(field)


def _plain_field(field: forms.Field) -> None:
    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField)
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == _DJANGO_BLANK:
        field.empty_label = labels.EMPTY_CHOICE
    elif isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        choices = list(field.choices)
        if choices and choices[0][0] == "" and choices[0][1] == _DJANGO_BLANK:
            field.choices = [("", labels.EMPTY_CHOICE), *choices[1:]]
    default_required = forms.Field.default_error_messages["required"]
    if str(field.error_messages.get("required")) == str(default_required):
        field.error_messages["required"] = labels.required_message(
            str(field.label or ""), choose=choose, upload=isinstance(field, forms.FileField)
        )


def apply_errors(form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form's fields (unknown fields: on the form);
    ``rename`` maps a model field to the form field that shows it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    rename = rename or {}
    for field, texts in error.message_dict.items():
        field = rename.get(field, field)
        form.add_error(field if field in form.fields else None, texts)

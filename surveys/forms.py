"""Forms of the survey pages: the questionnaire editor, opening a round, and the respondent's
answer form (built from the round's questions)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from core.forms import PlainForm, SafeModelChoiceField, SafeModelMultipleChoiceField
from core.text import clean_text
from core.widgets import SearchSelectMultiple

from .enums import QuestionKind, RepeatLimit
from .models import Question, Questionnaire, Round
from .questions import format_questions, parse
from .services import Given


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class QuestionnaireForm(PlainForm, forms.ModelForm):
    questions = forms.CharField(
        label="题目",
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=(
            "每行一题，用「｜」隔开：题型｜题目｜选项。题型为 量表（五级：非常满意…非常不满意）、"
            "单选（选项用「/」隔开）、填空。行首加「*」表示该题计入满意度："
            "量表以「非常满意」「满意」为满意；单选以末尾加「*」的选项为满意。"
        ),
    )

    class Meta:
        model = Questionnaire
        fields = ["title", "audience", "intro"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["questions"] = format_questions(self.instance.questions.all())

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"])

    def clean_questions(self) -> str:
        text = self.cleaned_data["questions"]
        try:
            parse(text)
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        return text


class QuestionnaireChoiceField(SafeModelChoiceField):
    def label_from_instance(self, obj) -> str:
        kind = "内置模板" if obj.builtin else "本局问卷"
        return f"{obj.title}（{obj.get_audience_display()}，{kind}）"


class RoundForm(PlainForm, forms.ModelForm):
    questionnaire = QuestionnaireChoiceField(label="问卷", queryset=None)
    schools = SafeModelMultipleChoiceField(
        label="参与学校",
        queryset=None,
        widget=SearchSelectMultiple(
            url="schools:school_search", placeholder="输入校名或拼音首字母"
        ),
        help_text="每所学校得到一个答题链接和二维码。",
    )

    class Meta:
        model = Round
        fields = [
            "title",
            "questionnaire",
            "opens_on",
            "closes_on",
            "repeat_limit",
            "codes_per_school",
            "target",
        ]
        widgets = {
            "opens_on": DateInput(),
            "closes_on": DateInput(),
            "repeat_limit": forms.RadioSelect,
        }

    def __init__(self, *args, questionnaires, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["schools"].queryset = schools
        self.fields["repeat_limit"].choices = RepeatLimit.choices
        self.fields["codes_per_school"].required = False

    def clean_title(self) -> str:
        return clean_text(self.cleaned_data["title"])

    def clean(self):
        data = super().clean()
        if data.get("repeat_limit") == RepeatLimit.COOKIE or not data.get("codes_per_school"):
            data["codes_per_school"] = 0
        return data


class AnswerForm(forms.Form):
    """The respondent's form: one field per question (radio buttons or a text box), plus the
    printed code when the round uses codes. Plain HTML: no script needed."""

    def __init__(self, *args, questions: list[Question], uses_codes: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if uses_codes:
            self.fields["code"] = forms.CharField(
                label="答题码",
                max_length=20,
                help_text="答题条上的 8 位答题码，每个只能用一次。",
                error_messages={"required": "请填写答题条上的答题码。"},
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "autocapitalize": "characters"}
                ),
            )
        for question in questions:
            name = f"q{question.pk}"
            label = f"{question.order}. {question.text}"
            if question.kind == QuestionKind.TEXT:
                self.fields[name] = forms.CharField(
                    label=label,
                    required=False,
                    max_length=500,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    error_messages={"max_length": "最多填写 500 个字。"},
                )
            else:
                self.fields[name] = forms.TypedChoiceField(
                    label=label,
                    choices=[(str(v), text) for v, text in question.choices()],
                    coerce=int,
                    required=question.required,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": "请选择一项。",
                        "invalid_choice": "请从选项中选择。",
                    },
                )

    def answers(self) -> dict[int, Given]:
        given = {}
        for question in self.questions:
            raw = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == QuestionKind.TEXT:
                text = clean_text(raw or "")
                if text:
                    given[question.pk] = Given(question=question, text=text)
            elif raw not in (None, ""):
                given[question.pk] = Given(question=question, value=int(raw))
        return given

    def question_fields(self):
        return [self[f"q{q.pk}"] for q in self.questions]

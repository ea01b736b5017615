"""The questionnaire page form: one radio scale per (item, aspect), built from the instrument."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout, LayoutObject
from django import forms
from django.template import Context
from django.template.loader import render_to_string
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from assessments.models import Item, Special
from assessments.selectors.instruments import Page

# "value" (an item with a single scale) has no label: an empty string, never _(""), which
# would translate to the catalogue's header.
ASPECT_LABELS = {
    "value": "",
    "today": _("Today"),
    "desired": _("Desired"),
    "current": pgettext_lazy("maturity", "Current"),
    "target": pgettext_lazy("maturity", "Target"),
}
SPECIAL_LABELS = {Special.DONT_KNOW: _("Don't know"), Special.NOT_APPLICABLE: _("Not applicable")}


def field_name(code: str, aspect: str) -> str:
    return f"{code}__{aspect}"


def _text(value: Any, language: str) -> str:
    if isinstance(value, dict):
        return value.get(language) or value.get("en", "")
    return str(value or "")


class AspectChoiceField(forms.ChoiceField):
    """One scale of a statement; `aspect_label` (Today, Desired, ...) is shown beside it, "" for none."""

    def __init__(self, *, aspect_label: str | Promise = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.aspect_label = aspect_label


class ItemBlock(LayoutObject):
    """Crispy layout object: one statement with its scale(s), rendered by our own template."""

    template = "respondent/layout/item.html"

    def __init__(self, item: Item, statement: str, names: list[str], scale: dict[str, Any], levels: list[str]):
        self.item = item
        self.statement = statement
        self.names = names
        self.scale = scale
        self.levels = levels
        self.fields = list(names)

    def render(
        self, form: forms.BaseForm, context: Context | None = None, template_pack: str | None = None, **kwargs: Any
    ) -> str:
        # The radio inputs are written by item.html from plain values instead of through the
        # RadioSelect widget: its per-option templates were half of a page's server time
        # (7 options x 16 fields). Same HTML: the widget's attributes (required, aria-invalid)
        # come from BoundField.build_widget_attrs, ids are Django's `id_<name>_<n>`.
        labels = self.scale["labels"]
        scales = []
        for name in self.names:
            bf = form[name]
            field = bf.field
            assert isinstance(field, AspectChoiceField)  # PageForm builds every field of an ItemBlock
            attrs = bf.build_widget_attrs({})
            selected = set(field.widget.format_value(bf.value()))
            options = [
                {
                    "id": f"{bf.auto_id}_{index}",
                    "value": value,
                    "label": label,
                    "checked": value in selected,
                    "hint": labels.get(value, ""),
                    "special": not value.isdigit(),
                }
                # The stub types the getter like the setter; Django stores the normalized (value, label) list.
                for index, (value, label) in enumerate(field.choices)  # type: ignore[arg-type]
            ]
            scales.append(
                {
                    "name": bf.html_name,
                    "auto_id": bf.auto_id,
                    "aspect_label": field.aspect_label,
                    "errors": bf.errors,
                    # The first answer that needs attention takes the focus when the page opens.
                    "autofocus": isinstance(form, PageForm) and name == form.first_error_name(),
                    "required": attrs.get("required", False),
                    "invalid": "aria-invalid" in attrs,
                    "options": options,
                }
            )
        levels = [
            {"number": n, "label": labels.get(str(n), ""), "text": text} for n, text in enumerate(self.levels, start=1)
        ]
        return render_to_string(
            self.template,
            {"item": self.item, "statement": self.statement, "scales": scales, "scale": self.scale, "levels": levels},
        )


def _error_messages(item: Item, aspect_label: str | Promise) -> dict[str, str]:
    """The messages beside one scale. An item rated twice (today and desired) says which of the
    two is missing: both scales sit under the same statement."""
    scale = {"min": item.scale_min, "max": item.scale_max, "aspect": aspect_label}
    if not aspect_label:
        if item.allow_dont_know:
            return {
                "required": gettext("Please choose an answer (or “Don't know”)."),
                "invalid_choice": gettext("Choose a value from %(min)s to %(max)s or “Don't know”.") % scale,
            }
        return {
            "required": gettext("Please choose an answer."),
            "invalid_choice": gettext("Choose a value from %(min)s to %(max)s.") % scale,
        }
    if item.allow_dont_know:
        return {
            "required": gettext("Please choose an answer for “%(aspect)s” (or “Don't know”).") % scale,
            "invalid_choice": gettext("For “%(aspect)s”, choose a value from %(min)s to %(max)s or “Don't know”.")
            % scale,
        }
    return {
        "required": gettext("Please choose an answer for “%(aspect)s”.") % scale,
        "invalid_choice": gettext("For “%(aspect)s”, choose a value from %(min)s to %(max)s.") % scale,
    }


class PageForm(forms.Form):
    """Answers of one questionnaire page.

    Every field is a choice among the scale's numbers plus the allowed special codes, so an
    out-of-range or forged value is a validation error next to its field, never a 500.
    """

    def __init__(
        self, *args: Any, page: Page, side: str, scale_labels: dict[str, dict], language: str = "en", **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.page = page
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        blocks = []
        for item in page.items:
            statement = item.text_for(side, language)
            labels = scale_labels.get(item.kind, {})
            levels = (
                [_text(item.data.get("levels", {}).get(str(n)), language) for n in range(1, 6)]
                if item.data.get("levels")
                else []
            )
            choices: list[tuple[str, str | Promise]] = [
                (str(n), str(n)) for n in range(item.scale_min, item.scale_max + 1)
            ]
            if item.allow_not_applicable:
                choices.append((Special.NOT_APPLICABLE.value, SPECIAL_LABELS[Special.NOT_APPLICABLE]))
            if item.allow_dont_know:
                choices.append((Special.DONT_KNOW.value, SPECIAL_LABELS[Special.DONT_KNOW]))
            names = []
            for aspect in item.aspects:
                name = field_name(item.code, aspect)
                names.append(name)
                aspect_label = ASPECT_LABELS.get(aspect, aspect.title())
                self.fields[name] = AspectChoiceField(
                    label=f"{statement} — {aspect_label}" if aspect_label else statement,
                    choices=choices,
                    required=item.required,
                    widget=forms.RadioSelect(attrs={"class": "btn-check"}),
                    error_messages=_error_messages(item, aspect_label),
                    aspect_label=aspect_label,
                )
            scale = {
                "min": item.scale_min,
                "max": item.scale_max,
                "low": _text(labels.get(str(item.scale_min)), language),
                "high": _text(labels.get(str(item.scale_max)), language),
                "labels": {
                    str(n): _text(labels.get(str(n)), language) for n in range(item.scale_min, item.scale_max + 1)
                },
            }
            blocks.append(ItemBlock(item, statement, names, scale, levels))
        self.helper.layout = Layout(*blocks)

    def _error_names(self) -> list[str]:
        """Names of the fields with an error, in the order the page shows them."""
        names = [field_name(code, aspect) for code, aspect in self.page.fields]
        return [name for name in names if name in self.errors]

    def first_error_name(self) -> str | None:
        if not self.is_bound:
            return None
        names = self._error_names()
        return names[0] if names else None

    def error_summary(self) -> dict[str, Any] | None:
        """What the box at the top of a page with errors says: how many answers need attention
        (`missing`: all of them are simply unanswered) and a link to the first one."""
        if not self.is_bound:
            return None
        names = self._error_names()
        if not names:
            return None
        errors = self.errors.as_data()
        first = self[names[0]]
        return {
            "count": len(names),
            "missing": all(error.code == "required" for name in names for error in errors[name]),
            "first_id": f"{first.auto_id}_0",  # its first radio button (ItemBlock's ids)
            "first_label": first.label,
        }

    def valid_answers(self) -> dict[tuple[str, str], str]:
        """The answers that passed validation (all of them when the form is valid).

        Used to keep what a respondent did answer on a page that still has errors.
        """
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        result = {}
        for code, aspect in self.page.fields:
            name = field_name(code, aspect)
            if name in self.cleaned_data and name not in self.errors:
                result[(code, aspect)] = self.cleaned_data[name]
        return result


def open_field_name(code: str) -> str:
    return f"open__{code}"


class OpenQuestionsForm(forms.Form):
    """The optional last page, "In your own words": one text area per open question of the side.

    Nothing is required. A text over the question's limit is an error that names the limit and
    the length typed; the text stays in the field, so nothing typed is lost.
    """

    def __init__(self, *args: Any, questions: list, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[open_field_name(question.code)] = forms.CharField(
                label=_text(question.text, language),
                required=False,
                strip=False,
                # maxlength stops typing at the limit; a paste from elsewhere or an old browser is
                # caught by clean_*, with the text kept.
                widget=forms.Textarea(attrs={"rows": 4, "maxlength": question.max_length, "class": "form-control"}),
                help_text=gettext("Optional, at most %(max)s characters.") % {"max": question.max_length},
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            name = open_field_name(question.code)
            text = (cleaned.get(name) or "").replace("\r\n", "\n").strip()
            if len(text) > question.max_length:
                self.add_error(
                    name,
                    gettext(
                        "This answer has %(length)s characters; at most %(max)s fit. Shorten it, then continue: "
                        "your text is kept below."
                    )
                    % {"length": len(text), "max": question.max_length},
                )
        return cleaned

    def texts(self) -> dict[str, str]:
        """{question code: text} of the answers that passed (empty ones included: they clear)."""
        data = getattr(self, "cleaned_data", {})
        return {q.code: data[open_field_name(q.code)] for q in self.questions if open_field_name(q.code) in data}


class UnitIdsField(forms.Field):
    """The business unit ids posted by the welcome page's radio buttons or checkboxes, as numbers.

    Which units may be chosen, and how many, is the service's rule (partners_validate): this
    only parses, so a forged value is a message on the page, never a 500.
    """

    def to_python(self, value: Any) -> list[int]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple) else [value]
        try:
            return [int(v) for v in values]
        except (TypeError, ValueError) as exc:
            raise forms.ValidationError(gettext("Choose from the list."), code="invalid") from exc


class UnitChoiceForm(forms.Form):
    """The welcome page's choice of business units: one (a business respondent's own unit, radio
    buttons) or several (the units an IT respondent serves, checkboxes)."""

    def __init__(self, *args: Any, multiple: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partners"] = UnitIdsField(
            required=True,
            # Read as a list whichever the page shows: two units forged into a business
            # respondent's POST reach the service's rule instead of one of them being kept.
            widget=forms.CheckboxSelectMultiple,
            error_messages={
                "required": gettext("Choose at least one business unit you serve.")
                if multiple
                else gettext("Choose the business unit you belong to.")
            },
        )

    def selected(self) -> list[int]:
        """The ids as posted (those that parse), to show the choice again with its message."""
        field = self.fields["partners"]
        raw = field.widget.value_from_datadict(self.data, self.files, self.add_prefix("partners"))
        values = raw if isinstance(raw, list | tuple) else [raw]
        return [int(v) for v in values if isinstance(v, str) and v.isdigit()]

"""Uploads: answers collected offline, and instrument versions of an organisation's own."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from assessments.content import YAML_MAX_DEPTH, ContentLimitError, content_prepare, yaml_load_limited
from brmportal.lib.exceptions import ApplicationError
from brmportal.lib.tabular import size_message

MAX_INSTRUMENT_BYTES = 2 * 1024 * 1024
MAX_SHOWN_ERRORS = 50


class ResponsesUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Answers file (CSV or XLSX)"),
        help_text=_(
            "One row per respondent: side, optional department, then the answer columns (the template above has them)."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in (".csv", ".xlsx"):
            raise ValidationError(gettext("Upload a .csv or .xlsx file."))
        # Before anything reads it; the worker's reader has its own cap (brmportal.lib.tabular).
        if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
            raise ValidationError(size_message(settings.MAX_UPLOAD_BYTES))
        return upload


def _limited(errors: list[str]) -> list[str]:
    if len(errors) > MAX_SHOWN_ERRORS:
        hidden = len(errors) - MAX_SHOWN_ERRORS
        return [*errors[:MAX_SHOWN_ERRORS], gettext("... and %(count)s more") % {"count": hidden}]
    return errors


MAX_INSTRUMENT_DEPTH = YAML_MAX_DEPTH  # the content files nest about 10 levels deep


def _too_deep_message() -> str:
    return gettext("The file nests lists or mappings more than %(max)s levels deep: it is not a content file.") % {
        "max": MAX_INSTRUMENT_DEPTH
    }


def _nesting_depth(data: Any, limit: int) -> int:
    """How deep lists and mappings nest in `data`, counted without recursion and up to limit + 1."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, dict | list):
            continue
        deepest = max(deepest, depth)
        if depth > limit:
            return depth
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children)
    return deepest


class InstrumentUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Instrument file (YAML or JSON)"),
        help_text=_(
            'One mapping {"overview": ..., "instruments": {"relationship": ..., "behaviour": ..., '
            '"practice": ..., "trust": ...}} in the shape of the content files, with a new overview.version.'
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json"}),
    )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        if suffix not in (".yaml", ".yml", ".json"):
            raise ValidationError(gettext("Upload a .yaml, .yml or .json file."))
        if upload.size > MAX_INSTRUMENT_BYTES:
            raise ValidationError(
                gettext("The file is larger than %(size)s MB.") % {"size": MAX_INSTRUMENT_BYTES // (1024 * 1024)}
            )
        try:
            text = upload.read().decode("utf-8-sig")
            # YAML: no aliases, nesting and size capped while parsing (assessments.content).
            data = json.loads(text) if suffix == ".json" else yaml_load_limited(text)
        except UnicodeDecodeError as exc:
            raise ValidationError(gettext("The file is not UTF-8 encoded.")) from exc
        except ContentLimitError as exc:
            raise ValidationError(str(exc)) from exc
        except RecursionError as exc:
            # The JSON parser recurses once per level: "[[[[..." runs out of stack long before 2 MB.
            raise ValidationError(_too_deep_message()) from exc
        except (ValueError, yaml.YAMLError) as exc:
            raise ValidationError(gettext("The file cannot be parsed: %(error)s") % {"error": exc}) from exc
        if _nesting_depth(data, MAX_INSTRUMENT_DEPTH) > MAX_INSTRUMENT_DEPTH:
            # What parsed can still be too deep for the recursive checks and the JSON round trip.
            raise ValidationError(_too_deep_message())
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("overview"), dict)
            or not isinstance(data.get("instruments"), dict)
        ):
            raise ValidationError(
                gettext('The file must hold a mapping with "overview" and "instruments" (one per kind).')
            )
        try:
            # Open questions (issue #17) are optional: a list beside "overview" and "instruments".
            self.content = content_prepare(
                instruments=data["instruments"], overview=data["overview"], open_questions=data.get("open_questions")
            )
        except ApplicationError as exc:
            raise ValidationError(_limited(exc.extra.get("errors") or [exc.message])) from exc
        except (AttributeError, TypeError, ValueError, KeyError) as exc:
            # validate_content expects the documented shape; a list where a mapping belongs lands here.
            raise ValidationError(
                gettext("The content does not have the shape of a content file (near %(near)s).") % {"near": exc}
            ) from exc
        return upload

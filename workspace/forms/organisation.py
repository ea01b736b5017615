"""The organisation's settings: how its reports are signed (consultancy name and logo, issue #18)."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from accounts.logos import LOGO_MAX_BYTES, LOGO_MAX_SIDE, PreparedLogo, logo_prepare
from accounts.models import CONSULTANCY_NAME_MAX_LENGTH


class BrandingForm(forms.Form):
    consultancy_name = forms.CharField(
        max_length=CONSULTANCY_NAME_MAX_LENGTH,
        required=False,
        label=_("Consultancy name"),
        help_text=_("Printed on the report's cover (“Prepared by …”) and above your foreword. Empty: left out."),
    )
    logo = forms.FileField(
        required=False,
        label=_("Logo"),
        help_text=_("PNG or JPEG, at most %(size)s KB and %(side)s × %(side)s pixels; shown on the report's cover.")
        % {"size": LOGO_MAX_BYTES // 1024, "side": LOGO_MAX_SIDE},
        # SVG is not offered: it can hold scripts and links that the PDF renderer would follow.
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(required=False, label=_("Remove the current logo"))

    def clean_logo(self) -> PreparedLogo | None:
        """The upload checked and re-encoded (accounts.logos), before anything else reads it."""
        upload: UploadedFile | None = self.cleaned_data.get("logo")
        if not upload:
            return None
        return logo_prepare(upload, declared_size=upload.size)


class BenchmarkForm(forms.Form):
    """Take part in the benchmark across organisations (issue #20): a checkbox, unticked = no."""

    benchmark_opt_in = forms.BooleanField(required=False, label=_("Take part in the benchmark"))

"""The report import form, shared by the desk's import page and the admin."""

from django import forms
from django.conf import settings

from claims.uploads import read_report_upload
from config.lazy_text import gettext_lazy as _


def _read_upload(data: dict, upload) -> None:
    """The uploaded file's bytes and name, into the form's cleaned ``data``."""
    if upload.size > settings.IMPORT_MAX_BYTES:
        raise forms.ValidationError(
            _("The file is larger than %(size)d bytes.")
            % {"size": settings.IMPORT_MAX_BYTES}
        )
    data["content"] = read_report_upload(upload)
    data["filename"] = upload.name


class ReportImportForm(forms.Form):
    file = forms.FileField(
        required=False,
        label=_("Report file"),
        help_text=_(
            "Markdown or text in UTF-8, a PDF with text (not a scan), a saved web "
            "page (.html) or a Word file (.docx); the format is read from the "
            "content, not the name."
        ),
    )
    text = forms.CharField(
        required=False,
        strip=False,  # the text is hashed to recognise a report imported before
        widget=forms.Textarea(attrs={"rows": 8}),
        label=_("Or paste the Markdown"),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=500,
        help_text=_("Leave empty to take the first heading."),
    )
    publisher = forms.CharField(label=_("Publisher"), required=False, max_length=300)
    url = forms.URLField(
        required=False,
        assume_scheme="https",
        max_length=2000,
        label=_("Original URL"),
    )
    published_on = forms.DateField(
        required=False,
        label=_("Published on"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload and data.get("text"):
            raise forms.ValidationError(_("Upload a file or paste the text, not both."))
        if upload:
            _read_upload(data, upload)
        elif (data.get("text") or "").strip():
            data["content"] = data["text"].encode("utf-8")
            data["filename"] = ""
            if len(data["content"]) > settings.IMPORT_MAX_BYTES:
                raise forms.ValidationError(
                    _("The text is larger than %(size)d bytes.")
                    % {"size": settings.IMPORT_MAX_BYTES}
                )
        else:
            raise forms.ValidationError(
                _("Upload a report file or paste its Markdown text.")
            )
        return data

    def report_details(self) -> dict:
        """The cleaned report's details, as the import services take them."""
        names = ("title", "publisher", "url", "published_on", "filename")
        return {name: self.cleaned_data[name] for name in names}


class ClaimReviewImportForm(forms.Form):
    """Another fact-checker's ClaimReviews (``claims.claimreviews``)."""

    file = forms.FileField(
        label=_("ClaimReview file"),
        help_text=_(
            "schema.org ClaimReview as JSON-LD (one object or an @graph), a JSON "
            "array of them, or a DataFeed such as Google Fact Check Tools' or "
            "ClaimTrail's own feed; UTF-8."
        ),
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            _read_upload(data, upload)
        return data

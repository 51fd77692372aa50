"""Forms to add and edit a source; the services do the writing."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy

from claims.uploads import read_source_upload
from config.lazy_text import gettext_lazy as _
from sources.models import Source, SourceKind
from sources.services import EDITABLE_FIELDS
from sources.urlnorm import normalise_url


def _web_address(value: str, *, required: bool) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise ValidationError(_("Enter the address of the source."))
        return ""
    try:
        return normalise_url(value)
    except ValidationError as exc:
        # The normaliser's message names the rule (only http and https, no
        # credentials); a bare "invalid" would leave the user guessing.
        raise ValidationError(
            _("%(error)s (you entered “%(value)s”)")
            % {"error": exc.messages[0], "value": value[:80]},
            code="invalid_url",
        ) from None


class SourceForm(forms.Form):
    label_suffix = ""

    url = forms.CharField(
        label=_("Address (URL)"),
        max_length=2000,
        help_text=_("An http:// or https:// address. Tracking parameters are removed."),
        widget=forms.URLInput(attrs={"autocomplete": "url", "inputmode": "url"}),
    )
    title = forms.CharField(label=_("Title"), max_length=500)
    publisher = forms.CharField(label=_("Publisher"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=SourceKind.choices, initial=SourceKind.OTHER
    )
    published_on = forms.DateField(
        label=_("Published on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    accessed_on = forms.DateField(
        label=_("Accessed on"),
        required=False,
        help_text=_("Left empty, today's date is used for a new source."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    archive_url = forms.CharField(
        label=_("Archived copy (URL)"),
        max_length=2000,
        required=False,
        help_text=_("For example a Wayback Machine or archive.today address."),
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    def clean_url(self) -> str:
        return _web_address(
            self.cleaned_data.get("url", ""), required=self.fields["url"].required
        )

    def clean_archive_url(self) -> str:
        return _web_address(self.cleaned_data.get("archive_url", ""), required=False)

    def clean_title(self) -> str:
        title = self.cleaned_data.get("title", "").strip()
        if not title:
            raise ValidationError(_("Enter the title of the source."))
        return title

    def service_fields(self) -> dict[str, Any]:
        return {field: self.cleaned_data[field] for field in EDITABLE_FIELDS}


class SourceEditForm(SourceForm):
    """Remembers the version and the values the user saw, to detect and merge stale edits."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, source: Source, **kwargs):
        kwargs.setdefault("initial", source_initial(source))
        super().__init__(*args, **kwargs)
        if source.url is None:
            # An uploaded document may be given its address later, or never.
            self.fields["url"].required = False
        for name in EDITABLE_FIELDS:
            # The hidden copy of each value as the user first saw it lets changed_data
            # mean "what this user changed", not "what differs from the database now".
            self.fields[name].show_hidden_initial = True

    def changes(self) -> dict[str, Any]:
        return {
            field: self.cleaned_data[field]
            for field in EDITABLE_FIELDS
            if field in self.changed_data
            and (field != "url" or self.cleaned_data[field])
        }


def source_initial(source: Source) -> dict[str, Any]:
    initial = {field: getattr(source, field) for field in EDITABLE_FIELDS}
    initial["version"] = source.version
    return initial


def _as_data(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def rebase_on_current(form: SourceEditForm, current: Source) -> SourceEditForm:
    """A copy of a stale form on top of the current record, keeping the user's changes.

    Fields the user changed keep what they typed; the others take the current
    (other person's) values; the version moves to the current one, so saving again
    applies the user's changes on top of the other person's.
    """
    changed = set(form.changed_data)
    data = form.data.copy()
    for field in EDITABLE_FIELDS:
        now = _as_data(getattr(current, field))
        data[f"initial-{field}"] = now
        if field not in changed:
            data[field] = now
    data["version"] = str(current.version)
    rebased = SourceEditForm(data, source=current)
    rebased.is_valid()
    return rebased


class SourceUploadForm(forms.Form):
    """A document (PDF, HTML, plain text, CSV) to keep as a source."""

    label_suffix = ""

    file = forms.FileField(
        label=_("Document"),
        help_text=format_lazy(
            _(
                "PDF, HTML, plain text or CSV, at most {size} MB. The same file "
                "uploaded again is the same source."
            ),
            size=settings.SOURCE_UPLOAD_MAX_BYTES // (1024 * 1024),
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.html,.htm,.txt,.csv,.md"}
        ),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        required=False,
        help_text=_("Left empty, the file's name is used."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=SourceKind.choices, initial=SourceKind.OTHER
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > settings.SOURCE_UPLOAD_MAX_BYTES:
                raise ValidationError(
                    _("The file is larger than %(size)d MB.")
                    % {"size": settings.SOURCE_UPLOAD_MAX_BYTES // (1024 * 1024)}
                )
            data["content"] = read_source_upload(upload)
        return data

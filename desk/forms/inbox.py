"""Forms of the inbox: marking notifications read, and notification settings."""

from django import forms

from collab.models import Channel, NotificationKind
from config.lazy_text import gettext_lazy as _


class MarkReadForm(forms.Form):
    """Mark one notification read (``notification``), or all of them (none given)."""

    notification = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


class PreferencesForm(forms.Form):
    """One choice per kind of notification, and the daily digest."""

    label_suffix = ""

    digest = forms.BooleanField(
        label=_("Send my e-mails once a day, together (a daily digest)"),
        required=False,
    )

    def __init__(self, *args, channels: dict[str, str], digest: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["digest"].initial = digest
        for kind, label in NotificationKind.choices:
            self.fields[f"kind_{kind}"] = forms.ChoiceField(
                label=label,
                choices=Channel.choices,
                initial=channels.get(kind),
                widget=forms.RadioSelect,
            )

    def kind_fields(self):
        return [self[f"kind_{kind}"] for kind in NotificationKind.values]

    def channels(self) -> dict[str, str]:
        return {
            kind: self.cleaned_data[f"kind_{kind}"] for kind in NotificationKind.values
        }

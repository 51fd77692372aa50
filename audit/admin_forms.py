"""Admin plumbing the apps share: stale edits refused, refusals kept in the trail,
read-only admins."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from audit.recorder import record


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the editor saw, so that a stale save is refused in the form."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["seen_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        seen = cleaned.get("seen_version")
        if self.instance.pk and seen is None:
            raise ValidationError(
                _("The form lost track of the version; reload the page.")
            )
        if self.instance.pk:
            current = (
                type(self.instance)
                .objects.filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if current != seen:
                raise ValidationError(
                    _(
                        "Someone else changed this record since you opened it "
                        "(version %(seen)s → %(current)s). Copy your changes, "
                        "reload and apply them again."
                    )
                    % {"seen": seen, "current": current}
                )
        return cleaned


class RefusedSave(Exception):
    """Raised by save_model when a service refuses; the admin shows the reason."""


class ServiceAdminMixin:
    """Saves go through services; a refusal becomes a message, not a half-saved record."""

    def changeform_view(self, request, *args, **kwargs):
        try:
            return super().changeform_view(request, *args, **kwargs)
        except RefusedSave as exc:
            # The admin's own transaction rolled back the refusal the service
            # recorded; record it again now that we are outside it.
            if isinstance(exc.__cause__, PermissionDenied):
                record(
                    action="access.refused",
                    actor=request.user,
                    data={"attempted": "admin change", "reason": str(exc.__cause__)},
                    comment=request.path,
                )
            messages.error(request, _("Not saved: %(reason)s") % {"reason": exc})
            return redirect(request.get_full_path())


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written elsewhere (a service, a worker, the trail itself): only read
    in the admin, which adds, changes and deletes none of them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
